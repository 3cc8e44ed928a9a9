"""The analysis panels (timeline, files, overlay, sizes, harden), docked when their packages import.

Each is a QWidget built as ``Panel(context, runner, parent)``. A panel whose module is
missing is skipped (the window works without it); one that fails to build is logged and
skipped, so a broken panel cannot keep the window from opening.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from workbench.gui.selection import ImageContext
from workbench.gui.worker import JobRunner

log = logging.getLogger(__name__)
Area = Qt.DockWidgetArea


@dataclass(frozen=True, slots=True)
class PanelSpec:
    title: str
    object_name: str  # saved layouts refer to docks by this name
    module: str
    class_name: str
    area: Area


OPTIONAL_PANELS = (
    PanelSpec("Timeline", "dock-timeline", "workbench.gui.layers.timeline", "TimelinePanel",
              Area.BottomDockWidgetArea),
    PanelSpec("Files", "dock-files", "workbench.gui.layers.files_panel", "FilesPanel",
              Area.RightDockWidgetArea),
    PanelSpec("Overlay", "dock-overlay", "workbench.gui.overlay.panel", "OverlayPanel",
              Area.RightDockWidgetArea),
    PanelSpec("Sizes", "dock-sizes", "workbench.gui.sizes.panel", "SizesPanel",
              Area.RightDockWidgetArea),
    PanelSpec("Harden", "dock-harden", "workbench.gui.harden.panel", "HardenPanel",
              Area.RightDockWidgetArea),
    PanelSpec("Lessons", "dock-lessons", "workbench.gui.lessons.panel", "LessonsPanel",
              Area.RightDockWidgetArea),
)


def build_panel(spec: PanelSpec, context: ImageContext, runner: JobRunner,
                parent: QWidget | None) -> QWidget | None:
    try:
        module = importlib.import_module(spec.module)
    except ImportError as exc:
        log.debug("%s panel not available: %s", spec.title, exc)
        return None
    try:
        widget = getattr(module, spec.class_name)(context, runner, parent)
    except Exception:  # one broken panel must not keep the window from opening
        log.exception("The %s panel could not be created", spec.title)
        return None
    return widget if isinstance(widget, QWidget) else None
