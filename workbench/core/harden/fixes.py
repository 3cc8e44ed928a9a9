"""Fixes as pure text edits on the Dockerfile, so a window can apply one as one undo step.

An edit replaces the 1-based lines ``start..end``; ``end == start - 1`` inserts before
``start``. Everything outside the edited lines stays byte for byte.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class LineEdit:
    start: int
    end: int  # start - 1 for an insertion
    new: tuple[str, ...]  # replacement lines, without line endings
    last: bool = False  # among insertions at one point, goes after the others (USER)


@dataclass(slots=True)
class Fix:
    summary: str
    edits: list[LineEdit] = field(default_factory=list)
    safe: bool = True  # changes no behaviour of the image's program
    file: str = "Dockerfile"  # "Dockerfile", or ".dockerignore" in the context

    def apply(self, text: str) -> str:
        return apply_edits(text, self.edits)

    def diff(self, text: str, name: str = "Dockerfile") -> str:
        return unified_diff(text, self.apply(text), name)


def _overlaps(a: LineEdit, b: LineEdit) -> bool:
    if a.end < a.start or b.end < b.start:  # insertions only clash with a replaced span
        point, other = (a, b) if a.end < a.start else (b, a)
        return other.end >= other.start and other.start < point.start <= other.end
    return a.start <= b.end and b.start <= a.end


def apply_edits(text: str, edits: list[LineEdit]) -> str:
    lines = text.splitlines(keepends=True)
    ending = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += ending  # so text inserted after the last line starts on a new one
        trailing_added = True
    else:
        trailing_added = False
    # From the bottom up, so earlier line numbers stay valid; insertions at one point
    # keep the order they were given in, except that ``last`` ones go below: a strip
    # step must still run as root, before the USER that a user fix adds. A replaced span
    # that starts at an insertion point is replaced first, so the insertion lands above
    # what follows the span rather than being swallowed by it.
    order = sorted(range(len(edits)),
                   key=lambda i: (edits[i].start, edits[i].end >= edits[i].start,
                                  edits[i].last, i),
                   reverse=True)
    for index in order:
        edit = edits[index]
        new = [line + ending for line in edit.new]
        lines[edit.start - 1 : max(edit.end, edit.start - 1)] = new
    result = "".join(lines)
    if trailing_added and result.endswith(ending):
        result = result[: -len(ending)]
    return result


def combine(fixes: list[Fix]) -> tuple[list[Fix], list[Fix]]:
    """The fixes that can go in together (in order) and those that clash with one before."""
    taken: list[Fix] = []
    clashing: list[Fix] = []
    for fix in fixes:
        mine = [e for f in taken for e in f.edits]
        if any(_overlaps(a, b) for a in fix.edits for b in mine):
            clashing.append(fix)
        else:
            taken.append(fix)
    return taken, clashing


def apply_fixes(text: str, fixes: list[Fix]) -> tuple[str, list[Fix], list[Fix]]:
    """Apply every fix that does not clash; returns (new text, applied, left for a rerun)."""
    taken, clashing = combine(fixes)
    return apply_edits(text, [e for f in taken for e in f.edits]), taken, clashing


def unified_diff(old: str, new: str, name: str = "Dockerfile") -> str:
    return "".join(difflib.unified_diff(old.splitlines(keepends=True),
                                        new.splitlines(keepends=True),
                                        fromfile=f"a/{name}", tofile=f"b/{name}"))
