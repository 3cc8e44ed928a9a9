"""The lesson navigator: lessons with their progress, steps with their last result."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from workbench.core.lessons.model import Lesson

MARKS = {None: "○", True: "✓", False: "✗"}  # not run, passed, failed
ROLE = Qt.ItemDataRole.UserRole


class LessonNavigator(QTreeWidget):
    # (lesson index, step number); step 0 means the lesson row itself
    step_chosen = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.retranslate()
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.lessons: list[Lesson] = []
        self.results: dict[tuple[str, int], bool] = {}
        self.lang = "en"
        self._tops: list[QTreeWidgetItem] = []
        self._steps: list[list[QTreeWidgetItem]] = []
        self.currentItemChanged.connect(self._on_current)

    def retranslate(self) -> None:
        self.setHeaderLabels([self.tr("Lesson"), self.tr("Done")])

    def show_lessons(self, lessons: list[Lesson], lang: str) -> None:
        current = self.current()
        self.lessons, self.lang = lessons, lang
        self.blockSignals(True)
        self.clear()
        self._tops, self._steps = [], []
        for index, lesson in enumerate(lessons):
            top = QTreeWidgetItem([f"§{lesson.section}  {lesson.title(lang)}", ""])
            top.setData(0, ROLE, (index, 0))
            children = []
            for step in lesson.steps:
                child = QTreeWidgetItem([f"{step.number}. {lesson.step_title(step, lang)}", ""])
                child.setData(0, ROLE, (index, step.number))
                top.addChild(child)
                children.append(child)
            self.addTopLevelItem(top)
            self._tops.append(top)
            self._steps.append(children)
        self.blockSignals(False)
        self.refresh_marks()
        if current is not None:
            self.choose(*current)

    def refresh_marks(self) -> None:
        for lesson, top, children in zip(self.lessons, self._tops, self._steps, strict=True):
            passed = 0
            for number, child in enumerate(children, 1):
                result = self.results.get((lesson.id, number))
                passed += result is True
                child.setText(1, MARKS[result])
            top.setText(1, f"{passed}/{len(lesson.steps)}")

    def set_result(self, lesson_id: str, step: int, passed: bool) -> None:
        self.results[(lesson_id, step)] = passed
        self.refresh_marks()

    def progress_of(self, lesson_id: str) -> str:
        for lesson, top in zip(self.lessons, self._tops, strict=True):
            if lesson.id == lesson_id:
                return top.text(1)
        return ""

    def choose(self, lesson_index: int, step: int) -> None:
        if not 0 <= lesson_index < len(self._tops):
            return
        top, children = self._tops[lesson_index], self._steps[lesson_index]
        item = children[step - 1] if 0 < step <= len(children) else top
        top.setExpanded(True)
        self.setCurrentItem(item)

    def current(self) -> tuple[int, int] | None:
        item = self.currentItem()
        value = item.data(0, ROLE) if item is not None else None
        return (int(value[0]), int(value[1])) if value else None

    def _on_current(self, item: QTreeWidgetItem | None, _previous: object) -> None:
        value = item.data(0, ROLE) if item is not None else None
        if value:
            self.step_chosen.emit(int(value[0]), int(value[1]))
