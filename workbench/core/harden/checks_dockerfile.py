"""Check 5, the Dockerfile part: ADD, apt and apk habits, sudo, HEALTHCHECK, port 22."""

from __future__ import annotations

import re

from workbench.core.harden.fixes import Fix, LineEdit
from workbench.core.harden.model import Evidence, Finding
from workbench.core.harden.subject import Subject

_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_ARCHIVE = re.compile(r"\.(tar|tgz|tar\.gz|tar\.bz2|tbz2|tar\.xz|txz|tar\.zst)$")
_APT_INSTALL = re.compile(r"\bapt(?:-get)?\s+(?:-\S+\s+)*install\b")
_APT_UPDATE = re.compile(r"\bapt(?:-get)?\s+(?:-\S+\s+)*update\b")
_APK_ADD = re.compile(r"\bapk\s+(?:-\S+\s+)*add\b")
_SUDO = re.compile(r"(^|[;&|(]\s*|\s)sudo\s")


def _one_line(raw: str, old: str, new: str) -> tuple[str, ...] | None:
    if old not in raw:
        return None
    return tuple(raw.replace(old, new, 1).split("\n"))


def _add_findings(subject: Subject) -> list[Finding]:
    findings = []
    for instruction in subject.dockerfile.instructions:
        if instruction.keyword != "ADD":
            continue
        sources = instruction.value.split()[:-1]
        if any(_URL.match(s) or _ARCHIVE.search(s) for s in sources) or \
                instruction.value.startswith("["):
            continue
        word = instruction.raw.lstrip()[:3]
        new = _one_line(instruction.raw, word, "COPY")
        fix = Fix("Use COPY: ADD of plain local files does nothing more.",
                  [LineEdit(instruction.line_start, instruction.line_end, new)]) if new else None
        findings.append(Finding(
            "IW-ADD", "warning", "ADD where COPY does",
            "ADD also fetches URLs and unpacks archives, so COPY says exactly what plain "
            "local files need and nothing more.", Evidence(line=instruction.line_start),
            ["DL3020", "CIS-DI-0009", "AVD-DS-0005"], fix))
    return findings


def _run_findings(subject: Subject) -> list[Finding]:
    findings = []
    for instruction in subject.dockerfile.instructions:
        if instruction.keyword != "RUN":
            continue
        body = instruction.value + "\n" + "\n".join(instruction.heredocs)
        line = Evidence(line=instruction.line_start)
        single = instruction.line_start == instruction.line_end and not instruction.heredocs
        if _APT_INSTALL.search(body) and "/var/lib/apt/lists" not in body:
            fix = Fix("Remove the apt lists in the same RUN.", [LineEdit(
                instruction.line_start, instruction.line_end,
                tuple((instruction.raw + " && rm -rf /var/lib/apt/lists/*").split("\n")))]) \
                if single else None
            findings.append(Finding(
                "IW-APT-LISTS", "warning", "apt lists are left in the layer",
                "The package lists apt downloaded stay in this layer (tens of MB) unless the "
                "same RUN removes /var/lib/apt/lists.", line, ["DL3009", "DKL-DI-0005"], fix))
        if _APT_UPDATE.search(body) and not _APT_INSTALL.search(body):
            findings.append(Finding(
                "IW-APT-UPDATE-ALONE", "warning", "apt-get update in a RUN of its own",
                "A cached update layer is reused by later builds, so the install in the next "
                "RUN may work from stale lists.", line, ["CIS-DI-0007", "AVD-DS-0017"]))
        if _APK_ADD.search(body) and "--no-cache" not in body:
            new = _one_line(instruction.raw, "apk add", "apk add --no-cache")
            fix = Fix("Use apk add --no-cache.", [LineEdit(
                instruction.line_start, instruction.line_end, new)]) if new else None
            findings.append(Finding(
                "IW-APK-CACHE", "warning", "apk add without --no-cache",
                "Without --no-cache apk keeps its index in the layer.", line,
                ["DL3019", "DKL-DI-0004", "AVD-DS-0025"], fix))
        if _SUDO.search(" " + body):
            findings.append(Finding(
                "IW-SUDO", "warning", "sudo in a RUN",
                "Build steps already run as the stage's user, and sudo in an image leaves a "
                "set-uid way to root for whoever runs it.", line,
                ["DL3004", "DKL-DI-0001", "AVD-DS-0010"]))
    return findings


def _final_findings(subject: Subject) -> list[Finding]:
    findings = []
    final = subject.final.instructions
    facts = subject.filesystem
    if not any(i.keyword == "HEALTHCHECK" for i in final) and not (
            facts and facts.config.get("Healthcheck")):
        findings.append(Finding(
            "IW-HEALTHCHECK", "info", "No HEALTHCHECK",
            "Without a HEALTHCHECK the engine only knows whether the process runs, not "
            "whether it works.", Evidence(line=subject.final.line),
            ["CIS-DI-0006", "AVD-DS-0026"]))
    for instruction in final:
        if instruction.keyword == "EXPOSE" and re.search(r"(^|\s)22(/tcp)?(\s|$)",
                                                         instruction.value):
            findings.append(Finding(
                "IW-PORT-22", "warning", "Port 22 is exposed",
                "An SSH server in a container is a second way in that needs its own keys and "
                "updates; docker exec does the job.", Evidence(line=instruction.line_start),
                ["AVD-DS-0004"]))
    return findings


def check_dockerfile(subject: Subject) -> list[Finding]:
    return _add_findings(subject) + _run_findings(subject) + _final_findings(subject)
