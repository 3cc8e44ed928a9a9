"""Engine > Clean up workbench objects: list the throwaways, ask, then remove them.

Finding them (the ledger plus an inspect of each) and removing them both talk to the
engine, so both run as jobs; in between, a dialog shows exactly what will go and what
stays and why, and nothing is removed unless the user says so.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from workbench.gui.i18n import translate
from workbench.gui.worker import JobRunner


def plan_text(todo: Any) -> tuple[str, str]:
    """(the question, the detailed list) for a ``CleanupPlan``."""
    lines = [translate("EngineCleanup", "remove {object}").format(object=c.describe())
             for c in todo.remove]
    lines += [translate("EngineCleanup", "keep {object}: {why}").format(object=c.describe(),
                                                                          why=why)
              for c, why in todo.kept]
    count = len(todo.remove)
    question = (translate("EngineCleanup", "Remove 1 throwaway object the workbench made at "
                          "{endpoint}?") if count == 1 else
                translate("EngineCleanup", "Remove {count} throwaway objects the workbench "
                          "made at {endpoint}?")).format(count=count, endpoint=todo.endpoint)
    return question, "\n".join(lines)


class EngineCleanup(QObject):
    finished = Signal(str)  # what was done, as a sentence for the status bar
    failed = Signal(str)

    def __init__(self, runner: JobRunner, parent_widget: QWidget,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner, self.parent_widget = runner, parent_widget
        self.dialog: QMessageBox | None = None
        self.plan: Any = None

    def start(self, client: Any) -> None:
        def job(_p: Any, _c: Any) -> Any:
            from workbench.core.engine.cleanup import plan

            return plan(client)

        self.runner.start(job, name="list workbench objects", key="engine-cleanup-plan",
                          on_result=lambda todo: self._ask(client, todo),
                          on_error=self.failed.emit)

    def _ask(self, client: Any, todo: Any) -> None:
        self.plan = todo
        question, details = plan_text(todo)
        if not todo.remove:
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("Clean up"),
                              self.tr("Nothing to remove at {endpoint}.").format(
                                  endpoint=todo.endpoint),
                              QMessageBox.StandardButton.Ok, self.parent_widget)
        else:
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("Clean up"), question,
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                              self.parent_widget)
            box.setDefaultButton(QMessageBox.StandardButton.No)
            box.buttonClicked.connect(lambda button: self._answered(box, button, client,
                                                                    todo))
        box.setObjectName("cleanup-box")
        if details:
            box.setDetailedText(details)
            box.setInformativeText(details if len(todo.remove) + len(todo.kept) <= 12
                                   else self.tr("See the details for the full list."))
        self.dialog = box
        box.open()

    def _answered(self, box: QMessageBox, button: Any, client: Any, todo: Any) -> None:
        if box.standardButton(button) == QMessageBox.StandardButton.Yes:
            self._remove(client, todo)

    def _remove(self, client: Any, todo: Any) -> None:
        def job(_p: Any, _c: Any) -> Any:
            from workbench.core.engine.cleanup import execute

            return execute(client, todo)

        self.runner.start(job, name="remove workbench objects", on_result=self._done,
                          on_error=self.failed.emit)

    def _done(self, result: Any) -> None:
        text = self.tr("Removed {count} throwaway object(s).").format(count=len(result.removed))
        if result.failed:
            text += " " + self.tr("Could not remove {objects}.").format(
                objects="; ".join(result.failed))
        self.finished.emit(text)
