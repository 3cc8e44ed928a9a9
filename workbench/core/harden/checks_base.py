"""Check 1 (base not pinned by digest) and the ``:latest``/no-tag check."""

from __future__ import annotations

import docker

from workbench.core.engine.registry import pinned_reference, remote_digest, split_reference
from workbench.core.errors import WorkbenchError
from workbench.core.harden.fixes import Fix, LineEdit
from workbench.core.harden.model import Evidence, Finding
from workbench.core.harden.subject import Subject


def _local_digest(client: docker.DockerClient, reference: str) -> str | None:
    """The manifest digest from RepoDigests; None when the engine has no such image."""
    try:
        attrs = client.api.inspect_image(reference)
    except docker.errors.ImageNotFound:
        return None
    repo, _tag = split_reference(reference)
    for item in attrs.get("RepoDigests") or []:
        name, _, digest = str(item).partition("@")
        if name == repo or name.endswith("/" + repo):
            return digest
    return ""


def resolve_digest(client: docker.DockerClient | None, reference: str) -> tuple[str, str]:
    """(digest, "") or ("", the sentence why there is none)."""
    if client is None:
        return "", "No engine answers, so the digest could not be looked up."
    local = _local_digest(client, reference)
    if local:
        return local, ""
    try:
        return remote_digest(client, reference), ""
    except WorkbenchError as exc:
        if local == "":
            return "", (f"{reference} exists only in this engine, and a digest exists only "
                        "after a push or pull through a registry (article §4.1): push it to a "
                        f"registry you name, then pin it. The registry said: {exc}")
        return "", str(exc)


def _references(subject: Subject) -> list[tuple[str, int, str]]:
    """(image reference, line, "from"|"copy") for every image reaching the final stage."""
    names = subject.stage_names()
    found = []
    for stage in subject.reaching_stages():
        base = stage.base
        if base.lower() != "scratch" and base.lower() not in names:
            found.append((base, stage.line, "from"))
        for instruction in stage.instructions:
            source = instruction.flags.get("from", "")
            if instruction.keyword == "COPY" and source and source.lower() not in names:
                found.append((source, instruction.line_start, "copy"))
    return found


def _pin_edit(subject: Subject, line: int, reference: str, pinned: str) -> LineEdit | None:
    instruction = subject.dockerfile.instruction_at(line)
    if instruction is None or instruction.line_start != instruction.line_end:
        return None
    raw = instruction.raw
    if reference not in raw:
        return None
    return LineEdit(line, line, (raw.replace(reference, pinned, 1),))


def check_digests(subject: Subject, client: docker.DockerClient | None) -> list[Finding]:
    findings = []
    for reference, line, how in _references(subject):
        if "@sha256:" in reference or "$" in reference:
            continue
        digest, problem = resolve_digest(client, reference)
        fix = None
        if digest:
            pinned = pinned_reference(reference, digest)
            edit = _pin_edit(subject, line, reference, pinned)
            if edit is not None:
                fix = Fix(f"Pin {reference} to {pinned}.", [edit], safe=True)
        what = "COPY --from image" if how == "copy" else "base image"
        why = (f"The {what} {reference} is named by tag, so a rebuild may silently get other "
               "content than was reviewed; pinning by digest makes it content-addressed.")
        if problem:
            why = f"{why[:-1]}; {problem[0].lower()}{problem[1:]}"
            subject.notes.append(problem)
        findings.append(Finding("IW-BASE-DIGEST", "warning",
                                f"{reference} is not pinned by digest", why,
                                Evidence(line=line, image=reference), [], fix))
    return findings


def check_tags(subject: Subject) -> list[Finding]:
    findings = []
    names = subject.stage_names()
    for stage in subject.dockerfile.stages:
        base = stage.base
        if base.lower() == "scratch" or base.lower() in names or "@" in base or "$" in base:
            continue
        last = base.rsplit("/", 1)[-1]
        if ":" not in last:
            findings.append(Finding(
                "IW-TAG-LATEST", "warning", f"{base} has no tag",
                f"{base} without a tag means {base}:latest, which moves whenever the "
                "publisher pushes.", Evidence(line=stage.line), ["DL3006", "AVD-DS-0001"]))
        elif last.endswith(":latest"):
            findings.append(Finding(
                "IW-TAG-LATEST", "warning", f"{base} uses the latest tag",
                f"{base} moves whenever the publisher pushes, so two builds of the same "
                "Dockerfile may differ.", Evidence(line=stage.line),
                ["DL3007", "DKL-DI-0006", "AVD-DS-0001"]))
    return findings
