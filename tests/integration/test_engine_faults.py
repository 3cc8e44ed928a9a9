"""Faults with real components the test owns: a private dockerd killed mid-build, a
private registry stopped mid-push, a daemon without --experimental asked to squash, and
``workbench cleanup`` run against an engine nobody else uses. The shared engine and
registry are never stopped."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.integration.private_engine import PrivateEngine
from workbench.core.engine import registry as reg
from workbench.core.engine.build import BuildRequest, run_build
from workbench.core.engine.connection import connect
from workbench.core.engine.events import StepOutput
from workbench.core.errors import (
    CancelledError,
    EngineOperationError,
    EngineUnavailableError,
)
from workbench.core.progress import CancelToken, ProgressEvent

pytestmark = pytest.mark.engine
ROOT = Path(__file__).resolve().parents[2]


def test_engine_killed_mid_build(private_engine: PrivateEngine, tmp_path: Path) -> None:
    ctx = tmp_path / "ctx"
    ctx.mkdir()
    dockerfile = "FROM busybox:latest\nRUN echo running && sleep 60\n"
    (ctx / "Dockerfile").write_text(dockerfile)

    def on_event(event: Any) -> None:
        if isinstance(event, StepOutput) and event.text == "running":
            private_engine.process.kill()  # the engine dies, as in a crash

    started = time.monotonic()
    with connect(private_engine.url) as engine, pytest.raises(EngineUnavailableError) as err:
        run_build(engine.client, BuildRequest(ctx), on_event)
    assert str(err.value) == (f"No Docker engine at {private_engine.url}: start Docker or "
                              "pick another endpoint.")
    assert time.monotonic() - started < 30
    assert (ctx / "Dockerfile").read_text() == dockerfile  # the user's files untouched
    assert sorted(p.name for p in ctx.iterdir()) == ["Dockerfile"]
    # Any later call is the same sentence, quickly, not a hang.
    started = time.monotonic()
    with pytest.raises(EngineUnavailableError):
        connect(private_engine.url, timeout=3)
    assert time.monotonic() - started < 10


def test_squash_needs_experimental(private_engine: PrivateEngine, tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM busybox:latest\nRUN true\n")
    with connect(private_engine.url) as engine:
        assert engine.info.experimental is False
        with pytest.raises(EngineOperationError, match="Squash needs a daemon started with "
                                                       "--experimental"):
            run_build(engine.client, BuildRequest(tmp_path, squash=True), lambda e: None)
        # Nothing was built.
        assert [i.tags for i in engine.client.images.list()] == [["busybox:latest"]]


def test_cli_cleanup_removes_what_the_workbench_made(private_engine: PrivateEngine,
                                                     tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DOCKER_HOST": private_engine.url}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True,
                              text=True, timeout=120, cwd=ROOT, env=env,
                              stdin=subprocess.DEVNULL)

    (tmp_path / "Dockerfile").write_text("FROM busybox:latest\nRUN echo x > /x\n")
    # The user's own: a build, a container and a commit of it.
    assert cli("build", str(tmp_path), "-t", "made:1", "--no-summary").returncode == 0
    assert cli("containers", "run", "--name", "manual", "made:1", "--", "true").returncode == 0
    assert cli("containers", "commit", "manual", "made:2").returncode == 0
    # The workbench's own: a size variant kept after measuring.
    kept = cli("sizes", "--dockerfile", str(tmp_path / "Dockerfile"), "--base",
               "busybox:latest", "--only", "--no-pull", "--keep")
    assert kept.returncode == 0, kept.stderr
    variant = next(w for w in kept.stdout.split() if w.startswith("workbench-measure-"))
    client = private_engine.client
    client.containers.create("busybox:latest", ["true"], name="not-ours")
    done = cli("cleanup", "--yes")
    assert done.returncode == 0, done.stderr
    # The variant and the image of its first label step (the build's labels are steps).
    assert f"image {variant} (size-variant)" in done.stdout and "Removed 2 of 2." in done.stdout
    assert "(size-variant, a build step)" in done.stdout
    assert {c.name for c in client.containers.list(all=True)} == {"not-ours", "manual"}
    assert sorted(t for i in client.images.list() for t in i.tags) == [
        "busybox:latest", "made:1", "made:2"]
    again = cli("cleanup", "--yes")
    assert "Nothing to remove" in again.stdout


def test_cancel_push_is_prompt(docker_client: Any, private_registry: tuple[str, Any],
                               big_image: str, unique_tag: str) -> None:
    address, _process = private_registry
    remote = f"{address}/{unique_tag}:v1"
    docker_client.api.tag(big_image, f"{address}/{unique_tag}", "v1")
    cancel = CancelToken()

    def on_progress(event: ProgressEvent) -> None:
        if event.unit == "bytes" and event.done:
            cancel.cancel()

    try:
        started = time.monotonic()
        with pytest.raises(CancelledError, match=r"Push of .* cancelled"):
            reg.push(docker_client, remote, on_progress, cancel)
        assert time.monotonic() - started < 30
        # The shared client still works after its stream was cut.
        assert docker_client.ping()
    finally:
        with contextlib.suppress(Exception):
            docker_client.api.remove_image(remote)
