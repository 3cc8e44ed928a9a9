"""The user's images are the user's: a workbench build is exactly ``docker build``'s
image, and ``workbench cleanup`` removes only throwaways that are both in the ledger and
labelled, never an image the user built or derived from one of them."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from workbench.core.engine import cleanup, throwaway
from workbench.core.engine.build import BuildRequest, run_build, throwaway_tag
from workbench.core.labels import LABEL, PURPOSE_LABEL, labels
from workbench.core.ledger import Ledger

pytestmark = pytest.mark.engine
ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str, stdin: Any = subprocess.DEVNULL) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True,
                          text=True, timeout=300, cwd=ROOT, stdin=stdin,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.fixture(autouse=True)
def _own_ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A ledger of this test's own: other tests' throwaways are not this test's business."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


@pytest.fixture
def removed_after(docker_client: Any) -> Iterator[list[str]]:
    """Images and containers (by id or tag) the test made, removed newest first."""
    made: list[str] = []
    yield made
    for name in reversed(made):
        with contextlib.suppress(Exception):
            docker_client.api.remove_container(name, force=True)
        with contextlib.suppress(Exception):
            docker_client.api.remove_image(name, force=True)


def _history(client: Any, image: str) -> list[tuple[str, int]]:
    return [(h["CreatedBy"], h["Size"]) for h in client.api.history(image)]


def test_workbench_build_is_the_image_docker_build_makes(
        docker_client: Any, tmp_path: Path, removed_after: list[str]) -> None:
    token = uuid.uuid4().hex
    (tmp_path / "Dockerfile").write_text(
        f"FROM busybox:latest\nRUN echo {token} > /token\nENV MODE=plain\n"
        'LABEL owner=me\nCMD ["cat", "/token"]\n')
    plain, ours = f"workbench-test-{token[:10]}:plain", f"workbench-test-{token[:10]}:ours"
    removed_after.extend([plain, ours])
    docker_client.images.build(path=str(tmp_path), tag=plain, rm=True, forcerm=True)
    built = _cli("build", str(tmp_path), "-t", ours, "--no-summary", "-q")
    assert built.returncode == 0, built.stderr

    a, b = docker_client.api.inspect_image(plain), docker_client.api.inspect_image(ours)
    assert b["Config"]["Labels"] == a["Config"]["Labels"]
    assert b["Config"]["Labels"]["owner"] == "me" and PURPOSE_LABEL not in b["Config"]["Labels"]
    assert _history(docker_client, ours) == _history(docker_client, plain)
    assert len(_history(docker_client, ours)) == len(_history(docker_client, "busybox")) + 4
    # Same config, same layers: the engine's cache gives the very same image.
    assert b["Id"] == a["Id"]


def _throwaway(client: Any, tmp_path: Path, made: list[str]) -> tuple[str, str]:
    tag = throwaway_tag()
    made.append(tag)
    request = BuildRequest(tmp_path, dockerfile_text="FROM busybox:latest\n"
                           f"RUN echo {uuid.uuid4().hex} > /measured\n", tag=tag,
                           purpose="size-variant")
    finished = run_build(client, request, lambda _event: None)
    return tag, finished.image_id


def test_cleanup_keeps_user_images_and_images_derived_from_a_throwaway(
        docker_client: Any, tmp_path: Path, removed_after: list[str]) -> None:
    tag, image_id = _throwaway(docker_client, tmp_path, removed_after)
    recorded = Ledger().entries()
    # The images of the RUN step and of the first label steps, recorded as the build
    # went, then the final image (the last label step's), which carries the labels.
    assert [e.kind for e in recorded[:-1]] == ["build-step"] * (len(recorded) - 1)
    assert (recorded[-1].kind, recorded[-1].id) == ("image", image_id)
    steps = [e.id for e in recorded[:-1]]
    chain = [docker_client.api.inspect_image(i)["Parent"] for i in [*steps[1:], image_id]]
    assert chain == steps  # each one built on the one before
    assert docker_client.api.inspect_image(tag)["Config"]["Labels"][PURPOSE_LABEL] == \
        "size-variant"

    user_ctx, derived_ctx = tmp_path / "user", tmp_path / "derived"
    user_ctx.mkdir()
    derived_ctx.mkdir()
    (user_ctx / "Dockerfile").write_text(f"FROM busybox:latest\nRUN echo {uuid.uuid4()} > /u\n")
    user = f"workbench-test-{uuid.uuid4().hex[:10]}:user"
    removed_after.append(user)
    assert _cli("build", str(user_ctx), "-t", user, "--no-summary", "-q").returncode == 0
    # Outside the workbench, a plain build FROM the throwaway: it inherits the label.
    (derived_ctx / "Dockerfile").write_text(f"FROM {tag}\nRUN echo derived > /d\n")
    derived = f"workbench-test-{uuid.uuid4().hex[:10]}:derived"
    removed_after.insert(0, derived)  # removed last: it must outlive the throwaway
    docker_client.images.build(path=str(derived_ctx), tag=derived, rm=True, forcerm=True)
    assert docker_client.api.inspect_image(derived)["Config"]["Labels"][LABEL] == "true"

    listed = _cli("cleanup", "--dry-run", "--json")
    assert listed.returncode == 0, listed.stderr
    doc = json.loads(listed.stdout)
    assert doc["remove"] == []
    children = [*steps[1:], image_id]
    assert [(k["id"], k["reason"]) for k in doc["kept"]] == [
        *((step, f"image {child[7:19]} was built from it")
          for step, child in zip(steps, children, strict=True)),
        (image_id, f"image {docker_client.api.inspect_image(derived)['Id'][7:19]} was "
                   "built from it")]

    done = _cli("cleanup", "--yes")
    assert done.returncode == 0, done.stderr
    for name in (tag, user, derived):
        docker_client.api.inspect_image(name)  # all three survive

    docker_client.api.remove_image(derived)
    refused = _cli("cleanup")  # no terminal and no --yes: lists, removes nothing
    assert refused.returncode == 1 and "pass --yes" in refused.stderr
    assert f"image {tag}" in refused.stdout
    docker_client.api.inspect_image(tag)

    done = _cli("cleanup", "--yes")
    assert done.returncode == 0, done.stderr
    assert f"Removed {len(recorded)} of {len(recorded)}." in done.stdout
    for gone in (image_id, *steps):
        with pytest.raises(Exception, match="No such image"):
            docker_client.api.inspect_image(gone)
    docker_client.api.inspect_image(user)
    assert Ledger().entries() == []


def test_cleanup_needs_both_the_ledger_and_the_label(docker_client: Any,
                                                     removed_after: list[str]) -> None:
    recorded = docker_client.api.create_container("busybox:latest", ["true"],
                                                  labels=labels("harden"))["Id"]
    unrecorded = docker_client.api.create_container("busybox:latest", ["true"],
                                                    labels=labels("harden"))["Id"]
    unlabelled = docker_client.api.create_container("busybox:latest", ["true"])["Id"]
    removed_after.extend([recorded, unrecorded, unlabelled])
    throwaway.record(docker_client, "container", recorded, "harden")
    throwaway.record(docker_client, "container", unlabelled, "harden")
    busybox = docker_client.api.inspect_image("busybox:latest")["Id"]
    throwaway.record(docker_client, "image", busybox, "harden")  # a ledger gone wrong

    todo = cleanup.plan(docker_client)
    assert [c.entry.id for c in todo.remove] == [recorded]
    assert {c.entry.id: why for c, why in todo.kept} == {
        unlabelled: "it no longer carries the workbench label",
        busybox: "it no longer carries the workbench label"}
    result = cleanup.execute(docker_client, todo)
    assert result.failed == [] and [c.entry.id for c in result.removed] == [recorded]
    remaining = {c["Id"] for c in docker_client.api.containers(all=True)}
    assert recorded not in remaining and {unrecorded, unlabelled} <= remaining
    docker_client.api.inspect_image("busybox:latest")
    Ledger().forget([unlabelled, busybox])


def _on_a_terminal(answer: bytes) -> tuple[int, str]:
    """``workbench cleanup`` with a terminal for stdin and stdout, answering ``answer``."""
    import pty

    master, slave = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "workbench", "cleanup"], cwd=ROOT,
                               stdin=slave, stdout=slave, stderr=slave,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    os.close(slave)
    os.write(master, answer)
    out = b""
    with contextlib.suppress(OSError):  # EIO once the command has closed its end
        while chunk := os.read(master, 4096):
            out += chunk
    os.close(master)
    return process.wait(60), out.decode("utf-8", "replace").replace("\r", "")


def test_cleanup_asks_on_a_terminal_and_no_keeps_everything(
        docker_client: Any, removed_after: list[str]) -> None:
    container = docker_client.api.create_container("busybox:latest", ["true"],
                                                   labels=labels("harden"))["Id"]
    removed_after.append(container)
    throwaway.record(docker_client, "container", container, "harden")
    name = docker_client.api.inspect_container(container)["Name"].lstrip("/")

    code, out = _on_a_terminal(b"n\n")
    assert code == 1 and f"container {name} (harden)" in out and "[y/N]" in out
    assert "Nothing removed." in out
    docker_client.api.inspect_container(container)

    code, out = _on_a_terminal(b"y\n")
    assert code == 0 and "Removed 1 of 1." in out
    with pytest.raises(Exception, match="No such container"):
        docker_client.api.inspect_container(container)


def test_a_throwaway_build_killed_half_way_leaves_records_cleanup_follows(
        docker_client: Any, tmp_path: Path, removed_after: list[str]) -> None:
    """The process building a throwaway is killed while a step runs: the images of the
    steps done are in the ledger (they never get the label, the build's last step) and
    cleanup removes them, not the user's image built on the same steps."""
    import signal
    import time

    token = uuid.uuid4().hex
    steps = f"FROM busybox:latest\nRUN echo {token} > /one\nRUN echo two > /two\n"
    (tmp_path / "Dockerfile").write_text(steps + "RUN sleep 60\n")
    script = (
        "import docker, sys\n"
        "from pathlib import Path\n"
        "from workbench.core.engine.build import BuildRequest, run_build, throwaway_tag\n"
        f"request = BuildRequest(Path({str(tmp_path)!r}), tag=throwaway_tag(),\n"
        "                       purpose='size-variant')\n"
        "run_build(docker.from_env(), request, lambda _event: None)\n")
    child = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT,
                             env={**os.environ, "PYTHONPATH": str(ROOT)},
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while len([e for e in Ledger().entries() if e.kind == "build-step"]) < 2:
            assert child.poll() is None, child.stderr.read()  # type: ignore[union-attr]
            assert time.monotonic() < deadline, "the two steps never finished"
            time.sleep(0.2)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    made = [e.id for e in Ledger().entries()]
    removed_after.extend(made)
    assert len(made) == 2 and all(
        PURPOSE_LABEL not in (docker_client.api.inspect_image(i)["Config"]["Labels"] or {})
        for i in made)
    # The user builds the same first steps in the meantime: the cache gives the same
    # step images, now the parents of the user's image.
    user_ctx = tmp_path / "user"
    user_ctx.mkdir()
    (user_ctx / "Dockerfile").write_text(f"FROM busybox:latest\nRUN echo {token} > /one\n"
                                         "CMD [\"cat\", \"/one\"]\n")
    user = f"workbench-test-{token[:10]}:user"
    removed_after.insert(0, user)
    docker_client.images.build(path=str(user_ctx), tag=user, rm=True, forcerm=True)

    todo = cleanup.plan(docker_client)
    user_parent = docker_client.api.inspect_image(user)["Parent"]
    assert user_parent == made[0]
    assert [c.entry.id for c in todo.remove] == [made[1]]
    assert {c.entry.id for c, _why in todo.kept} == {made[0]}
    result = cleanup.execute(docker_client, todo)
    assert result.failed == []
    with pytest.raises(Exception, match="No such image"):
        docker_client.api.inspect_image(made[1])
    docker_client.api.inspect_image(user)  # the user's image and its parents stay
    docker_client.api.inspect_image(made[0])
    Ledger().forget([made[0]])
