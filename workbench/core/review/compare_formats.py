"""A comparison for CI: JUnit XML and SARIF 2.1.0, and ``render``, which picks any format.

JUnit holds one gate per kind of finding ("no findings introduced" for dive's CI rules,
hardening and hadolint): a stable testcase name, so a CI's test history follows it from
run to run, failing with every finding B introduced. SARIF holds the findings
themselves: those B introduced as results with ``baselineState`` "new", those it fixed
as "absent" ones. Both use the writers ``workbench review`` uses (``review.report`` and
``harden.report``), so rule ids, levels and the JUnit shape are the same in both reports.
"""

from __future__ import annotations

import hashlib
import math
import re
from pathlib import Path
from typing import Any

from workbench.core.harden.report import SARIF_LEVEL, sarif_location, sarif_log
from workbench.core.review import compare_report
from workbench.core.review.compare import Comparison, Side
from workbench.core.review.report import junit_xml, limit_rule, limit_rule_id
from workbench.core.review.verdict import Reason
from workbench.core.units import human_size

FORMATS = ("text", "json", "markdown", "html", "junit", "sarif")
GATE = "no findings introduced"
KINDS = {"dive": "dive's CI rules", "harden": "hardening findings",
         "hadolint": "hadolint findings"}
# The dive metric each CI rule judges, and how to show it.
_DIVE_METRICS = {"lowestEfficiency": ("efficiency", "efficiency"),
                 "highestWastedBytes": ("wasted_bytes", "wasted"),
                 "highestUserWastedPercent": ("user_wasted_percent", "user wasted")}
_SEVERITY_ORDER = ("error", "warning", "info")


def _metric(side: Side, rule: str) -> str:
    key, label = _DIVE_METRICS.get(rule, ("", ""))
    value = side.metrics.get(key)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    shown = human_size(value) if key == "wasted_bytes" else f"{value * 100:.2f} %"
    return f"{label} {shown}"


def _describe(finding: dict[str, Any], side: Side) -> str:
    """One finding as a sentence fragment, with where it points in ``side``."""
    if finding["kind"] == "dive":
        metric = _metric(side, finding["rule"])
        return f"dive {finding['rule']}" + (f" ({metric})" if metric else "")
    where = [f"line {finding['line']}"] if finding.get("line") else []
    if finding.get("path"):
        where.append(str(finding["path"]))
    title = finding.get("title") or ""
    return (f"{finding['kind']} {finding['rule']}" + (f": {title}" if title else "")
            + (f" ({', '.join(where)})" if where else ""))


def _worst(findings: list[dict[str, Any]]) -> str:
    found = {f.get("severity") for f in findings}
    return next((s for s in _SEVERITY_ORDER if s in found), "")


def gates(result: Comparison) -> list[Reason]:
    """One reason per kind of finding: failed when B introduced any, skipped when the
    kind was not compared (a gate that never ran must not pass)."""
    reasons = []
    for kind, name in KINDS.items():
        introduced = [f for f in result.findings_introduced if f["kind"] == kind]
        fixed = [f for f in result.findings_fixed if f["kind"] == kind]
        if kind not in result.compared:
            why = ("hadolint did not run (--no-hadolint, or see the notes)"
                   if kind == "hadolint" and "harden" in result.compared else
                   "compared only when both sides have a Dockerfile")
            reasons.append(Reason(kind, GATE, "skip", f"{name[0].upper()}{name[1:]} were "
                                  f"not compared: {why}."))
        elif introduced:
            reasons.append(Reason(
                kind, GATE, "fail", f"{len(introduced)} introduced in B: "
                + "; ".join(_describe(f, result.b) for f in introduced) + ".",
                _worst(introduced)))
        else:
            reasons.append(Reason(kind, GATE, "pass", f"No {name} introduced in B"
                                  + (f", {len(fixed)} fixed." if fixed else ".")))
    return reasons


def to_junit(result: Comparison) -> str:
    """JUnit XML: the gates as testcases, the fixed findings and the notes in the
    suite's system-out."""
    output = [f"fixed in B: {_describe(f, result.a)}" for f in result.findings_fixed]
    output += [f"note: {note}" for note in result.notes]
    return junit_xml("workbench compare", f"compare {result.a.name} -> {result.b.name}",
                     gates(result), file=result.b.dockerfile, output=output,
                     secrets=result.secrets)


def _uri(side: Side) -> str:
    """The side's Dockerfile as given (relative to where the command ran, which in CI is
    the repository), the file itself when a folder was given."""
    if not side.dockerfile:
        return "Dockerfile"
    path = Path(side.dockerfile)
    return (path / "Dockerfile" if path.is_dir() else path).as_posix()


def _rule(finding: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    if finding["kind"] == "dive":
        return limit_rule_id("dive", finding["rule"]), limit_rule("dive", finding["rule"])
    title = finding.get("title") or finding["rule"]
    return finding["rule"], {
        "id": finding["rule"], "shortDescription": {"text": title},
        "fullDescription": {"text": title},
        "help": {"text": "workbench harden on the Dockerfile explains it and offers the "
                         "fix (docs/harden.md)."}}


def _sarif_result(finding: dict[str, Any], side: Side, uri: str, state: str) -> dict[str, Any]:
    rule_id, _ = _rule(finding)
    # The identity compare matches findings by (rule, path or title with its numbers
    # blanked), so an alert stays one alert while steps move.
    key = f"{rule_id}|{finding.get('path') or re.sub(r'[0-9]+', '#', finding.get('title') or '')}"
    what = "Introduced in B" if state == "new" else "Fixed in B (was in A)"
    result: dict[str, Any] = {
        "ruleId": rule_id, "baselineState": state,
        "message": {"text": f"{what}: {_describe(finding, side)}."},
        "locations": [sarif_location(uri, finding.get("line"))],
        "partialFingerprints": {"workbenchCompare/v1": hashlib.sha256(
            key.encode("utf-8", "surrogateescape")).hexdigest()[:32]},
        "properties": {"kind": finding["kind"], "severity": finding.get("severity"),
                       "layer": finding.get("layer"), "path": finding.get("path"),
                       "image": side.id}}
    if state == "new":
        result["level"] = SARIF_LEVEL.get(finding.get("severity") or "", "error")
    else:
        # SARIF 2.1.0 §3.27.9: a rule that now passes is kind "pass", level "none"; the
        # severity it had stays in the properties.
        result["kind"], result["level"] = "pass", "none"
    return result


def to_sarif(result: Comparison, uri_a: str | None = None,
             uri_b: str | None = None) -> dict[str, Any]:
    """SARIF 2.1.0, one run: B's introduced findings on B's Dockerfile, A's fixed ones on
    A's (``uri_a``/``uri_b``: repository-relative paths; default each side's own)."""
    rules: dict[str, dict[str, Any]] = {}
    results = []
    for findings, side, uri, state in (
            (result.findings_introduced, result.b, uri_b or _uri(result.b), "new"),
            (result.findings_fixed, result.a, uri_a or _uri(result.a), "absent")):
        for finding in findings:
            rule_id, rule = _rule(finding)
            rules.setdefault(rule_id, rule)
            results.append(_sarif_result(finding, side, uri, state))
    doc = sarif_log(list(rules.values()), results)
    doc["runs"][0]["properties"] = {"a": {"name": result.a.name, "id": result.a.id},
                                    "b": {"name": result.b.name, "id": result.b.id}}
    return compare_report.masked(doc, result.secrets)


def render(result: Comparison, fmt: str, *, top: int = 30, uri_a: str | None = None,
           uri_b: str | None = None) -> bytes:
    """The comparison in ``fmt`` (one of FORMATS), the bytes the CLI and the window's
    Export both write."""
    from workbench.core.analysis.report_json import json_bytes

    if fmt == "json":
        return json_bytes(compare_report.to_json(result))
    if fmt == "sarif":
        return json_bytes(to_sarif(result, uri_a, uri_b))
    writers = {"html": compare_report.to_html, "markdown": compare_report.to_markdown,
               "junit": to_junit, "text": lambda r: compare_report.to_text(r, top)}
    return writers[fmt](result).encode("utf-8")
