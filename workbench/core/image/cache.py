"""On-disk cache of layer scans keyed by diff_id (layers are immutable).

One file per layer: a fixed header (magic, format version, payload length, xxh3-128
of the payload) then a zlib-compressed msgpack payload holding the entries column by
column (columns pack and load faster than one record per entry). A file whose
header, checksum or payload does not check out is ignored and rewritten, never
trusted. Writes go to a temp file in the same folder and are renamed into place, so
a reader never sees half a file. msgpack, unlike pickle, cannot run code on load.

The image configs of engine images are cached the same way by image id, because the
engine only hands out the exact config (with ``empty_layer`` flags) inside ``save``.
Analysis reports too, but stored uncompressed (magic ``IWLR``): a report is read far
more often than written, and inflating its few megabytes of JSON text would cost a
cached ``workbench analyze`` a tenth of its time.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import re
import struct
import sys
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import msgpack
import xxhash

# The model (and the dataclasses machinery under it) loads only when a layer scan is
# packed or unpacked: a cached analysis report is read through this class without any.
if TYPE_CHECKING:
    from workbench.core.model import LayerScan

MAGIC = b"IWLC"  # zlib-compressed payload
MAGIC_RAW = b"IWLR"  # payload as it is
VERSION = 2
_HEADER = struct.Struct(">4sHQ16s")  # magic, version, payload length, xxh3-128 digest
_DIGEST = re.compile(r"^[a-z0-9]+:[0-9a-f]{32,128}$")


log = logging.getLogger(__name__)
# (cache dir, errno) already reported: one sentence per cause, not one per layer.
_SAID: set[tuple[str, int | None]] = set()


def default_cache_dir() -> Path:
    env = os.environ.get("WORKBENCH_CACHE_DIR")
    if env:
        return Path(env) / "layers"
    if sys.platform.startswith("linux"):
        # The XDG rule platformdirs applies on Linux, without importing it on the
        # start-up path of every command.
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
        return base / "image-workbench" / "layers"
    import platformdirs

    return Path(platformdirs.user_cache_dir("image-workbench")) / "layers"


class CachedLayer(NamedTuple):
    scan: LayerScan
    tar_size: int  # bytes of the uncompressed layer tar (0 when unknown)
    checksum: bytes = b""  # of the cache file it came from


def _pack_scan(scan: LayerScan, tar_size: int) -> dict[str, Any]:
    from workbench.core.model import Kind

    codes = {k: i for i, k in enumerate(Kind)}
    columns = _entry_columns(scan.entries, codes)
    paths, kinds, sizes, modes, uids, gids, links, mtimes, digests = columns
    return {
        "diff_id": scan.diff_id,
        "tar_size": tar_size,
        "opaque": scan.opaque_dirs,
        # Paths and links travel as one NUL-joined UTF-8 blob each (tar names cannot
        # hold NUL): one decode and one split load a million names far faster than a
        # million decodes. surrogateescape keeps names that are not UTF-8 intact.
        "path": "\0".join(paths).encode("utf-8", "surrogateescape"),
        "kind": kinds,
        "size": sizes,
        "mode": modes,
        "uid": uids,
        "gid": gids,
        "link": "\0".join(links).encode("utf-8", "surrogateescape"),
        "mtime": mtimes,
        "digest": digests,
        "count": len(paths),
    }


def _entry_columns(entries: list[Any], codes: dict[Any, int]) -> tuple[Any, ...]:
    """The entries' fields as columns: each packs as one array instead of per entry."""
    return ([e.path for e in entries], bytes([codes[e.kind] for e in entries]),
            [e.size for e in entries], [e.mode for e in entries], [e.uid for e in entries],
            [e.gid for e in entries], [e.link for e in entries], [e.mtime for e in entries],
            [e.digest for e in entries])


def _split(blob: bytes, count: int) -> list[str]:
    if count == 0:
        return []
    parts = blob.decode("utf-8", "surrogateescape").split("\0")
    if len(parts) != count:
        raise ValueError("name column does not match the entry count")
    return parts


def _unpack_scan(obj: dict[str, Any], diff_id: str, checksum: bytes) -> CachedLayer:
    from workbench.core.model import Entry, Kind, LayerScan

    kinds = list(Kind)
    if obj.get("diff_id") != diff_id:
        raise ValueError("diff_id mismatch")
    count = int(obj["count"])
    columns = (
        _split(obj["path"], count),
        [kinds[k] for k in obj["kind"]],
        obj["size"], obj["mode"], obj["uid"], obj["gid"],
        _split(obj["link"], count),
        obj["mtime"], obj["digest"],
    )  # fmt: skip
    if any(len(column) != count for column in columns):
        raise ValueError("columns of different lengths")
    entries = list(map(Entry, *columns))
    opaque = [str(o) for o in obj["opaque"]]
    return CachedLayer(LayerScan(diff_id, entries, opaque), int(obj["tar_size"]), checksum)


_TEMPORARY_NAMES = itertools.count()


class Staged(NamedTuple):
    """A cache file written under a temporary name, not yet visible to readers."""

    tmp: str
    path: Path
    checksum: bytes


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
        found = self._read_checked(path)
        return found[0] if found is not None else None

    def _read_checked(self, path: Path | None) -> tuple[bytes, bytes] | None:
        """(payload, its checksum) of a cache file that checks out, else None."""
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
            magic not in (MAGIC, MAGIC_RAW)
            or version != VERSION
            or length != len(payload)
            or xxhash.xxh3_128_digest(payload) != digest
        ):
            return None
        if magic == MAGIC_RAW:
            return payload, digest
        try:
            return zlib.decompress(payload), digest
        except zlib.error:
            return None

    def _write(self, path: Path | None, raw: bytes, *, compress: bool = True) -> bytes | None:
        """Store ``raw``; returns the payload checksum, None when nothing was written."""
        staged = self._stage(path, raw, compress)
        return self.commit(staged) if staged is not None else None

    def _stage(self, path: Path | None, raw: bytes, compress: bool) -> Staged | None:
        """``raw`` written under a temporary name, to ``commit`` or ``discard``."""
        if path is None:
            return None
        payload = zlib.compress(raw, 1) if compress else raw
        checksum = xxhash.xxh3_128_digest(payload)
        header = _HEADER.pack(MAGIC if compress else MAGIC_RAW, VERSION, len(payload), checksum)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd, tmp = self._create_temporary()
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(header)
                    f.write(payload)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError as exc:
            self._cannot_write(exc)  # it only costs speed next time, but say so
            return None
        return Staged(tmp, path, checksum)

    def _cannot_write(self, exc: OSError) -> None:
        key = (str(self.root), exc.errno)
        if key not in _SAID:
            _SAID.add(key)
            log.warning("The cache %s cannot be written (%s): the analysis goes on without "
                        "caching.", self.root, exc.strerror or exc)

    def _create_temporary(self) -> tuple[int, str]:
        """A new file only this process can have made (the ``tempfile`` module and
        what it imports cost a command 10 ms)."""
        while True:
            name = str(self.root / f".tmp-{os.getpid()}-{next(_TEMPORARY_NAMES)}")
            try:
                return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), name
            except FileExistsError:
                continue  # left by an earlier process with this pid

    def commit(self, staged: Staged) -> bytes | None:
        """Put a staged file in place; its checksum, None when that failed."""
        try:
            os.replace(staged.tmp, staged.path)
        except OSError as exc:
            self._cannot_write(exc)
            self.discard(staged)
            return None
        return staged.checksum

    def discard(self, staged: Staged) -> None:
        with contextlib.suppress(OSError):
            os.unlink(staged.tmp)

    def get(self, diff_id: str) -> CachedLayer | None:
        found = self._read_checked(self._file(diff_id, "scan"))
        if found is None:
            return None
        try:
            return _unpack_scan(msgpack.unpackb(found[0], raw=False), diff_id, found[1])
        except (ValueError, KeyError, TypeError, IndexError, msgpack.UnpackException):
            return None

    def put(self, scan: LayerScan, tar_size: int) -> bytes | None:
        """Store a layer's scan; returns the stored file's checksum (None: not stored)."""
        staged = self.stage(scan, tar_size)
        return self.commit(staged) if staged is not None else None

    def stage(self, scan: LayerScan, tar_size: int) -> Staged | None:
        """``put`` up to the last step: the scan is written, not yet in place."""
        packed = msgpack.packb(_pack_scan(scan, tar_size), use_bin_type=True)
        return self._stage(self._file(scan.diff_id, "scan"), packed, True)

    def get_complete(self, image_id: str) -> list[bytes] | None:
        """The layer checksums recorded when the image's fingerprints were completed.

        Reopening compares them with the layers' current cache files: equal means the
        very files whose fingerprints were completed, so nothing needs re-checking.
        """
        raw = self._read(self._file(image_id, "done"))
        try:
            value = msgpack.unpackb(raw, raw=False) if raw is not None else None
        except (ValueError, msgpack.UnpackException):
            return None
        return value if isinstance(value, list) else None

    def put_complete(self, image_id: str, checksums: list[bytes]) -> None:
        self._write(self._file(image_id, "done"), msgpack.packb(checksums, use_bin_type=True))

    def get_result(self, image_id: str) -> bytes | None:
        """The stored analysis report of an image (``result_cache`` checks its version)."""
        return self._read(self._file(image_id, "result"))

    def put_result(self, image_id: str, raw: bytes) -> None:
        self._write(self._file(image_id, "result"), raw, compress=False)

    def get_config(self, image_id: str) -> bytes | None:
        return self._read(self._file(image_id, "config"))

    def put_config(self, image_id: str, raw: bytes) -> None:
        self._write(self._file(image_id, "config"), raw)
