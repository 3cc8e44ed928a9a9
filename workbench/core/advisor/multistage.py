"""A two-stage draft (article §3.4.2) when build-only things ship in the final image.

Compilers, headers, package caches and source trees are needed to build a program,
not to run it. The draft keeps the final stage as a ``build`` stage and starts a new
final stage from the same base that copies only the program in, then repeats the
run-time settings (CMD, ENTRYPOINT, ENV, USER...). What the program is, is guessed
from ``-o PATH`` in the commands and from CMD/ENTRYPOINT; the draft says so.
"""

from __future__ import annotations

import json
import posixpath
import re

from workbench.core.advisor.advice import Advice, AdviceKind
from workbench.core.advisor.facts import ImageFacts
from workbench.core.dockerfile.edit import replace_lines
from workbench.core.dockerfile.parser import Dockerfile, Instruction, Stage
from workbench.core.units import human_size

_BUILD_TOOLS = re.compile(
    r"\b(?:gcc|g\+\+|clang|make|cmake|build-essential|build-base|golang|go\s+build|cargo|"
    r"rustc|maven|mvn|gradle|javac|npm\s+run\s+build|[\w.+-]+-dev(?:el)?)\b")
_SOURCE_COPY = re.compile(r"\.(?:c|cc|cpp|h|go|rs|java|ts)\b|^\.\s|\s\.\s")
# Image paths that only a build needs.
_BUILD_PATHS = ("usr/include/", "usr/lib/gcc/", "usr/libexec/gcc/", "usr/bin/gcc",
                "usr/local/go/", "root/.cache/", "root/.cargo/", "root/go/pkg/",
                "var/cache/apt/", "var/lib/apt/lists/", "var/cache/apk/", "root/.npm/")
_OUTPUT = re.compile(r"(?:^|\s)(?:-o|--output)(?:\s+|=)(\S+)")
_RUNTIME = ("CMD", "ENTRYPOINT", "ENV", "EXPOSE", "USER", "WORKDIR", "LABEL", "VOLUME",
            "STOPSIGNAL", "HEALTHCHECK")
MIN_BUILD_BYTES = 64 * 1024


def _signals(stage: Stage, facts: ImageFacts | None) -> list[str]:
    found = []
    for instruction in stage.instructions:
        if instruction.keyword == "RUN":
            match = _BUILD_TOOLS.search(instruction.value)
            if match:
                found.append(f"line {instruction.line_start} uses {match.group(0)}")
        elif instruction.keyword in ("COPY", "ADD") and "from" not in instruction.flags \
                and _SOURCE_COPY.search(" " + instruction.value):
            found.append(f"line {instruction.line_start} copies sources")
    if facts and facts.files:
        build_bytes = sum(size for path, size in facts.files.items()
                          if path.startswith(_BUILD_PATHS))
        if build_bytes >= MIN_BUILD_BYTES:
            found.append(f"{human_size(build_bytes)} of headers, compilers or caches in the image")
    return found


def _program_paths(stage: Stage) -> list[str]:
    """Absolute paths the build produces and the container runs, best guess."""
    workdir = "/"
    paths: list[str] = []
    for instruction in stage.instructions:
        if instruction.keyword == "WORKDIR":
            workdir = posixpath.join(workdir, instruction.value.strip())
        elif instruction.keyword == "RUN":
            paths += [posixpath.join(workdir, m) for m in _OUTPUT.findall(instruction.value)]
        elif instruction.keyword in ("CMD", "ENTRYPOINT"):
            paths += _exec_program(instruction, workdir)
    return list(dict.fromkeys(posixpath.normpath(p) for p in paths if p))


def _exec_program(instruction: Instruction, workdir: str) -> list[str]:
    try:
        words = json.loads(instruction.value)
    except ValueError:
        words = instruction.value.split()
    if not isinstance(words, list) or not words or not isinstance(words[0], str):
        return []
    program = words[0]
    if program.startswith("/"):
        return [program] if not program.startswith(("/bin/", "/usr/bin/", "/sbin/")) else []
    return [posixpath.join(workdir, program)] if program.startswith("./") else []


def draft(text: str, dockerfile: Dockerfile) -> tuple[str, list[str]]:
    """(the two-stage Dockerfile, the program paths its COPY --from lines copy)."""
    final = dockerfile.stages[-1]
    programs = _program_paths(final)
    base = final.base
    build_from = f"FROM {base} AS build"
    lines = ["", "# Run stage: only what the program needs at run time. Check the COPY lines:",
             "# they copy what the build stage produced.", f"FROM {base}"]
    if programs:
        lines += [f"COPY --from=build {path} {path}" for path in programs]
    else:
        lines.append("# TODO: copy the built program, e.g. COPY --from=build /app/server /app/")
    lines += [i.raw for i in final.instructions[1:] if i.keyword in _RUNTIME]
    first = final.instructions[0]
    new_text = replace_lines(text, first.line_start, first.line_end, build_from)
    if not new_text.endswith("\n"):
        new_text += "\n"
    return new_text + "\n".join(lines) + "\n", programs


def multi_stage(text: str, dockerfile: Dockerfile,
                facts: ImageFacts | None = None) -> list[Advice]:
    if not dockerfile.stages:
        return []
    final = dockerfile.stages[-1]
    if final.name or any("from" in i.flags for i in final.instructions):
        return []  # already a multi-stage final stage
    signals = _signals(final, facts)
    if not signals:
        return []
    new_text, programs = draft(text, dockerfile)
    note = ("Draft: the run stage copies " + ", ".join(programs) + "; add anything else the "
            "program reads at run time." if programs else
            "Draft: say which built files the run stage copies (the TODO line).")
    return [Advice(
        AdviceKind.MULTI_STAGE,
        "Build in one stage, ship from another",
        "Build-only things end up in the final image (" + "; ".join(signals[:3]) + "): a "
        "separate run stage that copies only the program leaves them behind.",
        (final.line, final.instructions[-1].line_end),
        new_dockerfile=new_text, draft=True, measurable=bool(programs), note=note,
    )]

