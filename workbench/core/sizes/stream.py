"""Reading the engine's streamed byte chunks (``docker save``) as a file."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from typing import Any

import docker

from workbench.core.engine.streaming import ResponseCatcher
from workbench.core.progress import CancelToken

SAVE_IDLE_TIMEOUT = 600  # the engine may think a while before the first bytes of a save


class ChunkReader(io.RawIOBase):
    """A file-like view of the engine's byte-chunk generator, for tarfile's stream mode."""

    def __init__(self, chunks: Any) -> None:
        super().__init__()
        self._chunks = iter(chunks)
        self._source = chunks
        self._buffer = b""
        self._offset = 0  # read position in _buffer: avoids re-copying a 1 MiB chunk per read

    def read(self, size: int = -1) -> bytes:
        parts: list[bytes] = []
        wanted = size
        while wanted != 0:
            if self._offset >= len(self._buffer):
                try:
                    self._buffer, self._offset = next(self._chunks), 0
                except StopIteration:
                    break
            end = len(self._buffer) if wanted < 0 else min(len(self._buffer),
                                                            self._offset + wanted)
            parts.append(self._buffer[self._offset:end])
            if wanted > 0:
                wanted -= end - self._offset
            self._offset = end
        return b"".join(parts)

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        # Closing the engine's response ends the transfer early when the reader stops.
        close = getattr(self._source, "close", None)
        if close:
            with contextlib.suppress(Exception):
                close()
        super().close()


@contextlib.contextmanager
def saved_stream(client: docker.DockerClient, ref: str,
                 cancel: CancelToken) -> Iterator[ChunkReader]:
    """``docker save ref`` as a readable file; a cancel cuts the transfer at once."""
    with ResponseCatcher(client, "/get") as catcher:
        cancel.on_cancel(catcher.cut)
        with ChunkReader(client.api.get_image(ref, chunk_size=1 << 20)) as reader:
            yield reader
