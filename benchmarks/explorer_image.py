"""The synthetic 500,000-file image of the explorer scale benchmark, as an OCI layout.

A base layer, a layer that adds files and rewrites 50,000 of the base's, and a layer
with a flat 20,000-file folder and whiteouts removing 300 folders. The merged filesystem
holds 500,000 files. Written directly (no engine needed).
"""

from __future__ import annotations

import hashlib
import json
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

BASE_DIRS, BASE_FILES = 3500, 100  # 350,000 files in usr/share/pNNNN/fNN
ADD_DIRS, ADD_FILES = 1000, 100  # 100,000 new files in opt/app/mNNNN/gNN
OVERWRITTEN_DIRS = 500  # usr/share/p0..p499 rewritten in layer 1 (50,000 files)
FLAT_FILES = 20000  # var/flat/xNNNNN in layer 2
SRV_DIRS, SRV_FILES = 600, 100  # 60,000 more in layer 2
DELETED_DIRS = range(500, 800)  # whiteouts in layer 2 (30,000 files gone)


# Layers -----------------------------------------------------------------------
def _entries(layer: int) -> Iterator[tuple[str, str, int]]:
    """(path, kind, size) of a layer's members; sizes vary so sorting by size means something."""
    if layer == 0:
        yield "usr", "dir", 0
        yield "usr/share", "dir", 0
        for d in range(BASE_DIRS):
            yield f"usr/share/p{d:04d}", "dir", 0
            for f in range(BASE_FILES):
                yield f"usr/share/p{d:04d}/f{f:02d}", "file", 2048 if f % 20 == 0 else 0
    elif layer == 1:
        yield "opt", "dir", 0
        yield "opt/app", "dir", 0
        for d in range(ADD_DIRS):
            yield f"opt/app/m{d:04d}", "dir", 0
            for f in range(ADD_FILES):
                yield f"opt/app/m{d:04d}/g{f:02d}", "file", 1024 if f % 25 == 0 else 0
        yield "usr", "dir", 0
        yield "usr/share", "dir", 0
        for d in range(OVERWRITTEN_DIRS):
            yield f"usr/share/p{d:04d}", "dir", 0
            for f in range(BASE_FILES):
                yield f"usr/share/p{d:04d}/f{f:02d}", "file", 4096 if f % 20 == 0 else 0
    else:
        yield "var", "dir", 0
        yield "var/flat", "dir", 0
        for f in range(FLAT_FILES):
            yield f"var/flat/x{f:05d}", "file", 512 if f % 10 == 0 else 0
        yield "srv", "dir", 0
        for d in range(SRV_DIRS):
            yield f"srv/s{d:04d}", "dir", 0
            for f in range(SRV_FILES):
                yield f"srv/s{d:04d}/h{f:02d}", "file", 0
        yield "usr", "dir", 0
        yield "usr/share", "dir", 0
        for d in DELETED_DIRS:
            yield f"usr/share/.wh.p{d:04d}", "file", 0


def _write_layer(path: Path, layer: int) -> tuple[str, int]:
    """Write one layer tar; returns (sha256 digest, size)."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "wb") as out:
        def put(data: bytes) -> None:
            nonlocal size
            out.write(data)
            digest.update(data)
            size += len(data)

        for name, kind, length in _entries(layer):
            info = tarfile.TarInfo(name)
            info.mtime = 1_700_000_000
            if kind == "dir":
                info.type, info.mode = tarfile.DIRTYPE, 0o755
            else:
                info.size, info.mode = length, 0o644
            put(info.tobuf(tarfile.GNU_FORMAT))
            if length:
                put(b"\0" * (length + (-length % 512)))
        put(b"\0" * 1024)
    return "sha256:" + digest.hexdigest(), size


def make_image(folder: Path) -> Path:
    """An OCI layout in ``folder`` (reused when already complete)."""
    if (folder / "index.json").exists():
        return folder
    blobs = folder / "blobs" / "sha256"
    blobs.mkdir(parents=True, exist_ok=True)
    layers = []
    for layer in range(3):
        temp = blobs / f"tmp-{layer}"
        digest, size = _write_layer(temp, layer)
        temp.rename(blobs / digest.split(":")[1])
        layers.append((digest, size))
    history = [
        {"created_by": "/bin/sh -c #(nop) ADD file:base in / "},
        {"created_by": '/bin/sh -c #(nop)  CMD ["sh"]', "empty_layer": True},
        {"created_by": "/bin/sh -c #(nop)  ENV APP=/opt/app", "empty_layer": True},
        {"created_by": "/bin/sh -c install-app && regenerate /usr/share"},
        {"created_by": "/bin/sh -c #(nop) WORKDIR /srv", "empty_layer": True},
        {"created_by": "/bin/sh -c unpack-data && rm -rf /usr/share/p05*"},
        {"created_by": '/bin/sh -c #(nop)  CMD ["serve"]', "empty_layer": True},
    ]
    config = {"architecture": "amd64", "os": "linux", "created": "2026-01-01T00:00:00Z",
              "config": {"Cmd": ["serve"]}, "history": history,
              "rootfs": {"type": "layers", "diff_ids": [d for d, _ in layers]}}
    manifest = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "config": _blob(blobs, json.dumps(config).encode(),
                                "application/vnd.oci.image.config.v1+json"),
                "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar",
                            "digest": d, "size": s} for d, s in layers]}
    index = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
             "manifests": [_blob(blobs, json.dumps(manifest).encode(),
                                 "application/vnd.oci.image.manifest.v1+json")]}
    (folder / "oci-layout").write_text('{"imageLayoutVersion": "1.0.0"}')
    (folder / "index.json").write_text(json.dumps(index))
    return folder


def _blob(blobs: Path, data: bytes, media_type: str) -> dict[str, Any]:
    digest = hashlib.sha256(data).hexdigest()
    (blobs / digest).write_bytes(data)
    return {"mediaType": media_type, "digest": f"sha256:{digest}", "size": len(data)}


