"""Push, pull and digests against the real local registry (article §4.1): RepoDigests
appear after a push, the registry's digest resolves without a pull, pulled images show
``<missing>`` history rows, and registry problems end in sentences."""

from __future__ import annotations

import contextlib
import http.server
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from workbench.core.engine import registry as reg
from workbench.core.engine import storage
from workbench.core.errors import EngineOperationError
from workbench.core.progress import ProgressEvent

pytestmark = [pytest.mark.engine, pytest.mark.registry]


@pytest.fixture
def pushed(docker_client: Any, registry: str, build_image: Any,
           unique_tag: str) -> Iterator[tuple[str, str]]:
    """A small two-layer image tagged into the test registry: (local tag, remote ref)."""
    local = build_image("FROM busybox:latest\nRUN echo one > /one\nRUN echo two > /two\n")
    remote = f"{registry}/{unique_tag}:v1"
    docker_client.api.tag(local, f"{registry}/{unique_tag}", "v1")
    yield local, remote
    with contextlib.suppress(Exception):
        docker_client.api.remove_image(remote, force=True)


def test_push_then_digest_then_pull(docker_client: Any, pushed: tuple[str, str]) -> None:
    local, remote = pushed
    before = docker_client.api.inspect_image(remote)
    assert not [d for d in before["RepoDigests"] if d.startswith(remote.split(":v1")[0])]
    events: list[ProgressEvent] = []
    result = reg.push(docker_client, remote, events.append)
    assert result.digest.startswith("sha256:")
    repo = remote.rsplit(":", 1)[0]
    assert f"{repo}@{result.digest}" in result.repo_digests
    per_layer = [e for e in events if e.unit == "bytes"]
    assert per_layer and per_layer[-1].total and per_layer[-1].total > 0
    assert {e.message.split(":")[0] for e in per_layer} == set(result.layers)
    assert all(layer.status in ("Pushed", "Layer already exists", "Mounted from")
               or layer.status.startswith("Mounted from") for layer in result.layers.values())

    # The registry's digest, without pulling, is the pushed one.
    assert reg.remote_digest(docker_client, remote) == result.digest
    assert reg.pinned_reference(remote, result.digest) == f"{remote}@{result.digest}"

    # Pull it back into an engine that no longer has it: history shows <missing>.
    docker_client.api.remove_image(remote, force=True)
    docker_client.api.remove_image(local, force=True)
    pulled = reg.pull(docker_client, remote)
    assert pulled.digest == result.digest
    assert f"{repo}@{result.digest}" in pulled.repo_digests
    history = storage.image_history(docker_client, remote)
    assert history[0].id == pulled.image_id
    assert [row.missing for row in history[1:]] == [True] * (len(history) - 1)
    assert "built elsewhere" in history[1].explanation
    assert any("echo two > /two" in row.instruction for row in history)


def test_unknown_tag_and_unreachable_registry(docker_client: Any, registry: str,
                                              unique_tag: str) -> None:
    with pytest.raises(EngineOperationError, match=r"is not in the registry .*check the name"):
        reg.remote_digest(docker_client, f"{registry}/{unique_tag}:nope")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    ref = f"127.0.0.1:{port}/{unique_tag}:v1"
    with pytest.raises(EngineOperationError, match=f"127.0.0.1:{port} is unreachable"):
        reg.remote_digest(docker_client, ref)
    with pytest.raises(EngineOperationError, match=f"127.0.0.1:{port} is unreachable"):
        reg.pull(docker_client, ref)


class _NeedsLogin(http.server.BaseHTTPRequestHandler):
    """A registry front door that demands credentials, as a private registry does."""

    def do_GET(self) -> None:
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="test"')
        self.send_header("Docker-Distribution-API-Version", "registry/2.0")
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_GET

    def log_message(self, *_args: Any) -> None:
        pass


def test_registry_that_needs_credentials(docker_client: Any, unique_tag: str) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _NeedsLogin)
    thread = threading.Thread(target=server.serve_forever, name="needs-login")
    thread.start()
    try:
        ref = f"127.0.0.1:{server.server_address[1]}/{unique_tag}:v1"
        with pytest.raises(EngineOperationError, match=r"needs credentials .*docker login"):
            reg.remote_digest(docker_client, ref)
        with pytest.raises(EngineOperationError, match=r"needs credentials .*docker login"):
            reg.pull(docker_client, ref)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_reference_helpers() -> None:
    assert reg.split_reference("127.0.0.1:5000/app") == ("127.0.0.1:5000/app", "latest")
    assert reg.split_reference("127.0.0.1:5000/a/b:1.2") == ("127.0.0.1:5000/a/b", "1.2")
    assert reg.registry_of("busybox:latest") == "docker.io"
    assert reg.registry_of("localhost/app:1") == "localhost"
    assert reg.registry_of("127.0.0.1:5000/app:1") == "127.0.0.1:5000"
