"""A review's verdict: PASS or FAIL, and every reason with where it comes from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# What a reason is about: dive's CI rules, a budget, a hardening check, hadolint.
KINDS = ("dive", "budget", "harden", "hadolint")


@dataclass(slots=True)
class Reason:
    kind: str  # one of KINDS
    rule: str  # "lowestEfficiency", "max-size", "IW-USER-ROOT", "IW-HL-DL3008"
    status: str  # "pass", "fail" or "skip" (a finding under its threshold is "pass")
    message: str
    severity: str = ""  # hardening and hadolint: error / warning / info
    line: int | None = None  # 1-based Dockerfile line
    layer: int | None = None  # 0-based layer index
    path: str | None = None  # absolute path inside the image, or a context file
    threshold: str = ""  # the limit as configured

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "rule": self.rule, "status": self.status,
                "message": self.message, "severity": self.severity or None,
                "threshold": self.threshold or None, "line": self.line,
                "layer": self.layer, "path": self.path}

    def where(self) -> str:
        parts = []
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.layer is not None:
            parts.append(f"layer {self.layer}")
        if self.path:
            parts.append(self.path)
        return ", ".join(parts)


@dataclass(slots=True)
class Review:
    source: str
    image_id: str
    name: str  # a tag, else the source
    size_bytes: int
    layer_count: int
    metrics: dict[str, Any]  # efficiency, wasted_bytes, user_wasted_percent, reclaimable_bytes
    reasons: list[Reason]
    dockerfile: str | None = None
    notes: list[str] = field(default_factory=list)
    thresholds: dict[str, str] = field(default_factory=dict)  # harden / hadolint
    harden_report: Any = field(default=None, repr=False)  # HardenReport, for SARIF
    secrets: set[str] = field(default_factory=set, repr=False)
    layers: list[dict[str, Any]] = field(default_factory=list, repr=False)  # report rows

    @property
    def failed(self) -> list[Reason]:
        return [r for r in self.reasons if r.status == "fail"]

    @property
    def passed(self) -> bool:
        return not self.failed

    @property
    def verdict(self) -> str:
        return "PASS" if self.passed else "FAIL"

    def tally(self) -> dict[str, int]:
        counts = {"total": len(self.reasons), "pass": 0, "fail": 0, "skip": 0}
        for reason in self.reasons:
            counts[reason.status] += 1
        return counts
