"""A layer tar put back together from the engine's own record of it, without the engine.

When a layer is committed or pulled, the engine keeps the raw bytes of its tar around
the file contents (headers, PAX records, padding, end blocks) in ``tar-split.json.gz``
beside the layer, and the contents themselves in the storage driver's ``diff`` dir.
``docker save`` rebuilds each layer tar from exactly these two pieces. Reading them the
same way gives the save stream's layer tar byte for byte: member order, hard-link
direction, whiteout and opaque markers, long and non-UTF-8 names are all as the engine
sends them, which a walk of the ``diff`` dir could only guess (an imported layer keeps
the order of the tar it came from, not the directory's).

The record is one JSON object per line: ``{"type": 2, "payload": BASE64}`` for raw tar
bytes, ``{"type": 1, "name": NAME, "size": N}`` for a file's content, read from
``diff/NAME`` (``name_raw``, base64, replaces ``name`` when it is not UTF-8).
"""

from __future__ import annotations

import base64
import bisect
import gzip
import os
from pathlib import Path
from typing import BinaryIO

import orjson

from workbench.core.errors import BadSourceError
from workbench.core.tar.streams import CHUNK, StreamReader

_SEGMENT, _FILE = 2, 1


class AssembledTar(StreamReader):
    """A reader over a layer tar rebuilt from its tar-split record and ``diff`` dir.

    Raw tar bytes between two file contents are joined into one chunk (an empty file,
    a dir or a link adds a header and no content), so the walker slices many headers
    out of one chunk; skipping a file's content moves the cursor without opening it."""

    def __init__(self, record: Path, diff_dir: Path, where: str) -> None:
        super().__init__(self._next_chunk, where)
        self._diff = os.fsencode(diff_dir)
        # Pieces in order: bytes for raw tar data, (file name, size) for content, and
        # where each starts in the tar.
        self._pieces: list[bytes | tuple[bytes, int]] = []
        self._starts: list[int] = []
        total = 0
        raw = bytearray()

        def add(piece: bytes | tuple[bytes, int], size: int) -> None:
            nonlocal total
            self._pieces.append(piece)
            self._starts.append(total)
            total += size

        try:
            with gzip.open(record, "rb") as f:
                for line in f:
                    if not line.strip():
                        continue
                    item = orjson.loads(line)
                    if item.get("type") == _SEGMENT:
                        raw += base64.b64decode(item.get("payload") or b"")
                    elif item.get("type") == _FILE and int(item.get("size") or 0):
                        if raw:
                            add(bytes(raw), len(raw))
                            raw = bytearray()
                        size = int(item["size"])
                        name_raw = item.get("name_raw")
                        name = (base64.b64decode(name_raw) if name_raw
                                else str(item.get("name", "")).encode("utf-8"))
                        add((name.lstrip(b"/"), size), size)
            if raw:
                add(bytes(raw), len(raw))
        except OSError:
            raise  # unreadable or gone: the caller takes the save stream instead
        except (EOFError, ValueError, TypeError, AttributeError, KeyError) as exc:
            raise BadSourceError(
                f"{where}: the engine's record of this layer ({record}) is unreadable "
                f"({exc}); open the image through the save stream."
            ) from None
        self.length = total
        self._piece = 0  # the piece the next chunk comes from
        self._offset = 0  # and where in it
        self._open: tuple[int, BinaryIO] | None = None  # (piece index, its open file)

    @property
    def remaining(self) -> int:
        return self.length - self.pos

    def _next_chunk(self) -> bytes:
        while self._piece < len(self._pieces):
            piece, offset = self._pieces[self._piece], self._offset
            if isinstance(piece, bytes):
                self._piece, self._offset = self._piece + 1, 0
                if offset < len(piece):
                    return piece[offset:] if offset else piece
                continue
            name, size = piece
            if offset >= size:
                self._piece, self._offset = self._piece + 1, 0
                continue
            data = self._content(name, offset, min(CHUNK, size - offset))
            self._offset += len(data)
            return data
        return b""

    def _content(self, name: bytes, offset: int, n: int) -> bytes:
        if self._open is None or self._open[0] != self._piece:
            self.close()
            self._open = (self._piece, open(os.path.join(self._diff, name), "rb"))  # noqa: SIM115
        f = self._open[1]
        f.seek(offset)
        data = f.read(n)
        if len(data) < n:
            raise BadSourceError(
                f"{self._where}: {name.decode('utf-8', 'surrogateescape')} is shorter in "
                "the engine's storage than its layer records; the storage changed meanwhile."
            )
        return data

    def _skip_beyond(self, n: int) -> None:
        target = self.pos + n
        if target > self.length:
            raise BadSourceError(
                f"{self._where}: an entry claims {n} bytes but only {self.remaining} remain; "
                "the engine's record of the layer is inconsistent."
            )
        # Straight to the piece holding ``target``: contents in between are not read.
        self._piece = bisect.bisect_right(self._starts, target) - 1 if self._starts else 0
        self._offset = target - self._starts[self._piece] if self._starts else 0
        self.buf, self.off, self.pos = b"", 0, target

    def close(self) -> None:
        if self._open is not None:
            self._open[1].close()
            self._open = None
