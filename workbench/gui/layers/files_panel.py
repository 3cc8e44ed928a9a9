"""The file explorer: what the selected step did to the files, or everything up to it.

The tree for a step (``Analysis.layer_changes`` or ``Analysis.merged``) and its filtered,
sorted view are built in a worker keyed ``files-view``: a newer request (another step, a
filter keystroke) cancels the older one and its late result is dropped. The last tree
is kept, so changing only the filter or the sort does not rebuild it.
"""

from __future__ import annotations

import re
from collections import OrderedDict, deque
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from workbench.core.extract import extract
from workbench.core.model import Status
from workbench.core.progress import CancelToken, ProgressCallback
from workbench.gui.formatting import human_size
from workbench.gui.layers.inefficient import InefficientList
from workbench.gui.layers.steps import layer_for_step, own_layer, step_for_layer, unlisted_layers
from workbench.gui.layers.tree_model import (
    COLUMNS,
    FileTreeModel,
    TreeView,
    build_view,
    compile_filter,
    word,
)
from workbench.gui.selection import ImageContext
from workbench.gui.worker import JobRunner

LAYER, MERGED = "layer", "merged"
FILTER_DELAY_MS = 250  # typing pauses shorter than this do not start a rebuild
EXPAND_ROWS = 5000  # rows "expand all" shows at most; more would stall the view itself
# Trees kept so a filter or sort change does not rebuild the tree. One is enough for
# that, and each can take a few hundred MB at 500,000 files.
TREE_CACHE = 1
LAYER_COLUMN = COLUMNS.index("Layer")


class FilesPanel(QWidget):
    def __init__(self, context: ImageContext, runner: JobRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.runner = runner
        self.mode = LAYER
        self.layer: int | None = None
        self._trees: OrderedDict[tuple[int, str, int], Any] = OrderedDict()
        self._pending = False  # a view job is running
        self._job: Any = None
        self.model = FileTreeModel(self)

        self.mode_box = QComboBox()
        self.mode_box.addItem(self.tr("Layer changes"), LAYER)
        self.mode_box.addItem(self.tr("Merged up to step"), MERGED)
        self.mode_box.setToolTip(self.tr("The step's own changes, or the whole filesystem "
                                         "after it"))
        self.status_boxes: dict[Status, QCheckBox] = {}
        self.sort_box = QComboBox()
        self.sort_box.addItem(self.tr("Sort by name"), "name")
        self.sort_box.addItem(self.tr("Sort by size"), "size")
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter paths (regular expression)"))
        self.filter_edit.setClearButtonEnabled(True)
        self.expand_button = QPushButton(self.tr("Expand all"))
        self.collapse_button = QPushButton(self.tr("Collapse all"))
        self.extract_button = QPushButton(self.tr("Extract…"))
        self.extract_button.setToolTip(self.tr("Copy the selected file or folder out of the "
                                               "image"))
        self.message = QLabel()
        self.message.setObjectName("filesMessage")
        self.message.setWordWrap(True)
        # Two lines, whatever the text: a message that changed the label's height would
        # move the tree, and the tree's repaint calls into Python hundreds of times,
        # each call waiting for the interpreter lock while a worker builds the next view.
        self.message.setFixedHeight(2 * self.message.fontMetrics().lineSpacing() + 4)

        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)  # lets the view skip measuring every row
        self.tree.setAlternatingRowColors(True)
        # The header reads its labels from a model implemented in C++: painting and
        # sizing the header ask for them about sixty times, and answering from Python
        # would wait for the interpreter lock each time while a worker is busy.
        self._header_labels = QStandardItemModel(0, len(COLUMNS), self)
        self._header_labels.setHorizontalHeaderLabels([word(c) for c in COLUMNS])
        self.tree.header().setModel(self._header_labels)
        self.tree.header().resizeSection(0, 260)
        self.inefficient = InefficientList(context)

        row1 = QHBoxLayout()
        row1.addWidget(self.mode_box)
        for status in Status:
            box = QCheckBox(word(status.value))
            box.setChecked(True)
            box.toggled.connect(self._refresh)
            self.status_boxes[status] = box
            row1.addWidget(box)
        row1.addWidget(self.sort_box)
        row1.addStretch(1)
        row2 = QHBoxLayout()
        row2.addWidget(self.filter_edit, 1)
        row2.addWidget(self.expand_button)
        row2.addWidget(self.collapse_button)
        row2.addWidget(self.extract_button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.inefficient)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self._refresh)
        self.filter_edit.textChanged.connect(self._filter_timer.start)
        self.mode_box.currentIndexChanged.connect(self._on_mode_changed)
        self.sort_box.currentIndexChanged.connect(self._refresh)
        self.expand_button.clicked.connect(self.expand_all)
        self.collapse_button.clicked.connect(self.tree.collapseAll)
        self.extract_button.clicked.connect(self._on_extract_clicked)
        self.tree.selectionModel().currentChanged.connect(self._on_current_changed)
        self.tree.doubleClicked.connect(self._on_double_clicked)
        context.analysis_changed.connect(self._on_analysis_changed)
        context.step_selected.connect(self._refresh)
        context.path_selected.connect(self._on_path_selected)
        if context.analysis is not None:
            self._on_analysis_changed(context.analysis)

    # Building the view --------------------------------------------------------------
    def set_mode(self, mode: str) -> None:
        self.mode_box.setCurrentIndex(self.mode_box.findData(mode))

    def _on_mode_changed(self, _index: int) -> None:
        self.mode = str(self.mode_box.currentData())
        self._refresh()

    def _on_analysis_changed(self, _analysis: Any) -> None:
        # Trees hold no reference cycles: dropping them frees them at once.
        self._trees.clear()
        self.model.set_view(None)
        self._refresh()

    def _target_layer(self) -> tuple[int | None, str]:
        """The layer to show for the selected step, or a sentence why there is none."""
        analysis = self.context.analysis
        if analysis is None:
            return None, self.tr("No image open.")
        history = analysis.info.history
        step = self.context.step
        columns = len(history) + len(unlisted_layers(analysis))
        if step < 0 or step >= columns:
            # Nothing selected yet: the whole image, as a user opening it expects.
            last = len(analysis.layers) - 1
            return (last, "") if last >= 0 else (None, self.tr("The image has no layers."))
        if self.mode == LAYER:
            layer = own_layer(analysis, step)
            if layer is None:
                return None, self.tr(
                    "Step {step} ({instruction}) changed only metadata: no files. Pick "
                    "“Merged up to step” to see the filesystem.").format(
                        step=step, instruction=history[step].instruction)
        else:
            layer = layer_for_step(analysis, step)
        if layer is None:
            return None, self.tr("No layer exists up to step {step}.").format(step=step)
        return int(layer), ""

    def _refresh(self, *_args: Any) -> None:
        """Request the view for the current step, mode, statuses, filter and sort."""
        self._filter_timer.stop()
        layer, why = self._target_layer()
        if layer is None:
            self._drop_running()
            self.layer = None
            self.model.set_view(None)
            self.message.setText(why)
            return
        try:
            pattern = compile_filter(self.filter_edit.text())
        except re.error as exc:
            self.message.setText(self.tr("The filter is not a valid regular expression "
                                         "({error}): fix it to filter again.").format(error=exc))
            return
        statuses = [s for s, box in self.status_boxes.items() if box.isChecked()]
        sort = str(self.sort_box.currentData())
        analysis, mode = self.context.analysis, self.mode
        key = (id(analysis), mode, layer)
        cached = self._trees.get(key)

        def work(_progress: ProgressCallback, cancel: CancelToken) -> tuple[Any, TreeView]:
            tree = cached
            if tree is None:
                tree = (analysis.layer_changes(layer) if mode == LAYER
                        else analysis.merged(layer, cancel))
            return tree, build_view(tree.root, statuses, pattern, sort, cancel)

        self._pending = True
        self.message.setText(self.tr("Reading layer {layer}…").format(layer=layer))
        self._job = self.runner.start(
            work, name="file tree", key="files-view",
            on_result=lambda result: self._on_view(key, layer, result),
            on_error=self._on_error)

    def _drop_running(self) -> None:
        """Cancel the view job in flight; the runner drops a cancelled job's result."""
        if self._job is not None:
            self._job.cancel()
            self._job = None
        self._pending = False

    def _on_view(self, key: tuple[int, str, int], layer: int, result: tuple[Any, TreeView]
                 ) -> None:
        tree, view = result
        self._pending = False
        self._job = None
        self._trees[key] = tree
        self._trees.move_to_end(key)
        while len(self._trees) > TREE_CACHE:
            self._trees.popitem(last=False)
        self.layer = layer
        self.model.set_view(view)
        total = getattr(tree, "count", 0)
        text = (self.tr("{matched:,} of {total:,} entries match — changes of layer {layer}, "
                        "{size}.") if self.mode == LAYER else
                self.tr("{matched:,} of {total:,} entries match — filesystem up to layer "
                        "{layer}, {size}."))
        self.message.setText(text.format(matched=view.matched, total=total, layer=layer,
                                         size=human_size(tree.root.size)))
        self._show_path(self.context.path)

    def _on_error(self, message: str) -> None:
        self._pending = False
        self.message.setText(message)

    @property
    def busy(self) -> bool:
        return self._pending

    # Navigation -----------------------------------------------------------------------
    def expand_all(self) -> None:
        """Open folders breadth first until about ``EXPAND_ROWS`` rows show.

        Opening every folder of a 500,000-file tree would make the view lay out every
        row; a few thousand rows is what a person scrolls through, and filtering narrows
        the tree when more is wanted. One delayed layout covers all the openings (one
        layout per ``expand`` call costs seconds on big trees).
        """
        model = self.model
        chosen: list[QModelIndex] = []
        queue = deque([QModelIndex()])
        rows = model.rowCount()
        complete = True
        while queue:
            parent = queue.popleft()
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                if not model.hasChildren(index):
                    continue
                more = model.rowCount(index)
                if rows + more > EXPAND_ROWS:
                    complete = False
                    continue
                rows += more
                chosen.append(index)
                queue.append(index)
        self.tree.scheduleDelayedItemsLayout()
        for index in chosen:
            self.tree.setExpanded(index, True)
        if not complete:
            self.message.setText(self.tr("Opened folders up to {rows:,} rows; filter to "
                                         "narrow the tree down, or open folders one by "
                                         "one.").format(rows=EXPAND_ROWS))

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        node = self.model.node(current)
        if node is not None:
            self.context.select_path(node.path)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        """A double click on the Layer column selects the step that wrote the entry."""
        node = self.model.node(index)
        analysis = self.context.analysis
        if node is None or analysis is None or index.column() != LAYER_COLUMN:
            return
        if node.layer is not None:
            step = step_for_layer(analysis, int(node.layer))
            if step >= 0:
                self.context.select_step(step)

    def _on_path_selected(self, path: str) -> None:
        self._show_path(path)

    def _show_path(self, path: str) -> None:
        if not path:
            return
        index = self.model.index_for_path(path)
        if not index.isValid():
            return
        self.tree.scrollTo(index)
        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)

    # Extraction -----------------------------------------------------------------------
    def _on_extract_clicked(self) -> None:
        if self.selected_path() is None:
            self.message.setText(self.tr("Select a file or folder in the tree to extract it."))
            return
        folder = QFileDialog.getExistingDirectory(self, self.tr("Extract into folder"))
        if folder:
            self.extract_selected(folder)

    def selected_path(self) -> str | None:
        node = self.model.node(self.tree.currentIndex())
        return node.path if node is not None else None

    def extract_selected(self, folder: str) -> None:
        """Extract the selected path, as the current view shows it, into ``folder``."""
        path, layer, analysis = self.selected_path(), self.layer, self.context.analysis
        if path is None or layer is None or analysis is None:
            self.message.setText(self.tr("Select a file or folder in the tree to extract it."))
            return
        layer_only = self.mode == LAYER

        def work(progress: ProgressCallback, cancel: CancelToken) -> Any:
            source, close = _layer_source(analysis, cancel)
            try:
                return extract(source, path, folder, upto=layer, layer_only=layer_only,
                               progress=progress, cancel=cancel)
            finally:
                close()

        def done(result: Any) -> None:
            text = (self.tr("Extracted /{path} to {target}. Skipped: {skipped}.")
                    if result.skipped else self.tr("Extracted /{path} to {target}."))
            self.message.setText(text.format(path=path, target=result.target,
                                             skipped="; ".join(result.skipped[:3])))

        self.message.setText(self.tr("Extracting /{path}…").format(path=path))
        self.runner.start(work, name="extract", key="files-extract", on_result=done,
                          on_error=self.message.setText)


def _layer_source(analysis: Any, cancel: CancelToken) -> tuple[Any, Any]:
    """Something with ``open_layer``: the analysis's own, or the image reopened.

    Reopening reuses the layer cache, so only the config is read again.
    """
    source = getattr(analysis, "source", None)
    if source is not None and hasattr(source, "open_layer"):
        return source, lambda: None
    from workbench.core.image.open import open_image

    opened = open_image(analysis.info.source, cancel=cancel)
    close = getattr(opened, "close", None) or getattr(opened.source, "close", None)
    return opened.source, close if callable(close) else (lambda: None)
