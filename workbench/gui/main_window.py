"""The workbench window: editor tabs in the middle, docks around, engine in the status bar.

It only composes parts and routes between them; each part (editor, docks, controllers,
actions, dialogs) lives in its own module and is handed what it needs, so none of them
imports this one. All core work goes through the one JobRunner.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QShowEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QWidget

from workbench.core.errors import WorkbenchError
from workbench.core.project import RecentProjects, config_dir, dockerfile_in
from workbench.gui import window_dialogs as dialogs
from workbench.gui.autosave import AutosaveController
from workbench.gui.build_controller import BuildController, BuildOptions, parse_build_args
from workbench.gui.dock_layout import DockLayout
from workbench.gui.docks.build_panel import BuildPanel
from workbench.gui.docks.layers_list import LayersPanel
from workbench.gui.docks.log_dock import LogPanel, SignalLogHandler
from workbench.gui.docks.problems import ProblemsPanel
from workbench.gui.editor.code_editor import CodeEditor
from workbench.gui.editor.tabs import DocumentTab, EditorArea
from workbench.gui.engine_cleanup import EngineCleanup
from workbench.gui.engine_status import EngineStatus, EngineStatusWidgets
from workbench.gui.i18n import set_language_choice
from workbench.gui.image_loader import ImageLoader, warm_up
from workbench.gui.image_picker import ImagePicker
from workbench.gui.lint_controller import LintController
from workbench.gui.panels import OPTIONAL_PANELS, PanelSlot, panel_available, panel_of
from workbench.gui.review.recorder import BuildRecorder
from workbench.gui.selection import ImageContext
from workbench.gui.shortcuts_dialog import ShortcutsDialog
from workbench.gui.step_links import StepLinker, _parse
from workbench.gui.theme import Theme, is_dark
from workbench.gui.window_actions import WindowActions
from workbench.gui.worker import JobRunner

log = logging.getLogger(__name__)
Area = Qt.DockWidgetArea


class MainWindow(QMainWindow):
    def __init__(self, connect_engine: bool = True) -> None:
        super().__init__()
        self.setWindowTitle("Image Workbench")
        self.resize(1400, 900)
        self.closing = False
        self.last_error = ""  # the last message show_error gave, for tests and scripts
        self.runner = JobRunner(self)
        self.context = ImageContext(self)
        self.settings = QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)
        self.recent = RecentProjects()
        self.theme = Theme(_app())
        self.area = EditorArea(self)
        self.setCentralWidget(self.area)
        self.log_handler = SignalLogHandler()
        logging.getLogger("workbench").addHandler(self.log_handler)
        logging.getLogger("workbench").setLevel(logging.INFO)

        self.problems = ProblemsPanel()
        self.build_panel = BuildPanel()
        self.log_panel = LogPanel()
        self.layers = LayersPanel(self.context)
        self.actions_ = WindowActions(self, self)
        self.addToolBar(self.actions_.toolbar)
        self.dock_layout = DockLayout(self, self.actions_.view, self.settings)
        self.docks: dict[str, QDockWidget] = self.dock_layout.docks
        self.panel_slots = [PanelSlot(spec, self.context, self.runner, self.replace_dockerfile_text,
                                      self.connect_to_engine)
                            for spec in OPTIONAL_PANELS if panel_available(spec)]
        add_dock = self.dock_layout.add
        add_dock(self.tr("Problems"), "dock-problems", self.problems, Area.BottomDockWidgetArea)
        add_dock(self.tr("Build"), "dock-build", self.build_panel, Area.BottomDockWidgetArea)
        add_dock(self.tr("Log"), "dock-log", self.log_panel, Area.BottomDockWidgetArea)
        add_dock(self.tr("Layers"), "dock-layers", self.layers, Area.RightDockWidgetArea)
        for slot in self.panel_slots:
            add_dock(slot.title, slot.spec.object_name, slot, slot.spec.area)
        self.dock_layout.keep_as_default()

        self.engine = EngineStatus(self.runner, self)
        self.engine_widgets = EngineStatusWidgets(self.engine, self.statusBar())
        self.builds = BuildController(self.runner, self)
        self.build_history = BuildRecorder(self.builds, self.context, lambda: getattr(
            getattr(self, "_build_tab", None), "path", ""), self)
        self.loader = ImageLoader(self.context, self.runner, self)
        self.linter = LintController(self.area, self.runner, self)
        self.linker = StepLinker(self.context, self.area, self)
        self.cleanup = EngineCleanup(self.runner, self, self)
        self.autosave = AutosaveController(self.area, parent=self)
        self._wire()
        self._restore_layout()
        self._fill_recent()
        self.actions_.set_engine_available(False, self.engine.reason)
        warm_up(self.runner)
        if connect_engine:
            self.engine.connect_engine()

    # -- construction ---------------------------------------------------------------------
    def _wire(self) -> None:
        self.log_handler.emitter.record.connect(self.log_panel.append_record)
        self.engine.changed.connect(self._on_engine_changed)
        self.engine.refused.connect(self.show_error)
        self.engine.switch_blocked = lambda: (
            self.tr("A build is running: cancel it before switching or reconnecting the "
                    "engine.") if self.builds.running else "")
        self.linter.linted.connect(self._on_linted)
        self.problems.problem_activated.connect(self._go_to_problem)
        self.area.current_changed.connect(self._on_tab_changed)
        self.area.titles_changed.connect(self._update_title)
        self.area.saved.connect(lambda tab: self._remember(tab.path))
        self.builds.started.connect(self.build_panel.begin)
        self.builds.build_event.connect(self.build_panel.on_event)
        self.builds.finished.connect(self._on_build_finished)
        self.build_panel.cancel_requested.connect(self.cancel_build)
        self.build_panel.step_clicked.connect(self.context.select_lines)
        self.loader.started.connect(lambda source: self.statusBar().showMessage(
            self.tr("Opening {source}…").format(source=source)))
        self.loader.progress.connect(lambda text, _d, _t: self.statusBar().showMessage(text))
        self.loader.finished.connect(self._on_loaded)
        self.cleanup.finished.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self.cleanup.failed.connect(self.show_error)

    def panel(self, name: str) -> QWidget | None:
        """The panel of the dock ``name`` (``dock-sizes``…), None while it loads."""
        dock = self.docks.get(name)
        return panel_of(dock) if dock is not None else None

    def _load_panels(self) -> None:
        for slot in self.panel_slots:
            if not self.closing:
                slot.load()

    # -- documents ------------------------------------------------------------------------
    def replace_dockerfile_text(self, path: str, old: str, new: str) -> bool:
        """Replace ``old`` with ``new`` as one undoable edit, in the tab of ``path`` only if
        it still holds exactly ``old`` (an untitled one: the tab that holds it). A panel's
        edit computed for one document never lands in another, or on newer edits."""
        tab = next((t for t in self.area.documents()
                    if t.path == path and t.text() == old), None)
        if tab is None:
            return False
        cursor = tab.editor.textCursor()
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(new)
        cursor.endEditBlock()
        if tab is self.area.current():
            self.context.set_dockerfile(tab.path, new)
        return True

    def with_editor(self, fn: Callable[[CodeEditor], object]) -> None:
        editor = self.area.current_editor()
        if editor is not None:
            fn(editor)

    def open_find(self, replace: bool = False) -> None:
        self.area.find_bar.open_find(replace=replace)

    def toggle_comment(self) -> None:
        self.with_editor(lambda editor: editor.toggle_comment())

    def complete(self) -> None:
        self.with_editor(lambda editor: editor.complete())

    def _go_to_problem(self, line: int) -> None:
        editor = self.area.current_editor()
        if editor is not None:
            editor.go_to_line(line)
            editor.setFocus()

    def new_document(self) -> DocumentTab:
        return self.area.new_document("FROM busybox:latest\n")

    def open_path(self, path: str | Path) -> DocumentTab | None:
        dockerfile = dockerfile_in(path)
        if dockerfile is None:
            self.show_error(self.tr("No Dockerfile at {path}: pick a Dockerfile or a folder "
                                    "that holds one.").format(path=path))
            return None
        try:
            tab = self.area.open_path(dockerfile)
        except WorkbenchError as exc:
            self.show_error(str(exc))
            return None
        self._remember(tab.path)
        self.linter.lint_now(tab)
        return tab

    def save(self) -> bool:
        return self._guarded(lambda: self.area.save())

    def save_as(self) -> bool:
        return self._guarded(lambda: self.area.save_as())

    def close_current(self) -> None:
        self.area.close_tab(self.area.current())

    def _guarded(self, fn: Callable[[], bool]) -> bool:
        try:
            return fn()
        except WorkbenchError as exc:
            self.show_error(str(exc))
            return False

    def _remember(self, path: str) -> None:
        if path:
            self.recent.add(path)
            self._fill_recent()

    def _fill_recent(self) -> None:
        menu = self.actions_.recent_menu
        menu.clear()
        for path in self.recent.items():
            menu.addAction(path, partial(self.open_path, path))
        menu.setEnabled(bool(menu.actions()))

    def _on_tab_changed(self, tab: DocumentTab | None) -> None:
        self._update_title()
        result = self.linter.results.get(tab.key) if tab else None
        self.problems.set_problems(result.diagnostics if result else [],
                                   result.note if result else "")
        self._fill_targets(tab)

    def _on_linted(self, tab: DocumentTab, result: Any) -> None:
        if tab is self.area.current():
            self.problems.set_problems(result.diagnostics, result.note)
            self._fill_targets(tab)
            self.context.set_dockerfile(tab.path, tab.text())

    def _fill_targets(self, tab: DocumentTab | None) -> None:
        combo = self.actions_.target
        chosen = combo.currentText()
        dockerfile = _parse(tab.text()) if tab else None
        names = [s.name for s in getattr(dockerfile, "stages", []) if s.name]
        if names != [combo.itemText(i) for i in range(1, combo.count())]:
            combo.clear()
            combo.addItems(["", *names])
            combo.setCurrentText(chosen if chosen in names else "")

    def _update_title(self) -> None:
        tab = self.area.current()
        self.setWindowTitle(f"{tab.title} — Image Workbench" if tab else "Image Workbench")

    def lint_now(self) -> None:
        tab = self.area.current()
        if tab is not None:
            self.linter.lint_now(tab)

    def jump_problem(self, direction: int) -> None:
        editor = self.area.current_editor()
        if editor is None or not editor.diagnostics:
            return
        here = editor.textCursor().blockNumber() + 1
        lines = sorted(editor.diagnostics)
        ahead = [n for n in lines if (n > here if direction > 0 else n < here)]
        target = (ahead[0] if direction > 0 else ahead[-1]) if ahead else \
            (lines[0] if direction > 0 else lines[-1])
        editor.go_to_line(target)

    # -- engine and builds ----------------------------------------------------------------
    def connect_to_engine(self) -> Any:
        """A new connection to the engine the status bar shows, for a panel's worker: a
        panel works against the endpoint the user picked, not the default one."""
        from workbench.core.engine.connection import connect

        return connect(self.engine.endpoint)

    def reconnect_engine(self) -> None:
        self.engine.connect_engine()

    def clean_up_engine(self) -> None:
        """List the workbench's throwaway objects, ask, then remove them."""
        if self.engine.client is None:
            self.show_error(self.engine.reason or self.tr(
                "No Docker engine: start one or pick another endpoint."))
            return
        self.cleanup.start(self.engine.client)

    def _on_engine_changed(self, engine: Any, reason: str) -> None:
        self.actions_.set_engine_available(engine is not None and not self.builds.running,
                                           reason or self.tr("a build is running"))
        self.actions_.set_squash_available(bool(getattr(getattr(engine, "info", None),
                                                        "experimental", False)))

    def start_build(self, no_cache: bool = False) -> None:
        tab = self.area.current()
        if tab is None or self.builds.running:
            return
        if self.engine.client is None:
            self.show_error(self.engine.reason or self.tr(
                "No Docker engine: start one or pick another endpoint in the status bar."))
            return
        if (tab.modified or not tab.path) and not self.save():
            return
        try:
            options = BuildOptions(tag=self.actions_.tag.text().strip(),
                                   build_args=parse_build_args(self.actions_.build_args.text()),
                                   target=self.actions_.target.currentText().strip(),
                                   no_cache=no_cache, squash=self.actions_.squash.isChecked())
            tab.editor.set_failed_line(0)
            self.builds.start(self.engine.client, tab.path, options)
        except WorkbenchError as exc:
            self.show_error(str(exc))
            return
        self._build_tab = tab
        self.docks["dock-build"].raise_()
        self.actions_.cancel.setEnabled(True)
        self._on_engine_changed(self.engine.engine, self.engine.reason)

    def cancel_build(self) -> None:
        self.builds.cancel()

    def _on_build_finished(self, ok: bool, message: str, image_id: str) -> None:
        self.build_panel.end(message, ok)
        self.actions_.cancel.setEnabled(False)
        self._on_engine_changed(self.engine.engine, self.engine.reason)
        self.statusBar().showMessage(message, 15000)
        tab = getattr(self, "_build_tab", None)
        start, _end = self.builds.failed_lines
        if tab is not None and tab in self.area.documents() and start:
            tab.editor.set_failed_line(start)
        if ok and image_id and self.engine.client is not None and not self.closing:
            self.loader.load(f"docker://{image_id}", self.engine.client)

    def _on_loaded(self, ok: bool, message: str) -> None:
        self.statusBar().showMessage(message, 15000)
        if not ok:
            log.warning("%s", message)

    def step_layer(self, direction: int) -> None:
        history = getattr(getattr(self.context.analysis, "info", None), "history", None)
        if not history:
            return
        current = self.context.step
        target = 0 if current < 0 else max(0, min(len(history) - 1, current + direction))
        self.context.select_step(target)

    # -- view -----------------------------------------------------------------------------
    def set_presentation(self, on: bool) -> None:
        self.theme.set_presentation(on)
        for tab in self.area.documents():
            tab.editor.set_font_scale(self.theme.scale if on else 1.0)
            tab.editor.set_dark(is_dark(self.palette()))
        QTimer.singleShot(0, self.dock_layout.hide_stray_tab_bars)
        self.settings.setValue("presentation", on)

    def set_presentation_scale(self, scale: float) -> None:
        """How much presentation mode enlarges everything (remembered)."""
        self.theme.set_scale(scale)
        if scale in self.actions_.scales:
            self.actions_.scales[scale].setChecked(True)
        self.settings.setValue("presentation_scale", scale)
        if self.theme.presentation:
            self.set_presentation(True)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.dock_layout.hide_stray_tab_bars)
        # The panels' heavy imports wait until the window is on screen.
        QTimer.singleShot(0, self._load_panels)

    def changeEvent(self, event: QEvent) -> None:
        # The desktop switched light/dark: re-colour the highlighting to match.
        if event.type() == QEvent.Type.PaletteChange:
            for tab in self.area.documents():
                tab.editor.set_dark(is_dark(self.palette()))
        super().changeEvent(event)

    def reset_layout(self) -> None:
        self.dock_layout.reset()

    def set_language(self, choice: str) -> None:
        """View > Language: keep the choice (a code of i18n.LANGUAGES, or SYSTEM) for the
        next start; the widgets built now keep the texts they were made with."""
        set_language_choice(choice)
        action = self.actions_.languages.get(choice)
        if action is not None:
            action.setChecked(True)
        self.statusBar().showMessage(
            self.tr("Language saved: the window's language changes on the next start."), 15000)

    def _restore_layout(self) -> None:
        self.dock_layout.restore()
        scale = self.settings.value("presentation_scale", None, type=float)
        if scale in self.actions_.scales:
            self.set_presentation_scale(scale)
        if self.settings.value("presentation", False, type=bool):
            self.actions_.presentation.setChecked(True)
            self.set_presentation(True)

    # -- dialogs --------------------------------------------------------------------------
    def show_error(self, message: str) -> None:
        """Say what went wrong without blocking: status bar, log, a window-modal box."""
        self.last_error = message
        log.warning("%s", message)
        self.statusBar().showMessage(message, 20000)
        dialogs.show_error_box(self, message)

    def open_dialog(self) -> None:
        path = dialogs.choose_dockerfile(self)
        if path:
            self.open_path(path)

    def open_archive_dialog(self) -> None:
        path = dialogs.choose_image_archive(self)
        if path:
            self.loader.load(path, self.engine.client)

    def open_engine_image_dialog(self) -> ImagePicker | None:
        if self.engine.client is None:
            self.show_error(self.tr("No engine to list images from: {reason}").format(
                reason=self.engine.reason))
            return None
        picker = dialogs.ask_engine_image(self, self.runner, self.engine.client)

        def chosen() -> None:
            source = dialogs.picked_source(picker)
            if source:
                self.loader.load(source, self.engine.client)

        picker.accepted.connect(chosen)
        return picker

    def show_shortcuts(self) -> ShortcutsDialog:
        return dialogs.show_shortcuts(self, self.actions_.all)

    def show_about(self) -> None:
        dialogs.show_about(self)

    # -- shutdown -------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.area.maybe_close_all():
            event.ignore()
            return
        self.dock_layout.save()
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Cancel every job, wait for the threads, release the engine and autosaves."""
        self.closing = True
        # Timers first: a debounced lint firing after this point would start a job
        # whose answer arrives when the window is gone.
        self.linter.stop()
        self.autosave.shutdown()
        self.builds.cancel()
        for dock in self.docks.values():  # panels holding their own threads or sockets
            stop = getattr(panel_of(dock), "shutdown", None)
            if callable(stop):
                stop()
        if not self.runner.shutdown(30000):
            log.error("Some background work did not stop within 30 s")
        QApplication.processEvents()  # deliver the last finished signals
        self.engine.close()
        logging.getLogger("workbench").removeHandler(self.log_handler)


def _app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication), "the window needs a QApplication"
    return app
