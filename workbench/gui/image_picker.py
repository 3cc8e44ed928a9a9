"""Pick an engine image from a searchable list (tags, size, age, digests) instead of
typing its name. The list is read on a worker; a name typed in the search field that
matches no row can still be opened as typed (an id, or an image in another engine).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.progress import CancelToken, ProgressEvent
from workbench.core.units import human_size
from workbench.gui.worker import JobRunner

if TYPE_CHECKING:  # the module imports the docker SDK, which the first paint must not wait on
    from workbench.core.engine.images import LocalImage

NAME_ROLE = Qt.ItemDataRole.UserRole


class ImagePicker(QDialog):
    def __init__(self, runner: JobRunner, client: Any, parent: QWidget | None = None,
                 title: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title or self.tr("Open engine image"))
        self.resize(760, 460)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by name, tag or id…"))
        self.search.setClearButtonEnabled(True)
        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([self.tr("Image"), self.tr("Size"), self.tr("Created"),
                                   self.tr("Id"), self.tr("Digest")])
        self.list.setSortingEnabled(False)
        header = self.list.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.status = QLabel(self.tr("Reading the engine's images…"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.open_button = buttons.button(QDialogButtonBox.StandardButton.Open)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self._filter)
        self.list.itemDoubleClicked.connect(lambda *_: self.accept())
        self.list.currentItemChanged.connect(lambda *_: self._update_open())
        self.images: list[LocalImage] = []
        self._update_open()

        def work(_progress: Callable[[ProgressEvent], None],
                 _cancel: CancelToken) -> list[LocalImage]:
            from workbench.core.engine.images import list_images

            return list_images(client)

        self.job = runner.start(work, name="list images", on_result=self.show_images,
                                on_error=self.status.setText)

    def show_images(self, images: list[LocalImage]) -> None:
        self.images = images
        self.list.clear()
        for image in images:
            digest = image.digests[0].split("@", 1)[1][:19] if image.digests else ""
            shown = ", ".join(image.tags) or self.tr("<untagged>")
            item = QTreeWidgetItem([shown, human_size(image.size), image.age(),
                                    image.id.removeprefix("sha256:")[:12], digest])
            item.setData(0, NAME_ROLE, image.name)
            item.setToolTip(0, "\n".join([*image.tags, *image.digests, image.id]))
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
            self.list.addTopLevelItem(item)
        self.status.setText(self.tr("{count} images in the engine.").format(count=len(images))
                            if images else
                            self.tr("The engine has no tagged images: type a name or an id."))
        self._filter(self.search.text())

    def _filter(self, text: str) -> None:
        words = text.lower().split()
        first_visible = None
        for index in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(index)
            if item is None:
                continue
            haystack = " ".join([item.toolTip(0), item.text(3)]).lower()
            hidden = not all(word in haystack for word in words)
            item.setHidden(hidden)
            if not hidden and first_visible is None:
                first_visible = item
        current = self.list.currentItem()
        if current is None or current.isHidden():
            self.list.setCurrentItem(first_visible)  # type: ignore[arg-type]
        self._update_open()

    def _update_open(self) -> None:
        self.open_button.setEnabled(bool(self.chosen()))

    def chosen(self) -> str:
        """The selected image's name, else what was typed."""
        item = self.list.currentItem()
        if item is not None and not item.isHidden():
            return str(item.data(0, NAME_ROLE))
        return self.search.text().strip()
