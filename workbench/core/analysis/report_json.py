"""The JSON documents ``workbench analyze|layers|files --json`` write (docs/analysis-json.md).

Paths are written absolute (``/etc/passwd``), as dive and users write them. Ratios that do
not exist (user wasted percent of a one-layer image) are ``null``: JSON has no NaN.

An analysis document is the image block (how and where the image was opened) plus a
*report body* that depends on the image id alone: the body is what the result cache
stores, with its JSON text, so a cached report is written without rebuilding any
analysis object or serialising the long lists again.

Documents are written by orjson, indented by two spaces (``json_bytes``), always as
UTF-8: a name that is not UTF-8 is written with U+FFFD plus its bytes in ``path_b64``.
"""

from __future__ import annotations

import math
import stat
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, overload

from workbench.core import json_doc

if TYPE_CHECKING:
    from workbench.core.analysis.analyze import Analysis, LayerReport, StepReport
    from workbench.core.analysis.ci_rules import RuleResult
    from workbench.core.analysis.filetree import FileTree, TreeNode
    from workbench.core.model import ImageInfo

SCHEMA_VERSION = 1


def absolute(path: str) -> str:
    return "/" + path


def json_bytes(doc: dict[str, Any]) -> bytes:
    """``doc`` as a report file holds it: JSON indented by two spaces, UTF-8, with a
    final newline; sequences that are not lists (``Rows``) are written as lists.

    A path that was not UTF-8 in the image (kept through ``surrogateescape``) is
    written with U+FFFD, as dive writes it, and its exact bytes in ``path_b64``
    (``json_doc``)."""
    return json_doc.dumps(doc)


def _members(doc: dict[str, Any]) -> bytes:
    """The members of ``doc`` as ``json_bytes`` writes them at the top of a document:
    without the braces that open and close it."""
    return json_bytes(doc)[len(b"{\n"):-len(b"\n}\n")]


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


def image_block(info: ImageInfo) -> dict[str, Any]:
    """How the image was opened and what it is: the documents' ``image`` object."""
    return {"source": info.source, "id": info.id, "repo_tags": list(info.repo_tags),
            "os": info.os, "architecture": info.architecture,
            "read_through": info.read_through or "archive"}


class Rows(Sequence[dict[str, Any]]):
    """A long list of a report body (inefficient files, reclaimable paths) whose rows
    are read only when asked for: a cached report's summary reads ten of tens of
    thousands. Compares equal to any sequence of the same rows; ``json_bytes`` writes
    it as a list. Subclasses give ``__len__``, ``row_at`` and ``rows_in``."""

    def row_at(self, index: int) -> dict[str, Any]:
        raise NotImplementedError

    def rows_in(self, index: slice) -> list[dict[str, Any]]:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        return self.rows_in(index) if isinstance(index, slice) else self.row_at(index)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


def report_body(analysis: Analysis) -> dict[str, Any]:
    """The part of the analysis document that depends only on the image id.

    ``user_wasted_percent`` stays the raw ratio here (NaN or inf included, which the
    text summary shows); ``document`` turns a ratio that does not exist into null.
    """
    m = analysis.metrics
    return {
        "size_bytes": analysis.size_bytes,
        "efficiency": m.efficiency,
        "wasted_bytes": m.wasted_bytes,
        "user_wasted_percent": m.user_wasted_percent,
        "reclaimable_bytes": m.reclaimable_bytes,
        "layers": [_layer(report) for report in analysis.layers],
        "inefficient_files": [
            {"path": absolute(f.path), "count": f.count, "size": f.size, "layers": f.layers}
            for f in m.inefficient_files],
        "reclaimable": [
            {"path": absolute(r.path), "bytes": r.bytes, "created_in": r.created_in,
             "overwritten_in": r.overwritten_in, "deleted_in": r.deleted_in}
            for r in m.reclaimable],
    }


def document(image: dict[str, Any], body: dict[str, Any],
             ci: list[RuleResult] | None = None) -> dict[str, Any]:
    """The ``analyze --json`` document: ``image`` (``image_block``) and a report ``body``."""
    doc: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "image": image}
    # Plain lists: the document is what any JSON writer takes.
    doc.update({key: list(value) if isinstance(value, Rows) else value
                for key, value in document_body(body).items()})
    if ci is not None:
        doc["ci"] = _ci_block(ci)
    return doc


def _ci_block(ci: list[RuleResult]) -> dict[str, Any]:
    return {
        "passed": all(r.status != "fail" for r in ci),
        "rules": [{"name": r.name, "threshold": r.threshold, "status": r.status,
                   "message": r.message} for r in ci],
    }


def analysis_document(analysis: Analysis,
                      ci: list[RuleResult] | None = None) -> dict[str, Any]:
    return document(image_block(analysis.info), report_body(analysis), ci)


def body_members_text(body: dict[str, Any]) -> bytes:
    """The members of ``body`` as they stand in an analysis document (no braces): what
    the result cache stores next to the body, so that ``document_text`` writes a
    cached report without serialising the body again."""
    return _members(document_body(body))


def document_body(body: dict[str, Any]) -> dict[str, Any]:
    """``body`` as the document holds it: a ratio that does not exist becomes null."""
    ratio = body["user_wasted_percent"]
    return {**body, "user_wasted_percent": ratio if math.isfinite(ratio) else None}


def document_text(image: dict[str, Any], members: bytes,
                  ci: list[RuleResult] | None = None) -> bytes:
    """``json_bytes(document(image, body, ci))`` from ``body_members_text(body)``: the
    stored members joined with the small parts, serialised here."""
    parts = [_members({"schema_version": SCHEMA_VERSION, "image": image}), members]
    if ci is not None:
        parts.append(_members({"ci": _ci_block(ci)}))
    return b"{\n" + b",\n".join(parts) + b"\n}\n"


def steps_document(info: ImageInfo, steps_done: list[StepReport]) -> dict[str, Any]:
    """The ``layers --json`` document: ``steps_done`` as ``history_steps`` gives them."""
    steps = []
    for step in steps_done:
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
    return {"schema_version": SCHEMA_VERSION, "image": image_block(info), "steps": steps}


def permissions(node: TreeNode) -> str:
    """``drwxr-xr-x`` style, with s/S/t/T for set-uid, set-gid and sticky."""
    from workbench.core.model import Kind  # a cached report is written without the model

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
        "image": image_block(analysis.info),
        "layer": layer,
        "aggregated": aggregated,
        "files": [file_row(node) for node in tree.walk()],
    }
