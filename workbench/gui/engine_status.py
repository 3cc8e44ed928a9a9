"""Engine connection state and its status-bar widgets: endpoint, version, driver, retry.

Connecting happens in a job (a dead TCP endpoint can take seconds to time out). Until
an engine answers the window runs "offline": engine actions are disabled and their
tooltips carry the reason, everything else keeps working.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QLabel, QMenu, QStatusBar, QToolButton

from workbench.core.progress import CancelToken
from workbench.gui.worker import JobRunner

log = logging.getLogger(__name__)
MISSING = str(QT_TRANSLATE_NOOP(
    "EngineStatus", "Engine support is not installed in this build: reinstall "
    "image-workbench with its docker dependency."))


class EngineStatus(QObject):
    # (engine or None, reason when None): the window enables/disables engine actions.
    changed = Signal(object, str)
    refused = Signal(str)  # a reconnect or switch that was not done, and why

    def __init__(self, runner: JobRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.engine: Any = None
        self.reason = self.tr("Connecting to the Docker engine…")
        self.endpoint: str | None = None  # None: what the Docker CLI would pick
        self.endpoints: list[Any] = []
        self.connecting = False
        # Set by the window: a sentence when switching now would cut running work
        # (a build streams through the current client), "" when it is safe.
        self.switch_blocked: Callable[[], str] = lambda: ""

    @property
    def client(self) -> Any:
        return self.engine.client if self.engine is not None else None

    def connect_engine(self, endpoint: str | None = None) -> None:
        blocked = self.switch_blocked()
        if blocked:
            log.warning("%s", blocked)
            self.refused.emit(blocked)
            return
        self.endpoint = endpoint if endpoint is not None else self.endpoint
        self.connecting = True
        self._set(None, self.tr("Connecting to {endpoint}…").format(endpoint=self.endpoint)
                  if self.endpoint else self.tr("Connecting to the default Docker engine…"))
        target = self.endpoint

        def work(_progress: Any, _cancel: CancelToken) -> tuple[Any, list[Any]]:
            from workbench.core.engine.connection import connect, list_endpoints

            endpoints = list_endpoints()
            return connect(target, timeout=5), endpoints

        def failed(message: str) -> None:
            self.connecting = False
            self._set(None, message)
            self._refresh_endpoints()

        try:
            import workbench.core.engine.connection  # noqa: F401 - availability probe
        except ImportError:
            failed(self.tr(MISSING))
            return
        self.runner.start(work, name="connect to engine", key="engine",
                          on_result=self._on_connected, on_error=failed)

    def _refresh_endpoints(self) -> None:
        def work(_progress: Any, _cancel: CancelToken) -> list[Any]:
            from workbench.core.engine.connection import list_endpoints

            return list_endpoints()

        def done(endpoints: list[Any]) -> None:
            self.endpoints = endpoints
            self.changed.emit(self.engine, self.reason)

        self.runner.start(work, name="list endpoints", key="endpoints", on_result=done)

    def _on_connected(self, result: tuple[Any, list[Any]]) -> None:
        engine, self.endpoints = result
        self.connecting = False
        log.info("Connected to %s (%s)", engine.info.endpoint, engine.info.summary)
        self._set(engine, "")

    def _set(self, engine: Any, reason: str) -> None:
        if self.engine is not None and self.engine is not engine:
            self.engine.close()
        self.engine = engine
        self.reason = reason
        if engine is None and reason and not self.connecting:
            log.warning("%s", reason)
        self.changed.emit(engine, reason)

    def close(self) -> None:
        if self.engine is not None:
            self.engine.close()
            self.engine = None


class EngineStatusWidgets(QObject):
    """The status-bar part: ● state, endpoint switcher, version/driver, retry."""

    def __init__(self, status: EngineStatus, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.status = status
        self.dot = QLabel("●")
        self.switcher = QToolButton()
        self.switcher.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.switcher.setAutoRaise(True)
        self.switcher.setToolTip(self.tr("Engine endpoint: pick another Docker context or "
                                         "socket"))
        self.menu = QMenu(self.switcher)
        self.switcher.setMenu(self.menu)
        self.details = QLabel()
        self.retry = QToolButton()
        self.retry.setText(self.tr("Retry"))
        self.retry.setAutoRaise(True)
        self.retry.setToolTip(self.tr("Connect to the engine again"))
        self.retry.clicked.connect(lambda: status.connect_engine())
        for widget in (self.dot, self.switcher, self.details, self.retry):
            bar.addPermanentWidget(widget)
        status.changed.connect(self._on_changed)
        self._on_changed(None, status.reason)

    def _on_changed(self, engine: Any, reason: str) -> None:
        if engine is not None:
            info = engine.info
            self.dot.setStyleSheet("color: #2e7d32")
            self.dot.setToolTip(self.tr("Connected"))
            self.switcher.setText(info.endpoint)
            self.details.setText(f"{info.summary} · API {info.api_version}")
            self.details.setToolTip(f"{info.name} {info.os}/{info.arch}")
            self.retry.setVisible(False)
        else:
            connecting = self.status.connecting
            self.dot.setStyleSheet("color: #f9a825" if connecting else "color: #d32f2f")
            self.dot.setToolTip(self.tr("Connecting") if connecting else self.tr("Offline"))
            self.switcher.setText(self.status.endpoint or self.tr("default endpoint"))
            self.details.setText(self.tr("connecting…") if connecting else self.tr("offline"))
            self.details.setToolTip(reason)
            self.retry.setVisible(not connecting)
        self._fill_menu()

    def _fill_menu(self) -> None:
        self.menu.clear()
        group = QActionGroup(self.menu)
        current = self.status.engine.info.endpoint if self.status.engine else self.status.endpoint
        for endpoint in self.status.endpoints:
            action = QAction(f"{endpoint.name}  ({endpoint.url})", self.menu, checkable=True)
            action.setChecked(endpoint.url == current)
            action.setToolTip(endpoint.description or endpoint.url)
            action.triggered.connect(lambda _c=False, url=endpoint.url:
                                     self.status.connect_engine(url))
            group.addAction(action)
            self.menu.addAction(action)
        if not self.status.endpoints:
            self.menu.addAction(self.tr("No endpoints found")).setEnabled(False)
