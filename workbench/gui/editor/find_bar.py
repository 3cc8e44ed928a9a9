"""Find/replace bar shown under the editor (Ctrl+F, Ctrl+H); Escape hides it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from workbench.gui.editor.code_editor import CodeEditor


class FindBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor: CodeEditor | None = None
        self.find_edit = QLineEdit(placeholderText=self.tr("Find"))
        self.replace_edit = QLineEdit(placeholderText=self.tr("Replace with"))
        self.case = QCheckBox("Aa")
        self.case.setToolTip(self.tr("Match case"))
        self.count = QLabel()
        previous = QPushButton("◀")
        previous.setToolTip(self.tr("Previous match (Shift+Enter)"))
        following = QPushButton("▶")
        following.setToolTip(self.tr("Next match (Enter)"))
        self.replace_button = QPushButton(self.tr("Replace"))
        self.replace_all_button = QPushButton(self.tr("All"))
        self.replace_all_button.setToolTip(self.tr("Replace all matches"))
        close = QPushButton("✕")
        close.setFlat(True)
        close.setToolTip(self.tr("Close (Escape)"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        for widget in (self.find_edit, previous, following, self.case, self.count,
                       self.replace_edit, self.replace_button, self.replace_all_button, close):
            layout.addWidget(widget)
        self.find_edit.textChanged.connect(self._refresh)
        self.case.toggled.connect(self._refresh)
        self.find_edit.returnPressed.connect(self.find_next)
        QShortcut(QKeySequence("Shift+Return"), self.find_edit, self.find_previous)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_bar)
        previous.clicked.connect(self.find_previous)
        following.clicked.connect(self.find_next)
        self.replace_button.clicked.connect(self.replace_one)
        self.replace_all_button.clicked.connect(self.replace_all)
        close.clicked.connect(self.close_bar)
        self.hide()

    def attach(self, editor: CodeEditor | None) -> None:
        if self.editor is not None:
            self.editor.find_matches = []
            self.editor.set_step_lines(*self.editor.step_lines)  # repaint without matches
        self.editor = editor
        if self.isVisible():
            self._refresh()

    def open_find(self, replace: bool = False) -> None:
        for widget in (self.replace_edit, self.replace_button, self.replace_all_button):
            widget.setVisible(replace)
        if self.editor is not None and self.editor.textCursor().hasSelection():
            self.find_edit.setText(self.editor.textCursor().selectedText())
        self.show()
        self.find_edit.setFocus()
        self.find_edit.selectAll()
        self._refresh()

    def close_bar(self) -> None:
        self.hide()
        if self.editor is not None:
            self.editor.find_matches = []
            self.editor.set_step_lines(*self.editor.step_lines)
            self.editor.setFocus()

    def _flags(self, backward: bool = False) -> QTextDocument.FindFlag:
        flags = QTextDocument.FindFlag(0)
        if self.case.isChecked():
            flags |= QTextDocument.FindFlag.FindCaseSensitively
        if backward:
            flags |= QTextDocument.FindFlag.FindBackward
        return flags

    def _refresh(self) -> None:
        if self.editor is None:
            return
        needle = self.find_edit.text()
        matches: list[QTextCursor] = []
        document = self.editor.document()
        if needle:
            cursor = document.find(needle, 0, self._flags())
            while not cursor.isNull() and len(matches) < 5000:
                matches.append(cursor)
                cursor = document.find(needle, cursor, self._flags())
        self.editor.find_matches = matches
        self.editor.set_step_lines(*self.editor.step_lines)
        self.count.setText(self.tr("{count} found").format(count=len(matches)) if needle else "")

    def _find(self, backward: bool) -> bool:
        if self.editor is None or not self.find_edit.text():
            return False
        document = self.editor.document()
        found = document.find(self.find_edit.text(), self.editor.textCursor(),
                              self._flags(backward))
        if found.isNull():  # wrap around
            start = QTextCursor(document)
            if backward:
                start.movePosition(QTextCursor.MoveOperation.End)
            found = document.find(self.find_edit.text(), start, self._flags(backward))
        if found.isNull():
            return False
        self.editor.setTextCursor(found)
        return True

    def find_next(self) -> bool:
        return self._find(False)

    def find_previous(self) -> bool:
        return self._find(True)

    def replace_one(self) -> None:
        if self.editor is None:
            return
        cursor = self.editor.textCursor()
        needle = self.find_edit.text()
        sensitive = self.case.isChecked()
        selected = cursor.selectedText()
        same = selected == needle or (not sensitive and selected.lower() == needle.lower())
        if needle and same:
            cursor.insertText(self.replace_edit.text())
        self.find_next()
        self._refresh()

    def replace_all(self) -> int:
        if self.editor is None or not self.find_edit.text():
            return 0
        self._refresh()
        matches = list(self.editor.find_matches)
        edit = self.editor.textCursor()
        edit.beginEditBlock()
        for match in matches:  # QTextCursors track earlier replacements
            match.insertText(self.replace_edit.text())
        edit.endEditBlock()
        self._refresh()
        return len(matches)
