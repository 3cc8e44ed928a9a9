"""The code editor on its own: highlighting, comments, find/replace, help, completion."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from workbench.core.lint import Diagnostic
from workbench.gui.editor.code_editor import CodeEditor
from workbench.gui.editor.find_bar import FindBar

TEXT = "FROM busybox:latest\n# note\nRUN echo \"hi\" \\\n  && ls $HOME\nCOPY --from=b /a /b\n"


def _formats(editor: CodeEditor, line: int) -> list[tuple[int, int, str]]:
    block = editor.document().findBlockByNumber(line - 1)
    return [(r.start, r.length, r.format.foreground().color().name())
            for r in block.layout().formats()]


def test_highlighting_colours_keywords_and_shell_inside_run(qtbot) -> None:
    editor = CodeEditor()
    qtbot.addWidget(editor)
    editor.setPlainText(TEXT)
    from_formats = _formats(editor, 1)
    assert from_formats[0][:2] == (0, 4)  # FROM
    run_formats = {start: colour for start, _length, colour in _formats(editor, 3)}
    assert 0 in run_formats and 4 in run_formats  # RUN and the shell builtin "echo"
    assert 9 in run_formats and run_formats[9] != run_formats[4]  # the "hi" string
    # The continuation line is still shell: "$HOME" is coloured as a variable.
    continued = _formats(editor, 4)
    assert any(start == "  && ls ".__len__() for start, _l, _c in continued)


def test_edit_changing_continuation_rehighlights_following_line(qtbot) -> None:
    editor = CodeEditor()
    qtbot.addWidget(editor)
    editor.setPlainText('RUN echo "a \\\nls b" \\\n  && ls\n')
    before = _formats(editor, 3)
    cursor = editor.textCursor()
    cursor.setPosition(len('RUN echo "a'))
    cursor.insertText('"')  # closes the string: line 2 opens one instead, line 3 changes
    after = _formats(editor, 3)
    assert before != after, "a later line kept stale colours after an edit above it"


def test_toggle_comment_round_trip(qtbot) -> None:
    editor = CodeEditor()
    qtbot.addWidget(editor)
    editor.setPlainText("FROM a\nRUN b\n")
    cursor = editor.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(8, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    editor.toggle_comment()
    assert editor.toPlainText() == "# FROM a\n# RUN b\n"
    editor.selectAll()
    editor.toggle_comment()
    assert editor.toPlainText() == "FROM a\nRUN b\n"


def test_auto_close_quotes_and_brackets(qtbot) -> None:
    editor = CodeEditor()
    qtbot.addWidget(editor)
    editor.show()
    qtbot.keyClicks(editor, 'CMD ["sh')
    assert editor.toPlainText() == 'CMD ["sh"]'
    qtbot.keyClicks(editor, '"]')  # typing the closers steps over them
    assert editor.toPlainText() == 'CMD ["sh"]'


def test_find_and_replace_all(qtbot) -> None:
    editor = CodeEditor()
    bar = FindBar()
    qtbot.addWidget(editor)
    qtbot.addWidget(bar)
    editor.setPlainText("RUN a\nrun b\nRUN c\n")
    bar.attach(editor)
    bar.open_find(replace=True)
    bar.find_edit.setText("RUN")
    assert len(editor.find_matches) == 3  # case-insensitive by default
    bar.case.setChecked(True)
    assert len(editor.find_matches) == 2
    assert bar.find_next()
    assert editor.textCursor().selectedText() == "RUN"
    bar.replace_edit.setText("CMD")
    assert bar.replace_all() == 2
    assert editor.toPlainText() == "CMD a\nrun b\nCMD c\n"


def test_diagnostics_mark_gutter_and_underline(qtbot) -> None:
    editor = CodeEditor()
    qtbot.addWidget(editor)
    editor.setPlainText("FROM debian\nRUN cd /tmp\n")
    editor.set_diagnostics([
        Diagnostic(2, 1, "warning", "DL3003", "Use WORKDIR", "hadolint"),
        Diagnostic(2, 1, "error", "parse", "bad", "parser"),
    ])
    assert editor.gutter_severity(2) == "error"  # the worst one wins
    assert editor.gutter_severity(1) == ""
    wavy = [s for s in editor.extraSelections()
            if s.format.underlineStyle() == s.format.underlineStyle().WaveUnderline]
    assert len(wavy) == 1 and wavy[0].cursor.blockNumber() == 1
    cursor = QTextCursor(editor.document().findBlockByNumber(1))
    tip = editor.tooltip_at(cursor)
    assert "Use WORKDIR [DL3003]" in tip and "RUN <command>" in tip


def test_completion_offers_instructions_then_flags(qtbot) -> None:
    editor = CodeEditor()
    qtbot.addWidget(editor)
    editor.show()
    qtbot.keyClicks(editor, "CO")
    popup = editor._popup()
    assert popup.isVisible()
    model = editor._completer.completionModel()
    shown = [model.index(i, 0).data() for i in range(model.rowCount())]
    assert shown == ["COPY"]
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert editor.toPlainText() == "COPY "
    qtbot.keyClicks(editor, "--fr")
    model = editor._completer.completionModel()
    assert [model.index(i, 0).data() for i in range(model.rowCount())] == ["--from="]
