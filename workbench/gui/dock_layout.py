"""The window's docks: where each one goes, its View menu entry, and the arrangement the
user left, kept between runs."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QTabBar, QWidget

Area = Qt.DockWidgetArea


class DockLayout:
    def __init__(self, window: QMainWindow, view_menu: QMenu, settings: QSettings) -> None:
        self.window = window
        self.view_menu = view_menu
        self.settings = settings
        self.docks: dict[str, QDockWidget] = {}
        self._default_state = window.saveState()

    def add(self, title: str, name: str, widget: QWidget, area: Area) -> QDockWidget:
        window = self.window
        dock = QDockWidget(title, window)
        dock.setObjectName(name)
        dock.setWidget(widget)
        same_area = [d for d in self.docks.values() if window.dockWidgetArea(d) == area]
        if same_area:
            # Straight into the area's tab group: adding it beside first and tabifying
            # afterwards leaves a stray tab bar behind in QMainWindow's layout.
            window.tabifyDockWidget(same_area[0], dock)
        else:
            window.addDockWidget(area, dock)
        self.docks[name] = dock
        self.view_menu.addAction(dock.toggleViewAction())
        return dock

    def keep_as_default(self) -> None:
        """What View > Reset layout goes back to: the arrangement as it is now."""
        self._default_state = self.window.saveState()

    def reset(self) -> None:
        self.window.restoreState(self._default_state)

    def restore(self) -> None:
        geometry = self.settings.value("geometry")
        state = self.settings.value("state")
        if geometry is not None:
            self.window.restoreGeometry(geometry)
        if state is not None:
            self.window.restoreState(state)

    def save(self) -> None:
        self.settings.setValue("geometry", self.window.saveGeometry())
        self.settings.setValue("state", self.window.saveState())
        self.settings.sync()

    def hide_stray_tab_bars(self) -> None:
        """Work around Qt 6 leaving a stale dock tab bar visible.

        When a second group of tabbed docks forms, QMainWindow keeps the group's first,
        smaller tab bar shown although the layout no longer places it; once the window
        is resized or its font changes it shows up as a ghost row of tabs. A bar whose
        tabs are all listed in another, longer bar is such a leftover.
        """
        window = self.window
        bars = [b for b in window.findChildren(QTabBar)
                if b.parent() is window and not b.isHidden()]
        tabs = {b: [b.tabText(i) for i in range(b.count())] for b in bars}
        for bar in bars:
            if any(other is not bar and len(tabs[other]) > len(tabs[bar])
                   and set(tabs[bar]) <= set(tabs[other]) for other in bars):
                bar.hide()
