"""Registry credentials never reach a log, a report or an error message: a real
docker-registry that requires a password, credentials from a Docker config, a push that
works and ones that are refused, with every log record, output and sentence searched."""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import json
import logging
import os
import socket
import subprocess
import sys
import time
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from workbench.core.engine import registry as reg
from workbench.core.errors import EngineOperationError

pytestmark = [pytest.mark.engine, pytest.mark.registry]
ROOT = Path(__file__).resolve().parents[2]
USER = "wb-user"
PASSWORD = f"S3cret-{uuid.uuid4().hex}"
WRONG = f"Wr0ng-{uuid.uuid4().hex}"


def _secrets(password: str) -> list[str]:
    """Every spelling of a credential that must never be shown."""
    auth = base64.b64encode(f"{USER}:{password}".encode()).decode()
    header = base64.urlsafe_b64encode(json.dumps({"username": USER, "password": password})
                                      .encode()).decode()
    return [password, auth, header[:24]]


def _bcrypt(password: str) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import crypt

        return crypt.crypt(password, crypt.mksalt(crypt.METHOD_BLOWFISH))


@pytest.fixture
def locked_registry(tmp_path: Path) -> Iterator[str]:
    """A docker-registry on a free port that accepts only USER with PASSWORD."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    (tmp_path / "htpasswd").write_text(f"{USER}:{_bcrypt(PASSWORD)}\n")
    config = tmp_path / "registry.yml"
    config.write_text(f"version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n"
                      f"    rootdirectory: {tmp_path / 'storage'}\nhttp:\n"
                      f"  addr: 127.0.0.1:{port}\nauth:\n  htpasswd:\n    realm: test\n"
                      f"    path: {tmp_path / 'htpasswd'}\n")
    process = subprocess.Popen(["docker-registry", "serve", str(config)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            time.sleep(0.1)
        yield f"127.0.0.1:{port}"
    finally:
        process.kill()
        process.wait(10)


def _docker_config(where: Path, address: str, password: str) -> Path:
    where.mkdir(parents=True, exist_ok=True)
    auth = base64.b64encode(f"{USER}:{password}".encode()).decode()
    (where / "config.json").write_text(json.dumps({"auths": {address: {"auth": auth}}}))
    return where


def _client(config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    import docker

    monkeypatch.setenv("DOCKER_CONFIG", str(config_dir))
    return docker.DockerClient(base_url=os.environ["DOCKER_HOST"], timeout=120)


def _cli(config_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True,
                          text=True, timeout=300, cwd=ROOT, stdin=subprocess.DEVNULL,
                          env={**os.environ, "PYTHONPATH": str(ROOT),
                               "DOCKER_CONFIG": str(config_dir)})


def _assert_hidden(text: str, *passwords: str) -> None:
    for password in passwords:
        for secret in _secrets(password):
            assert secret not in text


def test_credentials_are_used_but_never_shown(docker_client: Any, locked_registry: str,
                                             tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             caplog: pytest.LogCaptureFixture) -> None:
    good = _docker_config(tmp_path / "good", locked_registry, PASSWORD)
    bad = _docker_config(tmp_path / "bad", locked_registry, WRONG)
    none = _docker_config(tmp_path / "none", "127.0.0.1:1", PASSWORD)
    ref = f"{locked_registry}/wb-cred-{uuid.uuid4().hex[:8]}:1"
    docker_client.api.tag("busybox:latest", ref.rsplit(":", 1)[0], "1")
    shown: list[str] = []
    caplog.set_level(logging.DEBUG)
    try:
        client = _client(good, monkeypatch)
        try:
            pushed = reg.push(client, ref)
            shown.append(json.dumps(dataclasses.asdict(pushed)))
            assert reg.remote_digest(client, ref) == pushed.digest
        finally:
            client.close()

        for config in (bad, none):
            client = _client(config, monkeypatch)
            try:
                with pytest.raises(EngineOperationError) as refused:
                    reg.remote_digest(client, ref)
                shown.append(str(refused.value))
                with pytest.raises(EngineOperationError) as refused:
                    reg.pull(client, ref)
                shown.append(str(refused.value))
            finally:
                client.close()
            assert "needs credentials" in shown[-1] or "refused" in shown[-1]

        done = _cli(good, "registry", "push", ref, "--json")
        assert done.returncode == 0, done.stderr
        shown += [done.stdout, done.stderr]
        report = _cli(good, "analyze", ref, "--json", "-")
        assert report.returncode == 0, report.stderr
        shown += [report.stdout, report.stderr]
        for config in (bad, none):
            refused_cli = _cli(config, "registry", "pull", ref, "--json")
            assert refused_cli.returncode == 4, refused_cli.stderr
            shown += [refused_cli.stdout, refused_cli.stderr]
        shown.append(caplog.text)
        assert any(r.name.startswith(("docker", "urllib3")) for r in caplog.records)
        _assert_hidden("\n".join(shown), PASSWORD, WRONG)
    finally:
        with contextlib.suppress(Exception):
            docker_client.api.remove_image(ref)
