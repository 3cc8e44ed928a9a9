"""Which file contents need a fingerprint, and attaching the ones computed.

"Modified or unchanged" only matters for a regular file whose path appears in two or
more layers; when the sizes differ the answer is already "modified". So only files
that share their path *and* size with another layer's copy are hashed, which keeps
the content reads of a seekable archive to a handful of files.

Each layer's files go into one path map; the paths a layer shares with the layers
below come from intersecting key views (which look up the smaller side only, and never
hash a path twice), so the per-path work follows the paths that recur, not every file
of the image.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from workbench.core.model import Entry, Kind, LayerScan

Copies = list[tuple[int, Entry]]


def missing_fingerprints(scans: list[LayerScan],
                         maps: list[dict[str, Entry]] | None = None) -> dict[int, set[str]]:
    """Per layer index, the paths whose ``digest`` is needed and not known yet.

    ``maps``: each layer's members by path (whiteouts left out), when the caller has
    them already (``LayerColumns.files`` of layers that list no path twice): the file
    paths are then picked from them instead of building maps of their own."""
    repeated = _repeated_files(scans, maps)
    if repeated is None:
        repeated = _repeated_files_in_order(scans)
    wants: defaultdict[int, set[str]] = defaultdict(set)
    for path, copies in repeated.items():
        if len(copies) == 2:  # by far the most common: written out
            (first_layer, first), (second_layer, second) = copies
            if first.size == second.size:
                if first.digest is None:
                    wants[first_layer].add(path)
                if second.digest is None:
                    wants[second_layer].add(path)
            continue
        sizes = Counter(entry.size for _, entry in copies)
        for i, entry in copies:
            if entry.digest is None and sizes[entry.size] > 1:
                wants[i].add(path)
    return dict(wants)


def _repeated_files(scans: list[LayerScan],
                    maps: list[dict[str, Entry]] | None = None) -> dict[str, Copies] | None:
    """Every file path listed by two or more layers, with its copies in layer order;
    None when a layer lists a file path twice (``_repeated_files_in_order`` then)."""
    file_kind = Kind.FILE
    per_layer: list[dict[str, Entry]] = []
    # All paths of the layers below, built only once comparing a layer with each
    # layer below in turn would cost more than keeping it (images of many layers).
    seen: dict[str, Entry] | None = None
    repeated: dict[str, Copies] = {}
    for k, scan in enumerate(scans):
        if maps is not None:
            by_path = maps[k]  # every kind: a path's copies below are looked for as files
        else:
            files = [e for e in scan.entries if e.kind is file_kind]
            by_path = {e.path: e for e in files}
            if len(by_path) != len(files):
                return None
        keys = by_path.keys()
        if seen is None and sum(min(len(m), len(keys)) for m in per_layer) > 3 * len(keys):
            seen = {}
            for below_map in per_layer:
                seen.update(below_map)
        if seen is not None:
            again = seen.keys() & keys
            seen.update(by_path)
        else:
            again = set().union(*[m.keys() & keys for m in per_layer])
        if again:
            # In the layer's own order, as a member-by-member pass would meet them.
            for path in [p for p in by_path if p in again]:
                entry = by_path[path]
                if entry.kind is not file_kind:
                    continue
                copies = repeated.get(path)
                if copies is None:
                    # The nearest layer below that lists the path as a file, if any.
                    below = k - 1
                    while below >= 0 and (
                            (found := per_layer[below].get(path)) is None
                            or found.kind is not file_kind):
                        below -= 1
                    if below >= 0:
                        repeated[path] = [(below, per_layer[below][path]), (k, entry)]
                else:
                    copies.append((k, entry))
        per_layer.append(by_path)
    return repeated


def _repeated_files_in_order(scans: list[LayerScan]) -> dict[str, Copies]:
    """``_repeated_files`` member by member, where a layer repeats a path itself."""
    first: dict[str, tuple[int, Entry]] = {}
    repeated: dict[str, Copies] = {}
    file_kind = Kind.FILE
    for i, scan in enumerate(scans):
        for entry in scan.entries:
            if entry.kind is not file_kind:
                continue
            path = entry.path
            seen = first.get(path)
            if seen is None:
                first[path] = (i, entry)
            elif path in repeated:
                repeated[path].append((i, entry))
            else:
                repeated[path] = [seen, (i, entry)]
    return repeated


def attach(scan: LayerScan, digests: dict[str, str],
           by_path: dict[str, Entry] | None = None) -> bool:
    """Set the digests found for ``scan``'s files; True when anything changed.
    ``by_path``: the layer's members by path, when it lists no path twice; then only
    the paths found are looked up, not every member of the layer."""
    if not digests:
        return False
    changed = False
    file_kind = Kind.FILE
    if by_path is not None:
        for path, digest in digests.items():
            entry = by_path.get(path)
            if entry is not None and entry.kind is file_kind and entry.digest is None:
                entry.digest = digest
                changed = True
        return changed
    for entry in scan.entries:
        if entry.path in digests and entry.kind is file_kind and entry.digest is None:
            entry.digest = digests[entry.path]
            changed = True
    return changed
