"""Running a step's action and check, and whole lessons headless (``lessons run``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from workbench.core.errors import CancelledError, WorkbenchError
from workbench.core.lessons.catalogue import load_all
from workbench.core.lessons.model import Lesson, Step
from workbench.core.lessons.operations import Outcome, Verdict
from workbench.core.lessons.workshop import Workshop


@dataclass(frozen=True, slots=True)
class StepResult:
    lesson: str
    step: int
    action: str  # the action's output, or the sentence it failed with
    verdict: Verdict

    @property
    def passed(self) -> bool:
        return self.verdict.passed


def run_action(ws: Workshop, step: Step) -> Outcome:
    """Run the step's action; its values become ``$name`` for the steps after it."""
    actions, _checks = load_all()
    operation = actions[step.action.op]
    outcome: Outcome = operation.func(ws, **ws.substitute(step.action.args))
    ws.values.update(outcome.values)
    return outcome


def run_check(ws: Workshop, step: Step) -> Verdict:
    """Run the step's check; a failure to even look is a failed check with its reason."""
    _actions, checks = load_all()
    operation = checks[step.check.op]
    try:
        verdict: Verdict = operation.func(ws, **ws.substitute(step.check.args))
    except CancelledError:
        raise
    except WorkbenchError as exc:
        return Verdict(False, str(exc))
    return verdict


def run_lesson(ws: Workshop, lesson: Lesson,
               on_result: Callable[[StepResult], None] | None = None) -> list[StepResult]:
    """Every step's action then check, in order; a failed action ends the lesson there,
    since later steps build on what it should have made."""
    ws.begin_lesson(lesson.id)
    results = []
    try:
        for step in lesson.steps:
            ws.cancel.check()
            try:
                outcome = run_action(ws, step)
            except CancelledError:
                raise
            except Exception as exc:
                # A bug or an engine error the operation did not phrase still ends as a
                # failed step with its reason, not a traceback in the window.
                reason = str(exc) if isinstance(exc, WorkbenchError) \
                    else f"{type(exc).__name__}: {exc}"
                result = StepResult(lesson.id, step.number, reason,
                                    Verdict(False, f"The action failed: {reason}"))
                results.append(result)
                if on_result is not None:
                    on_result(result)
                break
            result = StepResult(lesson.id, step.number, outcome.text, run_check(ws, step))
            results.append(result)
            if on_result is not None:
                on_result(result)
    finally:
        ws.close_sandbox()
    return results
