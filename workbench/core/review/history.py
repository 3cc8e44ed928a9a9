"""The window's build history: one record per successful build, with its key numbers.

A record keeps what a trend chart and "compare with the previous build" need: the image
id, when it was built, the Dockerfile (its path and the text that was built, so the
older side of a comparison links its layers to its own lines), and the size, dive's
wasted bytes and the reclaimable bytes of the analysis that followed the build.

The history is one JSON file in the workbench's state dir, rewritten whole under an
exclusive lock so two windows building at once do not lose each other's records. It
keeps the newest ``MAX_RECORDS``; a file that cannot be read counts as empty (it is
a convenience, never a reason to refuse a build).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from workbench.core.ledger import state_dir

FILE_NAME = "builds.json"
VERSION = 1
MAX_RECORDS = 500
MAX_TEXT = 16 * 1024  # a Dockerfile bigger than this is recorded without its text


@dataclass(frozen=True, slots=True)
class BuildRecord:
    image_id: str  # "sha256:..."
    time: float  # seconds since the epoch, when the build finished
    dockerfile: str  # absolute path
    size_bytes: int
    wasted_bytes: int
    reclaimable_bytes: int
    tags: tuple[str, ...] = ()
    dockerfile_text: str = ""  # what was built ("" when too big or unknown)

    @property
    def source(self) -> str:
        """The engine reference a comparison opens."""
        return f"docker://{self.image_id}"

    def label(self) -> str:
        stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.time))
        name = self.tags[0] if self.tags else self.image_id.removeprefix("sha256:")[:12]
        return f"{stamp}  {name}"

    def to_json(self) -> dict[str, Any]:
        raw = asdict(self)
        raw["tags"] = list(self.tags)
        return raw

    @classmethod
    def from_json(cls, raw: Any) -> BuildRecord | None:
        """A record, or None for an entry that is not one (a hand-edited file)."""
        if not isinstance(raw, dict):
            return None
        try:
            tags = raw.get("tags") or []
            return cls(str(raw["image_id"]), float(raw["time"]), str(raw["dockerfile"]),
                       int(raw["size_bytes"]), int(raw["wasted_bytes"]),
                       int(raw["reclaimable_bytes"]),
                       tuple(str(t) for t in tags) if isinstance(tags, list) else (),
                       str(raw.get("dockerfile_text") or ""))
        except (KeyError, TypeError, ValueError):
            return None


def same_file(a: str, b: str) -> bool:
    return bool(a) and bool(b) and os.path.abspath(a) == os.path.abspath(b)


class BuildHistory:
    def __init__(self, file: Path | None = None) -> None:
        self.file = file or state_dir() / FILE_NAME

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        with open(self.file.with_name(self.file.name + ".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _read(self) -> list[BuildRecord]:
        try:
            raw = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        entries = raw.get("builds") if isinstance(raw, dict) else None
        if not isinstance(entries, list):
            return []
        return [r for r in (BuildRecord.from_json(e) for e in entries) if r is not None]

    def records(self) -> list[BuildRecord]:
        """Every record, oldest first."""
        return self._read()

    def add(self, record: BuildRecord) -> BuildRecord:
        if len(record.dockerfile_text.encode()) > MAX_TEXT:
            record = replace(record, dockerfile_text="")
        with self._locked():
            records = [*self._read(), record][-MAX_RECORDS:]
            data = json.dumps({"version": VERSION,
                               "builds": [r.to_json() for r in records]}, indent=1)
            temporary = self.file.with_name(f"{self.file.name}.{os.getpid()}.tmp")
            temporary.write_text(data, encoding="utf-8")
            os.replace(temporary, self.file)
        return record

    def of_dockerfile(self, dockerfile: str) -> list[BuildRecord]:
        """The builds of one Dockerfile, oldest first."""
        return [r for r in self._read() if same_file(r.dockerfile, dockerfile)]

    def previous(self, dockerfile: str, image_id: str | None = None) -> BuildRecord | None:
        """The build of ``dockerfile`` before the one that made ``image_id`` (the newest
        one when None) that made another image: a rebuild that the cache answered with
        the same image has nothing to compare."""
        builds = self.of_dockerfile(dockerfile)
        if not builds:
            return None
        current = image_id or builds[-1].image_id
        later = [i for i, r in enumerate(builds) if r.image_id == current]
        end = later[-1] if later else len(builds)
        return next((r for r in reversed(builds[:end]) if r.image_id != current), None)

    def latest(self, dockerfile: str) -> BuildRecord | None:
        builds = self.of_dockerfile(dockerfile)
        return builds[-1] if builds else None
