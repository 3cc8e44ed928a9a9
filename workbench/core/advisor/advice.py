"""What one piece of advice is, independent of the kind that produced it."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class AdviceKind(StrEnum):
    CHAIN_RUNS = "chain-runs"  # §3.3.1
    CACHE_CLEANUP = "cache-cleanup"  # package caches removed a layer too late
    RECLAIMABLE = "reclaimable"  # files created in one layer, deleted/overwritten later
    SQUASH = "squash"  # §3.3.2
    SMALLER_BASE = "smaller-base"  # §3.4.1
    MULTI_STAGE = "multi-stage"  # §3.4.2
    DOCKERIGNORE = "dockerignore"


@dataclass(slots=True)
class Advice:
    kind: AdviceKind
    title: str  # short, for a list row
    why: str  # one sentence
    lines: tuple[int, int] = (0, 0)  # 1-based inclusive Dockerfile lines, (0, 0): whole file
    # The Dockerfile with the advice applied (None: the advice does not change it).
    new_dockerfile: str | None = None
    # The .dockerignore text to write (dockerignore advice only).
    new_dockerignore: str | None = None
    squash: bool = False  # try it as a squashed build
    # False when the advice cannot be built as is (no experimental daemon, needs edits).
    measurable: bool = True
    draft: bool = False  # new_dockerfile is a starting point the user should review
    note: str = ""  # what the user must know before applying
    estimated_bytes: int | None = None  # what the image analysis says it could save

    def dockerfile_diff(self, old_text: str, path: str = "Dockerfile") -> str:
        """Unified diff of the Dockerfile change ("" when the advice does not change it)."""
        if self.new_dockerfile is None:
            return ""
        return unified_diff(old_text, self.new_dockerfile, path)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": str(self.kind), "title": self.title, "why": self.why,
            "lines": list(self.lines), "new_dockerfile": self.new_dockerfile,
            "new_dockerignore": self.new_dockerignore, "squash": self.squash,
            "measurable": self.measurable, "draft": self.draft, "note": self.note,
            "estimated_bytes": self.estimated_bytes,
        }


def unified_diff(old: str, new: str, path: str) -> str:
    return "".join(difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True),
        fromfile=f"a/{path}", tofile=f"b/{path}"))
