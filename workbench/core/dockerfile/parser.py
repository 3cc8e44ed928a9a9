"""A Dockerfile parser that keeps line numbers, for linking build steps back to the editor.

It follows the reference rules the engine applies: parser directives (``# escape=``)
at the top, line continuations with the escape character, comment lines dropped
inside continuations, ``--flag=value`` options before arguments, heredocs
(``RUN <<EOF``), and one stage per ``FROM``. It never raises on bad input: problems
are collected in ``Dockerfile.errors`` with the line they are about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from workbench.core.history_text import INSTRUCTIONS

KEYWORDS = frozenset(INSTRUCTIONS)
_DIRECTIVE = re.compile(r"^#\s*([a-zA-Z][a-zA-Z0-9_-]*)\s*=\s*(.*?)\s*$")
_FLAG = re.compile(r"--([a-zA-Z][a-zA-Z0-9-]*)(?:=(\S*))?")
_HEREDOC = re.compile(r"<<(-?)(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\2")
_NEEDS_ARGS = KEYWORDS - {"HEALTHCHECK"}


@dataclass(slots=True)
class Instruction:
    keyword: str  # upper case: RUN, COPY...
    value: str  # arguments after flags, continuations joined by a space
    line_start: int  # 1-based, inclusive
    line_end: int
    flags: dict[str, str] = field(default_factory=dict)  # {"from": "build", "chown": "1:1"}
    stage: int = -1  # index of the FROM stage it belongs to, -1 before the first FROM
    raw: str = ""  # the instruction's source lines as written
    heredocs: list[str] = field(default_factory=list)  # bodies of ``<<EOF`` documents

    @property
    def text(self) -> str:
        """The instruction as one line, the way the classic builder echoes it."""
        flags = " ".join(f"--{k}={v}" if v else f"--{k}" for k, v in self.flags.items())
        return " ".join(part for part in (self.keyword, flags, self.value) if part)


@dataclass(slots=True)
class Stage:
    index: int
    base: str  # the image reference as written after FROM (may contain ${ARG})
    name: str | None  # the ``AS name``, lower case as the builder treats it
    line: int
    platform: str = ""
    instructions: list[Instruction] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ParseProblem:
    line: int
    message: str
    severity: str = "error"  # "error" or "warning"


@dataclass(slots=True)
class Dockerfile:
    instructions: list[Instruction]
    stages: list[Stage]
    errors: list[ParseProblem]
    escape: str = "\\"
    meta_args: list[Instruction] = field(default_factory=list)  # ARGs before the first FROM

    def stage_named(self, name: str) -> Stage | None:
        wanted = name.lower()
        for stage in self.stages:
            if stage.name == wanted or str(stage.index) == wanted:
                return stage
        return None

    def build_steps(self, target: str | None = None) -> list[Instruction]:
        """Instructions the classic builder reports as ``Step N/M``, in order.

        Measured on dockerd 20.10: ARGs before the first FROM are steps, then every
        instruction of every stage up to and including the target (all stages when no
        target), FROM included. Each label given to the build itself (``--label``) adds
        one more ``LABEL`` step at the end that has no line in the file.
        """
        last = len(self.stages) - 1
        if target:
            stage = self.stage_named(target)
            if stage is not None:
                last = stage.index
        return self.meta_args + [i for i in self.instructions if 0 <= i.stage <= last]

    def instruction_at(self, line: int) -> Instruction | None:
        for instruction in self.instructions:
            if instruction.line_start <= line <= instruction.line_end:
                return instruction
        return None


def _directives(lines: list[str]) -> tuple[str, int]:
    """Read parser directives at the top; returns (escape char, first line after them)."""
    escape = "\\"
    index = 0
    seen: set[str] = set()
    while index < len(lines):
        match = _DIRECTIVE.match(lines[index])
        if not match or match.group(1).lower() in seen:
            break
        name, value = match.group(1).lower(), match.group(2)
        seen.add(name)
        if name == "escape" and value in ("\\", "`"):
            escape = value
        index += 1
    return escape, index


def _split_flags(rest: str) -> tuple[dict[str, str], str]:
    flags: dict[str, str] = {}
    while rest.startswith("--"):
        match = _FLAG.match(rest)
        if not match:
            break
        flags[match.group(1).lower()] = match.group(2) or ""
        rest = rest[match.end() :].lstrip()
    return flags, rest


def parse(text: str) -> Dockerfile:
    lines = text.splitlines()
    escape, index = _directives(lines)
    instructions: list[Instruction] = []
    errors: list[ParseProblem] = []
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            index += 1
            continue
        start = index
        parts = [stripped]
        # Join continuation lines; comment and empty lines inside are skipped.
        while parts[-1].endswith(escape) and index + 1 < len(lines):
            parts[-1] = parts[-1][: -len(escape)].rstrip()
            index += 1
            nxt = lines[index].strip()
            if nxt.startswith("#"):
                parts.append(escape)  # keep the continuation going over the comment
                continue
            parts.append(nxt)
        if parts[-1].endswith(escape):
            parts[-1] = parts[-1][: -len(escape)].rstrip()
            errors.append(ParseProblem(index + 1, "The file ends inside a line continuation."))
        joined = " ".join(p for p in parts if p and p != escape)
        word, _, rest = joined.partition(" ")
        keyword = word.upper()
        flags, value = _split_flags(rest.strip())
        instruction = Instruction(keyword, value, start + 1, index + 1, flags,
                                  raw="\n".join(lines[start : index + 1]))
        heredoc_end = _read_heredocs(instruction, lines, index)
        if heredoc_end < 0:
            errors.append(ParseProblem(start + 1, f"The heredoc started on line {start + 1} "
                                                  "is never closed."))
            heredoc_end = len(lines) - 1
        if heredoc_end != index:
            instruction.line_end = heredoc_end + 1
            instruction.raw = "\n".join(lines[start : heredoc_end + 1])
            index = heredoc_end
        instructions.append(instruction)
        index += 1
    return _assemble(instructions, errors, escape)


def _read_heredocs(instruction: Instruction, lines: list[str], index: int) -> int:
    """Consume heredoc bodies after ``index``; returns the last line used, -1 if unclosed."""
    if instruction.keyword not in ("RUN", "COPY", "ADD"):
        return index
    for match in _HEREDOC.finditer(instruction.value):
        strip_tabs, word = match.group(1) == "-", match.group(3)
        body: list[str] = []
        index += 1
        while index < len(lines):
            candidate = lines[index].lstrip("\t") if strip_tabs else lines[index]
            if candidate == word:
                break
            body.append(lines[index])
            index += 1
        else:
            return -1
        instruction.heredocs.append("\n".join(body))
    return index


def _assemble(instructions: list[Instruction], errors: list[ParseProblem],
              escape: str) -> Dockerfile:
    stages: list[Stage] = []
    meta_args: list[Instruction] = []
    for instruction in instructions:
        keyword = instruction.keyword
        if keyword not in KEYWORDS:
            errors.append(ParseProblem(instruction.line_start,
                                       f"Unknown instruction: {keyword}."))
        elif keyword in _NEEDS_ARGS and not instruction.value:
            errors.append(ParseProblem(instruction.line_start,
                                       f"{keyword} requires at least one argument."))
        if keyword == "FROM":
            stages.append(_stage_of(instruction, len(stages), errors))
        elif not stages:
            if keyword == "ARG":
                meta_args.append(instruction)
            elif keyword in KEYWORDS:
                errors.append(ParseProblem(instruction.line_start,
                                           f"{keyword} comes before the first FROM; only ARG "
                                           "may."))
            continue
        instruction.stage = len(stages) - 1
        stages[-1].instructions.append(instruction)
    if not stages and instructions:
        errors.append(ParseProblem(1, "The Dockerfile has no FROM instruction."))
    return Dockerfile(instructions, stages, errors, escape, meta_args)


def _stage_of(instruction: Instruction, index: int, errors: list[ParseProblem]) -> Stage:
    words = instruction.value.split()
    name: str | None = None
    if len(words) == 3 and words[1].lower() == "as":
        name = words[2].lower()
    elif len(words) not in (0, 1):
        errors.append(ParseProblem(instruction.line_start,
                                   "FROM takes an image and an optional 'AS name'."))
    return Stage(index, words[0] if words else "", name, instruction.line_start,
                 instruction.flags.get("platform", ""))
