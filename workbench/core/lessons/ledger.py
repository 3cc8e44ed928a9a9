"""The workshop ledger: the id of every engine object a lesson made, so reset removes
exactly those and nothing else.

Labels cannot decide it: an image built ``FROM`` a labelled image inherits the label,
so a trainee's own image built on a lesson's image would look like the lesson's. The
ledger is one JSON file in the workbench's state dir (``workshop.json`` beside the
throwaway ledger, same record shape: kind, id, purpose, endpoint, tags, created),
rewritten whole under an exclusive lock so the window and a command line can share it.

Kinds: ``container``, ``image`` (made by a lesson), ``tag`` (a name a lesson gave to an
image, possibly one it did not make: only the name is removed) and ``push`` (a manifest
a lesson pushed to a registry; ``id`` is its digest, ``tags`` its reference).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "image-workbench"
VERSION = 1
KINDS = ("container", "image", "tag", "push")
PURPOSE = "lesson"


def state_dir() -> Path:
    """``$XDG_STATE_HOME/image-workbench`` (``~/.local/state/...`` by default)."""
    return Path(platformdirs.user_state_dir(APP_NAME))


def default_file() -> Path:
    return state_dir() / "workshop.json"


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str
    id: str  # full engine id ("sha256:..." for images), or a pushed manifest's digest
    purpose: str  # the lesson that made it
    endpoint: str  # the engine it lives in
    tags: tuple[str, ...] = ()
    created: float = field(default=0.0, compare=False)

    @property
    def key(self) -> tuple[str, str, tuple[str, ...]]:
        return self.kind, self.id, self.tags

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "purpose": self.purpose,
                "endpoint": self.endpoint, "tags": list(self.tags), "created": self.created}

    @classmethod
    def from_json(cls, raw: Any) -> Entry | None:
        if not isinstance(raw, dict) or raw.get("kind") not in KINDS:
            return None
        if not isinstance(raw.get("id"), str) or not raw["id"]:
            return None
        tags = raw.get("tags") if isinstance(raw.get("tags"), list) else []
        created = raw.get("created")
        return cls(raw["kind"], raw["id"], str(raw.get("purpose", "")),
                   str(raw.get("endpoint", "")), tuple(str(t) for t in tags or []),
                   float(created) if isinstance(created, int | float) else 0.0)


class WorkshopLedger:
    """Records, lists and forgets what lessons made; safe across processes."""

    def __init__(self, file: Path | None = None) -> None:
        self.file = file if file is not None else default_file()

    @contextlib.contextmanager
    def _locked(self) -> Iterator[list[Entry]]:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        with open(self.file.with_name(self.file.name + ".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            entries = self._read()
            before = list(entries)
            yield entries
            if entries != before:
                self._write(entries)

    def _read(self) -> list[Entry]:
        try:
            raw = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        objects = raw.get("objects") if isinstance(raw, dict) else None
        found = [Entry.from_json(o) for o in objects or []]
        return [e for e in found if e is not None]

    def _write(self, entries: list[Entry]) -> None:
        temporary = self.file.with_name(f"{self.file.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"version": VERSION,
                                         "objects": [e.to_json() for e in entries]},
                                        indent=1), encoding="utf-8")
        os.replace(temporary, self.file)

    def record(self, kind: str, object_id: str, purpose: str, endpoint: str,
               tags: Iterable[str] = ()) -> Entry:
        entry = Entry(kind, object_id, purpose, endpoint, tuple(tags), time.time())
        with self._locked() as entries:
            entries[:] = [e for e in entries if e.key != entry.key]
            entries.append(entry)
        return entry

    def forget(self, gone: Iterable[Entry]) -> None:
        keys = {e.key for e in gone}
        if not keys or not self.file.exists():
            return
        with self._locked() as entries:
            entries[:] = [e for e in entries if e.key not in keys]

    def entries(self, endpoint: str | None = None) -> list[Entry]:
        if not self.file.exists():
            return []
        with self._locked() as entries:
            return [e for e in entries if endpoint is None or e.endpoint == endpoint]

    def image_ids(self, endpoint: str) -> set[str]:
        """Ids of images the workshop made or named on ``endpoint``."""
        return {e.id for e in self.entries(endpoint) if e.kind in ("image", "tag")}
