"""A result that no longer describes what the window shows says so.

A hardening check or a review is made for one Dockerfile text and one image. After an
edit or a rebuild its findings still read as the truth ("the final stage has no USER"
beside an editor showing ``USER 1000``) unless the panel says they are out of date.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from workbench.gui.i18n import translate
from workbench.gui.selection import ImageContext


def image_id(context: ImageContext) -> str:
    info = getattr(context.analysis, "info", None)
    return str(getattr(info, "id", "") or "")


class OutOfDate(QLabel):
    """A line shown above a result while the Dockerfile or the image it was made for is
    no longer the one in the window; hidden otherwise."""

    def __init__(self, context: ImageContext, action: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.action = action  # what to press to bring the result up to date
        self.made_for: tuple[str, str, str | None] | None = None
        self.setWordWrap(True)
        self.setStyleSheet("QLabel { background: #fff3cd; color: #664d03; padding: 3px; }")
        self.hide()
        context.analysis_changed.connect(lambda _a: self.refresh())
        context.dockerfile_changed.connect(lambda _p, _t: self.refresh())

    def set_made_for(self, path: str, text: str, image: str | None) -> None:
        """The result now shown was made for this Dockerfile (path and text) and image
        (its id; None when no image was looked at)."""
        self.made_for = (path, text, image)
        self.refresh()

    def reason(self) -> str:
        if self.made_for is None:
            return ""
        path, text, image = self.made_for
        if path and self.context.dockerfile_path != path:
            return translate("OutOfDate", "Made for {path}, not for the Dockerfile open "
                             "now.").format(path=path)
        changed = []
        if self.context.dockerfile_text != text:
            changed.append(translate("OutOfDate", "the Dockerfile"))
        if image is not None and image_id(self.context) != image:
            changed.append(translate("OutOfDate", "the image in the timeline"))
        if not changed:
            return ""
        return translate("OutOfDate", "Out of date: {what} changed since this result was "
                         "made. Press {action} again.").format(
            what=translate("OutOfDate", " and ").join(changed), action=self.action)

    def refresh(self) -> None:
        text = self.reason()
        self.setText(text)
        self.setVisible(bool(text))

