"""Added, removed and modified files between two images' final filesystems.

Modified means the kind, content, mode, owner or link target changed; times are not
compared. Content is known equal without reading it when both copies come from the
same layer (same diff_id); otherwise sizes decide, and equal sizes are settled by
hashing both copies from their layer tars (the only bytes read).
"""

from __future__ import annotations

import hashlib
import tarfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from workbench.core.model import Kind, Status


@dataclass(frozen=True, slots=True)
class FileState:
    kind: Kind
    size: int
    mode: int
    uid: int
    gid: int
    link: str
    layer: int | None  # the layer the surviving copy comes from


@dataclass(slots=True)
class FileChange:
    path: str  # absolute, as ``workbench files`` writes it
    change: str  # "added", "removed" or "modified"
    a: FileState | None
    b: FileState | None
    changed: list[str] = field(default_factory=list)  # kind/content/mode/owner/link
    line: int | None = None  # Dockerfile line of the layer that made the change

    @property
    def size_a(self) -> int:
        return self.a.size if self.a else 0

    @property
    def size_b(self) -> int:
        return self.b.size if self.b else 0


def final_files(analysis: Any) -> dict[str, FileState]:
    """Every path of the image's final filesystem (what ``docker export`` holds)."""
    if not analysis.layers:
        return {}
    tree = analysis.merged(len(analysis.layers) - 1)
    found: dict[str, FileState] = {}
    for node in tree.walk():
        if node.status is Status.REMOVED:
            continue
        size = 0 if node.kind is Kind.DIR else node.size
        found["/" + node.path] = FileState(node.kind, size, node.mode & 0o7777, node.uid,
                                           node.gid, node.link, node.layer)
    return found


def _metadata_changes(a: FileState, b: FileState) -> list[str]:
    changed = []
    if a.kind is not b.kind:
        changed.append("kind")
    if a.mode != b.mode:
        changed.append("mode")
    if (a.uid, a.gid) != (b.uid, b.gid):
        changed.append("owner")
    if a.link != b.link:
        changed.append("link")
    return changed


Hasher = Callable[[dict[int, set[str]]], dict[int, dict[str, str]]]


def layer_hasher(analysis: Any) -> Hasher:
    """Hash ``{layer: {absolute paths}}`` by streaming each layer tar once."""
    def hash_layers(wanted: dict[int, set[str]]) -> dict[int, dict[str, str]]:
        found: dict[int, dict[str, str]] = {}
        for layer, paths in wanted.items():
            names = {p.lstrip("/") for p in paths}
            digests: dict[str, str] = {}
            with analysis.source.open_layer(layer) as stream, \
                    tarfile.open(fileobj=stream, mode="r|") as archive:
                for member in archive:
                    name = member.name
                    while name.startswith("./"):
                        name = name[2:]
                    name = name.strip("/")
                    if name not in names or not member.isreg():
                        continue
                    reader = archive.extractfile(member)
                    if reader is None:
                        continue
                    digest = hashlib.sha256()
                    while chunk := reader.read(1 << 20):
                        digest.update(chunk)
                    digests["/" + name] = digest.hexdigest()
            found[layer] = digests
        return found
    return hash_layers


def diff_files(files_a: dict[str, FileState], files_b: dict[str, FileState],
               diff_ids_a: list[str], diff_ids_b: list[str],
               hash_a: Hasher | None = None, hash_b: Hasher | None = None
               ) -> list[FileChange]:
    changes: list[FileChange] = []
    undecided: list[tuple[str, FileState, FileState]] = []
    for path, a in files_a.items():
        b = files_b.get(path)
        if b is None:
            changes.append(FileChange(path, "removed", a, None))
            continue
        changed = _metadata_changes(a, b)
        if a.kind is Kind.FILE and b.kind is Kind.FILE:
            same_layer = (a.layer is not None and b.layer is not None
                          and diff_ids_a[a.layer] == diff_ids_b[b.layer])
            if not same_layer:
                if a.size != b.size:
                    changed.append("content")
                elif hash_a is not None and hash_b is not None:
                    undecided.append((path, a, b))
                    if changed:
                        changes.append(FileChange(path, "modified", a, b, changed))
                    continue
        if changed:
            changes.append(FileChange(path, "modified", a, b, changed))
    changes += [FileChange(path, "added", None, b) for path, b in files_b.items()
                if path not in files_a]
    if undecided and hash_a is not None and hash_b is not None:
        _settle_content(undecided, changes, hash_a, hash_b)
    changes.sort(key=lambda c: c.path)
    return changes


def _settle_content(undecided: list[tuple[str, FileState, FileState]],
                    changes: list[FileChange], hash_a: Hasher, hash_b: Hasher) -> None:
    want_a: dict[int, set[str]] = {}
    want_b: dict[int, set[str]] = {}
    for path, a, b in undecided:
        want_a.setdefault(a.layer or 0, set()).add(path)
        want_b.setdefault(b.layer or 0, set()).add(path)
    digests_a, digests_b = hash_a(want_a), hash_b(want_b)
    existing = {c.path: c for c in changes}
    for path, a, b in undecided:
        if digests_a.get(a.layer or 0, {}).get(path) == digests_b.get(b.layer or 0, {}).get(path):
            continue
        if path in existing:
            existing[path].changed.append("content")
        else:
            change = FileChange(path, "modified", a, b, ["content"])
            changes.append(change)
            existing[path] = change


def by_directory(changes: list[FileChange], depth: int = 2) -> list[dict[str, Any]]:
    """Size delta rolled up per directory (up to ``depth`` levels), biggest change first."""
    totals: dict[str, int] = {}
    for change in changes:
        delta = change.size_b - change.size_a
        if not delta:
            continue
        parts = change.path.strip("/").split("/")[:-1]
        for level in range(1, min(depth, len(parts)) + 1):
            key = "/" + "/".join(parts[:level])
            totals[key] = totals.get(key, 0) + delta
        if not parts:
            totals["/"] = totals.get("/", 0) + delta
    return [{"path": path, "delta": delta} for path, delta in
            sorted(totals.items(), key=lambda kv: (-abs(kv[1]), kv[0]))]
