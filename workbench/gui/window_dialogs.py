"""The window's dialogs: pick a Dockerfile, an archive or an engine image; errors,
shortcuts, about.

Functions of the parent widget and what they show, returning what the user chose; the
window decides what to do with it. Messages never block (a window-modal box that does
not spin its own event loop), so jobs keep delivering results while one is up.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from workbench.gui.shortcuts_dialog import ShortcutsDialog

DOCKERFILE_FILTER = "Dockerfiles (Dockerfile* Containerfile* *.dockerfile);;All files (*)"
ARCHIVE_FILTER = "Image archives (*.tar *.tar.gz *.tgz *.oci);;All files (*)"


def choose_dockerfile(parent: QWidget) -> str:
    """The Dockerfile the user picked, or "" when they cancelled."""
    path, _filter = QFileDialog.getOpenFileName(parent, "Open Dockerfile", "",
                                                DOCKERFILE_FILTER)
    return path


def choose_image_archive(parent: QWidget) -> str:
    """The image archive (or OCI layout archive) the user picked, or ""."""
    path, _filter = QFileDialog.getOpenFileName(parent, "Open image archive", "",
                                                ARCHIVE_FILTER)
    return path


def ask_engine_image(parent: QWidget) -> str:
    """The engine image the user named, as a ``docker://`` source, or ""."""
    name, ok = QInputDialog.getText(parent, "Open engine image",
                                    "Image name or id (e.g. busybox:latest):")
    name = name.strip()
    if not ok or not name:
        return ""
    return name if name.startswith("docker://") else f"docker://{name}"


def show_error_box(parent: QWidget, message: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Warning, "Image Workbench", message,
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("error-box")
    box.open()
    return box


def show_shortcuts(parent: QWidget, actions: Iterable[QAction]) -> ShortcutsDialog:
    dialog = ShortcutsDialog(actions, parent)
    dialog.setObjectName("shortcuts-dialog")
    dialog.open()
    return dialog


def show_about(parent: QWidget) -> QMessageBox:
    from workbench.gui.about import about_dialog

    return about_dialog(parent)
