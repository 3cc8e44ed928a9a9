"""Both versions of one compared file: their metadata, and a text diff when both are small
text files. No widgets here: this runs on a worker (Qt's translate is thread-safe).

The content comes from the layer that holds each surviving copy, through the core's
safe extraction (``workbench.core.extract``) into a temporary folder, so only that one
layer is read and nothing from the image is written anywhere else.
"""

from __future__ import annotations

import difflib
import tempfile
from dataclasses import dataclass
from html import escape
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from workbench.core.model import Kind
from workbench.core.progress import CancelToken
from workbench.core.review.files_diff import FileChange, FileState
from workbench.core.units import human_size
from workbench.gui.i18n import translate

# What a change is called in the window; the keys are the core's names.
CHANGE_NAMES = {"added": str(QT_TRANSLATE_NOOP("CompareResults", "added")),
                "removed": str(QT_TRANSLATE_NOOP("CompareResults", "removed")),
                "modified": str(QT_TRANSLATE_NOOP("CompareResults", "modified"))}
SMALL = 256 * 1024  # bytes: a bigger file is not shown as text
MAX_DIFF_LINES = 2000


@dataclass(slots=True)
class Versions:
    change: FileChange
    diff: str | None  # unified diff, None when not both small text files
    why_no_diff: str = ""


def _is_small_file(state: FileState | None) -> bool:
    return state is not None and state.kind is Kind.FILE and state.size <= SMALL \
        and state.layer is not None


def read_version(source: str, state: FileState, path: str, client: Any,
                 cancel: CancelToken) -> bytes:
    """The bytes of ``path`` as the layer of its surviving copy holds them."""
    from workbench.core.extract import extract
    from workbench.core.image.open import open_image

    assert state.layer is not None
    opened = open_image(source, client=client, cancel=cancel)
    try:
        with tempfile.TemporaryDirectory(prefix="workbench-compare-") as folder:
            result = extract(opened.source, path, folder, upto=state.layer, layer_only=True,
                             cancel=cancel)
            return result.target.read_bytes()
    finally:
        close = getattr(opened.source, "close", None)
        if callable(close):
            close()


def _text(data: bytes) -> str | None:
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def versions(change: FileChange, source_a: str, source_b: str, client: Any,
             cancel: CancelToken) -> Versions:
    """Both sides of ``change``; a removed or added file has only one side to show."""
    if change.a is None or change.b is None:
        return Versions(change, None, translate("FileVersions",
                                                "The file exists in one image only."))
    if not (_is_small_file(change.a) and _is_small_file(change.b)):
        return Versions(change, None, translate(
            "FileVersions", "A text diff is shown for regular files up to {size} on both "
            "sides.").format(size=human_size(SMALL)))
    if "content" not in change.changed:
        return Versions(change, None, translate(
            "FileVersions", "The content is the same; only {what} changed.").format(
                what=", ".join(change.changed)))
    before = _text(read_version(source_a, change.a, change.path, client, cancel))
    after = _text(read_version(source_b, change.b, change.path, client, cancel))
    if before is None or after is None:
        return Versions(change, None, translate("FileVersions",
                                                "The file is not UTF-8 text on both sides."))
    lines = list(difflib.unified_diff(before.splitlines(keepends=True),
                                      after.splitlines(keepends=True),
                                      f"a{change.path}", f"b{change.path}"))
    if len(lines) > MAX_DIFF_LINES:
        lines = [*lines[:MAX_DIFF_LINES], "... " + translate("FileVersions", "{count} more lines")
                 .format(count=len(lines) - MAX_DIFF_LINES) + "\n"]
    return Versions(change, "".join(lines))


def _state_rows(state: FileState | None) -> list[str]:
    if state is None:
        return [translate("FileVersions", "absent"), "", "", "", "", ""]
    return [state.kind.name.lower(),
            translate("FileVersions", "{size} ({bytes:,} bytes)").format(
                size=human_size(state.size), bytes=state.size),
            f"{state.mode:04o}", f"{state.uid}:{state.gid}", state.link or "",
            ] + ([str(state.layer)] if state.layer is not None else ["?"])


def header_html(change: FileChange) -> str:
    line = " — " + translate("FileVersions", "Dockerfile line {line}").format(
        line=change.line) if change.line else ""
    changed = f" ({', '.join(change.changed)})" if change.changed else ""
    what = translate("CompareResults", CHANGE_NAMES.get(change.change, change.change))
    return f"<h3>{escape(change.path)}</h3><p>{escape(what)}{escape(changed)}{line}</p>"


def metadata_html(change: FileChange) -> str:
    """Both versions' metadata side by side, the changed rows in bold."""
    names = [translate("FileVersions", "kind"), translate("FileVersions", "size"),
             translate("FileVersions", "mode"), translate("FileVersions", "owner"),
             translate("FileVersions", "link target"), translate("FileVersions", "layer")]
    a, b = _state_rows(change.a), _state_rows(change.b)
    a += [""] * (len(names) - len(a))
    b += [""] * (len(names) - len(b))
    rows = []
    for name, left, right in zip(names, a, b, strict=True):
        weight = "bold" if left != right and name != names[-1] else "normal"
        rows.append(f"<tr style='font-weight: {weight}'><td>{name}</td>"
                    f"<td>{escape(left)}</td><td>{escape(right)}</td></tr>")
    return ("<table border='1' cellspacing='0' cellpadding='3'><tr><th></th><th>A</th>"
            f"<th>B</th></tr>{''.join(rows)}</table>")


def diff_html(result: Versions) -> str:
    if result.diff is None:
        return f"<p><i>{escape(result.why_no_diff)}</i></p>"
    if not result.diff:
        return "<p><i>" + escape(translate("FileVersions", "The texts are the same.")) + \
            "</i></p>"
    out = []
    for line in result.diff.splitlines():
        colour = "#2e7d32" if line.startswith("+") else "#c0392b" if line.startswith("-") \
            else "#3b6ea8" if line.startswith("@@") else "inherit"
        out.append(f"<span style='color: {colour}'>{escape(line)}</span>")
    return "<pre>" + "\n".join(out) + "</pre>"
