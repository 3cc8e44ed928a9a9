"""Overlay views on the real engine: a running container's dirs, and a built image's stack."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.core.labels import labels
from workbench.core.model import Kind
from workbench.core.overlay.container import container_view, list_containers

pytestmark = pytest.mark.engine
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def busybox_container(docker_client, unique_tag):  # type: ignore[no-untyped-def]
    container = docker_client.containers.run(
        "busybox:latest", ["sleep", "300"], detach=True, name=unique_tag,
        labels=labels("overlay-test"), network_mode="none")
    try:
        yield container
    finally:
        with contextlib.suppress(Exception):
            container.remove(force=True)


def test_exec_edits_show_up_in_the_containers_upper_dir(  # type: ignore[no-untyped-def]
        docker_client, busybox_container) -> None:
    before = container_view(docker_client, busybox_container.id, with_lowers=False)
    assert before.from_host, before.note
    assert not [e for e in before.upper if e.kind is Kind.WHITEOUT]
    result = busybox_container.exec_run(["sh", "-c", "rm /bin/ls && echo hi > /newfile"])
    assert result.exit_code == 0
    view = container_view(docker_client, busybox_container.id)
    upper = {e.path: e for e in view.upper}
    assert upper["bin/ls"].kind is Kind.WHITEOUT and upper["bin/ls"].rdev == "0/0"
    assert upper["newfile"].kind is Kind.FILE and upper["newfile"].size == 3
    assert ("D", "/bin/ls") in view.changes and ("A", "/newfile") in view.changes
    assert view.driver == "overlay2" and len(view.lower_dirs) == len(view.lowers) >= 2
    assert view.lower_names[0].endswith("-init")  # the engine's init layer is on top
    merged = {e.path: e for e in view.merged}
    assert "bin/ls" not in merged and merged["newfile"].origin == "upper"
    assert merged["bin/busybox"].origin not in ("", "upper")
    assert (busybox_container.id, busybox_container.name) in [
        row[:2] for row in list_containers(docker_client)]


def test_cli_container_view_names_the_graph_driver_dirs(  # type: ignore[no-untyped-def]
        docker_host, busybox_container) -> None:
    busybox_container.exec_run(["sh", "-c", "rm /bin/cat"])
    proc = subprocess.run(
        [sys.executable, "-m", "workbench", "overlay", "container", busybox_container.id,
         "--no-lowers", "--endpoint", docker_host], cwd=ROOT, text=True,
        capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "UpperDir:" in proc.stdout and "D /bin/cat" in proc.stdout
    assert "whiteout 0000 0:0 bin/cat whiteout (char 0/0)" in proc.stdout


def test_image_stack_of_a_built_image(build_image) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("workbench.core.image.open")
    from workbench.core.overlay.image_stack import open_stack_view

    tag = build_image(
        "FROM busybox:latest\n"
        "RUN mkdir -p /data/old && touch /data/old/a /newfile\n"
        "RUN rm /newfile /bin/ls && rm -r /data && mkdir /data && touch /data/b\n")
    top = open_stack_view(tag, -1)
    assert top.layer == top.layer_count - 1 and len(top.lowers) == top.layer_count - 1
    upper = {e.path for e in top.upper}
    assert {"bin/.wh.ls", ".wh.newfile", "data/.wh..wh..opq", "data/b"} <= upper
    merged = {e.path: e for e in top.merged}
    assert "newfile" not in merged and "data/old" not in merged and "bin/ls" not in merged
    assert merged["data/b"].origin == f"layer {top.layer}"
    below = open_stack_view(tag, top.layer - 1)
    assert "newfile" in {e.path for e in below.merged}
    assert {"data/old/a"} <= {e.path for e in below.merged}
