"""The app's identity in the window: icon, About dialog, and the versions a problem
report needs (Help > Report a problem copies them to the clipboard)."""

from __future__ import annotations

import platform
from typing import Any

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtGui import QAction, QGuiApplication, QIcon
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QWidget

from workbench import APP_ID, __version__
from workbench.gui.i18n import translate
from workbench.resource_files import app_icon_path

LICENCE = "MIT"
DOCS_URL = "https://github.com/image-workbench/image-workbench/tree/main/docs"
ISSUES_URL = "https://github.com/image-workbench/image-workbench/issues"


def app_icon() -> QIcon:
    return QIcon(str(app_icon_path()))


def apply_identity(app: QGuiApplication) -> None:
    """Names and icon the desktop matches the window with: the desktop file name is
    the .desktop file's id, which is also its StartupWMClass. On X11 Qt writes the
    application name as the class of WM_CLASS, which is what StartupWMClass must
    match, so the name is the id too and people read the display name."""
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName("Image Workbench")
    app.setOrganizationName("image-workbench")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())


def versions_text(engine: Any) -> str:
    """What a bug report needs: the app, Python, Qt and engine versions, one a line.
    ``engine`` is the connected core Engine, or None."""
    if engine is not None:
        info = engine.info
        product = "Podman" if info.kind == "podman" else "Docker"
        engine_line = (f"{product} {info.server_version} (API {info.api_version}, "
                       f"{info.storage_driver}, {info.os}/{info.arch})")
    else:
        engine_line = "not connected"
    return "\n".join([
        f"Image Workbench {__version__}",
        f"Python {platform.python_version()} on {platform.platform()}",
        f"Qt {qVersion()}, PySide6 {pyside_version}",
        f"Engine: {engine_line}",
    ])


def copy_versions(engine: Any) -> str:
    text = versions_text(engine)
    QGuiApplication.clipboard().setText(text)
    return text


def about_dialog(parent: QWidget) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle(translate("About", "About Image Workbench"))
    box.setIconPixmap(app_icon().pixmap(96, 96))
    box.setTextFormat(box.textFormat().RichText)
    box.setText(
        f"<h3>Image Workbench {__version__}</h3>"
        "<p>" + translate("About", "Craft Docker images visually: layers, files, overlay "
                          "filesystem, sizes.") + "</p>"
        "<p>" + translate("About", "Licence: {licence}").format(licence=LICENCE) + "</p>"
        f'<p><a href="{DOCS_URL}">' + translate("About", "Documentation") + "</a> · "
        f'<a href="{ISSUES_URL}">' + translate("About", "Report a problem") + "</a></p>")
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()
    return box


def install_help_actions(window: QMainWindow, help_menu: QMenu, engine: Any) -> QAction:
    """Adds Help > Report a problem; ``engine`` is the window's engine status, read
    when the action fires so the engine connected by then is the one reported."""
    action = QAction(translate("About", "Report a &problem (copy versions)"), window)
    action.triggered.connect(
        lambda: window.statusBar().showMessage(
            translate("About", "Versions copied to the clipboard: paste them into the report."),
            5000)
        if copy_versions(engine.engine) else None)
    help_menu.addAction(action)
    return action
