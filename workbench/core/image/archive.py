"""Image sources on disk: a ``docker save``/OCI archive file, or an OCI layout directory.

Both are seekable, so an uncompressed layer is scanned in place (headers read, file
contents seeked over) and revisited later only for the few files whose fingerprint
is needed. Compressed (gzip/zstd) layers must be decompressed front to back, so
their regular files are fingerprinted during the one pass.
"""

from __future__ import annotations

import contextlib
import io
import os
import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from xxhash import xxh3_128_hexdigest

from workbench.core.errors import BadSourceError
from workbench.core.image.layer_digest import LayerDigests
from workbench.core.image.layout import MAX_METADATA, Layout, resolve
from workbench.core.model import ImageInfo, Kind, LayerScan
from workbench.core.tar.scan import (
    SMALL_FILE,
    content_chunks,
    fingerprint,
    iter_members,
    scan_tar,
)
from workbench.core.tar.streams import (
    FileWindow,
    ReaderIO,
    StreamReader,
    bounded_chunks,
    compression_of,
    decompressed,
)


def _member_name(name: str) -> str:
    """Archive member names compare without ``./``, leading ``/`` or ``a/../`` detours."""
    while name.startswith("./"):
        name = name[2:]
    return posixpath.normpath(name.lstrip("/") or ".")


@dataclass(slots=True)
class _Blob:
    start: int
    size: int


class _TarStore:
    """Members of an archive file, indexed by one pass over its headers."""

    def __init__(self, path: Path, where: str) -> None:
        self.path = path
        self.where = where
        self._members: dict[str, _Blob] = {}
        links: dict[str, str] = {}
        try:
            size = path.stat().st_size
            with open(path, "rb") as f:
                if f.read(2) in (b"\x1f\x8b", b"\x28\xb5"):
                    raise BadSourceError(
                        f"{where}: the archive is compressed; decompress it first "
                        "(e.g. gunzip) and open the .tar."
                    )
                window = FileWindow(f, 0, size, where)
                for raw_name, flag, blob_size, *_, linkname, data_pos in iter_members(
                        window, where):
                    name = _member_name(raw_name)
                    if flag in (ord("1"), ord("2")) and linkname:
                        # docker save links repeated layers (and Docker 25 its legacy
                        # paths) to one copy: resolve relative to the member's folder.
                        base = "" if flag == ord("1") else posixpath.dirname(name)
                        links[name] = posixpath.normpath(posixpath.join(base, linkname))
                    elif flag in (ord("0"), 0, ord("7")):
                        self._members[name] = _Blob(data_pos, blob_size)
        except OSError as exc:
            raise BadSourceError(f"{where}: cannot read the archive ({exc.strerror}).") from None
        for name, target in links.items():
            for _ in range(8):  # a few hops at most; a cycle leaves the link unresolved
                if target in self._members:
                    self._members[name] = self._members[target]
                    break
                target = links.get(target, "")
        if not self._members:
            raise BadSourceError(f"{where}: the tar holds no files; it is not an image archive.")

    def blob_size(self, name: str) -> int | None:
        blob = self._members.get(_member_name(name))
        return None if blob is None else blob.size

    def read_small(self, name: str) -> bytes | None:
        blob = self._members.get(_member_name(name))
        if blob is None:
            return None
        if blob.size > MAX_METADATA:
            raise BadSourceError(f"{self.where}: '{name}' is too big to be image metadata.")
        with open(self.path, "rb") as f:
            f.seek(blob.start)
            return f.read(blob.size)

    @contextlib.contextmanager
    def open_blob(self, name: str) -> Iterator[tuple[BinaryIO, int, int]]:
        blob = self._members.get(_member_name(name))
        if blob is None:
            raise BadSourceError(f"{self.where}: the layer '{name}' is missing from the archive.")
        with open(self.path, "rb", buffering=1 << 16) as f:
            yield f, blob.start, blob.size


class _DirStore:
    """Blobs of an OCI image layout directory."""

    def __init__(self, path: Path, where: str) -> None:
        self.root = path.resolve()
        self.where = where

    def _file(self, name: str) -> Path:
        target = (self.root / name).resolve()
        if not target.is_relative_to(self.root):
            raise BadSourceError(f"{self.where}: '{name}' points outside the layout directory.")
        return target

    def blob_size(self, name: str) -> int | None:
        try:
            return self._file(name).stat().st_size
        except OSError:
            return None

    def read_small(self, name: str) -> bytes | None:
        target = self._file(name)
        try:
            if target.stat().st_size > MAX_METADATA:
                raise BadSourceError(f"{self.where}: '{name}' is too big to be image metadata.")
            return target.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise BadSourceError(f"{self.where}: cannot read '{name}' ({exc.strerror}).") from None

    @contextlib.contextmanager
    def open_blob(self, name: str) -> Iterator[tuple[BinaryIO, int, int]]:
        target = self._file(name)
        try:
            f = open(target, "rb", buffering=1 << 16)  # noqa: SIM115 - closed below
        except FileNotFoundError:
            raise BadSourceError(f"{self.where}: the blob '{name}' is missing.") from None
        with f:
            yield f, 0, os.fstat(f.fileno()).st_size


def _hash_at(
    window: FileWindow, scan: LayerScan, offsets: list[int], paths: set[str], where: str
) -> dict[str, str]:
    digests: dict[str, str] = {}
    file_kind = Kind.FILE
    with window.mapped() as view:
        for entry, offset in zip(scan.entries, offsets, strict=True):
            if entry.kind is file_kind and entry.path in paths:
                size = entry.size
                if offset + size > window.length:
                    raise BadSourceError(f"{where}: the layer ends inside '{entry.path}'.")
                if view is not None:  # hashed where it lies: no read, no copy
                    digests[entry.path] = xxh3_128_hexdigest(view[offset : offset + size])
                    continue
                window.seek(offset)
                if size <= SMALL_FILE:  # one read and one call: most recurring files are small
                    digests[entry.path] = xxh3_128_hexdigest(window.read(size))
                else:
                    digests[entry.path] = fingerprint(
                        content_chunks(window, size, where, entry.path))
    return digests


class StoredImageSource:
    """An image in an archive file or OCI directory (implements ``ImageSource``)."""

    def __init__(self, path: Path, *, directory: bool, pick: str | None = None) -> None:
        self.description = str(path) if pick is None else f"{path}:{pick}"
        self._store: _TarStore | _DirStore = (
            _DirStore(path, self.description) if directory else _TarStore(path, self.description)
        )
        self._layout: Layout = resolve(self._store.read_small, self.description,
                                       self.description, pick)
        for layer, ref in zip(self._layout.info.layers, self._layout.layers, strict=True):
            size = self._store.blob_size(ref.path)
            if size is None:
                raise BadSourceError(
                    f"{self.description}: the layer '{ref.path}' is missing from the archive."
                )
            # A compressed blob's uncompressed length is known only after its scan.
            if not compression_of(b"", ref.media_type):
                layer.size = size
        self.info: ImageInfo = self._layout.info
        self._offsets: dict[int, tuple[LayerScan, list[int]]] = {}
        self._digests = LayerDigests(self.description)

    @contextlib.contextmanager
    def _reader(self, index: int, *, check_digest: bool = False
                ) -> Iterator[tuple[StreamReader, bool]]:
        """The uncompressed layer tar; the flag says whether it can be revisited cheaply.

        ``check_digest``: the layer's bytes are hashed against its diff_id, a plain tar
        on the helper thread, a decompressed one as it streams by (the reader must then
        be read to its end); ``verify_layers`` gives the verdict."""
        ref = self._layout.layers[index]
        where = f"{self.description} (layer {index + 1})"
        diff_id = self.info.layers[index].diff_id
        with self._store.open_blob(ref.path) as (f, start, size):
            f.seek(start)
            kind = compression_of(f.read(4) if size >= 4 else b"", ref.media_type)
            window = FileWindow(f, start, size, where)
            if not kind:
                if check_digest:
                    self._digests.check_file(index, f.name, start, size, diff_id)
                yield window, True
            elif check_digest:
                feed, finish = self._digests.stream_check(index, diff_id)
                yield decompressed(bounded_chunks(window, size), kind, where, feed), False
                finish()
            else:
                yield decompressed(bounded_chunks(window, size), kind, where), False

    def scan_layers(
        self, indices: list[int], check: Callable[[], None]
    ) -> Iterator[tuple[int, LayerScan, int]]:
        """Scan the given layers; yields (index, scan, uncompressed tar length)."""
        for i in indices:
            check()
            where = f"{self.description} (layer {i + 1})"
            with self._reader(i, check_digest=True) as (reader, seekable):
                offsets: list[int] | None = [] if seekable else None
                scan, length = scan_tar(
                    reader, self.info.layers[i].diff_id, where, hash_all=not seekable,
                    check=check, offsets=offsets,
                )
            if offsets is not None:
                self._offsets[i] = (scan, offsets)
            yield i, scan, length
        self._digests.submitted()  # every layer to check is known now

    def hash_files(
        self, wants: dict[int, set[str]], check: Callable[[], None]
    ) -> dict[int, dict[str, str]]:
        """Fingerprints of the wanted regular files, per layer index.

        Layers scanned by this source just before are hashed by seeking straight to
        the recorded data offsets; others (e.g. loaded from the cache) are walked again.
        """
        found: dict[int, dict[str, str]] = {}
        for i, paths in sorted(wants.items()):
            check()
            where = f"{self.description} (layer {i + 1})"
            with self._reader(i) as (reader, seekable):
                known = self._offsets.get(i)
                if seekable and known is not None and isinstance(reader, FileWindow):
                    found[i] = _hash_at(reader, known[0], known[1], paths, where)
                    continue
                scan, _len = scan_tar(
                    reader, self.info.layers[i].diff_id, where, hash_paths=paths, check=check
                )
            found[i] = {e.path: e.digest for e in scan.entries if e.digest is not None}
        self._offsets.clear()  # only needed between a scan and its fingerprints
        return found

    @contextlib.contextmanager
    def open_layer(self, index: int) -> Iterator[BinaryIO]:
        with self._reader(index) as (reader, _):
            yield io.BufferedReader(ReaderIO(reader), 1 << 16)

    def verify_layers(self) -> None:
        """Raise ``BadSourceError`` if a layer scanned here does not match its diff_id
        (waits for the helper thread hashing them)."""
        self._digests.verify()

    def close(self) -> None:
        """Stops the layer check if one is still running; no file stays open."""
        self._digests.close()
