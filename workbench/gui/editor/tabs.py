"""The central editor area: one tab per open Dockerfile, plus the find/replace bar.

Saving, unsaved-change prompts and the file dialogs live here; the window only asks
"open this", "save the current one", "may I close everything?".
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QTabWidget, QVBoxLayout, QWidget

from workbench.core.errors import WorkbenchError
from workbench.gui.editor.code_editor import CodeEditor
from workbench.gui.editor.find_bar import FindBar

_untitled = itertools.count(1)
Button = QMessageBox.StandardButton


class DocumentError(WorkbenchError):
    """A Dockerfile that cannot be read or written."""


class DocumentTab(QWidget):
    def __init__(self, path: str = "", text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.untitled = 0 if path else next(_untitled)
        self.editor = CodeEditor(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor)
        self.editor.setPlainText(text)
        self.editor.document().setModified(False)

    @property
    def key(self) -> str:
        """Stable identity for autosave files and lint jobs."""
        return self.path or f"untitled:{self.untitled}"

    @property
    def title(self) -> str:
        name = Path(self.path).name if self.path else self.tr("Untitled {number}").format(
            number=self.untitled)
        if self.path and name.lower() in ("dockerfile", "containerfile"):
            name = f"{Path(self.path).parent.name}/{name}"
        return name + (" •" if self.modified else "")

    @property
    def modified(self) -> bool:
        return self.editor.document().isModified()

    @property
    def project_dir(self) -> str:
        return str(Path(self.path).parent) if self.path else ""

    def text(self) -> str:
        return self.editor.toPlainText()

    def write(self, path: str | None = None) -> None:
        target = Path(path or self.path)
        try:
            target.write_text(self.text(), encoding="utf-8")
        except OSError as exc:
            raise DocumentError(self.tr("Cannot save {path} ({reason}): pick another place "
                                        "with Save As.").format(path=target,
                                                                reason=exc.strerror)) from None
        self.path = str(target)
        self.editor.document().setModified(False)


class EditorArea(QWidget):
    current_changed = Signal(object)  # DocumentTab | None
    text_edited = Signal(object)  # DocumentTab, on every edit
    saved = Signal(object)  # DocumentTab
    titles_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = QTabWidget(self)
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.setDocumentMode(True)
        self.find_bar = FindBar(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.tabs)
        layout.addWidget(self.find_bar)
        self.tabs.currentChanged.connect(self._on_current_changed)
        self.tabs.tabCloseRequested.connect(lambda index: self.close_tab(self.tab_at(index)))
        # Replaced in tests: asks Save/Discard/Cancel for a modified document.
        self.ask_save: Callable[[DocumentTab], Button] = self._ask_save
        self.ask_path: Callable[[DocumentTab], str] = self._ask_path

    # -- access ---------------------------------------------------------------------------
    def tab_at(self, index: int) -> DocumentTab | None:
        widget = self.tabs.widget(index)
        return widget if isinstance(widget, DocumentTab) else None

    def documents(self) -> list[DocumentTab]:
        return [t for i in range(self.tabs.count()) if (t := self.tab_at(i)) is not None]

    def current(self) -> DocumentTab | None:
        return self.tab_at(self.tabs.currentIndex())

    def current_editor(self) -> CodeEditor | None:
        tab = self.current()
        return tab.editor if tab else None

    # -- open / new -----------------------------------------------------------------------
    def new_document(self, text: str = "", path: str = "") -> DocumentTab:
        tab = DocumentTab(path, text)
        tab.editor.textChanged.connect(lambda: self.text_edited.emit(tab))
        tab.editor.modificationChanged.connect(lambda _m: self._retitle(tab))
        self.tabs.addTab(tab, tab.title)
        self.tabs.setCurrentWidget(tab)
        self._retitle(tab)
        return tab

    def open_path(self, path: str | Path) -> DocumentTab:
        resolved = str(Path(path).resolve())
        for tab in self.documents():
            if tab.path == resolved:
                self.tabs.setCurrentWidget(tab)
                return tab
        try:
            text = Path(resolved).read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise DocumentError(self.tr("Cannot open {path} ({reason}): check the path and "
                                        "its permissions.").format(path=resolved,
                                                                   reason=exc.strerror)) from None
        # Reuse a pristine empty tab rather than piling up "Untitled" tabs.
        current = self.current()
        if current is not None and not current.path and not current.modified \
                and not current.text():
            self.tabs.removeTab(self.tabs.indexOf(current))
            current.deleteLater()
        return self.new_document(text, resolved)

    # -- save / close ---------------------------------------------------------------------
    def save(self, tab: DocumentTab | None = None) -> bool:
        tab = tab or self.current()
        if tab is None:
            return False
        if not tab.path:
            return self.save_as(tab)
        tab.write()
        self._retitle(tab)
        self.saved.emit(tab)
        return True

    def save_as(self, tab: DocumentTab | None = None) -> bool:
        tab = tab or self.current()
        if tab is None:
            return False
        path = self.ask_path(tab)
        if not path:
            return False
        tab.write(path)
        self._retitle(tab)
        self.saved.emit(tab)
        return True

    def close_tab(self, tab: DocumentTab | None, ask: bool = True) -> bool:
        if tab is None:
            return False
        if ask and tab.modified and not self._settle(tab):
            return False
        self.tabs.removeTab(self.tabs.indexOf(tab))
        tab.deleteLater()
        return True

    def maybe_close_all(self) -> bool:
        """Ask about every modified document; False when the user cancels."""
        return all(self._settle(tab) for tab in self.documents() if tab.modified)

    def _settle(self, tab: DocumentTab) -> bool:
        """Ask whether to save a modified document (shown first); False when the user
        cancels or the save fails."""
        self.tabs.setCurrentWidget(tab)
        answer = self.ask_save(tab)
        if answer == Button.Cancel:
            return False
        return answer != Button.Save or self.save(tab)

    def _ask_save(self, tab: DocumentTab) -> Button:
        return QMessageBox.question(
            self, self.tr("Unsaved changes"),
            self.tr("{document} has unsaved changes. Save them?").format(
                document=tab.title.rstrip(" •")),
            Button.Save | Button.Discard | Button.Cancel, Button.Save)

    def _ask_path(self, tab: DocumentTab) -> str:
        start = tab.path or str(Path.cwd() / "Dockerfile")
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Save Dockerfile as"), start)
        return path

    def _retitle(self, tab: DocumentTab) -> None:
        index = self.tabs.indexOf(tab)
        if index >= 0:
            self.tabs.setTabText(index, tab.title)
            self.tabs.setTabToolTip(index, tab.path or self.tr("Not saved yet"))
        self.titles_changed.emit()

    def _on_current_changed(self, _index: int) -> None:
        tab = self.current()
        self.find_bar.attach(tab.editor if tab else None)
        self.current_changed.emit(tab)
