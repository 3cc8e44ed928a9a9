"""Shared fixtures: the real engine, registry and Podman started by scripts/testenv.py.

Integration tests never mock the engine. When ``WORKBENCH_TEST_REQUIRE_ENGINE=1`` (set
by scripts/test.sh) a missing component fails the test instead of skipping it, so CI
cannot go green by skipping.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import container_audit, leftovers

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REQUIRE = os.environ.get("WORKBENCH_TEST_REQUIRE_ENGINE") == "1"
_STEP_IMAGE = re.compile(r"^ ---> ([0-9a-f]{12})\s*$")
_USER_DIRS = leftovers.real_user_dirs()  # before the session points them elsewhere
_SESSION: dict[str, object] = {}


def pytest_configure(config: pytest.Config) -> None:
    """The session's own cache, config, data and state dirs, set before any fixture of
    any scope runs (and inherited by the command lines tests start)."""
    home = Path(tempfile.mkdtemp(prefix="workbench-test-dirs-"))
    _SESSION["home"] = home
    for key, name in (("WORKBENCH_CACHE_DIR", "cache"), ("XDG_CACHE_HOME", "xdg-cache"),
                      ("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                      ("XDG_STATE_HOME", "state")):
        os.environ[key] = str(home / name)


def pytest_unconfigure(config: pytest.Config) -> None:
    home = _SESSION.pop("home", None)
    if isinstance(home, Path):
        shutil.rmtree(home, ignore_errors=True)


def pytest_sessionstart(session: pytest.Session) -> None:
    if leftovers.enabled():
        _SESSION["snapshot"] = leftovers.take(_USER_DIRS)
    hosts = [os.environ.get("DOCKER_HOST", ""), os.environ.get("WORKBENCH_TEST_PODMAN", "")]
    audits = [container_audit.Audit(h) for h in hosts if h]
    _SESSION["audits"] = [a for a in audits if a.start()]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    snap = _SESSION.get("snapshot")
    if isinstance(snap, leftovers.Snapshot):
        leftovers.report(session, snap)
    audits = _SESSION.get("audits")
    if isinstance(audits, list):
        container_audit.report(session, audits)


def _missing(what: str) -> None:
    if REQUIRE:
        pytest.fail(f"{what} is required (WORKBENCH_TEST_REQUIRE_ENGINE=1) but not available")
    pytest.skip(f"{what} not available; run through scripts/test.sh")


@pytest.fixture(autouse=True)
def _isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test session gets its own layer cache and settings, never the user's."""
    base = tmp_path_factory.getbasetemp()
    monkeypatch.setenv("WORKBENCH_CACHE_DIR", str(base / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(base / "state"))


@pytest.fixture(scope="session")
def docker_host() -> str:
    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    return host


@pytest.fixture(scope="session")
def docker_client(docker_host: str):  # type: ignore[no-untyped-def]
    import docker

    try:
        client = docker.DockerClient(base_url=docker_host, timeout=120)
        client.ping()
    except Exception:
        _missing(f"a Docker engine at {docker_host}")
    yield client
    client.close()


def _registry() -> Iterator[str]:
    address = os.environ.get("WORKBENCH_TEST_REGISTRY", "127.0.0.1:5000")
    try:
        before = leftovers.registry_tags(address)
    except Exception:
        _missing(f"a registry at {address}")
    yield address
    leftovers.delete_new_tags(address, before)


@pytest.fixture
def registry() -> Iterator[str]:
    """The test registry; every tag the test pushed to it is deleted afterwards."""
    yield from _registry()


@pytest.fixture(scope="module")
def module_registry() -> Iterator[str]:
    """The same, for module-scoped fixtures: tags are deleted when the module is done."""
    yield from _registry()


@pytest.fixture(scope="session")
def podman_host() -> str:
    import docker

    host = os.environ.get("WORKBENCH_TEST_PODMAN", "")
    try:
        docker.DockerClient(base_url=host, timeout=20).ping()
    except Exception:
        _missing(f"Podman's API at {host or '(unset)'}")
    return host


@pytest.fixture
def unique_tag() -> str:
    """A fresh image name for a test; tests remove what they create."""
    return f"workbench-test-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def build_image(docker_client, tmp_path: Path) -> Iterator:  # type: ignore[no-untyped-def]
    """Build a Dockerfile text (plus context files) on the real engine; removed after,
    with every image the build made that did not exist before (an earlier stage's
    final image, left dangling by a multi-stage build, included)."""
    made: list[str] = []
    new_ids: list[str] = []

    def build(dockerfile: str, files: dict[str, bytes | str] | None = None,
              tag: str | None = None) -> str:
        ctx = tmp_path / f"ctx-{len(made)}"
        ctx.mkdir()
        (ctx / "Dockerfile").write_text(dockerfile)
        for name, data in (files or {}).items():
            target = ctx / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, str):
                target.write_text(data)
            else:
                target.write_bytes(data)
        name = tag or f"workbench-test-{uuid.uuid4().hex[:10]}:latest"
        existing = {i["Id"] for i in docker_client.api.images(all=True)}
        made.append(name)
        _image, logs = docker_client.images.build(
            path=str(ctx), tag=name, rm=True, forcerm=True,
            labels={"io.image-workbench.created": "true"})
        # The images of this build's own steps, as its log names them.
        steps = {m.group(1) for chunk in logs
                 if (m := _STEP_IMAGE.match(str(chunk.get("stream", ""))))}
        new_ids.extend(i["Id"] for i in docker_client.api.images(all=True)
                       if i["Id"] not in existing and i["Id"][7:19] in steps)
        return name

    yield build
    for name in made:
        with contextlib.suppress(Exception):
            docker_client.images.remove(name, force=True)
    # Newest first; without force, so an image another one still needs stays.
    for image_id in reversed(new_ids):
        with contextlib.suppress(Exception):
            docker_client.api.remove_image(image_id)


@pytest.fixture(autouse=True)
def _no_leaked_threads() -> Iterator[None]:
    """A test must not leave threads running (workers must be joined or cancelled)."""
    before = set(threading.enumerate())
    yield
    deadline = 5.0
    import time

    end = time.monotonic() + deadline
    leaked: list[threading.Thread] = []
    while time.monotonic() < end:
        leaked = [t for t in threading.enumerate()
                  if t not in before and t.is_alive() and not t.daemon]
        if not leaked:
            return
        time.sleep(0.05)
    pytest.fail(f"test left threads running: {[t.name for t in leaked]}")
