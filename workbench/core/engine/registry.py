"""Push, pull and digests through the engine (article §4.1).

Credentials stay with the engine and the Docker SDK (which reads the user's Docker
config); nothing here prints or logs them, and error messages never quote auth data.
``RepoDigests`` only exist after a push or pull, which is why they are read back here.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

import docker
import docker.errors
import requests.exceptions
import urllib3.exceptions

from workbench.core.engine.connection import endpoint_url, unavailable
from workbench.core.engine.streaming import ResponseCatcher, call_timeout
from workbench.core.errors import CancelledError, EngineOperationError
from workbench.core.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress

STREAM_IDLE_TIMEOUT = 600  # a stalled registry upload ends in a sentence, not a hang


@dataclass(slots=True)
class LayerTransfer:
    id: str  # short layer id as the engine names it
    status: str = ""  # "Pushing", "Pushed", "Layer already exists", "Pull complete"...
    current: int = 0
    total: int = 0


@dataclass(slots=True)
class TransferResult:
    reference: str  # name:tag
    digest: str  # "sha256:..." of the manifest
    image_id: str
    repo_digests: list[str] = field(default_factory=list)
    layers: dict[str, LayerTransfer] = field(default_factory=dict)


def split_reference(reference: str) -> tuple[str, str]:
    """``host:5000/app:1`` -> (``host:5000/app``, ``1``); tag defaults to ``latest``."""
    name, _, digest = reference.partition("@")
    last = name.rsplit("/", 1)[-1]
    if ":" in last:
        repo, tag = name.rsplit(":", 1)
        return repo, tag
    return name, digest or "latest"


def registry_of(reference: str) -> str:
    first = reference.split("/", 1)[0]
    if "/" in reference and ("." in first or ":" in first or first == "localhost"):
        return first
    return "docker.io"


def _explain(reference: str, message: str) -> EngineOperationError:
    """Turn a registry error into a sentence a user can act on (never quoting auth data)."""
    registry = registry_of(reference)
    low = message.lower()
    if any(w in low for w in ("unauthorized", "authentication required", "denied",
                              "no basic auth credentials")):
        return EngineOperationError(
            f"The registry {registry} needs credentials for {reference}: run "
            f"`docker login {registry}` and try again."
        )
    if any(w in low for w in ("connection refused", "no such host", "i/o timeout",
                              "dial tcp", "connection reset", "eof", "no route")):
        return EngineOperationError(
            f"The registry {registry} is unreachable: check that it is running and that "
            "the engine can reach it."
        )
    if "manifest unknown" in low or "not found" in low:
        return EngineOperationError(f"{reference} is not in the registry {registry}: check "
                                    "the name and tag.")
    if "http response to https client" in low:
        return EngineOperationError(
            f"The registry {registry} speaks plain HTTP: add it to the engine's "
            "insecure-registries, or serve it over TLS."
        )
    first = message.strip().splitlines()[0] if message.strip() else "unknown error"
    return EngineOperationError(f"The registry {registry} refused {reference}: {first}.")


def _transfer(client: docker.DockerClient, reference: str, stage: str,
              progress: ProgressCallback, cancel: CancelToken) -> dict[str, LayerTransfer]:
    repo, tag = split_reference(reference)
    layers: dict[str, LayerTransfer] = {}
    api = client.api
    start = api.push if stage == "push" else api.pull
    url_part = "/push" if stage == "push" else "/images/create"
    cancel.check()
    # The SDK's push/pull take no timeout of their own: widen the client's for the stream
    # (the short default would cut a quiet upload), and restore it after.
    with call_timeout(client, STREAM_IDLE_TIMEOUT), ResponseCatcher(client, url_part) as catcher:
        cancel.on_cancel(catcher.cut)
        try:
            stream = start(repo, tag=tag, stream=True, decode=True)
            for chunk in stream:
                if cancel.cancelled:
                    break
                _feed(chunk, layers, reference, stage, progress)
        except docker.errors.APIError as exc:
            if not cancel.cancelled:
                raise _explain(reference, str(exc.explanation or exc)) from None
        except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError,
                OSError, ValueError) as exc:
            if not cancel.cancelled:
                raise unavailable(endpoint_url(client)) from exc
        except Exception:
            if not cancel.cancelled:  # cutting the socket can surface as anything
                raise
        finally:
            if catcher.response is not None:
                with contextlib.suppress(Exception):
                    catcher.response.close()
    if cancel.cancelled:
        raise CancelledError(f"{stage.capitalize()} of {reference} cancelled.")
    return layers


def _feed(chunk: dict[str, Any], layers: dict[str, LayerTransfer], reference: str,
          stage: str, progress: ProgressCallback) -> None:
    if chunk.get("error") or chunk.get("errorDetail"):
        detail = chunk.get("errorDetail") or {}
        raise _explain(reference, str(detail.get("message") or chunk.get("error")))
    layer_id = chunk.get("id")
    status = str(chunk.get("status", ""))
    if not layer_id or layer_id == split_reference(reference)[1]:
        if status:
            progress(ProgressEvent(stage, message=status))
        return
    layer = layers.setdefault(layer_id, LayerTransfer(layer_id))
    layer.status = status
    detail = chunk.get("progressDetail") or {}
    if detail.get("total"):
        layer.total = int(detail["total"])
        # The engine's counter can run past its own total by a few bytes of framing.
        layer.current = min(layer.total, int(detail.get("current") or 0))
    elif status in ("Pushed", "Pull complete", "Layer already exists", "Already exists",
                    "Mounted from"):
        layer.current = layer.total
    done = sum(entry.current for entry in layers.values())
    total = sum(entry.total for entry in layers.values())
    progress(ProgressEvent(stage, done, total or None, "bytes", f"{layer_id}: {status}"))


def _result(client: docker.DockerClient, reference: str,
            layers: dict[str, LayerTransfer]) -> TransferResult:
    try:
        attrs = client.api.inspect_image(reference)
    except docker.errors.NotFound:
        raise EngineOperationError(f"{reference} is not in the engine after the transfer: "
                                   "try again.") from None
    except (docker.errors.DockerException, requests.exceptions.RequestException):
        raise unavailable(endpoint_url(client)) from None
    repo, _tag = split_reference(reference)
    digests = [str(d) for d in attrs.get("RepoDigests") or []]
    digest = next((d.split("@", 1)[1] for d in digests if d.split("@", 1)[0] == repo), "")
    return TransferResult(reference, digest, str(attrs.get("Id", "")), digests, layers)


def push(client: docker.DockerClient, reference: str, progress: ProgressCallback = no_progress,
         cancel: CancelToken | None = None) -> TransferResult:
    """Push ``name:tag``; returns the manifest digest and the image's RepoDigests."""
    cancel = cancel or CancelToken()
    layers = _transfer(client, reference, "push", progress, cancel)
    return _result(client, reference, layers)


def pull(client: docker.DockerClient, reference: str, progress: ProgressCallback = no_progress,
         cancel: CancelToken | None = None) -> TransferResult:
    cancel = cancel or CancelToken()
    layers = _transfer(client, reference, "pull", progress, cancel)
    return _result(client, reference, layers)


def remote_digest(client: docker.DockerClient, reference: str) -> str:
    """The digest ``name:tag`` has in its registry now, without pulling (``/distribution``).

    This is what ``FROM name:tag@sha256:...`` pins.
    """
    try:
        data = client.api.inspect_distribution(reference)
    except docker.errors.APIError as exc:
        raise _explain(reference, str(exc.explanation or exc)) from None
    except (docker.errors.DockerException, requests.exceptions.RequestException):
        raise unavailable(endpoint_url(client)) from None
    digest = str((data.get("Descriptor") or {}).get("digest", ""))
    if not digest:
        raise EngineOperationError(f"The registry {registry_of(reference)} gave no digest "
                                   f"for {reference}: check the name and tag.")
    return digest


def pinned_reference(reference: str, digest: str) -> str:
    """``name:tag@sha256:...`` for a FROM line."""
    repo, tag = split_reference(reference.split("@", 1)[0])
    return f"{repo}:{tag}@{digest}"
