"""The manual build flow of article §1.1: run a container, look at its changes, commit
it with a message and config changes, tag the result, remove what is no longer needed.

These are the user's own containers and images, made as ``docker run`` and ``docker
commit`` make them: no label is added, and ``workbench cleanup`` never touches them.
"""

from __future__ import annotations

import contextlib
import socket
from dataclasses import dataclass, field
from typing import Any

import docker
import docker.errors
import requests.exceptions

from workbench.core.engine.connection import endpoint_url, unavailable
from workbench.core.engine.streaming import call_timeout
from workbench.core.errors import EngineOperationError
from workbench.core.labels import LABEL, LABEL_VALUE

CHANGE_KINDS = {0: "C", 1: "A", 2: "D"}  # the engine's numeric kinds, as `docker diff` prints
DEFAULT_RUN_TIMEOUT = 300.0
LONG_CALL_TIMEOUT = 600.0  # commit and image removal copy or delete whole layers


def _call(client: docker.DockerClient, what: str, call: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return call(*args, **kwargs)
    except docker.errors.ImageNotFound:
        raise EngineOperationError(f"No image {what} in the engine: build or pull it "
                                   "first.") from None
    except docker.errors.NotFound:
        raise EngineOperationError(f"No {what} in the engine: list them with "
                                   "`workbench containers ls`.") from None
    except docker.errors.APIError as exc:
        detail = str(exc.explanation or exc).rstrip(".")
        raise EngineOperationError(f"The engine refused {what}: {detail}.") from None
    except (docker.errors.DockerException, requests.exceptions.RequestException):
        raise unavailable(endpoint_url(client)) from None


@dataclass(frozen=True, slots=True)
class ContainerSummary:
    id: str
    name: str
    image: str
    command: str
    state: str  # "created" | "running" | "exited"...
    status: str  # the engine's words: "Exited (0) 3 seconds ago"
    created: int
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def short_id(self) -> str:
        return self.id[:12]

    @property
    def ours(self) -> bool:
        return self.labels.get(LABEL) == LABEL_VALUE


@dataclass(frozen=True, slots=True)
class RunResult:
    container: ContainerSummary
    exit_code: int | None  # None when it was left running (detached)
    output: str


def _summary(raw: dict[str, Any]) -> ContainerSummary:
    names = raw.get("Names") or [""]
    return ContainerSummary(str(raw.get("Id", "")), str(names[0]).lstrip("/"),
                            str(raw.get("Image", "")), str(raw.get("Command", "")),
                            str(raw.get("State", "")), str(raw.get("Status", "")),
                            int(raw.get("Created") or 0), dict(raw.get("Labels") or {}))


def get_container(client: docker.DockerClient, container: str) -> ContainerSummary:
    found = _call(client, f"container {container!r}", client.api.containers, all=True,
                  filters={"id": container})
    if not found:
        found = _call(client, f"container {container!r}", client.api.containers, all=True,
                      filters={"name": container})
    exact = [c for c in found if c["Id"].startswith(container)
             or container in [n.lstrip("/") for n in c.get("Names") or []]]
    if not exact:
        raise EngineOperationError(f"No container {container!r} in the engine: list them "
                                   "with `workbench containers ls`.")
    return _summary(exact[0])


def list_containers(client: docker.DockerClient, limit: int = 20,
                    only_workbench: bool = False) -> list[ContainerSummary]:
    """The most recent containers, exited ones included (``docker ps -a -n``)."""
    filters = {"label": f"{LABEL}={LABEL_VALUE}"} if only_workbench else None
    raw = _call(client, "the container list", client.api.containers, all=True,
                limit=limit if limit > 0 else -1, filters=filters)
    return [_summary(c) for c in raw]


def run_container(client: docker.DockerClient, image: str, command: list[str] | str | None,
                  *, name: str | None = None, detach: bool = False, tty: bool = False,
                  network: str = "none", timeout: float = DEFAULT_RUN_TIMEOUT) -> RunResult:
    """Create and start a container; unless ``detach``, wait for it and return its output.

    The container is kept after it exits (like ``docker run`` without ``--rm``): the
    manual flow diffs and commits it next. Network is off by default: nothing here
    needs it, and a workshop machine may have none.
    """
    created = _call(client, f"{image!r}", client.api.create_container, image, command,
                    name=name, tty=tty, stdin_open=tty,
                    host_config=client.api.create_host_config(network_mode=network))
    container_id = str(created["Id"])
    try:
        _call(client, f"to start container {container_id[:12]}", client.api.start,
              container_id)
        if detach:
            return RunResult(get_container(client, container_id), None, "")
        try:
            status = client.api.wait(container_id, timeout=timeout)
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout):
            with contextlib.suppress(docker.errors.DockerException,
                                     requests.exceptions.RequestException):
                client.api.kill(container_id)
            raise EngineOperationError(
                f"Container {container_id[:12]} did not finish within {timeout:.0f}s and was "
                "stopped: run it detached for long commands."
            ) from None
        logs = _call(client, "the container's output", client.api.logs, container_id)
    except BaseException:
        if not detach:
            # A container that never ran properly is of no use to the manual flow.
            with contextlib.suppress(docker.errors.DockerException,
                                     requests.exceptions.RequestException):
                client.api.remove_container(container_id, force=True)
        raise
    return RunResult(get_container(client, container_id), int(status.get("StatusCode", -1)),
                     logs.decode("utf-8", "replace"))


def start_shell(client: docker.DockerClient, image: str, shell: str = "sh") -> ContainerSummary:
    """A running container with a TTY and open stdin, for the window's console."""
    return run_container(client, image, [shell], detach=True, tty=True).container


def attach_socket(client: docker.DockerClient, container: str) -> socket.socket:
    """A raw socket on the container's TTY (stdin, stdout, stderr), for a console widget."""
    sock = _call(client, f"container {container!r}", client.api.attach_socket, container,
                 params={"stdin": 1, "stdout": 1, "stderr": 1, "stream": 1})
    return getattr(sock, "_sock", sock)


def exec_in(client: docker.DockerClient, container: str, command: list[str] | str,
            timeout: float = 60) -> tuple[int, str]:
    """Run ``command`` in a running container; returns (exit code, combined output)."""
    exec_id = _call(client, f"to exec in container {container!r}", client.api.exec_create,
                    container, command)
    with call_timeout(client, timeout):
        output = _call(client, "the exec output", client.api.exec_start, exec_id)
    info = _call(client, "the exec result", client.api.exec_inspect, exec_id)
    code = info.get("ExitCode")
    return (int(code) if code is not None else -1), output.decode("utf-8", "replace")


@dataclass(frozen=True, slots=True)
class Change:
    path: str
    kind: str  # "A" added, "C" changed, "D" deleted

    @property
    def kind_name(self) -> str:
        return {"A": "added", "C": "changed", "D": "deleted"}[self.kind]


def container_changes(client: docker.DockerClient, container: str) -> list[Change]:
    """``docker diff``: paths added, changed or deleted relative to the image."""
    raw = _call(client, f"container {container!r}", client.api.diff, container) or []
    return [Change(str(c["Path"]), CHANGE_KINDS.get(int(c["Kind"]), "?")) for c in raw]


def commit(client: docker.DockerClient, container: str, repository: str | None = None,
           tag: str | None = None, *, author: str = "", message: str = "",
           changes: list[str] | None = None, pause: bool = True) -> str:
    """``docker commit``: the container's upper dir becomes a new layer; returns the id.

    ``changes`` are Dockerfile instructions applied to the config (``CMD ["sh"]``,
    ``ENV A=b``, ``USER app``...).
    """
    all_changes = list(changes or [])
    with call_timeout(client, LONG_CALL_TIMEOUT):
        result = _call(client, f"container {container!r}", client.api.commit, container,
                       repository=repository, tag=tag, message=message or None,
                       author=author or None, changes=all_changes, pause=pause)
    return str(result["Id"])


def tag_image(client: docker.DockerClient, image: str, repository: str,
              tag: str | None = None) -> str:
    """Tag ``image`` as ``repository:tag``; returns the full reference."""
    if ":" in repository.rsplit("/", 1)[-1] and tag is None:
        repository, tag = repository.rsplit(":", 1)
    ok = _call(client, f"{image!r}", client.api.tag, image, repository, tag or "latest")
    if not ok:
        raise EngineOperationError(f"The engine did not tag {image}: check the name "
                                   f"{repository!r}.")
    return f"{repository}:{tag or 'latest'}"


def remove_container(client: docker.DockerClient, container: str, force: bool = True) -> None:
    _call(client, f"container {container!r}", client.api.remove_container, container,
          force=force, v=True)
