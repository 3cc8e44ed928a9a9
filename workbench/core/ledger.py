"""The ledger: the ids of the throwaway engine objects the workbench made for itself.

Variant builds, advice measurements, smoke-run containers and the like are removed by
the code that made them; the ledger is for the ones a crash, a kill or a cut connection
left behind. Labels alone cannot say what the workbench made: an image built ``FROM`` a
labelled image inherits the label. So ``workbench cleanup`` removes only what is both
recorded here and still labelled, and never an object the user built or derived.

The ledger is one small JSON file in the workbench's state dir, rewritten whole under
an exclusive lock so the window and a command line running at once do not lose each
other's records.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "image-workbench"
VERSION = 1


def state_dir() -> Path:
    """``$XDG_STATE_HOME/image-workbench`` (``~/.local/state/...`` by default)."""
    return Path(platformdirs.user_state_dir(APP_NAME))


def default_file() -> Path:
    return state_dir() / "ledger.json"


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str  # "image" | "container" | "build-step" (an image a throwaway build's step made)
    id: str  # full id as the engine gives it ("sha256:..." for images)
    purpose: str  # the purpose label it carries ("size-variant", "harden"...)
    endpoint: str  # the engine it lives in
    tags: tuple[str, ...] = ()  # names the workbench gave it; others are the user's
    created: float = field(default=0.0, compare=False)

    @property
    def key(self) -> tuple[str, str, tuple[str, ...]]:
        return self.kind, self.id, self.tags

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "purpose": self.purpose,
                "endpoint": self.endpoint, "tags": list(self.tags), "created": self.created}

    @classmethod
    def from_json(cls, raw: Any, kinds: tuple[str, ...]) -> Entry | None:
        if not isinstance(raw, dict) or raw.get("kind") not in kinds:
            return None
        if not isinstance(raw.get("id"), str) or not raw["id"]:
            return None
        tags = raw.get("tags")
        tags = tags if isinstance(tags, list) else []
        created = raw.get("created")
        return cls(raw["kind"], raw["id"], str(raw.get("purpose", "")),
                   str(raw.get("endpoint", "")), tuple(str(t) for t in tags),
                   float(created) if isinstance(created, int | float) else 0.0)


class Ledger:
    """Records, lists and forgets throwaway objects; safe across processes."""

    KINDS: tuple[str, ...] = ("image", "container", "build-step")

    def __init__(self, file: Path | None = None) -> None:
        self.file = file if file is not None else self.default_file()

    @staticmethod
    def default_file() -> Path:
        return default_file()

    @staticmethod
    def key_of(entry: Entry) -> Hashable:
        """What makes two records the same object: here its id (a new record of an id
        replaces the old one, tags and all)."""
        return entry.id

    @contextlib.contextmanager
    def _locked(self) -> Iterator[list[Entry]]:
        """The entries, held under the lock; changes to the list are written back."""
        self.file.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.file.with_name(self.file.name + ".lock")
        with open(lock_path, "a") as lock:
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
            return []  # missing or unreadable: nothing recorded that we could trust
        objects = raw.get("objects") if isinstance(raw, dict) else None
        found = [Entry.from_json(o, self.KINDS) for o in objects or []]
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
        key = self.key_of(entry)
        with self._locked() as entries:
            entries[:] = [e for e in entries if self.key_of(e) != key]
            entries.append(entry)
        return entry

    def forget(self, gone: Iterable[Entry | Hashable]) -> None:
        """Drop records, given as entries or as their keys (ids, here)."""
        keys = {self.key_of(g) if isinstance(g, Entry) else g for g in gone}
        if not keys or not self.file.exists():
            return
        with self._locked() as entries:
            entries[:] = [e for e in entries if self.key_of(e) not in keys]

    def entries(self, endpoint: str | None = None) -> list[Entry]:
        if not self.file.exists():
            return []  # nothing recorded yet: no state dir to create for a look
        with self._locked() as entries:
            return [e for e in entries if endpoint is None or e.endpoint == endpoint]
