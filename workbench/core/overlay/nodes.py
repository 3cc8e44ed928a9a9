"""In-memory directory trees: one per overlay layer (upper, each lowerdir, an image layer).

A tree is a ``Node`` of kind DIR whose ``children`` map names to nodes. Whiteouts are
nodes of kind WHITEOUT (on disk a character device 0/0), opaque directories carry
``opaque=True`` (on disk the xattr ``trusted.overlay.opaque=y``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from workbench.core.model import Kind

DIR_MODE = 0o755
FILE_MODE = 0o644


@dataclass(slots=True)
class Node:
    kind: Kind
    mode: int = FILE_MODE
    uid: int = 0
    gid: int = 0
    # Content of a regular file when known (simulator, seeds); image layers only know
    # ``size`` and maybe ``digest``.
    data: bytes | None = None
    size: int = 0
    digest: str | None = None
    link: str = ""  # symlink target, or the file a hard link names (kept as a FILE)
    opaque: bool = False
    rdev: tuple[int, int] = (0, 0)
    children: dict[str, Node] = field(default_factory=dict)

    def set_data(self, data: bytes) -> None:
        self.data = data
        self.size = len(data)
        self.digest = hashlib.sha256(data).hexdigest()

    def copy_up(self) -> Node:
        """A copy as copy-up makes it: same content and metadata, never opaque.

        A copied-up directory starts empty in upper (its entries stay in the lower
        layers until they are themselves copied up).
        """
        return Node(self.kind, self.mode, self.uid, self.gid, self.data, self.size,
                    self.digest, self.link, False, self.rdev)

    def deep_copy(self) -> Node:
        copy = Node(self.kind, self.mode, self.uid, self.gid, self.data, self.size,
                    self.digest, self.link, self.opaque, self.rdev)
        copy.children = {name: child.deep_copy() for name, child in self.children.items()}
        return copy


def new_dir(mode: int = DIR_MODE, opaque: bool = False) -> Node:
    return Node(Kind.DIR, mode=mode, opaque=opaque)


def new_file(data: bytes = b"", mode: int = FILE_MODE) -> Node:
    node = Node(Kind.FILE, mode=mode)
    node.set_data(data)
    return node


def new_symlink(target: str) -> Node:
    return Node(Kind.SYMLINK, mode=0o777, link=target, size=len(target.encode()))


def new_whiteout() -> Node:
    return Node(Kind.WHITEOUT, mode=0)


def split_path(path: str) -> list[str]:
    """``"/a//b/"`` -> ``["a", "b"]``; refuses ``..`` so nothing escapes the sandbox."""
    parts = [part for part in path.strip().split("/") if part not in ("", ".")]
    if ".." in parts:
        raise ValueError(f"path {path!r} contains '..'")
    return parts


def tree_from_spec(spec: Mapping[str, str | bytes | None]) -> Node:
    """A tree from ``{"file": b"data", "dir/": None, "link": "->target"}``.

    Keys ending in ``/`` are directories, string values starting with ``->`` are
    symlinks, ``"<whiteout>"`` is a whiteout, ``"<opaque>/"`` keys mark opaque dirs.
    Parents are created as needed. Used for seeds and tests.
    """
    root = new_dir()
    for key, value in spec.items():
        is_dir = key.endswith("/")
        parts = split_path(key)
        parent = root
        for name in parts[:-1]:
            parent = parent.children.setdefault(name, new_dir())
        name = parts[-1]
        if is_dir:
            node = parent.children.setdefault(name, new_dir())
            node.opaque = value == "<opaque>"
        elif value == "<whiteout>":
            parent.children[name] = new_whiteout()
        elif isinstance(value, str) and value.startswith("->"):
            parent.children[name] = new_symlink(value[2:])
        else:
            data = value.encode() if isinstance(value, str) else (value or b"")
            parent.children[name] = new_file(data)
    return root


def walk(root: Node, prefix: str = "") -> list[tuple[str, Node]]:
    """Every node below ``root`` as ``(path, node)``, parents before children, sorted."""
    out: list[tuple[str, Node]] = []
    for name in sorted(root.children):
        child = root.children[name]
        path = f"{prefix}{name}"
        out.append((path, child))
        if child.kind is Kind.DIR:
            out.extend(walk(child, path + "/"))
    return out
