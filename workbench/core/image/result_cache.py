"""Opening *and* analysing an image, with the analysis report cached by image id.

An image id is the digest of its config, which names every layer's diff_id; layers
are immutable, so the report (per-layer counts, dive's metrics, reclaimable bytes)
of one image id never changes while the code computing it stays the same. Reopening
an analysed image therefore reads its config, finds the report under
``sha256-<image id>.result`` and reads no layer scan at all.

The cache key includes an *analysis version*: a checksum of the source files whose
code decides the report (the analysis package, the scanner, the model). Any edit to
them, an upgrade included, recomputes the report from the layers instead of trusting
an old one. The first analysis of an image is always computed from its layers.

What comes back from the cache is a summary ``Analysis``: info, layer reports,
metrics and size, without the layer scans and per-entry statuses (``scans`` and
``changes`` are empty). It serves reports (``workbench analyze``); views that walk
file trees need ``open_image`` + ``analyze``.
"""

from __future__ import annotations

from dataclasses import fields
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgpack
import xxhash

from workbench.core.image.cache import LayerCache
from workbench.core.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress

if TYPE_CHECKING:
    import docker

    from workbench.core.analysis.analyze import Analysis

RESULT_FORMAT = 2
_CORE = Path(__file__).resolve().parents[1]
# Source files whose behaviour decides the report; see the module docstring.
# layout.py and engine_source.py build the history the layer reports' commands come from.
_VERSIONED = ("analysis/*.py", "image/tarscan.py", "image/fastscan.py",
              "image/fingerprints.py", "image/cache.py", "image/layout.py",
              "image/engine_source.py", "model.py", "history_text.py")


@cache
def analysis_version() -> str | None:
    """Checksum of the code that computes a report; None (no caching) when unreadable."""
    h = xxhash.xxh3_128()
    h.update(b"%d" % RESULT_FORMAT)
    try:
        for pattern in _VERSIONED:
            files = sorted(_CORE.glob(pattern))
            if not files:
                return None
            for path in files:
                h.update(path.name.encode())
                h.update(path.read_bytes())
    except OSError:
        return None
    return h.hexdigest()


def _columns(items: list[Any], names: list[str]) -> list[Any]:
    """One list per field; text columns (paths) as one NUL-joined blob, which loads
    several times faster than thousands of separate strings."""
    columns: list[Any] = []
    for name in names:
        column = [getattr(item, name) for item in items]
        if column and all(type(v) is str and "\0" not in v for v in column):
            columns.append({"text": "\0".join(column).encode("utf-8", "surrogateescape")})
        else:
            columns.append(column)
    return columns


def _rows(cls: Any, packed: list[Any], count: int) -> list[Any]:
    columns = [
        column["text"].decode("utf-8", "surrogateescape").split("\0")
        if isinstance(column, dict) else column
        for column in packed
    ]
    if any(len(column) != count for column in columns):
        raise ValueError("columns of different lengths")
    return list(map(cls, *columns)) if columns and count else []


def _field_names(cls: Any) -> list[str]:
    return [f.name for f in fields(cls)]


def _pack(analysis: Analysis, version: str) -> bytes:
    from workbench.core.analysis.analyze import LayerReport
    from workbench.core.analysis.metrics import InefficientFile
    from workbench.core.analysis.reclaimable import ReclaimablePath

    m = analysis.metrics
    doc = {
        "version": version,
        "image_id": analysis.info.id,
        "size_bytes": analysis.size_bytes,
        "efficiency": m.efficiency,
        "wasted_bytes": m.wasted_bytes,
        "user_wasted_percent": m.user_wasted_percent,
        "reclaimable_bytes": m.reclaimable_bytes,
        "layers": _columns(analysis.layers, _field_names(LayerReport)),
        "layer_count": len(analysis.layers),
        "inefficient": _columns(m.inefficient_files, _field_names(InefficientFile)),
        "inefficient_count": len(m.inefficient_files),
        "reclaimable": _columns(m.reclaimable, _field_names(ReclaimablePath)),
        "reclaimable_count": len(m.reclaimable),
    }
    return msgpack.packb(doc, use_bin_type=True)


def _unpack(raw: bytes, image: Any, version: str) -> Analysis | None:
    from workbench.core.analysis.analyze import Analysis, LayerReport, Metrics
    from workbench.core.analysis.metrics import InefficientFile
    from workbench.core.analysis.reclaimable import ReclaimablePath

    try:
        doc = msgpack.unpackb(raw, raw=False, strict_map_key=True)
        if doc["version"] != version or doc["image_id"] != image.id:
            return None
        layers = _rows(LayerReport, doc["layers"], int(doc["layer_count"]))
        if len(layers) != len(image.layers):
            return None
        metrics = Metrics(
            efficiency=float(doc["efficiency"]),
            wasted_bytes=int(doc["wasted_bytes"]),
            user_wasted_percent=float(doc["user_wasted_percent"]),
            inefficient_files=_rows(InefficientFile, doc["inefficient"],
                                    int(doc["inefficient_count"])),
            reclaimable_bytes=int(doc["reclaimable_bytes"]),
            reclaimable=_rows(ReclaimablePath, doc["reclaimable"],
                              int(doc["reclaimable_count"])),
        )
        return Analysis(info=image, layers=layers, metrics=metrics,
                        size_bytes=int(doc["size_bytes"]), scans=[], changes=[])
    except (ValueError, KeyError, TypeError, IndexError, msgpack.UnpackException):
        return None  # a damaged or foreign entry is recomputed, never trusted


def analyze_source(
    source: str,
    *,
    client: docker.DockerClient | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    cache: LayerCache | None = None,
) -> Analysis:
    """The analysis report of ``source``: from the result cache when this image id was
    analysed by the same code before, else ``open_image`` + ``analyze`` (then stored)."""
    from workbench.core.analysis.analyze import analyze
    from workbench.core.image.open import _make_source, _scan_all

    cache = cache if cache is not None else LayerCache()
    check = cancel.check if cancel is not None else (lambda: None)
    src = _make_source(source, client, cache)
    version = analysis_version()
    try:
        if version is not None:
            raw = cache.get_result(src.info.id)
            found = _unpack(raw, src.info, version) if raw is not None else None
            if found is not None:
                progress(ProgressEvent("analyze", 1, 1, "images", "report from the cache"))
                found.source = src
                return found
        if hasattr(src, "progress"):
            src.progress = progress  # the engine source reports the save stream's bytes
        image = _scan_all(src, cache, progress, check)
        analysis = analyze(image, progress=progress, cancel=cancel)
    except BaseException:
        src.close()
        raise
    if version is not None:
        cache.put_result(analysis.info.id, _pack(analysis, version))
    return analysis
