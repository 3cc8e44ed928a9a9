"""Files one layer writes and a later layer deletes or overwrites (the reclaimable bytes).

Deleting in a later layer only hides a file: its bytes still ship in the layer that
wrote it. When both ends are plain RUNs and the deletion is an ``rm`` of those paths,
the advice moves that ``rm`` into the RUN that created the files.
"""

from __future__ import annotations

from collections import defaultdict

from workbench.core.advisor.advice import Advice, AdviceKind
from workbench.core.advisor.chain import move_segments
from workbench.core.advisor.facts import ImageFacts, Reclaim, layer_instructions
from workbench.core.advisor.shell import covers, is_simple_run, rm_targets, segments
from workbench.core.dockerfile.parser import Dockerfile, Instruction
from workbench.core.units import human_size

MIN_BYTES = 4096  # churn smaller than a disk block is not worth a line of advice


def reclaimable(text: str, dockerfile: Dockerfile, facts: ImageFacts) -> list[Advice]:
    mapping = layer_instructions(dockerfile, facts)
    groups: dict[tuple[int, int, bool], list[Reclaim]] = defaultdict(list)
    for item in facts.reclaim:
        groups[(item.created_in, item.removed_in, item.deleted)].append(item)
    advice = []
    for (created, removed, deleted), items in sorted(
            groups.items(), key=lambda kv: -sum(i.bytes for i in kv[1])):
        size = sum(i.bytes for i in items)
        creator, remover = mapping.get(created), mapping.get(removed)
        if size < MIN_BYTES or creator is None or remover is None:
            continue  # base-image churn or layers the Dockerfile did not make
        advice.append(_advice(text, creator, remover, items, size, deleted))
    return advice


def _advice(text: str, creator: Instruction, remover: Instruction, items: list[Reclaim],
            size: int, deleted: bool) -> Advice:
    example = max(items, key=lambda i: i.bytes).path
    files = f"/{example}" if len(items) == 1 else f"/{example} and {len(items) - 1} more"
    lines = (creator.line_start, remover.line_end)
    if not deleted:
        return Advice(
            AdviceKind.RECLAIMABLE,
            f"{human_size(size)} written on line {creator.line_start}, replaced on line "
            f"{remover.line_start}",
            f"{files} written by line {creator.line_start} is overwritten by line "
            f"{remover.line_start}, so both copies ship: write the final version once.",
            lines, measurable=False, estimated_bytes=size,
            note="Rewrite the two instructions so the file is written only once.")
    why = (f"{files} created by line {creator.line_start} is deleted by line "
           f"{remover.line_start}, but the deletion only hides it: move the cleanup into "
           f"line {creator.line_start}.")
    title = (f"Move the cleanup of {human_size(size)} from line {remover.line_start} into line "
             f"{creator.line_start}")
    moved = [s for s in segments(remover.value) if _removes_any(s, items)]
    if not (is_simple_run(creator) and is_simple_run(remover) and moved):
        note = ("Files added by COPY/ADD cannot be cleaned in the same layer: exclude them "
                "with .dockerignore or copy them in a build stage."
                if creator.keyword in ("COPY", "ADD")
                else "Move the command that deletes these files into that RUN by hand.")
        return Advice(AdviceKind.RECLAIMABLE, title, why, lines, measurable=False,
                      estimated_bytes=size, note=note)
    return Advice(AdviceKind.RECLAIMABLE, title, why, lines,
                  new_dockerfile=move_segments(text, remover, creator, moved),
                  estimated_bytes=size)


def _removes_any(segment: str, items: list[Reclaim]) -> bool:
    targets = rm_targets(segment)
    if not targets:
        return False
    return any(covers(t, item.path) for t in targets for item in items)
