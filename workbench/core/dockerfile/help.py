"""Hover help and completion data for Dockerfile instructions and their flags.

Written for the editor's tooltips: one line of syntax, one or two sentences of what the
instruction does to the image (layer or metadata only), and the flags it accepts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class InstructionHelp:
    keyword: str
    syntax: str
    summary: str
    makes_layer: bool
    flags: dict[str, str] = field(default_factory=dict)


_CHOWN = "--chown=user:group sets the owner of the copied files."
_CHMOD = "--chmod=0755 sets the mode of the copied files."
_LINK = "--link copies into an independent layer that survives base-image changes (BuildKit)."

INSTRUCTIONS: dict[str, InstructionHelp] = {h.keyword: h for h in (
    InstructionHelp("FROM", "FROM [--platform=<platform>] <image>[:<tag>][@<digest>] [AS <name>]",
                    "Starts a build stage on top of a base image; its layers come first.",
                    False, {"--platform": "--platform=linux/amd64 picks the base for a platform."}),
    InstructionHelp("RUN", "RUN <command>  |  RUN [\"executable\", \"arg\"]",
                    "Runs a command in a container and commits the filesystem changes as a "
                    "new layer; chain commands with && so clean-up lands in the same layer.",
                    True, {"--mount": "--mount=type=cache,target=/root/.cache mounts a cache "
                           "or secret that stays out of the layer (BuildKit).",
                           "--network": "--network=none|host|default sets the step's network "
                           "(BuildKit).",
                           "--security": "--security=insecure|sandbox (BuildKit, labs)."}),
    InstructionHelp("CMD", "CMD [\"executable\", \"arg\"]  |  CMD command arg",
                    "Default command of containers made from the image (metadata only).", False),
    InstructionHelp("LABEL", "LABEL <key>=<value> ...",
                    "Adds metadata to the image config; no layer.", False),
    InstructionHelp("MAINTAINER", "MAINTAINER <name>",
                    "Deprecated: use LABEL org.opencontainers.image.authors=... instead.", False),
    InstructionHelp("EXPOSE", "EXPOSE <port>[/<protocol>] ...",
                    "Documents the ports the container listens on (metadata only).", False),
    InstructionHelp("ENV", "ENV <key>=<value> ...",
                    "Sets environment variables for later steps and for containers; no layer, "
                    "but the values stay visible in the image config.", False),
    InstructionHelp("ADD", "ADD [--chown=..] [--chmod=..] <src>... <dest>",
                    "Copies files, URLs or local tar archives (auto-extracted) into a new "
                    "layer; prefer COPY unless extraction or a URL is needed.", True,
                    {"--chown": _CHOWN, "--chmod": _CHMOD, "--link": _LINK,
                     "--checksum": "--checksum=sha256:... verifies a remote source.",
                     "--keep-git-dir": "--keep-git-dir=true keeps .git of a git source."}),
    InstructionHelp("COPY", "COPY [--from=<stage>] [--chown=..] [--chmod=..] <src>... <dest>",
                    "Copies files from the build context or another stage into a new layer.",
                    True, {"--from": "--from=<stage|image> copies out of an earlier stage "
                           "or an image (multi-stage builds).",
                           "--chown": _CHOWN, "--chmod": _CHMOD, "--link": _LINK}),
    InstructionHelp("ENTRYPOINT", "ENTRYPOINT [\"executable\", \"arg\"]",
                    "The executable containers run; CMD becomes its default arguments.", False),
    InstructionHelp("VOLUME", "VOLUME [\"/data\"]",
                    "Marks a path as a volume; later changes to it in the build are discarded.",
                    False),
    InstructionHelp("USER", "USER <user>[:<group>]",
                    "User for later RUN steps and for containers; run as non-root to harden.",
                    False),
    InstructionHelp("WORKDIR", "WORKDIR <path>",
                    "Sets (and creates) the working directory for later steps.", True),
    InstructionHelp("ARG", "ARG <name>[=<default>]",
                    "A build-time variable (--build-arg); not kept in the final config but "
                    "visible in the image history when used by RUN.", False),
    InstructionHelp("ONBUILD", "ONBUILD <INSTRUCTION>",
                    "Registers an instruction that runs when another build uses this image "
                    "as its base.", False),
    InstructionHelp("STOPSIGNAL", "STOPSIGNAL <signal>",
                    "Signal sent to stop the container (metadata only).", False),
    InstructionHelp("HEALTHCHECK", "HEALTHCHECK [options] CMD <command>  |  HEALTHCHECK NONE",
                    "How the engine tests that a container still works (metadata only).", False,
                    {"--interval": "--interval=30s time between checks.",
                     "--timeout": "--timeout=30s a check slower than this fails.",
                     "--start-period": "--start-period=0s grace time after start.",
                     "--start-interval": "--start-interval=5s interval during start-up.",
                     "--retries": "--retries=3 consecutive failures before 'unhealthy'."}),
    InstructionHelp("SHELL", "SHELL [\"executable\", \"parameters\"]",
                    "Shell used by the shell form of later RUN, CMD and ENTRYPOINT.", False),
)}

_LINE_START = re.compile(r"^\s*(?:ONBUILD\s+)?([A-Za-z]+)")


def help_for(keyword: str) -> InstructionHelp | None:
    return INSTRUCTIONS.get(keyword.upper())


def hover_text(line: str, column: int) -> str | None:
    """Tooltip for the word under ``column`` (0-based) of a Dockerfile line, if any."""
    match = _LINE_START.match(line)
    if not match:
        return None
    info = help_for(match.group(1))
    if info is None:
        return None
    if match.start(1) <= column <= match.end(1):
        kind = "makes a layer" if info.makes_layer else "no layer"
        return f"{info.syntax}\n\n{info.summary} ({kind})"
    for flag_match in re.finditer(r"--[a-z-]+", line):
        if flag_match.start() <= column <= flag_match.end():
            return info.flags.get(flag_match.group(0))
    return None


def completions(line_prefix: str) -> list[str]:
    """What may be typed at the end of ``line_prefix`` (the text before the word being
    typed): instruction keywords at a line start, the instruction's flags after it."""
    text = line_prefix.lstrip()
    if re.fullmatch(r"[A-Za-z]*", text):
        return sorted(INSTRUCTIONS)
    match = _LINE_START.match(text)
    info = help_for(match.group(1)) if match else None
    if info is None:
        return []
    return sorted(f"{flag}=" if flag != "--link" else flag for flag in info.flags)
