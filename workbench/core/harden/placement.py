"""Where a fix puts a new instruction in the final stage."""

from __future__ import annotations

from workbench.core.harden.subject import Subject

# Instructions that only describe how the image runs: a new build step goes before them.
_RUNTIME = {"CMD", "ENTRYPOINT", "EXPOSE", "HEALTHCHECK", "LABEL", "STOPSIGNAL", "USER",
            "VOLUME", "ONBUILD", "SHELL"}


def before_runtime_tail(subject: Subject) -> int:
    """The line to insert before: after the last step that installs files."""
    instructions = subject.final.instructions
    index = len(instructions)
    while index > 1 and instructions[index - 1].keyword in _RUNTIME:
        index -= 1
    if index == len(instructions):
        return instructions[-1].line_end + 1
    return instructions[index].line_start
