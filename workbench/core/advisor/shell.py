"""Small, conservative readings of shell-form RUN commands.

The advisor only rewrites what it understands: ``&&``-separated segments outside
quotes, ``rm`` segments and the well-known package-manager commands. Anything else
(exec form, heredocs, ``--mount`` flags) is left alone.
"""

from __future__ import annotations

import re
import shlex

from workbench.core.dockerfile.parser import Instruction

# Installs that leave a cache behind unless told not to, and the cleanups that remove it.
INSTALL_PATTERNS: dict[str, re.Pattern[str]] = {
    "apt": re.compile(r"\bapt(?:-get)?\s+(?:-\S+\s+)*(?:install|update)\b"),
    "apk": re.compile(r"\bapk\s+(?:-\S+\s+)*(?:add|update)\b"),
    "pip": re.compile(r"\bpip3?\s+(?:-\S+\s+)*install\b"),
    "npm": re.compile(r"\bnpm\s+(?:-\S+\s+)*(?:install|ci|i)\b"),
}
CLEANUP_PATTERNS: dict[str, re.Pattern[str]] = {
    "apt": re.compile(r"\brm\s+-\S*\s+/var/lib/apt/lists|\bapt(?:-get)?\s+(?:-\S+\s+)*clean\b"
                      r"|\brm\s+-\S*\s+/var/cache/apt"),
    "apk": re.compile(r"\brm\s+-\S*\s+/var/cache/apk|\bapk\s+cache\s+clean\b"),
    "pip": re.compile(r"\bpip3?\s+cache\s+purge\b|\brm\s+-\S*\s+\S*\.cache/pip"),
    "npm": re.compile(r"\bnpm\s+cache\s+clean\b|\brm\s+-\S*\s+\S*\.npm\b"),
}
# Cache directories each manager leaves in the image, for reading image contents.
CACHE_DIRS: dict[str, tuple[str, ...]] = {
    "apt": ("var/lib/apt/lists/", "var/cache/apt/"),
    "apk": ("var/cache/apk/",),
    "pip": ("root/.cache/pip/",),
    "npm": ("root/.npm/",),
}


def is_simple_run(instruction: Instruction) -> bool:
    """A shell-form RUN without flags or heredocs: safe to merge with another."""
    value = instruction.value.strip()
    return (instruction.keyword == "RUN" and not instruction.flags and not instruction.heredocs
            and not value.startswith("[") and not value.endswith(("&", ";", "\\")))


def segments(command: str) -> list[str]:
    """Split on ``&&`` outside quotes; each segment stripped."""
    parts: list[str] = []
    current: list[str] = []
    quote = ""
    index = 0
    while index < len(command):
        char = command[index]
        if quote:
            if char == quote:
                quote = ""
            elif char == "\\" and quote == '"' and index + 1 < len(command):
                current.append(char)
                index += 1
                char = command[index]
        elif char in ("'", '"'):
            quote = char
        elif command.startswith("&&", index):
            parts.append("".join(current).strip())
            current = []
            index += 2
            continue
        current.append(char)
        index += 1
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def rm_targets(segment: str) -> list[str] | None:
    """Paths an ``rm`` segment removes, or None when the segment is not a plain rm."""
    try:
        words = shlex.split(segment)
    except ValueError:
        return None
    if not words or words[0] != "rm":
        return None
    return [w for w in words[1:] if not w.startswith("-")]


def covers(target: str, path: str) -> bool:
    """Does an rm target (maybe with a trailing ``/*`` glob) remove the image path?"""
    target = target.strip().lstrip("/").rstrip("/")
    path = path.lstrip("/")
    if target.endswith("/*"):
        return path.startswith(target[:-1])
    return path == target or path.startswith(target + "/")


def run_text(commands: list[str]) -> str:
    """A RUN instruction chaining ``commands`` with ``&&``, one per line."""
    if len(commands) == 1:
        return f"RUN {commands[0]}"
    return "RUN " + " \\\n    && ".join(commands)


def manager_of_install(command: str) -> list[str]:
    return [name for name, pattern in INSTALL_PATTERNS.items() if pattern.search(command)]


def manager_of_cleanup(segment: str) -> list[str]:
    return [name for name, pattern in CLEANUP_PATTERNS.items() if pattern.search(segment)]
