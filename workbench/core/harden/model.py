"""What a hardening check reports: findings with evidence, peer ids and a fix.

A finding's ``id`` names the rule (``IW-USER-ROOT``); several findings may share it
(one per set-uid file). ``--fix ID`` applies every fix of that rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.core.errors import WorkbenchError
from workbench.core.harden.fixes import Fix

SEVERITIES = ("error", "warning", "info")


class HardenError(WorkbenchError):
    """The Dockerfile, context, image or registry named cannot be used for the checks."""


@dataclass(frozen=True, slots=True)
class Evidence:
    line: int | None = None  # 1-based Dockerfile line
    layer: int | None = None  # 0-based index into the image's layers
    path: str | None = None  # file inside the image, or in the context
    image: str | None = None  # the image reference a base-image finding is about

    def to_json(self) -> dict[str, object]:
        return {"line": self.line, "layer": self.layer, "path": self.path,
                "image": self.image}


@dataclass(slots=True)
class Finding:
    id: str
    severity: str  # one of SEVERITIES
    title: str
    why: str  # one sentence
    evidence: Evidence = field(default_factory=Evidence)
    peer_ids: list[str] = field(default_factory=list)
    fix: Fix | None = None
    sources: list[str] = field(default_factory=lambda: ["workbench"])

    def at_or_above(self, threshold: str) -> bool:
        return SEVERITIES.index(self.severity) <= SEVERITIES.index(threshold)


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


def mask(value: str) -> str:
    """A secret as it may appear in any output: its first 4 characters and its length."""
    return f"{value[:4]}… ({len(value)} chars)"


def redact(text: str, secrets: set[str]) -> str:
    """``text`` with every secret value masked (longest first, so none is left in part)."""
    for value in sorted(secrets, key=len, reverse=True):
        text = text.replace(value, mask(value))
    return text
