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
import gzip
import os
from pathlib import Path
from typing import BinaryIO

import orjson

from workbench.core.errors import BadSourceError

_SEGMENT, _FILE = 2, 1


class AssembledTar:
    """A ``ByteReader`` over a layer tar rebuilt from its tar-split record and ``diff``
    dir. Skipping a file's content never opens the file: a scan reads headers only."""

    seekable = False

    def __init__(self, record: Path, diff_dir: Path, where: str) -> None:
        self._where = where
        self._diff = os.fsencode(diff_dir)
        # Pieces in order: bytes for raw tar data, (file name, size) for content.
        self._pieces: list[bytes | tuple[bytes, int]] = []
        total = 0
        try:
            with gzip.open(record, "rb") as f:
                for line in f:
                    if not line.strip():
                        continue
                    item = orjson.loads(line)
                    if item.get("type") == _SEGMENT:
                        data = base64.b64decode(item.get("payload") or b"")
                        if data:
                            self._pieces.append(data)
                            total += len(data)
                    elif item.get("type") == _FILE:
                        size = int(item.get("size") or 0)
                        if size:
                            raw = item.get("name_raw")
                            name = (base64.b64decode(raw) if raw
                                    else str(item.get("name", "")).encode("utf-8"))
                            self._pieces.append((name, size))
                            total += size
        except OSError:
            raise  # unreadable or gone: the caller takes the save stream instead
        except (EOFError, ValueError, TypeError, AttributeError) as exc:
            raise BadSourceError(
                f"{where}: the engine's record of this layer ({record}) is unreadable "
                f"({exc}); open the image through the save stream."
            ) from None
        self.length = total
        self.pos = 0
        self._piece = 0  # index of the piece ``pos`` falls in
        self._offset = 0  # position within that piece
        self._open: tuple[int, BinaryIO] | None = None  # (piece index, open file)

    @property
    def remaining(self) -> int:
        return self.length - self.pos

    def _content(self, index: int, name: bytes, offset: int, n: int) -> bytes:
        if self._open is None or self._open[0] != index:
            self._close_file()
            path = os.path.join(self._diff, name.lstrip(b"/"))
            self._open = (index, open(path, "rb"))  # noqa: SIM115 - kept across reads
        f = self._open[1]
        f.seek(offset)
        data = f.read(n)
        if len(data) < n:
            raise BadSourceError(
                f"{self._where}: {name.decode('utf-8', 'surrogateescape')} is shorter in "
                "the engine's storage than its layer records; the storage changed meanwhile."
            )
        return data

    def read(self, n: int) -> bytes:
        out: list[bytes] = []
        pieces = self._pieces
        while n > 0 and self._piece < len(pieces):
            piece = pieces[self._piece]
            if isinstance(piece, bytes):
                size = len(piece)
                take = min(n, size - self._offset)
                out.append(piece[self._offset : self._offset + take])
            else:
                size = piece[1]
                take = min(n, size - self._offset)
                out.append(self._content(self._piece, piece[0], self._offset, take))
            self._advance(take, size)
            n -= take
        return out[0] if len(out) == 1 else b"".join(out)

    def skip(self, n: int) -> None:
        if n > self.remaining:
            raise BadSourceError(
                f"{self._where}: an entry claims {n} bytes but only {self.remaining} remain; "
                "the engine's record of the layer is inconsistent."
            )
        pieces = self._pieces
        while n > 0:
            piece = pieces[self._piece]
            size = len(piece) if isinstance(piece, bytes) else piece[1]
            take = min(n, size - self._offset)
            self._advance(take, size)
            n -= take

    def _advance(self, take: int, size: int) -> None:
        self.pos += take
        self._offset += take
        if self._offset == size:
            self._piece += 1
            self._offset = 0

    def _close_file(self) -> None:
        if self._open is not None:
            self._open[1].close()
            self._open = None

    def close(self) -> None:
        self._close_file()
