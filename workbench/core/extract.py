"""Copy a file or directory out of an image into a folder the user picked, safely.

The merged view of a path at a step is rebuilt by replaying the layer tars from the
bottom up to that step, keeping only the entries at or below the path and honouring
whiteouts (``.wh.name`` deletes, ``.wh..wh..opq`` empties a directory). Only the path's
subtree is ever written, so the cost is one sequential read of each layer.

Safety rules, because layer tars are untrusted input:
- everything is written into a fresh hidden staging folder inside the destination and
  renamed into place at the end; an existing file or folder is never overwritten: the
  result goes to a new name (``etc (2)``) instead;
- tar names are normalised; absolute names and ``..`` parts are skipped, and every
  parent folder is checked with ``lstat`` before anything is created, so a symlink
  from the image is never followed (it stays a link, even one pointing at ``/etc``);
- device nodes and FIFOs are not created; set-uid, set-gid and sticky bits are dropped
  (a root-owned set-uid copy in a home folder would be a hazard); the skipped entries
  are listed in the result.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import shutil
import stat
import tarfile
import tempfile
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Protocol

from workbench.core.errors import WorkbenchError
from workbench.core.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress

WHITEOUT = ".wh."
OPAQUE = ".wh..wh..opq"
_CANCEL_EVERY = 256  # members between cancel checks: cheap, yet quick to react
_COPY_CHUNK = 1 << 20


class ExtractError(WorkbenchError):
    """The path cannot be extracted (missing in the image, bad destination...)."""


class LayerSource(Protocol):
    """What extraction needs from an opened image: each layer's uncompressed tar."""

    def open_layer(self, index: int) -> AbstractContextManager[IO[bytes]]: ...


@dataclass(slots=True)
class ExtractResult:
    target: Path  # where the extracted file or folder now is
    files: int = 0
    dirs: int = 0
    links: int = 0
    skipped: list[str] = field(default_factory=list)  # "dev/null: device node not created"
    bits_dropped: list[str] = field(default_factory=list)  # paths that lost set-uid/gid/sticky


def normalise(name: str) -> str | None:
    """A tar member name as an image path (``etc/passwd``); None when it would escape."""
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        return None
    return "/".join(parts)


def extract(source: LayerSource, path: str, dest_dir: str | os.PathLike[str], *, upto: int,
            layer_only: bool = False, progress: ProgressCallback = no_progress,
            cancel: CancelToken | None = None) -> ExtractResult:
    """Write ``path`` as seen at layer ``upto`` into a new entry inside ``dest_dir``.

    ``layer_only`` takes the path from that one layer's own changes (the explorer's layer
    view) instead of the merged filesystem of layers 0..upto.
    """
    cancel = cancel or CancelToken()
    wanted = normalise(path)
    if wanted is None:
        raise ExtractError(f"{path!r} is not a path inside the image: pick one from the tree.")
    folder = Path(dest_dir)
    if not folder.is_dir():
        raise ExtractError(f"The destination {folder} is not an existing folder: pick another.")
    name = posixpath.basename(wanted) or "rootfs"
    staging = Path(tempfile.mkdtemp(prefix=".workbench-extract-", dir=folder))
    try:
        writer = _Writer(staging, wanted, name)
        layers = [upto] if layer_only else list(range(upto + 1))
        for done, index in enumerate(layers):
            cancel.check()
            progress(ProgressEvent("extract", done, len(layers), "layers",
                                   f"reading layer {index}"))
            with source.open_layer(index) as stream:
                pending = writer.apply_layer(stream, cancel, whiteouts=not layer_only)
            if pending:  # hard links to files outside the extracted path: fetch them
                with source.open_layer(index) as stream:
                    writer.fill_hardlinks(stream, pending, cancel)
        progress(ProgressEvent("extract", len(layers), len(layers), "layers"))
        staged = staging / name
        if not os.path.lexists(staged):
            where = f"layer {upto}'s own changes" if layer_only else f"the image at layer {upto}"
            raise ExtractError(f"/{wanted} does not exist in {where}: pick a path shown in "
                               "the tree.")
        writer.finish()
        target = _free_name(folder, name)
        os.rename(staged, target)
        writer.result.target = target
        return writer.result
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _free_name(folder: Path, name: str) -> Path:
    """``folder/name``, or ``folder/name (2)``... when something already has that name."""
    candidate = folder / name
    number = 2
    while os.path.lexists(candidate):
        candidate = folder / f"{name} ({number})"
        number += 1
    return candidate


class _Writer:
    """Replays layer members below one image path into a staging folder."""

    def __init__(self, staging: Path, wanted: str, name: str) -> None:
        self.staging = staging
        self.wanted = wanted
        self.name = name
        self.dir_modes: dict[Path, tuple[int, int]] = {}
        self.result = ExtractResult(target=staging)

    def _local(self, image_path: str) -> Path | None:
        """Where an image path goes in staging, None when it is outside the wanted path."""
        if self.wanted == "":
            return self.staging / self.name / image_path if image_path else self.staging / self.name
        if image_path == self.wanted:
            return self.staging / self.name
        if image_path.startswith(self.wanted + "/"):
            return self.staging / self.name / image_path[len(self.wanted) + 1:]
        return None

    def _is_ancestor(self, image_path: str) -> bool:
        return self.wanted != image_path and (
            image_path == "" or self.wanted.startswith(image_path + "/"))

    def apply_layer(self, stream: IO[bytes], cancel: CancelToken,
                    whiteouts: bool) -> dict[str, list[Path]]:
        pending: dict[str, list[Path]] = {}
        with tarfile.open(fileobj=stream, mode="r|") as archive:
            for count, member in enumerate(archive):
                if count % _CANCEL_EVERY == 0:
                    cancel.check()
                image_path = normalise(member.name)
                if image_path is None:
                    self.result.skipped.append(f"{member.name}: name escapes the image root")
                    continue
                base = posixpath.basename(image_path)
                if base.startswith(WHITEOUT):
                    if whiteouts:
                        self._whiteout(posixpath.dirname(image_path), base)
                    continue
                if self._is_ancestor(image_path):
                    if not member.isdir():  # a parent replaced by a non-folder hides the path
                        _remove(self.staging / self.name)
                    continue
                local = self._local(image_path)
                if local is None:
                    continue
                self._write(archive, member, image_path, local, pending)
        return pending

    def _whiteout(self, parent: str, base: str) -> None:
        if base == OPAQUE:
            if self._is_ancestor(parent):
                _remove(self.staging / self.name)
                return
            local = self._local(parent)
            if local is not None and local.is_dir() and not local.is_symlink():
                for child in list(local.iterdir()):
                    _remove(child)
            return
        deleted = posixpath.join(parent, base[len(WHITEOUT):])
        if self._is_ancestor(deleted):
            _remove(self.staging / self.name)
            return
        local = self._local(deleted)
        if local is not None:
            _remove(local)

    def _prepare_parent(self, local: Path) -> None:
        """Make every parent below staging a real folder (never following a link)."""
        current = self.staging
        for part in local.relative_to(self.staging).parts[:-1]:
            current = current / part
            try:
                info = os.lstat(current)
            except FileNotFoundError:
                os.mkdir(current, 0o700)
                continue
            if not stat.S_ISDIR(info.st_mode):
                # A layer that has a child of this path made it a folder again.
                _remove(current)
                os.mkdir(current, 0o700)

    def _write(self, archive: tarfile.TarFile, member: tarfile.TarInfo, image_path: str,
               local: Path, pending: dict[str, list[Path]]) -> None:
        self._prepare_parent(local)
        mode = member.mode & 0o7777
        if mode & 0o7000 and not member.issym():
            self.result.bits_dropped.append(image_path)
        if member.isdir():
            if not (local.is_dir() and not local.is_symlink()):
                _remove(local)
                os.mkdir(local, 0o700)
                self.result.dirs += 1
            self.dir_modes[local] = (mode & 0o777, int(member.mtime))
            return
        _remove(local)
        if member.isreg():
            source = archive.extractfile(member)
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
            fd = os.open(local, flags, 0o600)
            with os.fdopen(fd, "wb") as out:
                if source is not None:
                    shutil.copyfileobj(source, out, _COPY_CHUNK)
            os.chmod(local, (mode & 0o777) | 0o600)
            os.utime(local, (member.mtime, member.mtime), follow_symlinks=False)
            self.result.files += 1
        elif member.issym():
            os.symlink(member.linkname, local)
            self.result.links += 1
        elif member.islnk():
            target = normalise(member.linkname)
            staged = self._local(target) if target is not None else None
            if staged is not None and os.path.isfile(staged) and not staged.is_symlink():
                os.link(staged, local, follow_symlinks=False)
                self.result.files += 1
            elif target is not None:
                pending.setdefault(target, []).append(local)
            else:
                self.result.skipped.append(f"{image_path}: hard link escapes the image root")
        else:
            kind = "device node" if member.ischr() or member.isblk() else "FIFO"
            self.result.skipped.append(f"{image_path}: {kind} not created")

    def fill_hardlinks(self, stream: IO[bytes], pending: dict[str, list[Path]],
                       cancel: CancelToken) -> None:
        """Copy the content of hard-link targets that lie outside the extracted path."""
        with tarfile.open(fileobj=stream, mode="r|") as archive:
            for count, member in enumerate(archive):
                if count % _CANCEL_EVERY == 0:
                    cancel.check()
                image_path = normalise(member.name)
                if image_path is None or image_path not in pending or not member.isreg():
                    continue
                for local in pending.pop(image_path):
                    source = archive.extractfile(member)
                    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                    with os.fdopen(os.open(local, flags, 0o600), "wb") as out:
                        if source is not None:
                            shutil.copyfileobj(source, out, _COPY_CHUNK)
                    os.chmod(local, (member.mode & 0o777) | 0o600)
                    self.result.files += 1
                if not pending:
                    break
        for target, locals_ in pending.items():
            for local in locals_:
                self.result.skipped.append(
                    f"{local.name}: hard link to /{target}, which the layer does not hold")

    def finish(self) -> None:
        """Give folders their modes last (deepest first), so writing into them worked."""
        for local, (mode, mtime) in sorted(self.dir_modes.items(),
                                           key=lambda item: -len(item[0].parts)):
            if local.is_dir() and not local.is_symlink():
                # The owner keeps rwx so the user can always look inside and clean up.
                os.chmod(local, mode | 0o700)
                with contextlib.suppress(OSError):
                    os.utime(local, (mtime, mtime))


def _remove(local: Path) -> None:
    """Delete whatever is at ``local`` (file, link or whole folder), if anything."""
    try:
        info = os.lstat(local)
    except FileNotFoundError:
        return
    if stat.S_ISDIR(info.st_mode):
        shutil.rmtree(local)
    else:
        os.unlink(local)

