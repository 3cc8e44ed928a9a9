"""Numbers out of the size views: human sizes for text, CSV rows for spreadsheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from workbench.core.sizes.bases import BaseSize
from workbench.core.sizes.layers import ImageSizes
from workbench.core.sizes.variants import Variant


def _csv(header: list[str], rows: Iterable[list[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return out.getvalue()


def bases_csv(bases: list[BaseSize]) -> str:
    """One row per layer of each base (a base without layers gets one row)."""
    rows: list[list[object]] = []
    for base in bases:
        if not base.sizes or not base.sizes.layers:
            rows.append([base.name, str(base.availability), base.sizes.size if base.sizes
                         else None, base.sizes.compressed if base.sizes else None, "", "",
                         "", "", base.note])
            continue
        for layer in base.sizes.layers:
            rows.append([base.name, str(base.availability), base.sizes.size,
                         base.sizes.compressed, layer.index, layer.diff_id, layer.size,
                         layer.compressed, base.note])
    return _csv(["base", "availability", "image_bytes", "image_compressed_bytes",
                 "layer", "diff_id", "layer_bytes", "layer_compressed_bytes", "note"], rows)


def variants_csv(variants: list[Variant]) -> str:
    return _csv(["base", "status", "image_bytes", "layers", "error"],
                [[v.base, str(v.status), v.size, v.layer_count, v.error] for v in variants])


def layers_csv(image: ImageSizes) -> str:
    return _csv(["layer", "diff_id", "bytes", "compressed_bytes", "command"],
                [[la.index, la.diff_id, la.size, la.compressed, la.command]
                 for la in image.layers])
