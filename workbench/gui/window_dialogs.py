"""The window's dialogs: open file/folder/archive/engine image, errors, shortcuts, about.

Kept apart from main_window.py so that file only composes parts. Error messages are
shown without blocking (status bar, log, a window-modal box that does not spin its own
event loop), so jobs keep delivering results while a message is up.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMainWindow, QMessageBox

from workbench import __version__
from workbench.gui.shortcuts_dialog import ShortcutsDialog

if TYPE_CHECKING:
    from workbench.gui.engine_status import EngineStatus
    from workbench.gui.image_loader import ImageLoader
    from workbench.gui.window_actions import WindowActions

log = logging.getLogger(__name__)


class WindowDialogs(QMainWindow):
    """Base of MainWindow holding its dialogs; the window sets these attributes."""

    last_error: str = ""
    loader: ImageLoader
    engine: EngineStatus
    actions_: WindowActions

    def open_path(self, path: str) -> object:
        raise NotImplementedError

    def show_error(self, message: str) -> None:
        self.last_error = message
        log.warning("%s", message)
        self.statusBar().showMessage(message, 20000)
        box = QMessageBox(QMessageBox.Icon.Warning, "Image Workbench", message,
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("error-box")
        box.open()

    def open_dialog(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Open Dockerfile", "", "Dockerfiles (Dockerfile* Containerfile* *.dockerfile);;"
            "All files (*)")
        if path:
            self.open_path(path)

    def open_archive_dialog(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Open image archive", "", "Image archives (*.tar *.tar.gz *.tgz *.oci);;"
            "All files (*)")
        if path:
            self.loader.load(path, self.engine.client)

    def open_engine_image_dialog(self) -> None:
        name, ok = QInputDialog.getText(self, "Open engine image",
                                        "Image name or id (e.g. busybox:latest):")
        if ok and name.strip():
            name = name.strip()
            self.loader.load(name if name.startswith("docker://") else f"docker://{name}",
                             self.engine.client)

    def show_shortcuts(self) -> ShortcutsDialog:
        dialog = ShortcutsDialog(self.actions_.all, self)
        dialog.setObjectName("shortcuts-dialog")
        dialog.open()
        return dialog

    def show_about(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "About Image Workbench",
                          f"Image Workbench {__version__}\nCraft Docker images visually: "
                          "layers, files, overlay filesystem, sizes.",
                          QMessageBox.StandardButton.Ok, self)
        box.open()
