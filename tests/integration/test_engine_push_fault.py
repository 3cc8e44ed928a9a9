"""A registry that goes away mid-push (a private docker-registry the test kills).

dockerd 20.10 retries a failed layer upload five times (5 s, 10 s, 15 s, 20 s apart)
before it reports the failure, so this one test takes about a minute; it has its own
file to keep the other engine test files short.
"""

from __future__ import annotations

import contextlib
import threading
import time
from typing import Any

import pytest

from workbench.core.engine import registry as reg
from workbench.core.errors import EngineOperationError
from workbench.core.progress import ProgressEvent

pytestmark = [pytest.mark.engine, pytest.mark.registry]


def test_registry_down_mid_push(docker_client: Any, private_registry: tuple[str, Any],
                                big_image: str, unique_tag: str) -> None:
    image = big_image  # the conftest fixture: three 8 MB random layers
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
