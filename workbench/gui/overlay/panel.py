"""The Overlay panel: lower(s) | upper | merged | work, from an image, a container or a sandbox.

Every listing, mount and container inspection runs through the JobRunner, and so does
turning a listing into pane rows (``listing_tree``): the UI thread only parses a command
line and points the panes' models at finished trees. Selecting a path in one pane
selects it in all of them (and, for an image, in the window's shared selection).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.core.engine.connection import connect
from workbench.core.errors import WorkbenchError
from workbench.core.model import Kind
from workbench.core.overlay.ops import parse_op
from workbench.core.overlay.sandbox import Sandbox, SandboxView, article_spec, open_sandbox
from workbench.gui.i18n import translate
from workbench.gui.overlay.controls import (
    ContainerControls,
    SandboxControls,
    StackControls,
    action_command,
)
from workbench.gui.overlay.listing_tree import PaneTrees, with_trees
from workbench.gui.overlay.panes import ListingPane, legend, legend_detail
from workbench.gui.overlay.stale_offer import StaleOffer
from workbench.gui.selection import ImageContext
from workbench.gui.worker import JobRunner

SOURCES: tuple[str, ...] = tuple(map(str, (QT_TRANSLATE_NOOP("OverlayPanel", "Image stack"),
           QT_TRANSLATE_NOOP("OverlayPanel", "Running container"),
           QT_TRANSLATE_NOOP("OverlayPanel", "Live sandbox"))))


class OverlayPanel(QWidget):
    # Emitted after the panes show a new view: the source name ("stack", "container",
    # "sandbox"); lets the window (and tests) follow what is on screen.
    view_shown = Signal(str)
    # A sentence for the status line when a job fails.
    error_shown = Signal(str)

    def __init__(self, context: ImageContext, runner: JobRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.runner = context, runner
        self.connect_engine: Callable[[], Any] = connect  # the window binds its endpoint
        self.sandbox: Sandbox | None = None
        self._scans: list[Any] | None = None
        self._layer_trees: dict[int, Any] = {}  # the image's layer trees, built once each
        self._history: list[Any] = []
        self._selected = ""
        # A sandbox opened by a job whose result has not arrived yet: shutdown() must
        # close it too.
        self._pending: Sandbox | None = None
        self._merged_dirs: set[str] = set()
        self._hidden_layer: int | None = None  # a layer to show once the panel is visible
        self._owned: list[Sandbox] = []  # every sandbox this panel opened, for clean-up
        self.source = QComboBox()
        self.source.addItems([self.tr(source) for source in SOURCES])
        self.stack_controls = StackControls()
        self.container_controls = ContainerControls()
        self.sandbox_controls = SandboxControls()
        self.controls = QStackedWidget()
        for widget in (self.stack_controls, self.container_controls, self.sandbox_controls):
            self.controls.addWidget(widget)
        self.mount_line = QLabel()
        self.mount_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.mount_line.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.lowers = ListingPane(self.tr("lowerdir(s), top-most first"))
        self.upper = ListingPane(self.tr("upperdir"))
        self.merged = ListingPane(self.tr("merged"))
        self.work = ListingPane(self.tr("workdir"))
        self.panes = (self.lowers, self.upper, self.merged, self.work)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        for pane in self.panes:
            splitter.addWidget(pane)
            pane.path_clicked.connect(self._on_path_clicked)
        self.legend = QLabel(legend())
        self.legend.setToolTip(legend_detail())
        head = QHBoxLayout()
        head.addWidget(QLabel(self.tr("Source:")))
        head.addWidget(self.source)
        head.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.controls)
        layout.addWidget(self.mount_line)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.legend)
        layout.addWidget(self.status)
        self.timer = QTimer(self)
        self.timer.setInterval(2000)
        self.timer.timeout.connect(self._refresh_container)
        self._wire()
        self.source.setCurrentIndex(0)
        self._on_source_changed(0)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._hidden_layer is not None:
            self.show_layer(self._hidden_layer)

    def _wire(self) -> None:
        self.source.currentIndexChanged.connect(self._on_source_changed)
        self.context.analysis_changed.connect(self._on_analysis_changed)
        self.context.step_selected.connect(self._on_step_selected)
        self.context.path_selected.connect(self.select_path)
        self.context.container_shown.connect(self.follow_container)
        self.stack_controls.layer_changed.connect(self.show_layer)
        self.stack_controls.open_button.clicked.connect(self._on_open_image)
        self.stack_controls.source.returnPressed.connect(self._on_open_image)
        cc = self.container_controls
        cc.refresh_list.connect(self.list_containers)
        cc.container_chosen.connect(lambda _id: self._refresh_container())
        cc.refresh_view.connect(self._refresh_container)
        cc.auto.toggled.connect(lambda on: self.timer.start() if on else self.timer.stop())
        sc = self.sandbox_controls
        sc.new_sandbox.connect(self.new_sandbox)
        sc.command.connect(self.run_command)
        for name, button in sc.buttons.items():
            button.clicked.connect(lambda _=False, n=name: self._on_action(n))
        self.stale = StaleOffer(sc.stale_button, self.runner, self)
        self.stale.cleaned.connect(self.status.setText)
        self.stale.failed.connect(self._on_error)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        # Also when the dock is destroyed without a quit; the closure must not touch self.
        owned = self._owned
        self.destroyed.connect(lambda *_: _close_all(owned))
        self.stale.find()

    # -- common --------------------------------------------------------------------------
    def _on_source_changed(self, index: int) -> None:
        self._switch_view(index)
        if index == 0 and self._scans:
            self.show_layer(self.stack_controls.spin.value())
        elif index == 1 and self.container_controls.combo.count() == 0:
            self.list_containers()
        elif index == 2 and self.sandbox is None:
            self.new_sandbox(1, ["lower"], "auto")
        elif index == 2 and self.sandbox is not None:
            self._start_sandbox_job(lambda: (None, self._sandbox_view()), "refresh")

    def _switch_view(self, index: int) -> None:
        self.controls.setCurrentIndex(index)
        self.work.setVisible(index != 0)  # image layers have no workdir
        for pane in self.panes:
            pane.clear()
        self.mount_line.clear()

    def _show(self, trees: PaneTrees, source: str) -> None:
        self.lowers.set_tree(trees.lowers)
        self.upper.set_tree(trees.upper)
        self.merged.set_tree(trees.merged)
        if trees.work is None:
            self.work.clear()
        else:
            self.work.set_tree(trees.work)
        self.work.setVisible(trees.work is not None)
        if self._selected:
            self._sync(self._selected)
        self.view_shown.emit(source)

    def _on_error(self, message: str) -> None:
        self.status.setText(f"<span style='color:#c62828'>{message}</span>")
        self.error_shown.emit(message)

    def _on_path_clicked(self, path: str) -> None:
        self._sync(path)
        if self.source.currentIndex() == 0:
            self.context.select_path(path)

    def select_path(self, path: str) -> None:
        self._sync(path)

    def _sync(self, path: str) -> None:
        self._selected = path
        for pane in self.panes:
            pane.select_path(path)

    def selected_path(self) -> str:
        return self._selected

    # -- image stack -----------------------------------------------------------------------
    def _on_analysis_changed(self, analysis: Any) -> None:
        scans = getattr(analysis, "scans", None)
        info = getattr(analysis, "info", None)
        self.set_scans(list(scans) if scans is not None else None,
                       list(getattr(info, "history", []) or []),
                       getattr(info, "source", "") or "")

    def set_scans(self, scans: list[Any] | None, history: list[Any] | None = None,
                  label: str = "") -> None:
        """Show an image's layers (LayerScan list); the top layer is shown first."""
        self._scans, self._history = scans, history or []
        self._layer_trees = {}  # a new image: its layers' trees are built anew
        count = len(scans or [])
        self.stack_controls.set_layer_count(count)
        self.stack_controls.info.setText(
            self.tr("{image}: {count} layers; step k to watch the filesystem grow.").format(
                image=label or self.tr("image"), count=count)
            if count else self.tr("No image: analyse one in the window or open it here."))
        if not count and self.source.currentIndex() == 0:
            for pane in self.panes:
                pane.clear()
            self.mount_line.clear()
        if count:
            self.stack_controls.spin.blockSignals(True)
            self.stack_controls.set_layer(count - 1)
            self.stack_controls.spin.blockSignals(False)
            self.stack_controls.slider.setValue(count - 1)
            self.show_layer(count - 1)

    def _on_step_selected(self, index: int) -> None:
        if 0 <= index < len(self._history):
            layer = getattr(self._history[index], "layer_index", None)
            if layer is not None:
                self.stack_controls.set_layer(layer)

    def show_layer(self, layer: int) -> None:
        scans = self._scans
        if not scans or self.source.currentIndex() != 0:
            return
        if not self.isVisible():
            # A panel in a hidden dock tab does no work: merging a big image's layers
            # costs a worker (and the GIL) seconds. It catches up in showEvent.
            self._hidden_layer = layer
            return
        self._hidden_layer = None
        built = self._layer_trees

        def job(_p: Any, cancel: Any) -> tuple[Any, PaneTrees]:
            # Imported here, on the worker: a first import on the UI thread would make
            # it wait for the import lock while other jobs import.
            from workbench.core.overlay.image_stack import stack_layers
            from workbench.gui.overlay.stack_rows import stack_trees

            # The next layer asked for cancels this job (same key): it stops early.
            stack = stack_layers(scans, layer, cancel, built)
            return stack, stack_trees(stack, cancel)

        self.runner.start(job, name="overlay layer view",
                          key=f"overlay-stack-{id(self)}", on_result=self._show_stack,
                          on_error=self._on_error)

    def _on_open_image(self) -> None:
        source = self.stack_controls.source.text().strip()
        if not source:
            return
        def job(progress: Any, cancel: Any) -> Any:
            from workbench.core.image.open import open_image

            opened = open_image(source, progress=progress, cancel=cancel)
            with contextlib.suppress(Exception):
                opened.source.close()  # type: ignore[attr-defined]
            return opened

        self.status.setText(self.tr("Opening {source}…").format(source=source))
        self.runner.start(job, name="open image for overlay", key=f"overlay-open-{id(self)}",
                          on_result=lambda opened: self.set_scans(
                              opened.scans, opened.info.history, source),
                          on_error=self._on_error)

    def _show_stack(self, result: tuple[Any, PaneTrees]) -> None:
        view, trees = result
        self.mount_line.setText(f"<code>{view.options}</code>")
        self.status.setText(self.tr("layer {layer} over {lowers} lower layer(s): {merged} "
                                    "entries merged").format(layer=view.layer,
                                                             lowers=len(view.lowers),
                                                             merged=trees.merged.size))
        self._show(trees, "stack")

    # -- running container ---------------------------------------------------------------
    def list_containers(self) -> None:
        def job(_p: Any, _c: Any) -> Any:
            from workbench.core.overlay.container import list_containers

            with self.connect_engine() as engine:
                return list_containers(engine.client)

        self.runner.start(job, name="list containers", key=f"overlay-ps-{id(self)}",
                          on_result=self._on_containers, on_error=self._on_error)

    def _on_containers(self, rows: list[tuple[str, str, str, str]]) -> None:
        self.container_controls.set_containers(rows)
        if rows:
            self._refresh_container()

    def follow_container(self, container_id: str, path: str = "") -> None:
        """Show a container another panel picked, with ``path`` selected, and bring the
        Overlay dock to the front."""
        if self.source.currentIndex() != 1:
            with QSignalBlocker(self.source):  # no listing job racing the chosen one
                self.source.setCurrentIndex(1)
            self._switch_view(1)
        if path:
            self._selected = path
        self.show_container(container_id)
        dock = self.parentWidget()
        while dock is not None and not isinstance(dock, QDockWidget):
            dock = dock.parentWidget()
        if dock is not None:
            dock.show()
            dock.raise_()

    def show_container(self, container_id: str) -> None:
        index = self.container_controls.combo.findData(container_id)
        if index < 0:
            self.container_controls.combo.addItem(container_id[:12], container_id)
            index = self.container_controls.combo.count() - 1
        self.container_controls.combo.setCurrentIndex(index)
        self._refresh_container()

    def _refresh_container(self) -> None:
        container_id = self.container_controls.current_id()
        if not container_id or self.source.currentIndex() != 1:
            return
        def job(progress: Any, cancel: Any) -> tuple[Any, PaneTrees]:
            from workbench.core.overlay.container import container_view

            with self.connect_engine() as engine:
                return with_trees(container_view(engine.client, container_id,
                                                 progress=progress, cancel=cancel), cancel)

        self.runner.start(job, name="container overlay", key=f"overlay-ct-{id(self)}",
                          on_result=self._show_container, on_error=self._on_error)

    def _show_container(self, result: tuple[Any, PaneTrees]) -> None:
        view, trees = result
        self.mount_line.setText(
            f"<code>LowerDir={':'.join(view.lower_dirs)}<br>UpperDir={view.upper_dir}<br>"
            f"MergedDir={view.merged_dir}<br>WorkDir={view.work_dir}</code>")
        self.container_controls.changes.setPlainText(
            "\n".join(f"{kind} {path}" for kind, path in view.changes))
        if view.from_host:
            text = (self.tr("{name}: {driver}, read from the host (listings cut at the "
                            "limit). {note}") if view.truncated else
                    self.tr("{name}: {driver}, read from the host. {note}"))
        else:
            text = (self.tr("{name}: {driver}, built from the engine's API (listings cut at "
                            "the limit). {note}") if view.truncated else
                    self.tr("{name}: {driver}, built from the engine's API. {note}"))
        self.container_controls.info.setText(
            text.format(name=view.name, driver=view.driver, note=view.note))
        self._show(trees, "container")

    # -- live sandbox ----------------------------------------------------------------------
    def _sandbox_view(self) -> SandboxView:
        if self.sandbox is None:
            raise WorkbenchError(self.tr("No sandbox yet: press New sandbox."))
        return self.sandbox.view()

    def _start_sandbox_job(self, work: Any, name: str) -> None:
        self.sandbox_controls.set_busy(True)
        def job(_p: Any, _c: Any) -> tuple[str | None, SandboxView, PaneTrees, set[str]]:
            message, view = work()
            merged_dirs = {e.path for e in view.merged if e.kind is Kind.DIR}
            return message, view, with_trees(view)[1], merged_dirs

        self.runner.start(job, name=f"overlay sandbox {name}",
                          on_result=self._show_sandbox, on_error=self._on_error,
                          on_finished=lambda: self.sandbox_controls.set_busy(False))

    def new_sandbox(self, lower_count: int, order: list[str], mode: str) -> None:
        """Replace the sandbox by a fresh one (the old one is unmounted and removed)."""
        old, self.sandbox = self.sandbox, None

        def work() -> tuple[str, SandboxView]:
            if old is not None:
                old.close()
            spec = article_spec(lower_count)
            if order and sorted(order) == sorted(spec.lowers):
                spec = spec.reordered(order)
            sandbox = open_sandbox(spec, mode)
            self._pending = sandbox
            self._owned.append(sandbox)
            return "new", sandbox.view()

        self._start_sandbox_job(work, "mount")

    def run_command(self, text: str) -> None:
        try:
            op = parse_op(text)
        except WorkbenchError as exc:
            self._on_error(str(exc))
            return
        sandbox = self.sandbox
        if sandbox is None:
            self._on_error(self.tr("No sandbox yet: press New sandbox."))
            return
        self.sandbox_controls.line.clear()
        self._start_sandbox_job(lambda: (sandbox.apply(op).describe(), sandbox.view()), "op")

    def _on_action(self, name: str) -> None:
        path = self._selected
        if not path and name not in ("Create", "Mkdir"):
            self._on_error(self.tr("{action}: select a path in one of the panes first.").format(
                action=translate("SandboxControls", name)))
            return
        command = action_command(name, path, path in self._merged_dirs,
                                 self.merged.entry_count() + 1)
        self.sandbox_controls.line.setText(command)
        self.run_command(command)

    def _show_sandbox(self, result: tuple[str | None, SandboxView, PaneTrees, set[str]]
                      ) -> None:
        message, view, trees, self._merged_dirs = result
        self.sandbox_controls.set_busy(False)  # before view_shown: listeners may act on it
        if message == "new":
            self.sandbox, self._pending = self._pending, None
            self.sandbox_controls.set_order(view.lower_names)
            self.sandbox_controls.log.clear()
        elif message:
            self.sandbox_controls.log.appendPlainText(message)
        self.sandbox_controls.set_badge(view.mode, view.note)
        options = view.options or "lowerdir=" + ":".join(view.lower_names) + \
            ",upperdir=upper,workdir=work"
        command = f"<code>mount -t overlay overlay -o {options} merged</code>"
        self.mount_line.setText(command if view.mode == "real" else
                                self.tr("{command}  (simulated)").format(command=command))
        mode = {"real": self.tr("real"), "simulated": self.tr("simulated")}.get(view.mode,
                                                                                view.mode)
        self.status.setText(self.tr("{mode} sandbox: {upper} entries in upper, {merged} "
                                    "merged").format(mode=mode, upper=len(view.upper),
                                                     merged=len(view.merged)))
        self._show(trees, "sandbox")

    def shutdown(self) -> None:
        """Stop following containers and unmount the sandbox (safe to call twice)."""
        self.timer.stop()
        self.sandbox = None
        self._pending = None
        _close_all(self._owned)


def _close_all(sandboxes: list[Sandbox]) -> None:
    while sandboxes:
        with contextlib.suppress(Exception):
            sandboxes.pop().close()
