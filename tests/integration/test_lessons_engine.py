"""Every shipped lesson runs on the real engine and passes; reset then leaves the engine
as it was, removing exactly what the ledger recorded and nothing of anyone else's."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from workbench.cli.main import run
from workbench.core.labels import PURPOSE_LABEL
from workbench.core.lessons.ledger import Entry, WorkshopLedger
from workbench.core.lessons.manifest import load_lessons, read_folder, shipped_root
from workbench.core.lessons.reset import ResetReport, reset
from workbench.core.lessons.runner import StepResult, run_lesson
from workbench.core.lessons.workshop import Workshop

pytestmark = [pytest.mark.engine, pytest.mark.registry]
LESSONS = load_lessons(shipped_root())


@dataclass
class Snapshot:
    images: set[str]
    containers: set[str]
    volumes: set[str]
    tags: dict[str, str]  # every tag -> image id


def _snapshot(client: Any) -> Snapshot:
    images = client.api.images(all=True)
    volumes = (client.api.volumes() or {}).get("Volumes") or []
    return Snapshot({i["Id"] for i in images},
                    {c["Id"] for c in client.api.containers(all=True)},
                    {v["Name"] for v in volumes},
                    {t: i["Id"] for i in images for t in i.get("RepoTags") or []
                     if t != "<none>:<none>"})


@dataclass
class WorkshopRun:
    results: dict[str, list[StepResult]]
    recorded: list[Entry]
    report: ResetReport
    before: Snapshot
    after: Snapshot


@pytest.fixture(scope="module")
def workshop_run(docker_client: Any, module_registry: str,
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorkshopRun]:
    ledger = WorkshopLedger(tmp_path_factory.mktemp("state") / "workshop.json")
    before = _snapshot(docker_client)
    workshop = Workshop(docker_client, ledger, module_registry)
    try:
        results = {lesson.id: run_lesson(workshop, lesson) for lesson in LESSONS}
    finally:
        workshop.close()
        recorded = ledger.entries()
        report = reset(docker_client, ledger)
    yield WorkshopRun(results, recorded, report, before, _snapshot(docker_client))


@pytest.mark.parametrize("lesson_id", [lesson.id for lesson in LESSONS])
def test_every_step_of_the_lesson_passes(workshop_run: WorkshopRun, lesson_id: str) -> None:
    lesson = next(x for x in LESSONS if x.id == lesson_id)
    results = workshop_run.results[lesson_id]
    failed = [f"step {r.step}: {r.verdict.message} {r.action}" for r in results if not r.passed]
    assert failed == []
    assert len(results) == len(lesson.steps)


def test_the_overlay_lesson_says_whether_it_mounted(workshop_run: WorkshopRun) -> None:
    first = workshop_run.results["overlay-demo"][0]
    assert "mode: real" in first.action or "mode: simulated (simulated because" in first.action


def test_reset_leaves_the_engine_as_before(workshop_run: WorkshopRun,
                                          docker_client: Any) -> None:
    before, after = workshop_run.before, workshop_run.after
    made = {e.id for e in workshop_run.recorded if e.kind in ("image", "container")}
    assert len(made) > 20  # the run did make things: this is not a vacuous comparison
    assert workshop_run.report.kept == []
    # Nothing recorded existed before, and nothing recorded is left.
    assert made.isdisjoint(before.images | before.containers)
    assert made.isdisjoint(after.images | after.containers)
    # Other sessions may build and remove on the same engine meanwhile: whatever differs
    # between the two lists is none of the workshop's doing.
    changed = (before.images ^ after.images) | (before.containers ^ after.containers)
    assert changed.isdisjoint(made)
    for image_id in after.images - before.images:
        labels = (docker_client.api.inspect_image(image_id).get("Config") or {}).get("Labels")
        assert (labels or {}).get(PURPOSE_LABEL) != "lesson"
    assert after.volumes == before.volumes
    # The images the lessons build on keep their names; no lesson name is left.
    for tag in ("busybox:latest", "debian:bookworm"):
        assert after.tags[tag] == before.tags[tag]
    lesson_names = ("busybox:manual", "busybox:autobuild", "workshop-", "layer:")
    assert [t for t in after.tags if t.startswith(lesson_names) and t not in before.tags] == []


def _write_lesson(root: Path, name: str, steps: str, count: int) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "lesson.toml").write_text(
        f'section = "1.1"\ntitle.en = "T"\ntitle.zh = "题"\n{steps}', encoding="utf-8")
    for number in range(1, count + 1):
        (folder / f"step-{number}.en.md").write_text(f"# Step {number}\n")
        (folder / f"step-{number}.zh.md").write_text(f"# 第 {number} 步\n")
    return folder


def test_a_lesson_never_moves_someone_elses_tag(docker_client: Any, build_image: Any,
                                               tmp_path: Path) -> None:
    theirs = build_image("FROM busybox:latest\nRUN touch /theirs\n")
    before = docker_client.api.inspect_image(theirs)["Id"]
    folder = _write_lesson(tmp_path, "moves-a-tag", f'''
[[steps]]
action = {{ op = "build", tag = "{theirs}", dockerfile = """
FROM busybox:latest
RUN touch /mine
""" }}
check = {{ op = "image_exists", image = "{theirs}" }}
reveal = ["docker build -t {theirs} ."]
''', 1)
    lesson, problems = read_folder(folder)
    assert lesson is not None, problems
    ledger = WorkshopLedger(tmp_path / "workshop.json")
    workshop = Workshop(docker_client, ledger)
    [result] = run_lesson(workshop, lesson)
    assert not result.passed
    assert "already names an image the workshop did not make" in result.verdict.message
    assert docker_client.api.inspect_image(theirs)["Id"] == before
    assert reset(docker_client, ledger).removed == []


def test_reset_keeps_an_image_built_on_a_lesson_image(docker_client: Any, build_image: Any,
                                                      tmp_path: Path) -> None:
    base = f"workbench-test-lesson-{uuid.uuid4().hex[:8]}:base"
    folder = _write_lesson(tmp_path, "makes-a-base", f'''
[[steps]]
action = {{ op = "build", tag = "{base}", dockerfile = """
FROM busybox:latest
RUN echo {base} > /base
""" }}
check = {{ op = "image_has_file", image = "{base}", path = "/base" }}
reveal = ["docker build -t {base} ."]
''', 1)
    lesson, problems = read_folder(folder)
    assert lesson is not None, problems
    ledger = WorkshopLedger(tmp_path / "workshop.json")
    [result] = run_lesson(Workshop(docker_client, ledger), lesson)
    assert result.passed, result.verdict.message
    base_id = docker_client.api.inspect_image(base)["Id"]
    # The trainee's own image, built FROM the lesson's, inherits every label it has.
    child = build_image(f"FROM {base}\nRUN touch /child\n")
    try:
        labels = docker_client.api.inspect_image(child)["Config"]["Labels"]
        assert labels[PURPOSE_LABEL] == "lesson"
        first = reset(docker_client, ledger)
        assert docker_client.api.inspect_image(child)["Id"]  # untouched
        assert any(line.startswith(f"image {base_id[7:19]}") for line in first.kept)
        assert f"tag {base}" in first.removed
    finally:
        docker_client.api.remove_image(child)  # `docker rmi`: prunes the untagged base too
    second = reset(docker_client, ledger)
    assert second.kept == []
    assert base_id not in {i["Id"] for i in docker_client.api.images(all=True)}
    assert ledger.entries() == []


def test_cli_run_and_reset(docker_client: Any, registry: str, tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    before = _snapshot(docker_client)
    assert run(["lessons", "run", "--lesson", "dockerfile-build", "--lang", "zh",
                "--registry", registry]) == 0
    out = capsys.readouterr().out
    assert "PASS  dockerfile-build 1/2  把步骤写成 Dockerfile" in out
    assert "2 of 2 steps passed in 1 lesson." in out
    assert run(["lessons", "reset"]) == 0
    assert "Removed" in capsys.readouterr().out
    after = _snapshot(docker_client)
    assert after.tags.get("busybox:autobuild") == before.tags.get("busybox:autobuild")


DIVE = Path(sys.executable).parent / "dive"


def test_the_review_lesson_agrees_with_dive(docker_client: Any, tmp_path: Path) -> None:
    """The review lesson's verdicts are the real dive's, with the article's .dive-ci."""
    lesson = next(x for x in LESSONS if x.id == "review")
    ledger = WorkshopLedger(tmp_path / "workshop.json")
    workshop = Workshop(docker_client, ledger)
    try:
        results = run_lesson(workshop, lesson)
        assert all(r.passed for r in results), [r.verdict.message for r in results]
        rules = lesson.steps[1].action.args["rules"]
        config = tmp_path / ".dive-ci"
        config.write_text("rules:\n" + "".join(f"  {k}: {v}\n" for k, v in rules.items()))
        env = {**os.environ, "CI": "true"}
        for step in (lesson.steps[1], lesson.steps[3]):
            image = step.action.args["image"]
            proc = subprocess.run([str(DIVE), "--ci-config", str(config), image], env=env,
                                  capture_output=True, text=True, timeout=300)
            text = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout + proc.stderr)
            verdict = "fail" if "Result:FAIL" in text else "pass" if "Result:PASS" in text \
                else text
            assert verdict == step.check.args["equals"], (image, text)
    finally:
        workshop.close()
        assert reset(docker_client, ledger).kept == []


def test_cli_run_exits_1_when_a_check_fails(docker_client: Any, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    tag = f"workbench-test-lesson-{uuid.uuid4().hex[:8]}:latest"
    _write_lesson(tmp_path / "mine", "wrong-path", f'''
[[steps]]
action = {{ op = "build", tag = "{tag}", dockerfile = """
FROM busybox:latest
RUN touch /made
""" }}
check = {{ op = "image_has_file", image = "{tag}", path = "/not-made" }}
reveal = ["docker build -t {tag} ."]
''', 1)
    try:
        assert run(["lessons", "run", str(tmp_path / "mine")]) == 1
        out = capsys.readouterr().out
        assert f"FAIL  wrong-path 1/1  Step 1: /not-made is not in {tag}." in out
        assert "0 of 1 steps passed in 1 lesson." in out
    finally:
        assert run(["lessons", "reset"]) == 0
    assert not docker_client.api.images(name=tag)
