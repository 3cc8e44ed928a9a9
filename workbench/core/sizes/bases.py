"""Sizes of candidate base images (article §3.4.1): scratch, busybox, alpine, debian...

A base that is not on the engine is pulled once when allowed; one that can be neither
found nor pulled is reported "not available" with the reason, never as 0 bytes (only
``scratch`` is truly empty).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import docker
import docker.errors
import requests.exceptions

from workbench.core.engine.streaming import ResponseCatcher, call_timeout
from workbench.core.errors import CancelledError, WorkbenchError
from workbench.core.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress
from workbench.core.sizes.layers import ImageSizes, image_sizes, scratch_sizes

PULL_IDLE_TIMEOUT = 600
DEFAULT_BASES = ("scratch", "busybox:latest", "alpine:latest", "debian:bookworm")


class Availability(StrEnum):
    BUILT_IN = "built in"  # scratch
    LOCAL = "local"
    PULLED = "pulled"
    NOT_AVAILABLE = "not available"


@dataclass(slots=True)
class BaseSize:
    name: str
    availability: Availability
    sizes: ImageSizes | None  # None when not available
    note: str = ""  # why it is not available

    @property
    def available(self) -> bool:
        return self.sizes is not None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "availability": str(self.availability),
                                "note": self.note}
        data.update(self.sizes.to_json() if self.sizes else {"size": None, "compressed": None})
        return data


def normalise(name: str) -> str:
    """``busybox`` -> ``busybox:latest``; digests and explicit tags stay as written."""
    if name == "scratch" or "@" in name:
        return name
    last = name.rsplit("/", 1)[-1]
    return name if ":" in last else f"{name}:latest"


def ensure_local(client: docker.DockerClient, name: str, pull: bool = True,
                 cancel: CancelToken | None = None) -> tuple[Availability, str]:
    """Is ``name`` on the engine (pulling it when allowed)? Returns (availability, reason)."""
    if name == "scratch":
        return Availability.BUILT_IN, ""
    try:
        client.api.inspect_image(name)
        return Availability.LOCAL, ""
    except docker.errors.ImageNotFound:
        pass
    except (docker.errors.APIError, requests.exceptions.RequestException) as exc:
        return Availability.NOT_AVAILABLE, f"the engine could not look it up ({_short(exc)})"
    if not pull:
        return Availability.NOT_AVAILABLE, "it is not on this engine"
    repository, _, tag = name.rpartition(":") if "@" not in name else (name, "", "")
    cancel = cancel or CancelToken()
    failure = ""
    try:
        # A pull is quiet between layers for longer than the client's short timeout.
        with call_timeout(client, PULL_IDLE_TIMEOUT), \
                ResponseCatcher(client, "/images/create") as catcher:
            cancel.on_cancel(catcher.cut)
            for event in client.api.pull(repository or name, tag=tag or None, stream=True,
                                         decode=True):
                if isinstance(event, dict) and event.get("error"):
                    failure = str(event["error"])
        cancel.check()
        if not failure:
            client.api.inspect_image(name)
    except CancelledError:
        raise
    except (docker.errors.APIError, requests.exceptions.RequestException, OSError,
            ValueError) as exc:
        cancel.check()
        failure = _short(exc)
    if failure:
        return Availability.NOT_AVAILABLE, f"it is not on this engine and the pull failed " \
                                           f"({failure.splitlines()[0][:200]})"
    return Availability.PULLED, ""


def _short(exc: BaseException) -> str:
    text = str(getattr(exc, "explanation", None) or exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__


def measure_bases(
    client: docker.DockerClient,
    names: list[str] | tuple[str, ...] = DEFAULT_BASES,
    *,
    pull: bool = True,
    compressed: bool = True,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> list[BaseSize]:
    """One ``BaseSize`` per name, in order, duplicates dropped."""
    cancel = cancel or CancelToken()
    unique = list(dict.fromkeys(normalise(n) for n in names if n.strip()))
    results = []
    for index, name in enumerate(unique):
        cancel.check()
        progress(ProgressEvent("bases", index, len(unique), "images", f"measuring {name}"))
        availability, note = ensure_local(client, name, pull, cancel)
        if availability is Availability.BUILT_IN:
            results.append(BaseSize(name, availability, scratch_sizes()))
            continue
        if availability is Availability.NOT_AVAILABLE:
            results.append(BaseSize(name, availability, None, note))
            continue
        try:
            sizes = image_sizes(client, name, compressed=compressed, progress=progress,
                                cancel=cancel)
        except CancelledError:
            raise
        except WorkbenchError as exc:
            results.append(BaseSize(name, Availability.NOT_AVAILABLE, None, str(exc)))
            continue
        results.append(BaseSize(name, availability, sizes))
    progress(ProgressEvent("bases", len(unique), len(unique), "images"))
    return results
