"""Pygments-driven highlighting: Dockerfile instructions, with shell inside RUN.

Pygments' Dockerfile lexer hands RUN bodies to its Bash lexer, but lexing needs the
whole text (a ``\\`` continuation carries shell state to the next line), so the document
is lexed once per revision and each block picks its spans from that result. A block's
state is a hash of the *next* block's spans: when an edit changes how a later line is
coloured, Qt sees the state change and keeps re-highlighting downwards.
"""

from __future__ import annotations

from pygments.lexers import DockerLexer
from pygments.style import StyleMeta
from pygments.styles import get_style_by_name
from pygments.token import Token, _TokenType
from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

Span = tuple[int, int, _TokenType]  # start, length (within the block), token type


class DockerfileHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, dark: bool = False) -> None:
        super().__init__(document)
        self._lexer = DockerLexer(stripnl=False, ensurenl=False)
        self._formats: dict[_TokenType, QTextCharFormat] = {}
        self._style: StyleMeta = get_style_by_name("default")
        self._text = ""
        self._spans: list[list[Span]] = []
        self.set_dark(dark)

    def set_dark(self, dark: bool) -> None:
        self._style = get_style_by_name("monokai" if dark else "default")
        self._formats.clear()
        self._spans = []
        self.rehighlight()

    def _format(self, token: _TokenType) -> QTextCharFormat:
        cached = self._formats.get(token)
        if cached is not None:
            return cached
        style = self._style.style_for_token(token)
        fmt = QTextCharFormat()
        if style["color"]:
            fmt.setForeground(QColor(f"#{style['color']}"))
        if style["bold"]:
            fmt.setFontWeight(QFont.Weight.Bold)
        if style["italic"]:
            fmt.setFontItalic(True)
        self._formats[token] = fmt
        return fmt

    def _lex(self) -> None:
        # Comparing the text is cheap at Dockerfile sizes and, unlike the document's
        # revision, cannot be fooled by setPlainText resetting the undo history.
        text = self.document().toPlainText()
        if text == self._text and self._spans:
            return
        self._text = text
        spans: list[list[Span]] = [[]]
        column = 0
        for token, value in self._lexer.get_tokens(text):
            # Tokens may cross line ends (a ``\\`` + newline escape): split them per block.
            for index, part in enumerate(value.split("\n")):
                if index:
                    spans.append([])
                    column = 0
                if part and token not in Token.Text.Whitespace:
                    spans[-1].append((column, len(part), token))
                column += len(part)
        self._spans = spans

    def highlightBlock(self, text: str) -> None:
        self._lex()
        number = self.currentBlock().blockNumber()
        if number < len(self._spans):
            for start, length, token in self._spans[number]:
                self.setFormat(start, length, self._format(token))
        following = self._spans[number + 1] if number + 1 < len(self._spans) else []
        self.setCurrentBlockState(hash(tuple(following)) & 0x3FFFFFFF)
