"""What the advisor needs to know about a built image, and how layers map to lines.

``ImageFacts`` holds, per layer, the command that made it, the copies of files that
a later layer deleted or overwrote (they still ship in the earlier layer), and the
files of the final filesystem. It is filled from the workbench's image analysis when
the caller has one (``facts_from_analysis``) or by reading the layer tar headers of
an engine image (``scan_engine_image``; contents are never read).
"""

from __future__ import annotations

import json
import posixpath
import tarfile
from dataclasses import dataclass, field
from typing import Any

import docker
import docker.errors
import requests.exceptions

from workbench.core.dockerfile.parser import Dockerfile, Instruction
from workbench.core.engine.streaming import call_timeout
from workbench.core.errors import EngineOperationError
from workbench.core.history_text import instruction_of
from workbench.core.progress import CancelToken
from workbench.core.sizes.stream import SAVE_IDLE_TIMEOUT, saved_stream

LAYER_KEYWORDS = ("RUN", "COPY", "ADD", "WORKDIR")


@dataclass(slots=True)
class Reclaim:
    path: str
    bytes: int
    created_in: int  # layer index that wrote the copy
    removed_in: int  # layer index that deleted or overwrote it
    deleted: bool  # True: deleted; False: overwritten


@dataclass(slots=True)
class ImageFacts:
    layer_commands: list[str]  # created_by of each layer's history step
    reclaim: list[Reclaim] = field(default_factory=list)
    files: dict[str, int] = field(default_factory=dict)  # final filesystem: path -> bytes

    @property
    def reclaimable_bytes(self) -> int:
        return sum(r.bytes for r in self.reclaim)


def layer_instructions(dockerfile: Dockerfile, facts: ImageFacts) -> dict[int, Instruction]:
    """Layer index -> the final stage's instruction that made it.

    The image's last layers come from the final stage's layer-making instructions in
    order; they are matched from the end by keyword, so a WORKDIR that made no layer,
    or base layers before them, fall out naturally.
    """
    if not dockerfile.stages:
        return {}
    candidates = [i for i in dockerfile.stages[-1].instructions if i.keyword in LAYER_KEYWORDS]
    mapping: dict[int, Instruction] = {}
    index = len(facts.layer_commands) - 1
    for instruction in reversed(candidates):
        if index < 0:
            break
        keyword = instruction_of(facts.layer_commands[index])
        if keyword == instruction.keyword or (keyword == "RUN" and instruction.keyword == "RUN"):
            mapping[index] = instruction
            index -= 1
    return mapping


def facts_from_analysis(analysis: Any) -> ImageFacts:
    """Adapter for ``workbench.core.analysis`` results (``metrics.reclaimable``, ``layers``)."""
    layers = getattr(analysis, "layers", None) or getattr(getattr(analysis, "info", None),
                                                            "layers", [])
    # created_by keeps the builder's spelling (``#(nop) COPY``) that layer matching reads.
    commands = [str(getattr(layer, "created_by", "") or getattr(layer, "command", ""))
                for layer in layers]
    reclaim = []
    metrics = getattr(analysis, "metrics", None)
    for item in getattr(metrics, "reclaimable", None) or []:
        created = list(getattr(item, "created_in", []) or [0])
        deleted = list(getattr(item, "deleted_in", []) or [])
        overwritten = list(getattr(item, "overwritten_in", []) or [])
        removed = deleted or overwritten
        if not removed:
            continue
        reclaim.append(Reclaim(str(item.path), int(item.bytes), int(created[0]),
                               int(removed[0]), bool(deleted)))
    return ImageFacts(commands, reclaim, {})


def scan_engine_image(client: docker.DockerClient, ref: str,
                      cancel: CancelToken | None = None) -> ImageFacts:
    """Read an engine image's layer headers through ``docker save``."""
    cancel = cancel or CancelToken()
    scans: dict[str, list[tarfile.TarInfo]] = {}
    manifest: list[dict[str, Any]] = []
    configs: dict[str, dict[str, Any]] = {}
    try:
        history = client.api.history(ref)
        with call_timeout(client, SAVE_IDLE_TIMEOUT), saved_stream(client, ref, cancel) as reader, \
                tarfile.open(fileobj=reader, mode="r|") as outer:
            for member in outer:
                cancel.check()
                handle = outer.extractfile(member) if member.isfile() else None
                if handle is None:
                    continue
                if member.name.endswith("layer.tar"):
                    with tarfile.open(fileobj=handle, mode="r|") as layer:
                        scans[member.name] = [m for m in layer]
                elif member.name == "manifest.json":
                    manifest = json.loads(handle.read())
                elif member.name.endswith(".json"):
                    configs[member.name] = json.loads(handle.read())
    except (docker.errors.APIError, requests.exceptions.RequestException, tarfile.TarError,
            OSError, ValueError) as exc:
        cancel.check()
        raise EngineOperationError(f"The engine could not export {ref}: {exc}") from exc
    order = manifest[0].get("Layers", []) if manifest else []
    config = configs.get(manifest[0].get("Config", "")) if manifest else None
    flags = [bool(h.get("empty_layer")) for h in (config or {}).get("history") or []]
    steps = [s for s, empty in zip(reversed(history), flags, strict=False) if not empty]
    commands = [str(s.get("CreatedBy") or "") for s in steps]
    facts = ImageFacts(commands + [""] * (len(order) - len(commands)))
    _replay([scans.get(name, []) for name in order], facts)
    return facts


def _replay(layers: list[list[tarfile.TarInfo]], facts: ImageFacts) -> None:
    """Apply layers in order, recording every file copy that stops being visible."""
    live: dict[str, tuple[int, int]] = {}  # path -> (layer, bytes) of regular files
    for index, members in enumerate(layers):
        for member in members:
            name = member.name[2:] if member.name.startswith("./") else member.name
            path = posixpath.normpath(name).lstrip("/")
            directory, name = posixpath.split(path)
            if name == ".wh..wh..opq":
                _remove_below(live, directory, index, facts, include_self=False)
                continue
            if name.startswith(".wh."):
                _remove_below(live, posixpath.join(directory, name[4:]), index, facts)
                continue
            if member.isdir():
                continue
            old = live.pop(path, None)
            if old is not None and old[1] > 0:
                facts.reclaim.append(Reclaim(path, old[1], old[0], index, deleted=False))
            live[path] = (index, member.size if member.isfile() else 0)
    facts.files = {path: size for path, (_layer, size) in live.items()}


def _remove_below(live: dict[str, tuple[int, int]], target: str, layer: int,
                  facts: ImageFacts, include_self: bool = True) -> None:
    prefix = target.rstrip("/") + "/"
    # Only copies from lower layers: this layer's own files in an opaque dir survive.
    for path in [p for p, (created, _size) in live.items() if created < layer
                 and (p.startswith(prefix) or (include_self and p == target))]:
        created, size = live.pop(path)
        if size > 0:
            facts.reclaim.append(Reclaim(path, size, created, layer, deleted=True))
