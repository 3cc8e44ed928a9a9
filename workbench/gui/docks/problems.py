"""Problems dock: every diagnostic of the current Dockerfile; a click moves the cursor."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from workbench.core.lint import Diagnostic
from workbench.gui.editor.gutter import SEVERITY_COLOURS, severity_name


class ProblemsPanel(QWidget):
    problem_activated = Signal(int)  # 1-based line

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget(self)
        self.tree.setRootIsDecorated(False)
        # The message goes last so it takes whatever width the dock has.
        self.tree.setHeaderLabels([self.tr("Severity"), self.tr("Line"), self.tr("Rule"),
                                   self.tr("From"), self.tr("Message")])
        self.tree.setAlternatingRowColors(True)
        self.tree.setColumnWidth(0, 80)
        self.tree.setColumnWidth(1, 50)
        self.tree.setColumnWidth(2, 70)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.tree)
        self.tree.itemActivated.connect(self._on_item)
        self.tree.itemClicked.connect(self._on_item)
        self.diagnostics: list[Diagnostic] = []

    def set_problems(self, diagnostics: list[Diagnostic], note: str = "") -> None:
        self.diagnostics = list(diagnostics)
        self.tree.clear()
        for diagnostic in diagnostics:
            item = QTreeWidgetItem([severity_name(diagnostic.severity), str(diagnostic.line),
                                    diagnostic.code, diagnostic.source, diagnostic.message])
            item.setForeground(0, QBrush(QColor(SEVERITY_COLOURS[diagnostic.severity])))
            item.setData(0, Qt.ItemDataRole.UserRole, diagnostic.line)
            item.setToolTip(4, f"{diagnostic.message}\n{diagnostic.url}".strip())
            self.tree.addTopLevelItem(item)
        for column in (0, 1, 2, 3):  # fit the short columns, also at presentation font sizes
            self.tree.resizeColumnToContents(column)
        self.note.setText(note)
        self.note.setVisible(bool(note))

    def _on_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self.problem_activated.emit(int(item.data(0, Qt.ItemDataRole.UserRole) or 1))
