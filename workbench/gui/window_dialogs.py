"""The window's dialogs: pick a Dockerfile, an archive or an engine image; errors,
shortcuts, about.

Functions of the parent widget and what they show, returning what the user chose; the
window decides what to do with it. Messages never block (a window-modal box that does
not spin its own event loop), so jobs keep delivering results while one is up.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from workbench.gui.i18n import translate
from workbench.gui.image_picker import ImagePicker
from workbench.gui.shortcuts_dialog import ShortcutsDialog
from workbench.gui.worker import JobRunner

DOCKERFILE_PATTERNS = "Dockerfile* Containerfile* *.dockerfile"
ARCHIVE_PATTERNS = "*.tar *.tar.gz *.tgz *.oci"


def _filter(name: str, patterns: str) -> str:
    """A file dialog filter: the translated name of the kind of file, then all files."""
    every = translate("WindowDialogs", "All files")
    return f"{name} ({patterns});;{every} (*)"


def choose_dockerfile(parent: QWidget) -> str:
    """The Dockerfile the user picked, or "" when they cancelled."""
    path, _chosen = QFileDialog.getOpenFileName(
        parent, translate("WindowDialogs", "Open Dockerfile"), "",
        _filter(translate("WindowDialogs", "Dockerfiles"), DOCKERFILE_PATTERNS))
    return path


def choose_image_archive(parent: QWidget) -> str:
    """The image archive (or OCI layout archive) the user picked, or ""."""
    path, _chosen = QFileDialog.getOpenFileName(
        parent, translate("WindowDialogs", "Open image archive"), "",
        _filter(translate("WindowDialogs", "Image archives"), ARCHIVE_PATTERNS))
    return path


def ask_engine_image(parent: QWidget, runner: JobRunner, client: Any) -> ImagePicker:
    """The image picker, opened window-modal; ``on_chosen`` gets a ``docker://`` source."""
    picker = ImagePicker(runner, client, parent)
    picker.setObjectName("image-picker")
    picker.open()
    return picker


def picked_source(picker: ImagePicker) -> str:
    name = picker.chosen()
    if not name:
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
