"""Mounting and unmounting overlayfs through the mount(2) syscall (ctypes, no binaries).

``can_mount_overlay`` answers whether this process may mount at all, so a sandbox
can fall back to the model and say "simulated" instead of failing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
from pathlib import Path

from workbench.core.errors import WorkbenchError

MNT_DETACH = 2
_libc: ctypes.CDLL | None = None


class MountError(WorkbenchError):
    """The kernel refused an overlay mount or unmount."""


def _lib() -> ctypes.CDLL:
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    return _libc


def overlay_supported() -> bool:
    """The kernel knows overlayfs (it may still be a module that loads on first mount)."""
    try:
        text = Path("/proc/filesystems").read_text()
    except OSError:
        return False
    return any(line.split()[-1:] == ["overlay"] for line in text.splitlines()) or Path(
        "/sys/module/overlay").exists()


def can_mount_overlay() -> tuple[bool, str]:
    """(allowed, reason when not): root and a kernel with overlayfs."""
    if not hasattr(os, "geteuid") or not Path("/proc/self/mountinfo").exists():
        return False, "this system has no Linux overlayfs"
    if os.geteuid() != 0:
        return False, "mounting overlayfs needs root"
    if not overlay_supported():
        return False, "the kernel has no overlayfs"
    return True, ""


def overlay_options(lowers: list[Path], upper: Path, work: Path) -> str:
    return f"lowerdir={':'.join(str(p) for p in lowers)},upperdir={upper},workdir={work}"


def mount_overlay(lowers: list[Path], upper: Path, work: Path, merged: Path) -> str:
    """Mount and return the option string used (what `mount | grep overlay` shows)."""
    options = overlay_options(lowers, upper, work)
    result = _lib().mount(b"overlay", os.fsencode(merged), b"overlay", 0, options.encode())
    if result != 0:
        code = ctypes.get_errno()
        raise MountError(f"Mounting overlayfs on {merged} failed: {os.strerror(code)}; "
                         "run as root on a kernel with overlayfs, or use the simulated mode.")
    return options


def unmount(target: Path) -> None:
    """Unmount, falling back to a lazy detach when something still holds the mount."""
    lib = _lib()
    if lib.umount2(os.fsencode(target), 0) == 0:
        return
    code = ctypes.get_errno()
    if code == errno.EINVAL:
        return  # not mounted (any more)
    if lib.umount2(os.fsencode(target), MNT_DETACH) != 0:
        code = ctypes.get_errno()
        if code != errno.EINVAL:
            raise MountError(f"Unmounting {target} failed: {os.strerror(code)}; "
                             f"run 'umount -l {target}' as root.")
