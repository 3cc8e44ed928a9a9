"""Linking an image's history steps to the Dockerfile lines that made them, both ways.

The engine records one history step per instruction of the stage that produced the
image (the final stage, or the build target), after the steps inherited from its base
image, and sometimes one more ``LABEL`` step for labels given to the build itself. So the
final stage's instructions are aligned against the *end* of the history: the steps before
the aligned run are the base image's, the ones after it are build labels.

The alignment is a small dynamic programme (instructions x steps, both well under a few
hundred): each instruction must take one step of the same kind, ``ARG`` may take none
(BuildKit records no step for it), and a step whose normalised text equals the
instruction's scores higher than a step that only has the same kind. When every
instruction found a step the link is ``exact`` (all texts agree) or ``stale`` (the kinds
line up but some text differs: the Dockerfile was edited after the build); when the
kinds cannot be lined up the Dockerfile does not describe this image and nothing is
linked.

Without a Dockerfile, ``base_steps_by_time`` guesses the base from time stamps.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from workbench.core.dockerfile.parser import Dockerfile, Instruction
from workbench.core.history_text import instruction_of
from workbench.core.model import HistoryStep

# Scores of the alignment: an exact text match must beat any number of kind-only
# matches elsewhere being rearranged, so it is worth more than one kind match.
_EXACT = 3
_KIND = 1
_IMPOSSIBLE = -(10**9)

# A gap this long between two consecutive steps' creation times separates the base
# image (built earlier, elsewhere) from the image's own steps when no Dockerfile says so.
BASE_TIME_GAP_SECONDS = 600


class Origin(StrEnum):
    BASE = "base"  # inherited from the base image (before the final stage's FROM)
    DOCKERFILE = "dockerfile"  # made by an instruction of the open Dockerfile
    BUILD = "build"  # added by the build itself (``--label``), no line in the file
    UNKNOWN = "unknown"  # not linked (no Dockerfile, or it does not match)


class LinkState(StrEnum):
    EXACT = "exact"
    STALE = "stale"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class StepLink:
    step: int  # history index
    origin: Origin
    line_start: int = 0  # 1-based inclusive line range, 0 when not linked
    line_end: int = 0
    exact: bool = False  # the step's text equals the instruction's (not just its kind)


@dataclass(slots=True)
class Linking:
    steps: list[StepLink]
    state: LinkState
    base_count: int  # steps 0..base_count-1 come from the base image
    base_rule: str  # how the base was decided, for a tooltip
    problem: str = ""  # a sentence when the Dockerfile does not match the history
    _by_line: dict[int, list[int]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for link in self.steps:
            for line in range(link.line_start, link.line_end + 1 if link.line_start else 0):
                self._by_line.setdefault(line, []).append(link.step)

    @property
    def linked(self) -> bool:
        return self.state is not LinkState.NONE

    def is_base(self, step: int) -> bool:
        return 0 <= step < self.base_count

    def lines_for_step(self, step: int) -> tuple[int, int]:
        """The Dockerfile line range of a step, (0, 0) when it has none."""
        if 0 <= step < len(self.steps):
            link = self.steps[step]
            return link.line_start, link.line_end
        return 0, 0

    def steps_for_lines(self, start: int, end: int) -> list[int]:
        """History steps made by instructions touching lines start..end, in order."""
        found: set[int] = set()
        for line in range(start, end + 1):
            found.update(self._by_line.get(line, ()))
        return sorted(found)


def final_stage_instructions(dockerfile: Dockerfile,
                             target: str | None = None) -> list[Instruction]:
    """Instructions after the FROM of the stage that produced the image."""
    if not dockerfile.stages:
        return []
    stage = dockerfile.stages[-1]
    if target:
        stage = dockerfile.stage_named(target) or stage
    return _stage_instructions(dockerfile, stage.index)


def _stage_instructions(dockerfile: Dockerfile, stage: int) -> list[Instruction]:
    return [i for i in dockerfile.instructions if i.stage == stage and i.keyword != "FROM"]


def link(history: Sequence[HistoryStep], dockerfile: Dockerfile | None,
         target: str | None = None) -> Linking:
    """Map every history step to its origin and, when linked, its Dockerfile lines.

    Without ``target`` the last stage is tried first; an earlier stage is used only when
    it matches exactly where the last one does not (an image built with ``--target``).
    """
    if dockerfile is None or not dockerfile.stages:
        return unlinked(history)
    last_stage = dockerfile.stages[-1]
    if target:
        stages = [dockerfile.stage_named(target) or last_stage]
    else:
        stages = list(reversed(dockerfile.stages))
    if not target and not _stage_instructions(dockerfile, last_stage.index):
        # A lone FROM aligns with any history (all of it "base"), which would credit any
        # image's size to this FROM: nothing ties such a Dockerfile to the image.
        fallback = unlinked(history)
        fallback.problem = (f"The Dockerfile's last stage (FROM on line {last_stage.line}) "
                            "has no instructions, so nothing ties it to this image's steps.")
        return fallback
    best: Linking | None = None
    for stage in stages:
        instructions = _stage_instructions(dockerfile, stage.index)
        if stage is not stages[0] and not instructions:
            continue  # an empty stage matches any history: only as the one asked for
        aligned = _align(instructions, list(history))
        if aligned is None:
            continue
        linking = _linking(history, aligned, stage.index, stage.line)
        if linking.state is LinkState.EXACT:
            return linking
        best = best or linking
    if best is not None:
        return best
    fallback = unlinked(history)
    fallback.problem = (
        f"The image's history does not follow the Dockerfile's last stage (FROM on line "
        f"{last_stage.line}), so its steps cannot be linked to lines: open the Dockerfile the "
        "image was built from, or rebuild it."
    )
    return fallback


def _linking(history: Sequence[HistoryStep],
             aligned: tuple[dict[int, tuple[Instruction, bool]], int, int],
             stage: int, stage_line: int) -> Linking:
    pairs, first, last = aligned
    links: list[StepLink] = []
    for position, step in enumerate(history):
        if position < first:
            links.append(StepLink(step.index, Origin.BASE))
        elif position >= last:
            links.append(StepLink(step.index, Origin.BUILD))
        else:
            instruction, exact = pairs[position]
            links.append(StepLink(step.index, Origin.DOCKERFILE, instruction.line_start,
                                  instruction.line_end, exact))
    own = [link for link in links if link.origin is Origin.DOCKERFILE]
    state = LinkState.EXACT if all(link.exact for link in own) else LinkState.STALE
    return Linking(links, state, first,
                   f"base = the steps before the FROM on line {stage_line} (stage {stage}), "
                   "found by aligning that stage's instructions with the end of the history")


def unlinked(history: Sequence[HistoryStep]) -> Linking:
    base = base_steps_by_time(history)
    rule = (f"base guessed from time: the steps before the last gap of more than "
            f"{BASE_TIME_GAP_SECONDS // 60} minutes in creation time" if base else
            "no base known: open the Dockerfile the image was built from")
    return Linking([StepLink(step.index, Origin.BASE if position < base else Origin.UNKNOWN)
                    for position, step in enumerate(history)], LinkState.NONE, base, rule)


def base_steps_by_time(history: Sequence[HistoryStep]) -> int:
    """How many leading steps belong to the base image, judged by creation times.

    The steps of one build are stamped seconds to minutes apart, while the base image
    was built before, usually days earlier: the last gap longer than
    ``BASE_TIME_GAP_SECONDS`` splits the two. Steps kept from the build cache carry their
    first build's time, so a cached run can look like base; that is why this is only a
    fallback and says so. Returns 0 when the times show no such gap.
    """
    times = [_parse_time(step.created) for step in history]
    best = 0
    for index in range(1, len(times)):
        before, after = times[index - 1], times[index]
        if before is None or after is None:
            continue
        if (after - before).total_seconds() > BASE_TIME_GAP_SECONDS:
            best = index
    return best


def _parse_time(text: str) -> datetime | None:
    if not text:
        return None
    # Engines write RFC 3339 with nanoseconds; Python takes at most microseconds.
    cleaned = re.sub(r"(\.\d{6})\d+", r"\1", text.strip()).replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(cleaned)
    except ValueError:
        return None


def _align(instructions: list[Instruction], history: list[HistoryStep]
           ) -> tuple[dict[int, tuple[Instruction, bool]], int, int] | None:
    """Best alignment of all instructions to a contiguous run of history steps.

    Returns (step index -> (instruction, exact), first aligned step, end of the run),
    or None when no alignment exists. Steps after the run must be build ``LABEL``s.
    """
    n, m = len(instructions), len(history)
    # score[i][h]: best score placing instructions[:i] so that the last used step is h-1
    # and every step from the run's start up to h-1 is used. score[0][h] = 0: any prefix
    # of the history may be base.
    score = [[_IMPOSSIBLE] * (m + 1) for _ in range(n + 1)]
    move = [[""] * (m + 1) for _ in range(n + 1)]
    for h in range(m + 1):
        score[0][h] = 0
    for i in range(1, n + 1):
        instruction = instructions[i - 1]
        for h in range(m + 1):
            best, how = _IMPOSSIBLE, ""
            if instruction.keyword in ("ARG", "ONBUILD") and score[i - 1][h] > best:
                best, how = score[i - 1][h], "skip"
            if h > 0 and score[i - 1][h - 1] > _IMPOSSIBLE:
                gain = _match(instruction, history[h - 1])
                if gain and score[i - 1][h - 1] + gain > best:
                    best, how = score[i - 1][h - 1] + gain, "match"
            score[i][h], move[i][h] = best, how
    # The run may be followed only by LABEL steps the build added.
    end_choices = [h for h in range(m + 1)
                   if all(instruction_of(s.created_by) == "LABEL" for s in history[h:])]
    best_end = max(end_choices, key=lambda h: (score[n][h], h), default=None)
    if best_end is None or score[n][best_end] <= _IMPOSSIBLE:
        return None
    pairs: dict[int, tuple[Instruction, bool]] = {}
    i, h = n, best_end
    while i > 0:
        if move[i][h] == "match":
            instruction = instructions[i - 1]
            pairs[h - 1] = (instruction, _match(instruction, history[h - 1]) == _EXACT)
            h -= 1
        i -= 1
    return pairs, h, best_end


def _match(instruction: Instruction, step: HistoryStep) -> int:
    """_EXACT, _KIND or 0 (different kinds) for an instruction against a history step."""
    keyword = instruction.keyword
    if instruction_of(step.created_by) != keyword:
        return 0
    return _EXACT if _same_text(instruction, step.created_by) else _KIND


_NOP = re.compile(r"#\(nop\)\s*\w+\s?")
_GO_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _same_text(instruction: Instruction, created_by: str) -> bool:
    keyword, value = instruction.keyword, instruction.value
    text = created_by.strip()
    if text.endswith("# buildkit"):
        text = text[: -len("# buildkit")].rstrip()
    nop = _NOP.search(text)
    body = text[nop.end():].strip() if nop else text
    if not nop and body.upper().startswith(keyword + " "):
        body = body[len(keyword) + 1:].strip()  # BuildKit: "RUN /bin/sh -c ...", "COPY a b"
    if keyword == "RUN":
        if instruction.heredocs:
            return False
        wanted = _squash(" ".join(instruction.args if instruction.json else [value]))
        # The shell prefix depends on SHELL (``/bin/sh -o pipefail -c``): compare the end.
        return bool(wanted) and _squash(body).endswith(wanted)
    if keyword in ("COPY", "ADD"):
        parts = instruction.args
        destination = parts[-1] if parts else ""
        recorded = body.rsplit(" in ", 1)[1] if " in " in body else (body.split() or [""])[-1]
        return recorded.strip() == destination
    if keyword in ("CMD", "ENTRYPOINT"):
        recorded_args = [_unquote_go(s) for s in _GO_STRING.findall(body)]
        if instruction.json:
            return recorded_args == list(instruction.args)
        return bool(recorded_args) and recorded_args[-1] == value
    if keyword in ("ENV", "LABEL"):
        return _pairs(body) == _pairs(value)
    return _tokens(body) == _tokens(value)


def _unquote_go(text: str) -> str:
    try:
        return str(json.loads(f'"{text}"'))
    except ValueError:
        return text


def _squash(text: str) -> str:
    return " ".join(text.split())


def _pairs(text: str) -> str:
    """``K v w`` (legacy form) and ``K="v w"`` both read as ``K=v w``, quotes dropped."""
    cleaned = text.replace('"', "").replace("'", "")
    words = cleaned.split()
    if words and "=" not in words[0]:
        return f"{words[0]}={' '.join(words[1:])}"
    return _squash(cleaned)


def _tokens(text: str) -> list[str]:
    """Order-free words without quotes, brackets or commas (EXPOSE reorders its ports)."""
    return sorted(re.sub(r"[\"'\[\],]", " ", text).split())
