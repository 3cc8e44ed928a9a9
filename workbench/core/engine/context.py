"""The build context: what a build sends to the engine, and what ``.dockerignore`` keeps out.

The walk is the docker SDK's (``docker.utils.build.PatternMatcher.walk``), asked through
``IgnoreRules``: an excluded directory is skipped whole unless an exception pattern
(``!dir/keep``) may point inside it. It is written out here only to count bytes, name
the pattern behind each exclusion and list unreadable entries instead of failing on
the first. ``build.py`` sends exactly ``included`` from this report, so the numbers
shown before a build are the numbers the engine receives. As the SDK and CLI do, the
Dockerfile and ``.dockerignore`` are always sent; the engine reads them and drops them
again itself when ``.dockerignore`` excludes them.
"""

from __future__ import annotations

import heapq
import io
import os
import stat
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from workbench.core.engine.dockerignore import IgnoreRules, read_patterns
from workbench.core.errors import WorkbenchError
from workbench.core.progress import CancelToken

TOP = 10


class ContextError(WorkbenchError):
    """The build context cannot be read or sent as it is."""


@dataclass(frozen=True, slots=True)
class ExcludedPath:
    path: str
    is_dir: bool
    pattern: str  # the .dockerignore pattern that excluded it
    files: int = 0  # for a skipped directory: files inside it
    size: int = 0


@dataclass(slots=True)
class ContextReport:
    root: Path
    dockerfile: str
    patterns: list[str]
    included: list[str] = field(default_factory=list)  # relative paths sent (files, dirs...)
    file_count: int = 0
    dir_count: int = 0
    total_bytes: int = 0
    largest_files: list[tuple[str, int]] = field(default_factory=list)
    largest_dirs: list[tuple[str, int]] = field(default_factory=list)  # bytes sent below
    excluded: list[ExcludedPath] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)

    @property
    def excluded_files(self) -> int:
        return sum(e.files if e.is_dir else 1 for e in self.excluded)

    @property
    def excluded_bytes(self) -> int:
        return sum(e.size for e in self.excluded)

    def to_json(self) -> dict[str, object]:
        return {
            "root": str(self.root), "dockerfile": self.dockerfile, "patterns": self.patterns,
            "files": self.file_count, "dirs": self.dir_count, "bytes": self.total_bytes,
            "largest_files": [{"path": p, "bytes": s} for p, s in self.largest_files],
            "largest_dirs": [{"path": p, "bytes": s} for p, s in self.largest_dirs],
            "excluded": [{"path": e.path, "dir": e.is_dir, "pattern": e.pattern,
                          "files": e.files, "bytes": e.size} for e in self.excluded],
            "excluded_files": self.excluded_files, "excluded_bytes": self.excluded_bytes,
            "unreadable": self.unreadable,
        }


def _tree_size(path: str) -> tuple[int, int]:
    """Files and bytes below an excluded directory (best effort, for the report)."""
    files = size = 0
    for dirpath, _dirs, names in os.walk(path):
        for name in names:
            try:
                st = os.lstat(os.path.join(dirpath, name))
            except OSError:
                continue
            files += 1
            size += st.st_size if stat.S_ISREG(st.st_mode) else 0
    return files, size


def _relative_dockerfile(root: Path, dockerfile: str) -> str | None:
    path = Path(dockerfile)
    if not path.is_absolute():
        return Path(os.path.normpath(dockerfile)).as_posix()
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None  # outside the context: sent separately


def scan_context(context_dir: Path, dockerfile: str = "Dockerfile",
                 cancel: CancelToken | None = None,
                 extra_patterns: list[str] | tuple[str, ...] = ()) -> ContextReport:
    """Walk the context as the engine would receive it. Never raises for unreadable
    entries: they are listed in ``unreadable`` (``check_context`` turns them into errors).

    ``extra_patterns`` apply after the ``.dockerignore``'s own, as if appended to it.
    """
    root = Path(context_dir)
    try:
        root.stat()
    except PermissionError:
        raise ContextError(f"Cannot reach the build context {root}: a parent directory "
                           "is not readable; fix its permissions.") from None
    except OSError:
        pass
    if not root.exists():
        raise ContextError(f"The build context {root} does not exist: pass an existing "
                           "directory.")
    if not root.is_dir():
        raise ContextError(f"The build context {root} is not a directory: pass the "
                           "directory that holds the Dockerfile.")
    if not os.access(root, os.R_OK | os.X_OK):
        raise ContextError(f"Cannot read the build context {root}: fix its permissions or "
                           "build as a user who can read it.")
    patterns = [*read_patterns(root), *extra_patterns]
    rules = IgnoreRules(patterns, always_sent=_relative_dockerfile(root, dockerfile))
    report = ContextReport(root, dockerfile, patterns)
    dir_bytes: dict[str, int] = {}
    files_heap: list[tuple[int, str]] = []

    def on_error(error: OSError) -> None:
        name = getattr(error, "filename", "") or ""
        report.unreadable.append(os.path.relpath(name, root) if name else str(error))

    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error):
        if cancel:
            cancel.check()
        rel_dir = os.path.relpath(dirpath, root)
        rel_dir = "" if rel_dir == "." else rel_dir.replace(os.sep, "/")
        kept_dirs = []
        for name in sorted(dirnames):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            full = os.path.join(dirpath, name)
            if os.path.islink(full):
                filenames.append(name)  # a symlink to a dir is sent as a link
                continue
            pattern = rules.pattern_for(rel)
            if pattern is not None and not rules.may_include_below(rel):
                files, size = _tree_size(full)
                report.excluded.append(ExcludedPath(rel, True, pattern, files, size))
                continue
            if pattern is None:
                report.included.append(rel)
                report.dir_count += 1
            if not os.access(full, os.R_OK | os.X_OK):
                report.unreadable.append(rel)
                continue
            kept_dirs.append(name)
        dirnames[:] = kept_dirs
        for name in sorted(filenames):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            full = os.path.join(dirpath, name)
            try:
                st = os.lstat(full)
            except OSError:
                report.unreadable.append(rel)
                continue
            pattern = rules.pattern_for(rel)
            if pattern is not None:
                size = st.st_size if stat.S_ISREG(st.st_mode) else 0
                report.excluded.append(ExcludedPath(rel, False, pattern, 1, size))
                continue
            if stat.S_ISSOCK(st.st_mode):
                continue  # sockets cannot go into a tar; the engine never sees them
            report.included.append(rel)
            if stat.S_ISREG(st.st_mode):
                if not os.access(full, os.R_OK):
                    report.unreadable.append(rel)
                report.file_count += 1
                report.total_bytes += st.st_size
                heapq.heappush(files_heap, (st.st_size, rel))
                if len(files_heap) > TOP:
                    heapq.heappop(files_heap)
                parts = rel.split("/")[:-1]
                for depth in range(1, len(parts) + 1):
                    key = "/".join(parts[:depth])
                    dir_bytes[key] = dir_bytes.get(key, 0) + st.st_size
            else:
                report.file_count += 1
    report.included.sort()
    report.largest_files = sorted(((p, s) for s, p in files_heap), key=lambda x: -x[1])
    report.largest_dirs = heapq.nlargest(TOP, dir_bytes.items(), key=lambda x: x[1])
    return report


def check_context(context_dir: Path, dockerfile: str = "Dockerfile",
                  cancel: CancelToken | None = None,
                  extra_patterns: list[str] | tuple[str, ...] = ()) -> ContextReport:
    """``scan_context`` that refuses contexts the build could not send."""
    report = scan_context(context_dir, dockerfile, cancel, extra_patterns)
    if report.unreadable:
        first = Path(context_dir) / report.unreadable[0]
        more = f" (and {len(report.unreadable) - 1} more)" if len(report.unreadable) > 1 else ""
        raise ContextError(
            f"Cannot read {first}{more} in the build context: fix its permissions or "
            "exclude it in .dockerignore."
        )
    return report


def write_context_tar(report: ContextReport, extra: dict[str, bytes] | None = None,
                      cancel: CancelToken | None = None) -> IO[bytes]:
    """The context as an uncompressed tar in a temporary file, exactly ``included``."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 (returned open: the caller owns it)
    try:
        with tarfile.open(mode="w", fileobj=out, format=tarfile.PAX_FORMAT) as tar:
            for rel in report.included:
                if cancel:
                    cancel.check()
                if extra and rel in extra:
                    continue
                full = os.path.join(report.root, rel)
                info = tar.gettarinfo(full, arcname=rel)
                info.mtime = max(0, int(info.mtime))
                # Owned by root, as the Docker CLI sends it: host uids mean nothing inside.
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                if info.isreg():
                    try:
                        with open(full, "rb") as handle:
                            tar.addfile(info, handle)
                    except OSError as exc:
                        raise ContextError(
                            f"Cannot read {full} in the build context ({exc.strerror}): fix "
                            "its permissions or exclude it in .dockerignore."
                        ) from None
                else:
                    tar.addfile(info)
            for name, data in (extra or {}).items():
                info = tarfile.TarInfo(name)
                info.size = len(data)
                info.mode = 0o644
                tar.addfile(info, io.BytesIO(data))
    except BaseException:
        out.close()
        raise
    # tarfile pads the archive to 10 KiB records after its end blocks; the engine stops
    # at the end blocks, as the Docker CLI's tar has no such padding, so it is dropped
    # and the file's size is the bytes of the context sent.
    out.truncate(tar.offset)
    out.seek(0)
    return out
