"""``workbench lessons list|validate|run|reset``: the workshop's lessons, headless.

Exit codes: 0 ok; 1 a check failed (run), a lesson has problems (validate) or reset
kept something it recorded; 2 bad input (no such folder or lesson); 3 no engine.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from workbench.core.errors import WorkbenchError
from workbench.core.lessons.manifest import load_lessons, shipped_root, validate
from workbench.core.lessons.model import Lesson


def _root(folder: str | None) -> Path:
    root = Path(folder).expanduser() if folder else shipped_root()
    if not root.is_dir():
        raise WorkbenchError(f"No lesson folder at {root}: give a folder of lessons or one "
                             "lesson's folder.")
    return root


def _lesson_json(lesson: Lesson) -> dict[str, Any]:
    return {"id": lesson.id, "section": lesson.section, "title": lesson.titles,
            "languages": lesson.languages, "steps": len(lesson.steps),
            "folder": str(lesson.folder)}


def _list(args: argparse.Namespace) -> int:
    lessons = load_lessons(_root(args.dir))
    if args.json:
        json.dump([_lesson_json(lesson) for lesson in lessons], sys.stdout, indent=2,
                  ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    for lesson in lessons:
        print(f"§{lesson.section:<5} {lesson.id:<20} {len(lesson.steps)} steps  "
              f"{','.join(lesson.languages):<6} {lesson.title(args.lang)}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    problems = validate(Path(args.dir).expanduser())
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}.", file=sys.stderr)
        return 1
    print("No problems.")
    return 0


def _run(args: argparse.Namespace) -> int:
    from workbench.core.engine.connection import connect
    from workbench.core.lessons.runner import StepResult, run_lesson
    from workbench.core.lessons.workshop import Workshop

    root = _root(args.dir)
    problems = validate(root)
    if problems:
        raise WorkbenchError(f"{problems[0]} (and {len(problems) - 1} more; run `workbench "
                             f"lessons validate {root}`)." if len(problems) > 1
                             else f"{problems[0]}.")
    lessons = load_lessons(root)
    if args.lesson:
        wanted = set(args.lesson)
        unknown = wanted - {lesson.id for lesson in lessons}
        if unknown:
            raise WorkbenchError(f"No lesson {sorted(unknown)[0]!r} in {root}: see "
                                 "`workbench lessons list`.")
        lessons = [lesson for lesson in lessons if lesson.id in wanted]
    results: list[StepResult] = []
    by_id = {lesson.id: lesson for lesson in lessons}

    def show(result: StepResult) -> None:
        if args.json:
            return
        lesson = by_id[result.lesson]
        step = lesson.steps[result.step - 1]
        mark = "PASS" if result.passed else "FAIL"
        print(f"{mark}  {lesson.id} {result.step}/{len(lesson.steps)}  "
              f"{lesson.step_title(step, args.lang)}: {result.verdict.message}", flush=True)
        if not result.passed and result.verdict.hint:
            print(f"      {result.verdict.hint}")

    with connect(args.endpoint) as engine:
        workshop = Workshop(engine.client, registry=args.registry)
        try:
            for lesson in lessons:
                results.extend(run_lesson(workshop, lesson, show))
        finally:
            workshop.close()
    failed = [r for r in results if not r.passed]
    steps = sum(len(lesson.steps) for lesson in lessons)
    if args.json:
        json.dump({"passed": not failed and len(results) == steps,
                   "steps": [{"lesson": r.lesson, "step": r.step, "passed": r.passed,
                              "message": r.verdict.message, "hint": r.verdict.hint,
                              "output": r.action} for r in results]},
                  sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(f"{len(results) - len(failed)} of {steps} steps passed in {len(lessons)} "
              f"lesson{'s' if len(lessons) != 1 else ''}.")
    return 1 if failed or len(results) != steps else 0


def _reset(args: argparse.Namespace) -> int:
    from workbench.core.engine.connection import connect
    from workbench.core.lessons.reset import reset

    with connect(args.endpoint) as engine:
        report = reset(engine.client)
    for line in report.removed:
        print(f"removed {line}")
    for line in report.kept:
        print(f"kept {line}")
    print(f"Removed {len(report.removed)} objects the lessons made"
          + (f"; kept {len(report.kept)}." if report.kept else "."))
    return 0 if report.clean else 1


def register(subparsers: Any) -> None:
    top = subparsers.add_parser(
        "lessons", help="workshop lessons: list, validate, run headless, reset",
        description="The article's exercises as lessons. Exit codes: 0 ok, 1 a check "
                    "failed or a lesson has problems, 2 bad input, 3 no engine.")
    sub = top.add_subparsers(dest="lessons_command", metavar="SUBCOMMAND")
    listing = sub.add_parser("list", help="the lessons: id, section, title, languages")
    listing.add_argument("--dir", help="a folder of lessons (default: the shipped ones)")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=_list)
    check = sub.add_parser("validate", help="every problem of the lessons in DIR, each named "
                           "with its file and field")
    check.add_argument("dir", metavar="DIR")
    check.set_defaults(func=_validate)
    run = sub.add_parser("run", help="run every step's action and check on the engine")
    run.add_argument("dir", metavar="DIR", nargs="?",
                     help="a folder of lessons or one lesson (default: the shipped ones)")
    run.add_argument("--lesson", action="append", metavar="ID", help="only this lesson "
                     "(repeatable)")
    run.add_argument("--registry", help="HOST:PORT the digest lesson pushes to (default: "
                     "$WORKBENCH_LESSON_REGISTRY or localhost:5000)")
    run.add_argument("--json", action="store_true")
    run.set_defaults(func=_run)
    again = sub.add_parser("reset", help="remove everything the lessons created, by the ids "
                           "recorded in the workshop ledger")
    again.set_defaults(func=_reset)
    for parser in (listing, run):
        parser.add_argument("--lang", choices=("en", "zh"), default="en")
    for parser in (run, again):
        parser.add_argument("-H", "--endpoint")

    def usage(_args: argparse.Namespace) -> int:
        top.print_help()
        return 2
    top.set_defaults(func=usage)
