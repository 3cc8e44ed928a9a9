"""Autosave of unsaved edits and the crash-recovery offer at start-up.

Unsaved text is written every few seconds (and shortly after typing stops) by the core's
AutosaveStore; saving or closing a document removes its file, a clean exit removes all of
this process's files. After a crash the files stay behind and the next start offers them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from workbench.core.project import AutosaveStore, Recovery
from workbench.gui.editor.tabs import DocumentTab, EditorArea
from workbench.gui.i18n import translate

log = logging.getLogger(__name__)
INTERVAL_MS = 5000
AFTER_TYPING_MS = 1500


class AutosaveController(QObject):
    def __init__(self, area: EditorArea, store: AutosaveStore | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.area = area
        self.store = store or AutosaveStore()
        self._keys: dict[DocumentTab, str] = {}
        # Set when the process is told to stop (SIGTERM): quit without prompts but keep
        # the unsaved edits for recovery, as after a crash.
        self.keep_on_exit = False
        self.periodic = QTimer(self)
        self.periodic.setInterval(INTERVAL_MS)
        self.periodic.timeout.connect(self.save_all)
        self.periodic.start()
        self.after_typing = QTimer(self)
        self.after_typing.setSingleShot(True)
        self.after_typing.setInterval(AFTER_TYPING_MS)
        self.after_typing.timeout.connect(self.save_all)
        area.text_edited.connect(lambda _tab: self.after_typing.start())
        area.saved.connect(self._forget_tab)
        # Replaced in tests: asks whether to restore the given recoveries.
        self.ask_restore: Callable[[QWidget, list[Recovery]], bool] = _ask_restore

    def save_all(self) -> None:
        """Write every modified document's text; drop the files of clean ones."""
        documents = self.area.documents()
        for tab in list(self._keys):
            if tab not in documents:
                self.store.discard(self._keys.pop(tab))
        for tab in documents:
            old = self._keys.get(tab)
            if old is not None and old != tab.key:
                self.store.discard(old)  # an untitled document got its path
            if tab.modified:
                try:
                    self.store.save(tab.key, tab.path, tab.text())
                except OSError as exc:
                    log.warning("Cannot write the autosave of %s: %s", tab.title, exc)
                    continue
                self._keys[tab] = tab.key
            elif old is not None:
                self.store.discard(old)
                del self._keys[tab]

    def _forget_tab(self, tab: DocumentTab) -> None:
        key = self._keys.pop(tab, None)
        if key is not None:
            self.store.discard(key)
        self.store.discard(tab.key)

    def offer_recovery(self, parent: QWidget) -> list[DocumentTab]:
        """Offer edits left by a crashed workbench; returns the restored documents."""
        found = self.store.orphans()
        if not found:
            return []
        restored: list[DocumentTab] = []
        if self.ask_restore(parent, found):
            for recovery in found:
                tab = self.area.new_document(recovery.text, recovery.path)
                tab.editor.document().setModified(True)
                restored.append(tab)
                log.info("Restored unsaved edits of %s", recovery.title)
        for recovery in found:
            self.store.forget(recovery)
        self.save_all()  # the restored text is now this process's to keep safe
        return restored

    def shutdown(self) -> None:
        self.periodic.stop()
        self.after_typing.stop()
        if self.keep_on_exit:
            self.save_all()  # ended by a signal: leave the edits for the next start
        else:
            self.store.discard_own()


def _ask_restore(parent: QWidget, found: list[Recovery]) -> bool:
    names = "\n".join(f"• {r.title}" for r in found[:10])
    answer = QMessageBox.question(
        parent, translate("Autosave", "Recover unsaved edits"),
        translate("Autosave", "The workbench ended without saving these documents:\n"
                              "{names}\n\nOpen them with the unsaved edits?").format(
            names=names),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes)
    return answer == QMessageBox.StandardButton.Yes
