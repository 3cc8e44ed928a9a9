"""The same engine operations against Podman's Docker-compatible API (a second, real
engine with its own storage). busybox is loaded into it from a ``docker save`` tar."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from workbench.core.engine import containers as ops
from workbench.core.engine.build import BuildRequest, run_build
from workbench.core.engine.connection import Engine, connect
from workbench.core.engine.events import BuildFinished, StepFinished, StepStarted

pytestmark = [pytest.mark.engine, pytest.mark.podman]


@pytest.fixture(scope="module")
def podman(podman_host: str, docker_client: Any) -> Iterator[Engine]:
    engine = connect(podman_host, timeout=60)
    loaded = not engine.client.images.list(name="busybox")
    if loaded:
        tar = b"".join(docker_client.images.get("busybox:latest").save(named=True))
        engine.client.images.load(tar)
    try:
        yield engine
    finally:
        if loaded:
            with contextlib.suppress(Exception):
                engine.client.api.remove_image("busybox:latest")
        engine.close()


def test_info_says_podman(podman: Engine, podman_host: str) -> None:
    info = podman.info
    assert info.kind == "podman" and info.endpoint == podman_host
    assert info.server_version and info.api_version and info.os == "linux"
    assert info.storage_driver  # "overlay" here; whatever podman is configured with
    assert info.summary.startswith("Podman ")


def test_build_on_podman_maps_steps(podman: Engine, tmp_path: Path, unique_tag: str) -> None:
    (tmp_path / "Dockerfile").write_text("FROM busybox:latest\nRUN echo hi > /hi\n"
                                         "COPY Dockerfile /df\n")
    events: list[Any] = []
    made: list[str] = []
    try:
        result = run_build(podman.client, BuildRequest(tmp_path, tag=f"{unique_tag}:1"),
                           events.append)
        made = [e.image_id for e in events if isinstance(e, StepFinished)]
        started = [e for e in events if isinstance(e, StepStarted)]
        assert [(e.step, e.line_start) for e in started[:3]] == [(1, 1), (2, 2), (3, 3)]
        assert {e.step for e in events if isinstance(e, StepFinished)} >= {2, 3}
        assert isinstance(events[-1], BuildFinished) and result.image_id.startswith("sha256:")
        history = podman.client.api.history(result.image_id)
        assert any("echo hi > /hi" in row.get("CreatedBy", "") for row in history)
    finally:
        for image in [f"{unique_tag}:1", *reversed(made)]:
            with contextlib.suppress(Exception):
                podman.client.api.remove_image(image, force=True)


def test_manual_flow_on_podman(podman: Engine, unique_tag: str) -> None:
    """diff and commit on Podman. The container is filled through the archive API rather
    than started: the podman service here cannot start containers (its open-files limit
    is below the one it asks runc for), while builds, which go through buildah, work."""
    import io
    import tarfile

    client = podman.client
    created = client.api.create_container("busybox:latest", ["true"],
                                          labels={"io.image-workbench.created": "true"})
    container = created["Id"]
    image = ""
    try:
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w") as tar:
            info = tarfile.TarInfo("added.txt")
            info.size = 3
            tar.addfile(info, io.BytesIO(b"hi\n"))
        assert client.api.put_archive(container, "/", buffer.getvalue())
        changes = {(c.kind, c.path) for c in ops.container_changes(client, container)}
        assert ("A", "/added.txt") in changes
        summary = ops.get_container(client, container)
        assert summary.ours and summary.state in ("created", "configured")
        image = ops.commit(client, container, unique_tag, "c", message="podman commit",
                           changes=['CMD ["cat", "/added.txt"]'])
        attrs = client.api.inspect_image(image)
        assert attrs["Config"]["Cmd"] == ["cat", "/added.txt"]
        assert attrs["Config"]["Labels"]["io.image-workbench.created"] == "true"
    finally:
        with contextlib.suppress(Exception):
            ops.remove_container(client, container)
        if image:
            with contextlib.suppress(Exception):
                client.api.remove_image(image, force=True)
