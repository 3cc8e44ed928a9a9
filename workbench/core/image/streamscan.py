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

from workbench.core.errors import BadSourceError
from workbench.core.image.fastscan import CHECK_EVERY, _tarwalk
from workbench.core.image.streams import CHUNK, StreamReader
from workbench.core.image.tarscan import (
    _GNU_LONGLINK,
    _GNU_LONGNAME,
    _HEADER_RECORDS,
    _KINDS,
    _NO_DATA,
    _PAX,
    _TERM,
    _ZERO_BLOCK,
    BLOCK,
    OPAQUE_MARKER,
    SMALL_FILE,
    WHITEOUT_PREFIX,
    Member,
    _apply_pax,
    _checksum_ok,
    _num,
    _parse_pax,
    _text,
    content_chunks,
    fingerprint,
    normalise,
)
from workbench.core.model import Entry, Kind, LayerScan

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
    pax: dict[str, str] = {}
    long_name: str | None = None
    long_link: str | None = None
    first = True
    count = 0
    read, skip, num = reader.read, reader.skip, _num
    while True:
        if not pax and long_name is None and long_link is None:
            # The chunk the reader holds, from its read position (a header boundary).
            # The reader exposes no public view of it; walk only reads it, and the
            # reader's position is moved past what walk took.
            buf, off = reader._buf, reader._off
            if len(buf) - off >= BLOCK:
                buf_at = reader.pos - off
                pos, taken = walk(buf, off, buf_at, buf_at + len(buf), entries, offsets,
                                  opaque, CHECK_EVERY - count % CHECK_EVERY, xxh3_128_hexdigest)
                if taken:
                    reader._off, reader.pos = pos - buf_at, pos
                    first = False
                    count += taken
                    if check is not None and not count % CHECK_EVERY:
                        check()
                    continue
        # One header as iter_members reads it.
        header = read(BLOCK)
        if len(header) < BLOCK:
            if not header:
                break  # a tar without end blocks: tolerated at a header boundary
            if first:
                raise BadSourceError(
                    f"{where}: not a valid tar ({len(header)} bytes, less than one header)."
                )
            raise BadSourceError(f"{where}: the tar ends inside a header; it is truncated.")
        if header == _ZERO_BLOCK:
            break
        ustar = header[257:262] == b"ustar"
        if (first or not ustar) and not _checksum_ok(header):
            raise BadSourceError(
                f"{where}: not a valid tar (bad header checksum at byte "
                f"{reader.pos - BLOCK}); the data is corrupt or not a tar."
            )
        first = False
        try:
            try:
                if (header[107] | header[115] | header[123] | header[135] | header[147]) \
                        not in _TERM:
                    raise ValueError
                size = int(header[124:135], 8)
                mode, uid = int(header[100:107], 8), int(header[108:115], 8)
                gid, mtime = int(header[116:123], 8), int(header[136:147], 8)
            except ValueError:  # base-256, unterminated or odd fields
                size = num(header[124:136])
                mode, uid = num(header[100:108]), num(header[108:116])
                gid, mtime = num(header[116:124]), num(header[136:148])
            if size < 0:
                raise BadSourceError(f"{where}: a tar entry claims a negative size.")
            typeflag = header[156]
            if typeflag in _HEADER_RECORDS:
                data = read(size)
                if len(data) < size:
                    raise BadSourceError(f"{where}: the tar ends inside a header record.")
                skip(-size % BLOCK)
                if typeflag == _PAX:
                    pax.update(_parse_pax(data, where))
                elif typeflag == _GNU_LONGNAME:
                    long_name = _text(data)
                elif typeflag == _GNU_LONGLINK:
                    long_link = _text(data)
                continue  # global PAX headers ('g') carry nothing the scan uses
            end = header.find(0, 0, 100)
            name = header[: end if end >= 0 else 100].decode("utf-8", "surrogateescape")
            if ustar and header[345]:
                name = _text(header[345:500]) + "/" + name
            m = Member(name, typeflag, size, mode, uid, gid, mtime,
                       _text(header[157:257]) if header[157] else "", reader.pos)
        except ValueError:
            raise BadSourceError(
                f"{where}: a tar header holds a malformed number; the data is corrupt."
            ) from None
        if long_name is not None:
            m.name, long_name = long_name, None
        if long_link is not None:
            m.linkname, long_link = long_link, None
        if pax:
            _apply_pax(m, pax, where)
            pax = {}
            size = m.size
            if size < 0:
                raise BadSourceError(f"{where}: entry '{m.name}' claims a negative size.")
        if typeflag in _NO_DATA:
            m.size = size = 0  # these carry no data even if the header says otherwise
        # The member as scan_tar takes it.
        count += 1
        if check is not None and not count % CHECK_EVERY:
            check()
        _take(m, reader, where, entries, opaque, offsets)
        left = size - (reader.pos - m.data_pos) + (-size % BLOCK)
        if left:
            skip(left)
    while reader.read(CHUNK):
        pass  # the tar's length runs to the stream's end (end blocks, padding)
    return LayerScan(diff_id=diff_id, entries=entries, opaque_dirs=opaque), reader.pos - start


def _take(m: Member, reader: StreamReader, where: str, entries: list[Entry],
          opaque: list[str], offsets: list[int] | None) -> None:
    """One member into the scan, fingerprinting a regular file's data."""
    path = m.name.strip("/")
    if "//" in path or "/." in path or path.startswith("."):
        path = normalise(m.name, where)  # the rare case: something to resolve
    if not path:
        return  # the root directory itself
    kind = _KINDS.get(m.type)
    if kind is None:
        return  # vendor extensions (sparse, volume labels) carry no file
    if ".wh." in path:
        base_at = path.rfind("/") + 1
        if path.startswith(WHITEOUT_PREFIX, base_at):
            if path[base_at:] == OPAQUE_MARKER:
                opaque.append(path[: base_at - 1] if base_at else "")
            elif not path.startswith(".wh..wh.", base_at):  # aufs bookkeeping: skip
                entries.append(Entry(path[:base_at] + path[base_at + 4 :], Kind.WHITEOUT))
                if offsets is not None:
                    offsets.append(0)
            return
    link = m.linkname
    if kind is Kind.HARDLINK:
        link = normalise(link, where)
    entry = Entry(path, kind, m.size, m.mode & 0o7777, m.uid, m.gid, link, m.mtime)
    if kind is Kind.FILE:
        size = m.size
        if size <= SMALL_FILE:  # one read, one call: most files in an image are small
            data = reader.read(size)
            if len(data) < size:
                raise BadSourceError(f"{where}: the tar ends inside '{path}'; it is truncated.")
            entry.digest = xxh3_128_hexdigest(data)
        else:
            entry.digest = fingerprint(content_chunks(reader, size, where, path))
    entries.append(entry)
    if offsets is not None:
        offsets.append(m.data_pos)
