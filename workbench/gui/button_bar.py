"""A row of panel controls that never sets a panel's minimum width.

A plain QHBoxLayout of buttons asks for the sum of their widths, so at presentation
scale one panel's row (the Harden panel's seven buttons) made the whole window wider
than a 1280-pixel projector. A QToolBar shows what fits and puts the rest behind its
extension arrow, at any font size.
"""

from __future__ import annotations

from PySide6.QtWidgets import QSizePolicy, QToolBar, QWidget


def button_bar(*widgets: QWidget, stretch_last: bool = False) -> QToolBar:
    bar = QToolBar()
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    for widget in widgets:
        bar.addWidget(widget)
    if stretch_last and widgets:
        widgets[-1].setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return bar
