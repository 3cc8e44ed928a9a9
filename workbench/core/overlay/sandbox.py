"""The article's `mkdir upper lower merged work; mount -t overlay ...` demo as an object.

``open_sandbox`` makes a labelled temp dir with lowerdir(s), upper, work and merged,
seeds them, and mounts overlayfs for real when this process may ("real"); otherwise
the same sandbox runs on ``OverlayModel`` ("simulated"). Both answer ``apply(op)``
and ``view()`` alike. Unmount and removal are guaranteed by the context manager, an
atexit hook, and ``stale.find_stale`` for mounts left by a killed process.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from workbench.core.model import Kind
from workbench.core.overlay.listing import ListedEntry, list_disk, list_tree
from workbench.core.overlay.model import OverlayModel
from workbench.core.overlay.mount import (
    MountError,
    can_mount_overlay,
    mount_overlay,
    unmount,
)
from workbench.core.overlay.nodes import Node, split_path, tree_from_spec, walk
from workbench.core.overlay.ops import Op, OpError, OpResult, OpSyntaxError, text_bytes

PREFIX = "image-workbench-overlay-"
OWNER_FILE = "owner.pid"
_open: set[Sandbox] = set()
_open_lock = threading.Lock()


@dataclass(slots=True)
class SandboxSpec:
    """What to seed: lowerdirs top-most first (as ``lowerdir=a:b:c``) and the upper."""

    lowers: dict[str, Node]
    upper: Node = field(default_factory=lambda: tree_from_spec({}))

    def reordered(self, names: list[str]) -> SandboxSpec:
        if sorted(names) != sorted(self.lowers):
            raise OpSyntaxError(f"Lower order {names} must name each of {list(self.lowers)} once.")
        return SandboxSpec({name: self.lowers[name] for name in names}, self.upper)


def article_spec(lower_count: int = 1) -> SandboxSpec:
    """The article's seed: lower/file1..3 (file2 says "lower"), upper/file2 ("upper"), file4.

    With several lowerdirs each also holds ``shared`` naming itself (which one wins
    depends on the order) and ``only-in-lowerN``, and ``dir/`` merges across all.
    """
    upper = tree_from_spec({"file2": "upper\n", "file4": ""})
    article = {"file1": "", "file2": "lower\n", "file3": ""}
    if lower_count <= 1:
        return SandboxSpec({"lower": tree_from_spec(article)}, upper)
    lowers: dict[str, Node] = {}
    for number in range(1, lower_count + 1):
        name = f"lower{number}"
        items: dict[str, str | bytes | None] = {
            "shared": f"{name}\n", f"only-in-{name}": "", f"dir/from-{name}": f"{name}\n"}
        if number == lower_count:
            items.update(article)
        lowers[name] = tree_from_spec(items)
    return SandboxSpec(lowers, upper)


@dataclass(slots=True)
class SandboxView:
    mode: str  # "real" or "simulated"
    lower_names: list[str]
    lowers: list[list[ListedEntry]]
    upper: list[ListedEntry]
    merged: list[ListedEntry]
    work: list[ListedEntry] | None  # only a real mount has a workdir worth showing
    root: str = ""
    options: str = ""  # the mount options, as `mount | grep overlay` shows them
    note: str = ""  # why the sandbox is simulated, when it is


class Sandbox:
    mode = "simulated"

    def __init__(self, spec: SandboxSpec) -> None:
        self.lower_names = list(spec.lowers)
        self.note = ""
        self._lock = threading.Lock()
        with _open_lock:
            _open.add(self)

    def apply(self, op: Op) -> OpResult:
        raise NotImplementedError

    def view(self) -> SandboxView:
        raise NotImplementedError

    def close(self) -> None:
        with _open_lock:
            _open.discard(self)

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


class SimulatedSandbox(Sandbox):
    mode = "simulated"

    def __init__(self, spec: SandboxSpec) -> None:
        super().__init__(spec)
        self.model = OverlayModel([node.deep_copy() for node in spec.lowers.values()],
                                  spec.upper.deep_copy(), self.lower_names)

    def apply(self, op: Op) -> OpResult:
        _check_path(op)
        with self._lock:
            return self.model.apply(op)

    def view(self) -> SandboxView:
        with self._lock:
            lowers = [self.model.list_lower(i) for i in range(len(self.lower_names))]
            return SandboxView(self.mode, list(self.lower_names), lowers,
                               self.model.list_upper(), self.model.list_merged(), None,
                               note=self.note)


def materialize(root: Node, target: Path) -> None:
    """Write a tree to disk: files, dirs, symlinks, whiteouts (char 0/0), opaque xattrs."""
    target.mkdir(parents=True, exist_ok=True)
    for rel, node in walk(root):
        path = target / rel
        if node.kind is Kind.DIR:
            path.mkdir()
            if node.opaque:
                os.setxattr(path, "trusted.overlay.opaque", b"y")
        elif node.kind is Kind.FILE:
            path.write_bytes(node.data or b"")
        elif node.kind is Kind.SYMLINK:
            os.symlink(node.link, path)
        elif node.kind is Kind.WHITEOUT:
            os.mknod(path, 0o020000, os.makedev(0, 0))
        os.chown(path, node.uid, node.gid, follow_symlinks=False)
        if node.kind is not Kind.SYMLINK:
            os.chmod(path, node.mode)


class RealSandbox(Sandbox):
    mode = "real"

    def __init__(self, spec: SandboxSpec) -> None:
        self.root = Path(tempfile.mkdtemp(prefix=PREFIX))
        (self.root / OWNER_FILE).write_text(str(os.getpid()))
        self.mounted = False
        super().__init__(spec)
        try:
            self.lower_dirs = [self.root / name for name in self.lower_names]
            for name, tree in spec.lowers.items():
                materialize(tree, self.root / name)
            self.upper_dir, self.work_dir = self.root / "upper", self.root / "work"
            self.merged_dir = self.root / "merged"
            materialize(spec.upper, self.upper_dir)
            self.work_dir.mkdir()
            self.merged_dir.mkdir()
            self.options = mount_overlay(self.lower_dirs, self.upper_dir, self.work_dir,
                                         self.merged_dir)
            self.mounted = True
        except BaseException:
            self.close()
            raise

    def apply(self, op: Op) -> OpResult:
        _check_path(op)
        with self._lock:
            try:
                _apply_real(self.merged_dir, op)
            except OpError as exc:
                return OpResult(op, exc.errno)
            except OSError as exc:
                return OpResult(op, exc.errno or errno.EIO)
            return OpResult(op)

    def view(self) -> SandboxView:
        with self._lock:
            lowers = [annotate(list_disk(d), d.name) for d in self.lower_dirs]
            upper = annotate(list_disk(self.upper_dir), "upper")
            merged = merged_origins(list_disk(self.merged_dir), upper, lowers,
                                    self.lower_names)
            work = list_disk(self.work_dir, hash_files=False)
            return SandboxView(self.mode, list(self.lower_names), lowers, upper, merged, work,
                               str(self.root), self.options)

    def close(self) -> None:
        with self._lock:
            if self.mounted:
                unmount(self.merged_dir)
                self.mounted = False
            shutil.rmtree(self.root, ignore_errors=True)
        super().close()


def annotate(entries: list[ListedEntry], origin: str) -> list[ListedEntry]:
    from dataclasses import replace

    return [replace(entry, origin=origin) for entry in entries]


def merged_origins(merged: list[ListedEntry], upper: list[ListedEntry],
                   lowers: list[list[ListedEntry]], names: list[str]) -> list[ListedEntry]:
    """Say for each visible entry which dir it comes from: the top-most that has it."""
    from dataclasses import replace

    layers = [("upper", {e.path for e in upper if e.kind is not Kind.WHITEOUT})]
    layers += [(name, {e.path for e in lower if e.kind is not Kind.WHITEOUT})
               for name, lower in zip(names, lowers, strict=True)]
    out = []
    for entry in merged:
        origin = next((name for name, paths in layers if entry.path in paths), "")
        out.append(replace(entry, origin=origin))
    return out


def _check_path(op: Op) -> None:
    try:
        split_path(op.path)
        if op.name == "rename":
            split_path(op.arg)
    except ValueError as exc:
        raise OpSyntaxError(f"{exc}: sandbox paths stay inside the merged dir.") from None


def _open_write(path: Path, flags: int) -> int:
    """open(2) as the shell's redirections do, never following a symlink."""
    base = os.O_WRONLY | os.O_NOFOLLOW
    try:
        fd = os.open(path, base | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return os.open(path, base | flags)
    os.fchmod(fd, 0o644)  # independent of the process umask, like the model
    return fd


def _mkdir(path: Path) -> None:
    os.mkdir(path, 0o755)
    # Independent of the umask, keeping the set-gid bit inherited from the parent.
    os.chmod(path, 0o755 | (os.lstat(path).st_mode & 0o2000))


def _remove_tree(path: Path) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        for name in sorted(os.listdir(path)):
            _remove_tree(path / name)
        os.rmdir(path)
    else:
        os.unlink(path)


def _apply_real(merged: Path, op: Op) -> None:
    parts = split_path(op.path)
    if not parts:
        raise OpError(errno.EBUSY)
    path = merged.joinpath(*parts)
    if op.name in ("create", "write", "append"):
        flags = {"create": 0, "write": os.O_TRUNC, "append": os.O_APPEND}[op.name]
        fd = _open_write(path, flags)
        try:
            if op.name != "create":
                os.write(fd, text_bytes(op))
        finally:
            os.close(fd)
    elif op.name == "truncate":
        fd = os.open(path, os.O_WRONLY | os.O_NOFOLLOW)
        try:
            os.ftruncate(fd, int(op.arg))
        finally:
            os.close(fd)
    elif op.name == "chmod":
        if os.path.islink(path):
            raise OpError(errno.ELOOP)
        os.chmod(path, int(op.arg, 8))
    elif op.name == "chown":
        uid, gid = op.arg.split(":")
        os.chown(path, int(uid), int(gid), follow_symlinks=False)
    elif op.name == "rm":
        os.unlink(path)
    elif op.name == "rmdir":
        os.rmdir(path)
    elif op.name in ("rm_r", "recreate"):
        os.lstat(path)
        _remove_tree(path)
        if op.name == "recreate":
            _mkdir(path)
    elif op.name == "mkdir":
        _mkdir(path)
    elif op.name == "symlink":
        os.symlink(op.arg, path)
    elif op.name == "rename":
        os.rename(path, merged.joinpath(*split_path(op.arg)))
    else:
        raise OpError(errno.EINVAL)


def open_sandbox(spec: SandboxSpec | None = None, mode: str = "auto") -> Sandbox:
    """A seeded sandbox: ``mode`` "real", "simulated", or "auto" (real when allowed)."""
    spec = spec or article_spec(1)
    if mode not in ("auto", "real", "simulated"):
        raise OpSyntaxError(f"Sandbox mode '{mode}' is unknown: use real, simulated or auto.")
    allowed, reason = can_mount_overlay()
    if mode == "real" and not allowed:
        raise MountError(f"Cannot mount overlayfs here: {reason}; use --mode simulated.")
    if allowed and mode != "simulated":
        try:
            return RealSandbox(spec)
        except MountError as exc:
            if mode == "real":
                raise
            # Root without the mount capability (e.g. inside a container): fall back.
            reason = str(exc).split(";")[0]
    sandbox = SimulatedSandbox(spec)
    if mode == "auto":
        sandbox.note = f"simulated because {reason}"
    return sandbox


def list_spec(spec: SandboxSpec) -> dict[str, list[ListedEntry]]:
    return {name: list_tree(tree, name) for name, tree in spec.lowers.items()}


@atexit.register
def close_all() -> None:
    """Unmount and remove every sandbox still open when the process exits normally."""
    with _open_lock:
        sandboxes = list(_open)
    for sandbox in sandboxes:
        with contextlib.suppress(Exception):
            sandbox.close()
