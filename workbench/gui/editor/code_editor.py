"""A QPlainTextEdit for Dockerfiles: gutter, current line, diagnostics, hover help, completion.

Everything drawn over the text (current line, diagnostics, selected step, find matches)
is an extra selection rebuilt in one place, so the layers never fight each other.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QRect, QStringListModel, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontDatabase,
    QHelpEvent,
    QKeyEvent,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QPlainTextEdit,
    QTextEdit,
    QToolTip,
    QWidget,
)

from workbench.core.dockerfile.help import completions, hover_text
from workbench.core.lint import SEVERITIES, Diagnostic
from workbench.gui.editor.gutter import SEVERITY_COLOURS, LineGutter, severity_name
from workbench.gui.editor.highlighter import DockerfileHighlighter

PAIRS = {'"': '"', "'": "'", "(": ")", "[": "]", "{": "}"}


class CodeEditor(QPlainTextEdit):
    # A gutter click on a line (1-based): the window selects that line's layer.
    line_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 4)
        self.highlighter = DockerfileHighlighter(self.document(), dark=_is_dark(self))
        self.gutter = LineGutter(self, self)
        self.diagnostics: dict[int, list[Diagnostic]] = {}
        self.gutter_sizes: dict[int, str] = {}
        self.gutter_failed_line = 0
        self.step_lines: tuple[int, int] = (0, 0)
        self.find_matches: list[QTextCursor] = []
        self._completer = QCompleter(self)
        self._completer.setWidget(self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._completer.setModel(QStringListModel(self._completer))
        self._completer.activated.connect(self._insert_completion)
        self.blockCountChanged.connect(self._update_gutter_width)
        self.updateRequest.connect(self._scroll_gutter)
        self.cursorPositionChanged.connect(self._refresh_overlays)
        self._update_gutter_width()
        self._refresh_overlays()

    # -- gutter ---------------------------------------------------------------------------
    def gutter_severity(self, line: int) -> str:
        found = self.diagnostics.get(line)
        if not found:
            return ""
        return min((d.severity for d in found), key=SEVERITIES.index)

    def gutter_clicked(self, line: int) -> None:
        self.go_to_line(line)
        self.line_activated.emit(line)

    def _update_gutter_width(self, *_args: object) -> None:
        self.setViewportMargins(self.gutter.width_hint(), 0, 0, 0)
        self.gutter.update()

    def _scroll_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self.gutter.scroll(0, dy)
        else:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        rect = self.contentsRect()
        self.gutter.setGeometry(QRect(rect.left(), rect.top(), self.gutter.width_hint(),
                                      rect.height()))

    # -- state set by the window ----------------------------------------------------------
    def set_diagnostics(self, diagnostics: Iterable[Diagnostic]) -> None:
        by_line: dict[int, list[Diagnostic]] = {}
        for diagnostic in diagnostics:
            by_line.setdefault(max(1, diagnostic.line), []).append(diagnostic)
        self.diagnostics = by_line
        self._refresh_overlays()
        self.gutter.update()

    def set_layer_sizes(self, sizes: dict[int, str]) -> None:
        self.gutter_sizes = dict(sizes)
        self._update_gutter_width()
        self.resizeEvent(QResizeEvent(self.size(), self.size()))

    def set_failed_line(self, line: int) -> None:
        self.gutter_failed_line = line
        self.gutter.update()

    def set_step_lines(self, start: int, end: int) -> None:
        self.step_lines = (start, end)
        self._refresh_overlays()

    def set_font_scale(self, scale: float) -> None:
        """Presentation mode: the editor keeps its own fixed font, so scale it here."""
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
        font.setPointSizeF(size * scale)
        self.setFont(font)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 4)
        self._update_gutter_width()

    def set_dark(self, dark: bool) -> None:
        self.highlighter.set_dark(dark)

    def go_to_line(self, line: int, end_line: int = 0) -> None:
        """Move the cursor to ``line`` and select through ``end_line`` when given."""
        document = self.document()
        block = document.findBlockByNumber(max(0, line - 1))
        cursor = QTextCursor(block)
        if end_line > line:
            last = document.findBlockByNumber(end_line - 1)
            if last.isValid():
                cursor.setPosition(last.position() + last.length() - 1,
                                   QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.centerCursor()

    # -- overlays -------------------------------------------------------------------------
    def _line_selection(self, line: int, fmt: QTextCharFormat,
                        full_width: bool) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        block = self.document().findBlockByNumber(line - 1)
        cursor = QTextCursor(block)
        if not full_width:
            text = block.text()
            start = len(text) - len(text.lstrip())
            cursor.setPosition(block.position() + start)
            cursor.setPosition(block.position() + max(len(text), start + 1),
                               QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format = fmt
        if full_width:
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        return selection

    def _refresh_overlays(self) -> None:
        selections = []
        palette = self.palette()
        current = QTextCharFormat()
        current.setBackground(palette.alternateBase())
        current.setProperty(QTextFormat.Property.FullWidthSelection, True)
        here = QTextEdit.ExtraSelection()
        here.cursor = self.textCursor()
        here.cursor.clearSelection()
        here.format = current
        selections.append(here)
        start, end = self.step_lines
        if start:
            step = QTextCharFormat()
            highlight = QColor(palette.highlight().color())
            highlight.setAlpha(50)
            step.setBackground(highlight)
            for line in range(start, end + 1):
                selections.append(self._line_selection(line, QTextCharFormat(step), True))
        for line in self.diagnostics:
            if line > self.blockCount():
                continue
            wavy = QTextCharFormat()
            wavy.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            wavy.setUnderlineColor(QColor(SEVERITY_COLOURS[self.gutter_severity(line)]))
            selections.append(self._line_selection(line, wavy, False))
        for match in self.find_matches:
            found = QTextCharFormat()
            found.setBackground(QColor(255, 213, 79, 150))
            selection = QTextEdit.ExtraSelection()
            selection.cursor = match
            selection.format = found
            selections.append(selection)
        self.setExtraSelections(selections)

    # -- hover help -----------------------------------------------------------------------
    def tooltip_at(self, cursor: QTextCursor) -> str:
        line = cursor.blockNumber() + 1
        parts = [self.tr("{severity}: {message} [{rule}]").format(
            severity=severity_name(d.severity), message=d.message, rule=d.code)
            for d in self.diagnostics.get(line, [])]
        help_text = hover_text(cursor.block().text(), cursor.positionInBlock())
        if help_text:
            parts.append(help_text)
        return "\n".join(parts)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            viewport_pos = self.viewport().mapFromGlobal(event.globalPos())
            text = self.tooltip_at(self.cursorForPosition(viewport_pos))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    # -- editing helpers ------------------------------------------------------------------
    def toggle_comment(self) -> None:
        """Comment the selected lines, or uncomment them when all are comments."""
        cursor = self.textCursor()
        document = self.document()
        first = document.findBlock(cursor.selectionStart()).blockNumber()
        last_position = cursor.selectionEnd()
        if cursor.hasSelection() and document.findBlock(last_position).position() == last_position:
            last_position -= 1  # a selection ending at a line start leaves that line alone
        last = document.findBlock(max(last_position, cursor.selectionStart())).blockNumber()
        blocks = [document.findBlockByNumber(n) for n in range(first, last + 1)]
        texts = [b.text() for b in blocks]
        uncomment = all(t.lstrip().startswith("#") for t in texts if t.strip())
        cursor.beginEditBlock()
        for block, text in zip(blocks, texts, strict=True):
            edit = QTextCursor(block)
            if uncomment:
                index = text.find("#")
                if index < 0:
                    continue
                edit.setPosition(block.position() + index)
                width = 2 if text[index + 1:index + 2] == " " else 1
                edit.setPosition(block.position() + index + width,
                                 QTextCursor.MoveMode.KeepAnchor)
                edit.removeSelectedText()
            elif text.strip():
                edit.insertText("# ")
        cursor.endEditBlock()

    def _popup(self) -> QAbstractItemView:
        popup = self._completer.popup()
        assert popup is not None  # QCompleter always creates one
        return popup

    def _insert_completion(self, word: str) -> None:
        cursor = self.textCursor()
        prefix = self._completer.completionPrefix()
        cursor.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor,
                            len(prefix))
        cursor.insertText(word if word.endswith("=") else word + " ")
        self.setTextCursor(cursor)

    def complete(self) -> None:
        """Offer instructions at a line start, the instruction's flags after it."""
        cursor = self.textCursor()
        before = cursor.block().text()[:cursor.positionInBlock()]
        word = before.split()[-1] if before and not before[-1].isspace() else ""
        options = [o for o in completions(before[:len(before) - len(word)])
                   if o.lower().startswith(word.lower()) and o.lower() != word.lower()]
        if not options:
            self._popup().hide()
            return
        model = self._completer.model()
        assert isinstance(model, QStringListModel)
        model.setStringList(options)
        self._completer.setCompletionPrefix(word)
        rect = self.cursorRect()
        rect.setWidth(self._popup().sizeHintForColumn(0) + 30)
        self._completer.complete(rect)
        # Preselect the first offer so Enter takes it without reaching for the arrows.
        self._popup().setCurrentIndex(self._completer.completionModel().index(0, 0))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        popup = self._popup()
        if popup.isVisible() and event.key() in (Qt.Key.Key_Enter, Qt.Key.Key_Return,
                                                 Qt.Key.Key_Tab, Qt.Key.Key_Escape):
            event.ignore()  # the completer's popup handles these
            return
        if (event.key() == Qt.Key.Key_Space
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.complete()
            return
        text = event.text()
        cursor = self.textCursor()
        following = self.document().characterAt(cursor.position())
        if text and text in PAIRS.values() and following == text and not cursor.hasSelection():
            cursor.movePosition(QTextCursor.MoveOperation.Right)  # step over the closer
            self.setTextCursor(cursor)
            return
        if (text in PAIRS and (not following.strip() or following in ")]}")
                and not cursor.hasSelection()):
            cursor.insertText(text + PAIRS[text])
            cursor.movePosition(QTextCursor.MoveOperation.Left)
            self.setTextCursor(cursor)
            return
        super().keyPressEvent(event)
        typed = event.text()
        if typed and (typed.isalpha() or typed == "-"):
            before = self.textCursor().block().text()[:self.textCursor().positionInBlock()]
            words = before.split()
            # Offer instructions after two letters at a line start, flags after "--".
            first_word = len(words) == 1 and not before[-1:].isspace()
            if (first_word and len(words[0]) >= 2) or (words and words[-1].startswith("--")):
                self.complete()
        elif popup.isVisible():
            popup.hide()


def _is_dark(widget: QWidget) -> bool:
    return widget.palette().base().color().lightness() < 128
