"""Which file contents need a fingerprint, and attaching the ones computed.

"Modified or unchanged" only matters for a regular file whose path appears in two or
more layers; when the sizes differ the answer is already "modified". So only files
that share their path *and* size with another layer's copy are hashed, which keeps
the content reads of a seekable archive to a handful of files.
"""

from __future__ import annotations

from collections import Counter

from workbench.core.model import Entry, Kind, LayerScan


def missing_fingerprints(scans: list[LayerScan]) -> dict[int, set[str]]:
    """Per layer index, the paths whose ``digest`` is needed and not known yet."""
    first: dict[str, tuple[int, Entry]] = {}
    repeated: dict[str, list[tuple[int, Entry]]] = {}
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
    wants: dict[int, set[str]] = {}
    for path, copies in repeated.items():
        sizes = Counter(entry.size for _, entry in copies)
        for i, entry in copies:
            if entry.digest is None and sizes[entry.size] > 1:
                wants.setdefault(i, set()).add(path)
    return wants


def attach(scan: LayerScan, digests: dict[str, str]) -> bool:
    """Set the digests found for ``scan``'s files; True when anything changed."""
    changed = False
    for entry in scan.entries:
        if entry.kind is Kind.FILE and entry.digest is None:
            digest = digests.get(entry.path)
            if digest is not None:
                entry.digest = digest
                changed = True
    return changed
