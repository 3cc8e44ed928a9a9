"""``harden``: read the Dockerfile (and the images it makes), run every check, merge hadolint.

The one entry point the CLI and the window share. It never edits a file: fixes come back
as text edits (``Finding.fix``) that the caller applies.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import docker

from workbench.core.dockerfile.parser import Dockerfile, parse
from workbench.core.harden import hadolint
from workbench.core.harden.checks_base import check_digests, check_tags
from workbench.core.harden.checks_dockerfile import check_dockerfile
from workbench.core.harden.checks_filesystem import check_filesystem
from workbench.core.harden.checks_setid import check_setid
from workbench.core.harden.checks_user import check_root
from workbench.core.harden.imagefs import ImageFacts, image_exists, read_image
from workbench.core.harden.model import Finding, HardenError, severity_rank
from workbench.core.harden.secrets import check_secrets, wants_content
from workbench.core.harden.subject import Subject
from workbench.core.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress

_ALWAYS_READ = {"/etc/passwd", "/etc/group", "/etc/shadow", "/etc/alpine-release",
                "/etc/os-release", "/etc/debian_version"}


@dataclass(slots=True)
class HardenReport:
    dockerfile: str  # path as given, or "Dockerfile" for a text
    text: str  # the Dockerfile text the findings are about
    findings: list[Finding]
    image: str | None = None
    image_size: int | None = None
    notes: list[str] = field(default_factory=list)  # what could not be checked, and why
    skipped: list[str] = field(default_factory=list)  # files too big to read
    failure_threshold: str | None = None  # from .hadolint.yaml
    secrets: set[str] = field(default_factory=set, repr=False)  # masked in every output

    def worst(self) -> str | None:
        ranks = [severity_rank(f.severity) for f in self.findings]
        return ("error", "warning", "info")[min(ranks)] if ranks else None

    def fixable(self, ids: set[str] | None = None) -> list[Finding]:
        return [f for f in self.findings if f.fix is not None and f.fix.file == "Dockerfile"
                and (ids is None or f.id in ids)]


def read_dockerfile(path: str | os.PathLike[str]) -> str:
    target = Path(path)
    if target.is_dir():
        target = target / "Dockerfile"
    try:
        return target.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise HardenError(f"There is no Dockerfile at {target}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise HardenError(f"Cannot read the Dockerfile {target} ({exc}).") from None


def parse_checked(text: str) -> Dockerfile:
    """The parsed Dockerfile, or a HardenError naming the first line that does not parse."""
    try:
        dockerfile = parse(text)
    except Exception as exc:  # the parser's own error, whatever its type
        raise HardenError(f"The Dockerfile does not parse: {exc}.") from None
    errors = [e for e in dockerfile.errors if getattr(e, "severity", "error") == "error"]
    if errors:
        raise HardenError(f"The Dockerfile does not parse: line {errors[0].line}: "
                          f"{errors[0].message.rstrip('.')}.")
    if not dockerfile.stages:
        raise HardenError("The Dockerfile has no FROM instruction.")
    return dockerfile


def check_context_dir(context_dir: Path) -> None:
    if not context_dir.exists():
        raise HardenError(f"The context directory {context_dir} does not exist.")
    if not context_dir.is_dir():
        raise HardenError(f"The context {context_dir} is not a directory.")
    try:
        next(os.scandir(context_dir), None)
    except OSError as exc:
        raise HardenError(f"The context directory {context_dir} cannot be read "
                          f"({exc.strerror}).") from None


def _read(client: docker.DockerClient, reference: str, own_from: int,
          cancel: CancelToken) -> ImageFacts:
    def wants(path: str, layer: int, size: int) -> bool:
        return path in _ALWAYS_READ or wants_content(path, size, layer >= own_from)

    return read_image(client, reference, wants, cancel)


def _base_layers(client: docker.DockerClient, base: str) -> int:
    try:
        return len(client.api.inspect_image(base).get("RootFS", {}).get("Layers") or [])
    except docker.errors.DockerException:
        return 0


def harden(dockerfile: str | os.PathLike[str] | None = None, *, text: str | None = None,
           context_dir: str | os.PathLike[str] | None = None, image: str | None = None,
           client: docker.DockerClient | None = None, use_hadolint: bool = True,
           progress: ProgressCallback = no_progress, cancel: CancelToken | None = None
           ) -> HardenReport:
    """Every finding for a Dockerfile (a path, or ``text``), its context and built image.

    Without ``image`` the filesystem checks look at the final stage's base when the
    engine has it; ``notes`` says what could not be checked. Raises HardenError for
    input that cannot be used (a Dockerfile that does not parse, an unreadable context,
    an image the engine does not have).
    """
    cancel = cancel or CancelToken()
    name = str(dockerfile) if dockerfile is not None else "Dockerfile"
    if text is None:
        if dockerfile is None:
            raise HardenError("Give a Dockerfile path or its text.")
        text = read_dockerfile(dockerfile)
    parsed = parse_checked(text)
    context = Path(context_dir) if context_dir is not None else None
    if context is not None:
        check_context_dir(context)
    path = Path(dockerfile) if dockerfile is not None else None
    subject = Subject(text, parsed, path, context)
    progress(ProgressEvent("harden", 0, 3, "steps", "Reading the image"))
    if client is not None:
        base = subject.final.base
        if image is not None:
            own = _base_layers(client, base)
            subject.image = _read(client, image, own, cancel)
        elif base.lower() != "scratch" and subject.dockerfile.stage_named(base) is None \
                and image_exists(client, base):
            subject.base = _read(client, base, 10**6, cancel)
    elif image is not None:
        raise HardenError(f"No engine answers, so the image {image} cannot be read.")
    if subject.image is None:
        subject.notes.append("No image was given, so the set-id, secret-file and filesystem "
                             "checks did not run: pass --image or rebuild and verify.")
    cancel.check()
    progress(ProgressEvent("harden", 1, 3, "steps", "Running the checks"))
    findings = (check_digests(subject, client) + check_tags(subject) + check_root(subject)
                + check_setid(subject) + check_secrets(subject) + check_dockerfile(subject)
                + check_filesystem(subject))
    config = hadolint.read_config(context or (path.parent if path else None))
    progress(ProgressEvent("harden", 2, 3, "steps", "Running hadolint"))
    lines = [i.line_start for i in parsed.meta_args + parsed.instructions]
    findings = hadolint.merge(findings, text, config, lines, subject.notes, use_hadolint)
    findings.sort(key=lambda f: (severity_rank(f.severity), f.evidence.line or 0, f.id))
    progress(ProgressEvent("harden", 3, 3, "steps", "Done"))
    facts = subject.image
    return HardenReport(name, text, findings, image, facts.size if facts else None,
                        list(dict.fromkeys(subject.notes)), facts.skipped if facts else [],
                        config.failure_threshold, subject.secrets)
