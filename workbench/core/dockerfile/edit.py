"""Text edits on a Dockerfile that keep everything else byte for byte.

Advice and variants never rewrite a whole file: they replace the lines of one
instruction, so comments, blank lines and formatting around it survive. Lines are
counted as the builder counts them (split at ``\\n`` only), and replaced lines take the
line end of the last line they replace, so a CRLF file stays CRLF.
"""

from __future__ import annotations

from workbench.core.dockerfile.parser import Instruction, parse


def replace_lines(text: str, start: int, end: int, new: str) -> str:
    """Replace 1-based inclusive lines ``start..end`` with ``new`` (may be several lines)."""
    pieces = text.split("\n")
    lines = [piece + "\n" for piece in pieces[:-1]] + ([pieces[-1]] if pieces[-1] else [])
    last = lines[min(end, len(lines)) - 1] if lines else "\n"
    ending = "\r\n" if last.endswith("\r\n") else "\n" if last.endswith("\n") else ""
    replacement = [] if new == "" else [line + (ending or "\n") for line in new.split("\n")]
    if replacement and not ending:
        replacement[-1] = replacement[-1].removesuffix("\n")
    return "".join(lines[: start - 1] + replacement + lines[end:])


def replace_instruction(text: str, instruction: Instruction, new: str) -> str:
    return replace_lines(text, instruction.line_start, instruction.line_end, new)


def set_base(text: str, base: str, stage: int = -1) -> str:
    """Point one stage's FROM (the last stage by default) at another image.

    The keyword, flags and ``AS`` name keep their spelling; only the image changes.
    """
    dockerfile = parse(text)
    if not dockerfile.stages:
        raise ValueError("The Dockerfile has no FROM instruction.")
    from_instruction = dockerfile.stages[stage].instructions[0]
    keyword = from_instruction.text.split(None, 1)[0]
    flags = [f"--{k}={v}" if v else f"--{k}" for k, v in from_instruction.flags.items()]
    parts = [keyword, *flags, base, *from_instruction.args[1:]]
    return replace_instruction(text, from_instruction, " ".join(parts))
