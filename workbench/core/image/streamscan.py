"""``scan_tar(hash_all=True)`` on a forward-only stream, with the compiled walk.

The engine's save stream cannot be revisited, so every regular file is fingerprinted
as it passes. ``iter_members`` plus the per-entry work in ``scan_tar`` cost several
microseconds per member in Python; on a stream the members arrive in chunks of up to
1 MiB, so most of them (header, data and padding) lie wholly inside the chunk the
reader holds. The compiled ``_tarwalk.walk`` takes such runs straight from that chunk,
hashing each file's data in place. Every member it declines (records, odd fields, data
running past the chunk) is read here exactly as ``iter_members`` and ``scan_tar`` read
it, through the reader's own ``read``/``skip``, so results and errors are the same
(tests/unit/test_tarwalk.py compares both routes).
"""

from __future__ import annotations

from collections.abc import Callable

from xxhash import xxh3_128_hexdigest

from workbench.core.image.fastscan import CHECK_EVERY, _tarwalk
from workbench.core.image.streams import CHUNK, StreamReader
from workbench.core.image.tarscan import BLOCK, MemberReader, take_member
from workbench.core.model import Entry, LayerScan

AVAILABLE = _tarwalk is not None


def scan_stream(
    reader: StreamReader,
    diff_id: str,
    where: str,
    *,
    check: Callable[[], None] | None = None,
    offsets: list[int] | None = None,
) -> tuple[LayerScan, int]:
    """``scan_tar(reader, ..., hash_all=True)`` for a ``StreamReader`` (see module doc)."""
    assert _tarwalk is not None, "check AVAILABLE first"
    walk = _tarwalk.walk
    entries: list[Entry] = []
    opaque: list[str] = []
    start = reader.pos
    members = MemberReader(reader, where)
    count = 0
    while True:
        # The chunk the reader holds, from its read position (a header boundary:
        # ``members`` consumes whole members, records included); walk only reads it,
        # and the reader moves past what walk took.
        buf, off = reader.held()
        if len(buf) - off >= BLOCK:
            buf_at = reader.pos - off
            pos, taken = walk(buf, off, buf_at, buf_at + len(buf), entries, offsets,
                              opaque, CHECK_EVERY - count % CHECK_EVERY, xxh3_128_hexdigest)
            if taken:
                reader.advance(pos - reader.pos)
                members.first = False
                count += taken
                if check is not None and not count % CHECK_EVERY:
                    check()
                continue
        # One member as iter_members reads it, taken as scan_tar takes it.
        m = members.next()
        if m is None:
            break
        count += 1
        if check is not None and not count % CHECK_EVERY:
            check()
        take_member(m, reader, where, entries, opaque, offsets, True)
        members.skip_rest(m)
    while reader.read(CHUNK):
        pass  # the tar's length runs to the stream's end (end blocks, padding)
    return LayerScan(diff_id=diff_id, entries=entries, opaque_dirs=opaque), reader.pos - start
