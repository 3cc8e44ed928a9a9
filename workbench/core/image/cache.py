"""On-disk cache of layer scans keyed by diff_id (layers are immutable).

One file per layer: a fixed header (magic, format version, payload length, xxh3-128
of the payload) then a zlib-compressed msgpack payload holding the entries column by
column (columns pack and load faster than one record per entry). A file whose
header, checksum or payload does not check out is ignored and rewritten, never
trusted. Writes go to a temp file in the same folder and are renamed into place, so
a reader never sees half a file. msgpack, unlike pickle, cannot run code on load.

The image configs of engine images are cached the same way by image id, because the
engine only hands out the exact config (with ``empty_layer`` flags) inside ``save``.
"""

from __future__ import annotations

import contextlib
import os
import re
import struct
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgpack
import xxhash

from workbench.core.model import Entry, Kind, LayerScan

MAGIC = b"IWLC"
VERSION = 1
_HEADER = struct.Struct(">4sHQ16s")  # magic, version, payload length, xxh3-128 digest
_DIGEST = re.compile(r"^[a-z0-9]+:[0-9a-f]{32,128}$")
_KIND_LIST = list(Kind)
_KIND_CODE = {k: i for i, k in enumerate(_KIND_LIST)}


def default_cache_dir() -> Path:
    env = os.environ.get("WORKBENCH_CACHE_DIR")
    if env:
        return Path(env) / "layers"
    import platformdirs

    return Path(platformdirs.user_cache_dir("image-workbench")) / "layers"


@dataclass(slots=True)
class CachedLayer:
    scan: LayerScan
    tar_size: int  # bytes of the uncompressed layer tar (0 when unknown)


def _pack_scan(scan: LayerScan, tar_size: int) -> dict[str, Any]:
    entries = scan.entries
    return {
        "diff_id": scan.diff_id,
        "tar_size": tar_size,
        "opaque": scan.opaque_dirs,
        # Paths are str with possible surrogate escapes: stored as UTF-8 bytes that
        # round-trip through surrogateescape.
        "path": [e.path.encode("utf-8", "surrogateescape") for e in entries],
        "kind": bytes(_KIND_CODE[e.kind] for e in entries),
        "size": [e.size for e in entries],
        "mode": [e.mode for e in entries],
        "uid": [e.uid for e in entries],
        "gid": [e.gid for e in entries],
        "link": [e.link.encode("utf-8", "surrogateescape") for e in entries],
        "mtime": [e.mtime for e in entries],
        "digest": [e.digest for e in entries],
    }


def _unpack_scan(obj: dict[str, Any], diff_id: str) -> CachedLayer:
    if obj.get("diff_id") != diff_id:
        raise ValueError("diff_id mismatch")
    kinds = _KIND_LIST
    entries = [
        Entry(p.decode("utf-8", "surrogateescape"), kinds[k], s, m, u, g,
              ln.decode("utf-8", "surrogateescape"), t, d)
        for p, k, s, m, u, g, ln, t, d in zip(
            obj["path"], obj["kind"], obj["size"], obj["mode"], obj["uid"], obj["gid"],
            obj["link"], obj["mtime"], obj["digest"], strict=True,
        )
    ]  # fmt: skip
    opaque = [str(o) for o in obj["opaque"]]
    return CachedLayer(LayerScan(diff_id, entries, opaque), int(obj["tar_size"]))


class LayerCache:
    """Layer scans and engine image configs on disk; safe to share between threads."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root if root is not None else default_cache_dir()

    def _file(self, key: str, suffix: str) -> Path | None:
        # Only well-formed digests become file names: nothing can climb out of root.
        if not _DIGEST.match(key):
            return None
        alg, _, hexpart = key.partition(":")
        return self.root / f"{alg}-{hexpart}.{suffix}"

    def _read(self, path: Path | None) -> bytes | None:
        if path is None:
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if len(data) < _HEADER.size:
            return None
        magic, version, length, digest = _HEADER.unpack_from(data)
        payload = data[_HEADER.size :]
        if (
            magic != MAGIC
            or version != VERSION
            or length != len(payload)
            or xxhash.xxh3_128_digest(payload) != digest
        ):
            return None
        try:
            return zlib.decompress(payload)
        except zlib.error:
            return None

    def _write(self, path: Path | None, raw: bytes) -> None:
        if path is None:
            return
        payload = zlib.compress(raw, 1)
        header = _HEADER.pack(MAGIC, VERSION, len(payload), xxhash.xxh3_128_digest(payload))
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=self.root)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(header)
                    f.write(payload)
                os.replace(tmp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError:
            pass  # a cache that cannot be written only costs speed next time

    def get(self, diff_id: str) -> CachedLayer | None:
        raw = self._read(self._file(diff_id, "scan"))
        if raw is None:
            return None
        try:
            return _unpack_scan(msgpack.unpackb(raw, raw=False), diff_id)
        except (ValueError, KeyError, TypeError, IndexError, msgpack.UnpackException):
            return None

    def put(self, scan: LayerScan, tar_size: int) -> None:
        packed = msgpack.packb(_pack_scan(scan, tar_size), use_bin_type=True)
        self._write(self._file(scan.diff_id, "scan"), packed)

    def get_config(self, image_id: str) -> bytes | None:
        return self._read(self._file(image_id, "config"))

    def put_config(self, image_id: str, raw: bytes) -> None:
        self._write(self._file(image_id, "config"), raw)
