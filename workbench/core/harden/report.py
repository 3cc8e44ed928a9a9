"""The harden report as JSON (docs/harden.md) and as SARIF 2.1.0 for code scanning."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from workbench import __version__
from workbench.core.harden.model import Finding, redact

if TYPE_CHECKING:  # the checks' module loads the docker SDK: reports need none of it
    from workbench.core.harden.run import HardenReport

SCHEMA_VERSION = 1
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def finding_json(finding: Finding, text: str, secrets: set[str]) -> dict[str, Any]:
    fix = None
    if finding.fix is not None:
        fix = {"summary": finding.fix.summary, "safe": finding.fix.safe,
               "file": finding.fix.file,
               "diff": redact(finding.fix.diff(text), secrets)
               if finding.fix.file == "Dockerfile" else ""}
    return {"id": finding.id, "severity": finding.severity, "title": finding.title,
            "why": finding.why, "peer_ids": list(finding.peer_ids),
            "evidence": finding.evidence.to_json(), "sources": list(finding.sources),
            "fix": fix}


def _redacted(value: Any, secrets: set[str]) -> Any:
    if isinstance(value, str):
        return redact(value, secrets)
    if isinstance(value, dict):
        return {k: _redacted(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [_redacted(v, secrets) for v in value]
    return value


def to_json(report: HardenReport) -> dict[str, Any]:
    return _redacted({
        "schema": SCHEMA_VERSION, "dockerfile": report.dockerfile, "image": report.image,
        "image_size": report.image_size,
        "findings": [finding_json(f, report.text, report.secrets) for f in report.findings],
        "notes": report.notes, "skipped": report.skipped}, report.secrets)


def _fingerprint(finding: Finding, text: str) -> str:
    """Stable across edits elsewhere in the file: rule, path and the line's own text."""
    lines = text.splitlines()
    line = finding.evidence.line
    content = lines[line - 1].strip() if line and 0 < line <= len(lines) else ""
    key = f"{finding.id}|{finding.evidence.path or ''}|{content}|{finding.title}"
    # A path that is not UTF-8 (kept through surrogateescape) hashes as its bytes.
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def sarif_log(rules: list[dict[str, Any]], results: list[dict[str, Any]]) -> dict[str, Any]:
    """The one SARIF 2.1.0 skeleton every report fills (harden, review, compare): one run
    of image-workbench, so code scanning sees the same tool whichever command wrote it."""
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "image-workbench", "version": __version__,
                                "rules": rules}},
            "results": results,
        }],
    }


def sarif_location(uri: str, line: int | None) -> dict[str, Any]:
    """A result's place: the Dockerfile, and its line when one is known."""
    location: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    if line:
        location["region"] = {"startLine": line}
    return {"physicalLocation": location}


def to_sarif(report: HardenReport, uri: str = "Dockerfile") -> dict[str, Any]:
    """SARIF 2.1.0; ``uri`` is the Dockerfile's path relative to the repository root."""
    rules: dict[str, dict[str, Any]] = {}
    results = []
    for finding in report.findings:
        rules.setdefault(finding.id, {
            "id": finding.id,
            "shortDescription": {"text": finding.title},
            "fullDescription": {"text": finding.why},
            "help": {"text": finding.fix.summary if finding.fix else finding.why},
            "properties": {"peer_ids": list(finding.peer_ids)},
        })
        results.append({
            "ruleId": finding.id,
            "level": SARIF_LEVEL[finding.severity],
            "message": {"text": f"{finding.title}: {finding.why}"},
            "locations": [sarif_location(uri, finding.evidence.line)],
            "partialFingerprints": {"workbenchFinding/v1": _fingerprint(finding, report.text)},
            "properties": {"layer": finding.evidence.layer, "path": finding.evidence.path},
        })
    return _redacted(sarif_log(list(rules.values()), results), report.secrets)
