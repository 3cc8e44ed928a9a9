"""The JSON documents ``workbench analyze|layers|files --json`` write (docs/analysis-json.md).

Paths are written absolute (``/etc/passwd``), as dive and users write them. Ratios that do
not exist (user wasted percent of a one-layer image) are ``null``: JSON has no NaN.

An analysis document is the image block (how and where the image was opened) plus a
*report body* that depends on the image id alone: the body is what the result cache
stores, so a cached report is written without rebuilding any analysis object.
"""

from __future__ import annotations

import math
import stat
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, overload

try:  # built with the scanner (setup.py); without it the rows go through orjson/json
    from workbench.core.analysis._jsonrows import rows as _rows_text
except ImportError:
    _rows_text = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from workbench.core.analysis.analyze import Analysis, LayerReport, StepReport
    from workbench.core.analysis.ci_rules import RuleResult
    from workbench.core.analysis.filetree import FileTree, TreeNode
    from workbench.core.model import ImageInfo

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


def image_block(info: ImageInfo) -> dict[str, Any]:
    """How the image was opened and what it is: the documents' ``image`` object."""
    return {"source": info.source, "id": info.id, "repo_tags": list(info.repo_tags),
            "os": info.os, "architecture": info.architecture}


class Rows(Sequence[dict[str, Any]]):
    """A long list of a report body (inefficient files, reclaimable paths) whose rows
    are made only when read: a summary reads ten of tens of thousands. Compares equal
    to any sequence of the same rows; the JSON writers write it as a list. Subclasses
    give ``__len__``, ``_one`` and ``_some``."""

    def _one(self, index: int) -> dict[str, Any]:
        raise NotImplementedError

    def _some(self, index: slice) -> list[dict[str, Any]]:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        return self._some(index) if isinstance(index, slice) else self._one(index)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


class ObjectRows(Rows):
    """Rows over the analysis' own objects: each row holds the attributes ``keys``
    (the row's keys too), paths made absolute. The JSON text is written from the
    objects (``body_members_text``)."""

    def __init__(self, objects: list[Any], keys: tuple[str, ...]) -> None:
        self.objects, self.keys = objects, keys

    def _row(self, item: Any) -> dict[str, Any]:
        row = {key: getattr(item, key) for key in self.keys}
        row["path"] = absolute(row["path"])
        return row

    def __len__(self) -> int:
        return len(self.objects)

    def _one(self, index: int) -> dict[str, Any]:
        return self._row(self.objects[index])

    def _some(self, index: slice) -> list[dict[str, Any]]:
        return [self._row(item) for item in self.objects[index]]


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
        "inefficient_files": ObjectRows(m.inefficient_files, ("path", "count", "size", "layers")),
        "reclaimable": ObjectRows(m.reclaimable, ("path", "bytes", "created_in",
                                                  "overwritten_in", "deleted_in")),
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
    """The members of ``body`` as ``json_text`` writes them inside an analysis document
    (one level deep, no braces), UTF-8 encoded: what the result cache stores next to
    the body, so a cached report is written by ``document_text`` without serialising
    it again."""
    doc = document_body(body)
    spliced = _with_rows_text(doc)
    if spliced is not None:
        return spliced
    raw = _fast_json(doc)
    if raw is not None:
        return raw[2:-2]  # drop "{\n" and "\n}": already the UTF-8 bytes
    return encode(json_text(doc)[2:-3])  # drop "{\n" and "\n}\n"


def _with_rows_text(doc: dict[str, Any]) -> bytes | None:
    """``body_members_text`` with the trailing ``ObjectRows`` members written from
    their objects by the compiled writer; None when that cannot be done exactly."""
    write: Callable[[list[Any], tuple[str, ...], str], bytes | None] | None = _rows_text
    keys = list(doc)
    split = len(keys)
    while split and isinstance(doc[keys[split - 1]], ObjectRows):
        split -= 1
    if write is None or split in (0, len(keys)):
        return None
    head = _fast_json({key: doc[key] for key in keys[:split]})
    if head is None:
        return None
    parts = [head[2:-2]]  # drop "{\n" and "\n}"
    for key in keys[split:]:
        rows: ObjectRows = doc[key]
        text = write(rows.objects, rows.keys, "/")
        if text is None:
            return None
        parts += [b',\n  "', key.encode(), b'": ', text]
    return b"".join(parts)


def encode(text: str) -> bytes:
    """The bytes a JSON report is written as: UTF-8, and a name that was not UTF-8 in
    the image (kept through ``surrogateescape``) written back as its original bytes."""
    return text.encode("utf-8", "surrogateescape")


def document_body(body: dict[str, Any]) -> dict[str, Any]:
    """``body`` as the document holds it: a ratio that does not exist becomes null."""
    ratio = body["user_wasted_percent"]
    return {**body, "user_wasted_percent": ratio if math.isfinite(ratio) else None}


def document_text(image: dict[str, Any], members: bytes,
                  ci: list[RuleResult] | None = None) -> bytes:
    """``encode(json_text(document(image, body, ci)))`` from ``body_members_text(body)``.

    Only the small parts are serialised here, with the standard ``json`` (the text the
    reports are defined by), and joined around the stored members."""
    import json

    def inner(doc: dict[str, Any]) -> bytes:  # the members of a small object, no braces
        return encode(json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False)[2:-2])

    parts = [b"{\n", inner({"schema_version": SCHEMA_VERSION, "image": image}), b",\n",
             members]
    if ci is not None:
        parts += [b",\n", inner({"ci": _ci_block(ci)})]
    parts.append(b"\n}\n")
    return b"".join(parts)


def _small_float_spelling(raw: bytes) -> bool:
    """Whether ``raw`` may hold a float as orjson spells those below 1e-4 (``2.5e-7``,
    ``0.00001``). Conservative: the same text inside a string also counts."""
    digits = b"0123456789"
    at = raw.find(b"e-")
    while at >= 0:  # a few dozen hits in a big report (names like "file-e-1")
        if at > 0 and at + 2 < len(raw) and raw[at - 1] in digits and raw[at + 2] in digits:
            return True
        at = raw.find(b"e-", at + 2)
    return b"0.0000" in raw


def json_text(doc: dict[str, Any]) -> str:
    """``json.dumps(doc, indent=2, ensure_ascii=False)`` plus a newline, fast.

    The standard encoder cannot use its C accelerator with an indent and spends about
    0.3 s on a 10,000-file report. orjson writes the same text (same key order,
    separators, escapes) except for floats below 1e-4, which it spells differently
    (``2.5e-7`` for ``2.5e-07``, ``0.00001`` for ``1e-05``); any output with a token
    looking like such a number (even inside a string), or that orjson refuses (huge
    integers, non-UTF-8 names), goes through ``json`` instead. Sequences that are not
    lists (``StoredRows`` of a cached report) are written as lists.
    """
    raw = _fast_json(doc)
    if raw is not None:
        return raw.decode("utf-8") + "\n"
    import json

    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False, default=list) + "\n"


def _fast_json(doc: dict[str, Any]) -> bytes | None:
    """``json_text(doc)`` as orjson writes it, UTF-8 encoded and without the final
    newline; None when only ``json`` writes it right (see ``json_text``)."""
    try:
        import orjson

        raw = orjson.dumps(doc, default=list, option=orjson.OPT_INDENT_2)
    except (ImportError, TypeError):  # orjson.JSONEncodeError is a TypeError
        return None
    return None if _small_float_spelling(raw) else raw


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
