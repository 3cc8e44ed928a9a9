"""The analysis panels (timeline, files, overlay, sizes, harden), docked when their packages import.

Each is a QWidget built as ``Panel(context, runner, parent)``. A panel whose module is
missing is skipped (the window works without it); one that fails to build is logged and
skipped, so a broken panel cannot keep the window from opening.

The window shows before its panels exist: their modules pull in pyqtgraph, numpy and the
docker SDK (~0.3 s of imports), so each dock first holds a ``PanelSlot`` that imports
the module on a worker once the window is on screen and then builds the panel on the UI
thread.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from workbench.core.progress import CancelToken
from workbench.gui.i18n import translate
from workbench.gui.selection import ImageContext
from workbench.gui.worker import JobRunner

log = logging.getLogger(__name__)
Area = Qt.DockWidgetArea


@dataclass(frozen=True, slots=True)
class PanelSpec:
    title: str  # English, also in the log; ``PanelSlot.title`` is the one shown
    object_name: str  # saved layouts refer to docks by this name
    module: str
    class_name: str
    area: Area


OPTIONAL_PANELS = (
    PanelSpec(str(QT_TRANSLATE_NOOP("Panels", "Timeline")),
              "dock-timeline", "workbench.gui.layers.timeline",
              "TimelinePanel", Area.BottomDockWidgetArea),
    PanelSpec(str(QT_TRANSLATE_NOOP("Panels", "Files")),
              "dock-files", "workbench.gui.layers.files_panel",
              "FilesPanel", Area.RightDockWidgetArea),
    PanelSpec(str(QT_TRANSLATE_NOOP("Panels", "Overlay")),
              "dock-overlay", "workbench.gui.overlay.panel",
              "OverlayPanel", Area.RightDockWidgetArea),
    PanelSpec(str(QT_TRANSLATE_NOOP("Panels", "Sizes")),
              "dock-sizes", "workbench.gui.sizes.panel",
              "SizesPanel", Area.RightDockWidgetArea),
    PanelSpec(str(QT_TRANSLATE_NOOP("Panels", "Harden")),
              "dock-harden", "workbench.gui.harden.panel",
              "HardenPanel", Area.RightDockWidgetArea),
    PanelSpec(str(QT_TRANSLATE_NOOP("Panels", "Containers")),
              "dock-containers", "workbench.gui.containers.panel",
              "ContainersPanel", Area.RightDockWidgetArea),
    PanelSpec(str(QT_TRANSLATE_NOOP("Panels", "Images")),
              "dock-images", "workbench.gui.images.panel",
              "ImagesPanel", Area.RightDockWidgetArea),
    PanelSpec(str(QT_TRANSLATE_NOOP("Panels", "Lessons")),
              "dock-lessons", "workbench.gui.lessons.panel",
              "LessonsPanel", Area.RightDockWidgetArea),
    PanelSpec(str(QT_TRANSLATE_NOOP("Panels", "Review")),
              "dock-review", "workbench.gui.review.panel",
              "ReviewPanel", Area.RightDockWidgetArea),
)


def panel_available(spec: PanelSpec) -> bool:
    """Whether the panel's module ships in this build, without importing it (only its
    package, whose ``__init__`` is a docstring)."""
    try:
        return importlib.util.find_spec(spec.module) is not None
    except ImportError:
        return False


def scrolled(panel: QWidget) -> QScrollArea:
    """``panel`` in a frameless scroll area: a dock then asks no minimum size of the
    window, so every panel fits a 1280x720 projector at any presentation scale and
    scrolls where it is too small, instead of pushing the window off the screen."""
    area = QScrollArea()
    area.setObjectName(f"scroll-{panel.objectName() or type(panel).__name__}")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(panel)
    return area


def panel_of(dock: QDockWidget) -> QWidget | None:
    """The panel a dock shows (inside its scroll area), None while it loads."""
    widget = dock.widget()
    if isinstance(widget, QScrollArea):
        return widget.widget()
    return None if isinstance(widget, PanelSlot) else widget


class PanelSlot(QWidget):
    """Holds a dock's place until its panel is built; ``load`` imports the panel's module
    on a worker and builds the panel when the import is done."""

    def __init__(self, spec: PanelSpec, context: ImageContext, runner: JobRunner,
                 replace_text: Callable[[str, str, str], bool],
                 connect_engine: Callable[[], Any]) -> None:
        super().__init__()
        self.spec = spec
        self.context = context
        self.runner = runner
        # the window's editor, bound into a panel that edits Dockerfiles (advice, fixes)
        self.replace_text = replace_text
        # the window's engine endpoint, bound into every panel that talks to an engine
        self.connect_engine = connect_engine
        self.title = translate("Panels", spec.title)
        self.note = QLabel(self.tr("Loading the {panel} panel…").format(panel=self.title))
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.setWordWrap(True)
        QVBoxLayout(self).addWidget(self.note)
        self.loading = False

    def load(self) -> None:
        if self.loading:
            return
        self.loading = True
        module = self.spec.module

        def work(_progress: Any, _cancel: CancelToken) -> ModuleType:
            return importlib.import_module(module)

        self.runner.start(work, name=f"load the {self.spec.title} panel",
                          on_result=self._build, on_error=self._failed)

    def _build(self, module: ModuleType) -> None:
        dock = self.parentWidget()
        if getattr(self.window(), "closing", False) or not isinstance(dock, QDockWidget):
            return  # the window is closing: no new panel that could start work
        try:
            panel = getattr(module, self.spec.class_name)(self.context, self.runner, None)
        except Exception:  # one broken panel must not take the window down
            log.exception("The %s panel could not be created", self.spec.title)
            self._failed(self.tr("The {panel} panel could not be created: see the log.")
                         .format(panel=self.title))
            return
        dock.setWidget(scrolled(panel))  # the panel from now on, in a scroll area
        self.deleteLater()
        if hasattr(panel, "replace_text"):
            panel.replace_text = self.replace_text
        if hasattr(panel, "connect_engine"):
            panel.connect_engine = self.connect_engine
        log.info("%s panel ready", self.spec.title)

    def _failed(self, message: str) -> None:
        self.note.setText(message)
