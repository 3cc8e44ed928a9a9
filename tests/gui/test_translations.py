"""The window speaks Chinese: every string the gui marks for translation has a Chinese
translation that keeps its {fields}, the shipped catalogue is compiled from the .ts
source, and no visible text of the main window, its docks or a lesson stays English."""

from __future__ import annotations

import re
import shutil
import string
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabBar,
    QTextEdit,
    QWidget,
)

from workbench.gui.i18n import install_translations

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "workbench_zh_CN.ts"
QM = TS.with_suffix(".qm")
CJK = re.compile(r"[\u3400-\u9fff]")
WORD = re.compile(r"[A-Za-z]{3,}")
# Texts that are the same in both languages: names of tools, formats and languages, and
# Dockerfile words a user types as they are.
SAME_IN_BOTH = {
    "English", "Dockerfile", "JSON", "SARIF", "HTML", "Markdown", "JUnit", "dive", "hadolint",
    "scratch", "busybox", "alpine", "Ctrl", "Shift", "USER", "RUN", "COPY", "FROM", "ENV",
    "XML",
}
# Placeholders that show the syntax a field takes: what a user types, in any language.
SYNTAX_EXAMPLES = {
    "NAME=value …", "name:dev",
    "write file2 upper · rm file1 · mkdir d · rename a b · chmod 600 f · symlink t l · "
    "recreate d",
}


def _messages() -> Iterator[tuple[str, str, ET.Element]]:
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            yield name, message.findtext("source") or "", message


def _fields(text: str) -> set[str]:
    try:
        return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
    except ValueError:  # a lone brace: compare the text's braces as they are
        return {text.count("{") * "{" + text.count("}") * "}"}


def test_every_marked_string_has_a_chinese_translation_with_the_same_fields() -> None:
    missing, broken = [], []
    for context, source, message in _messages():
        node = message.find("translation")
        text = node.text if node is not None else None
        if node is None or not text or node.get("type") in ("unfinished", "vanished", "obsolete"):
            missing.append(f"{context}: {source!r}")
        elif _fields(text) != _fields(source):
            broken.append(f"{context}: {source!r} -> {text!r}")
    assert not missing, f"{len(missing)} strings without a translation: {missing[:20]}"
    assert not broken, f"translations that change the {{fields}}: {broken[:20]}"


def test_the_catalogue_holds_every_string_the_code_marks(tmp_path: Path) -> None:
    """lupdate over the code adds nothing to the .ts: no string was marked since it
    was last updated (run ``python scripts/i18n.py update``)."""
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    sources = sorted(str(p) for p in (ROOT / "workbench" / "gui").rglob("*.py"))
    subprocess.run([str(Path(sys.executable).parent / "pyside6-lupdate"), "-no-obsolete",
                    "-locations", "none", *sources, "-ts", str(copy)],
                   check=True, capture_output=True)
    before = {(c, s) for c, s, _ in _messages()}
    after = {(c.findtext("name") or "", m.findtext("source") or "")
             for c in ET.parse(copy).getroot().iter("context") for m in c.iter("message")}
    assert after - before == set(), "run `python scripts/i18n.py update` and translate them"


def test_the_shipped_catalogue_is_compiled_from_the_source(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import i18n as script  # scripts/i18n.py
    finally:
        sys.path.pop(0)
    (made,) = script.compile_catalogues(tmp_path)
    assert made.read_bytes() == QM.read_bytes(), "run `python scripts/i18n.py compile`"


def _texts_of(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for what a user reads on ``widget`` and its children."""
    def model_headers(model: QAbstractItemModel | None, where: str) -> Iterator[tuple[str, str]]:
        if model is None or isinstance(model, QAbstractListModel):  # lists have no header
            return
        for column in range(model.columnCount(QModelIndex())):
            value = model.headerData(column, Qt.Orientation.Horizontal)
            if isinstance(value, str):
                yield where, value

    for child in [widget, *widget.findChildren(QWidget)]:
        where = f"{type(child).__name__} {child.objectName()}".strip()
        if (isinstance(child, QLabel) and child.isVisibleTo(widget)) or \
                isinstance(child, QAbstractButton):
            yield where, child.text()
        elif isinstance(child, QGroupBox):
            yield where, child.title()
        elif isinstance(child, QDockWidget):
            yield where, child.windowTitle()
        elif isinstance(child, QTabBar):
            yield from ((where, child.tabText(i)) for i in range(child.count()))
        elif isinstance(child, QComboBox):
            yield from ((where, child.itemText(i)) for i in range(child.count()))
        elif isinstance(child, QLineEdit):
            yield where, child.placeholderText()
        elif isinstance(child, QTextEdit) and child.isReadOnly():  # a lesson's text
            yield where, child.toPlainText()
        elif isinstance(child, QAbstractItemView):
            yield from model_headers(child.model(), where)
        elif isinstance(child, QMenu):
            yield where, child.title()
            yield from ((where, a.text()) for a in child.actions() if not a.isSeparator())
        if child.toolTip():
            yield f"{where} tooltip", child.toolTip()


def _english(text: str) -> bool:
    plain = re.sub(r"<[^>]+>|&\w+;|&", "", text)  # rich text tags, entities, accelerators
    words = [w for w in WORD.findall(plain) if w not in SAME_IN_BOTH]
    return bool(words) and not CJK.search(plain) and text not in SYNTAX_EXAMPLES


@pytest.fixture
def chinese(qapp: QApplication, monkeypatch: pytest.MonkeyPatch,
            tmp_path: Path) -> Iterator[None]:
    # A config of its own: the recent-files menu of earlier tests lists paths, not words.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv("WORKBENCH_LANGUAGE", "zh")
    assert install_translations(qapp, "zh")
    yield
    install_translations(qapp, "en")


def test_no_visible_string_of_the_window_its_docks_or_a_lesson_stays_english(
        chinese: None, make_window, qtbot) -> None:
    window = make_window(connect_engine=False)
    qtbot.waitUntil(lambda: all(window.panel(name) is not None for name in window.docks),
                    timeout=20000)
    for dock in window.docks.values():
        dock.show()
    english = sorted({f"{where}: {text!r}" for where, text in _texts_of(window)
                      if text and _english(text)})
    assert not english, f"{len(english)} visible texts with no Chinese: " + "\n".join(english)
