"""What a lesson is once read: steps of (text, action, check, reveal), in two languages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.core.errors import WorkbenchError

LANGUAGES = ("en", "zh")  # every shipped lesson has both; English is the fallback
MANIFEST = "lesson.toml"


class LessonError(WorkbenchError):
    """A lesson that cannot be used as written, or a step run out of order."""


@dataclass(frozen=True, slots=True)
class Call:
    """A named core operation and its arguments, as the manifest writes it."""

    op: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Step:
    number: int  # 1-based, as in the step-N.<lang>.md file names
    action: Call
    check: Call
    reveal: tuple[str, ...]  # the equivalent docker commands, one per line


@dataclass(frozen=True, slots=True)
class Lesson:
    id: str  # the folder's name
    folder: Path
    section: str  # the article's section, "1.1", "3.4"...
    titles: dict[str, str]  # language -> title
    steps: tuple[Step, ...]
    order: int = 0  # position in the list; sections sort the rest

    @property
    def languages(self) -> list[str]:
        return [lang for lang in LANGUAGES if lang in self.titles]

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or self.titles.get("en") or self.id

    def text_file(self, step: Step, lang: str) -> Path:
        return self.folder / f"step-{step.number}.{lang}.md"

    def text(self, step: Step, lang: str) -> str:
        """The step's Markdown in ``lang``, the English one when that is missing."""
        for candidate in (lang, "en"):
            path = self.text_file(step, candidate)
            if path.is_file():
                return path.read_text(encoding="utf-8")
        return ""

    def step_title(self, step: Step, lang: str) -> str:
        """The first Markdown heading of the step's text."""
        for line in self.text(step, lang).splitlines():
            if line.startswith("#"):
                return line.lstrip("#").strip()
        return f"{step.number}"
