"""Light/dark following the desktop, plus a presentation mode for projectors.

By default the platform's palette is used as is (it follows the desktop's light or dark
setting). Presentation mode scales every font up and switches to a high-contrast palette
so a room can read it from the back.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

PRESENTATION_SCALE = 1.6  # the default; View > Presentation scale changes it
SCALES = (1.25, 1.6, 2.0, 2.5)


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def _high_contrast(dark: bool) -> QPalette:
    background, foreground = (QColor("black"), QColor("white")) if dark else \
        (QColor("white"), QColor("black"))
    accent = QColor("#ffd600") if dark else QColor("#0033cc")
    palette = QPalette()
    role = QPalette.ColorRole
    for r in (role.Window, role.Base, role.Button, role.ToolTipBase):
        palette.setColor(r, background)
    palette.setColor(role.AlternateBase, background.lighter(180) if dark else QColor("#eeeeee"))
    for r in (role.WindowText, role.Text, role.ButtonText, role.ToolTipText, role.BrightText):
        palette.setColor(r, foreground)
    palette.setColor(role.PlaceholderText, QColor("#bbbbbb") if dark else QColor("#333333"))
    palette.setColor(role.Highlight, accent)
    palette.setColor(role.HighlightedText, background)
    palette.setColor(role.Link, accent)
    # A disabled control must look disabled from the back of the room too: mid grey text
    # on a background a step away from the window's.
    disabled = QPalette.ColorGroup.Disabled
    grey = QColor("#8a8a8a") if dark else QColor("#7a7a7a")
    for r in (role.WindowText, role.Text, role.ButtonText, role.PlaceholderText):
        palette.setColor(disabled, r, grey)
    palette.setColor(disabled, role.Button, background.lighter(250) if dark
                     else QColor("#e4e4e4"))
    palette.setColor(disabled, role.Base, background)
    return palette


class Theme:
    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.system_palette = QPalette(app.palette())
        self.system_font = QFont(app.font())
        self.presentation = False
        self.scale = PRESENTATION_SCALE

    @property
    def dark(self) -> bool:
        return is_dark(self.app.palette())

    def set_scale(self, scale: float) -> None:
        self.scale = scale
        if self.presentation:
            self.set_presentation(True)

    def set_presentation(self, on: bool) -> None:
        self.presentation = on
        if on:
            font = QFont(self.system_font)
            size = self.system_font.pointSizeF()
            font.setPointSizeF((size if size > 0 else 10) * self.scale)
            self.app.setFont(font)
            self.app.setPalette(_high_contrast(is_dark(self.system_palette)))
        else:
            self.app.setFont(self.system_font)
            self.app.setPalette(self.system_palette)
