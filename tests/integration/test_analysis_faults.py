"""Faults during an analysis, with real components the test owns: the engine killed in
the middle of the save stream, a cache directory on a full disk, and one that cannot be
written. The shared engine is never stopped."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import docker
import pytest

from tests.integration.private_engine import PrivateEngine, pids_using
from workbench.core.errors import WorkbenchError
from workbench.core.image.cache import LayerCache
from workbench.core.image.open import open_image
from workbench.core.progress import ProgressEvent

pytestmark = pytest.mark.engine
BIG = "FROM busybox:latest\nRUN head -c 300000000 /dev/zero > /big\n"


def _restart(engine: PrivateEngine, args: list[str]) -> None:
    """Start the private dockerd again on the same data, after a crash."""
    for pid in pids_using(str(engine.base)):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    time.sleep(0.5)
    # What the crashed daemon and its containerd left: pid files and sockets.
    for stale in [engine.base / "d.pid", *(engine.base / "exec").glob("**/*.pid"),
                  *(engine.base / "exec").glob("**/*.sock")]:
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()
    log = open(engine.base / "dockerd-2.log", "wb")  # noqa: SIM115 (lives with the daemon)
    engine.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            engine.client = docker.DockerClient(base_url=engine.url, timeout=60)
            engine.client.ping()
            return
        time.sleep(0.3)
    output = (engine.base / "dockerd-2.log").read_text(errors="replace")[-1500:]
    pytest.fail(f"the private dockerd did not come back:\n{output}")


def test_engine_killed_during_the_save_stream(private_engine: PrivateEngine, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("WORKBENCH_CACHE_DIR", str(cache_dir))
    monkeypatch.setenv("WORKBENCH_ENGINE_STORAGE", "0")  # a save stream to break
    (tmp_path / "ctx").mkdir()
    (tmp_path / "ctx" / "Dockerfile").write_text(BIG)
    private_engine.client.images.build(path=str(tmp_path / "ctx"), tag="fault:big", rm=True)
    args = Path(f"/proc/{private_engine.process.pid}/cmdline").read_bytes().split(b"\0")
    command = [a.decode() for a in args if a]
    killed = threading.Event()

    def progress(event: ProgressEvent) -> None:
        if event.unit == "bytes" and event.done and not killed.is_set():
            killed.set()
            private_engine.process.kill()  # the engine dies, as in a crash

    started = time.monotonic()
    with pytest.raises(WorkbenchError) as caught:
        open_image("docker://fault:big", client=private_engine.client, progress=progress)
    assert killed.is_set() and time.monotonic() - started < 60
    message = str(caught.value)
    assert message.endswith(".") and "Traceback" not in message and len(message) < 400
    private_engine.process.wait(10)
    # Nothing half-written was kept: every cache file there is one that checks out.
    cache = LayerCache(cache_dir / "layers")
    for path in (cache_dir / "layers").glob("*") if (cache_dir / "layers").exists() else []:
        assert not path.name.startswith(".tmp-"), path
        assert cache._read(path) is not None, path
    # The engine back: the next open works, and reads the same as a fresh one.
    _restart(private_engine, command)
    opened = open_image("docker://fault:big", client=private_engine.client)
    assert [s.size for s in opened.scans][-1] == 300_000_000


def _tmpfs(path: Path, options: str) -> None:
    path.mkdir(parents=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], check=True)


def _analyze(image: str, cache_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WORKBENCH_CACHE_DIR": str(cache_dir)}
    return subprocess.run([sys.executable, "-m", "workbench", "analyze", f"docker://{image}",
                           "--json", "-"], capture_output=True, text=True, env=env,
                          timeout=300)


@pytest.mark.parametrize(("options", "said"), [("size=16k", "No space left on device"),
                                               ("ro,size=1m", "Read-only file system")])
def test_an_unwritable_cache_costs_the_cache_not_the_analysis(
        build_image: Any, tmp_path: Path, options: str, said: str) -> None:
    image = build_image("FROM busybox:latest\nRUN head -c 200000 /dev/urandom > /r\n")
    reference = json.loads(_analyze(image, tmp_path / "writable").stdout)
    mount = tmp_path / "mount"
    _tmpfs(mount, options)
    try:
        result = _analyze(image, mount)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout) == reference
        assert f"cannot be written ({said})" in result.stderr
        assert "without caching" in result.stderr and "Traceback" not in result.stderr
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)
