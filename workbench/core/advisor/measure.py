"""Proving advice: build the Dockerfile before and after, and compare the engine's numbers.

Both builds are real, labelled ``advice-measure`` and removed once measured. A failing
"after" build is a result (shown with the engine's message), never a saving of zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docker

from workbench.core.advisor.advice import Advice
from workbench.core.engine.build import (
    BuildRequest,
    remove_built,
    run_build,
    step_progress,
    throwaway_tag,
)
from workbench.core.engine.dockerignore import parse_patterns, read_patterns
from workbench.core.errors import CancelledError, WorkbenchError
from workbench.core.progress import CancelToken, ProgressCallback, no_progress
from workbench.core.sizes.layers import image_sizes
from workbench.core.units import human_size

PURPOSE = "advice-measure"


@dataclass(slots=True)
class Measured:
    size: int  # docker image inspect .Size
    layers: int  # len(RootFS.Layers)
    context_bytes: int  # bytes of the build context tar sent to the engine
    image_id: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"size": self.size, "layers": self.layers, "context_bytes": self.context_bytes,
                "image_id": self.image_id}


@dataclass(slots=True)
class Measurement:
    advice: Advice
    before: Measured | None
    after: Measured | None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.before is not None and self.after is not None and not self.error

    @property
    def saved_bytes(self) -> int | None:
        if not (self.before and self.after):
            return None
        return self.before.size - self.after.size

    @property
    def saved_layers(self) -> int | None:
        if not (self.before and self.after):
            return None
        return self.before.layers - self.after.layers

    def saving(self) -> str:
        """``saves 524.3 kB (524,288 bytes) and 2 layers``; a change that grows the image
        says ``adds``, never a negative saving."""
        size, layers = self.saved_bytes, self.saved_layers
        if size is None or layers is None:
            return "not measured"
        if size == 0:
            said = "changes no bytes"
        else:
            verb = "saves" if size > 0 else "adds"
            said = f"{verb} {human_size(abs(size))} ({abs(size):,} bytes)"
        if layers:
            count = abs(layers)
            said += (f" and {'removes' if layers > 0 else 'adds'} {count} "
                     f"layer{'s' if count != 1 else ''}")
        return said

    def to_json(self) -> dict[str, Any]:
        return {"kind": str(self.advice.kind), "title": self.advice.title,
                "before": self.before.to_json() if self.before else None,
                "after": self.after.to_json() if self.after else None,
                "saved_bytes": self.saved_bytes, "saved_layers": self.saved_layers,
                "error": self.error}


def measure_build(client: docker.DockerClient, text: str, context_dir: Path | None, *,
                  ignore: list[str] | None = None, squash: bool = False,
                  progress: ProgressCallback = no_progress,
                  cancel: CancelToken | None = None) -> Measured:
    """Build ``text``, read the engine's size and layer count, remove the image.

    ``ignore`` patterns apply after the context's ``.dockerignore``.
    """
    tag = throwaway_tag()
    request = BuildRequest(context_dir, dockerfile_text=text, ignore=list(ignore or []),
                           tag=tag, squash=squash, purpose=PURPOSE)
    built = run_build(client, request, step_progress(progress), cancel)
    try:
        sizes = image_sizes(client, tag, compressed=False, cancel=cancel)
    finally:
        remove_built(client, built)
    return Measured(sizes.size, len(sizes.layers), built.context_bytes, sizes.image_id)


def added_patterns(context_dir: Path | None, new_dockerignore: str) -> list[str]:
    """The patterns a proposed ``.dockerignore`` adds to the context's own.

    The advisor's proposal is the file as it is with lines appended; the file's own
    patterns stay in force, so only the rest is passed to the build. A proposal that
    does not start with the file's patterns is applied in full after them.
    """
    new = parse_patterns(new_dockerignore)
    old = read_patterns(context_dir) if context_dir is not None else []
    return new[len(old):] if new[:len(old)] == old else new


def measure_advice(client: docker.DockerClient, text: str, context_dir: Path | None,
                   advice: Advice, before: Measured | None = None, *,
                   progress: ProgressCallback = no_progress,
                   cancel: CancelToken | None = None) -> Measurement:
    """Build the original (unless ``before`` is given) and the advised copy; compare."""
    if not advice.measurable:
        return Measurement(advice, before, None, advice.note or "This advice cannot be built "
                                                                "as it is.")
    try:
        if before is None:
            before = measure_build(client, text, context_dir, progress=progress, cancel=cancel)
    except CancelledError:
        raise
    except WorkbenchError as exc:
        return Measurement(advice, None, None, f"The original Dockerfile does not build: {exc}")
    ignore = (added_patterns(context_dir, advice.new_dockerignore)
              if advice.new_dockerignore is not None else None)
    try:
        after = measure_build(client, advice.new_dockerfile or text, context_dir,
                              ignore=ignore, squash=advice.squash, progress=progress,
                              cancel=cancel)
    except CancelledError:
        raise
    except WorkbenchError as exc:
        return Measurement(advice, before, None, str(exc))
    return Measurement(advice, before, after)
