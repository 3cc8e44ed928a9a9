"""Finding sandboxes left behind by a process that was killed before it could clean up.

Every sandbox lives in a temp dir named ``image-workbench-overlay-*`` holding
``owner.pid``. A sandbox whose owner is no longer running is stale: its mount (if any,
found in ``/proc/self/mountinfo``) and its directory can be removed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from workbench.core.overlay.mount import unmount
from workbench.core.overlay.sandbox import OWNER_FILE, PREFIX
from workbench.core.processes import pid_alive


@dataclass(slots=True)
class StaleSandbox:
    root: Path
    owner_pid: int | None
    mount_points: list[Path] = field(default_factory=list)

    def describe(self) -> str:
        owner = f"process {self.owner_pid}" if self.owner_pid else "an unknown process"
        mounted = f", still mounted at {self.mount_points[0]}" if self.mount_points else ""
        return f"{self.root} left by {owner}{mounted}"


def _unescape(field_text: str) -> str:
    """mountinfo escapes space, tab, newline and backslash as octal (``\\040``)."""
    out, index = [], 0
    while index < len(field_text):
        if field_text[index] == "\\" and field_text[index + 1:index + 4].isdigit():
            out.append(chr(int(field_text[index + 1:index + 4], 8)))
            index += 4
        else:
            out.append(field_text[index])
            index += 1
    return "".join(out)


def labelled_mounts(mountinfo: str | None = None) -> list[Path]:
    """Mount points whose path contains the sandbox prefix."""
    if mountinfo is None:
        try:
            mountinfo = Path("/proc/self/mountinfo").read_text()
        except OSError:
            return []
    points = []
    for line in mountinfo.splitlines():
        fields = line.split()
        if len(fields) > 4 and PREFIX in fields[4]:
            points.append(Path(_unescape(fields[4])))
    return points


def _sandbox_root(path: Path) -> Path | None:
    for candidate in (path, *path.parents):
        if candidate.name.startswith(PREFIX):
            return candidate
    return None


def find_stale(temp_dir: str | Path | None = None) -> list[StaleSandbox]:
    """Sandboxes whose owner process is gone (this process's own are never stale)."""
    base = Path(temp_dir or tempfile.gettempdir())
    roots: dict[Path, StaleSandbox] = {}
    candidates = [p for p in base.glob(PREFIX + "*") if p.is_dir()]
    mounts = labelled_mounts()
    for point in mounts:
        root = _sandbox_root(point)
        if root is not None and root not in candidates:
            candidates.append(root)
    for root in candidates:
        try:
            pid: int | None = int((root / OWNER_FILE).read_text().strip())
        except (OSError, ValueError):
            pid = None
        if pid is not None and (pid == os.getpid() or pid_alive(pid)):
            continue
        stale = StaleSandbox(root, pid)
        stale.mount_points = [p for p in mounts if _sandbox_root(p) == root]
        roots[root] = stale
    return sorted(roots.values(), key=lambda s: str(s.root))


def clean_stale(items: list[StaleSandbox]) -> list[str]:
    """Unmount and remove each; returns one line per sandbox saying what was done."""
    report = []
    for item in items:
        for point in sorted(item.mount_points, key=lambda p: len(p.parts), reverse=True):
            unmount(point)
        shutil.rmtree(item.root, ignore_errors=True)
        gone = "removed" if not item.root.exists() else "could not be fully removed"
        report.append(f"{item.root}: {gone}")
    return report
