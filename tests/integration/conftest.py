"""Fixtures shared by the engine fault tests: a private registry and a private engine a
test may kill."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.private_engine import PrivateEngine, start_engine, stop_engine


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def private_registry(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = _free_port()
    config = tmp_path / "registry.yml"
    config.write_text(f"version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n"
                      f"    rootdirectory: {tmp_path / 'storage'}\nhttp:\n"
                      f"  addr: 127.0.0.1:{port}\n")
    process = subprocess.Popen(["docker-registry", "serve", str(config)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    address = f"127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            time.sleep(0.1)
        yield address, process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(10)


@pytest.fixture
def big_image(build_image: Any) -> str:
    """Three 8 MB random layers: a push long enough to interrupt."""
    return str(build_image("FROM busybox:latest\n" + "".join(
        f"RUN dd if=/dev/urandom of=/blob{i} bs=1M count=8 2>/dev/null\n" for i in range(3))))


@pytest.fixture
def private_engine(docker_client: Any) -> Iterator[PrivateEngine]:
    engine = start_engine(docker_client)
    try:
        yield engine
    finally:
        stop_engine(engine)
