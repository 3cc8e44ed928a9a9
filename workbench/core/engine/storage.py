"""Storage as the engine sees it: image history, the storage driver's dirs, and the
upper dir of a container with its whiteouts (article §2.1, §2.3).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from typing import Any

import docker
import docker.errors
import requests.exceptions

from workbench.core.engine.connection import endpoint_url, unavailable
from workbench.core.errors import EngineOperationError, WorkbenchError
from workbench.core.history_text import display_command

MISSING_EXPLAINED = ("built elsewhere: the intermediate image is not in this engine "
                     "(pulled or loaded images keep only their final id)")


class NotReadableHereError(WorkbenchError):
    """The storage driver's dirs exist on the engine's host but cannot be read from here."""


@dataclass(frozen=True, slots=True)
class HistoryRow:
    id: str  # "sha256:..." or "<missing>"
    created: int  # unix seconds
    created_by: str
    size: int
    comment: str = ""
    tags: list[str] = field(default_factory=list)

    @property
    def missing(self) -> bool:
        return self.id == "<missing>"

    @property
    def short_id(self) -> str:
        return self.id if self.missing else self.id.removeprefix("sha256:")[:12]

    @property
    def explanation(self) -> str:
        return MISSING_EXPLAINED if self.missing else ""

    @property
    def instruction(self) -> str:
        """``RUN apt-get ...``, ``ENV A=b``: the Dockerfile reading of ``created_by``."""
        return display_command(self.created_by)


def _engine_call(client: docker.DockerClient, what: str, call: Any, *args: Any,
                 **kwargs: Any) -> Any:
    """Run an engine call with the one set of messages for not-found and gone-away."""
    try:
        return call(*args, **kwargs)
    except docker.errors.NotFound:
        raise EngineOperationError(f"No {what} in the engine at {endpoint_url(client)}: "
                                   "check the name with `workbench containers ls` or "
                                   "`docker images`.") from None
    except docker.errors.APIError as exc:
        raise EngineOperationError(f"The engine refused to show {what}: "
                                   f"{exc.explanation or exc}.") from None
    except (docker.errors.DockerException, requests.exceptions.RequestException):
        raise unavailable(endpoint_url(client)) from None


def image_history(client: docker.DockerClient, image: str) -> list[HistoryRow]:
    """``docker history``: newest first, as the engine reports it."""
    rows = _engine_call(client, f"image {image!r}", client.api.history, image)
    return [HistoryRow(id=str(r.get("Id", "")), created=int(r.get("Created") or 0),
                       created_by=str(r.get("CreatedBy", "")), size=int(r.get("Size") or 0),
                       comment=str(r.get("Comment", "")), tags=list(r.get("Tags") or []))
            for r in rows]


@dataclass(frozen=True, slots=True)
class GraphDriverInfo:
    driver: str  # "overlay2", "overlay" (podman), "vfs"...
    lower_dirs: list[str]  # top first, as in ``lowerdir=a:b:c``
    upper_dir: str
    merged_dir: str
    work_dir: str
    data: dict[str, str] = field(default_factory=dict)  # everything the engine gave

    @property
    def readable(self) -> bool:
        """Whether this process can list the upper dir (same host, enough rights)."""
        return bool(self.upper_dir) and os.access(self.upper_dir, os.R_OK | os.X_OK)


def _graph_driver(attrs: dict[str, Any]) -> GraphDriverInfo:
    graph = attrs.get("GraphDriver") or {}
    data = {str(k): str(v) for k, v in (graph.get("Data") or {}).items()}
    lower = [d for d in data.get("LowerDir", "").split(":") if d]
    return GraphDriverInfo(str(graph.get("Name", "")), lower, data.get("UpperDir", ""),
                           data.get("MergedDir", ""), data.get("WorkDir", ""), data)


def image_graph_driver(client: docker.DockerClient, image: str) -> GraphDriverInfo:
    attrs = _engine_call(client, f"image {image!r}", client.api.inspect_image, image)
    return _graph_driver(attrs)


def container_graph_driver(client: docker.DockerClient, container: str) -> GraphDriverInfo:
    attrs = _engine_call(client, f"container {container!r}", client.api.inspect_container,
                         container)
    return _graph_driver(attrs)


@dataclass(frozen=True, slots=True)
class UpperEntry:
    path: str  # relative to the upper dir
    kind: str  # "file" | "dir" | "symlink" | "whiteout" | "opaque-dir" | "other"
    size: int = 0
    note: str = ""  # why it is what it is, for whiteouts and opaque dirs


def _opaque(path: str) -> bool:
    for name in ("trusted.overlay.opaque", "user.overlay.opaque"):
        try:
            if os.getxattr(path, name, follow_symlinks=False) == b"y":
                return True
        except OSError:
            continue
    return False


def list_upper_dir(upper_dir: str) -> list[UpperEntry]:
    """The upper dir's entries with whiteouts shown as what they are on disk."""
    if not upper_dir:
        raise NotReadableHereError("The storage driver reports no upper dir for this "
                                   "container: it is not an overlay container.")
    if not os.path.isdir(upper_dir) or not os.access(upper_dir, os.R_OK | os.X_OK):
        raise NotReadableHereError(
            f"Cannot read {upper_dir} from here: the engine runs on another host or as "
            "another user; run the workbench as root on the engine's host to see it."
        )
    entries: list[UpperEntry] = []
    for dirpath, dirnames, filenames in os.walk(upper_dir):
        dirnames.sort()
        for name in sorted(dirnames + filenames):
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, upper_dir)
            try:
                st = os.lstat(full)
            except OSError:
                continue
            if stat.S_ISCHR(st.st_mode) and st.st_rdev == 0:
                entries.append(UpperEntry(rel, "whiteout", 0, "character device 0/0: deletes "
                                          "this path from the layers below"))
            elif stat.S_ISDIR(st.st_mode):
                if _opaque(full):
                    entries.append(UpperEntry(rel, "opaque-dir", 0, "xattr trusted.overlay."
                                              "opaque=y: hides everything below it"))
                else:
                    entries.append(UpperEntry(rel, "dir"))
            elif stat.S_ISLNK(st.st_mode):
                entries.append(UpperEntry(rel, "symlink", 0, "-> " + os.readlink(full)))
            elif stat.S_ISREG(st.st_mode):
                entries.append(UpperEntry(rel, "file", st.st_size))
            else:
                entries.append(UpperEntry(rel, "other"))
    return entries


def container_upper_listing(client: docker.DockerClient, container: str) -> list[UpperEntry]:
    return list_upper_dir(container_graph_driver(client, container).upper_dir)
