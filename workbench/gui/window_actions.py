"""Every menu action of the window, with its shortcut, plus the build toolbar.

Actions are created here and connected to the commands they trigger; Help > Shortcuts
reads them back, so the list there is always what the keys really do. The commands come
in as a ``WindowCommands``: anything with those methods (the window is one), so this
module never imports the window that owns it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QMainWindow, QMenu, QToolBar

from workbench.gui.theme import PRESENTATION_SCALE, SCALES

Keys = str | QKeySequence.StandardKey | list[str] | None
SQUASH_NEEDS = ("Squash needs a daemon started with --experimental (dockerd --experimental, "
                "or \"experimental\": true in daemon.json); this engine is not.")


class WindowCommands(Protocol):
    """What the menus and keys can ask the window to do."""

    def new_document(self) -> object: ...
    def open_dialog(self) -> None: ...
    def open_archive_dialog(self) -> None: ...
    def open_engine_image_dialog(self) -> object: ...
    def save(self) -> bool: ...
    def save_as(self) -> bool: ...
    def close_current(self) -> None: ...
    def close(self) -> bool: ...
    def open_find(self, replace: bool = False) -> None: ...
    def toggle_comment(self) -> None: ...
    def complete(self) -> None: ...
    def jump_problem(self, direction: int) -> None: ...
    def lint_now(self) -> None: ...
    def start_build(self, no_cache: bool = False) -> None: ...
    def cancel_build(self) -> None: ...
    def step_layer(self, direction: int) -> None: ...
    def reconnect_engine(self) -> None: ...
    def clean_up_engine(self) -> None: ...
    def set_presentation(self, on: bool) -> None: ...
    def set_presentation_scale(self, scale: float) -> None: ...
    def reset_layout(self) -> None: ...
    def show_shortcuts(self) -> object: ...
    def show_about(self) -> None: ...


class WindowActions:
    def __init__(self, window: QMainWindow, commands: WindowCommands) -> None:
        self.window = window
        self.all: list[QAction] = []
        w = commands
        bar = window.menuBar()
        file = bar.addMenu("&File")
        self.new = self._add(file, "&New Dockerfile", QKeySequence.StandardKey.New, w.new_document)
        self.open = self._add(file, "&Open Dockerfile or folder…", QKeySequence.StandardKey.Open,
                              w.open_dialog)
        self.recent_menu = file.addMenu("Open &recent")
        self.open_archive = self._add(file, "Open image &archive or OCI layout…",
                                      "Ctrl+Shift+O", w.open_archive_dialog)
        self.open_engine_image = self._add(file, "Open engine &image…", "Ctrl+Shift+I",
                                           w.open_engine_image_dialog)
        file.addSeparator()
        self.save = self._add(file, "&Save", QKeySequence.StandardKey.Save, w.save)
        self.save_as = self._add(file, "Save &as…", "Ctrl+Shift+S", w.save_as)
        self.close_tab = self._add(file, "&Close tab", "Ctrl+W", w.close_current)
        file.addSeparator()
        self.quit = self._add(file, "&Quit", "Ctrl+Q", w.close)

        edit = bar.addMenu("&Edit")
        self.find = self._add(edit, "&Find…", "Ctrl+F", w.open_find)
        self.replace = self._add(edit, "&Replace…", "Ctrl+H",
                                 lambda: w.open_find(replace=True))
        self.comment = self._add(edit, "Toggle &comment", "Ctrl+/",
                                 w.toggle_comment)
        self.complete = self._add(edit, "Complete instruction or flag", "Ctrl+Space",
                                  w.complete)
        self.next_problem = self._add(edit, "Next problem", "F8", lambda: w.jump_problem(1))
        self.previous_problem = self._add(edit, "Previous problem", "Shift+F8",
                                          lambda: w.jump_problem(-1))
        self.lint = self._add(edit, "&Lint now", "F7", w.lint_now)

        build = bar.addMenu("&Build")
        self.build = self._add(build, "&Build", "Ctrl+B", w.start_build)
        self.build_no_cache = self._add(build, "Build without &cache", "Ctrl+Shift+B",
                                        lambda: w.start_build(no_cache=True))
        self.cancel = self._add(build, "&Cancel build", "Ctrl+.", w.cancel_build)
        self.cancel.setEnabled(False)
        build.addSeparator()
        self.next_layer = self._add(build, "&Next layer", ["F6", "Alt+Down"],
                                    lambda: w.step_layer(1))
        self.previous_layer = self._add(build, "&Previous layer", ["Shift+F6", "Alt+Up"],
                                        lambda: w.step_layer(-1))

        engine = bar.addMenu("E&ngine")
        self.retry = self._add(engine, "&Reconnect", "Ctrl+Shift+R",
                               w.reconnect_engine)
        self.clean_up = self._add(engine, "&Clean up workbench objects…", None,
                                  w.clean_up_engine)

        self.view = bar.addMenu("&View")
        self.presentation = self._add(self.view, "&Presentation mode", "Ctrl+Shift+P",
                                      w.set_presentation)
        self.presentation.setCheckable(True)
        self.scale_menu = self.view.addMenu("Presentation &scale")
        self.scale_group = QActionGroup(self.scale_menu)
        self.scales: dict[float, QAction] = {}
        for scale in SCALES:
            action = self.scale_menu.addAction(f"{scale:g}×")
            action.setCheckable(True)
            action.setChecked(scale == PRESENTATION_SCALE)
            action.triggered.connect(lambda _on=False, s=scale: w.set_presentation_scale(s))
            self.scale_group.addAction(action)
            self.scales[scale] = action
        self.reset_layout = self._add(self.view, "&Reset layout", None, w.reset_layout)
        self.view.addSeparator()

        # Last in the bar; more entries (about, reporting a problem) go into this menu.
        self.help_menu = bar.addMenu("&Help")
        self.shortcuts = self._add(self.help_menu, "&Keyboard shortcuts", ["F1", "Ctrl+?"],
                                   w.show_shortcuts)
        self.about = self._add(self.help_menu, "&About Image Workbench", None, w.show_about)

        # The engine-bound actions are switched together when the engine comes and goes.
        self.engine_actions = [self.build, self.build_no_cache, self.open_engine_image,
                               self.clean_up]
        self.toolbar = self._toolbar()

    def _add(self, menu: QMenu, text: str, keys: Keys, slot: Callable[..., object]) -> QAction:
        action = QAction(text, self.window)
        if isinstance(keys, list):
            action.setShortcuts([QKeySequence(k) for k in keys])
        elif keys is not None:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda checked=False: slot(checked) if action.isCheckable()
                                 else slot())
        menu.addAction(action)
        self.all.append(action)
        return action

    def _toolbar(self) -> QToolBar:
        bar = QToolBar("Build", self.window)
        bar.setObjectName("toolbar-build")
        bar.addAction(self.build)
        bar.addAction(self.cancel)
        bar.addSeparator()
        bar.addWidget(QLabel(" tag "))
        self.tag = QLineEdit(placeholderText="name:dev")
        self.tag.setToolTip("Tag for the built image (empty: <folder>:dev)")
        self.tag.setMinimumWidth(200)
        self.tag.setMaximumWidth(280)
        bar.addWidget(self.tag)
        bar.addWidget(QLabel(" build args "))
        self.build_args = QLineEdit(placeholderText="NAME=value …")
        self.build_args.setToolTip("Build arguments, NAME=value separated by spaces")
        self.build_args.setMaximumWidth(220)
        bar.addWidget(self.build_args)
        bar.addWidget(QLabel(" target "))
        self.target = QComboBox()
        self.target.setEditable(True)
        self.target.setMinimumWidth(110)
        self.target.setToolTip("Stage to build (empty: the last stage)")
        bar.addWidget(self.target)
        self.squash = QCheckBox("squash")
        self.squash.setEnabled(False)
        self.squash.setToolTip(SQUASH_NEEDS)
        bar.addWidget(self.squash)
        return bar

    def set_squash_available(self, experimental: bool) -> None:
        """``docker build --squash`` (article §3.3.2) needs a daemon started with
        --experimental: off, with that reason, on any other engine."""
        self.squash.setEnabled(experimental)
        if not experimental:
            self.squash.setChecked(False)
        self.squash.setToolTip("Squash the new layers into one (docker build --squash)"
                               if experimental else SQUASH_NEEDS)

    def set_engine_available(self, available: bool, reason: str) -> None:
        for action in self.engine_actions:
            action.setEnabled(available)
            base = action.text().replace("&", "")
            action.setToolTip(base if available else f"{base}: {reason}")
