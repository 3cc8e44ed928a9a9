"""App identity: the desktop id, window icon, About dialog, one version string, and
Help > Report a problem copying the versions a bug report needs."""

from __future__ import annotations

import configparser
import importlib.metadata
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu
from pytestqt.qtbot import QtBot

import workbench
from workbench import APP_ID
from workbench.gui import about

ROOT = Path(__file__).resolve().parents[2]


def test_one_version_string_from_metadata() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text()
    declared = re.search(r'^version = "([^"]+)"', pyproject, re.M)
    assert declared is not None
    assert workbench.__version__ == importlib.metadata.version("image-workbench")
    assert workbench.__version__ == declared.group(1)


def test_app_id_is_used_everywhere() -> None:
    desktop = configparser.ConfigParser(interpolation=None)
    desktop.optionxform = str  # type: ignore[assignment,method-assign]
    desktop.read(ROOT / "packaging" / f"{APP_ID}.desktop")
    entry = desktop["Desktop Entry"]
    assert entry["StartupWMClass"] == APP_ID
    assert entry["Icon"] == APP_ID
    meta = ET.parse(ROOT / "packaging" / f"{APP_ID}.metainfo.xml").getroot()
    assert meta.findtext("id") == APP_ID
    assert meta.findtext("launchable") == f"{APP_ID}.desktop"
    release = meta.find("releases/release")
    assert release is not None and release.get("version") == workbench.__version__


def test_identity_sets_desktop_file_name_and_icon(qapp: QApplication) -> None:
    about.apply_identity(qapp)
    assert QGuiApplication.desktopFileName() == APP_ID
    assert qapp.applicationVersion() == workbench.__version__
    assert not qapp.windowIcon().isNull()
    assert qapp.windowIcon().availableSizes() or not qapp.windowIcon().pixmap(64).isNull()


def test_about_dialog_names_version_licence_and_docs(qtbot: QtBot) -> None:
    parent = QMainWindow()
    qtbot.addWidget(parent)
    box = about.about_dialog(parent)
    text = box.text()
    assert f"Image Workbench {workbench.__version__}" in text
    assert "Licence: MIT" in text
    assert about.DOCS_URL in text
    assert not box.iconPixmap().isNull()
    box.close()


def test_report_a_problem_copies_versions_without_engine(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    menu = QMenu("&Help", window)

    class NoEngine:
        engine = None

    action = about.install_help_actions(window, menu, NoEngine())
    assert action in menu.actions()
    QGuiApplication.clipboard().clear()
    action.trigger()
    copied = QGuiApplication.clipboard().text()
    assert f"Image Workbench {workbench.__version__}" in copied
    assert "Qt 6." in copied
    assert "Engine: not connected" in copied


@pytest.mark.engine
def test_report_names_the_connected_engine(docker_client: object, docker_host: str,
                                           qapp: QApplication) -> None:
    from workbench.core.engine.connection import connect

    engine = connect(docker_host, timeout=10)
    try:
        text = about.copy_versions(engine)
    finally:
        engine.close()
    server = docker_client.version()["Version"]  # type: ignore[attr-defined]
    assert f"Docker {server}" in QGuiApplication.clipboard().text() == text
