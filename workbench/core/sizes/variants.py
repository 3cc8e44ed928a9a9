""""Your Dockerfile on each base": the open Dockerfile built with only the final FROM changed.

Each variant is a real build on the engine, measured with the engine's numbers and
removed afterwards unless the caller keeps it. A variant that fails is reported as
failed with the engine's message; a base that is not available is reported as such,
never as a 0-byte image.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import docker

from workbench.core.dockerfile.edit import set_base
from workbench.core.dockerfile.parser import parse
from workbench.core.engine.build import (
    BuildRequest,
    remove_built,
    run_build,
    step_progress,
    throwaway_tag,
)
from workbench.core.errors import CancelledError, EngineOperationError, WorkbenchError
from workbench.core.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress
from workbench.core.sizes.bases import Availability, ensure_local, normalise
from workbench.core.sizes.layers import ImageSizes, image_sizes

PURPOSE = "size-variant"


class VariantStatus(StrEnum):
    BUILT = "built"
    FAILED = "failed"
    NOT_AVAILABLE = "not available"


@dataclass(slots=True)
class Variant:
    base: str
    status: VariantStatus
    sizes: ImageSizes | None = None
    error: str = ""
    kept_tag: str = ""  # the image's tag when the caller asked to keep it
    output: str = ""  # the build's whole output, as the engine printed it

    @property
    def size(self) -> int | None:
        return self.sizes.size if self.sizes else None

    @property
    def layer_count(self) -> int | None:
        return len(self.sizes.layers) if self.sizes else None

    def to_json(self) -> dict[str, Any]:
        return {"base": self.base, "status": str(self.status), "size": self.size,
                "layer_count": self.layer_count, "error": self.error,
                "kept_tag": self.kept_tag or None, "output": self.output,
                "image": self.sizes.to_json() if self.sizes else None}


def final_base(dockerfile_text: str) -> str:
    """The image the final stage starts from, as written ("" when there is no FROM)."""
    stages = parse(dockerfile_text).stages
    return stages[-1].base if stages else ""


def variant_text(dockerfile_text: str, base: str) -> str:
    """The Dockerfile with only its final stage's FROM pointing at ``base``."""
    try:
        return set_base(dockerfile_text, base)
    except ValueError as exc:
        raise EngineOperationError(
            f"The Dockerfile cannot be varied: {exc} Add a FROM line first.") from exc


def build_variant(
    client: docker.DockerClient,
    dockerfile_text: str,
    context_dir: Path | None,
    base: str,
    *,
    keep: bool = False,
    pull: bool = True,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> Variant:
    cancel = cancel or CancelToken()
    base = normalise(base)
    availability, note = ensure_local(client, base, pull, cancel)
    if availability is Availability.NOT_AVAILABLE:
        return Variant(base, VariantStatus.NOT_AVAILABLE, error=f"{base} is not available: "
                                                                f"{note}.")
    text = variant_text(dockerfile_text, base)
    transcript: list[str] = []
    try:
        tag = throwaway_tag()
        request = BuildRequest(context_dir, dockerfile_text=text, tag=tag, purpose=PURPOSE)
        built = run_build(client, request, step_progress(progress, transcript), cancel)
    except CancelledError:
        raise
    except WorkbenchError as exc:
        return Variant(base, VariantStatus.FAILED, error=str(exc), output="".join(transcript))
    try:
        sizes = image_sizes(client, tag, compressed=False, cancel=cancel)
    finally:
        if not keep:
            remove_built(client, built)
    return Variant(base, VariantStatus.BUILT, sizes, kept_tag=tag if keep else "",
                   output="".join(transcript))


def build_variants(
    client: docker.DockerClient,
    dockerfile_text: str,
    context_dir: Path | None,
    bases: list[str] | tuple[str, ...],
    *,
    keep: bool = False,
    pull: bool = True,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> list[Variant]:
    """Build one variant per base, one after another (builds share the machine)."""
    cancel = cancel or CancelToken()
    unique = list(dict.fromkeys(normalise(b) for b in bases if b.strip()))
    results = []
    for index, base in enumerate(unique):
        cancel.check()
        progress(ProgressEvent("variants", index, len(unique), "builds", f"building on {base}"))
        results.append(build_variant(client, dockerfile_text, context_dir, base, keep=keep,
                                     pull=pull, cancel=cancel))
    progress(ProgressEvent("variants", len(unique), len(unique), "builds"))
    return results
