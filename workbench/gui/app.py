"""``workbench [PATH]``: start the window, open a Dockerfile or a folder holding one."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from workbench import __version__


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="workbench", description="Image Workbench window.")
    parser.add_argument("path", nargs="?", help="a Dockerfile, or a folder holding one")
    parser.add_argument("--endpoint", help="engine endpoint or Docker context to connect to")
    parser.add_argument("--offline", action="store_true", help="do not connect to an engine")
    parser.add_argument("--presentation", action="store_true",
                        help="large fonts and high contrast, for projectors")
    return parser


def run_gui(args: list[str]) -> int:
    options = _parser().parse_args(args)
    logging.basicConfig(level=os.environ.get("WORKBENCH_LOG", "WARNING"),
                        format="%(levelname)s %(name)s: %(message)s")
    from PySide6.QtWidgets import QApplication

    from workbench.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Image Workbench")
    app.setOrganizationName("image-workbench")
    app.setApplicationVersion(__version__)
    window = MainWindow(connect_engine=False)
    if not options.offline:
        window.engine.connect_engine(options.endpoint)
    else:
        window.engine.reason = "Offline mode (--offline): engine actions are disabled."
        window.engine.changed.emit(None, window.engine.reason)
    if options.presentation:
        window.actions_.presentation.setChecked(True)
        window.set_presentation(True)
    window.show()
    window.autosave.offer_recovery(window)
    if options.path:
        window.open_path(options.path)
    if not window.area.documents():
        window.new_document()
    return int(app.exec())
