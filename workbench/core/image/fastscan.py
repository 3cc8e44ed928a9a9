"""The layer scanner for seekable layers (archive members, plain OCI blobs).

The compiled ``_tarwalk.walk`` (``_tarwalk.c``) parses every run of plain headers
where it lies, building the entries directly: in the mapped file (no read call at
all, and the data of big files is never touched), or, where the file cannot be
mapped, in 256 KiB slices, seeking over data that runs past a slice. Any header it does not fully
understand (PAX and GNU records, odd number fields, a bad checksum, a name with
``..``, an entry running past the end) is read by ``tarscan.MemberReader`` and taken
by ``tarscan.take_member``, the generic walker's own code, before the walk resumes; so
every odd case and every error message has one implementation. Without the compiled
module (not built) the generic walker does all the work, with identical results
(tests/unit/test_tarwalk.py compares both routes).
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable
from typing import Any

from workbench.core.image.streams import FileWindow
from workbench.core.image.tarscan import _KINDS, BLOCK, MemberReader, take_member
from workbench.core.model import Entry, Kind, LayerScan, plain_slots

try:
    from workbench.core.image import _tarwalk
except ImportError:  # not built: the generic walker alone, same results, slower
    _tarwalk = None  # type: ignore[assignment]

# Bytes read at once; most small files' data is inside the slice. 256 KiB measured
# faster than 1 MiB on a 300 MiB image: the slice stays in the CPU cache while walked.
SLICE = 1 << 18
SHORT_SLICE = 1 << 16
CHECK_EVERY = 0x1000  # entries between calls of the cancellation check


_ENTRY_FIELDS = ("path", "kind", "size", "mode", "uid", "gid", "link", "mtime", "digest")


def _plain_entry_fields() -> tuple[str, ...] | None:
    """Entry's fields when the compiled walk may fill its slots itself (``digest``, the
    one it does not always set, defaulting to None); None makes it call the class."""
    plain = plain_slots(Entry, _ENTRY_FIELDS) and dataclasses.fields(Entry)[-1].default is None
    return _ENTRY_FIELDS if plain else None


if _tarwalk is not None:
    _tarwalk.configure(Entry, _KINDS, Kind.WHITEOUT, _plain_entry_fields())
COMPILED = _tarwalk is not None  # whether scan_window can use the compiled walk
# Fingerprints of chosen files where a layer is mapped (see _tarwalk.c), if built.
hash_wanted: Callable[..., tuple[dict[str, str], str | None]] | None = (
    _tarwalk.hash_wanted if _tarwalk is not None else None)


def scan_window(
    window: FileWindow,
    diff_id: str,
    where: str,
    *,
    check: Callable[[], None] | None = None,
    offsets: list[int] | None = None,
    compiled: bool = True,
) -> tuple[LayerScan, int]:
    """``scan_tar`` without fingerprints, for a window on a file (see module doc).

    ``compiled=False`` keeps to the generic walker (the reference the tests compare with).
    """
    walk = _tarwalk.walk if compiled and _tarwalk is not None else None
    with window.mapped() if walk is not None else contextlib.nullcontext() as whole:
        return _scan(window, diff_id, where, walk, whole, check, offsets)


def _scan(window: FileWindow, diff_id: str, where: str, walk: Callable[..., Any] | None,
          whole: memoryview | None, check: Callable[[], None] | None,
          offsets: list[int] | None) -> tuple[LayerScan, int]:
    entries: list[Entry] = []
    opaque: list[str] = []
    start = window.pos
    end = window.length
    members = MemberReader(window, where)
    pos = start  # window position of the next header
    # The bytes the walk reads and their window position: the whole layer where the
    # file can be mapped (no read call, no copy), else one slice at a time.
    buf: bytes | memoryview = b"" if whole is None else whole
    buf_at = start if whole is None else 0
    count = 0
    while True:
        if walk is not None:
            off = pos - buf_at
            if off + BLOCK > len(buf) and whole is None:
                # After seeking over a big file the next big file is often near: read
                # a short slice first; a run of small files gets the full slice.
                jumped = off > len(buf)
                window.seek(pos)
                buf, buf_at, off = window.read(SHORT_SLICE if jumped else SLICE), pos, 0
            if len(buf) - off >= BLOCK:
                # At most up to the next multiple of CHECK_EVERY, so that cancellation
                # is checked after the same entries as on the generic route.
                limit = CHECK_EVERY - count % CHECK_EVERY
                pos, taken = walk(buf, off, buf_at, end, entries, offsets, opaque, limit)
                if taken:
                    members.first = False
                    count += taken
                    if not count % CHECK_EVERY:
                        if whole is not None:
                            window.release_mapped(pos)
                        if check is not None:
                            check()
                    continue
        # One member as the generic walker reads and takes it.
        window.seek(pos)
        member = members.next()
        if member is None:
            break
        count += 1
        if check is not None and not count % CHECK_EVERY:
            check()
        take_member(member, window, where, entries, opaque, offsets, False)
        members.skip_rest(member)
        pos = window.pos
    # Like scan_tar: the tar's length runs to the window's end (end blocks, padding).
    window.seek(end)
    return LayerScan(diff_id=diff_id, entries=entries, opaque_dirs=opaque), end - start
