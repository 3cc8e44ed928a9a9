"""Endpoint resolution: DOCKER_HOST, the Docker CLI's contexts (config.json + contexts/meta),
the default socket; and the sentence when nothing answers."""

from __future__ import annotations

import hashlib
import json
import socket
import time
from pathlib import Path

import pytest

from workbench.core.engine import connection
from workbench.core.errors import EngineUnavailableError


def _context(config: Path, name: str, host: str, tls: bool = False) -> None:
    digest = hashlib.sha256(name.encode()).hexdigest()
    meta = config / "contexts" / "meta" / digest
    meta.mkdir(parents=True)
    (meta / "meta.json").write_text(json.dumps({
        "Name": name, "Metadata": {"Description": f"{name} engine"},
        "Endpoints": {"docker": {"Host": host, "SkipTLSVerify": False}},
    }))
    if tls:
        tls_dir = config / "contexts" / "tls" / digest / "docker"
        tls_dir.mkdir(parents=True)
        for part in ("ca.pem", "cert.pem", "key.pem"):
            (tls_dir / part).write_text("x")


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path))
    for name in ("DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_default_socket_when_nothing_configured(config: Path) -> None:
    resolved = connection.resolve(None)
    assert resolved.url == connection.DEFAULT_SOCKET
    endpoints = connection.list_endpoints()
    assert [e.url for e in endpoints if e.current] == [connection.DEFAULT_SOCKET]


def test_current_context_from_config(config: Path) -> None:
    _context(config, "remote", "tcp://10.0.0.5:2376", tls=True)
    _context(config, "another", "unix:///tmp/another.sock")
    (config / "config.json").write_text(json.dumps({"currentContext": "remote"}))
    resolved = connection.resolve(None)
    assert (resolved.name, resolved.url, resolved.tls_verify) == (
        "remote", "tcp://10.0.0.5:2376", True)
    assert resolved.tls_dir.endswith("/docker")
    endpoints = connection.list_endpoints()
    assert endpoints[0].name == "remote" and endpoints[0].current
    assert [e.name for e in endpoints[:3]] == ["remote", "another", "default"]
    assert connection.resolve("another").url == "unix:///tmp/another.sock"


def test_env_beats_context(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _context(config, "remote", "tcp://10.0.0.5:2376")
    (config / "config.json").write_text(json.dumps({"currentContext": "remote"}))
    monkeypatch.setenv("DOCKER_HOST", "unix:///tmp/env.sock")
    assert connection.resolve(None).url == "unix:///tmp/env.sock"
    endpoints = connection.list_endpoints()
    assert endpoints[0].source == "env" and endpoints[0].current
    assert not any(e.current for e in endpoints[1:])
    monkeypatch.delenv("DOCKER_HOST")
    monkeypatch.setenv("DOCKER_CONTEXT", "default")
    assert connection.resolve(None).url == connection.DEFAULT_SOCKET


def test_unknown_context_is_a_sentence(config: Path) -> None:
    with pytest.raises(EngineUnavailableError, match="No Docker context named 'nope'"):
        connection.resolve("nope")
    (config / "config.json").write_text(json.dumps({"currentContext": "gone"}))
    with pytest.raises(EngineUnavailableError, match="current Docker context 'gone'"):
        connection.resolve(None)


def test_missing_socket_gives_the_sentence_fast(tmp_path: Path) -> None:
    url = f"unix://{tmp_path}/docker.sock"
    started = time.monotonic()
    with pytest.raises(EngineUnavailableError) as caught:
        connection.connect(url, timeout=2)
    assert str(caught.value) == (
        f"No Docker engine at {url}: start Docker or pick another endpoint.")
    assert time.monotonic() - started < 5


def test_silent_socket_times_out(tmp_path: Path) -> None:
    """A socket that accepts but never answers must not hang the caller."""
    path = tmp_path / "silent.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(5)
    try:
        started = time.monotonic()
        with pytest.raises(EngineUnavailableError, match="No Docker engine at"):
            connection.connect(f"unix://{path}", timeout=1)
        assert time.monotonic() - started < 6
    finally:
        server.close()


def test_ssh_without_paramiko_explains(config: Path) -> None:
    try:
        import paramiko  # noqa: F401
    except ImportError:
        with pytest.raises(EngineUnavailableError, match="paramiko"):
            connection.connect("ssh://user@host.invalid", timeout=1)
    else:
        pytest.skip("paramiko installed: ssh transport available")


def test_tls_settings_from_env(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for part in ("ca.pem", "cert.pem", "key.pem"):
        (config / part).write_text("x")
    monkeypatch.setenv("DOCKER_HOST", "tcp://10.0.0.9:2376")
    monkeypatch.setenv("DOCKER_TLS_VERIFY", "1")
    monkeypatch.setenv("DOCKER_CERT_PATH", str(config))
    resolved = connection.resolve(None)
    assert resolved.tls_verify and resolved.tls_dir == str(config)
    tls = connection._tls_config(resolved)
    assert not isinstance(tls, bool)
    assert tls.cert == (str(config / "cert.pem"), str(config / "key.pem"))
    assert tls.verify is True and tls.ca_cert == str(config / "ca.pem")


def test_contexts_without_config_json_with_docker_context_and_beside_a_broken_one(
        config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The three cases the SDK's ContextAPI gets wrong, which the CLI gets right.
    _context(config, "remote", "tcp://10.0.0.5:2376")
    assert not (config / "config.json").exists()
    assert [e.name for e in connection.context_endpoints()] == ["remote"]
    monkeypatch.setenv("DOCKER_CONTEXT", "remote")
    assert connection.resolve(None).url == "tcp://10.0.0.5:2376"
    broken = config / "contexts" / "meta" / ("0" * 64)
    broken.mkdir(parents=True)
    (broken / "meta.json").write_text("{broken")
    assert [e.name for e in connection.context_endpoints()] == ["remote"]
