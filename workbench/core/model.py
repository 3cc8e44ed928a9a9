"""The image model every panel reads: config, history, layers and per-layer file entries.

Paths are normalised: relative to the image root, no leading ``/``, no ``.`` or ``..``
parts, ``/`` separated (``etc/passwd``). The root itself is ``""``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    FILE = "file"
    DIR = "dir"
    SYMLINK = "symlink"
    HARDLINK = "hardlink"
    CHAR = "char"
    BLOCK = "block"
    FIFO = "fifo"
    # ``dir/.wh.name`` in a layer tar: ``path`` is the deleted path (``dir/name``).
    WHITEOUT = "whiteout"


class Status(StrEnum):
    """What a layer did to a path, relative to the merged filesystem below it."""

    ADDED = "added"
    MODIFIED = "modified"
    REMOVED = "removed"
    # Present again in this layer with identical content and metadata (a copy-up
    # caused by e.g. ``touch`` of an unchanged file, or a parent directory entry).
    UNCHANGED = "unchanged"


@dataclass(slots=True)
class Entry:
    """One tar member of a layer, read from its header only."""

    path: str
    kind: Kind
    size: int = 0
    mode: int = 0  # permission bits including set-uid 0o4000, set-gid 0o2000, sticky
    uid: int = 0
    gid: int = 0
    link: str = ""  # symlink target as written, or hard-link target path (normalised)
    mtime: int = 0
    # Content fingerprint, filled only where a path recurs across layers and the
    # "modified or unchanged" answer needs it. None means "not computed".
    digest: str | None = None

    @property
    def is_setuid(self) -> bool:
        return bool(self.mode & 0o4000)

    @property
    def is_setgid(self) -> bool:
        return bool(self.mode & 0o2000)

    @property
    def is_world_writable(self) -> bool:
        return self.kind not in (Kind.SYMLINK, Kind.WHITEOUT) and bool(self.mode & 0o002)


@dataclass(slots=True)
class LayerScan:
    """The full content listing of one layer tar; immutable, cached by ``diff_id``."""

    diff_id: str
    entries: list[Entry]
    # Directories marked opaque by ``dir/.wh..wh..opq`` (everything below them in
    # lower layers is hidden).
    opaque_dirs: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        """Bytes of regular-file content in the layer (what dive calls layer size)."""
        return sum(e.size for e in self.entries if e.kind is Kind.FILE)


@dataclass(slots=True)
class HistoryStep:
    """One entry of the config's ``history``; metadata steps have ``empty_layer``."""

    index: int
    created_by: str
    created: str = ""
    comment: str = ""
    author: str = ""
    empty_layer: bool = False
    layer_index: int | None = None  # index into ``ImageInfo.layers`` when it made one

    @property
    def instruction(self) -> str:
        """The Dockerfile instruction keyword (RUN, COPY, ENV...), best effort."""
        from workbench.core.history_text import instruction_of

        return instruction_of(self.created_by)


@dataclass(slots=True)
class Layer:
    index: int
    diff_id: str  # sha256 of the uncompressed tar
    size: int  # uncompressed tar size in bytes as stored (0 when unknown)
    digest: str = ""  # blob digest in the archive or registry (may be compressed)
    compressed_size: int = 0  # bytes of the blob as transferred, 0 when unknown
    history_index: int | None = None
    command: str = ""  # created_by of the history step that made it


@dataclass(slots=True)
class ImageInfo:
    """What is known about an image before any layer is scanned."""

    id: str  # config digest, "sha256:..."
    config: dict[str, Any]
    history: list[HistoryStep]
    layers: list[Layer]
    repo_tags: list[str] = field(default_factory=list)
    repo_digests: list[str] = field(default_factory=list)
    source: str = ""  # how it was opened, for messages: "docker://app:dev", "/tmp/x.tar"
    # Where the layer contents were read: "archive" (a file or OCI directory), "save"
    # (the engine's save stream), "storage" (the engine's own storage on this host).
    read_through: str = ""

    @property
    def os(self) -> str:
        return str(self.config.get("os", ""))

    @property
    def architecture(self) -> str:
        return str(self.config.get("architecture", ""))

    @property
    def created(self) -> str:
        return str(self.config.get("created", ""))

    @property
    def size(self) -> int:
        return sum(layer.size for layer in self.layers)
