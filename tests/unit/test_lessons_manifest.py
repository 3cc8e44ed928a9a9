"""Lesson manifests: the shipped lessons are valid in both languages, and validation
names each problem of a broken lesson with its file and field."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from workbench.cli.main import run
from workbench.core.lessons.ledger import Entry, WorkshopLedger
from workbench.core.lessons.manifest import load_lessons, read_folder, shipped_root, validate
from workbench.core.lessons.model import LANGUAGES, LessonError
from workbench.core.lessons.workshop import substitute

GOOD = """\
section = "1.1"
title.en = "A lesson"
title.zh = "一课"

[[steps]]
action = { op = "run", image = "busybox:latest", command = ["true"] }
check = { op = "container_state", container = "$container" }
reveal = ["docker run busybox:latest true"]
"""
ARTICLE_SECTIONS = {"1.1", "1.2", "2.1", "2.2", "2.3", "3.3", "3.4", "4.1", "4.2", "4.3", "5"}


def _lesson(root: Path, manifest: str = GOOD, name: str = "a-lesson",
            texts: dict[str, str] | None = None) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "lesson.toml").write_text(manifest, encoding="utf-8")
    for file, text in (texts if texts is not None else
                       {"step-1.en.md": "# Run\n", "step-1.zh.md": "# 运行\n"}).items():
        (folder / file).write_text(text, encoding="utf-8")
    return folder


def test_shipped_lessons_are_valid_and_cover_the_article() -> None:
    root = shipped_root()
    assert validate(root) == []
    lessons = load_lessons(root, check_operations=True)
    assert {lesson.section for lesson in lessons} == ARTICLE_SECTIONS
    for lesson in lessons:
        assert lesson.languages == list(LANGUAGES)
        assert re.search(r"[\u4e00-\u9fff]", lesson.title("zh")), lesson.id
        for step in lesson.steps:
            zh = lesson.text(step, "zh")
            assert re.search(r"[\u4e00-\u9fff]", zh), (lesson.id, step.number)
            assert lesson.step_title(step, "en") != lesson.step_title(step, "zh")
            assert step.reveal and all("docker" in line or line.strip() for line in step.reveal)


def test_the_setid_lesson_says_the_article_spelling_fails() -> None:
    lesson = next(x for x in load_lessons(shipped_root()) if x.id == "setid")
    first = lesson.steps[0]
    assert "+6000" in lesson.text(first, "en") and "+6000" in lesson.text(first, "zh")
    assert first.check.args["contains"] == "invalid mode"
    assert all("+6000" not in line or "invalid mode" in line
               for step in lesson.steps for line in step.reveal)


def test_the_base_sizes_lesson_does_not_pretend_alpine_is_here() -> None:
    lesson = next(x for x in load_lessons(shipped_root()) if x.id == "base-sizes")
    text = lesson.text(lesson.steps[0], "en")
    assert "3.98" in text and "not available" in text.lower()


@pytest.mark.parametrize(("manifest", "where"), [
    (GOOD.replace('title.zh = "一课"\n', ""), "a-lesson/lesson.toml: title.zh: missing"),
    (GOOD.replace('section = "1.1"', 'section = "one"'), "a-lesson/lesson.toml: section:"),
    (GOOD.replace('op = "run"', 'op = "rn"'),
     "a-lesson/lesson.toml: steps[1].action.op: unknown operation 'rn'"),
    (GOOD.replace('image = "busybox:latest", ', ""),
     "a-lesson/lesson.toml: steps[1].action.image: missing; 'run' needs it"),
    (GOOD.replace('command = ["true"]', 'colour = "red"'),
     "a-lesson/lesson.toml: steps[1].action.colour: 'run' takes no such argument"),
    (GOOD.replace('reveal = ["docker run busybox:latest true"]', ""),
     "a-lesson/lesson.toml: steps[1].reveal: missing"),
    (GOOD.replace("check = ", "verify = "), "a-lesson/lesson.toml: steps[1].verify: unknown key"),
    (GOOD.replace("[[steps]]", "[[stepz]]"), "a-lesson/lesson.toml: steps: missing"),
    (GOOD + "\n[oops\n", "a-lesson/lesson.toml: is not valid TOML"),
])
def test_validate_names_the_file_and_field(tmp_path: Path, manifest: str, where: str) -> None:
    _lesson(tmp_path, manifest)
    problems = [str(p) for p in validate(tmp_path)]
    assert any(p.startswith(where) for p in problems), problems


def test_validate_names_missing_and_stray_texts(tmp_path: Path) -> None:
    _lesson(tmp_path, texts={"step-1.en.md": "no heading\n", "step-2.en.md": "# Extra\n"})
    problems = [str(p) for p in validate(tmp_path)]
    assert "a-lesson/step-1.zh.md: missing: the zh text of step 1" in problems
    assert any(p.startswith("a-lesson/step-1.en.md: must start with a '# ' heading")
               for p in problems)
    assert any(p.startswith("a-lesson/step-2.en.md: belongs to no step") for p in problems)


def test_a_good_lesson_loads(tmp_path: Path) -> None:
    lesson, problems = read_folder(_lesson(tmp_path))
    assert problems == [] and lesson is not None
    assert lesson.step_title(lesson.steps[0], "zh") == "运行"
    assert lesson.steps[0].action.args == {"image": "busybox:latest", "command": ["true"]}


def test_load_refuses_a_broken_lesson_with_one_sentence(tmp_path: Path) -> None:
    _lesson(tmp_path, GOOD.replace('title.en = "A lesson"\n', ""))
    with pytest.raises(LessonError, match=r"title\.en: missing .*lessons validate"):
        load_lessons(tmp_path)


def test_cli_validate_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["lessons", "validate", str(shipped_root())]) == 0
    broken = tmp_path / "broken"
    shutil.copytree(shipped_root() / "manual-commit", broken / "manual-commit")
    (broken / "manual-commit" / "step-2.zh.md").unlink()
    manifest = broken / "manual-commit" / "lesson.toml"
    manifest.write_text(manifest.read_text().replace('op = "commit"', 'op = "comit"'))
    capsys.readouterr()
    assert run(["lessons", "validate", str(broken)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert "manual-commit/step-2.zh.md: missing: the zh text of step 2" in out
    assert any(line.startswith("manual-commit/lesson.toml: steps[3].action.op: unknown "
                               "operation 'comit'") for line in out)
    assert run(["lessons", "validate", str(tmp_path / "nowhere")]) == 1


def test_cli_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["lessons", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [item["section"] for item in listed][:2] == ["1.1", "1.2"]
    assert all(item["languages"] == ["en", "zh"] and item["title"]["zh"] for item in listed)


def test_cli_run_unknown_lesson_is_one_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["lessons", "run", "--lesson", "no-such-lesson"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("workbench lessons: No lesson 'no-such-lesson'")
    assert "Traceback" not in err


def test_ledger_records_by_kind_and_id(tmp_path: Path) -> None:
    ledger = WorkshopLedger(tmp_path / "state" / "workshop.json")
    assert ledger.entries() == []
    ledger.record("image", "sha256:a", "lesson:x", "unix:///e")
    ledger.record("tag", "sha256:a", "lesson:x", "unix:///e", ["x:1"])
    ledger.record("tag", "sha256:a", "lesson:x", "unix:///e", ["x:1"])  # once only
    ledger.record("container", "c1", "lesson:x", "unix:///other")
    assert [(e.kind, e.tags) for e in ledger.entries("unix:///e")] == [("image", ()),
                                                                      ("tag", ("x:1",))]
    ledger.forget([Entry("image", "sha256:a", "", "")])
    assert [e.kind for e in WorkshopLedger(ledger.file).entries()] == ["tag", "container"]
    ledger.file.write_text("{not json")
    assert ledger.entries() == []


def test_values_between_steps() -> None:
    values = {"registry": "localhost:5000"}
    assert substitute(["FROM $registry/a", "cost $$5"], values) == ["FROM localhost:5000/a",
                                                                     "cost $5"]
    assert substitute({"n": 3, "s": "${registry}x"}, values) == {"n": 3, "s": "localhost:5000x"}
    with pytest.raises(LessonError, match=r"needs \$container"):
        substitute("$container", values)
    with pytest.raises(LessonError, match=r"write \$\$"):
        substitute("echo $(id -u)", values)


def test_every_operation_is_documented_for_trainers() -> None:
    from workbench.core.lessons.catalogue import load_all

    docs = (Path(__file__).parents[2] / "docs" / "lessons.md").read_text(encoding="utf-8")
    action_part, _, rest = docs.partition("### Actions")[2].partition("### Checks")
    for part, operations in zip((action_part, rest), load_all(), strict=True):
        for name, operation in operations.items():
            row = next((line for line in part.splitlines()
                        if line.startswith(f"| `{name}` |")), None)
            assert row is not None, f"{name} has no row in docs/lessons.md"
            for argument in operation.required | operation.optional:
                assert f"`{argument}`" in row, f"{name}: {argument} is not in its docs row"
