"""A registry that goes away mid-push (a private docker-registry the test kills).

dockerd 20.10 retries a failed layer upload five times (5 s, 10 s, 15 s, 20 s apart)
before it reports the failure, so this one test takes about a minute; it has its own
file to keep the other engine test files short.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from workbench.core.engine import registry as reg
from workbench.core.errors import EngineOperationError
from workbench.core.progress import ProgressEvent

pytestmark = [pytest.mark.engine, pytest.mark.registry]


@pytest.fixture
def private_registry(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    config = tmp_path / "registry.yml"
    config.write_text(f"version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n"
                      f"    rootdirectory: {tmp_path / 'storage'}\nhttp:\n"
                      f"  addr: 127.0.0.1:{port}\n")
    process = subprocess.Popen(["docker-registry", "serve", str(config)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            time.sleep(0.1)
        yield f"127.0.0.1:{port}", process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(10)


def test_registry_down_mid_push(docker_client: Any, private_registry: tuple[str, Any],
                                build_image: Any, unique_tag: str) -> None:
    image = build_image("FROM busybox:latest\n" + "".join(
        f"RUN dd if=/dev/urandom of=/blob{i} bs=1M count=8 2>/dev/null\n" for i in range(3)))
    address, process = private_registry
    remote = f"{address}/{unique_tag}:v1"
    docker_client.api.tag(image, f"{address}/{unique_tag}", "v1")
    stopped = threading.Event()
    messages: list[str] = []

    def on_progress(event: ProgressEvent) -> None:
        messages.append(event.message)
        if event.unit == "bytes" and event.done and not stopped.is_set():
            stopped.set()
            process.kill()

    try:
        started = time.monotonic()
        with pytest.raises(EngineOperationError) as caught:
            reg.push(docker_client, remote, on_progress)
        assert str(caught.value).startswith(f"The registry {address} ")
        assert "Traceback" not in str(caught.value)
        assert stopped.is_set() and time.monotonic() - started < 120
        assert any("Retrying in" in m for m in messages)  # the retries were visible
        # The local image is untouched and has no digest from the failed push.
        attrs = docker_client.api.inspect_image(remote)
        assert attrs["Id"] == docker_client.api.inspect_image(image)["Id"]
        assert not [d for d in attrs["RepoDigests"] if d.startswith(address)]
    finally:
        with contextlib.suppress(Exception):
            docker_client.api.remove_image(remote)
