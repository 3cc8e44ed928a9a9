"""Per-layer sizes of a local image: what the engine reports, plus the transfer size.

Uncompressed sizes are the engine's own numbers (``docker history`` per layer, summing
to ``docker image inspect``'s ``Size``), so the chart agrees with the CLI. The
compressed (transfer) size is what a registry push would send: each layer tar
gzip-compressed at the default level, counted in bytes. Computing it needs the layer
tars (one ``docker save`` stream), so results are cached on disk per ``diff_id``:
layers never change, and the next chart of any image sharing them is instant.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docker
import docker.errors
import platformdirs
import requests.exceptions

from workbench.core.engine.streaming import call_timeout
from workbench.core.errors import EngineOperationError
from workbench.core.history_text import instruction_of
from workbench.core.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress
from workbench.core.sizes.registry import registry_layer_sizes
from workbench.core.sizes.stream import SAVE_IDLE_TIMEOUT, saved_stream

_CHUNK = 1 << 20


@dataclass(slots=True)
class LayerSize:
    index: int
    diff_id: str
    size: int  # bytes the engine reports for the layer (docker history)
    compressed: int | None = None  # gzip bytes of the layer tar, None when not measured
    command: str = ""  # created_by of the step that made it


@dataclass(slots=True)
class ImageSizes:
    ref: str  # the name it was asked for
    image_id: str
    size: int  # docker image inspect .Size
    layers: list[LayerSize] = field(default_factory=list)
    # Where compressed sizes come from: "registry" (the manifest the image was pulled or
    # pushed with), "gzip" (layer tars compressed here), "" (not measured).
    compressed_from: str = ""

    @property
    def compressed(self) -> int | None:
        """Transfer size of the whole image, None when any layer was not measured."""
        if any(layer.compressed is None for layer in self.layers):
            return None
        return sum(layer.compressed or 0 for layer in self.layers)

    def to_json(self) -> dict[str, Any]:
        return {
            "ref": self.ref, "image_id": self.image_id, "size": self.size,
            "compressed": self.compressed, "compressed_from": self.compressed_from,
            "layer_count": len(self.layers),
            "layers": [{"index": la.index, "diff_id": la.diff_id, "size": la.size,
                        "compressed": la.compressed, "command": la.command}
                       for la in self.layers],
        }


def scratch_sizes() -> ImageSizes:
    """``scratch`` is built into the engine: no layers, 0 bytes."""
    return ImageSizes("scratch", "", 0, [])


def cache_file() -> Path:
    base = os.environ.get("WORKBENCH_CACHE_DIR") or platformdirs.user_cache_dir("image-workbench")
    return Path(base) / "sizes.json"


def _load_cache() -> dict[str, Any]:
    """{"layers": {diff_id: gzip bytes}, "registry": {diff_id: registry blob bytes},
    "images": {image id: [empty_layer flag per history entry]}}."""
    try:
        data = json.loads(cache_file().read_text())
    except (OSError, ValueError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    for key in ("layers", "registry", "images"):
        data.setdefault(key, {})
    return data


def _store_cache(layers: dict[str, int], image_id: str, empty_flags: list[bool],
                 registry: dict[str, int] | None = None) -> None:
    """Merge into the cache file; written atomically so concurrent readers never see half."""
    data = _load_cache()
    data["layers"].update(layers)
    data["registry"].update(registry or {})
    data["images"][image_id] = empty_flags
    path = cache_file()
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".sizes-")
        with os.fdopen(fd, "w") as handle:
            json.dump(data, handle)
        os.replace(tmp, path)


def image_sizes(
    client: docker.DockerClient,
    ref: str,
    *,
    compressed: bool = True,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> ImageSizes:
    """Sizes of the local image ``ref``; raises EngineOperationError when it is missing."""
    cancel = cancel or CancelToken()
    try:
        inspect = client.api.inspect_image(ref)
        history = client.api.history(ref)
    except docker.errors.ImageNotFound as exc:
        raise EngineOperationError(
            f"The image {ref} is not on this engine: build or pull it first.") from exc
    except (docker.errors.APIError, requests.exceptions.RequestException) as exc:
        raise EngineOperationError(f"The engine could not describe {ref}: {exc}") from exc
    image_id = str(inspect["Id"])
    diff_ids = [str(d) for d in (inspect.get("RootFS") or {}).get("Layers") or []]
    # The engine's history is newest first and has one entry per config history entry.
    steps = list(reversed(history))
    cache = _load_cache()
    flags = cache["images"].get(image_id) or _flags_from_history(steps, len(diff_ids))
    # What the registry the image came through stores is the exact transfer size.
    registry = {d: cache["registry"][d] for d in diff_ids if d in cache["registry"]}
    fetched: dict[str, int] = {}
    if compressed and len(registry) < len(diff_ids) and inspect.get("RepoDigests"):
        fetched = registry = registry_layer_sizes(
            list(inspect["RepoDigests"]), diff_ids, str(inspect.get("Architecture") or "amd64"))
        cache["registry"].update(registry)
    from_registry = compressed and bool(diff_ids) and len(registry) == len(diff_ids)
    gzip_needed = compressed and not from_registry and any(
        d not in cache["layers"] for d in diff_ids)
    if flags is None or gzip_needed:
        cancel.check()
        measured, flags = _measure_saved(client, ref, int(inspect.get("Size") or 0),
                                         gzip_needed, progress, cancel)
        cache["layers"].update(measured)
        # Only flags read from the image itself are worth keeping: the history answers
        # for the rest, and short-lived measurement images would fill the file.
        _store_cache(measured, image_id, flags, fetched)
    elif fetched:
        _store_cache({}, image_id, flags, fetched)
    layer_steps = [step for step, empty in zip(steps, flags, strict=False) if not empty]
    layers = []
    source = cache["registry"] if from_registry else cache["layers"]
    for index, diff_id in enumerate(diff_ids):
        step = layer_steps[index] if index < len(layer_steps) else {}
        layers.append(LayerSize(
            index, diff_id, int(step.get("Size") or 0),
            source.get(diff_id) if compressed else None,
            str(step.get("CreatedBy") or ""),
        ))
    return ImageSizes(ref, image_id, int(inspect.get("Size") or 0), layers,
                      "registry" if from_registry else "gzip" if compressed else "")


_METADATA = frozenset({"ENV", "CMD", "LABEL", "EXPOSE", "ENTRYPOINT", "USER", "ARG", "VOLUME",
                       "STOPSIGNAL", "HEALTHCHECK", "SHELL", "ONBUILD", "MAINTAINER"})


def _flags_from_history(steps: list[dict[str, Any]], layer_count: int) -> list[bool] | None:
    """empty_layer flags read off the engine's history, or None when that is ambiguous.

    A step with bytes made a layer and a metadata instruction never does; when those
    rules account for exactly ``layer_count`` layers the answer is certain, otherwise
    (0-byte RUN, WORKDIR...) the config has to be read from the image itself.
    """
    flags = []
    for step in steps:
        keyword = instruction_of(str(step.get("CreatedBy") or ""))
        if int(step.get("Size") or 0) > 0:
            flags.append(False)
        elif keyword in _METADATA:
            flags.append(True)
        else:
            return None
    return flags if flags.count(False) == layer_count else None


def _measure_saved(client: docker.DockerClient, ref: str, total: int, gzip_layers: bool,
                   progress: ProgressCallback,
                   cancel: CancelToken) -> tuple[dict[str, int], list[bool]]:
    """Stream ``docker save``: gzip-count every layer tar and read the config's history.

    Returns ({diff_id: compressed bytes}, [empty_layer flag per history entry]).
    """
    compressed: dict[str, int] = {}
    configs: dict[str, dict[str, Any]] = {}
    done = 0
    try:
        with call_timeout(client, SAVE_IDLE_TIMEOUT), saved_stream(client, ref, cancel) as reader, \
                tarfile.open(fileobj=reader, mode="r|") as outer:
            for member in outer:
                cancel.check()
                if not member.isfile():
                    continue
                handle = outer.extractfile(member)
                if handle is None:
                    continue
                if member.name.endswith("layer.tar") and gzip_layers:
                    diff_id, size = _gzip_count(handle, cancel)
                    compressed[diff_id] = size
                    done += member.size
                    progress(ProgressEvent("compress", done, total or None, "bytes",
                                           f"measuring the transfer size of {ref}"))
                elif member.name.endswith(".json") and member.name != "manifest.json":
                    with contextlib.suppress(ValueError):
                        configs[member.name] = json.loads(handle.read())
    except (docker.errors.APIError, requests.exceptions.RequestException,
            tarfile.TarError, OSError) as exc:
        cancel.check()
        raise EngineOperationError(f"The engine could not export {ref}: {exc}") from exc
    config = next((c for c in configs.values() if "rootfs" in c), {})
    flags = [bool(h.get("empty_layer")) for h in config.get("history") or []]
    return compressed, flags


def _gzip_count(handle: Any, cancel: CancelToken) -> tuple[str, int]:
    """(diff_id, gzip-compressed size) of one layer tar, read in chunks."""
    digest = hashlib.sha256()
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)  # wbits 31: gzip framing
    size = 0
    while True:
        chunk = handle.read(_CHUNK)
        if not chunk:
            break
        digest.update(chunk)
        size += len(compressor.compress(chunk))
        cancel.check()
    size += len(compressor.flush())
    return f"sha256:{digest.hexdigest()}", size
