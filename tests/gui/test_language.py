"""View > Language: the choice is saved for the next start, and the Chinese catalogue
compiled from the window's .ts source turns the window's texts into Chinese."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from workbench.gui import i18n
from workbench.gui.docks.build_panel import BuildPanel

TS = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "workbench_zh_CN.ts"


def _compile(ts: Path, out_dir: Path) -> Path:
    """The catalogue as the window loads it, compiled into ``out_dir`` (never committed)."""
    qm = out_dir / "workbench_zh_CN.qm"
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(qm)], check=True)
    return qm


def _status_text(qtbot) -> str:
    """The build dock's empty-state text, from a panel built now."""
    panel = BuildPanel()
    qtbot.addWidget(panel)
    return panel.status.text()


def test_picking_a_language_saves_it_and_chinese_applies(
        make_window, qtbot, qapp: QApplication, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # a fresh window.ini
    monkeypatch.delenv("WORKBENCH_LANGUAGE", raising=False)
    window = make_window(connect_engine=False)
    languages = window.actions_.languages
    assert list(languages) == [i18n.SYSTEM, "en", "zh"]
    assert languages[i18n.SYSTEM].isChecked() and i18n.language_choice() == i18n.SYSTEM

    languages["zh"].trigger()
    assert i18n.language_choice() == "zh" and i18n.current_language() == "zh"
    assert languages["zh"].isChecked() and not languages[i18n.SYSTEM].isChecked()
    assert "next start" in window.statusBar().currentMessage()
    assert _status_text(qtbot) == "No build yet."  # this run stays English

    catalogues = tmp_path / "i18n"
    catalogues.mkdir()
    _compile(TS, catalogues)
    monkeypatch.setattr(i18n, "resource_path", lambda *parts: catalogues / parts[-1])
    try:
        assert i18n.install_translations(qapp, i18n.current_language())
        assert _status_text(qtbot) == "尚未构建。"
        assert i18n.translate("WindowActions", "&Language") == "语言(&L)"
        assert i18n.translate("Language", str(i18n.SYSTEM_LABEL)) == "系统语言"
    finally:
        assert i18n.install_translations(qapp, "en")
    assert _status_text(qtbot) == "No build yet."

    languages["en"].trigger()
    assert i18n.language_choice() == "en"
    languages[i18n.SYSTEM].trigger()
    assert i18n.language_choice() == i18n.SYSTEM

    # The window writes its layout to the same settings file when it closes.
    languages["zh"].trigger()
    window.close()
    assert i18n.language_choice() == "zh"
