"""One number for each quantity: image and layer sizes as every view shows them.

The timeline, its summary, the Layers dock, the editor's gutter and ``workbench
analyze`` all read sizes here, so they cannot disagree. A layer's size is the bytes of
its files (as dive counts them); the uncompressed tar the engine stores is larger by
its headers and whiteouts, and is shown beside it, labelled, where a view shows both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def number(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def layer_size(analysis: Any, report: Any, layer: int) -> int:
    """The analysis' layer size (file bytes, as dive and ``workbench layers`` count them),
    so the timeline, the gutter and the CLI agree; the stored tar size (headers and
    whiteouts included) only when the layer has no report."""
    size = number(getattr(report, "size_bytes", None)) if report is not None else None
    if size is not None:
        return size
    layers = analysis.info.layers
    return layers[layer].size if layer < len(layers) else 0


def layer_tar_size(analysis: Any, layer: int) -> int | None:
    """The layer's uncompressed tar as stored (headers and whiteouts included)."""
    layers = analysis.info.layers
    size = layers[layer].size if 0 <= layer < len(layers) else 0
    return size or None


@dataclass(slots=True)
class Summary:
    size: int | None
    layers: int
    steps: int
    efficiency: float | None
    wasted: int | None
    user_wasted_percent: float | None
    reclaimable: int | None


def summary_of(analysis: Any) -> Summary:
    info = analysis.info
    metrics = getattr(analysis, "metrics", None)
    size = number(getattr(analysis, "size_bytes", None))
    efficiency = getattr(metrics, "efficiency", None)
    percent = getattr(metrics, "user_wasted_percent", None)
    return Summary(
        size=size if size is not None else info.size,
        layers=len(info.layers),
        steps=len(info.history),
        efficiency=float(efficiency) if isinstance(efficiency, int | float) else None,
        wasted=number(getattr(metrics, "wasted_bytes", None)),
        user_wasted_percent=float(percent) if isinstance(percent, int | float) else None,
        reclaimable=number(getattr(metrics, "reclaimable_bytes", None)),
    )
