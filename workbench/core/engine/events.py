"""Typed events a build streams, shared by the CLI progress line and the window's build panel."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class StepStarted:
    step: int  # 1-based
    total: int
    instruction: str  # as the engine echoes it: "RUN apk add curl"
    line_start: int  # 1-based Dockerfile line range of the instruction, 0 when unknown
    line_end: int
    stage: int = 0


@dataclass(frozen=True, slots=True)
class StepCached:
    step: int


@dataclass(frozen=True, slots=True)
class StepOutput:
    step: int  # 0 before the first step (context upload)
    text: str


@dataclass(frozen=True, slots=True)
class StepFinished:
    step: int
    image_id: str  # the image after this step ("sha256:..."), "" when the engine gave none
    duration: float  # seconds
    cached: bool = False
    layer_size: int | None = None  # bytes the step's layer added, when known


@dataclass(frozen=True, slots=True)
class BuildFailed:
    step: int  # 0 when it failed before any step (bad Dockerfile, context)
    line_start: int
    line_end: int
    message: str


@dataclass(frozen=True, slots=True)
class BuildFinished:
    image_id: str
    tags: list[str] = field(default_factory=list)
    duration: float = 0.0
    context_bytes: int = 0  # size of the context tar sent to the engine
    made: list[str] = field(default_factory=list)  # image ids the build made, oldest first


BuildEvent = StepStarted | StepCached | StepOutput | StepFinished | BuildFailed | BuildFinished
