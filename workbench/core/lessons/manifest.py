"""Reading and validating lesson folders: ``lesson.toml`` (tomllib) plus step texts.

``validate_folder`` names every problem with its file and field, so a trainer writing
a lesson fixes them all in one pass; ``load_lesson`` raises on the first one.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.core.lessons.model import LANGUAGES, MANIFEST, Call, Lesson, LessonError, Step

_SECTION = re.compile(r"^\d+(\.\d+)*$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_TOP_KEYS = {"title", "section", "order", "steps"}
_STEP_KEYS = {"action", "check", "reveal"}


@dataclass(frozen=True, slots=True)
class Problem:
    file: str  # relative to the lessons folder: "manual-commit/lesson.toml"
    field: str  # "steps[2].check.op", "" for the file as a whole
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        return f"{where}: {self.message}"


def _call(raw: Any, where: str, known: dict[str, Any] | None, problems: list[Problem],
          file: str) -> Call | None:
    if not isinstance(raw, dict):
        problems.append(Problem(file, where, "missing; write a table like "
                                "{ op = \"build\", ... }"))
        return None
    op = raw.get("op")
    args = {k: v for k, v in raw.items() if k != "op"}
    if not isinstance(op, str) or not op:
        problems.append(Problem(file, f"{where}.op", "missing; name the operation to run"))
        return None
    if known is not None:
        operation = known.get(op)
        if operation is None:
            problems.append(Problem(file, f"{where}.op", f"unknown operation '{op}'; known: "
                                    f"{', '.join(sorted(known))}"))
            return None
        for name in sorted(operation.required - set(args)):
            problems.append(Problem(file, f"{where}.{name}", f"missing; '{op}' needs it"))
        for name in sorted(set(args) - operation.required - operation.optional):
            allowed = sorted(operation.required | operation.optional)
            problems.append(Problem(file, f"{where}.{name}", f"'{op}' takes no such argument; "
                                    f"it takes {', '.join(allowed) or 'none'}"))
    return Call(op, args)


def _steps(raw: Any, folder: Path, file: str, problems: list[Problem],
           operations: tuple[dict[str, Any], dict[str, Any]] | None) -> list[Step]:
    if not isinstance(raw, list) or not raw:
        problems.append(Problem(file, "steps", "missing; add at least one [[steps]] table"))
        return []
    actions, checks = operations if operations is not None else (None, None)
    steps = []
    for number, entry in enumerate(raw, 1):
        where = f"steps[{number}]"
        if not isinstance(entry, dict):
            problems.append(Problem(file, where, "must be a table"))
            continue
        for key in sorted(set(entry) - _STEP_KEYS):
            problems.append(Problem(file, f"{where}.{key}", "unknown key; a step has "
                                    "action, check and reveal"))
        act = _call(entry.get("action"), f"{where}.action", actions, problems, file)
        chk = _call(entry.get("check"), f"{where}.check", checks, problems, file)
        reveal = entry.get("reveal")
        if not isinstance(reveal, list) or not reveal or not all(
                isinstance(line, str) for line in reveal):
            problems.append(Problem(file, f"{where}.reveal", "missing; list the docker "
                                    "commands that do this step by hand"))
            reveal = []
        for lang in LANGUAGES:
            text_name = f"step-{number}.{lang}.md"
            text_path = folder / text_name
            if not text_path.is_file():
                problems.append(Problem(f"{folder.name}/{text_name}", "",
                                        f"missing: the {lang} text of step {number}"))
            elif not text_path.read_text(encoding="utf-8").lstrip().startswith("#"):
                problems.append(Problem(f"{folder.name}/{text_name}", "",
                                        "must start with a '# ' heading, the step's title"))
        if act is not None and chk is not None:
            steps.append(Step(number, act, chk, tuple(reveal)))
    extra = sorted(p.name for p in folder.glob("step-*.md")
                   if not re.fullmatch(rf"step-([1-9]\d*)\.({'|'.join(LANGUAGES)})\.md",
                                       p.name) or int(p.name.split(".")[0][5:]) > len(raw))
    for name in extra:
        problems.append(Problem(f"{folder.name}/{name}", "", "belongs to no step; steps are "
                                "numbered from 1, languages are " + ", ".join(LANGUAGES)))
    return steps


def read_folder(folder: Path, *, check_operations: bool = True
                ) -> tuple[Lesson | None, list[Problem]]:
    """The lesson in ``folder`` (None when it cannot be built) and every problem found."""
    file = f"{folder.name}/{MANIFEST}"
    problems: list[Problem] = []
    if not _ID.match(folder.name):
        problems.append(Problem(folder.name, "", "a lesson folder's name is its id: lower-case "
                                "letters, digits and dashes"))
    try:
        data = tomllib.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, [*problems, Problem(file, "", "missing: every lesson folder has one")]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [*problems, Problem(file, "", f"cannot be read ({exc})")]
    except tomllib.TOMLDecodeError as exc:
        return None, [*problems, Problem(file, "", f"is not valid TOML: {exc}")]
    for key in sorted(set(data) - _TOP_KEYS):
        problems.append(Problem(file, key, "unknown key; a lesson has title, section, order "
                                "and steps"))
    titles = data.get("title")
    if not isinstance(titles, dict):
        problems.append(Problem(file, "title", "missing; give title.en and title.zh"))
        titles = {}
    for lang in LANGUAGES:
        if not isinstance(titles.get(lang), str) or not titles[lang].strip():
            problems.append(Problem(file, f"title.{lang}", "missing or empty"))
    section = data.get("section")
    if not isinstance(section, str) or not _SECTION.match(section):
        problems.append(Problem(file, "section", "missing; the article's section, like \"2.2\""))
        section = ""
    order = data.get("order", 0)
    if not isinstance(order, int) or isinstance(order, bool):
        problems.append(Problem(file, "order", "must be a whole number"))
        order = 0
    operations = None
    if check_operations:
        from workbench.core.lessons.catalogue import load_all

        operations = load_all()
    steps = _steps(data.get("steps"), folder, file, problems, operations)
    if problems:
        return None, problems
    lesson = Lesson(folder.name, folder, section,
                    {k: v for k, v in titles.items() if isinstance(v, str)}, tuple(steps), order)
    return lesson, []


def lesson_folders(root: Path) -> list[Path]:
    """The lesson folders under ``root``, or ``root`` itself when it is one."""
    if (root / MANIFEST).is_file():
        return [root]
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def validate(root: Path) -> list[Problem]:
    """Every problem of every lesson under ``root`` (a lesson folder or a folder of them)."""
    if not root.is_dir():
        what = "not a folder" if root.exists() else "no such folder"
        return [Problem(str(root), "", f"{what}: give a folder of lessons or one lesson's "
                        "folder")]
    folders = lesson_folders(root)
    if not folders:
        return [Problem(str(root), "", f"holds no lesson: each lesson is a folder with a "
                        f"{MANIFEST}")]
    problems: list[Problem] = []
    for folder in folders:
        problems.extend(read_folder(folder)[1])
    return problems


def load_lessons(root: Path, *, check_operations: bool = False) -> list[Lesson]:
    """The lessons under ``root`` in workshop order; raises LessonError naming a problem."""
    lessons = []
    for folder in lesson_folders(root) if root.is_dir() else []:
        lesson, problems = read_folder(folder, check_operations=check_operations)
        if lesson is None:
            raise LessonError(f"{problems[0]} (run `workbench lessons validate {root}`).")
        lessons.append(lesson)
    if not lessons:
        raise LessonError(f"{root} holds no lesson: each lesson is a folder with a {MANIFEST}.")
    return sorted(lessons, key=lambda item: (item.order, _section_key(item.section), item.id))


def _section_key(section: str) -> tuple[int, ...]:
    return tuple(int(part) for part in section.split(".") if part.isdigit())


def shipped_root() -> Path:
    from workbench.resource_files import resource_path

    return resource_path("lessons")
