"""Check 4: secrets in ENV/ARG/LABEL, the history, and files of any layer.

Values are never printed: ``mask`` keeps the first 4 characters and the length. Files a
later layer deleted are still inside the image (dockle misses them; Trivy does not).
"""

from __future__ import annotations

import posixpath
import re
import shlex
from typing import TYPE_CHECKING

from workbench.core.dockerfile.parser import Stage
from workbench.core.errors import WorkbenchError
from workbench.core.harden.fixes import Fix, LineEdit
from workbench.core.harden.model import Evidence, Finding, mask
from workbench.core.harden.subject import Subject

if TYPE_CHECKING:  # the image reader brings the docker SDK, which these never call
    from workbench.core.harden.imagefs import FileEntry

SCAN_LIMIT = 64 * 1024  # files scanned for value patterns; bigger ones are skipped and said
_KEY = re.compile(r"(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|"
                  r"CREDENTIAL|AUTH)", re.IGNORECASE)
ALLOWED_KEYS = frozenset({"GPG_KEY", "GPG_KEYS", "PYTHON_GPG_KEY", "NODE_GPG_KEYS",
                          "PASSWORD_FILE", "SECRET_FILE", "TOKEN_FILE", "AUTH_URL"})
VALUE_PATTERNS = {
    "an AWS access key id": re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    "a PEM private key": re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----"),
    "a GitHub token": re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})"),
    "a GitLab token": re.compile(r"\bglpat-[A-Za-z0-9_-]{20,}"),
    "a JWT": re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),
    "a Slack token": re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
}
_SENSITIVE_NAMES = {".env", "id_rsa", "id_ed25519", "id_ecdsa", "id_dsa", ".git-credentials",
                    ".npmrc", ".pypirc"}
_CREDENTIAL_HINTS = {".npmrc": re.compile(r"_auth|_authToken|:_password", re.IGNORECASE),
                     ".pypirc": re.compile(r"^\s*password\s*[=:]", re.IGNORECASE | re.M)}


def is_secret_key(key: str) -> bool:
    return bool(_KEY.search(key)) and key.upper() not in ALLOWED_KEYS


def find_values(text: str) -> list[tuple[str, str]]:
    """(what, matched value) for every value pattern in ``text``."""
    return [(what, m.group(0)) for what, pattern in VALUE_PATTERNS.items()
            for m in pattern.finditer(text)]


def _pairs(value: str, keyword: str) -> list[tuple[str, str]]:
    try:
        words = shlex.split(value, posix=True)
    except ValueError:
        words = value.split()
    if keyword != "ARG" and words and "=" not in words[0]:
        return [(words[0], " ".join(words[1:]))]  # legacy ``ENV KEY value``
    return [(w.split("=", 1)[0], w.split("=", 1)[1] if "=" in w else "") for w in words]


def sensitive_name(path: str) -> bool:
    base = posixpath.basename(path)
    return (base in _SENSITIVE_NAMES or base.endswith((".pem", ".key"))
            or path.endswith(("/.aws/credentials", "/.docker/config.json"))
            or "/.ssh/" in path + "/" or "/.git/" in path + "/")


def _file_reason(entry: FileEntry) -> str | None:
    """Why this file is a secret, or None."""
    base = posixpath.basename(entry.path)
    text = (entry.content or b"").decode("utf-8", "replace")
    if base in ("id_rsa", "id_ed25519", "id_ecdsa", "id_dsa", ".git-credentials", ".env") \
            or entry.path.endswith("/.aws/credentials"):
        return f"{base} holds credentials by its very name"
    if base.endswith((".pem", ".key")) and VALUE_PATTERNS["a PEM private key"].search(text):
        return "it holds a PEM private key"
    if base in _CREDENTIAL_HINTS and _CREDENTIAL_HINTS[base].search(text):
        return f"{base} holds registry credentials"
    if entry.path.endswith("/.docker/config.json") and '"auths"' in text and '"auth"' in text:
        return "it holds registry auths"
    if "/.ssh/" in entry.path and base not in ("known_hosts", "config"):
        return "it is inside an .ssh directory"
    return None


def _instruction_findings(subject: Subject) -> list[Finding]:
    findings = []
    in_image = _config_chain(subject)
    for instruction in subject.dockerfile.meta_args + subject.dockerfile.instructions:
        if instruction.keyword not in ("ENV", "ARG", "LABEL"):
            continue
        for key, value in _pairs(instruction.value, instruction.keyword):
            hits = find_values(value)
            if not (is_secret_key(key) and value) and not hits:
                continue
            shown = mask(value)
            subject.secrets.add(value)
            subject.secrets.update(v for _what, v in hits)
            fix = None
            if instruction.keyword in ("ENV", "ARG") and len(_pairs(instruction.value,
                                                                    instruction.keyword)) == 1:
                fix = Fix(f"Take {key} out of the image: pass it at run time "
                          f"(docker run -e {key}) or to one RUN with "
                          f"--mount=type=secret,id={key.lower()}.",
                          [LineEdit(instruction.line_start, instruction.line_end,
                                    (f"# {key} is given at run time or as "
                                     f"RUN --mount=type=secret,id={key.lower()}",))],
                          safe=False)
            what = hits[0][0] if hits else "a secret by its name"
            if instruction.stage >= 0 and instruction.stage not in in_image:
                # A build stage the final image is not made FROM: its config and
                # history stay on the build machine (the multi-stage split).
                findings.append(Finding(
                    "IW-SECRET-ENV", "info", f"{instruction.keyword} {key} holds {what}, "
                    "in a build stage only",
                    f"{instruction.keyword} {key}={shown} is in a stage the final image "
                    "does not start from, so the image does not carry it; the builder's "
                    "cache on this machine still does.", Evidence(line=instruction.line_start),
                    ["DL3064"], None))
                continue
            if fix is not None:
                fix.summary += (" If only a build step needs it, move that step to a build "
                                "stage and COPY --from its result.")
            findings.append(Finding(
                "IW-SECRET-ENV", "error", f"{instruction.keyword} {key} holds {what}",
                f"{instruction.keyword} {key}={shown} is stored in the image config and "
                "history, where anyone who can pull the image reads it.",
                Evidence(line=instruction.line_start),
                ["DL3064", "CIS-DI-0010", "AVD-DS-0031"], fix))
    return findings


def _history_findings(subject: Subject) -> list[Finding]:
    facts = subject.image
    if facts is None:
        return []
    findings = []
    steps = facts.layer_steps()
    for index, step in enumerate(facts.history):
        created = str(step.get("created_by", ""))
        pairs = re.findall(r"\b([A-Za-z_][A-Za-z0-9_]*)=(\S+)", created)
        named = [(k, v) for k, v in pairs if is_secret_key(k)]
        hits = find_values(created)
        if not named and not hits:
            continue
        layer = steps.index(index) if index in steps else None
        key, value = named[0] if named else (hits[0][0], hits[0][1])
        subject.secrets.update([value, *(v for _what, v in hits)])
        findings.append(Finding(
            "IW-SECRET-HISTORY", "error", f"History step {index} shows {key}",
            f"The history of step {index} carries {key}={mask(value)} (build args leak into "
            "the history of every RUN that uses them), and docker history shows it to "
            "anyone.", Evidence(layer=layer), ["CIS-DI-0010"], None))
    return findings


def _config_chain(subject: Subject) -> set[int]:
    """The final stage and the stages it is built FROM: whose config and history the
    final image carries (COPY --from brings files only)."""
    chain: set[int] = set()
    stage: Stage | None = subject.final
    while stage is not None and stage.index not in chain:
        chain.add(stage.index)
        stage = subject.dockerfile.stage_named(stage.base)
    return chain


def _dockerignore_fix(subject: Subject, path: str) -> tuple[Fix | None, str]:
    """A .dockerignore entry for the file, and what the context report says with it."""
    if subject.context_dir is None:
        return None, ""
    pattern = "**/" + posixpath.basename(path)
    ignore = subject.context_dir / ".dockerignore"
    existing = ignore.read_text(errors="replace") if ignore.is_file() else ""
    count = len(existing.splitlines())
    fix = Fix(f"Add {pattern} to .dockerignore so the file never leaves the build context.",
              [LineEdit(count + 1, count, (pattern,))], safe=False, file=".dockerignore")
    # Imported here: the context scan brings the docker SDK (its .dockerignore matcher),
    # which a review or comparison of archives never needs otherwise (~65 ms to import).
    from workbench.core.engine.context import scan_context

    try:
        before = scan_context(subject.context_dir)
        after = scan_context(subject.context_dir, extra_patterns=[pattern])
    except WorkbenchError:
        return fix, ""
    name = posixpath.basename(path)
    sent = [p for p in before.included if posixpath.basename(p) == name]
    still = [p for p in after.included if posixpath.basename(p) == name]
    if sent and not still:
        return fix, f"; with that entry the context report no longer sends {sent[0]}"
    return fix, ""


def _file_findings(subject: Subject) -> list[Finding]:
    facts = subject.image
    if facts is None:
        return []
    findings = []
    own = subject.base_layer_count()
    for layer in facts.layers:
        for entry in layer:
            if entry.kind != "file":
                continue
            reason = _file_reason(entry) if sensitive_name(entry.path) else None
            if reason is None and entry.layer >= own and entry.content is not None:
                hits = find_values(entry.content.decode("utf-8", "replace"))
                if hits:
                    reason = f"it contains {hits[0][0]} ({mask(hits[0][1])})"
            if reason is None:
                continue
            gone = (f"; layer {entry.deleted_in} deleted it, but it is still inside layer "
                    f"{entry.layer} of the image" if entry.deleted_in is not None else "")
            fix, context_note = _dockerignore_fix(subject, entry.path)
            findings.append(Finding(
                "IW-SECRET-FILE", "error", f"{entry.path} is a secret",
                f"{entry.path} was added by layer {entry.layer} and {reason}{gone}"
                f"{context_note}.",
                Evidence(line=subject.line_of_layer(entry.layer), layer=entry.layer,
                         path=entry.path), ["CIS-DI-0010"], fix))
    return findings


def wants_content(path: str, size: int, own_layer: bool) -> bool:
    """Which files the image reader loads for this check."""
    return sensitive_name(path) or (own_layer and size <= SCAN_LIMIT)


def check_secrets(subject: Subject) -> list[Finding]:
    return _instruction_findings(subject) + _history_findings(subject) + \
        _file_findings(subject)
