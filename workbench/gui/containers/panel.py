"""The Containers dock: recent containers, exited ones included (the article's
"disappeared" container found again), run one from an image with a command or with an
interactive shell in a terminal tab (pyte), see its changes (A/C/D),
commit it with author, message and config changes, tag the result and open it in the
timeline, and remove it.

Every engine call runs on the window's JobRunner with progress and cancel. Questions
(what to run, what to commit as) go through replaceable callables so tests answer them.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.engine.connection import connect
from workbench.core.engine.containers import (
    Change,
    ContainerSummary,
    attach_socket,
    commit,
    container_changes,
    list_containers,
    remove_container,
    run_container,
    start_shell,
)
from workbench.core.progress import CancelToken, ProgressEvent
from workbench.gui.button_bar import button_bar
from workbench.gui.containers.terminal import TerminalView
from workbench.gui.image_loader import ImageLoader
from workbench.gui.selection import ImageContext
from workbench.gui.worker import Job, JobRunner

Progress = Callable[[ProgressEvent], None]
ROLE = Qt.ItemDataRole.UserRole
# The buttons by the names the code (and its tests) use; their texts are translated.
BUTTONS = {"Refresh": str(QT_TRANSLATE_NOOP("ContainersPanel", "Refresh")),
           "Run…": str(QT_TRANSLATE_NOOP("ContainersPanel", "Run…")),
           "Shell…": str(QT_TRANSLATE_NOOP("ContainersPanel", "Shell…")),
           "Changes": str(QT_TRANSLATE_NOOP("ContainersPanel", "Changes")),
           "Overlay": str(QT_TRANSLATE_NOOP("ContainersPanel", "In overlay view")),
           "Commit…": str(QT_TRANSLATE_NOOP("ContainersPanel", "Commit…")),
           "Remove": str(QT_TRANSLATE_NOOP("ContainersPanel", "Remove")),
           "Cancel": str(QT_TRANSLATE_NOOP("ContainersPanel", "Cancel"))}


@dataclass(slots=True)
class CommitRequest:
    repository: str  # name:tag
    author: str = ""
    message: str = ""
    changes: list[str] = field(default_factory=list)  # CMD ["sh"], ENV A=b, USER app…


class CommitDialog(QDialog):
    def __init__(self, parent: QWidget | None, container: ContainerSummary) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Commit {container}").format(container=container.name))
        self.repository = QLineEdit(placeholderText="busybox:manual")
        self.author = QLineEdit()
        self.message = QLineEdit()
        self.changes = QPlainTextEdit()
        self.changes.setPlaceholderText(self.tr('One per line: CMD ["sh"], ENV A=b, USER app'))
        form = QFormLayout(self)
        form.addRow(self.tr("Tag (name:tag)"), self.repository)
        form.addRow(self.tr("Author (-a)"), self.author)
        form.addRow(self.tr("Message (-m)"), self.message)
        form.addRow(self.tr("Config changes (-c)"), self.changes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def request(self) -> CommitRequest:
        return CommitRequest(self.repository.text().strip(), self.author.text().strip(),
                             self.message.text().strip(),
                             [line.strip() for line in self.changes.toPlainText().splitlines()
                              if line.strip()])


class ContainersPanel(QWidget):
    listed = Signal(object)  # list[ContainerSummary]
    changes_ready = Signal(object)  # list[Change]
    committed = Signal(str)  # image id
    ran = Signal(object)  # RunResult
    shell_opened = Signal(object)  # TerminalView
    failed = Signal(str)

    def __init__(self, context: ImageContext, runner: JobRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.runner = runner
        self.connect_engine: Callable[[], Any] = connect
        self.ask_run: Callable[[], tuple[str, str] | None] = self._ask_run
        self.ask_commit: Callable[[ContainerSummary], CommitRequest | None] = self._ask_commit
        self.ask_shell_image: Callable[[], str | None] = self._ask_shell_image
        self.loader = ImageLoader(context, runner, self)
        self.containers: list[ContainerSummary] = []
        self.job: Job | None = None
        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([self.tr("Name"), self.tr("Image"), self.tr("Command"),
                                   self.tr("Status")])
        header = self.list.header()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.changes = QTreeWidget()
        self.changes.setRootIsDecorated(False)
        self.changes.setHeaderLabels(["", self.tr("Path")])
        self.changes.setToolTip(self.tr("Double-click a path to see it in the overlay view: "
                                        "lower, upper and merged."))
        self.output = QPlainTextEdit(readOnly=True)
        self.output.setPlaceholderText(self.tr("A run's output appears here."))
        self.views = QTabWidget()
        self.views.addTab(self.output, self.tr("Output"))
        self.terminals: list[TerminalView] = []
        self.status = QLabel(self.tr("Refresh to list recent containers, exited ones "
                                     "included."))
        self.status.setWordWrap(True)
        self.buttons = {name: QPushButton(self.tr(label)) for name, label in BUTTONS.items()}
        lower = QSplitter()
        lower.addWidget(self.changes)
        lower.addWidget(self.views)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.list)
        split.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addWidget(button_bar(*self.buttons.values()))
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        actions = {"Refresh": self.refresh, "Run…": self.run, "Shell…": self.open_shell,
                   "Changes": self.show_changes, "Overlay": self.show_in_overlay,
                   "Commit…": self.commit_selected, "Remove": self.remove_selected,
                   "Cancel": self.cancel}
        for name, slot in actions.items():
            self.buttons[name].clicked.connect(slot)
        self.list.currentItemChanged.connect(lambda *_: self._update())
        self.changes.itemDoubleClicked.connect(
            lambda item, _column: self.show_in_overlay(item.text(1)))
        self._update()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self.containers and self.job is None:
            self.refresh()

    def selected(self) -> ContainerSummary | None:
        item = self.list.currentItem()
        value = item.data(0, ROLE) if item is not None else None
        return value if isinstance(value, ContainerSummary) else None

    def _update(self) -> None:
        busy, chosen = self.job is not None, self.selected() is not None
        for name in ("Refresh", "Run…", "Shell…"):
            self.buttons[name].setEnabled(not busy)
        for name in ("Changes", "Overlay", "Commit…", "Remove"):
            self.buttons[name].setEnabled(not busy and chosen)
        self.buttons["Cancel"].setEnabled(busy)

    def _start(self, name: str, shown: str, work: Callable[[Any], Any],
               done: Callable[[Any], None]) -> None:
        """``name`` names the job in the log, ``shown`` says what runs in the window."""
        def job(_progress: Progress, cancel: CancelToken) -> Any:
            with self.connect_engine() as engine:
                cancel.check()
                return work(engine.client)

        self.status.setText(self.tr("{action}…").format(action=shown))
        self.job = self.runner.start(job, name=name, on_result=done, on_error=self._failed,
                                     on_cancelled=lambda: self.status.setText(
                                         self.tr("{action}: cancelled.").format(
                                             action=shown)),
                                     on_finished=self._finished)
        self._update()

    def _finished(self) -> None:
        self.job = None
        self._update()

    def _failed(self, message: str) -> None:
        self.status.setText(message)
        self.failed.emit(message)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    # -- actions --------------------------------------------------------------------------
    def refresh(self) -> None:
        self._start("Listing containers", self.tr("Listing containers"),
                    lambda client: list_containers(client, 30), self._show)

    def _show(self, containers: list[ContainerSummary]) -> None:
        current = self.selected()
        self.containers = containers
        self.list.clear()
        for container in containers:
            item = QTreeWidgetItem([container.name, container.image, container.command,
                                    container.status])
            item.setData(0, ROLE, container)
            item.setToolTip(0, container.id)
            self.list.addTopLevelItem(item)
            if current is not None and container.id == current.id:
                self.list.setCurrentItem(item)
        self.status.setText(self.tr("{count} recent containers.").format(count=len(containers)))
        self.listed.emit(containers)

    def _ask_run(self) -> tuple[str, str] | None:
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Run a container"))
        image, command = QLineEdit("busybox:latest"), QLineEdit("touch /newfile")
        form = QFormLayout(dialog)
        form.addRow(self.tr("Image"), image)
        form.addRow(self.tr("Command"), command)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec() != QDialog.DialogCode.Accepted or not image.text().strip():
            return None
        return image.text().strip(), command.text().strip()

    def run(self) -> None:
        asked = self.ask_run()
        if asked is None:
            return
        image, command = asked
        try:
            argv = shlex.split(command) or None
        except ValueError as exc:
            self._failed(self.tr("The command cannot be read ({reason}).").format(reason=exc))
            return

        def done(result: Any) -> None:
            self.output.setPlainText(result.output)
            self.status.setText(self.tr("{container} exited with code {code}: it stays until "
                                        "removed.").format(container=result.container.name,
                                                           code=result.exit_code))
            self.ran.emit(result)
            self.refresh()

        self._start(f"Running {image}", self.tr("Running {image}").format(image=image),
                    lambda client: run_container(client, image, argv), done)

    def _ask_shell_image(self) -> str | None:
        image, ok = QInputDialog.getText(self, self.tr("Interactive shell"), self.tr("Image:"),
                                         text="busybox:latest")
        return image.strip() if ok and image.strip() else None

    def open_shell(self) -> None:
        """``docker run -it IMAGE sh`` in a terminal tab; the container stays afterwards."""
        image = self.ask_shell_image()
        if image is None:
            return

        def work(client: Any) -> tuple[ContainerSummary, Any]:
            container = start_shell(client, image)
            return container, attach_socket(client, container.id)

        def done(value: tuple[ContainerSummary, Any]) -> None:
            container, sock = value
            view = TerminalView(sock)
            self.terminals.append(view)
            self.views.setCurrentIndex(self.views.addTab(view, container.name))
            view.setFocus()
            self.status.setText(self.tr("A shell in {container}: type in the terminal tab.")
                                .format(container=container.name))
            self.shell_opened.emit(view)
            self.refresh()

        self._start(f"Starting a shell in {image}",
                    self.tr("Starting a shell in {image}").format(image=image), work, done)

    def shutdown(self) -> None:
        """Close every terminal's TTY (the containers stay, as after docker run -it)."""
        for view in self.terminals:
            view.close_tty()
        self.terminals.clear()

    def show_changes(self) -> None:
        container = self.selected()
        if container is not None:
            self._start(f"Changes of {container.name}",
                        self.tr("Changes of {container}").format(container=container.name),
                        lambda client: container_changes(client, container.id),
                        self._show_changes)

    def show_in_overlay(self, path: str = "") -> None:
        """The selected container's lower, upper and merged dirs in the Overlay dock, with
        ``path`` (a changed path, from a double-click in the changes) selected there."""
        container = self.selected()
        if container is not None:
            self.context.show_container(container.id, path.lstrip("/"))

    def _show_changes(self, changes: list[Change]) -> None:
        self.changes.clear()
        for change in changes:
            item = QTreeWidgetItem([change.kind, change.path])
            item.setToolTip(0, change.kind_name)
            self.changes.addTopLevelItem(item)
        self.status.setText(self.tr("{count} paths changed in the container's upper "
                                    "dir.").format(count=len(changes)))
        self.changes_ready.emit(changes)

    def _ask_commit(self, container: ContainerSummary) -> CommitRequest | None:
        dialog = CommitDialog(self, container)
        return dialog.request() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def commit_selected(self) -> None:
        container = self.selected()
        if container is None:
            return
        request = self.ask_commit(container)
        if request is None:
            return
        repository, _, tag = request.repository.rpartition(":") \
            if ":" in request.repository.rsplit("/", 1)[-1] else (request.repository, "", "")

        def done(image_id: str) -> None:
            made = request.repository or image_id[:19]
            self.status.setText(self.tr("Committed {container} as {image}.").format(
                container=container.name, image=made))
            self.committed.emit(image_id)
            self.loader.load(f"docker://{request.repository or image_id}")

        self._start(f"Committing {container.name}",
                    self.tr("Committing {container}").format(container=container.name),
                    lambda client: commit(
            client, container.id, repository or None, tag or None, author=request.author,
            message=request.message, changes=request.changes), done)

    def remove_selected(self) -> None:
        container = self.selected()
        if container is not None:
            self._start(f"Removing {container.name}",
                        self.tr("Removing {container}").format(container=container.name),
                        lambda client: remove_container(client, container.id),
                        lambda _none: self.refresh())
