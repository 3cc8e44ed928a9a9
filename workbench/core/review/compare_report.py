"""A comparison as JSON (docs/review.md), text and one self-contained HTML page."""

from __future__ import annotations

import html
import math
from typing import Any

from workbench.core.harden.model import redact
from workbench.core.review.compare import Comparison, Side
from workbench.core.review.files_diff import FileChange
from workbench.core.review.treemap_svg import treemap_svg
from workbench.core.units import human_size, signed_size

SCHEMA_VERSION = 1


def _clean(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def _side_json(side: Side) -> dict[str, Any]:
    return {"source": side.source, "id": side.id, "name": side.name,
            "size_bytes": side.size_bytes, "compressed_bytes": side.compressed_bytes,
            "dockerfile": side.dockerfile,
            "metrics": {k: _clean(v) for k, v in side.metrics.items()},
            "layers": side.layers}


def _file_json(change: FileChange) -> dict[str, Any]:
    if change.change == "added":
        row: dict[str, Any] = {"path": change.path, "size": change.size_b}
    elif change.change == "removed":
        row = {"path": change.path, "size": change.size_a}
    else:
        row = {"path": change.path, "size_a": change.size_a, "size_b": change.size_b,
               "changed": change.changed}
    state = change.b or change.a
    row["kind"] = str(state.kind) if state else None
    row["layer"] = state.layer if state else None
    row["line"] = change.line
    return row


def masked(value: Any, secrets: set[str]) -> Any:
    if not secrets:
        return value  # nothing to mask: no walk over every file row
    if isinstance(value, str):
        return redact(value, secrets)
    if isinstance(value, dict):
        return {k: masked(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [masked(v, secrets) for v in value]
    return value


def to_json(result: Comparison) -> dict[str, Any]:
    files: dict[str, list[dict[str, Any]]] = {"added": [], "removed": [], "modified": []}
    for change in result.files:
        files[change.change].append(_file_json(change))
    doc = {
        "schema_version": SCHEMA_VERSION,
        "a": _side_json(result.a), "b": _side_json(result.b),
        "layers": {"shared": result.shared, "only_a": result.only_a, "only_b": result.only_b,
                   "first_divergence": result.first_divergence},
        "deltas": {k: _clean(v) for k, v in result.deltas().items()},
        "files": files,
        "directories": result.directories,
        "config": result.config,
        "findings": {"fixed": result.findings_fixed, "introduced": result.findings_introduced},
        "notes": result.notes,
    }
    return masked(doc, result.secrets)


def _layer_lines(result: Comparison) -> list[str]:
    out = []
    k = result.first_divergence
    if k is None:
        out.append("Layers: identical.")
    else:
        out.append(f"Layers: {len(result.shared)} shared, {len(result.only_a)} only in A, "
                   f"{len(result.only_b)} only in B; everything from layer {k} up was rebuilt.")
    for layer in result.b.layers:
        mark = "=" if layer["diff_id"] in set(result.shared) else "+"
        line = f" line {layer['line']}" if layer["line"] else ""
        out.append(f"  {mark} {layer['index']:>3} {human_size(layer['size_bytes']):>9}"
                   f"{line}  {layer['command'][:80]}")
    return out


def to_text(result: Comparison, top: int = 30) -> str:
    d = result.deltas()
    a, b = result.a, result.b
    out = [f"A: {a.name}  {a.id[:19]}  {human_size(a.size_bytes)}",
           f"B: {b.name}  {b.id[:19]}  {human_size(b.size_bytes)}", "",
           f"Size {signed_size(d['size_bytes'])}, layers {d['layers']:+d}, wasted "
           f"{signed_size(d['wasted_bytes'])}, reclaimable {signed_size(d['reclaimable_bytes'])}, "
           f"efficiency {d['efficiency'] * 100:+.4f} points"
           + (f", compressed {signed_size(d['compressed_bytes'])}"
              if d["compressed_bytes"] is not None else ""), ""]
    out += [*_layer_lines(result), ""]
    groups = {"added": "+", "removed": "-", "modified": "M"}
    for kind, mark in groups.items():
        rows = [c for c in result.files if c.change == kind]
        out.append(f"Files {kind}: {len(rows)}")
        for change in rows[:top]:
            size = (f"{human_size(change.size_a)} -> {human_size(change.size_b)}"
                    if kind == "modified" else human_size(change.size_b or change.size_a))
            what = f" [{', '.join(change.changed)}]" if change.changed else ""
            line = f" (line {change.line})" if change.line else ""
            out.append(f"  {mark} {change.path}  {size}{what}{line}")
        if len(rows) > top:
            out.append(f"  … {len(rows) - top} more (--top N, or --format json)")
    if result.config:
        out += ["", "Config changed:"]
        out += [f"  {name}: {values['a']!r} -> {values['b']!r}"
                for name, values in result.config.items()]
    if result.findings_fixed or result.findings_introduced:
        out += ["", "Findings:"]
        out += [f"  fixed:      {f['kind']} {f['rule']}" for f in result.findings_fixed]
        out += [f"  introduced: {f['kind']} {f['rule']}"
                + (f" (line {f['line']})" if f.get("line") else "")
                for f in result.findings_introduced]
    out += [f"note: {note}" for note in result.notes]
    return redact("\n".join(out) + "\n", result.secrets)


_CSS = """body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#1b1f24;background:#fff}
table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #d0d7de;padding:3px 7px;
text-align:left}th{background:#f6f8fa}.added{color:#1a7f37}.removed{color:#cf222e}
.modified{color:#9a6700}svg text{font-size:11px}td code{overflow-wrap:anywhere}
.legend{color:#57606a;font-size:12px}.grew{color:#cf222e}.shrank{color:#1a7f37}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}th{background:#161b22}}"""


def to_html(result: Comparison, limit: int = 2000) -> str:
    esc = html.escape
    d = result.deltas()
    a, b = result.a, result.b
    shared = set(result.shared)
    layer_rows = "".join(
        f"<tr><td>{'shared' if layer['diff_id'] in shared else 'rebuilt'}</td>"
        f"<td>{layer['index']}</td><td>{human_size(layer['size_bytes'])}</td>"
        f"<td>{layer['line'] or ''}</td><td><code>{esc(layer['command'][:120])}</code></td></tr>"
        for layer in b.layers)
    file_rows = "".join(
        f'<tr class="{c.change}"><td>{c.change}</td><td><code>{esc(c.path)}</code></td>'
        f"<td>{human_size(c.size_a)}</td><td>{human_size(c.size_b)}</td>"
        f"<td>{esc(', '.join(c.changed))}</td><td>{c.line or ''}</td></tr>"
        for c in result.files[:limit])
    more = (f"<p>… {len(result.files) - limit} more files in the JSON report.</p>"
            if len(result.files) > limit else "")
    config_rows = "".join(
        f"<tr><td>{esc(name)}</td><td><code>{esc(repr(v['a']))}</code></td>"
        f"<td><code>{esc(repr(v['b']))}</code></td></tr>" for name, v in result.config.items())
    findings = "".join(f"<li class=\"added\">fixed: {esc(f['kind'])} {esc(f['rule'])}</li>"
                       for f in result.findings_fixed) + "".join(
        f"<li class=\"removed\">introduced: {esc(f['kind'])} {esc(f['rule'])}</li>"
        for f in result.findings_introduced)
    k = result.first_divergence
    page = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Compare {esc(a.name)} and {esc(b.name)}</title><style>{_CSS}</style>"
        f"</head><body><h1>{esc(a.name)} → {esc(b.name)}</h1>"
        "<table><tr><th></th><th>A</th><th>B</th><th>delta</th></tr>"
        f"<tr><td>size</td><td>{human_size(a.size_bytes)}</td><td>{human_size(b.size_bytes)}"
        f"</td><td>{signed_size(d['size_bytes'])}</td></tr>"
        f"<tr><td>layers</td><td>{len(a.layers)}</td><td>{len(b.layers)}</td>"
        f"<td>{d['layers']:+d}</td></tr>"
        f"<tr><td>wasted</td><td>{human_size(a.metrics['wasted_bytes'])}</td>"
        f"<td>{human_size(b.metrics['wasted_bytes'])}</td><td>{signed_size(d['wasted_bytes'])}"
        "</td></tr>"
        f"<tr><td>reclaimable</td><td>{human_size(a.metrics['reclaimable_bytes'])}</td>"
        f"<td>{human_size(b.metrics['reclaimable_bytes'])}</td>"
        f"<td>{signed_size(d['reclaimable_bytes'])}</td></tr></table>"
        "<h2>Size change by directory</h2>" + treemap_svg(
            (c.path, c.size_b - c.size_a) for c in result.files) +
        "<h2>Layers of B</h2>"
        + (f"<p>Everything from layer {k} up was rebuilt.</p>" if k is not None else
           "<p>Same layers.</p>")
        + "<table><tr><th></th><th>layer</th><th>size</th><th>line</th><th>command</th></tr>"
        f"{layer_rows}</table><h2>Files ({len(result.files)})</h2>"
        "<table><tr><th>change</th><th>path</th><th>size A</th><th>size B</th>"
        f"<th>what</th><th>line</th></tr>{file_rows}</table>{more}"
        + (f"<h2>Config</h2><table><tr><th>field</th><th>A</th><th>B</th></tr>{config_rows}"
           "</table>" if config_rows else "")
        + (f"<h2>Findings</h2><ul>{findings}</ul>" if findings else "")
        + "</body></html>\n")
    return redact(page, result.secrets)


# GitHub refuses comments longer than 65,536 characters; stay well below it.
MARKDOWN_LIMIT = 60_000


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(result: Comparison, limit: int = MARKDOWN_LIMIT) -> str:
    """A pull-request comment: the deltas as a table, the files in collapsible lists,
    rows beyond ``limit`` summarised."""
    d = result.deltas()
    a, b = result.a, result.b
    k = result.first_divergence
    out = [f"## Image comparison: `{_md(a.name)}` → `{_md(b.name)}`", "",
           "| | A | B | delta |", "|---|---|---|---|",
           f"| size | {human_size(a.size_bytes)} | {human_size(b.size_bytes)} | "
           f"{signed_size(d['size_bytes'])} |",
           f"| layers | {len(a.layers)} | {len(b.layers)} | {d['layers']:+d} |",
           f"| wasted | {human_size(a.metrics['wasted_bytes'])} | "
           f"{human_size(b.metrics['wasted_bytes'])} | {signed_size(d['wasted_bytes'])} |",
           f"| reclaimable | {human_size(a.metrics['reclaimable_bytes'])} | "
           f"{human_size(b.metrics['reclaimable_bytes'])} | "
           f"{signed_size(d['reclaimable_bytes'])} |",
           "", "Same layers." if k is None else
           f"Everything from layer {k} up was rebuilt ({len(result.only_b)} new layers).", ""]
    if result.findings_fixed or result.findings_introduced:
        out += [f"- ✅ fixed: {f['kind']} `{f['rule']}`" for f in result.findings_fixed]
        out += [f"- ❌ introduced: {f['kind']} `{f['rule']}`"
                + (f" (line {f['line']})" if f.get("line") else "")
                for f in result.findings_introduced]
        out.append("")
    if result.config:
        out += ["| config | A | B |", "|---|---|---|"]
        out += [f"| {name} | `{_md(repr(v['a']))}` | `{_md(repr(v['b']))}` |"
                for name, v in result.config.items()]
        out.append("")
    tail: list[str] = []
    for kind in ("added", "removed", "modified"):
        rows = [c for c in result.files if c.change == kind]
        if not rows:
            continue
        tail += [f"<details><summary>Files {kind} ({len(rows)})</summary>", "",
                 "| path | size A | size B | what | line |", "|---|---|---|---|---|"]
        for change in rows:
            tail.append(f"| `{_md(change.path)}` | {human_size(change.size_a)} | "
                        f"{human_size(change.size_b)} | {', '.join(change.changed)} | "
                        f"{change.line or ''} |")
        tail += ["", "</details>", ""]
    used = sum(len(line) + 1 for line in out)
    kept: list[str] = []
    for number, line in enumerate(tail):
        if used + len(line) + 1 > limit - 300:
            kept += ["", "</details>", "",
                     f"… {len(tail) - number} more rows are in the full report "
                     "(`workbench compare --format json`)."]
            break
        kept.append(line)
        used += len(line) + 1
    return redact("\n".join(out + kept) + "\n", result.secrets)
