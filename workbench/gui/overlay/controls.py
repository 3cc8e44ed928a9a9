"""Source controls of the overlay panel: image layer stepper, container picker, sandbox.

They only emit requests; the panel runs the work through the JobRunner.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)


class StackControls(QWidget):
    """Layer k of the current image: slider and spin box kept in step."""

    layer_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = QLineEdit()
        self.source.setPlaceholderText(self.tr("image name, archive or OCI layout (or follow "
                                               "the window)"))
        self.open_button = QPushButton(self.tr("Open"))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.spin = QSpinBox()
        self.info = QLabel(self.tr("No image: analyse one in the window or open it here."))
        self.info.setWordWrap(True)
        for widget in (self.slider, self.spin):
            widget.setRange(0, 0)
            widget.setEnabled(False)
        self.slider.valueChanged.connect(self.spin.setValue)
        self.spin.valueChanged.connect(self.slider.setValue)
        self.spin.valueChanged.connect(self.layer_changed)
        self.spin.setToolTip(self.tr("Layer shown as upper; the layers below are the "
                                     "lowerdirs"))
        top = QHBoxLayout()
        top.addWidget(self.source, 1)
        top.addWidget(self.open_button)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("layer k:")))
        row.addWidget(self.slider, 1)
        row.addWidget(self.spin)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(row)
        layout.addWidget(self.info)

    def set_layer_count(self, count: int) -> None:
        for widget in (self.slider, self.spin):
            widget.blockSignals(True)
            widget.setRange(0, max(0, count - 1))
            widget.setEnabled(count > 0)
            widget.blockSignals(False)

    def set_layer(self, layer: int) -> None:
        self.spin.setValue(layer)  # emits layer_changed when it changes


class ContainerControls(QWidget):
    refresh_list = Signal()
    container_chosen = Signal(str)
    refresh_view = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        self.combo.setMinimumContentsLength(24)
        self.list_button = QPushButton(self.tr("Find running containers"))
        self.refresh_button = QPushButton(self.tr("Refresh view"))
        self.auto = QCheckBox(self.tr("follow edits (every 2 s)"))
        self.info = QLabel(self.tr("Pick a running container."))
        self.info.setWordWrap(True)
        self.changes = QPlainTextEdit()
        self.changes.setReadOnly(True)
        self.changes.setMaximumHeight(90)
        self.changes.setPlaceholderText(self.tr("the engine's changes list (A added, C changed, "
                                                "D deleted)"))
        row = QHBoxLayout()
        row.addWidget(self.combo, 1)
        row.addWidget(self.list_button)
        row.addWidget(self.refresh_button)
        row.addWidget(self.auto)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.info)
        layout.addWidget(self.changes)
        self.list_button.clicked.connect(self.refresh_list)
        self.refresh_button.clicked.connect(self.refresh_view)
        self.combo.activated.connect(self._on_activated)

    def set_containers(self, rows: list[tuple[str, str, str, str]]) -> None:
        self.combo.clear()
        for container_id, name, image, status in rows:
            self.combo.addItem(f"{name}  {image}  ({status})", container_id)
        self.info.setText(self.tr("{count} running container(s).").format(count=len(rows))
                          if rows else self.tr("No running container: start one (docker run -d "
                                               "…), then find again."))

    def current_id(self) -> str:
        value = self.combo.currentData()
        return str(value) if value else ""

    def _on_activated(self, _index: int) -> None:
        if self.current_id():
            self.container_chosen.emit(self.current_id())


class SandboxControls(QWidget):
    """New-sandbox settings, one-click operations and a small command line."""

    new_sandbox = Signal(int, list, str)  # lower count, lowerdir order, mode
    command = Signal(str)
    # Names are keys (of action_command); their labels are translated.
    ACTIONS: tuple[str, ...] = tuple(map(str, (QT_TRANSLATE_NOOP("SandboxControls", "Create"),
               QT_TRANSLATE_NOOP("SandboxControls", "Modify"),
               QT_TRANSLATE_NOOP("SandboxControls", "Delete"),
               QT_TRANSLATE_NOOP("SandboxControls", "Mkdir"),
               QT_TRANSLATE_NOOP("SandboxControls", "Rmdir"),
               QT_TRANSLATE_NOOP("SandboxControls", "Rename"),
               QT_TRANSLATE_NOOP("SandboxControls", "Chmod"))))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lower_count = QSpinBox()
        self.lower_count.setRange(1, 4)
        self.order = QListWidget()
        self.order.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.order.setFlow(QListWidget.Flow.LeftToRight)
        self.order.setMaximumHeight(34)
        self.order.setToolTip(self.tr("lowerdir order, top-most first: drag to reorder, then "
                                      "New"))
        self.mode = QComboBox()
        self.mode.addItem(self.tr("auto"), "auto")
        self.mode.addItem(self.tr("simulated"), "simulated")
        self.mode.setToolTip(self.tr("auto mounts overlayfs for real when allowed (root)"))
        self.new_button = QPushButton(self.tr("New sandbox"))
        self.badge = QLabel()
        self.line = QLineEdit()
        self.line.setPlaceholderText("write file2 upper · rm file1 · mkdir d · rename a b · "
                                     "chmod 600 f · symlink t l · recreate d")
        self.run_button = QPushButton(self.tr("Run"))
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setMaximumHeight(80)
        self.buttons = {name: QPushButton(self.tr(name)) for name in self.ACTIONS}
        # Shown when sandboxes of a killed earlier run are still mounted or on disk.
        self.stale_button = QPushButton()
        self.stale_button.setVisible(False)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("lowerdirs:")))
        top.addWidget(self.lower_count)
        top.addWidget(self.order, 1)
        top.addWidget(self.mode)
        top.addWidget(self.new_button)
        top.addWidget(self.badge)
        top.addWidget(self.stale_button)
        grid = QGridLayout()
        for index, button in enumerate(self.buttons.values()):
            grid.addWidget(button, 0, index)
        cmd = QHBoxLayout()
        cmd.addWidget(self.line, 1)
        cmd.addWidget(self.run_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addLayout(cmd)
        layout.addWidget(self.log)
        self.lower_count.valueChanged.connect(self._fill_order)
        self.new_button.clicked.connect(self._on_new)
        self.line.returnPressed.connect(self._on_run)
        self.run_button.clicked.connect(self._on_run)
        self._fill_order(1)

    def _fill_order(self, count: int) -> None:
        self.order.clear()
        self.order.addItems(["lower"] if count == 1 else [f"lower{i + 1}" for i in range(count)])

    def order_names(self) -> list[str]:
        return [self.order.item(i).text() for i in range(self.order.count())]

    def set_order(self, names: list[str]) -> None:
        self.order.clear()
        self.order.addItems(names)

    def _on_new(self) -> None:
        self.new_sandbox.emit(self.lower_count.value(), self.order_names(),
                              str(self.mode.currentData()))

    def _on_run(self) -> None:
        text = self.line.text().strip()
        if text:
            self.command.emit(text)

    def set_busy(self, busy: bool) -> None:
        for widget in (self.line, self.run_button, self.new_button, *self.buttons.values()):
            widget.setEnabled(not busy)

    def set_badge(self, mode: str, note: str) -> None:
        real = mode == "real"
        color = "#2e7d32" if real else "#ef6c00"
        text = self.tr("real mount") if real else self.tr("simulated")
        self.badge.setText(f"<span style='background:{color};color:white;padding:2px'>"
                           f"&nbsp;{text}&nbsp;</span>")
        self.badge.setToolTip(note or (self.tr("overlayfs mounted by the kernel") if real else
                                       self.tr("the workbench's overlay model, no kernel "
                                               "mount")))
        self.badge.setProperty("mode", mode)


def action_command(name: str, path: str, is_dir: bool, number: int) -> str:
    """The command line a sandbox button runs on the selected path (shown, then run,
    so the user learns the syntax)."""
    folder = path if is_dir else path.rpartition("/")[0]
    prefix = f"{folder}/" if folder else ""
    return {
        "Create": f"create {prefix}file{number}",
        "Modify": f"write {path} modified",
        "Delete": f"rm -r {path}" if is_dir else f"rm {path}",
        "Mkdir": f"mkdir {prefix}dir{number}",
        "Rmdir": f"rmdir {path}",
        "Rename": f"rename {path} {path}.renamed",
        "Chmod": f"chmod 600 {path}",
    }[name]
