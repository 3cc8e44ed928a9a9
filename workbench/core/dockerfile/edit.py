"""Text edits on a Dockerfile that keep everything else byte for byte.

Advice and variants never rewrite a whole file: they replace the lines of one
instruction, so comments, blank lines and formatting around it survive.
"""

from __future__ import annotations

from workbench.core.dockerfile.parser import Instruction, parse


def replace_lines(text: str, start: int, end: int, new: str) -> str:
    """Replace 1-based inclusive lines ``start..end`` with ``new`` (may be several lines)."""
    lines = text.splitlines(keepends=True)
    ending = "\n" if not lines or lines[min(end, len(lines)) - 1].endswith("\n") else ""
    replacement = [] if new == "" else [line + "\n" for line in new.split("\n")]
    if replacement and not ending:
        replacement[-1] = replacement[-1].rstrip("\n")
    return "".join(lines[: start - 1] + replacement + lines[end:])


def replace_instruction(text: str, instruction: Instruction, new: str) -> str:
    return replace_lines(text, instruction.line_start, instruction.line_end, new)


def set_base(text: str, base: str, stage: int = -1) -> str:
    """Point one stage's FROM (the last stage by default) at another image."""
    dockerfile = parse(text)
    if not dockerfile.stages:
        raise ValueError("The Dockerfile has no FROM instruction.")
    target = dockerfile.stages[stage]
    from_instruction = target.instructions[0]
    parts = ["FROM"]
    if target.platform:
        parts.append(f"--platform={target.platform}")
    parts.append(base)
    if target.name:
        parts += ["AS", target.name]
    return replace_instruction(text, from_instruction, " ".join(parts))
