"""Byte readers the tar scanner walks: a seekable window on a file, a forward-only
stream (engine save stream, decompressed blob), and gzip/zstd decompression.

Both readers hold one chunk at a time and hand it to the walker as it is (``buf``,
``off``): headers are sliced out of it, data inside it is stepped over. A window on
a real file reads small chunks and seeks over anything longer, so a layer's big file
contents are never read; a stream skips by reading and discarding. Both raise
``BadSourceError`` naming the source when the data ends early, so a truncated
archive or an entry claiming an absurd size is one sentence, not a traceback.
"""

from __future__ import annotations

import contextlib
import io
import mmap
import zlib
from collections.abc import Callable, Iterator
from typing import BinaryIO

from workbench.core.errors import BadSourceError

# A piece of a stream as readers hand it on: bytes, or a view of part of a chunk.
Chunk = bytes | memoryview

CHUNK = 1 << 20
# A file window reads this much at a time: enough headers of small files per read, and
# little read in vain before a big file's data is seeked over.
WINDOW_CHUNK = 1 << 16
GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


class StreamReader:
    """A forward-only reader over ``next_chunk()`` (returns ``b""`` at the end).

    The chunk in hand is public (``buf``, with the read position at ``off`` in it) so
    the tar walker can slice headers out of it and step over data without a call per
    member; whoever moves ``off`` moves ``pos`` (the position in the stream) by as much."""

    seekable = False

    def __init__(self, next_chunk: Callable[[], Chunk], where: str) -> None:
        self._next = next_chunk
        self._where = where
        self.buf: Chunk = b""
        self.off = 0
        self.pos = 0

    def read(self, n: int) -> bytes:
        off = self.off
        end = off + n
        if end <= len(self.buf):
            self.off = end
            self.pos += n
            return bytes(self.buf[off:end])  # a copy either way; bytes for the parsers
        parts = [self.buf[off:]]
        have = len(parts[0])
        self.buf, self.off = b"", 0
        while have < n:
            chunk = self._next()
            if not chunk:
                break
            need = n - have
            if len(chunk) > need:
                parts.append(chunk[:need])
                self.buf, self.off = chunk, need
                have = n
                break
            parts.append(chunk)
            have += len(chunk)
        self.pos += have
        return b"".join(parts)

    def read_chunk(self, limit: int) -> Chunk:
        """Up to ``limit`` bytes, at most one underlying chunk, never copied: the chunk
        itself or a view of part of it (a layer in the save stream starts and ends in
        the middle of chunks, and copying them cost the scan a fifth of its time)."""
        if self.off >= len(self.buf):
            self.buf, self.off = self._next(), 0
            if not self.buf:
                return b""
        off = self.off
        end = min(len(self.buf), off + limit)
        self.off = end
        self.pos += end - off
        if off == 0 and end == len(self.buf):
            return self.buf
        return memoryview(self.buf)[off:end]

    def skip(self, n: int) -> None:
        if self.off + n <= len(self.buf):  # the usual tar padding: inside the buffer
            self.off += n
            self.pos += n
            return
        self._skip_beyond(n)

    def _skip_beyond(self, n: int) -> None:
        """Skip ``n`` bytes reaching past the chunk in hand."""
        while n > 0:
            data = self.read_chunk(min(n, CHUNK))
            if not data:
                raise BadSourceError(
                    f"{self._where}: the data ends inside an entry ({n} bytes missing); "
                    "the archive is truncated or corrupt."
                )
            n -= len(data)


class FileWindow(StreamReader):
    """``length`` bytes of an open file starting at ``start``, read in chunks of
    ``WINDOW_CHUNK``; a skip past the chunk in hand seeks, so big files' contents are
    never read."""

    seekable = True

    def __init__(self, f: BinaryIO, start: int, length: int, where: str) -> None:
        super().__init__(self._next_chunk, where)
        self._f = f
        self._start = start
        self._length = length
        self._fed = 0  # window bytes read from the file so far
        f.seek(start)

    @property
    def length(self) -> int:
        return self._length

    @property
    def remaining(self) -> int:
        return self._length - self.pos

    def _next_chunk(self) -> bytes:
        n = min(WINDOW_CHUNK, self._length - self._fed)
        if n <= 0:
            return b""
        data = self._f.read(n)
        self._fed += len(data)
        return data

    @contextlib.contextmanager
    def mapped(self) -> Iterator[memoryview | None]:
        """The window's bytes mapped into memory (None when the file cannot be mapped,
        e.g. a pipe): revisiting thousands of small files' data then costs no read."""
        try:
            mapping = mmap.mmap(self._f.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError, io.UnsupportedOperation):
            yield None
            return
        with mapping:
            if len(mapping) < self._start + self._length:
                yield None  # the file shrank since it was opened
                return
            view = memoryview(mapping)[self._start : self._start + self._length]
            try:
                yield view
            finally:
                view.release()

    def seek(self, pos: int) -> None:
        """Jump to ``pos`` within the window (used to revisit a file's data)."""
        if not 0 <= pos <= self._length:
            raise BadSourceError(f"{self._where}: a data offset lies outside the layer.")
        self._f.seek(self._start + pos)
        self.buf, self.off = b"", 0
        self._fed = self.pos = pos

    def _skip_beyond(self, n: int) -> None:
        if self.pos + n > self._length:
            raise BadSourceError(
                f"{self._where}: an entry claims {n} bytes but only "
                f"{self._length - self.pos} remain; the archive is truncated or corrupt."
            )
        self.seek(self.pos + n)


def bounded_chunks(reader: StreamReader, length: int) -> Callable[[], Chunk]:
    """``next_chunk`` for the next ``length`` bytes of ``reader`` (a tar inside a tar)."""
    remaining = [length]

    def next_chunk() -> Chunk:
        if remaining[0] <= 0:
            return b""
        data = reader.read_chunk(min(remaining[0], CHUNK))
        remaining[0] -= len(data)
        return data

    return next_chunk


def compression_of(prefix: bytes, media_type: str = "") -> str:
    """``gzip``, ``zstd`` or ``""`` (a plain tar), from magic bytes first, then media type."""
    if prefix.startswith(GZIP_MAGIC):
        return "gzip"
    if prefix.startswith(ZSTD_MAGIC):
        return "zstd"
    if prefix:
        return ""
    if media_type.endswith("+gzip") or media_type.endswith(".gzip"):
        return "gzip"
    if media_type.endswith("+zstd"):
        return "zstd"
    return ""


def _gunzip(next_chunk: Callable[[], Chunk], where: str) -> Iterator[bytes]:
    """Decompress gzip (several members allowed) with bounded output per step."""
    d = zlib.decompressobj(31)
    pending = b""
    while True:
        data = d.unconsumed_tail or pending or next_chunk()
        pending = b""
        if not data:
            if not d.eof:
                raise BadSourceError(f"{where}: the gzip stream ends early; the blob is truncated.")
            return
        try:
            out = d.decompress(data, CHUNK)
        except zlib.error as exc:
            raise BadSourceError(f"{where}: the gzip data is corrupt ({exc}).") from None
        if out:
            yield out
        if d.eof:
            rest = d.unused_data
            if rest.startswith(GZIP_MAGIC):
                d = zlib.decompressobj(31)
                pending = rest
                continue
            return  # trailing padding after the last member is ignored


def _unzstd(next_chunk: Callable[[], Chunk], where: str) -> Iterator[bytes]:
    """Decompress zstd frames, noticing a stream that stops mid-frame.

    Input is fed in small slices because one zstd byte can stand for a lot of
    output; that bounds what a hostile blob can make us hold at once.
    """
    import zstandard  # only zstd layers need it; start-up of everything else skips it

    make = zstandard.ZstdDecompressor().decompressobj
    d = make()
    try:
        while True:
            data = next_chunk()
            if not data:
                if not d.eof:
                    raise BadSourceError(
                        f"{where}: the zstd stream ends early; the blob is truncated."
                    )
                return
            for start in range(0, len(data), 4096):
                piece = data[start : start + 4096]
                while piece:
                    if d.eof:  # another frame follows the finished one
                        d = make()
                    out = d.decompress(piece)
                    if out:
                        yield out
                    piece = d.unused_data if d.eof else b""
    except zstandard.ZstdError as exc:
        raise BadSourceError(f"{where}: the zstd data is corrupt ({exc}).") from None


def decompressed(next_chunk: Callable[[], Chunk], kind: str, where: str,
                 tap: Callable[[Chunk], None] | None = None) -> StreamReader:
    """A reader of the uncompressed bytes of a ``kind`` ("gzip"/"zstd"/"") stream;
    ``tap`` sees every uncompressed chunk, in order (to hash the layer)."""
    if kind == "":
        pull = next_chunk
    else:
        gen = _gunzip(next_chunk, where) if kind == "gzip" else _unzstd(next_chunk, where)

        def pull() -> bytes:
            return next(gen, b"")

    if tap is None:
        return StreamReader(pull, where)

    def tapped() -> Chunk:
        chunk = pull()
        if chunk and tap is not None:
            tap(chunk)
        return chunk

    return StreamReader(tapped, where)


class ReaderIO(io.RawIOBase):
    """Exposes a ``StreamReader`` as a standard binary file for callers (extract, hashing)."""

    def __init__(self, reader: StreamReader) -> None:
        self._reader = reader

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._reader.read(len(b))
        b[: len(data)] = data
        return len(data)
