"""Listings of overlay directories: what a pane shows and what the differential test compares.

The same ``ListedEntry`` comes from a real directory on disk (``list_disk``) and from a
model tree (``list_tree``), so a kernel mount and the simulator can be compared field by
field. Directory sizes and timestamps are left out on purpose: they depend on the
backing filesystem, not on overlay semantics.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from workbench.core.model import Kind
from workbench.core.overlay.nodes import Node, walk

OPAQUE_XATTR = "trusted.overlay.opaque"


@dataclass(frozen=True, slots=True)
class ListedEntry:
    path: str
    kind: Kind
    mode: int  # permission bits incl. set-uid/set-gid/sticky
    size: int = 0  # file bytes, symlink target length; 0 for directories
    digest: str = ""  # sha256 of file content when known
    uid: int = 0
    gid: int = 0
    link: str = ""
    rdev: str = ""  # "major/minor" of device nodes; whiteouts are "0/0"
    opaque: bool = False
    origin: str = ""  # merged listings: the directory or layer the entry comes from

    def key(self) -> tuple[object, ...]:
        """What must agree between kernel and model (origin is derived, not compared;
        a hard-linked file's ``link`` is the model's note, a disk listing has none)."""
        link = "" if self.kind is Kind.FILE else self.link
        return (self.path, self.kind, self.mode, self.size, self.digest, self.uid,
                self.gid, link, self.rdev, self.opaque)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = str(self.kind)
        data["mode"] = f"{self.mode:04o}"
        return data

    def describe(self) -> str:
        extra = ""
        if self.kind is Kind.WHITEOUT:
            extra = f" whiteout (char {self.rdev})"
        elif self.kind is Kind.SYMLINK:
            extra = f" -> {self.link}"
        elif self.kind is Kind.FILE:
            extra = f" {self.size} B sha256:{self.digest[:12]}"
            if self.link:
                extra += f" (hard-linked with {self.link})"
        if self.opaque:
            extra += " opaque"
        origin = f"  [{self.origin}]" if self.origin else ""
        return f"{self.kind:8} {self.mode:04o} {self.uid}:{self.gid} {self.path}{extra}{origin}"


def entry_from_node(path: str, node: Node, origin: str = "") -> ListedEntry:
    rdev = f"{node.rdev[0]}/{node.rdev[1]}" if node.kind in (
        Kind.WHITEOUT, Kind.CHAR, Kind.BLOCK) else ""
    size = 0 if node.kind is Kind.DIR else node.size
    return ListedEntry(path, node.kind, node.mode & 0o7777, size, node.digest or "",
                       node.uid, node.gid, node.link, rdev, node.opaque, origin)


def list_tree(root: Node, origin: str = "") -> list[ListedEntry]:
    return [entry_from_node(path, node, origin) for path, node in walk(root)]


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _is_opaque(path: Path) -> bool:
    try:
        return os.getxattr(path, OPAQUE_XATTR, follow_symlinks=False) == b"y"
    except OSError as exc:
        if exc.errno in (errno.ENODATA, errno.ENOTSUP, errno.EPERM, errno.EACCES):
            return False
        raise


def disk_entry(root: Path, path: Path, hash_files: bool = True) -> ListedEntry:
    st = os.lstat(path)
    rel = path.relative_to(root).as_posix()
    mode = stat.S_IMODE(st.st_mode)
    fmt = stat.S_IFMT(st.st_mode)
    if stat.S_ISDIR(fmt):
        return ListedEntry(rel, Kind.DIR, mode, uid=st.st_uid, gid=st.st_gid,
                           opaque=_is_opaque(path))
    if stat.S_ISREG(fmt):
        digest = _hash_file(path) if hash_files else ""
        return ListedEntry(rel, Kind.FILE, mode, st.st_size, digest, st.st_uid, st.st_gid)
    if stat.S_ISLNK(fmt):
        target = os.readlink(path)
        return ListedEntry(rel, Kind.SYMLINK, mode, len(os.fsencode(target)), "",
                           st.st_uid, st.st_gid, target)
    if stat.S_ISCHR(fmt) or stat.S_ISBLK(fmt):
        major, minor = os.major(st.st_rdev), os.minor(st.st_rdev)
        is_whiteout = stat.S_ISCHR(fmt) and (major, minor) == (0, 0)
        kind = Kind.WHITEOUT if is_whiteout else (
            Kind.CHAR if stat.S_ISCHR(fmt) else Kind.BLOCK)
        return ListedEntry(rel, kind, mode, 0, "", st.st_uid, st.st_gid, "",
                           f"{major}/{minor}")
    return ListedEntry(rel, Kind.FIFO, mode, uid=st.st_uid, gid=st.st_gid)


def list_disk(root: str | Path, hash_files: bool = True,
              limit: int | None = None) -> list[ListedEntry]:
    """Every entry below ``root`` (not following symlinks), sorted by path components.

    ``limit`` stops early on huge trees (a container's lower layers); the caller says
    the listing was cut.
    """
    base = Path(root)
    out: list[ListedEntry] = []

    def visit(directory: Path) -> None:
        try:
            names = sorted(os.listdir(directory))
        except PermissionError:
            return  # e.g. overlay's work/work (mode 000) when not root
        for name in names:
            if limit is not None and len(out) >= limit:
                return
            path = directory / name
            entry = disk_entry(base, path, hash_files)
            out.append(entry)
            if entry.kind is Kind.DIR:
                visit(path)

    visit(base)
    return out


def diff_listings(expected: list[ListedEntry], actual: list[ListedEntry]) -> list[str]:
    """Human-readable differences between two listings, empty when they agree."""
    left = {entry.path: entry for entry in expected}
    right = {entry.path: entry for entry in actual}
    problems: list[str] = []
    for path in sorted(set(left) | set(right)):
        a, b = left.get(path), right.get(path)
        if a is None:
            problems.append(f"only in second: {b.describe() if b else path}")
        elif b is None:
            problems.append(f"only in first: {a.describe()}")
        elif a.key() != b.key():
            problems.append(f"differs: {a.describe()}  <>  {b.describe()}")
    return problems
