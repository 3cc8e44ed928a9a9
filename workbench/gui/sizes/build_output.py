"""The whole output of each "Build on each base" build, one base at a time.

A failed variant's one-line reason in the status is often not enough (which package
was missing, which step's shell was absent); the engine's full transcript is.
"""

from __future__ import annotations

from ansi2html import Ansi2HTMLConverter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from workbench.core.sizes.variants import Variant
from workbench.gui.sizes.chart_data import status_name


class BuildOutputDialog(QDialog):
    def __init__(self, variants: list[Variant], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Build output"))
        self.resize(900, 600)
        self.variants = variants
        self.base = QComboBox()
        for variant in variants:
            self.base.addItem(f"{variant.base}: {status_name(variant.status)}")
        self.output = QPlainTextEdit(readOnly=True)
        self.output.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        # RUN steps print the program's ANSI colours; shown as colour, not escape codes.
        self._ansi = Ansi2HTMLConverter(inline=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.base)
        layout.addWidget(self.output, 1)
        layout.addWidget(buttons)
        self.base.currentIndexChanged.connect(self.show_variant)
        failed = [i for i, v in enumerate(variants) if v.error]
        self.base.setCurrentIndex(failed[0] if failed else 0)
        self.show_variant(self.base.currentIndex())

    def show_variant(self, index: int) -> None:
        self.output.clear()
        if not 0 <= index < len(self.variants):
            return
        variant = self.variants[index]
        text = variant.output or variant.error or self.tr("The engine printed nothing.")
        html = self._ansi.convert(text, full=False).replace("\n", "<br>")
        self.output.appendHtml(f'<span style="white-space: pre">{html}</span>')
