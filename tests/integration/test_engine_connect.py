"""Connecting to the shared engine: what EngineInfo reports matches the engine's own
answers, and the CLI shows it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from workbench.core.engine.connection import connect, default_client, endpoint_url

pytestmark = pytest.mark.engine
ROOT = Path(__file__).resolve().parents[2]


def test_info_matches_the_engine(docker_client: Any, docker_host: str) -> None:
    version = docker_client.version()
    with connect(docker_host) as engine:
        info = engine.info
        assert endpoint_url(engine.client) == docker_host
    assert info.kind == "docker" and info.endpoint == docker_host
    assert info.server_version == version["Version"]
    assert info.api_version == version["ApiVersion"]
    assert info.storage_driver == docker_client.info()["Driver"]
    assert info.experimental is bool(version.get("Experimental"))
    assert (info.os, info.arch) == (version["Os"], version["Arch"])


def test_default_client_follows_docker_host(docker_host: str,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKER_HOST", docker_host)
    client = default_client(timeout=5)
    try:
        assert client.ping() and endpoint_url(client) == docker_host
    finally:
        client.close()


def test_cli_engine_info_and_endpoints(docker_host: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DOCKER_HOST": docker_host}
    info = subprocess.run([sys.executable, "-m", "workbench", "engine", "info", "--json"],
                          capture_output=True, text=True, timeout=60, cwd=ROOT, env=env)
    assert info.returncode == 0, info.stderr
    assert json.loads(info.stdout)["endpoint"] == docker_host
    listed = subprocess.run([sys.executable, "-m", "workbench", "engine", "endpoints",
                             "--probe", "--json"], capture_output=True, text=True,
                            timeout=60, cwd=ROOT, env=env)
    rows = json.loads(listed.stdout)
    assert rows[0]["url"] == docker_host and rows[0]["current"]
    assert rows[0]["status"].startswith("Docker ")
    gone = subprocess.run([sys.executable, "-m", "workbench", "engine", "info", "-H",
                           "unix:///nonexistent/docker.sock"], capture_output=True, text=True,
                          timeout=60, cwd=ROOT, env=env)
    assert gone.returncode == 3
    assert gone.stderr.strip() == ("workbench engine: No Docker engine at "
                                   "unix:///nonexistent/docker.sock: start Docker or pick "
                                   "another endpoint.")
