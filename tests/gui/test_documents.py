"""Results belong to the document and the text they were computed for: with two tabs and
edits in between, advice and fixes land in their own tab or are refused, never in another."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.gui.conftest import wait_engine
from workbench.core.advisor.advice import AdviceKind

pytestmark = pytest.mark.engine
SLOW = 240_000
APP = "FROM busybox:latest\nRUN dd if=/dev/zero of=/big bs=1K count=256\nRUN rm /big\n"
REV = "FROM busybox:latest\nRUN echo rev > /rev\n"


def _open(window: Any, directory: Path, text: str) -> Any:
    directory.mkdir()
    (directory / "Dockerfile").write_text(text)
    return window.open_path(directory)


def test_advice_for_one_tab_never_lands_in_another(make_window: Any, qtbot: Any,
                                                   tmp_path: Path) -> None:
    window = make_window()
    wait_engine(qtbot, window)
    app = _open(window, tmp_path / "app", APP)
    qtbot.waitUntil(lambda: window.context.dockerfile_text == APP, timeout=10_000)
    sizes = window.panel("dock-sizes")
    with qtbot.waitSignal(sizes.advice_ready, timeout=SLOW):
        sizes.advise()
    rev = _open(window, tmp_path / "rev", REV)
    qtbot.waitUntil(lambda: window.context.dockerfile_text == REV, timeout=10_000)
    assert window.area.current() is rev
    kinds = [a.kind for a in sizes.advisor.advice]
    sizes.advisor.list.setCurrentRow(kinds.index(AdviceKind.CHAIN_RUNS))
    sizes.confirm_apply = lambda _advice, _diff: True
    sizes.advisor.apply_button.click()
    assert rev.text() == REV
    assert "&& rm /big" in app.text()
    assert (tmp_path / "rev" / "Dockerfile").read_text() == REV


def test_advice_is_refused_once_its_document_was_edited(make_window: Any, qtbot: Any,
                                                        tmp_path: Path) -> None:
    window = make_window()
    wait_engine(qtbot, window)
    app = _open(window, tmp_path / "app", APP)
    qtbot.waitUntil(lambda: window.context.dockerfile_text == APP, timeout=10_000)
    sizes = window.panel("dock-sizes")
    with qtbot.waitSignal(sizes.advice_ready, timeout=SLOW):
        sizes.advise()
    app.editor.appendPlainText("ENV EDITED=1")
    edited = app.text()
    kinds = [a.kind for a in sizes.advisor.advice]
    sizes.advisor.list.setCurrentRow(kinds.index(AdviceKind.CHAIN_RUNS))
    sizes.confirm_apply = lambda _advice, _diff: True
    sizes.advisor.apply_button.click()
    assert app.text() == edited
    assert "changed since this advice" in sizes.status.text()
