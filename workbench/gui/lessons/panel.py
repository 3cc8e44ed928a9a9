"""The Lessons dock: pick a lesson and step, read it, run its action and check with one
click, reveal the docker commands, reset the workshop.

Work runs through the window's JobRunner, one job at a time (buttons are disabled while
it runs, Cancel stops it). The workshop (its values between steps, the overlay sandbox)
lives across clicks; each job reattaches it to a fresh engine connection. When an action
makes an image, the panel opens it, so the timeline, files, overlay and sizes follow.
The lessons speak the window's language: the language box is the window's one choice
(the View > Language setting of ``workbench.gui.i18n``), so picking a language here
switches the lesson texts at once and is what the window speaks from then on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workbench.core.engine.connection import connect
from workbench.core.lessons.manifest import load_lessons, shipped_root
from workbench.core.lessons.model import Lesson, Step
from workbench.core.lessons.operations import Verdict
from workbench.core.progress import CancelToken, ProgressEvent
from workbench.gui.button_bar import button_bar
from workbench.gui.i18n import (
    LANGUAGES,
    SYSTEM,
    SYSTEM_LABEL,
    current_language,
    language_choice,
    set_language_choice,
    translate,
)
from workbench.gui.image_loader import ImageLoader
from workbench.gui.lessons.navigator import LessonNavigator
from workbench.gui.selection import ImageContext
from workbench.gui.worker import Job, JobRunner

Progress = Callable[[ProgressEvent], None]
WIDE = 800  # px: from this width on, the navigator sits beside the step's text


@dataclass(frozen=True, slots=True)
class StepRun:
    lesson: str
    step: int
    output: str  # the action's output, "" for a check alone
    verdict: Verdict
    image: str = ""  # an image the action made, to open in the window


class LessonsPanel(QWidget):
    step_done = Signal(object)  # StepRun
    lesson_done = Signal(object)  # list[StepRun], every step of a lesson run in one go
    reset_done = Signal(object)  # ResetReport
    failed = Signal(str)

    def __init__(self, context: ImageContext, runner: JobRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.runner = runner
        self.connect_engine: Callable[[], Any] = connect
        self.confirm_reset: Callable[[], bool] = self._ask_reset  # tests answer in code
        self.lessons: list[Lesson] = load_lessons(shipped_root())
        self.workshop: Any = None  # created in the first job (it needs the engine)
        self.loader = ImageLoader(context, runner, self)
        self.job: Job | None = None
        self._key = f"lessons-{id(self)}"
        self._build_ui()
        self._show_choice()
        self.navigator.show_lessons(self.lessons, self.language)
        self.navigator.choose(0, 1)

    # -- layout ---------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.language_box = QComboBox()
        self.language_box.addItem("", SYSTEM)
        for code, name in LANGUAGES.items():
            self.language_box.addItem(name, code)  # each name in its own language
        self.language_label = QLabel()
        self.reset_button = QPushButton()
        # Tool bars, not box layouts: at presentation scale a row of buttons must not make
        # the window wider than the projector.
        top = button_bar(self.language_label, self.language_box, self.reset_button)
        self.navigator = LessonNavigator()
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.run_button = QPushButton()
        self.run_button.setShortcut("Ctrl+Return")
        self.lesson_button = QPushButton()
        self.check_button = QPushButton()
        self.reveal_button = QPushButton()
        self.reveal_button.setCheckable(True)
        self.cancel_button = QPushButton()
        self.cancel_button.setEnabled(False)
        buttons = button_bar(self.run_button, self.check_button, self.reveal_button,
                             self.lesson_button, self.cancel_button)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.verdict = QLabel("")
        self.verdict.setWordWrap(True)
        self.output = QPlainTextEdit()
        self.output.setReadOnly(True)
        self.reveal = QPlainTextEdit()
        self.reveal.setReadOnly(True)
        self.reveal.setVisible(False)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.text, 3)
        column.addWidget(buttons)
        column.addWidget(self.progress)
        column.addWidget(self.verdict)
        column.addWidget(self.reveal, 1)
        column.addWidget(self.output, 2)
        self.splitter = splitter = QSplitter()
        splitter.addWidget(self.navigator)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(top)
        layout.addWidget(splitter, 1)
        self.language_box.currentIndexChanged.connect(self._on_language)
        self.navigator.step_chosen.connect(lambda *_: self._show_step())
        self.run_button.clicked.connect(self.run_action)
        self.check_button.clicked.connect(self.run_check)
        self.lesson_button.clicked.connect(self.run_whole_lesson)
        self.reveal_button.toggled.connect(self.reveal.setVisible)
        self.cancel_button.clicked.connect(self.cancel)
        self.reset_button.clicked.connect(self.reset_workshop)
        self._retranslate()

    def _retranslate(self) -> None:
        """The panel's own texts, again when the window changes its language."""
        self.language_box.setItemText(0, translate("Language", str(SYSTEM_LABEL)))
        self.language_box.setToolTip(self.tr("The window's language, the same choice as "
                                             "View > Language; the lessons switch at once"))
        self.language_label.setText(self.tr("Language: "))
        self.reset_button.setText(self.tr("Reset workshop"))
        self.reset_button.setToolTip(self.tr("Remove every container, image, tag and push the "
                                             "lessons made, by the ids recorded when they "
                                             "were made"))
        self.run_button.setText(self.tr("Run action"))
        self.run_button.setToolTip(self.tr("Run this step's action, then its check "
                                           "(Ctrl+Return)"))
        self.lesson_button.setText(self.tr("Run lesson"))
        self.lesson_button.setToolTip(self.tr("Run every step of this lesson from the first, "
                                              "each action and then its check"))
        self.check_button.setText(self.tr("Check"))
        self.check_button.setToolTip(self.tr("Check this step on the engine: also after doing "
                                             "it by hand in a terminal"))
        self.reveal_button.setText(self.tr("Reveal"))
        self.reveal_button.setToolTip(self.tr("Show the docker commands that do this step by "
                                              "hand"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.output.setPlaceholderText(self.tr("The action's output appears here."))

    def changeEvent(self, event: QEvent) -> None:
        # The window installed another catalogue (View > Language): the panel's texts
        # and the lessons follow the choice it saved.
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self.navigator.retranslate()
            self._show_choice()
            self.navigator.show_lessons(self.lessons, self.language)
            self._show_step()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Docked among the inspector tabs the panel is narrow: the navigator goes above
        # the text then; undocked or on a wide screen it sits beside it.
        wide = event.size().width() >= WIDE
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.splitter.orientation() != orientation:
            self.splitter.setOrientation(orientation)
            total = max(1, self.splitter.width() if wide else self.splitter.height())
            self.splitter.setSizes([total * 2 // 5, total * 3 // 5] if wide
                                   else [total // 3, total * 2 // 3])
        super().resizeEvent(event)

    # -- what is shown ----------------------------------------------------------------------
    @property
    def language(self) -> str:
        """The language of the lesson texts: the window's."""
        return current_language()

    def _show_choice(self) -> None:
        """The box shows the saved choice, without saving it again."""
        self.language_box.blockSignals(True)
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(language_choice())))
        self.language_box.blockSignals(False)

    def selected(self) -> tuple[Lesson, Step | None] | None:
        current = self.navigator.current()
        if current is None:
            return None
        lesson = self.lessons[current[0]]
        step = lesson.steps[current[1] - 1] if current[1] else None
        return lesson, step

    def _on_language(self) -> None:
        set_language_choice(str(self.language_box.currentData() or SYSTEM))
        self.navigator.show_lessons(self.lessons, self.language)
        self._show_step()

    def _show_step(self) -> None:
        chosen = self.selected()
        has_step = chosen is not None and chosen[1] is not None
        for button in (self.run_button, self.check_button, self.reveal_button):
            button.setEnabled(has_step and self.job is None)
        self.lesson_button.setEnabled(chosen is not None and self.job is None)
        if chosen is None:
            return
        lesson, step = chosen
        if step is None:
            titles = "\n".join(f"{s.number}. {lesson.step_title(s, self.language)}"
                               for s in lesson.steps)
            self.text.setMarkdown(f"# {lesson.title(self.language)}\n\n§{lesson.section}\n\n"
                                  f"{titles}\n")
            self.reveal.setPlainText("")
            return
        self.text.setMarkdown(lesson.text(step, self.language))
        self.reveal.setPlainText("\n".join(f"$ {line}" if not line.startswith(("/ #", "#"))
                                           else line for line in step.reveal))
        self.verdict.setText("")

    # -- work -------------------------------------------------------------------------------
    def _start(self, name: str, work: Callable[[Any], Any],
               on_result: Callable[[Any], None]) -> None:
        def job(progress: Progress, cancel: CancelToken) -> Any:
            from workbench.core.lessons.workshop import Workshop

            with self.connect_engine() as engine:
                if self.workshop is None:
                    self.workshop = Workshop(engine.client)
                self.workshop.attach(engine.client)
                self.workshop.progress, self.workshop.cancel = progress, cancel
                return work(self.workshop)

        self._busy(True)
        self.progress.setRange(0, 0)
        self.job = self.runner.start(job, name=name, key=self._key, on_result=on_result,
                                     on_error=self._on_error, on_progress=self._on_progress,
                                     on_finished=lambda: self._busy(False))

    def _busy(self, busy: bool) -> None:
        if not busy:
            self.job = None
        self.progress.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        self.reset_button.setEnabled(not busy)
        self._show_buttons()

    def _show_buttons(self) -> None:
        chosen = self.selected()
        enabled = chosen is not None and chosen[1] is not None and self.job is None
        for button in (self.run_button, self.check_button):
            button.setEnabled(enabled)
        self.lesson_button.setEnabled(chosen is not None and self.job is None)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def run_action(self) -> None:
        chosen = self.selected()
        if chosen is None or chosen[1] is None or self.job is not None:
            return
        lesson, step = chosen[0], chosen[1]
        self.output.setPlainText("")
        self.verdict.setText(self.tr("Running…"))

        def work(ws: Any) -> StepRun:
            from workbench.core.errors import CancelledError, WorkbenchError
            from workbench.core.lessons.runner import run_action, run_check

            if ws.lesson_id != lesson.id:
                ws.begin_lesson(lesson.id)
            try:
                outcome = run_action(ws, step)
            except CancelledError:
                raise
            except WorkbenchError as exc:
                return StepRun(lesson.id, step.number, "", Verdict(False, str(exc)))
            image = next((v for v in outcome.values.values() if v.startswith("sha256:")), "")
            return StepRun(lesson.id, step.number, outcome.text, run_check(ws, step), image)

        self._start(f"lesson step {lesson.id} {step.number}", work, self._on_step)

    def run_check(self) -> None:
        chosen = self.selected()
        if chosen is None or chosen[1] is None or self.job is not None:
            return
        lesson, step = chosen[0], chosen[1]
        self.verdict.setText(self.tr("Checking…"))

        def work(ws: Any) -> StepRun:
            from workbench.core.lessons.runner import run_check

            if ws.lesson_id != lesson.id:
                ws.begin_lesson(lesson.id)
            return StepRun(lesson.id, step.number, "", run_check(ws, step))

        self._start(f"lesson check {lesson.id} {step.number}", work, self._on_step)

    def run_whole_lesson(self) -> None:
        chosen = self.selected()
        if chosen is None or self.job is not None:
            return
        lesson, lang = chosen[0], self.language
        self.output.setPlainText("")
        self.verdict.setText(self.tr("Running the lesson…"))

        def work(ws: Any) -> list[StepRun]:
            from workbench.core.errors import CancelledError, WorkbenchError
            from workbench.core.lessons.runner import run_action, run_check

            ws.begin_lesson(lesson.id)  # from the first step: values start afresh
            runs: list[StepRun] = []
            for index, step in enumerate(lesson.steps):
                ws.progress(ProgressEvent("lesson", index, len(lesson.steps), "steps",
                                          lesson.step_title(step, lang)))
                try:
                    outcome = run_action(ws, step)
                except CancelledError:
                    raise
                except WorkbenchError as exc:
                    runs.append(StepRun(lesson.id, step.number, "", Verdict(False, str(exc))))
                    break  # the later steps build on this one
                image = next((v for v in outcome.values.values() if v.startswith("sha256:")),
                             "")
                runs.append(StepRun(lesson.id, step.number, outcome.text,
                                    run_check(ws, step), image))
            return runs

        self._start(f"lesson {lesson.id}", work, self._on_lesson)

    def reset_workshop(self) -> None:
        if self.job is not None or not self.confirm_reset():
            return
        self.verdict.setText(self.tr("Resetting the workshop…"))

        def work(ws: Any) -> Any:
            from workbench.core.lessons.reset import reset

            ws.close_sandbox()
            ws.begin_lesson("")
            return reset(ws.client, ws.ledger)

        self._start("reset workshop", work, self._on_reset)

    # -- results ----------------------------------------------------------------------------
    def _on_progress(self, event: ProgressEvent) -> None:
        if event.total:
            self.progress.setRange(0, event.total)
            self.progress.setValue(event.done)
        if event.message:
            self.progress.setFormat(event.message[:80])

    def _on_step(self, run: StepRun) -> None:
        self.navigator.set_result(run.lesson, run.step, run.verdict.passed)
        if run.output:
            self.output.setPlainText(run.output)
        mark = "✓" if run.verdict.passed else "✗"
        hint = f"\n{run.verdict.hint}" if run.verdict.hint and not run.verdict.passed else ""
        self.verdict.setText(f"{mark} {run.verdict.message}{hint}")
        colour = "#1a7f37" if run.verdict.passed else "#cf222e"
        self.verdict.setStyleSheet(f"color: {colour};")
        if run.image:
            self.loader.load(f"docker://{run.image}")
        self.step_done.emit(run)

    def _on_lesson(self, runs: list[StepRun]) -> None:
        for run in runs:
            self.navigator.set_result(run.lesson, run.step, run.verdict.passed)
        lesson = next((x for x in self.lessons if runs and x.id == runs[0].lesson), None)
        if lesson is not None:
            self.output.setPlainText("\n\n".join(
                f"## {run.step}. {lesson.step_title(lesson.steps[run.step - 1], self.language)}"
                f"\n{run.output}\n{'✓' if run.verdict.passed else '✗'} {run.verdict.message}"
                for run in runs))
        failed = [run for run in runs if not run.verdict.passed]
        total = len(lesson.steps) if lesson is not None else len(runs)
        passed = len(runs) - len(failed)
        mark = "✓" if passed == total else "✗"
        if failed:
            self.verdict.setText(self.tr("{mark} {passed} of {total} steps passed. Step {step}: "
                                         "{message}").format(
                mark=mark, passed=passed, total=total, step=failed[0].step,
                message=failed[0].verdict.message))
        else:
            self.verdict.setText(self.tr("{mark} {passed} of {total} steps passed.").format(
                mark=mark, passed=passed, total=total))
        self.verdict.setStyleSheet(f"color: {'#1a7f37' if passed == total else '#cf222e'};")
        image = next((run.image for run in reversed(runs) if run.image), "")
        if image:
            self.loader.load(f"docker://{image}")
        self.lesson_done.emit(runs)

    def _on_reset(self, report: Any) -> None:
        self.navigator.results.clear()
        self.navigator.refresh_marks()
        kept = "".join("\n" + self.tr("kept {object}").format(object=line)
                       for line in report.kept)
        self.verdict.setStyleSheet("")
        self.verdict.setText(self.tr("Removed {count} objects the lessons made.").format(
            count=len(report.removed)) + kept)
        self.output.setPlainText("\n".join(self.tr("removed {object}").format(object=line)
                                           for line in report.removed))
        self.reset_done.emit(report)

    def _on_error(self, message: str) -> None:
        self.verdict.setStyleSheet("color: #cf222e;")
        self.verdict.setText(message)
        self.failed.emit(message)

    def _ask_reset(self) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Reset workshop"),
            self.tr("Remove every container, image, tag and registry push the lessons made? "
                    "Nothing else is touched."))
        return answer == QMessageBox.StandardButton.Yes
