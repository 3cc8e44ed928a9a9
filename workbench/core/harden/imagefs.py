"""An image's config and every layer's files, read from ``docker save`` of the engine.

Checks need what the flattened filesystem hides: a file a later layer deleted is still
in the image, so each layer's entries are kept, with the layer that added them. Small
files whose names matter (``/etc/passwd``, key files...) are read; others are not.
"""

from __future__ import annotations

import contextlib
import json
import posixpath
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import docker
import docker.errors
import requests.exceptions

from workbench.core.harden.model import HardenError
from workbench.core.progress import CancelToken

CONTENT_LIMIT = 256 * 1024  # bytes read from one file; larger ones are listed as skipped


@dataclass(slots=True)
class FileEntry:
    path: str  # absolute, "/etc/passwd"
    layer: int
    mode: int  # permission bits incl. set-uid/set-gid/sticky
    uid: int
    gid: int
    size: int
    kind: str  # "file", "dir", "link", "other"
    content: bytes | None = None  # read for the files ``wants_content`` picked
    deleted_in: int | None = None  # the later layer whose whiteout removed it
    target: str = ""  # where a symbolic link points


@dataclass(slots=True)
class ImageFacts:
    reference: str
    image_id: str
    config: dict[str, Any]  # the image config's "config" (User, Env, Labels...)
    history: list[dict[str, Any]]
    layers: list[list[FileEntry]]
    final: dict[str, FileEntry] = field(default_factory=dict)  # flattened filesystem
    repo_digests: list[str] = field(default_factory=list)
    size: int = 0
    skipped: list[str] = field(default_factory=list)  # files too big to read

    @property
    def user(self) -> str:
        return str(self.config.get("User") or "")

    def has(self, path: str) -> bool:
        """Whether ``path`` exists, following symbolic links (``/bin -> usr/bin``)."""
        return self.resolve(path) in self.final

    def resolve(self, path: str, depth: int = 0) -> str:
        parts = [p for p in path.split("/") if p]
        current = "/"
        for index, part in enumerate(parts):
            current = posixpath.join(current, part)
            entry = self.final.get(current)
            if entry is not None and entry.target and depth < 20:
                link = posixpath.join(posixpath.dirname(current), entry.target)
                rest = "/".join(parts[index + 1:])
                return self.resolve(posixpath.normpath(posixpath.join(link, rest)), depth + 1)
        return current

    def text_of(self, path: str) -> str:
        entry = self.final.get(path)
        if entry is None or entry.content is None:
            return ""
        return entry.content.decode("utf-8", "replace")

    def layer_steps(self) -> list[int]:
        """For each layer, the index of the history entry that made it."""
        return [i for i, step in enumerate(self.history) if not step.get("empty_layer")]

    @property
    def has_shell(self) -> bool:
        return self.has("/bin/sh")


def _kind(member: tarfile.TarInfo) -> str:
    if member.isdir():
        return "dir"
    if member.isfile():
        return "file"
    if member.issym() or member.islnk():
        return "link"
    return "other"


Wants = Callable[[str, int, int], bool]  # (path, layer, size) -> read its content?


def _read_layer(layer: tarfile.TarFile, index: int, wants: Wants,
                skipped: list[str]) -> tuple[list[FileEntry], list[str]]:
    entries: list[FileEntry] = []
    whiteouts: list[str] = []
    for member in layer:
        name = member.name[2:] if member.name.startswith("./") else member.name
        path = "/" + name.strip("/")
        base = posixpath.basename(path)
        if base.startswith(".wh."):
            if base != ".wh..wh..opq":
                whiteouts.append(posixpath.join(posixpath.dirname(path), base[4:]))
            else:
                whiteouts.append(posixpath.dirname(path) + "/")
            continue
        entry = FileEntry(path, index, member.mode, member.uid, member.gid, member.size,
                          _kind(member), target=member.linkname if member.issym() else "")
        if entry.kind == "file" and wants(path, index, member.size):
            if member.size <= CONTENT_LIMIT:
                handle = layer.extractfile(member)
                entry.content = handle.read() if handle else None
            else:
                skipped.append(f"{path} (layer {index}, {member.size} bytes)")
        entries.append(entry)
    return entries, whiteouts


def _flatten(layers: list[list[FileEntry]], whiteouts: list[list[str]]) -> dict[str, FileEntry]:
    final: dict[str, FileEntry] = {}
    for index, entries in enumerate(layers):
        for gone in whiteouts[index]:
            if gone.endswith("/"):  # opaque dir: everything below it from lower layers
                victims = [p for p in final if p.startswith(gone)]
            else:
                victims = [p for p in final if p == gone or p.startswith(gone + "/")]
            for path in victims:
                final.pop(path).deleted_in = index
        for entry in entries:
            final[entry.path] = entry
    return final


def read_image(client: docker.DockerClient, reference: str,
               wants: Wants, cancel: CancelToken | None = None
               ) -> ImageFacts:
    """Save ``reference`` from the engine and read its layers; raises HardenError."""
    try:
        attrs = client.api.inspect_image(reference)
    except docker.errors.ImageNotFound:
        raise HardenError(f"The image {reference} is not in the engine: build or pull it, "
                          "or leave out --image.") from None
    except (docker.errors.DockerException, requests.exceptions.RequestException) as exc:
        raise HardenError(f"The engine could not be asked for {reference} ({exc}).") from None
    with tempfile.TemporaryFile() as spool:
        try:
            for chunk in client.api.get_image(reference):
                spool.write(chunk)
                if cancel is not None:
                    cancel.check()
        except (docker.errors.DockerException, requests.exceptions.RequestException) as exc:
            raise HardenError(f"The engine could not export {reference} ({exc}).") from None
        spool.seek(0)
        with tarfile.open(fileobj=spool, mode="r:") as archive:
            manifest = json.load(_member(archive, "manifest.json"))[0]
            config = json.load(_member(archive, manifest["Config"]))
            layers: list[list[FileEntry]] = []
            whiteouts: list[list[str]] = []
            skipped: list[str] = []
            for index, name in enumerate(manifest["Layers"]):
                if cancel is not None:
                    cancel.check()
                with tarfile.open(fileobj=_member(archive, name), mode="r:*") as layer:
                    entries, gone = _read_layer(layer, index, wants, skipped)
                layers.append(entries)
                whiteouts.append(gone)
    final = _flatten(layers, whiteouts)
    return ImageFacts(reference, str(attrs.get("Id", "")), dict(config.get("config") or {}),
                      list(config.get("history") or []), layers, final,
                      [str(d) for d in attrs.get("RepoDigests") or []],
                      int(attrs.get("Size") or 0), skipped)


def _member(archive: tarfile.TarFile, name: str) -> Any:
    handle = archive.extractfile(name)
    if handle is None:
        raise HardenError(f"The engine's export of the image has no {name}.")
    return handle


def image_exists(client: docker.DockerClient, reference: str) -> bool:
    with contextlib.suppress(docker.errors.DockerException, requests.exceptions.RequestException):
        client.api.inspect_image(reference)
        return True
    return False
