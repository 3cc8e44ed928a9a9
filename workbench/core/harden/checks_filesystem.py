"""Check 5, the filesystem part: world-writable paths, shadow and passwd, leftovers."""

from __future__ import annotations

import posixpath
from collections import Counter

from workbench.core.harden.model import Evidence, Finding
from workbench.core.harden.subject import Subject

TMP_DIRS = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock", "/var/lock")
_LEFTOVER_DIRS = ("/.git/", "/.cache/", "/.svn/", "/.idea/", "/.vscode/", "/__MACOSX/")
_LEFTOVER_FILES = (".DS_Store", "Thumbs.db", ".bash_history", ".viminfo", ".python_history")


def _in_tmp(path: str) -> bool:
    return any(path == d or path.startswith(d + "/") for d in TMP_DIRS)


def _world_writable(subject: Subject) -> list[Finding]:
    facts = subject.image
    if facts is None:
        return []
    findings = []
    for entry in sorted(facts.final.values(), key=lambda e: e.path):
        if entry.kind not in ("file", "dir") or not entry.mode & 0o002 or _in_tmp(entry.path):
            continue
        if entry.kind == "dir" and entry.mode & 0o1000 and entry.path.startswith("/proc"):
            continue
        findings.append(Finding(
            "IW-WORLD-WRITABLE", "warning", f"{entry.path} is world-writable",
            f"Any user in the container may change {entry.path} (mode {entry.mode:04o}), "
            "outside the tmp dirs where that is expected.",
            Evidence(line=subject.line_of_layer(entry.layer), layer=entry.layer,
                     path=entry.path), []))
    return findings


def _accounts(subject: Subject) -> list[Finding]:
    facts = subject.image
    if facts is None:
        return []
    findings = []
    shadow = facts.final.get("/etc/shadow")
    for line in facts.text_of("/etc/shadow").splitlines():
        fields = line.split(":")
        if len(fields) > 1 and fields[1] == "":
            findings.append(Finding(
                "IW-SHADOW-EMPTY", "error", f"User {fields[0]} has an empty password",
                f"/etc/shadow gives {fields[0]} an empty password field, so anything that asks "
                "for it lets anyone in.",
                Evidence(layer=shadow.layer if shadow else None, path="/etc/shadow"),
                ["DKL-LI-0001"]))
    for path, kind in (("/etc/passwd", "UID"), ("/etc/group", "GID")):
        rows = [row.split(":") for row in facts.text_of(path).splitlines()]
        ids = Counter(fields[2] for fields in rows if len(fields) > 2)
        entry = facts.final.get(path)
        for number, count in sorted(ids.items()):
            if count > 1:
                findings.append(Finding(
                    "IW-DUPLICATE-ID", "warning", f"{kind} {number} is used {count} times",
                    f"{path} gives {count} names the {kind} {number}, so files and processes "
                    "of one are those of the others.",
                    Evidence(layer=entry.layer if entry else None, path=path),
                    ["DKL-LI-0002"]))
    return findings


def _leftovers(subject: Subject) -> list[Finding]:
    facts = subject.image
    if facts is None:
        return []
    own = subject.base_layer_count()
    seen: set[str] = set()
    findings = []
    for entry in sorted(facts.final.values(), key=lambda e: e.path):
        if entry.layer < own:
            continue
        marker = next((d for d in _LEFTOVER_DIRS if d in entry.path + "/"), None)
        base = posixpath.basename(entry.path)
        if marker is not None:
            root = entry.path[: (entry.path + "/").index(marker) + len(marker) - 1]
            if root in seen:
                continue
            seen.add(root)
            path = root
        elif base in _LEFTOVER_FILES or base.endswith(("~", ".swp")):
            path = entry.path
        else:
            continue
        findings.append(Finding(
            "IW-UNNEEDED-FILE", "info", f"{path} is not needed at run time",
            f"{path} is a development or editor leftover that only adds bytes and may show "
            "history or paths; keep it out with .dockerignore.",
            Evidence(line=subject.line_of_layer(entry.layer), layer=entry.layer, path=path),
            ["DKL-LI-0003"]))
    return findings


def check_filesystem(subject: Subject) -> list[Finding]:
    return _world_writable(subject) + _accounts(subject) + _leftovers(subject)
