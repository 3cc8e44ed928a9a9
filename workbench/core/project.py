"""Recent projects and autosave/crash-recovery files, kept away from any widget.

Autosave writes the unsaved text of each open document to a small JSON file tagged with
the writing process. A clean save or close removes the file; after a crash (or
``kill -9``) the file stays, its process is gone, and the next start offers it back.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

from workbench.core.processes import pid_alive

APP_NAME = "image-workbench"
MAX_RECENT = 12


def config_dir() -> Path:
    return Path(user_config_dir(APP_NAME))


def data_dir() -> Path:
    return Path(user_data_dir(APP_NAME))


def dockerfile_in(path: str | os.PathLike[str]) -> Path | None:
    """The Dockerfile a path names: the file itself, or the one inside a folder."""
    candidate = Path(path)
    if candidate.is_dir():
        for name in ("Dockerfile", "dockerfile", "Containerfile"):
            if (candidate / name).is_file():
                return candidate / name
        return None
    return candidate if candidate.is_file() else None


def _write_atomic(path: Path, data: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + f".{os.getpid()}.tmp")
    temporary.write_text(data, encoding="utf-8")
    os.replace(temporary, path)


class RecentProjects:
    """Most-recent-first list of opened Dockerfiles, stored as JSON."""

    def __init__(self, file: Path | None = None) -> None:
        self.file = file or config_dir() / "recent.json"

    def items(self) -> list[str]:
        try:
            stored = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        return [str(p) for p in stored if isinstance(p, str) and Path(p).exists()]

    def add(self, path: str | os.PathLike[str]) -> list[str]:
        entry = str(Path(path).resolve())
        items = [entry] + [p for p in self.items() if p != entry]
        items = items[:MAX_RECENT]
        _write_atomic(self.file, json.dumps(items, indent=1))
        return items

    def clear(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.file.unlink()


def _process_start(pid: int) -> str:
    """The kernel's start time of a process, so a recycled pid is not mistaken for it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    # Field 22 (starttime); the command name in field 2 may hold spaces, so split after ")".
    fields = stat.rsplit(")", 1)[-1].split()
    return fields[19] if len(fields) > 19 else ""


def _alive(pid: int, started: str) -> bool:
    """The process ``pid`` still exists and is the one that started at ``started``
    (a recycled pid is another program)."""
    return pid_alive(pid) and (not started or _process_start(pid) == started)


@dataclass(frozen=True, slots=True)
class Recovery:
    """Unsaved text left behind by a workbench process that ended without saving."""

    file: Path  # the autosave file itself
    path: str  # the document's path, "" for an untitled document
    text: str
    saved_at: float

    @property
    def title(self) -> str:
        return self.path or "Untitled Dockerfile"


class AutosaveStore:
    """One directory of autosave files shared by every workbench process of the user."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or data_dir() / "autosave"
        self.pid = os.getpid()
        self._started = _process_start(self.pid)

    def _file_for(self, key: str) -> Path:
        digest = hashlib.sha1(key.encode()).hexdigest()[:16]
        return self.directory / f"{self.pid}-{digest}.json"

    def save(self, key: str, path: str, text: str) -> Path:
        """Store the unsaved text of document ``key`` (its path or an untitled id)."""
        file = self._file_for(key)
        _write_atomic(file, json.dumps({
            "pid": self.pid, "started": self._started, "path": path, "text": text,
            "saved_at": time.time(),
        }))
        return file

    def discard(self, key: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._file_for(key).unlink()

    def discard_own(self) -> None:
        """Remove this process's files: called on a clean exit."""
        for file in self.directory.glob(f"{self.pid}-*.json"):
            with contextlib.suppress(FileNotFoundError):
                file.unlink()

    def orphans(self) -> list[Recovery]:
        """Autosaves whose process is gone, newest first."""
        found = []
        for file in self.directory.glob("*.json"):
            try:
                data = json.loads(file.read_text(encoding="utf-8"))
                pid = int(data["pid"])
            except (OSError, ValueError, KeyError, TypeError):
                continue
            if pid == self.pid or _alive(pid, str(data.get("started", ""))):
                continue
            found.append(Recovery(file=file, path=str(data.get("path", "")),
                                  text=str(data.get("text", "")),
                                  saved_at=float(data.get("saved_at", 0.0))))
        return sorted(found, key=lambda r: r.saved_at, reverse=True)

    @staticmethod
    def forget(recovery: Recovery) -> None:
        with contextlib.suppress(FileNotFoundError):
            recovery.file.unlink()
