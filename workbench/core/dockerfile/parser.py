"""A Dockerfile model with line numbers, built on BuildKit's own parser.

The ``dockerfile`` package (BuildKit's Go parser, compiled in) does the reading:
parser directives, line continuations (each continued line keeps its own leading
whitespace and the escape character is dropped, comment and empty lines inside are
skipped), flags, JSON and shell forms and heredocs. This module adds what the builder
derives from that output: stages, ``AS`` names, meta ARGs, the ARG substitution of
``FROM`` and ``COPY --from``, the steps the classic builder counts, and the problems
it would refuse the file for.

``parse`` never raises. A file the library refuses (an unclosed heredoc, a bad
``# escape=``, an overlong line) gives an error on the first line after the longest
start of the file the library accepts, since its messages carry no line, and the
instructions of that start; finding that start parses the file once per line, which
is only paid for a refused file. The model adds errors for an unknown instruction, an
instruction without arguments, one other than ARG before the first FROM, no FROM, and
a FROM that is not ``image [AS name]``; a file ending inside a line continuation is a
warning (the builder accepts it).

The API other modules use, and what each field means:

``Instruction``
    ``keyword``: upper case (``RUN``); ``value``: the text after the keyword and its
    flags, on one line as the builder joins continuations, stripped (``echo hello  world``
    for ``RUN echo hello\\`` + ``  world``; ``RUN ls`` for ``ONBUILD RUN ls``; the JSON
    text for the JSON form; only the first line when there are heredocs);
    ``text``: the instruction as the engine echoes it in ``Step N/M : text`` (keyword as
    written); ``line_start``/``line_end``: 1-based inclusive, heredoc bodies included;
    ``flags``: ``{"from": "build", "link": ""}`` (names lower case, in order);
    ``stage``: index of its FROM stage, -1 before the first FROM; ``raw``: its source
    lines as written, joined by ``\\n`` (no ``\\r``); ``heredocs``: the bodies of its
    ``<<EOF`` documents without their last line end; ``args``: the library's argument
    list (the JSON list's items, or the words / key-value parts); ``json``: JSON form;
    ``sub_keyword``: the instruction an ``ONBUILD`` carries (``RUN``), else ``""``;
    ``from_stage``/``from_image``: for ``COPY --from``, the index of the earlier stage it
    names, else the image reference it names after substitution.
``Stage``
    ``index``, ``base`` (as written, may hold ``${ARG}``), ``name`` (the ``AS`` name,
    lower case as the builder treats it), ``line`` (of its FROM), ``platform`` (the
    ``--platform`` flag as written), ``instructions`` (its FROM first),
    ``resolved_base`` (``base`` with the meta ARGs' defaults substituted),
    ``base_stage`` (index of the earlier stage the base names, else None).
``Dockerfile``
    ``instructions``, ``stages``, ``errors`` (``ParseProblem(line, message,
    severity)``), ``escape``, ``meta_args``; ``stage_named``, ``build_steps``,
    ``instruction_at``, ``meta_values`` and ``resolve`` (substitution with build args).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import dockerfile as buildkit

from workbench.core.dockerfile.substitute import expand
from workbench.core.history_text import INSTRUCTIONS

KEYWORDS = frozenset(INSTRUCTIONS)
_NEEDS_ARGS = KEYWORDS - {"HEALTHCHECK"}
# BuildKit's directive syntax; it reads directives only until the first other line.
_DIRECTIVE = re.compile(r"^[ \t]*#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$")
_KEYWORD = re.compile(r"^\s*\S+")
# The library's refusal of a file without instructions; for us that is an empty model.
_NO_INSTRUCTIONS = "file with no instructions"


@dataclass(slots=True)
class Instruction:
    keyword: str
    value: str
    line_start: int
    line_end: int
    flags: dict[str, str] = field(default_factory=dict)
    stage: int = -1
    raw: str = ""
    heredocs: list[str] = field(default_factory=list)
    args: tuple[str, ...] = ()
    json: bool = False
    sub_keyword: str = ""
    from_stage: int | None = None
    from_image: str = ""
    text: str = ""


@dataclass(slots=True)
class Stage:
    index: int
    base: str
    name: str | None
    line: int
    platform: str = ""
    instructions: list[Instruction] = field(default_factory=list)
    resolved_base: str = ""
    base_stage: int | None = None


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

    def meta_values(self, build_args: Mapping[str, str] | None = None) -> dict[str, str]:
        """The meta ARGs' values: each default (expanded), or the build arg of its name."""
        given = build_args or {}
        values: dict[str, str] = {}
        for instruction in self.meta_args:
            for part in instruction.args:
                name, has_default, default = part.partition("=")
                if name in given:
                    values[name] = given[name]
                elif has_default:
                    values[name] = expand(default, values, self.escape)
        return values

    def resolve(self, word: str, build_args: Mapping[str, str] | None = None) -> str:
        """``word`` (a FROM base, a ``--from``) as the builder expands it with meta ARGs."""
        return expand(word, self.meta_values(build_args), self.escape)


def parse(text: str) -> Dockerfile:
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    escape = _escape_of(lines)
    commands, errors = _read(text, lines)
    # A line continuation with nothing after it comes back as a command with no
    # keyword; the engine refuses it ("unknown instruction"), and so does the model.
    for command in commands:
        if command.cmd is None:
            errors.append(ParseProblem(command.start_line, f"Line {command.start_line} "
                                       "continues into nothing: the engine reads it as an "
                                       "unknown instruction."))
    instructions = [_instruction(command, lines) for command in commands
                    if command.cmd is not None]
    if instructions and (line := _open_continuation(instructions[-1], escape)):
        errors.append(ParseProblem(line, "The file ends inside a line continuation.",
                                   "warning"))
    return _assemble(instructions, errors, escape)


def _read(text: str, lines: list[str]) -> tuple[list[buildkit.Command], list[ParseProblem]]:
    """The library's commands; on refusal, those of the longest start it accepts."""
    try:
        return _commands(text), []
    except buildkit.GoParseError as error:
        message = str(error)
    for count in range(len(lines) - 1, -1, -1):
        try:
            commands = _commands("\n".join(lines[:count]) + "\n")
        except buildkit.GoParseError:
            continue
        line = count + 1
        if message == "unterminated heredoc":
            return commands, [ParseProblem(line, f"The heredoc started on line {line} is "
                                                 "never closed.")]
        return commands, [ParseProblem(line, f"The Dockerfile cannot be read from line "
                                             f"{line}: {message}.")]
    return [], [ParseProblem(1, f"The Dockerfile cannot be read: {message}.")]


def _commands(text: str) -> list[buildkit.Command]:
    try:
        return list(buildkit.parse_string(text))
    except buildkit.GoParseError as error:
        if str(error) == _NO_INSTRUCTIONS:
            return []
        raise
    except UnicodeDecodeError:
        # The library cuts a multi-byte character in half in some instructions it
        # cannot read (HEALTHCHECK followed by a continued non-ASCII word): a refusal.
        raise buildkit.GoParseError("the parser cannot read a character there") from None


def _escape_of(lines: list[str]) -> str:
    """The ``# escape=`` directive's character (the library applies it but does not say)."""
    for line in lines:
        match = _DIRECTIVE.match(line)
        if match is None:
            break
        if match.group(1).lower() == "escape":
            return match.group(2)
    return "\\"


def _open_continuation(instruction: Instruction, escape: str) -> int:
    """The line whose escape continues the instruction past the end of the file, else 0.

    That is its last line of code (comment and blank lines inside a continuation do not
    count) when it ends in an escape that is not itself escaped.
    """
    if instruction.heredocs:
        return 0
    code = [(number, line.rstrip(" \t"))
            for number, line in enumerate(instruction.raw.split("\n"), instruction.line_start)
            if line.strip() and not line.lstrip().startswith("#")]
    if not code:
        return 0
    number, last = code[-1]
    return number if last.endswith(escape) and not last.endswith(escape * 2) else 0


def _instruction(command: buildkit.Command, lines: list[str]) -> Instruction:
    head = command.original.split("\n", 1)[0] if command.heredocs else command.original
    rest = _KEYWORD.sub("", head, count=1)
    flags: dict[str, str] = {}
    for flag in command.flags:
        rest = rest.lstrip()
        if not rest.startswith(flag):
            break
        rest = rest[len(flag):]
        name, _, flag_value = flag.removeprefix("--").partition("=")
        flags[name.lower()] = flag_value
    return Instruction(
        keyword=command.cmd.upper(), value=rest.strip(), line_start=command.start_line,
        line_end=command.end_line, flags=flags,
        raw="\n".join(lines[command.start_line - 1: command.end_line]),
        heredocs=[_body(heredoc.content) for heredoc in command.heredocs],
        args=tuple(command.value), json=command.json,
        sub_keyword=(command.sub_cmd or "").upper(), text=head.strip())


def _body(content: str) -> str:
    return content.removesuffix("\n").removesuffix("\r")


def _assemble(instructions: list[Instruction], errors: list[ParseProblem],
              escape: str) -> Dockerfile:
    document = Dockerfile(instructions, [], errors, escape)
    for instruction in instructions:
        keyword = instruction.keyword
        if keyword not in KEYWORDS:
            errors.append(ParseProblem(instruction.line_start,
                                       f"Unknown instruction: {keyword}."))
        elif keyword in _NEEDS_ARGS and not instruction.value:
            errors.append(ParseProblem(instruction.line_start,
                                       f"{keyword} requires at least one argument."))
        if keyword == "FROM":
            document.stages.append(_stage_of(document, instruction, errors))
        elif not document.stages:
            if keyword == "ARG":
                document.meta_args.append(instruction)
            elif keyword in KEYWORDS:
                errors.append(ParseProblem(instruction.line_start,
                                           f"{keyword} comes before the first FROM; only ARG "
                                           "may."))
            continue
        instruction.stage = len(document.stages) - 1
        document.stages[-1].instructions.append(instruction)
        if keyword == "COPY" and instruction.flags.get("from"):
            _link_copy_source(document, instruction)
    if not document.stages and instructions:
        errors.append(ParseProblem(1, "The Dockerfile has no FROM instruction."))
    return document


def _stage_of(document: Dockerfile, instruction: Instruction,
              errors: list[ParseProblem]) -> Stage:
    words = instruction.args
    name: str | None = None
    if len(words) == 3 and words[1].lower() == "as":
        name = words[2].lower()
    elif len(words) not in (0, 1):
        errors.append(ParseProblem(instruction.line_start,
                                   "FROM takes an image and an optional 'AS name'."))
    base = words[0] if words else ""
    resolved = document.resolve(base)
    earlier = _earlier_stage(document, resolved, len(document.stages))
    return Stage(len(document.stages), base, name, instruction.line_start,
                 instruction.flags.get("platform", ""), resolved_base=resolved,
                 base_stage=earlier.index if earlier else None)


def _link_copy_source(document: Dockerfile, instruction: Instruction) -> None:
    """``COPY --from=x``: x names an earlier stage (by name or index) or else an image."""
    source = document.resolve(instruction.flags["from"])
    stage = _earlier_stage(document, source, instruction.stage)
    if stage is not None:
        instruction.from_stage = stage.index
    else:
        instruction.from_image = source


def _earlier_stage(document: Dockerfile, name: str, before: int) -> Stage | None:
    stage = document.stage_named(name) if name else None
    return stage if stage is not None and stage.index < before else None
