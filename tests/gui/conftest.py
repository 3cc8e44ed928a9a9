"""GUI test setup: offscreen Qt, Qt warnings fail the test, one window per test.

Windows are closed through their real close path (JobRunner.shutdown, engine closed,
autosaves removed), so the session's thread fixture sees what a user's exit leaves.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QtMsgType, qInstallMessageHandler

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Messages the offscreen platform plugin prints for features it lacks; not our bugs.
PLATFORM_NOISE = ("This plugin does not support",)


@pytest.fixture(scope="session", autouse=True)
def _collector_on_ui_thread(qapp: object) -> None:
    """As the application does at start (``app.run_gui``): collections on the UI thread."""
    from workbench.gui.collector import collect_on_ui_thread

    collect_on_ui_thread()


@pytest.fixture(autouse=True)
def qt_warnings_fail() -> Iterator[list[str]]:
    caught: list[str] = []

    def handler(mode: QtMsgType, _context: object, message: str) -> None:
        serious = mode in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg,
                           QtMsgType.QtFatalMsg)
        if serious and not any(noise in message for noise in PLATFORM_NOISE):
            caught.append(f"{mode.name}: {message}")

    previous = qInstallMessageHandler(handler)
    yield caught
    qInstallMessageHandler(previous)
    assert not caught, f"Qt printed warnings: {caught}"


@pytest.fixture
def make_window(qtbot) -> Iterator[Callable[..., object]]:
    from PySide6.QtWidgets import QMessageBox

    from workbench.gui.main_window import MainWindow

    made: list[MainWindow] = []

    def make(connect_engine: bool = True) -> MainWindow:
        window = MainWindow(connect_engine=connect_engine)
        # Dialogs would block a headless test: answer them in code.
        window.area.ask_save = lambda _tab: QMessageBox.StandardButton.Discard
        window.autosave.ask_restore = lambda _parent, _found: True
        qtbot.addWidget(window)
        window.show()
        made.append(window)
        return window

    yield make
    for window in made:
        if window.isVisible():
            window.area.ask_save = lambda _tab: QMessageBox.StandardButton.Discard
            window.close()
        else:
            window.shutdown()


def wait_engine(qtbot, window, connected: bool = True, timeout: int = 20000) -> None:
    qtbot.waitUntil(lambda: not window.engine.connecting and
                    ((window.engine.engine is not None) == connected), timeout=timeout)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the shipped sample project."""
    import shutil

    sample = Path(__file__).resolve().parents[2] / "resources" / "samples" / "hello"
    target = tmp_path / "hello"
    shutil.copytree(sample, target)
    return target
