"""``workbench [PATH]``: start the window, open a Dockerfile or a folder holding one."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.gui.main_window import MainWindow

# A worker running Python keeps the interpreter lock until a waiting thread has waited
# the switch interval (Python's default 5 ms), and the UI thread takes the lock back for
# every call Qt makes into Python: laying out a folder of 2,000 rows while a worker
# replayed a million-file image took seconds. At 0.2 ms the longest stall of the
# window-scale benchmark's timeline phase went from 1,152 ms (5 ms) and 587-871 ms (1 ms)
# to 424 ms; the workers pay a switch only when another thread asks for the lock.
SWITCH_INTERVAL = 0.0002


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="workbench", description="Image Workbench window.")
    parser.add_argument("path", nargs="?", help="a Dockerfile, or a folder holding one")
    parser.add_argument("--endpoint", help="engine endpoint or Docker context to connect to")
    parser.add_argument("--offline", action="store_true", help="do not connect to an engine")
    parser.add_argument("--presentation", action="store_true",
                        help="large fonts and high contrast, for projectors")
    parser.add_argument("--language", choices=["en", "zh"],
                        help="the window's language for this run (default: the one chosen "
                             "in View > Language, else the system's)")
    return parser


def _quit_on_signals(window: MainWindow) -> None:
    """SIGTERM/SIGINT close the window without prompts, keeping unsaved edits for
    recovery. Python only runs signal handlers between bytecodes, so a timer wakes the
    interpreter up regularly while Qt's event loop waits."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    def stop(_signum: int, _frame: object) -> None:
        window.autosave.keep_on_exit = True
        window.area.ask_save = lambda _tab: QMessageBox.StandardButton.Discard
        QTimer.singleShot(0, window.close)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    waker = QTimer(window)
    waker.timeout.connect(lambda: None)
    waker.start(250)


def run_gui(args: list[str]) -> int:
    options = _parser().parse_args(args)
    logging.basicConfig(level=os.environ.get("WORKBENCH_LOG", "WARNING"),
                        format="%(levelname)s %(name)s: %(message)s")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from workbench.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    from workbench.gui.about import apply_identity, install_help_actions
    from workbench.gui.collector import collect_on_ui_thread

    apply_identity(app)
    from workbench.gui.i18n import current_language, install_translations

    if options.language:  # for this run only: every part of the window asks current_language
        os.environ["WORKBENCH_LANGUAGE"] = options.language
    install_translations(app, current_language())
    collect_on_ui_thread()
    sys.setswitchinterval(SWITCH_INTERVAL)
    window = MainWindow(connect_engine=False)
    install_help_actions(window, window.actions_.help_menu, window.engine)
    if options.presentation:
        window.actions_.presentation.setChecked(True)
        window.set_presentation(True)
    _quit_on_signals(window)
    window.show()
    # The window is mapped first; what can take time comes in from the event loop once
    # it is on screen: the engine connection (a worker), the file given or the last
    # project, recovered edits, their first lint with hadolint (a worker), and the
    # analysis panels (imported on a worker: main_window._load_panels).
    QTimer.singleShot(0, lambda: _load_behind(window, options))
    return int(app.exec())


def _load_behind(window: MainWindow, options: argparse.Namespace) -> None:
    if not options.offline:
        window.engine.connect_engine(options.endpoint)  # on a worker thread
    else:
        from workbench.gui.i18n import translate

        window.engine.reason = translate(
            "App", "Offline mode (--offline): engine actions are disabled.")
        window.engine.changed.emit(None, window.engine.reason)
    window.autosave.offer_recovery(window)
    if options.path:
        window.open_path(options.path)
    elif not window.area.documents():
        last = window.recent.items()[:1]  # the project of the last session, if any
        if last:
            window.open_path(last[0])
    if not window.area.documents():
        window.new_document()
    logging.getLogger("workbench.gui").info("Window ready with %d document(s)",
                                            len(window.area.documents()))
