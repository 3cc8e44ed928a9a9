"""The Lessons dock on the real engine: navigator and texts in both languages, one click
runs a step's action and check, progress follows, the window opens the image the step
made, Reveal shows the commands, and Reset workshop removes what the steps made."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from workbench.gui.i18n import SYSTEM, language_choice, set_language_choice
from workbench.gui.lessons.panel import LessonsPanel
from workbench.gui.selection import ImageContext
from workbench.gui.worker import JobRunner

pytestmark = pytest.mark.engine
SLOW = 120_000  # ms: builds share two cores with everyone


@pytest.fixture
def panel(qtbot: Any, docker_client: Any, tmp_path: Path,
          monkeypatch: pytest.MonkeyPatch) -> Iterator[LessonsPanel]:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # the workshop ledger
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # the language choice
    monkeypatch.delenv("WORKBENCH_LANGUAGE", raising=False)
    context = ImageContext()
    runner = JobRunner()
    widget = LessonsPanel(context, runner)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    yield widget
    assert runner.shutdown(60_000)
    # Whatever a failed test left behind goes too: it is all in this test's ledger.
    from workbench.core.lessons.reset import reset

    assert reset(docker_client).kept == []


def _choose(panel: LessonsPanel, lesson_id: str, step: int) -> None:
    index = next(i for i, lesson in enumerate(panel.lessons) if lesson.id == lesson_id)
    panel.navigator.choose(index, step)


def test_navigator_and_texts_follow_the_language(panel: LessonsPanel) -> None:
    assert panel.navigator.topLevelItemCount() == len(panel.lessons) == 13
    panel.language_box.setCurrentIndex(panel.language_box.findData("en"))
    _choose(panel, "setid", 1)
    assert "invalid mode" in panel.text.toPlainText()
    assert panel.navigator.currentItem().text(0).startswith("1. The article's find")
    panel.language_box.setCurrentIndex(panel.language_box.findData("zh"))
    assert panel.language == "zh"
    assert "过时的写法" in panel.text.toPlainText()
    assert panel.navigator.currentItem().text(0).startswith("1. 文章中的 find")
    assert panel.navigator.topLevelItem(0).text(0) == "§1.1  手动构建镜像：运行、修改、提交、打标签"
    # The window's one language choice, the one View > Language writes.
    assert language_choice() == "zh"
    assert not panel.reveal.isVisible()
    panel.reveal_button.click()
    assert panel.reveal.isVisible()
    assert "find: invalid mode '+6000'" in panel.reveal.toPlainText()


def test_the_box_shows_the_window_choice_and_follows_a_new_one(panel: LessonsPanel) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    assert panel.language_box.currentData() == SYSTEM == language_choice()
    set_language_choice("zh")  # as View > Language does, then the window retranslates
    QCoreApplication.sendEvent(panel, QEvent(QEvent.Type.LanguageChange))
    assert panel.language_box.currentData() == "zh" and panel.language == "zh"
    assert panel.navigator.topLevelItem(0).text(0) == "§1.1  手动构建镜像：运行、修改、提交、打标签"
    set_language_choice("en")
    QCoreApplication.sendEvent(panel, QEvent(QEvent.Type.LanguageChange))
    assert panel.navigator.topLevelItem(0).text(0).startswith("§1.1  ")
    assert "手动" not in panel.navigator.topLevelItem(0).text(0)


def test_narrow_dock_puts_the_navigator_above_the_text(panel: LessonsPanel, qtbot: Any) -> None:
    from PySide6.QtCore import Qt

    assert panel.splitter.orientation() == Qt.Orientation.Horizontal  # 1000 px wide
    panel.resize(500, 800)
    qtbot.waitUntil(lambda: panel.splitter.orientation() == Qt.Orientation.Vertical)
    assert min(panel.splitter.sizes()) > 0


def test_one_click_runs_the_step_and_reset_removes_it(panel: LessonsPanel, qtbot: Any,
                                                      docker_client: Any) -> None:
    before = {i["Id"] for i in docker_client.api.images(all=True)}
    _choose(panel, "dockerfile-build", 1)
    with qtbot.waitSignal(panel.step_done, timeout=SLOW) as blocker:
        panel.run_button.click()
    run = blocker.args[0]
    assert run.verdict.passed, run.verdict.message
    assert run.image.startswith("sha256:") and run.image not in before
    assert panel.navigator.progress_of("dockerfile-build") == "1/2"
    assert panel.verdict.text().startswith("✓ /newfile is in busybox:autobuild")
    assert "Built sha256:" in panel.output.toPlainText()
    # The window follows: the image the step made is analysed into the shared context.
    qtbot.waitUntil(lambda: panel.context.analysis is not None, timeout=SLOW)
    assert panel.context.analysis.info.id == run.image
    # Check alone, as after doing the step by hand.
    qtbot.waitUntil(lambda: panel.job is None and panel.check_button.isEnabled())
    with qtbot.waitSignal(panel.step_done, timeout=SLOW) as blocker:
        panel.check_button.click()
    assert blocker.args[0].verdict.passed and blocker.args[0].output == ""
    panel.confirm_reset = lambda: True
    qtbot.waitUntil(lambda: panel.job is None and panel.reset_button.isEnabled())
    with qtbot.waitSignal(panel.reset_done, timeout=SLOW) as blocker:
        panel.reset_button.click()
    report = blocker.args[0]
    assert report.kept == [] and "tag busybox:autobuild" in report.removed
    assert panel.navigator.progress_of("dockerfile-build") == "0/2"
    assert run.image not in {i["Id"] for i in docker_client.api.images(all=True)}


def test_a_step_out_of_order_says_so(panel: LessonsPanel, qtbot: Any) -> None:
    _choose(panel, "manual-commit", 3)  # commits $container, made by step 1
    with qtbot.waitSignal(panel.step_done, timeout=SLOW) as blocker:
        panel.run_button.click()
    run = blocker.args[0]
    assert not run.verdict.passed
    assert "needs $container" in run.verdict.message and "run the steps in order" in \
        run.verdict.message
    assert panel.navigator.progress_of("manual-commit") == "0/4"


def test_run_lesson_runs_every_step_in_order(panel: LessonsPanel, qtbot: Any) -> None:
    _choose(panel, "manual-commit", 0)  # the lesson row itself
    assert panel.lesson_button.isEnabled() and not panel.run_button.isEnabled()
    with qtbot.waitSignal(panel.lesson_done, timeout=SLOW) as blocker:
        panel.lesson_button.click()
    runs = blocker.args[0]
    assert [r.step for r in runs] == [1, 2, 3, 4]
    assert all(r.verdict.passed for r in runs), [r.verdict.message for r in runs]
    assert panel.navigator.progress_of("manual-commit") == "4/4"
    assert panel.verdict.text() == "✓ 4 of 4 steps passed."
    assert "/newfile is in busybox:manual" in panel.output.toPlainText()
