"""Every menu action of the window, with its shortcut, plus the build toolbar.

Actions are created here and connected to the commands they trigger; Help > Shortcuts
reads them back, so the list there is always what the keys really do. The commands come
in as a ``WindowCommands``: anything with those methods (the window is one), so this
module never imports the window that owns it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QMainWindow, QMenu, QToolBar

from workbench.gui.formatting import without_accelerator
from workbench.gui.i18n import LANGUAGES, SYSTEM, SYSTEM_LABEL, language_choice, translate
from workbench.gui.theme import PRESENTATION_SCALE, SCALES

Keys = str | QKeySequence.StandardKey | list[str] | None
SQUASH_NEEDS = str(QT_TRANSLATE_NOOP(
    "WindowActions", "Squash needs a daemon started with --experimental (dockerd "
    "--experimental, or \"experimental\": true in daemon.json); this engine is not."))


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
    def set_language(self, choice: str) -> None: ...
    def show_shortcuts(self) -> object: ...
    def show_about(self) -> None: ...


class WindowActions:
    def __init__(self, window: QMainWindow, commands: WindowCommands) -> None:
        self.window = window
        self.all: list[QAction] = []
        w = commands
        add = self._add
        bar = window.menuBar()
        file = bar.addMenu(translate("WindowActions", "&File"))
        self.new = add(file, translate("WindowActions", "&New Dockerfile"),
                       QKeySequence.StandardKey.New, w.new_document)
        self.open = add(file, translate("WindowActions", "&Open Dockerfile or folder…"),
                        QKeySequence.StandardKey.Open, w.open_dialog)
        self.recent_menu = file.addMenu(translate("WindowActions", "Open &recent"))
        self.open_archive = add(file, translate("WindowActions",
                                                "Open image &archive or OCI layout…"),
                                "Ctrl+Shift+O", w.open_archive_dialog)
        self.open_engine_image = add(file, translate("WindowActions", "Open engine &image…"),
                                     "Ctrl+Shift+I", w.open_engine_image_dialog)
        file.addSeparator()
        self.save = add(file, translate("WindowActions", "&Save"),
                        QKeySequence.StandardKey.Save, w.save)
        self.save_as = add(file, translate("WindowActions", "Save &as…"), "Ctrl+Shift+S",
                           w.save_as)
        self.close_tab = add(file, translate("WindowActions", "&Close tab"), "Ctrl+W",
                             w.close_current)
        file.addSeparator()
        self.quit = add(file, translate("WindowActions", "&Quit"), "Ctrl+Q", w.close)

        edit = bar.addMenu(translate("WindowActions", "&Edit"))
        self.find = add(edit, translate("WindowActions", "&Find…"), "Ctrl+F", w.open_find)
        self.replace = add(edit, translate("WindowActions", "&Replace…"), "Ctrl+H",
                           lambda: w.open_find(replace=True))
        self.comment = add(edit, translate("WindowActions", "Toggle &comment"), "Ctrl+/",
                           w.toggle_comment)
        self.complete = add(edit, translate("WindowActions", "Complete instruction or flag"),
                            "Ctrl+Space", w.complete)
        self.next_problem = add(edit, translate("WindowActions", "Next problem"), "F8",
                                lambda: w.jump_problem(1))
        self.previous_problem = add(edit, translate("WindowActions", "Previous problem"),
                                    "Shift+F8", lambda: w.jump_problem(-1))
        self.lint = add(edit, translate("WindowActions", "&Lint now"), "F7", w.lint_now)

        build = bar.addMenu(translate("WindowActions", "&Build"))
        self.build = add(build, translate("WindowActions", "&Build"), "Ctrl+B", w.start_build)
        self.build_no_cache = add(build, translate("WindowActions", "Build without &cache"),
                                  "Ctrl+Shift+B", lambda: w.start_build(no_cache=True))
        self.cancel = add(build, translate("WindowActions", "&Cancel build"), "Ctrl+.",
                          w.cancel_build)
        self.cancel.setEnabled(False)
        build.addSeparator()
        self.next_layer = add(build, translate("WindowActions", "&Next layer"),
                              ["F6", "Alt+Down"], lambda: w.step_layer(1))
        self.previous_layer = add(build, translate("WindowActions", "&Previous layer"),
                                  ["Shift+F6", "Alt+Up"], lambda: w.step_layer(-1))

        engine = bar.addMenu(translate("WindowActions", "E&ngine"))
        self.retry = add(engine, translate("WindowActions", "&Reconnect"), "Ctrl+Shift+R",
                         w.reconnect_engine)
        self.clean_up = add(engine, translate("WindowActions", "&Clean up workbench objects…"),
                            None, w.clean_up_engine)

        self.view = bar.addMenu(translate("WindowActions", "&View"))
        self.presentation = add(self.view, translate("WindowActions", "&Presentation mode"),
                                "Ctrl+Shift+P", w.set_presentation)
        self.presentation.setCheckable(True)
        self.scale_menu = self.view.addMenu(translate("WindowActions", "Presentation &scale"))
        self.scale_group = QActionGroup(self.scale_menu)
        self.scales: dict[float, QAction] = {}
        for scale in SCALES:
            action = self.scale_menu.addAction(f"{scale:g}×")
            action.setCheckable(True)
            action.setChecked(scale == PRESENTATION_SCALE)
            action.triggered.connect(lambda _on=False, s=scale: w.set_presentation_scale(s))
            self.scale_group.addAction(action)
            self.scales[scale] = action
        self.reset_layout = add(self.view, translate("WindowActions", "&Reset layout"), None,
                                w.reset_layout)
        self._language_menu(w)
        self.view.addSeparator()

        # Last in the bar; more entries (about, reporting a problem) go into this menu.
        self.help_menu = bar.addMenu(translate("WindowActions", "&Help"))
        self.shortcuts = add(self.help_menu, translate("WindowActions", "&Keyboard shortcuts"),
                             ["F1", "Ctrl+?"], w.show_shortcuts)
        self.about = add(self.help_menu, translate("WindowActions", "&About Image Workbench"),
                         None, w.show_about)

        # The engine-bound actions are switched together when the engine comes and goes.
        self.engine_actions = [self.build, self.build_no_cache, self.open_engine_image,
                               self.clean_up]
        self.toolbar = self._toolbar()

    def _language_menu(self, w: WindowCommands) -> None:
        """View > Language: the system's, or one named in its own language. The choice
        is saved; the window applies it at its next start (every widget reads its texts
        once, when it is built)."""
        self.language_menu = self.view.addMenu(translate("WindowActions", "&Language"))
        self.language_group = QActionGroup(self.language_menu)  # exclusive: radio items
        self.languages: dict[str, QAction] = {}
        chosen = language_choice()
        for code, label in [(SYSTEM, translate("Language", str(SYSTEM_LABEL))),
                            *LANGUAGES.items()]:
            action = self.language_menu.addAction(label)
            action.setObjectName(f"language-{code}")
            action.setCheckable(True)
            action.setChecked(code == chosen)
            action.triggered.connect(lambda _on=False, c=code: w.set_language(c))
            self.language_group.addAction(action)
            self.languages[code] = action

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
        bar = QToolBar(translate("WindowActions", "Build"), self.window)
        bar.setObjectName("toolbar-build")
        # A button's text would be the menu text minus its "&": "构建(B)" in Chinese.
        self.build.setIconText(translate("WindowActions", "Build"))
        self.cancel.setIconText(translate("WindowActions", "Cancel build"))
        bar.addAction(self.build)
        bar.addAction(self.cancel)
        bar.addSeparator()
        bar.addWidget(QLabel(" " + translate("WindowActions", "tag") + " "))
        self.tag = QLineEdit(placeholderText="name:dev")
        self.tag.setToolTip(translate("WindowActions",
                                      "Tag for the built image (empty: <folder>:dev)"))
        self.tag.setMinimumWidth(200)
        self.tag.setMaximumWidth(280)
        bar.addWidget(self.tag)
        bar.addWidget(QLabel(" " + translate("WindowActions", "build args") + " "))
        self.build_args = QLineEdit(placeholderText="NAME=value …")
        self.build_args.setToolTip(translate("WindowActions",
                                             "Build arguments, NAME=value separated by spaces"))
        self.build_args.setMaximumWidth(220)
        bar.addWidget(self.build_args)
        bar.addWidget(QLabel(" " + translate("WindowActions", "target") + " "))
        self.target = QComboBox()
        self.target.setEditable(True)
        self.target.setMinimumWidth(110)
        self.target.setToolTip(translate("WindowActions",
                                         "Stage to build (empty: the last stage)"))
        bar.addWidget(self.target)
        self.squash = QCheckBox(translate("WindowActions", "squash"))
        self.squash.setEnabled(False)
        self.squash.setToolTip(translate("WindowActions", SQUASH_NEEDS))
        bar.addWidget(self.squash)
        return bar

    def set_squash_available(self, experimental: bool) -> None:
        """``docker build --squash`` (article §3.3.2) needs a daemon started with
        --experimental: off, with that reason, on any other engine."""
        self.squash.setEnabled(experimental)
        if not experimental:
            self.squash.setChecked(False)
        self.squash.setToolTip(
            translate("WindowActions", "Squash the new layers into one (docker build --squash)")
            if experimental else translate("WindowActions", SQUASH_NEEDS))

    def set_engine_available(self, available: bool, reason: str) -> None:
        for action in self.engine_actions:
            action.setEnabled(available)
            base = without_accelerator(action.text())
            action.setToolTip(base if available else translate(
                "WindowActions", "{action}: {reason}").format(action=base, reason=reason))
