"""Fewer layers and no package caches: chained RUNs (§3.3.1) and cleanups in the same layer.

A file deleted in a later layer still ships in the layer that created it, so a cache
must be removed by the very RUN that made it; and consecutive RUNs chained with
``&&`` make one layer instead of several.
"""

from __future__ import annotations

import re

from workbench.core.advisor.advice import Advice, AdviceKind
from workbench.core.advisor.shell import (
    is_simple_run,
    manager_of_cleanup,
    manager_of_install,
    run_text,
    segments,
)
from workbench.core.dockerfile.edit import replace_lines
from workbench.core.dockerfile.parser import Dockerfile, Instruction

# Commands whose effect would leak into the next command once RUNs are chained.
_STATEFUL = re.compile(r"(?:^|[;&|(]\s*)(?:cd|export|set|umask|unset|source|\.)\s")
# What to add to an install that never cleans its cache: (segment, flag fix) per manager.
_CLEANUP = {
    "apt": "rm -rf /var/lib/apt/lists/*",
    "npm": "npm cache clean --force",
}
_NO_CACHE_FLAG = {"apk": ("apk add", "apk add --no-cache"),
                  "pip": ("install", "install --no-cache-dir")}


def _isolated(command: str) -> str:
    """Wrap a command in a subshell when chaining could change what later commands see."""
    return f"({command})" if _STATEFUL.search(command) else command


def chained_text(text: str, group: list[Instruction]) -> str:
    commands: list[str] = []
    for index, instruction in enumerate(group):
        value = instruction.value.strip()
        # The last RUN's state cannot leak into anything: it never needs the subshell.
        if index < len(group) - 1 and _STATEFUL.search(value):
            commands.append(f"({value})")
        else:
            commands.extend(segments(value))
    return replace_lines(text, group[0].line_start, group[-1].line_end, run_text(commands))


def chain_runs(text: str, dockerfile: Dockerfile) -> list[Advice]:
    advice = []
    groups: list[list[Instruction]] = []
    current: list[Instruction] = []
    for instruction in dockerfile.instructions:
        if is_simple_run(instruction) and current and current[-1].stage == instruction.stage:
            current.append(instruction)
            continue
        if len(current) > 1:
            groups.append(current)
        current = [instruction] if is_simple_run(instruction) else []
    if len(current) > 1:
        groups.append(current)
    for group in groups:
        first, last = group[0], group[-1]
        advice.append(Advice(
            AdviceKind.CHAIN_RUNS,
            f"Chain {len(group)} consecutive RUN instructions into one",
            f"Each RUN makes its own layer, so chaining these {len(group)} with && makes one "
            "layer and lets a later command's cleanup shrink an earlier command's files.",
            (first.line_start, last.line_end),
            new_dockerfile=chained_text(text, group),
        ))
    return advice


def move_segments(text: str, source: Instruction, target: Instruction,
                  moved: list[str]) -> str:
    """Move ``moved`` segments of the RUN ``source`` to the end of the earlier RUN ``target``.

    The later instruction is edited first so the earlier one's line numbers stay valid;
    a source left with nothing to do is removed.
    """
    remaining = [s for s in segments(source.value) if s not in moved]
    new_source = run_text(remaining) if remaining else ""
    text = replace_lines(text, source.line_start, source.line_end, new_source)
    return replace_lines(text, target.line_start, target.line_end,
                         run_text(segments(target.value) + moved))


def cache_cleanup(text: str, dockerfile: Dockerfile) -> list[Advice]:
    advice = []
    for stage in dockerfile.stages:
        runs = [i for i in stage.instructions if i.keyword == "RUN"]
        cleaned: set[str] = set()
        for later_index, later in enumerate(runs):
            if not is_simple_run(later):
                continue
            for manager in {m for s in segments(later.value) for m in manager_of_cleanup(s)}:
                installs = [r for r in runs[:later_index]
                            if manager in manager_of_install(r.value) and is_simple_run(r)]
                if not installs or manager in manager_of_install(later.value):
                    continue
                target = installs[-1]
                moved = [s for s in segments(later.value) if manager in manager_of_cleanup(s)]
                cleaned.add(manager)
                advice.append(Advice(
                    AdviceKind.CACHE_CLEANUP,
                    f"Clean the {manager} cache in the RUN on line {target.line_start}",
                    f"The {manager} cache removed on line {later.line_start} still ships in "
                    f"the layer of line {target.line_start}: remove it in that same RUN.",
                    (target.line_start, later.line_end),
                    new_dockerfile=move_segments(text, later, target, moved),
                ))
        advice.extend(_never_cleaned(text, runs, cleaned))
    return advice


def _never_cleaned(text: str, runs: list[Instruction], cleaned: set[str]) -> list[Advice]:
    """Installs whose cache is removed nowhere in the stage."""
    advice = []
    for run in runs:
        if not is_simple_run(run):
            continue
        parts = segments(run.value)
        for manager in manager_of_install(run.value):
            if manager in cleaned or any(manager in manager_of_cleanup(s) for s in parts):
                continue
            if manager in _NO_CACHE_FLAG:
                old, new = _NO_CACHE_FLAG[manager]
                if "--no-cache" in run.value:
                    continue
                fixed = [s.replace(old, new, 1) if manager in manager_of_install(s) else s
                         for s in parts]
                if fixed == parts:
                    continue
            else:
                fixed = [*parts, _CLEANUP[manager]]
            new_text = replace_lines(text, run.line_start, run.line_end, run_text(fixed))
            advice.append(Advice(
                AdviceKind.CACHE_CLEANUP,
                f"Leave no {manager} cache behind (line {run.line_start})",
                f"The {manager} download cache made on line {run.line_start} stays in the "
                "image unless the same RUN removes it or never writes it.",
                (run.line_start, run.line_end),
                new_dockerfile=new_text,
            ))
    return advice
