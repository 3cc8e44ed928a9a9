"""The JSON documents ``workbench analyze|layers|files --json`` write (docs/analysis-json.md).

Paths are written absolute (``/etc/passwd``), as dive and users write them. Ratios that do
not exist (user wasted percent of a one-layer image) are ``null``: JSON has no NaN.
"""

from __future__ import annotations

import stat
from typing import Any

from workbench.core.analysis.analyze import Analysis, LayerReport
from workbench.core.analysis.ci_rules import RuleResult
from workbench.core.analysis.filetree import FileTree, TreeNode
from workbench.core.analysis.metrics import finite_or_none
from workbench.core.model import Kind

SCHEMA_VERSION = 1


def absolute(path: str) -> str:
    return "/" + path


def _layer(report: LayerReport) -> dict[str, Any]:
    return {
        "index": report.index,
        "diff_id": report.diff_id,
        "size_bytes": report.size_bytes,
        "command": report.command,
        "created_by": report.created_by,
        "history_index": report.history_index,
        "added": report.added,
        "modified": report.modified,
        "removed": report.removed,
        "unchanged": report.unchanged,
        "wasted_bytes": report.wasted_bytes,
        "reclaimable_bytes": report.reclaimable_bytes,
    }


def _image(analysis: Analysis) -> dict[str, Any]:
    info = analysis.info
    return {"source": info.source, "id": info.id, "repo_tags": list(info.repo_tags),
            "os": info.os, "architecture": info.architecture}


def analysis_document(analysis: Analysis, ci: list[RuleResult] | None = None,
                      reclaimable_limit: int | None = None) -> dict[str, Any]:
    m = analysis.metrics
    reclaimable = m.reclaimable if reclaimable_limit is None else m.reclaimable[
        :reclaimable_limit]
    doc: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "image": _image(analysis),
        "size_bytes": analysis.size_bytes,
        "efficiency": m.efficiency,
        "wasted_bytes": m.wasted_bytes,
        "user_wasted_percent": finite_or_none(m.user_wasted_percent),
        "reclaimable_bytes": m.reclaimable_bytes,
        "layers": [_layer(report) for report in analysis.layers],
        "inefficient_files": [
            {"path": absolute(f.path), "count": f.count, "size": f.size, "layers": f.layers}
            for f in m.inefficient_files
        ],
        "reclaimable": [
            {"path": absolute(r.path), "bytes": r.bytes, "created_in": r.created_in,
             "overwritten_in": r.overwritten_in, "deleted_in": r.deleted_in}
            for r in reclaimable
        ],
    }
    if ci is not None:
        doc["ci"] = {
            "passed": all(r.status != "fail" for r in ci),
            "rules": [{"name": r.name, "threshold": r.threshold, "status": r.status,
                       "message": r.message} for r in ci],
        }
    return doc


def steps_document(analysis: Analysis) -> dict[str, Any]:
    steps = []
    for step in analysis.steps():
        row: dict[str, Any] = {
            "index": step.index,
            "instruction": step.instruction,
            "command": step.command,
            "created_by": step.created_by,
            "empty_layer": step.layer is None,
            "size_bytes": step.size_bytes,
            "layer": None,
        }
        if step.layer is not None:
            row["layer"] = _layer(step.layer)
        steps.append(row)
    return {"schema_version": SCHEMA_VERSION, "image": _image(analysis), "steps": steps}


def permissions(node: TreeNode) -> str:
    """``drwxr-xr-x`` style, with s/S/t/T for set-uid, set-gid and sticky."""
    type_bits = {Kind.DIR: stat.S_IFDIR, Kind.SYMLINK: stat.S_IFLNK, Kind.CHAR: stat.S_IFCHR,
                 Kind.BLOCK: stat.S_IFBLK, Kind.FIFO: stat.S_IFIFO}.get(node.kind, stat.S_IFREG)
    return stat.filemode(type_bits | (node.mode & 0o7777))


def file_row(node: TreeNode) -> dict[str, Any]:
    return {
        "path": absolute(node.path),
        "kind": node.kind.value,
        "status": node.status.value,
        "size": node.size,
        "mode": node.mode & 0o7777,
        "permissions": permissions(node),
        "uid": node.uid,
        "gid": node.gid,
        "link": node.link,
        "layer": node.layer,
    }


def files_document(analysis: Analysis, tree: FileTree, layer: int,
                   aggregated: bool) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "image": _image(analysis),
        "layer": layer,
        "aggregated": aggregated,
        "files": [file_row(node) for node in tree.walk()],
    }
