"""Fewer layers: consecutive RUNs chained with ``&&`` (article §3.3.1).

Chained, they make one layer instead of several, and a later command's cleanup then
shrinks the files an earlier command made instead of only hiding them.
"""

from __future__ import annotations

import re

from workbench.core.advisor.advice import Advice, AdviceKind
from workbench.core.advisor.shell import is_simple_run, run_text, segments
from workbench.core.dockerfile.edit import replace_lines
from workbench.core.dockerfile.parser import Dockerfile, Instruction

# Commands whose effect would leak into the next command once RUNs are chained.
_STATEFUL = re.compile(r"(?:^|[;&|(]\s*)(?:cd|export|set|umask|unset|source|\.)\s")


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
