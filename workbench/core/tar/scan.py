"""A fast tar header walker and the per-layer scanner built on it.

Python's ``tarfile`` builds a TarInfo object per member and does much more than the
analysis needs; here a header is 512 bytes sliced into the fields we use, and file
contents are skipped (seeked over when the reader allows). Handles ustar, PAX
(path, linkpath, size, uid, gid, mtime), GNU long names/links (``L``/``K``) and
base-256 numbers. Member names are normalised to image-root-relative paths; a name
that climbs above the root is refused, names that are not UTF-8 survive through
``surrogateescape``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import xxhash
from xxhash import xxh3_128_hexdigest

from workbench.core.errors import BadSourceError
from workbench.core.model import Entry, Kind, LayerScan
from workbench.core.tar.streams import CHUNK, ByteReader

BLOCK = 512
SMALL_FILE = 1 << 16  # fingerprinted from one read instead of a chunk loop
WHITEOUT_PREFIX = ".wh."
OPAQUE_MARKER = ".wh..wh..opq"
_ZERO_BLOCK = bytes(BLOCK)
_PAX, _GNU_LONGNAME, _GNU_LONGLINK = ord("x"), ord("L"), ord("K")
_HEADER_RECORDS = frozenset((_PAX, ord("g"), _GNU_LONGNAME, _GNU_LONGLINK))
_NO_DATA = frozenset(b"123456")
_TERM = frozenset((0, 32))

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


@dataclass(slots=True)
class Member:
    """One resolved tar member (PAX and GNU long-name records already applied)."""

    name: str
    type: int  # the typeflag byte
    size: int
    mode: int
    uid: int
    gid: int
    mtime: int
    linkname: str
    data_pos: int  # reader position where the member's data starts


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


class MemberReader:
    """Reads a tar one member at a time: header records (PAX, GNU long names) are
    applied to the member they precede. ``first`` stays True until a header was
    taken, which decides how a short first read is reported."""

    def __init__(self, reader: ByteReader, where: str) -> None:
        self.reader = reader
        self.where = where
        self.first = True
        self._pax: dict[str, str] = {}
        self._long_name: str | None = None
        self._long_link: str | None = None

    def next(self) -> Member | None:
        """The next member (its data not read yet), None at the end of the tar."""
        reader, where, num = self.reader, self.where, _num
        while True:
            header = reader.read(BLOCK)
            if len(header) < BLOCK:
                if not header:
                    return None  # a tar without end blocks: tolerated at a header boundary
                if self.first:
                    raise BadSourceError(
                        f"{where}: not a valid tar ({len(header)} bytes, less than one header)."
                    )
                raise BadSourceError(f"{where}: the tar ends inside a header; it is truncated.")
            if header == _ZERO_BLOCK:
                return None
            ustar = header[257:262] == b"ustar"
            if (self.first or not ustar) and not _checksum_ok(header):
                raise BadSourceError(
                    f"{where}: not a valid tar (bad header checksum at byte "
                    f"{reader.pos - BLOCK}); the data is corrupt or not a tar."
                )
            self.first = False
            try:
                # Fast path: all five numeric fields in the usual terminated octal form
                # (their last bytes are each NUL or space; a field using all its digits
                # must not lose its last one, so anything else takes the careful path).
                try:
                    if (header[107] | header[115] | header[123] | header[135]
                            | header[147]) not in _TERM:
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
                    data = reader.read(size)
                    if len(data) < size:
                        raise BadSourceError(f"{where}: the tar ends inside a header record.")
                    reader.skip(-size % BLOCK)
                    if typeflag == _PAX:
                        self._pax.update(_parse_pax(data, where))
                    elif typeflag == _GNU_LONGNAME:
                        self._long_name = _text(data)
                    elif typeflag == _GNU_LONGLINK:
                        self._long_link = _text(data)
                    continue  # global PAX headers ('g') carry nothing the scan uses
                end = header.find(0, 0, 100)
                name = header[: end if end >= 0 else 100].decode("utf-8", "surrogateescape")
                if ustar and header[345]:
                    name = _text(header[345:500]) + "/" + name
                member = Member(
                    name,
                    typeflag,
                    size,
                    mode,
                    uid,
                    gid,
                    mtime,
                    _text(header[157:257]) if header[157] else "",
                    reader.pos,
                )
            except ValueError:
                raise BadSourceError(
                    f"{where}: a tar header holds a malformed number; the data is corrupt."
                ) from None
            if self._long_name is not None:
                member.name, self._long_name = self._long_name, None
            if self._long_link is not None:
                member.linkname, self._long_link = self._long_link, None
            if self._pax:
                _apply_pax(member, self._pax, where)
                self._pax = {}
                if member.size < 0:
                    raise BadSourceError(
                        f"{where}: entry '{member.name}' claims a negative size.")
            if typeflag in _NO_DATA:
                member.size = 0  # these carry no data even if the header says otherwise
            return member

    def skip_rest(self, member: Member) -> None:
        """Skip what the consumer left of ``member``'s data, and its padding."""
        size = member.size
        left = size - (self.reader.pos - member.data_pos) + (-size % BLOCK)
        if left:
            self.reader.skip(left)


def iter_members(reader: ByteReader, where: str) -> Iterator[Member]:
    """Yield each member; data the consumer did not read is skipped afterwards."""
    members = MemberReader(reader, where)
    while (member := members.next()) is not None:
        yield member
        members.skip_rest(member)


def _apply_pax(member: Member, pax: dict[str, str], where: str) -> None:
    try:
        if "path" in pax:
            member.name = pax["path"]
        if "linkpath" in pax:
            member.linkname = pax["linkpath"]
        if "size" in pax:
            member.size = int(pax["size"])
        if "uid" in pax:
            member.uid = int(pax["uid"])
        if "gid" in pax:
            member.gid = int(pax["gid"])
        if "mtime" in pax:
            member.mtime = int(float(pax["mtime"]))
    except ValueError:
        raise BadSourceError(
            f"{where}: a PAX record of '{member.name}' holds a malformed number."
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


def content_chunks(reader: ByteReader, size: int, where: str, name: str) -> Iterator[bytes]:
    while size > 0:
        data = reader.read(min(size, CHUNK))
        if not data:
            raise BadSourceError(
                f"{where}: the tar ends inside '{name}'; it is truncated or the entry "
                "claims more bytes than the layer holds."
            )
        size -= len(data)
        yield data


def take_member(m: Member, reader: ByteReader, where: str, entries: list[Entry],
                opaque: list[str], offsets: list[int] | None, hash_all: bool,
                hash_paths: set[str] | None = None) -> None:
    """One member into a layer scan: the path normalised, whiteouts and opaque markers
    turned into what they mean, and a regular file's data fingerprinted when
    ``hash_all`` or its path is in ``hash_paths`` (read from ``reader``, which must
    stand at the member's data)."""
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
    if kind is Kind.FILE and (hash_all or (hash_paths is not None and path in hash_paths)):
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


def scan_tar(
    reader: ByteReader,
    diff_id: str,
    where: str,
    *,
    hash_all: bool = False,
    hash_paths: set[str] | None = None,
    check: Callable[[], None] | None = None,
    offsets: list[int] | None = None,
) -> tuple[LayerScan, int]:
    """List one layer tar; returns the scan and the tar's byte length.

    ``hash_all`` fingerprints every regular file (used on forward-only streams, where
    content cannot be revisited); ``hash_paths`` fingerprints only those paths.
    ``offsets``, when given, receives each entry's data position (parallel to the
    entries) so a seekable layer's files can be hashed later without another walk.
    ``check`` is called every few thousand entries (cancellation).
    """
    entries: list[Entry] = []
    opaque: list[str] = []
    start = reader.pos
    for count, m in enumerate(iter_members(reader, where), 1):
        if check is not None and not count & 0xFFF:
            check()
        take_member(m, reader, where, entries, opaque, offsets, hash_all, hash_paths)
    # The tar's length includes the end blocks and padding after them: read to the end
    # (seekable windows know it) so every route reports the same length for a layer.
    remaining = getattr(reader, "remaining", None)
    if remaining is not None:
        length = reader.pos + remaining - start
    else:
        while reader.read(CHUNK):
            pass
        length = reader.pos - start
    return LayerScan(diff_id=diff_id, entries=entries, opaque_dirs=opaque), length
