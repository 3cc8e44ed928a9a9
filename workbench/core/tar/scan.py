"""The tar header walker, and the per-layer scanner built on it.

One walker reads every tar the workbench meets: an archive's outer tar, the engine's
save stream and each layer, from a file window or a stream alike (``streams``).

Python's ``tarfile`` builds a TarInfo object per member and does much more than the
analysis needs; here a header is 512 bytes sliced into the fields we use, and file
contents are skipped (seeked over when the reader allows). Handles ustar, PAX
(path, linkpath, size, uid, gid, mtime), GNU long names/links (``L``/``K``) and
base-256 numbers. Member names are normalised to image-root-relative paths; a name
that climbs above the root is refused, names that are not UTF-8 survive through
``surrogateescape``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator

import xxhash
from xxhash import xxh3_128_hexdigest

from workbench.core.errors import BadSourceError
from workbench.core.model import Entry, Kind, LayerScan
from workbench.core.tar.streams import CHUNK, StreamReader

BLOCK = 512
SMALL_FILE = 1 << 16  # fingerprinted from one read instead of a chunk loop
WHITEOUT_PREFIX = ".wh."
OPAQUE_MARKER = ".wh..wh..opq"
_ZERO_BLOCK = bytes(BLOCK)
_PAX, _GNU_LONGNAME, _GNU_LONGLINK = ord("x"), ord("L"), ord("K")
_HEADER_RECORDS = frozenset((_PAX, ord("g"), _GNU_LONGNAME, _GNU_LONGLINK))
_NO_DATA = frozenset(b"123456")

_KINDS: dict[int, Kind] = {
    ord("0"): Kind.FILE,
    0: Kind.FILE,
    ord("7"): Kind.FILE,
    ord("1"): Kind.HARDLINK,
    ord("2"): Kind.SYMLINK,
    ord("3"): Kind.CHAR,
    ord("4"): Kind.BLOCK,
    ord("5"): Kind.DIR,
    ord("6"): Kind.FIFO,
}


# One resolved member (PAX and GNU long-name records applied): name, typeflag byte,
# size, mode, uid, gid, mtime, link name, and the reader position of its data. A
# plain tuple, unpacked by the consumers: the walker makes one per member.
Member = tuple[str, int, int, int, int, int, int, str, int]


def _num(field: bytes) -> int:
    # Fast path: the usual "0000644\0" (octal digits then one NUL or space).
    if field[-1] in (0, 32):
        try:
            return int(field[:-1], 8)
        except ValueError:
            pass
    return _num_slow(field)


def _num_slow(field: bytes) -> int:
    if field and field[0] & 0x80:  # GNU base-256 for values that do not fit in octal
        value = int.from_bytes(field[1:], "big")
        if field[0] & 0x40:
            value -= 1 << (8 * len(field) - 2)
        return value
    text = field.split(b"\0", 1)[0].strip()
    return int(text, 8) if text else 0


# A layer's members share a handful of mode/owner fields and of mtimes: each distinct
# field is parsed once (a failed parse raises and is not remembered).
@functools.lru_cache(maxsize=1024)
def _owner_fields(fields: bytes) -> tuple[int, int, int]:
    """(mode, uid, gid) from the 24 header bytes at offset 100."""
    return _num(fields[0:8]), _num(fields[8:16]), _num(fields[16:24])


@functools.lru_cache(maxsize=1024)
def _mtime_field(field: bytes) -> int:
    return _num(field)


def _text(field: bytes) -> str:
    return field.split(b"\0", 1)[0].decode("utf-8", "surrogateescape")


def _checksum_ok(header: bytes) -> bool:
    stored = header[148:156].split(b"\0", 1)[0].strip()
    try:
        expected = int(stored, 8)
    except ValueError:
        return False
    return sum(header) - sum(header[148:156]) + 8 * 32 == expected


def looks_like_tar(head: bytes) -> bool:
    """Whether ``head`` (a member's first 512 bytes) starts a tar: a valid header or
    the end-of-archive block of an empty tar."""
    return len(head) == BLOCK and (head == _ZERO_BLOCK or _checksum_ok(head))


def _parse_pax(data: bytes, where: str) -> dict[str, str]:
    records: dict[str, str] = {}
    pos = 0
    while pos < len(data):
        space = data.find(b" ", pos)
        if space < 0:
            break
        try:
            length = int(data[pos:space])
        except ValueError:
            raise BadSourceError(f"{where}: a PAX header record is malformed.") from None
        if length <= 0:
            raise BadSourceError(f"{where}: a PAX header record is malformed.")
        record = data[space + 1 : pos + length - 1]
        key, _, value = record.partition(b"=")
        records[key.decode("utf-8", "surrogateescape")] = value.decode(
            "utf-8", "surrogateescape"
        )
        pos += length
    return records


def iter_members(reader: StreamReader, where: str) -> Iterator[Member]:
    """Each member of the tar, the reader standing at its data; what the consumer
    leaves of the data, and its padding, is skipped when the next one is asked for.

    Headers are sliced out of the chunk the reader holds and data within it is
    stepped over by moving the reader's offset; only a header crossing chunks, or
    data reaching past the chunk, goes through the reader's calls."""
    pax: dict[str, str] = {}
    long_name: str | None = None
    long_link: str | None = None
    first = True  # until a header was taken: decides how a short first read is reported
    num = _num
    while True:
        off = reader.off
        if off + BLOCK <= len(reader.buf):
            header = reader.buf[off : off + BLOCK]
            if type(header) is not bytes:  # a view of the chunk of an enclosing tar
                header = bytes(header)
            reader.off = off + BLOCK
            reader.pos += BLOCK
        else:
            header = reader.read(BLOCK)
            if len(header) < BLOCK:
                if not header:
                    return  # a tar without end blocks: tolerated at a header boundary
                if first:
                    raise BadSourceError(
                        f"{where}: not a valid tar ({len(header)} bytes, less than one header)."
                    )
                raise BadSourceError(f"{where}: the tar ends inside a header; it is truncated.")
        if header == _ZERO_BLOCK:
            return
        ustar = header[257:262] == b"ustar"
        if (first or not ustar) and not _checksum_ok(header):
            raise BadSourceError(
                f"{where}: not a valid tar (bad header checksum at byte "
                f"{reader.pos - BLOCK}); the data is corrupt or not a tar."
            )
        first = False
        try:
            size = num(header[124:136])
            mode, uid, gid = _owner_fields(header[100:124])
            mtime = _mtime_field(header[136:148])
        except ValueError:
            raise BadSourceError(
                f"{where}: a tar header holds a malformed number; the data is corrupt."
            ) from None
        if size < 0:
            raise BadSourceError(f"{where}: a tar entry claims a negative size.")
        typeflag = header[156]
        if typeflag in _HEADER_RECORDS:
            data = reader.read(size)
            if len(data) < size:
                raise BadSourceError(f"{where}: the tar ends inside a header record.")
            reader.skip(-size % BLOCK)
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
        link = _text(header[157:257]) if header[157] else ""
        if long_name is not None:
            name, long_name = long_name, None
        if long_link is not None:
            link, long_link = long_link, None
        if pax:
            name, link, size, uid, gid, mtime = _apply_pax(
                pax, name, link, size, uid, gid, mtime, where)
            pax = {}
            if size < 0:
                raise BadSourceError(f"{where}: entry '{name}' claims a negative size.")
        if typeflag in _NO_DATA:
            size = 0  # these carry no data even if the header says otherwise
        data_pos = reader.pos
        yield name, typeflag, size, mode, uid, gid, mtime, link, data_pos
        left = data_pos + size + (-size % BLOCK) - reader.pos
        if left:
            off = reader.off + left
            if off <= len(reader.buf):  # the data ends within the chunk in hand
                reader.off = off
                reader.pos += left
            else:
                reader.skip(left)


def _apply_pax(pax: dict[str, str], name: str, link: str, size: int, uid: int, gid: int,
               mtime: int, where: str) -> tuple[str, str, int, int, int, int]:
    """The member's name, link, size, uid, gid and mtime with its PAX records applied."""
    try:
        return (pax.get("path", name), pax.get("linkpath", link),
                int(pax["size"]) if "size" in pax else size,
                int(pax["uid"]) if "uid" in pax else uid,
                int(pax["gid"]) if "gid" in pax else gid,
                int(float(pax["mtime"])) if "mtime" in pax else mtime)
    except ValueError:
        name = pax.get("path", name)
        raise BadSourceError(
            f"{where}: a PAX record of '{name}' holds a malformed number."
        ) from None


def normalise(name: str, where: str) -> str:
    """``./a//b/`` -> ``a/b``; ``..`` is resolved, and refused when it leaves the root."""
    path = name.strip("/")
    if "//" not in path and "/." not in path and not path.startswith("."):
        return path  # the common case: nothing to resolve
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                raise BadSourceError(
                    f"{where}: entry '{name}' points outside the image root; "
                    "the layer is malformed or hostile."
                )
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


def fingerprint(data_chunks: Iterator[bytes]) -> str:
    h = xxhash.xxh3_128()
    for chunk in data_chunks:
        h.update(chunk)
    return h.hexdigest()


def content_chunks(reader: StreamReader, size: int, where: str, name: str) -> Iterator[bytes]:
    while size > 0:
        data = reader.read(min(size, CHUNK))
        if not data:
            raise BadSourceError(
                f"{where}: the tar ends inside '{name}'; it is truncated or the entry "
                "claims more bytes than the layer holds."
            )
        size -= len(data)
        yield data


def _whiteout(path: str, entries: list[Entry], opaque: list[str],
             offsets: list[int] | None) -> bool:
    """Whether ``path`` (holding ``.wh.``) is a whiteout or an opaque marker; if so it
    was turned into what it means (a WHITEOUT entry of the deleted path, an opaque
    directory; aufs bookkeeping is dropped)."""
    base_at = path.rfind("/") + 1
    if not path.startswith(WHITEOUT_PREFIX, base_at):
        return False
    if path[base_at:] == OPAQUE_MARKER:
        opaque.append(path[: base_at - 1] if base_at else "")
    elif not path.startswith(".wh..wh.", base_at):  # aufs bookkeeping: skipped
        entries.append(Entry(path[:base_at] + path[base_at + 4 :], Kind.WHITEOUT))
        if offsets is not None:
            offsets.append(0)
    return True


def _digest(reader: StreamReader, size: int, where: str, path: str) -> str:
    """The fingerprint of the ``size`` bytes of file data at the reader's position."""
    if size <= SMALL_FILE:  # one read, one call: most files in an image are small
        data = reader.read(size)
        if len(data) < size:
            raise BadSourceError(f"{where}: the tar ends inside '{path}'; it is truncated.")
        return xxh3_128_hexdigest(data)
    return fingerprint(content_chunks(reader, size, where, path))


def scan_tar(
    reader: StreamReader,
    diff_id: str,
    where: str,
    *,
    hash_all: bool = False,
    hash_paths: set[str] | None = None,
    check: Callable[[], None] | None = None,
    offsets: list[int] | None = None,
) -> tuple[LayerScan, int]:
    """List one layer tar; returns the scan and the tar's byte length.

    Member paths are normalised, whiteouts and opaque markers turned into what they
    mean. ``hash_all`` fingerprints every regular file (used on forward-only streams,
    where content cannot be revisited); ``hash_paths`` fingerprints only those paths.
    ``offsets``, when given, receives each entry's data position (parallel to the
    entries) so a seekable layer's files can be hashed later without another walk.
    ``check`` is called every few thousand members (cancellation).
    """
    entries: list[Entry] = []
    opaque: list[str] = []
    start = reader.pos
    kinds, file_kind, hardlink = _KINDS, Kind.FILE, Kind.HARDLINK
    for count, (name, flag, size, mode, uid, gid, mtime, link, data_pos) in enumerate(
            iter_members(reader, where), 1):
        if check is not None and not count & 0xFFF:
            check()
        path = name.strip("/")
        if path.startswith("./"):  # a tar of a directory (``tar -C root .``): common
            path = path[2:]
        if "//" in path or "/." in path or path.startswith((".", "/")):
            path = normalise(name, where)  # the rare case: something to resolve
        if not path:
            continue  # the root directory itself
        kind = kinds.get(flag)
        if kind is None:
            continue  # vendor extensions (sparse, volume labels) carry no file
        if ".wh." in path and _whiteout(path, entries, opaque, offsets):
            continue
        if kind is hardlink:
            link = normalise(link, where)
        entry = Entry(path, kind, size, mode & 0o7777, uid, gid, link, mtime)
        if kind is file_kind and (hash_all or (hash_paths is not None and path in hash_paths)):
            entry.digest = _digest(reader, size, where, path)
        entries.append(entry)
        if offsets is not None:
            offsets.append(data_pos)
    # The tar's length includes the end blocks and padding after them: read to the end
    # (seekable windows know it) so every route reports the same length for a layer.
    remaining = getattr(reader, "remaining", None)
    if remaining is not None:
        length = reader.pos + remaining - start
    else:
        while reader.read_chunk(CHUNK):
            pass
        length = reader.pos - start
    return LayerScan(diff_id=diff_id, entries=entries, opaque_dirs=opaque), length
