"""Reading Dockerfile instructions back out of history ``created_by`` strings.

The classic builder writes ``/bin/sh -c #(nop)  ENV A=b`` for metadata steps and
``/bin/sh -c apt-get ...`` (or ``|2 A=1 B=2 /bin/sh -c ...`` with build args) for RUN;
BuildKit writes ``RUN /bin/sh -c ... # buildkit`` and ``COPY . . # buildkit``.
"""

from __future__ import annotations

import re

INSTRUCTIONS = (
    "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK",
    "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME",
    "WORKDIR",
)  # fmt: skip

_NOP = re.compile(r"#\(nop\)\s*(\w+)")
_ARGS_PREFIX = re.compile(r"^\|\d+\s+(?:\S+=\S*\s+)*")
_SHELL_PREFIX = re.compile(r"^(?:/bin/sh|/bin/bash|sh|bash|cmd|/bin/ash)\s+-c\s+")


def instruction_of(created_by: str) -> str:
    """The instruction keyword, ``RUN`` for a plain shell command, ``""`` when empty."""
    text = created_by.strip()
    if not text:
        return ""
    nop = _NOP.search(text)
    if nop:
        word = nop.group(1).upper()
        return word
    first = text.split(None, 1)[0].upper()
    if first in INSTRUCTIONS:
        return first
    return "RUN"


def display_command(created_by: str) -> str:
    """A human reading of ``created_by``: ``ENV A=b``, ``RUN apt-get ...``."""
    text = created_by.strip()
    if text.endswith("# buildkit"):
        text = text[: -len("# buildkit")].rstrip()
    nop = _NOP.search(text)
    if nop:
        return text[nop.start(1) :].strip()
    first = text.split(None, 1)[0].upper() if text else ""
    if first in INSTRUCTIONS and first != "RUN":
        return text
    body = text[4:] if first == "RUN" else text
    body = _ARGS_PREFIX.sub("", body.strip())
    body = _SHELL_PREFIX.sub("", body)
    return f"RUN {body}".strip()
