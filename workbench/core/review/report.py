"""A review as JSON, text, Markdown (a pull-request comment), HTML and SARIF.

Every output masks the secret values harden found (``harden.model.redact``). The JSON
schema is in docs/review.md.
"""

from __future__ import annotations

import html
import math
from typing import Any

from workbench.core.harden.model import redact
from workbench.core.review.verdict import Reason, Review
from workbench.core.units import human_size

SCHEMA_VERSION = 1
# GitHub refuses comments longer than 65,536 characters; stay well below it.
MARKDOWN_LIMIT = 60_000


def _ratio(value: float) -> float | None:
    return None if math.isnan(value) or math.isinf(value) else value


def to_json(review: Review) -> dict[str, Any]:
    tally = review.tally()
    doc = {
        "schema_version": SCHEMA_VERSION,
        "verdict": review.verdict,
        "image": {"source": review.source, "id": review.image_id, "name": review.name,
                  "size_bytes": review.size_bytes, "layers": review.layer_count},
        "dockerfile": review.dockerfile,
        "metrics": {**review.metrics,
                    "user_wasted_percent": _ratio(review.metrics["user_wasted_percent"])},
        "thresholds": review.thresholds,
        "tally": tally,
        "reasons": [r.to_json() for r in review.reasons],
        "notes": review.notes,
    }
    return _masked(doc, review.secrets)


def _masked(value: Any, secrets: set[str]) -> Any:
    if not secrets:
        return value
    if isinstance(value, str):
        return redact(value, secrets)
    if isinstance(value, dict):
        return {k: _masked(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(v, secrets) for v in value]
    return value


def _percent(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value * 100:.2f} %"


def _summary_lines(review: Review) -> list[str]:
    m = review.metrics
    return [f"Image {review.name}  {review.image_id[:19]}  {review.layer_count} layers, "
            f"{human_size(review.size_bytes)}",
            f"Efficiency {m['efficiency'] * 100:.4f} %, wasted {human_size(m['wasted_bytes'])}, "
            f"user wasted {_percent(m['user_wasted_percent'])}, reclaimable "
            f"{human_size(m['reclaimable_bytes'])}"]


def to_text(review: Review, *, ci: bool = False, color: bool = False) -> str:
    marks = {"pass": "PASS", "fail": "FAIL", "skip": "SKIP"}
    paint = {"pass": "32", "fail": "1;31", "skip": "34"}

    def mark(status: str) -> str:
        text = marks[status]
        return f"\033[{paint[status]}m{text}\033[0m" if color else text

    out = [*_summary_lines(review), ""]
    for reason in review.reasons:
        if reason.status == "pass" and reason.kind in ("harden", "hadolint"):
            continue  # findings under their threshold are listed once, below
        where = reason.where()
        out.append(f"  {mark(reason.status)}: {reason.kind} {reason.rule}: {reason.message}"
                   + (f" ({where})" if where else ""))
    under = [r for r in review.reasons if r.status == "pass" and r.kind in ("harden",
                                                                           "hadolint")]
    if under:
        out.append(f"  ({len(under)} findings below their threshold: "
                   + ", ".join(sorted({r.rule for r in under})) + ")")
    for note in review.notes:
        out.append(f"note: {note}")
    tally = review.tally()
    line = (f"Result:{review.verdict} [Total:{tally['total']}] [Passed:{tally['pass']}] "
            f"[Failed:{tally['fail']}] [Skipped:{tally['skip']}]")
    if ci or not color:
        out.append(line)
    else:
        out.append(f"\033[{'32' if review.passed else '31'}m{line}\033[0m")
    return redact("\n".join(out) + "\n", review.secrets)


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(review: Review, limit: int = MARKDOWN_LIMIT) -> str:
    icon = "✅" if review.passed else "❌"
    tally = review.tally()
    head = [f"## {icon} Image review: **{review.verdict}**", "",
            *(f"- {line}" for line in _summary_lines(review)),
            f"- {tally['fail']} failed, {tally['pass']} passed, {tally['skip']} skipped", ""]
    failed = review.failed
    rows = ["| | check | reason | where |", "|---|---|---|---|"]
    rows += [f"| ❌ | {r.kind} `{r.rule}` | {_md_cell(r.message)} | {_md_cell(r.where())} |"
             for r in failed]
    others = [r for r in review.reasons if r.status != "fail"]
    details = ["<details><summary>Passed and skipped checks "
               f"({len(others)})</summary>", "", "| | check | reason |", "|---|---|---|"]
    details += [f"| {'✔' if r.status == 'pass' else '–'} | {r.kind} `{r.rule}` | "
                f"{_md_cell(r.message)} |" for r in others]
    details += ["", "</details>", ""]
    notes = [f"> {_md_cell(n)}" for n in review.notes]
    text = "\n".join(head + (rows if failed else ["No check failed."]) + [""] + details + notes)
    text = redact(text + "\n", review.secrets)
    if len(text) <= limit:
        return text
    # Too long for one comment: keep the failures that fit and say how many were left.
    kept = head[:]
    for row in rows:
        if sum(len(x) + 1 for x in kept) + len(row) > limit - 200:
            break
        kept.append(row)
    left = len(rows) - (len(kept) - len(head))
    kept.append(f"\n… {left} more failures and {len(others)} passed or skipped checks are "
                "in the full report (`workbench review --format json`).\n")
    return redact("\n".join(kept), review.secrets)


_CSS = """body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#1b1f24;background:#fff}
h1{font-size:1.4em}.PASS{color:#1a7f37}.FAIL{color:#cf222e}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #d0d7de;padding:4px 8px;
text-align:left;vertical-align:top}th{background:#f6f8fa}tr.fail td:first-child{color:#cf222e;
font-weight:bold}tr.skip{color:#57606a}code{font-size:.95em}svg text{font-size:11px}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}
th{background:#161b22}td,th{border-color:#30363d}}"""


def layer_chart(layers: list[dict[str, Any]], width: int = 760) -> str:
    """Inline SVG: one bar per layer, length by size (nothing fetched). The index and
    size stand in a column of their own and the command after the bar is cut to the
    room left, so no label runs past the edge whatever the sizes."""
    if not layers:
        return ""
    biggest = max(layer["size_bytes"] for layer in layers) or 1
    bar, label_w, bar_w, char_w = 18, 96, 300, 6.6  # char_w: an 11px glyph, generously
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" '
             f'height="{bar * len(layers) + 4}" role="img" aria-label="layer sizes">']
    for i, layer in enumerate(layers):
        w = max(1, int(bar_w * layer["size_bytes"] / biggest))
        y = i * bar + 2
        label = html.escape(f"{layer['index']}: {human_size(layer['size_bytes'])}")
        room = int((width - label_w - w - 8) / char_w)
        command = layer["command"]
        shown = html.escape(command if len(command) <= room else command[:room - 1] + "…")
        parts.append(f'<text x="{label_w - 6}" y="{y + 11}" text-anchor="end" '
                     f'fill="currentColor">{label}</text>'
                     f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar - 4}" '
                     f'fill="#0969da"><title>{html.escape(command)}</title></rect>'
                     f'<text x="{label_w + w + 6}" y="{y + 11}" fill="currentColor">'
                     f"{shown}</text>")
    parts.append("</svg>")
    return "".join(parts)


def to_html(review: Review) -> str:
    esc = html.escape
    rows = "".join(
        f'<tr class="{r.status}"><td>{r.status.upper()}</td><td>{esc(r.kind)}</td>'
        f"<td><code>{esc(r.rule)}</code></td><td>{esc(r.message)}</td>"
        f"<td>{esc(r.where())}</td></tr>" for r in review.reasons)
    notes = "".join(f"<li>{esc(n)}</li>" for n in review.notes)
    summary = "".join(f"<p>{esc(line)}</p>" for line in _summary_lines(review))
    page = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f"<title>Review {esc(review.name)}: {review.verdict}</title>"
            f"<style>{_CSS}</style></head><body>"
            f'<h1>Image review: <span class="{review.verdict}">{review.verdict}</span></h1>'
            f"{summary}<h2>Layers</h2>{layer_chart(review.layers)}"
            "<h2>Checks</h2><table><tr><th>status</th><th>kind</th><th>rule</th>"
            f"<th>reason</th><th>where</th></tr>{rows}</table>"
            + (f"<h2>Notes</h2><ul>{notes}</ul>" if notes else "") + "</body></html>\n")
    return redact(page, review.secrets)


def limit_rule_id(kind: str, rule: str) -> str:
    """The SARIF rule id of a dive rule or a budget; review and compare share it so code
    scanning matches their alerts."""
    return f"IW-{kind.upper()}-{rule}"


def limit_rule(kind: str, rule: str) -> dict[str, Any]:
    """The SARIF rule descriptor of a dive rule or a budget."""
    text = _RULE_TEXT.get(rule, rule)
    return {"id": limit_rule_id(kind, rule), "shortDescription": {"text": text},
            "fullDescription": {"text": text},
            "help": {"text": "Set the limit in .dive-ci or .workbench-review.yaml "
                             "(docs/review.md)."}}


def to_sarif(review: Review, uri: str = "Dockerfile") -> dict[str, Any]:
    """harden's SARIF, plus one result per failed dive rule or budget (on the line of
    the layer it points at, when known)."""
    from workbench.core.harden import report as harden_report

    if review.harden_report is not None:
        doc = harden_report.to_sarif(review.harden_report, uri)
    else:
        doc = harden_report.sarif_log([], [])
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for reason in review.failed:
        if reason.kind not in ("dive", "budget"):
            continue
        rule_id = limit_rule_id(reason.kind, reason.rule)
        if not any(rule["id"] == rule_id for rule in rules):
            rules.append(limit_rule(reason.kind, reason.rule))
        run["results"].append({
            "ruleId": rule_id, "level": "error", "message": {"text": reason.message},
            "locations": [harden_report.sarif_location(uri, reason.line)],
            "partialFingerprints": {"workbenchReview/v1": f"{rule_id}|{review.image_id}"},
            "properties": {"layer": reason.layer, "path": reason.path}})
    return _masked(doc, review.secrets)


_RULE_TEXT = {
    "lowestEfficiency": "Image efficiency below the lowest allowed (dive CI rule)",
    "highestWastedBytes": "Wasted bytes above the highest allowed (dive CI rule)",
    "highestUserWastedPercent": "Wasted share of the user layers above the highest allowed "
                                "(dive CI rule)",
    "max-size": "Image size over its budget",
    "max-layers": "Layer count over its budget",
    "max-wasted": "Wasted bytes over their budget",
    "max-reclaimable": "Reclaimable bytes over their budget",
}


def reasons_of(review: Review, kind: str) -> list[Reason]:
    return [r for r in review.reasons if r.kind == kind]


def to_junit(review: Review) -> str:
    """JUnit XML for GitLab and Jenkins: one testcase per check, a failure per failed one,
    a skipped element per disabled rule."""
    return junit_xml("workbench review", f"review {review.name}", review.reasons,
                     file=review.dockerfile, output=review.notes, secrets=review.secrets)


def junit_xml(suites_name: str, suite_name: str, reasons: list[Reason], *,
              file: str | None = None, output: list[str] | None = None,
              secrets: set[str] | None = None) -> str:
    """One testsuite, a testcase per reason (``classname`` ``workbench.<kind>``, never
    empty: Jenkins needs it), a failure per failed one, skipped per skipped one; the
    ``output`` lines go to the suite's system-out. Review and compare both write it."""
    from xml.etree import ElementTree as ET

    counts = {"pass": 0, "fail": 0, "skip": 0}
    for reason in reasons:
        counts[reason.status] += 1
    suites = ET.Element("testsuites", name=suites_name, tests=str(len(reasons)),
                        failures=str(counts["fail"]), errors="0")
    # ``errors`` is required and a testcase takes no ``file`` in Jenkins' JUnit schema
    # (tests/data/junit-10.xsd): the Dockerfile goes on the suite, the line in each
    # message.
    suite = ET.SubElement(suites, "testsuite", name=suite_name, tests=str(len(reasons)),
                          failures=str(counts["fail"]), errors="0",
                          skipped=str(counts["skip"]))
    if file:
        suite.set("file", file)
    for reason in reasons:
        case = ET.SubElement(suite, "testcase", classname=f"workbench.{reason.kind}",
                             name=reason.rule)
        where = reason.where()
        message = reason.message + (f" ({where})" if where else "")
        if reason.status == "fail":
            failure = ET.SubElement(case, "failure", message=message,
                                    type=reason.severity or reason.kind)
            failure.text = message
        elif reason.status == "skip":
            ET.SubElement(case, "skipped", message=message)
    if output:
        ET.SubElement(suite, "system-out").text = "\n".join(output)
    ET.indent(suites)
    text = ET.tostring(suites, encoding="unicode", xml_declaration=True)
    return redact(text + "\n", secrets or set())
