"""Added, removed and modified files between two images' final filesystems.

Modified means the kind, content, mode, owner or link target changed; times are not
compared. Content is known equal without reading it when both copies come from the
same layer (same diff_id); otherwise sizes decide, and equal sizes are settled by the
copies' fingerprints: the layer scans' own where they have them, else hashed from the
layer tars (the only bytes read).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from workbench.core.model import Entry, Kind


class FileState(NamedTuple):
    """A path in a final filesystem (a tuple: an image holds a hundred thousand)."""

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


Final = dict[str, tuple[Entry | None, int | None]]  # path -> surviving entry, its layer


def final_entries(analysis: Any) -> Final:
    """Every path of the image's final filesystem (what ``docker export`` holds), with
    the entry and layer its surviving copy comes from.

    The layers laid one over the other as overlayfs does: a layer's whiteouts and
    opaque directories take away from the layers below, then its members go on top
    (a non-directory over a directory hides what was below that directory). A flat
    map of paths is all a comparison needs; the analysis' merged tree costs more than
    the whole rest of a warm comparison."""
    whiteout, directory = Kind.WHITEOUT, Kind.DIR
    files: dict[str, tuple[Entry | None, int | None]] = {}
    for layer, scan in enumerate(analysis.scans):
        below: list[str] = []  # directories whose contents in lower layers go
        for entry in scan.entries:
            path = entry.path
            if entry.kind is whiteout:
                if files.pop(path, None) is not None:
                    below.append(path)
            elif entry.kind is not directory:
                lower = files.get(path)
                if lower is not None and lower[0] is not None and lower[0].kind is directory:
                    below.append(path)
        below += scan.opaque_dirs
        if below:
            if "" in below:  # the root made opaque: nothing below survives
                files.clear()
            else:
                prefixes = tuple(path + "/" for path in below)
                for path in [p for p in files if p.startswith(prefixes)]:
                    del files[path]
        files.update((e.path, (e, layer)) for e in scan.entries if e.kind is not whiteout)
    # A layer tar may leave out a parent directory; the filesystem still has it.
    for path in list(files):
        parent = path.rpartition("/")[0]
        while parent and parent not in files:
            files[parent] = (None, None)
            parent = parent.rpartition("/")[0]
    return files


def _states(final: Final) -> dict[str, FileState]:
    directory = Kind.DIR
    found = {}
    for path, (e, layer) in final.items():
        found["/" + path] = (FileState(directory, 0, 0, 0, 0, "", None) if e is None else
                             FileState(e.kind, 0 if e.kind is directory else e.size,
                                       e.mode & 0o7777, e.uid, e.gid, e.link, layer))
    return found


def final_files(analysis: Any) -> dict[str, FileState]:
    """Every path of the image's final filesystem, by absolute path."""
    return _states(final_entries(analysis))


def final_files_apart(analysis_a: Any, analysis_b: Any
                      ) -> tuple[dict[str, FileState], dict[str, FileState]]:
    """Both final filesystems less the paths whose surviving copy comes from the same
    layer (one diff_id) on both sides: equal by construction, so not worth a look.
    Two builds of one Dockerfile share most of their files this way."""
    final_a, final_b = final_entries(analysis_a), final_entries(analysis_b)
    ids_a = [layer.diff_id for layer in analysis_a.info.layers]
    ids_b = [layer.diff_id for layer in analysis_b.info.layers]
    shared = set(ids_a) & set(ids_b)
    if shared:
        same = []
        for path, (_, layer) in final_a.items():
            if layer is None or ids_a[layer] not in shared:
                continue
            other = final_b.get(path)
            if other is not None and other[1] is not None and ids_b[other[1]] == ids_a[layer]:
                same.append(path)
        for path in same:
            del final_a[path], final_b[path]
    return _states(final_a), _states(final_b)


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
    """Fingerprint ``{layer: {absolute paths}}`` (xxh3-128, as the layer scans do).

    Most are known already: a scan from the engine's save stream fingerprints every
    file, and any scan those of its files that recur in its image, and both come back
    from the layer cache. The rest are asked of the image source in one go (an archive
    seeks to them; the engine streams its save once for all layers, where reading each
    layer on its own would cost a save per layer)."""
    def hash_layers(wanted: dict[int, set[str]]) -> dict[int, dict[str, str]]:
        found: dict[int, dict[str, str]] = {}
        missing: dict[int, set[str]] = {}
        for layer, paths in wanted.items():
            names = {p.lstrip("/"): p for p in paths}
            known: dict[str, str] = {}
            for entry in analysis.scans[layer].entries:
                path = names.get(entry.path)
                if path is not None and entry.kind is Kind.FILE:
                    if entry.digest is not None:
                        known[path] = entry.digest
                    else:
                        known.pop(path, None)  # a later copy in the same layer wins
            found[layer] = known
            rest = {name for name, path in names.items() if path not in known}
            if rest:
                missing[layer] = rest
        if missing and analysis.source is not None:
            for layer, digests in analysis.source.hash_files(missing, lambda: None).items():
                found.setdefault(layer, {}).update(
                    {"/" + path.lstrip("/"): digest for path, digest in digests.items()})
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
        digest_a = digests_a.get(a.layer or 0, {}).get(path)
        digest_b = digests_b.get(b.layer or 0, {}).get(path)
        if digest_a is not None and digest_a == digest_b:
            continue  # an unreadable copy is not taken for an equal one
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
