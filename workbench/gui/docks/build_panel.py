"""Build dock: step n/m progress, one row per step, and the engine's streamed output.

It only displays build events (workbench.core.engine.events); the build controller
owns the job. Clicking a row selects the step's Dockerfile lines.
"""

from __future__ import annotations

from ansi2html import Ansi2HTMLConverter
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.engine.events import (
    BuildEvent,
    BuildFailed,
    BuildFinished,
    StepCached,
    StepFinished,
    StepOutput,
    StepStarted,
)
from workbench.gui.formatting import human_duration, human_size

COLUMNS = [
    str(QT_TRANSLATE_NOOP("BuildPanel", "Step")),
    str(QT_TRANSLATE_NOOP("BuildPanel", "Instruction")),
    str(QT_TRANSLATE_NOOP("BuildPanel", "Cache")),
    str(QT_TRANSLATE_NOOP("BuildPanel", "Duration")),
    str(QT_TRANSLATE_NOOP("BuildPanel", "Layer size")),
]
LINES_ROLE = Qt.ItemDataRole.UserRole
MAX_OUTPUT_LINES = 20000


class BuildPanel(QWidget):
    step_clicked = Signal(int, int)  # Dockerfile line range
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress = QProgressBar(self)
        self.progress.setFormat(self.tr("idle"))
        self.progress.setValue(0)
        self.status = QLabel(self.tr("No build yet."), self)
        self.cancel_button = QPushButton(self.tr("Cancel build"), self)
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.steps = QTreeWidget(self)
        self.steps.setRootIsDecorated(False)
        self.steps.setHeaderLabels([self.tr(column) for column in COLUMNS])
        for column, width in enumerate((50, 380, 70, 80, 90)):
            self.steps.setColumnWidth(column, width)
        self.output = QPlainTextEdit(self)
        self.output.setReadOnly(True)
        # A chatty RUN (apt-get, compilers) streams thousands of lines: keep the last
        # ones, and append them in batches so the UI thread lays text out a few times a
        # second rather than once per line.
        self.output.setMaximumBlockCount(MAX_OUTPUT_LINES)
        self._pending: list[str] = []
        self._ansi = Ansi2HTMLConverter(inline=True)
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(50)
        self._flush_timer.timeout.connect(self.flush_output)
        self.output.setMaximumBlockCount(20000)
        self.output.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        top = QHBoxLayout()
        top.addWidget(self.progress, 1)
        top.addWidget(self.status, 2)
        top.addWidget(self.cancel_button)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.steps)
        split.addWidget(self.output)
        split.setSizes([560, 440])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.steps.itemClicked.connect(self._on_item)
        self._rows: dict[int, QTreeWidgetItem] = {}

    # -- lifecycle ------------------------------------------------------------------------
    def _append(self, text: str) -> None:
        self._pending.append(text)
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def flush_output(self) -> None:
        """Show the lines received since the last flush (also called by the timer).

        RUN output carries the program's ANSI colours (``\\e[91m``…); they are turned
        into HTML spans so the log shows colour, not escape codes.
        """
        if self._pending:
            text, self._pending = "\n".join(self._pending), []
            html = self._ansi.convert(text, full=False).replace("\n", "<br>")
            self.output.appendHtml(f'<span style="white-space: pre">{html}</span>')

    def begin(self, description: str) -> None:
        self._pending.clear()
        self.steps.clear()
        self._rows.clear()
        self.output.clear()
        self.progress.setRange(0, 0)  # busy until the first step says how many
        self.progress.setFormat(self.tr("starting"))
        self.status.setText(description)
        self.cancel_button.setEnabled(True)

    def end(self, message: str, ok: bool) -> None:
        self.flush_output()
        self.cancel_button.setEnabled(False)
        if self.progress.maximum() == 0:
            self.progress.setRange(0, 1)
            self.progress.setValue(1 if ok else 0)
        self.progress.setFormat(self.tr("done") if ok else self.tr("stopped"))
        self.status.setText(message)

    def row(self, step: int) -> QTreeWidgetItem | None:
        return self._rows.get(step)

    # -- events ---------------------------------------------------------------------------
    def on_event(self, event: BuildEvent) -> None:
        if isinstance(event, StepStarted):
            self.progress.setRange(0, event.total)
            self.progress.setValue(event.step - 1)
            self.progress.setFormat(self.tr("step {step}/{total}").format(step=event.step,
                                                                          total=event.total))
            item = QTreeWidgetItem([str(event.step), event.instruction, "", "…", ""])
            item.setData(0, LINES_ROLE, (event.line_start, event.line_end))
            item.setToolTip(1, event.instruction + "\n" + self.tr(
                "Dockerfile lines {start}–{end}").format(start=event.line_start,
                                                         end=event.line_end))
            self.steps.addTopLevelItem(item)
            self.steps.scrollToItem(item)
            # The engine's own line format (docker build's classic output): not translated.
            self._append(f"Step {event.step}/{event.total} : {event.instruction}")
            self._rows[event.step] = item
        elif isinstance(event, StepCached):
            if (row := self._rows.get(event.step)) is not None:
                row.setText(2, self.tr("cached"))
        elif isinstance(event, StepFinished):
            if (row := self._rows.get(event.step)) is not None:
                row.setText(2, self.tr("cached") if event.cached else self.tr("built"))
                row.setText(3, human_duration(event.duration))
                row.setText(4, human_size(event.layer_size))
                row.setTextAlignment(4, Qt.AlignmentFlag.AlignRight)
            self.progress.setValue(max(self.progress.value(), event.step))
        elif isinstance(event, StepOutput):
            self._append(event.text.rstrip("\n"))
        elif isinstance(event, BuildFailed):
            if (row := self._rows.get(event.step)) is not None:
                for column in range(len(COLUMNS)):
                    row.setForeground(column, QBrush(QColor("#d32f2f")))
                row.setText(2, self.tr("failed"))
                row.setText(3, "")
            self._append(f"✖ {event.message}")
        elif isinstance(event, BuildFinished):
            self.progress.setValue(self.progress.maximum())
            self._append("✔ " + self.tr("built {image} {tags} in {duration}").format(
                image=event.image_id[:19], tags=" ".join(event.tags),
                duration=human_duration(event.duration)))

    def _on_item(self, item: QTreeWidgetItem, _column: int) -> None:
        lines = item.data(0, LINES_ROLE)
        if lines and lines[0]:
            self.step_clicked.emit(int(lines[0]), int(lines[1]))
