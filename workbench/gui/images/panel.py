"""The Images dock: local images with tags, sizes and digests; push and pull with
per-layer progress and cancel; "Pin this digest" writes ``name@sha256:…`` into the open
Dockerfile's last FROM (article §4.1: a digest exists only after a push or pull).

Engine work runs on the window's JobRunner. The pin edit goes through ``replace_text``
(path, the text it was computed for, the new text), like every panel that edits a
Dockerfile, so it lands only in the tab that still holds that text.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QInputDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.dockerfile.edit import set_base
from workbench.core.engine.connection import connect
from workbench.core.engine.images import LocalImage, list_images
from workbench.core.engine.registry import TransferResult, pull, push
from workbench.core.progress import CancelToken, ProgressEvent
from workbench.core.units import human_size
from workbench.gui.button_bar import button_bar
from workbench.gui.i18n import translate
from workbench.gui.selection import ImageContext
from workbench.gui.worker import Job, JobRunner

Progress = Callable[[ProgressEvent], None]
IMAGE_ROLE = Qt.ItemDataRole.UserRole
# An image's age, as the core's LocalImage.age() says it, in the window's language.
AGES = ((365 * 86400, str(QT_TRANSLATE_NOOP("ImagesPanel", "{count} year ago")),
         str(QT_TRANSLATE_NOOP("ImagesPanel", "{count} years ago"))),
        (30 * 86400, str(QT_TRANSLATE_NOOP("ImagesPanel", "{count} month ago")),
         str(QT_TRANSLATE_NOOP("ImagesPanel", "{count} months ago"))),
        (86400, str(QT_TRANSLATE_NOOP("ImagesPanel", "{count} day ago")),
         str(QT_TRANSLATE_NOOP("ImagesPanel", "{count} days ago"))),
        (3600, str(QT_TRANSLATE_NOOP("ImagesPanel", "{count} hour ago")),
         str(QT_TRANSLATE_NOOP("ImagesPanel", "{count} hours ago"))),
        (60, str(QT_TRANSLATE_NOOP("ImagesPanel", "{count} minute ago")),
         str(QT_TRANSLATE_NOOP("ImagesPanel", "{count} minutes ago"))))


def age_text(created: float, now: float | None = None) -> str:
    seconds = max(0.0, (now if now is not None else time.time()) - created)
    for length, one, many in AGES:
        if seconds >= length:
            count = int(seconds // length)
            return translate("ImagesPanel", one if count == 1 else many).format(count=count)
    return translate("ImagesPanel", "just now")


class ImagesPanel(QWidget):
    listed = Signal(object)  # list[LocalImage]
    transferred = Signal(object)  # TransferResult
    failed = Signal(str)

    def __init__(self, context: ImageContext, runner: JobRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.runner = runner
        self.connect_engine: Callable[[], Any] = connect
        self.replace_text: Callable[[str, str, str], bool] = lambda _p, _o, _n: False
        # Asked for a name to push or pull: (title, default) -> name or None.
        self.ask_name: Callable[[str, str], str | None] = self._ask_name
        self.images: list[LocalImage] = []
        self.job: Job | None = None
        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([self.tr("Image"), self.tr("Size"), self.tr("Created"),
                                   self.tr("Digest")])
        header = self.list.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.push_button = QPushButton(self.tr("Push…"))
        self.pull_button = QPushButton(self.tr("Pull…"))
        self.pin_button = QPushButton(self.tr("Pin this digest"))
        self.pin_button.setToolTip(self.tr("Write name@digest into the open Dockerfile's last "
                                           "FROM"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.progress = QProgressBar()
        self.progress.setFormat(self.tr("idle"))
        self.status = QLabel(self.tr("Refresh to list the engine's images."))
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(button_bar(self.refresh_button, self.push_button, self.pull_button,
                                    self.pin_button, self.cancel_button))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        self.refresh_button.clicked.connect(self.refresh)
        self.push_button.clicked.connect(self.push_selected)
        self.pull_button.clicked.connect(self.pull_named)
        self.pin_button.clicked.connect(self.pin_selected)
        self.cancel_button.clicked.connect(self.cancel)
        self.list.currentItemChanged.connect(lambda *_: self._update())
        self._update()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self.images and self.job is None:
            self.refresh()

    # -- state ----------------------------------------------------------------------------
    def selected(self) -> LocalImage | None:
        item = self.list.currentItem()
        value = item.data(0, IMAGE_ROLE) if item is not None else None
        return value if isinstance(value, LocalImage) else None

    def _update(self) -> None:
        busy, image = self.job is not None, self.selected()
        for button in (self.refresh_button, self.pull_button):
            button.setEnabled(not busy)
        self.push_button.setEnabled(not busy and image is not None and bool(image.tags))
        self.pin_button.setEnabled(not busy and image is not None and bool(image.digests))
        self.pin_button.setToolTip(
            self.tr("Write name@digest into the open Dockerfile's last FROM")
            if self.pin_button.isEnabled()
            else self.tr("Select an image with a digest: it gets one by a push or pull."))
        self.cancel_button.setEnabled(busy)

    def _start(self, name: str, shown: str, work: Callable[[Any, Progress, CancelToken], Any],
               done: Callable[[Any], None]) -> None:
        """``name`` names the job in the log, ``shown`` says what runs in the window."""
        def job(progress: Progress, cancel: CancelToken) -> Any:
            with self.connect_engine() as engine:
                return work(engine.client, progress, cancel)

        self.status.setText(self.tr("{action}…").format(action=shown))
        self.progress.setRange(0, 0)
        self.job = self.runner.start(job, name=name, on_result=done, on_error=self._failed,
                                     on_progress=self._on_progress,
                                     on_cancelled=lambda: self.status.setText(
                                         self.tr("{action}: cancelled.").format(
                                             action=shown)),
                                     on_finished=self._finished)
        self._update()

    def _on_progress(self, event: ProgressEvent) -> None:
        if event.total:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * event.done / event.total))
            self.progress.setFormat(f"{human_size(event.done)} / {human_size(event.total)}")
        if event.message:
            self.status.setText(event.message)

    def _finished(self) -> None:
        self.job = None
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.progress.setFormat(self.tr("idle"))
        self._update()

    def _failed(self, message: str) -> None:
        self.status.setText(message)
        self.failed.emit(message)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    # -- actions --------------------------------------------------------------------------
    def refresh(self) -> None:
        self._start("Listing images", self.tr("Listing images"),
                    lambda client, _p, _c: list_images(client), self._show)

    def _show(self, images: list[LocalImage]) -> None:
        self.images = images
        self.list.clear()
        for image in images:
            digest = image.digests[0].split("@", 1)[1][:19] if image.digests else ""
            item = QTreeWidgetItem([", ".join(image.tags), human_size(image.size),
                                    age_text(image.created), digest])
            item.setData(0, IMAGE_ROLE, image)
            item.setToolTip(0, "\n".join([*image.tags, *image.digests, image.id]))
            self.list.addTopLevelItem(item)
        self.status.setText(self.tr("{count} images.").format(count=len(images)))
        self.listed.emit(images)

    def _ask_name(self, title: str, default: str) -> str | None:
        name, ok = QInputDialog.getText(self, title, self.tr("Image (registry/name:tag):"),
                                        text=default)
        return name.strip() if ok and name.strip() else None

    def push_selected(self) -> None:
        image = self.selected()
        if image is None or not image.tags:
            return
        name = self.ask_name(self.tr("Push"), image.tags[0])
        if name is None:
            return

        def work(client: Any, progress: Progress, cancel: CancelToken) -> TransferResult:
            if name not in image.tags:  # pushing under a registry name: tag it first
                repo, _, tag = name.rpartition(":") if ":" in name.rsplit("/", 1)[-1] \
                    else (name, "", "latest")
                client.api.tag(image.id, repo, tag)
            return push(client, name, progress, cancel)

        self._start(f"Pushing {name}", self.tr("Pushing {image}").format(image=name), work,
                    self._transferred)

    def pull_named(self) -> None:
        name = self.ask_name(self.tr("Pull"), "")
        if name is not None:
            self._start(f"Pulling {name}", self.tr("Pulling {image}").format(image=name),
                        lambda client, progress, cancel: pull(
                client, name, progress, cancel), self._transferred)

    def _transferred(self, result: TransferResult) -> None:
        self.status.setText(self.tr("{image}: digest {digest}.").format(
            image=result.reference, digest=result.digest or self.tr("none")))
        self.transferred.emit(result)
        # After this job's own clean-up, so the new listing is the current job.
        QTimer.singleShot(0, self.refresh)

    def pin_selected(self) -> bool:
        image = self.selected()
        path, text = self.context.dockerfile_path, self.context.dockerfile_text
        if image is None or not image.digests:
            return False
        try:
            new = set_base(text, image.digests[0])
        except ValueError as exc:
            self.status.setText(self.tr("Cannot pin: {reason}").format(reason=exc))
            return False
        if not self.replace_text(path, text, new):
            self.status.setText(self.tr("The open Dockerfile changed or is closed: pin again."))
            return False
        self.status.setText(self.tr("The last FROM now names {digest}.").format(
            digest=image.digests[0]))
        return True
