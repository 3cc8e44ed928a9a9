"""What a comparison shows: the summary (deltas, config, findings), the layers aligned,
the files changed, and the size delta by directory as a treemap.

Filled from the core's ``Comparison`` only; nothing here reads an image.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QHeaderView,
    QLineEdit,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.harden.model import redact
from workbench.core.review.compare import Comparison
from workbench.core.review.files_diff import FileChange
from workbench.core.units import human_size
from workbench.gui.i18n import translate
from workbench.gui.review.file_versions import CHANGE_NAMES
from workbench.gui.review.treemap import Treemap

CHANGE_ROLE = Qt.ItemDataRole.UserRole
CHANGE_COLOURS = {"added": "#2e7d32", "removed": "#c0392b", "modified": "#b8860b"}
# What a layer's state is called; the keys are what the code (and its tests) compare.
STATE_NAMES = {"shared": str(QT_TRANSLATE_NOOP("LayersTree", "shared")),
               "only in A": str(QT_TRANSLATE_NOOP("LayersTree", "only in A")),
               "only in B": str(QT_TRANSLATE_NOOP("LayersTree", "only in B")),
               "changed": str(QT_TRANSLATE_NOOP("LayersTree", "changed")),
               "moved": str(QT_TRANSLATE_NOOP("LayersTree", "moved"))}


def signed_size(delta: int | None) -> str:
    if delta is None:
        return translate("CompareResults", "n/a")
    return ("+" if delta > 0 else "-" if delta < 0 else "±") + human_size(abs(delta))


def _ratio(value: Any, percent: bool = True) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return translate("CompareResults", "n/a")
    if not percent:
        return f"{value:+}"
    return translate("CompareResults", "{points:+.2f} pts").format(points=value * 100)


def _value(value: Any) -> str:
    empty = translate("CompareResults", "(empty)")
    if value is None:
        return translate("CompareResults", "(none)")
    if isinstance(value, list):
        return "\n".join(str(v) for v in value) or empty
    if isinstance(value, dict):
        return "\n".join(f"{k}={v}" if v not in ({}, None) else str(k)
                         for k, v in value.items()) or empty
    return str(value) or '""'


def side_name(side: Any) -> str:
    """A tag and a short id; an untagged image by its short id alone."""
    short = side.id.removeprefix("sha256:")[:12]
    named = side.name if not side.name.startswith(("docker://sha256:", "sha256:")) else ""
    return f"{named} ({short})" if named else short


def _para(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def summary_html(result: Comparison) -> str:
    d = result.deltas()
    a, b = result.a, result.b
    na = translate("CompareResults", "n/a")
    rows = [(translate("CompareResults", "size"), human_size(a.size_bytes),
             human_size(b.size_bytes), signed_size(d["size_bytes"])),
            (translate("CompareResults", "compressed"),
             human_size(a.compressed_bytes) if a.compressed_bytes else na,
             human_size(b.compressed_bytes) if b.compressed_bytes else na,
             signed_size(d["compressed_bytes"])),
            (translate("CompareResults", "layers"), str(len(a.layers)), str(len(b.layers)),
             f"{d['layers']:+}"),
            (translate("CompareResults", "efficiency"), f"{a.metrics['efficiency'] * 100:.2f} %",
             f"{b.metrics['efficiency'] * 100:.2f} %", _ratio(d["efficiency"])),
            (translate("CompareResults", "wasted"), human_size(a.metrics["wasted_bytes"]),
             human_size(b.metrics["wasted_bytes"]), signed_size(d["wasted_bytes"])),
            (translate("CompareResults", "reclaimable"),
             human_size(a.metrics["reclaimable_bytes"]),
             human_size(b.metrics["reclaimable_bytes"]), signed_size(d["reclaimable_bytes"]))]
    table = "".join(f"<tr><td>{n}</td><td align='right'>{x}</td><td align='right'>{y}</td>"
                    f"<td align='right'><b>{z}</b></td></tr>" for n, x, y, z in rows)
    counts = {kind: sum(c.change == kind for c in result.files)
              for kind in ("added", "removed", "modified")}
    layers = translate("CompareResults", "{shared} layers shared, {only_a} only in A, "
                       "{only_b} only in B.").format(shared=len(result.shared),
                                                     only_a=len(result.only_a),
                                                     only_b=len(result.only_b))
    files = translate("CompareResults", "Files: {added} added, {removed} removed, "
                      "{modified} modified.").format(**counts)
    parts = [f"<p><b>A</b> {escape(side_name(a))} &nbsp; → &nbsp; "
             f"<b>B</b> {escape(side_name(b))}</p>",
             "<table border='1' cellspacing='0' cellpadding='3'><tr><th></th><th>A</th>"
             f"<th>B</th><th>B − A</th></tr>{table}</table>",
             _para(f"{layers} {_divergence(result)}"), _para(files)]
    if result.config:
        cells = "".join(
            f"<tr><td>{escape(name)}</td><td><pre>{escape(_value(v['a']))}</pre></td>"
            f"<td><pre>{escape(_value(v['b']))}</pre></td></tr>"
            for name, v in result.config.items())
        changed = escape(translate("CompareResults", "Config changed"))
        parts.append(f"<h3>{changed}</h3><table border='1' cellspacing='0' "
                     f"cellpadding='3'><tr><th></th><th>A</th><th>B</th></tr>{cells}</table>")
    else:
        parts.append(_para(translate("CompareResults", "The config is the same.")))
    for title, found in ((translate("CompareResults", "Findings fixed ({count})"),
                          result.findings_fixed),
                         (translate("CompareResults", "Findings introduced ({count})"),
                          result.findings_introduced)):
        items = "".join(f"<li><b>{escape(f['rule'])}</b> ({escape(f['kind'])}"
                        + (", " + translate("CompareResults", "line {line}").format(
                            line=f["line"]) if f.get("line") else "") + ")"
                        + (f": {escape(f['title'])}" if f.get("title") else "")
                        + (f" — {escape(f['path'])}" if f.get("path") else "") + "</li>"
                        for f in found)
        parts.append(f"<h3>{escape(title.format(count=len(found)))}</h3>"
                     + (f"<ul>{items}</ul>" if items
                        else _para(translate("CompareResults", "none"))))
    if result.notes:
        parts.append(_para(translate("CompareResults", "Notes:")) + "<ul>"
                     + "".join(f"<li>{escape(n)}</li>" for n in result.notes) + "</ul>")
    return redact("".join(parts), result.secrets)


def _divergence(result: Comparison) -> str:
    k = result.first_divergence
    if k is None:
        return translate("CompareResults", "The layers are the same.")
    layers = result.b.layers
    line = layers[k].get("line") if k < len(layers) else None
    if line:
        return translate("CompareResults", "Everything from layer {layer} (Dockerfile line "
                         "{line}) up was rebuilt.").format(layer=k, line=line)
    return translate("CompareResults", "Everything from layer {layer} up was "
                     "rebuilt.").format(layer=k)


class LayersTree(QTreeWidget):
    """A's and B's layers side by side by position; the first diverging one is marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels([self.tr("Layer"), self.tr("State"), self.tr("Line"),
                              self.tr("B: instruction"), self.tr("B size"),
                              self.tr("A: instruction"), self.tr("A size")])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        header = self.header()
        for column in (0, 1, 2, 4, 6):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # Instructions can be long: both stay in view, the full text is in the tooltip.
        for column in (3, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, 300)

    def show_layers(self, result: Comparison) -> None:
        self.clear()
        shared = set(result.shared)
        count = max(len(result.a.layers), len(result.b.layers))
        for index in range(count):
            a = result.a.layers[index] if index < len(result.a.layers) else None
            b = result.b.layers[index] if index < len(result.b.layers) else None
            if a is not None and b is not None and a["diff_id"] == b["diff_id"]:
                state = "shared"
            elif b is None:
                state = "only in A"
            elif a is None:
                state = "only in B"
            else:
                state = "changed"
            if b is not None and state != "shared" and b["diff_id"] in shared:
                state = "moved"
            first = index == result.first_divergence
            line = (b or {}).get("line") or (a or {}).get("line")
            item = QTreeWidgetItem([
                str(index), translate("LayersTree", STATE_NAMES[state])
                + ("  ← " + self.tr("first rebuilt") if first else ""),
                str(line) if line else "",
                redact((b or {}).get("command", ""), result.secrets)[:120],
                human_size(b["size_bytes"]) if b else "",
                redact((a or {}).get("command", ""), result.secrets)[:120],
                human_size(a["size_bytes"]) if a else ""])
            item.setData(0, CHANGE_ROLE, line or 0)
            item.setToolTip(3, item.text(3))
            item.setToolTip(5, item.text(5))
            if state != "shared":
                item.setForeground(1, QBrush(QColor("#c0392b")))
            if first:
                font = QFont(item.font(1))
                font.setBold(True)
                for column in range(7):
                    item.setFont(column, font)
            self.addTopLevelItem(item)


class FilesTree(QTreeWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels([self.tr("Path"), self.tr("Change"), self.tr("Size A"),
                              self.tr("Size B"), self.tr("Delta"), self.tr("What"),
                              self.tr("Line")])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setSortingEnabled(True)
        self.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        header = self.header()
        # Paths are what a reader scans: they fit their text, and a narrow dock scrolls.
        header.setStretchLastSection(False)
        for column in range(7):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.changes: list[FileChange] = []

    def show_files(self, changes: list[FileChange], under: str = "") -> None:
        self.setSortingEnabled(False)
        self.clear()
        prefix = under.rstrip("/") + "/" if under and under != "/" else ""
        for change in changes:
            if prefix and not change.path.startswith(prefix) and change.path != under:
                continue
            item = _SortedItem([
                change.path,
                translate("CompareResults", CHANGE_NAMES.get(change.change, change.change)),
                human_size(change.size_a) if change.a else "",
                human_size(change.size_b) if change.b else "",
                signed_size(change.size_b - change.size_a), ", ".join(change.changed),
                str(change.line) if change.line else ""])
            item.setData(0, CHANGE_ROLE, change)
            item.setForeground(1, QBrush(QColor(CHANGE_COLOURS[change.change])))
            self.addTopLevelItem(item)
        self.setSortingEnabled(True)

    def selected_change(self) -> FileChange | None:
        item = self.currentItem()
        value = item.data(0, CHANGE_ROLE) if item is not None else None
        return value if isinstance(value, FileChange) else None

    def select_path(self, path: str) -> bool:
        for i in range(self.topLevelItemCount()):
            item = self.topLevelItem(i)
            if item is not None and item.text(0) == path:
                self.setCurrentItem(item)
                return True
        return False


class _SortedItem(QTreeWidgetItem):
    """Size columns sort by bytes, not by their text."""

    def __lt__(self, other: QTreeWidgetItem) -> bool:
        tree = self.treeWidget()
        column = tree.sortColumn() if tree is not None else 0
        mine, theirs = self.data(0, CHANGE_ROLE), other.data(0, CHANGE_ROLE)
        if column in (2, 3, 4) and isinstance(mine, FileChange) and \
                isinstance(theirs, FileChange):
            key = {2: lambda c: c.size_a, 3: lambda c: c.size_b,
                   4: lambda c: c.size_b - c.size_a}[column]
            return bool(key(mine) < key(theirs))
        return self.text(column) < other.text(column)


class CompareResults(QTabWidget):
    file_selected = Signal(object)  # FileChange
    line_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QTextBrowser()
        self.layers = LayersTree()
        self.files = FilesTree()
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Only files under… (click a treemap block)"))
        self.filter.setClearButtonEnabled(True)
        self.detail = QTextBrowser()
        files_page = QWidget()
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.files)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        files_layout = QVBoxLayout(files_page)
        files_layout.setContentsMargins(0, 0, 0, 0)
        files_layout.addWidget(self.filter)
        files_layout.addWidget(split, 1)
        self.treemap = Treemap()
        self.addTab(self.summary, self.tr("Summary"))
        self.addTab(self.layers, self.tr("Layers"))
        self.addTab(files_page, self.tr("Files"))
        self.addTab(self.treemap, self.tr("Size by directory"))
        self.result: Comparison | None = None
        self.files.currentItemChanged.connect(lambda *_: self._on_file())
        self.layers.currentItemChanged.connect(lambda *_: self._on_layer())
        self.treemap.directory_clicked.connect(self.show_directory)
        self.filter.textChanged.connect(self._refilter)

    def show_result(self, result: Comparison) -> None:
        self.result = result
        self.summary.setHtml(summary_html(result))
        self.layers.show_layers(result)
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.blockSignals(False)
        self.files.show_files(result.files)
        self.detail.setHtml(f"<p>{escape(self.tr('Click a file to see both versions.'))}</p>")
        self.treemap.set_changes([(c.path, c.size_b - c.size_a) for c in result.files])

    def show_directory(self, path: str) -> None:
        self.filter.setText(path)
        self.setCurrentIndex(2)

    def _refilter(self, text: str) -> None:
        if self.result is not None:
            self.files.show_files(self.result.files, text.strip())

    def _on_file(self) -> None:
        change = self.files.selected_change()
        if change is not None:
            self.file_selected.emit(change)

    def _on_layer(self) -> None:
        item = self.layers.currentItem()
        line = item.data(0, CHANGE_ROLE) if item is not None else 0
        if line:
            self.line_clicked.emit(int(line))
