"""A private dockerd a test may crash or reconfigure: its own data root, exec root and
socket under /tmp, busybox loaded from the shared engine, and everything it started
(containerd, shims, mounts) stopped and removed afterwards."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docker
import pytest


@dataclass
class PrivateEngine:
    url: str
    process: subprocess.Popen[bytes]
    base: Path
    client: docker.DockerClient


def pids_using(marker: str) -> list[int]:
    """PIDs whose command line mentions our private dirs (containerd, its shims)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            if marker in (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode():
                found.append(int(entry.name))
    return found


def _unmount_below(path: Path) -> None:
    mounts = [line.split()[1] for line in Path("/proc/mounts").read_text().splitlines()]
    for mount in sorted((m for m in mounts if m.startswith(str(path))), reverse=True):
        subprocess.run(["umount", "-l", mount], check=False, capture_output=True)


def stop_engine(engine: PrivateEngine) -> None:
    with contextlib.suppress(Exception):
        engine.client.close()
    if engine.process.poll() is None:
        engine.process.terminate()
        try:
            engine.process.wait(20)
        except subprocess.TimeoutExpired:
            engine.process.kill()
            engine.process.wait(10)
    # After a crash, its containerd and shims outlive it: stop exactly those.
    for pid in pids_using(str(engine.base)):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    time.sleep(0.2)
    _unmount_below(engine.base)
    shutil.rmtree(engine.base, ignore_errors=True)


def start_engine(shared_client: Any, *extra: str) -> PrivateEngine:
    base = Path(tempfile.mkdtemp(prefix="wbd-", dir="/tmp"))
    sock = base / "d.sock"
    args = ["dockerd", "--iptables=false", "--ip6tables=false", "--bridge=none",
            "--data-root", str(base / "data"), "--exec-root", str(base / "exec"),
            "--pidfile", str(base / "d.pid"), "--host", f"unix://{sock}",
            # containerd takes [A-Za-z0-9] runs joined by ._-: mkdtemp's
            # suffix may end in "_".
            "--containerd-namespace", "wb" + "".join(c for c in base.name[4:] if c.isalnum())]
    args.extend(extra)
    log = open(base / "dockerd.log", "wb")  # noqa: SIM115 (lives as long as the daemon)
    process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    url = f"unix://{sock}"
    deadline = time.monotonic() + 60
    client = None
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            client = docker.DockerClient(base_url=url, timeout=60)
            client.ping()
            break
        client = None
        if process.poll() is not None:
            break
        time.sleep(0.3)
    if client is None:
        output = (base / "dockerd.log").read_text(errors="replace")[-2000:]
        process.kill()
        process.wait(10)
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"private dockerd did not start:\n{output}")
    engine = PrivateEngine(url, process, base, client)
    try:
        # Saved by name: Image.save(named=True) names the archive after the image's first
        # tag, which another test may have added (a registry copy of busybox).
        client.images.load(b"".join(shared_client.api.get_image("busybox:latest")))
    except BaseException:
        stop_engine(engine)
        raise
    return engine
