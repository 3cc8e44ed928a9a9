"""A running container's overlay: its real LowerDir / UpperDir / MergedDir and changes.

The directories come from ``inspect`` (``GraphDriver.Data``). When this process can
read them (local engine, root, overlay2) they are listed from the host, so an edit
made inside the container shows up in upper at the next refresh. Otherwise (remote
engine, Docker Desktop VM, rootless) the view is built from the engine's changes list
and says so.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.core.errors import EngineOperationError
from workbench.core.model import Kind
from workbench.core.overlay.listing import ListedEntry, list_disk
from workbench.core.overlay.sandbox import annotate, merged_origins
from workbench.core.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress

CHANGE_KINDS = {0: "C", 1: "A", 2: "D"}  # the Engine API's /changes Kind values


@dataclass(slots=True)
class ContainerView:
    container_id: str
    name: str
    image: str
    status: str
    driver: str
    lower_dirs: list[str]  # top-most first, as the mount's lowerdir= lists them
    upper_dir: str
    merged_dir: str
    work_dir: str
    changes: list[tuple[str, str]]  # ("A"|"C"|"D", "/path")
    from_host: bool  # listings read from the host dirs (else built from the API)
    note: str = ""
    lowers: list[list[ListedEntry]] = field(default_factory=list)
    upper: list[ListedEntry] = field(default_factory=list)
    merged: list[ListedEntry] = field(default_factory=list)
    work: list[ListedEntry] | None = None
    truncated: bool = False

    @property
    def lower_names(self) -> list[str]:
        return [_short(path) for path in self.lower_dirs]


def _short(path: str) -> str:
    """``/var/lib/docker/overlay2/<id>/diff`` -> ``<id[:12]>`` (``-init`` kept)."""
    parts = Path(path).parts
    name = parts[-2] if parts and parts[-1] == "diff" and len(parts) > 1 else Path(path).name
    return name[:12] + ("-init" if name.endswith("-init") else "")


def list_containers(client: Any) -> list[tuple[str, str, str, str]]:
    """(id, name, image, status) of running containers, for a picker."""
    try:
        containers = client.containers.list()
    except Exception as exc:  # the SDK raises requests/docker errors alike
        raise EngineOperationError(f"Cannot list containers: {exc}; check the engine.") \
            from None
    out = []
    for container in containers:
        tags = getattr(container.image, "tags", None) or [container.attrs["Config"]["Image"]]
        out.append((container.id, container.name, tags[0], container.status))
    return out


def _readable(path: str) -> bool:
    return bool(path) and os.path.isdir(path) and os.access(path, os.R_OK | os.X_OK)


def container_view(client: Any, container: str, *, progress: ProgressCallback = no_progress,
                   cancel: CancelToken | None = None, with_lowers: bool = True,
                   limit: int = 50000) -> ContainerView:
    """The overlay of ``container`` (id or name), listed from the host when possible."""
    cancel = cancel or CancelToken()
    try:
        attrs = client.api.inspect_container(container)
        raw_changes = client.api.diff(container) or []
    except Exception as exc:
        raise EngineOperationError(f"Cannot inspect container {container}: {exc}; check "
                                   "that it exists and is running.") from None
    driver = attrs.get("GraphDriver", {}) or {}
    data = driver.get("Data") or {}
    lowers = [p for p in (data.get("LowerDir") or "").split(":") if p]
    view = ContainerView(
        attrs["Id"], attrs["Name"].lstrip("/"), attrs["Config"]["Image"],
        attrs["State"]["Status"], driver.get("Name", ""), lowers,
        data.get("UpperDir", ""), data.get("MergedDir", ""), data.get("WorkDir", ""),
        sorted((CHANGE_KINDS.get(c["Kind"], "?"), c["Path"]) for c in raw_changes),
        from_host=False)
    progress(ProgressEvent("overlay", 0, 3, "dirs", "reading upper"))
    if view.driver not in ("overlay2", "overlay") or not _readable(view.upper_dir):
        view.note = (f"The {view.driver or 'unknown'} directories are not readable from here "
                     "(remote engine, VM or no root): built from the engine's changes list.")
        view.upper = _upper_from_changes(view.changes)
        return view
    view.from_host = True
    view.upper = annotate(list_disk(view.upper_dir), "upper")
    cancel.check()
    if _readable(view.work_dir):
        view.work = list_disk(view.work_dir, hash_files=False)
    if with_lowers:
        for number, path in enumerate(lowers):
            progress(ProgressEvent("overlay", 1, 3, "dirs", f"reading lower {number + 1}"))
            entries = list_disk(path, hash_files=False, limit=limit) if _readable(path) else []
            view.truncated |= len(entries) >= limit
            view.lowers.append(annotate(entries, _short(path)))
            cancel.check()
    progress(ProgressEvent("overlay", 2, 3, "dirs", "reading merged"))
    if _readable(view.merged_dir):
        merged = list_disk(view.merged_dir, hash_files=False, limit=limit)
        view.truncated |= len(merged) >= limit
        if view.lowers:
            merged = merged_origins(merged, view.upper, view.lowers, view.lower_names)
        view.merged = merged
    elif view.status == "running":
        view.note = "The merged dir is not readable from here."
    progress(ProgressEvent("overlay", 3, 3, "dirs", "done"))
    return view


def _upper_from_changes(changes: list[tuple[str, str]]) -> list[ListedEntry]:
    """What the API tells about upper: added/changed paths, deletions as whiteouts."""
    out = []
    for kind, path in changes:
        rel = path.lstrip("/")
        if kind == "D":
            out.append(ListedEntry(rel, Kind.WHITEOUT, 0, rdev="0/0", origin="changes"))
        else:
            out.append(ListedEntry(rel, Kind.FILE, 0, origin=f"changes ({kind})"))
    return out
