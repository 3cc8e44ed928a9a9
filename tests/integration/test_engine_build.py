"""Builds on the real engine: step events mapped to Dockerfile lines, cache hits, build
args, targets, failures with their line, cancel, squash, and the CLI's progress lines."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from workbench.core.dockerfile.parser import parse
from workbench.core.engine.build import BuildRequest, remove_built, run_build, throwaway_tag
from workbench.core.engine.context import check_context
from workbench.core.engine.events import (
    BuildFailed,
    BuildFinished,
    StepCached,
    StepFinished,
    StepOutput,
    StepStarted,
)
from workbench.core.errors import CancelledError, EngineOperationError
from workbench.core.labels import LABEL, PURPOSE_LABEL
from workbench.core.progress import CancelToken

pytestmark = pytest.mark.engine
ROOT = Path(__file__).resolve().parents[2]

MULTI = """\
ARG BASE=busybox:latest
ARG GREETING
FROM ${BASE} AS one
ARG GREETING=hi
RUN echo "$GREETING" > /greeting && \\
    echo done
COPY a.txt /a.txt
FROM busybox:latest AS two
COPY --from=one /greeting /g
RUN cat /g
CMD ["sh"]
"""


@pytest.fixture
def images(docker_client: Any) -> Any:
    """Every image a test's builds made (intermediate stages and the unsquashed chain
    included), removed newest first; base images are never touched."""
    made: list[str] = []
    yield made
    bases = {docker_client.api.inspect_image(b)["Id"] for b in ("busybox:latest",)}
    for image in reversed(list(dict.fromkeys(made))):
        if image and image not in bases:
            with contextlib.suppress(Exception):
                docker_client.api.remove_image(image, force=True)


def _created(events: list[Any]) -> list[str]:
    """Image ids of the steps that made one (FROM steps only name their base)."""
    from_steps = {e.step for e in events if isinstance(e, StepStarted)
                  and e.instruction.upper().startswith("FROM")}
    return [e.image_id for e in events if isinstance(e, StepFinished)
            and e.step not in from_steps]


def _ctx(tmp_path: Path, dockerfile: str, files: dict[str, str] | None = None) -> Path:
    ctx = tmp_path / "ctx"
    ctx.mkdir(exist_ok=True)
    (ctx / "Dockerfile").write_text(dockerfile)
    for name, text in (files or {}).items():
        (ctx / name).write_text(text)
    return ctx


def _build(client: Any, request: BuildRequest, images: list[str],
           cancel: CancelToken | None = None) -> tuple[list[Any], Any]:
    events: list[Any] = []
    try:
        result = run_build(client, request, events.append, cancel)
    finally:
        images.extend(_created(events))
        images.extend(e.image_id for e in events if isinstance(e, BuildFinished))
    return events, result


def test_steps_map_to_lines_and_count_like_the_parser(docker_client: Any, tmp_path: Path,
                                                      images: list[str],
                                                      unique_tag: str) -> None:
    ctx = _ctx(tmp_path, MULTI, {"a.txt": "abc\n"})
    request = BuildRequest(ctx, tag=f"{unique_tag}:one", target="one",
                           build_args={"GREETING": "hello"})
    events, result = _build(docker_client, request, images)
    started = [e for e in events if isinstance(e, StepStarted)]
    steps = parse(MULTI).build_steps("one")
    # The user's build: no LABEL step added, exactly the Dockerfile's steps.
    assert len(started) == len(steps)
    assert {e.total for e in started} == {len(steps)}
    for event, instruction in zip(started, steps, strict=False):
        assert event.instruction.split()[0].upper() == instruction.keyword
        assert (event.line_start, event.line_end) == (instruction.line_start,
                                                      instruction.line_end)
    run_step = next(e for e in started if e.instruction.startswith("RUN"))
    assert (run_step.line_start, run_step.line_end) == (5, 6)
    copy = next(e for e in events if isinstance(e, StepFinished)
                and started[e.step - 1].instruction.startswith("COPY"))
    assert copy.layer_size == 4 and copy.image_id.startswith("sha256:")
    assert any(isinstance(e, StepOutput) and e.text == "done" for e in events)
    assert isinstance(events[-1], BuildFinished) and result.tags == [f"{unique_tag}:one"]
    attrs = docker_client.api.inspect_image(result.image_id)
    labels = attrs["Config"]["Labels"] or {}
    assert LABEL not in labels and PURPOSE_LABEL not in labels
    greeting = docker_client.containers.run(result.image_id, ["cat", "/greeting"],
                                            remove=True, network_mode="none")
    assert greeting == b"hello\n"

    # The same build again is all cache hits, and reports them.
    again, result2 = _build(docker_client, request, images)
    cached = {e.step for e in again if isinstance(e, StepCached)}
    runnable = {e.step for e in again if isinstance(e, StepStarted)
                and not e.instruction.startswith(("FROM", "ARG BASE", "ARG GREETING"))}
    assert runnable <= cached
    assert result2.image_id == result.image_id


def test_whole_multi_stage_build_counts_every_stage(docker_client: Any, tmp_path: Path,
                                                    images: list[str]) -> None:
    ctx = _ctx(tmp_path, MULTI, {"a.txt": "abc\n"})
    events, result = _build(docker_client, BuildRequest(ctx), images)
    started = [e for e in events if isinstance(e, StepStarted)]
    assert len(started) == len(parse(MULTI).build_steps())
    assert [e.stage for e in started if e.instruction.startswith("FROM")] == [0, 1]
    assert docker_client.api.inspect_image(result.image_id)["Config"]["Cmd"] == ["sh"]


def test_failed_step_reports_its_line_and_leaves_no_container(
        docker_client: Any, tmp_path: Path, images: list[str]) -> None:
    ctx = _ctx(tmp_path, "FROM busybox:latest\nRUN echo ok\nRUN echo broken && \\\n"
                         "    exit 3\nCMD [\"sh\"]\n")
    before = {c["Id"] for c in docker_client.api.containers(all=True)}
    events: list[Any] = []
    with pytest.raises(EngineOperationError, match=r"Step 3 \(lines 3-4\) failed: .*code: 3"):
        try:
            run_build(docker_client, BuildRequest(ctx, no_cache=True), events.append)
        finally:
            images.extend(_created(events))
    failed = [e for e in events if isinstance(e, BuildFailed)]
    assert len(failed) == 1 and (failed[0].line_start, failed[0].line_end) == (3, 4)
    assert any(isinstance(e, StepOutput) and e.text == "broken" for e in events)
    after = {c["Id"] for c in docker_client.api.containers(all=True)}
    assert not [c for c in after - before
                if docker_client.api.inspect_container(c)["Config"]["Cmd"][-1:] ==
                ["echo broken &&     exit 3"]]


def test_malformed_dockerfile_names_the_line(docker_client: Any, tmp_path: Path) -> None:
    ctx = _ctx(tmp_path, "FROM busybox:latest\nRUN true\nFOO bar\n")
    events: list[Any] = []
    with pytest.raises(EngineOperationError, match=r"invalid at line 3: .*unknown instruction"):
        run_build(docker_client, BuildRequest(ctx), events.append)
    assert [(e.step, e.line_start) for e in events if isinstance(e, BuildFailed)] == [(0, 3)]
    assert (ctx / "Dockerfile").read_text().endswith("FOO bar\n")


def test_missing_context_and_dockerfile(docker_client: Any, tmp_path: Path) -> None:
    with pytest.raises(Exception, match="does not exist: pass an existing directory"):
        run_build(docker_client, BuildRequest(tmp_path / "absent"), lambda e: None)
    (tmp_path / "empty").mkdir()
    with pytest.raises(EngineOperationError, match=r"No Dockerfile at .*create it"):
        run_build(docker_client, BuildRequest(tmp_path / "empty"), lambda e: None)


def test_dockerfile_outside_the_context(docker_client: Any, tmp_path: Path,
                                        images: list[str]) -> None:
    ctx = tmp_path / "ctx"
    ctx.mkdir()
    (ctx / "data.txt").write_text("data\n")
    outside = tmp_path / "build.Dockerfile"
    outside.write_text("FROM busybox:latest\nCOPY data.txt /data.txt\n")
    events, result = _build(docker_client, BuildRequest(ctx, dockerfile=str(outside)), images)
    steps = [e for e in events if isinstance(e, StepStarted)]
    assert steps[1].line_start == 2
    assert docker_client.containers.run(result.image_id, ["cat", "/data.txt"], remove=True,
                                        network_mode="none") == b"data\n"


def test_text_build_sends_the_report_with_the_extra_patterns(
        docker_client: Any, tmp_path: Path, images: list[str]) -> None:
    ctx = _ctx(tmp_path, "FROM busybox:latest\nRUN false\n",
               {"a.txt": "a\n", "secret.txt": "s\n", "notes.log": "n\n"})
    (ctx / ".dockerignore").write_text("*.log\n")
    text = "FROM busybox:latest\nCOPY . /ctx\n"
    request = BuildRequest(ctx, dockerfile_text=text, ignore=["secret.txt"],
                           tag=throwaway_tag(), purpose="advice-measure")
    events, built = _build(docker_client, request, images)
    starts = [e for e in events if isinstance(e, StepStarted)]
    assert (starts[1].line_start, starts[1].instruction) == (2, "COPY . /ctx")
    listing = docker_client.containers.run(built.image_id, ["ls", "-A", "/ctx"], remove=True,
                                           network_mode="none").decode().split()
    # The text's private name is dropped by the engine; the disk's Dockerfile is content.
    assert sorted(listing) == [".dockerignore", "Dockerfile", "a.txt"]
    report = check_context(ctx, extra_patterns=["secret.txt"])
    assert set(report.included) == {".dockerignore", "Dockerfile", "a.txt"}
    assert built.context_bytes > report.total_bytes
    labels = docker_client.api.inspect_image(built.image_id)["Config"]["Labels"]
    assert labels[PURPOSE_LABEL] == "advice-measure"
    remove_built(docker_client, built)
    for image in built.made:
        with pytest.raises(Exception, match="No such image"):
            docker_client.api.inspect_image(image)


def test_failed_build_keeps_the_cache_unless_measuring(docker_client: Any, tmp_path: Path,
                                                      images: list[str]) -> None:
    text = f"FROM busybox:latest\nRUN echo {tmp_path.name} > /x\nRUN exit 3\n"
    run_label = {"io.image-workbench.test-run": tmp_path.name}

    def steps_made(purpose: str, tag: str) -> list[str]:
        events: list[Any] = []
        request = BuildRequest(tmp_path, dockerfile_text=text, tag=tag, no_cache=True,
                               purpose=purpose, labels=run_label)
        with pytest.raises(EngineOperationError, match=r"Step 3 \(line 3\) failed"):
            try:
                run_build(docker_client, request, events.append)
            finally:
                images.extend(_created(events))
        with pytest.raises(Exception, match="No such image"):
            docker_client.api.inspect_image(tag)  # a failed build is never tagged
        return _created(events)

    kept = steps_made("build", f"workbench-test-{tmp_path.name}:kept")
    assert len(kept) == 1  # the user's build keeps the RUN that worked, as build cache
    assert docker_client.api.inspect_image(kept[0])["Id"] == kept[0]
    thrown = steps_made("size-variant", throwaway_tag())
    assert len(thrown) == 1 and thrown != kept
    with pytest.raises(Exception, match="No such image"):
        docker_client.api.inspect_image(thrown[0])


def test_cancel_stops_promptly_and_removes_the_container(docker_client: Any,
                                                         tmp_path: Path) -> None:
    ctx = _ctx(tmp_path, f"FROM busybox:latest\nRUN echo started-{tmp_path.name} && "
                         "sleep 60\n")
    cancel = CancelToken()
    seen: list[Any] = []

    def on_event(event: Any) -> None:
        seen.append(event)
        if isinstance(event, StepOutput) and event.text.startswith("started-"):
            threading.Timer(0.3, cancel.cancel).start()

    started = time.monotonic()
    with pytest.raises(CancelledError):
        run_build(docker_client, BuildRequest(ctx, no_cache=True), on_event, cancel)
    assert time.monotonic() - started < 15
    time.sleep(0.5)
    leftovers = [c for c in docker_client.api.containers(all=True)
                 if f"started-{tmp_path.name}" in c.get("Command", "")]
    assert leftovers == []


def test_squash_on_experimental_daemon(docker_client: Any, tmp_path: Path,
                                       images: list[str]) -> None:
    assert docker_client.version().get("Experimental"), "the test engine runs experimental"
    ctx = _ctx(tmp_path, "FROM busybox:latest\nRUN echo a > /a\nRUN echo b > /b && rm /a\n")
    _events, plain = _build(docker_client, BuildRequest(ctx, no_cache=True), images)
    _events, squashed = _build(docker_client, BuildRequest(ctx, no_cache=True, squash=True),
                               images)
    base = len(docker_client.api.inspect_image("busybox:latest")["RootFS"]["Layers"])
    plain_layers = docker_client.api.inspect_image(plain.image_id)["RootFS"]["Layers"]
    squashed_layers = docker_client.api.inspect_image(squashed.image_id)["RootFS"]["Layers"]
    assert len(plain_layers) == base + 2
    assert len(squashed_layers) == base + 1


def test_cli_build_prints_steps_and_layers(docker_client: Any, tmp_path: Path,
                                          unique_tag: str) -> None:
    ctx = _ctx(tmp_path, "FROM busybox:latest\nRUN echo hello > /hello.txt\n"
                         "ARG V\nRUN echo $V > /v.txt\n")
    tag = f"{unique_tag}:cli"
    try:
        done = subprocess.run(
            [sys.executable, "-m", "workbench", "build", str(ctx), "-t", tag,
             "--build-arg", "V=42"], capture_output=True, text=True, timeout=300,
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert done.returncode == 0, done.stderr
        out = done.stdout
        assert "Step 2/4 (line 2): RUN echo hello > /hello.txt" in out
        assert "Step 4/4 (line 4): RUN echo $V > /v.txt" in out
        assert f"tagged {tag}" in out
        assert "Layers" in out
        assert docker_client.containers.run(tag, ["cat", "/v.txt"], remove=True,
                                            network_mode="none") == b"42\n"
        bad = subprocess.run(
            [sys.executable, "-m", "workbench", "build", str(ctx), "--build-arg", "novalue"],
            capture_output=True, text=True, timeout=60, cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert bad.returncode == 2 and "KEY=VALUE" in bad.stderr
    finally:
        with contextlib.suppress(Exception):
            docker_client.images.remove(tag, force=True)
