"""``.dockerignore`` matching with the engine's own rules (moby ``patternmatcher``).

- Lines are trimmed; ``#`` lines and blank lines are skipped; ``!`` starts an exception.
- Each pattern is cleaned like a path (``./a/`` is ``a``, a leading ``/`` is dropped).
- ``*`` and ``?`` never cross ``/``; ``**`` crosses any number of directories.
- A path is excluded when a pattern matches it *or one of its parent directories*.
- Patterns are applied in order; the last one that matches decides.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from workbench.core.errors import WorkbenchError


class IgnoreFileError(WorkbenchError):
    """A ``.dockerignore`` pattern the engine would reject."""


@dataclass(frozen=True, slots=True)
class Pattern:
    text: str  # cleaned pattern, without the ``!``
    exclusion: bool  # True for ``!pattern`` (an exception that re-includes)
    regex: re.Pattern[str]
    line: int = 0

    def matches(self, path: str) -> bool:
        return self.regex.match(path) is not None

    def __str__(self) -> str:
        return ("!" if self.exclusion else "") + self.text


def _compile(pattern: str) -> re.Pattern[str]:
    out = ["^"]
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "*":
            if i + 1 < n and pattern[i + 1] == "*":
                i += 2
                if i < n and pattern[i] == "/":  # "**/" behaves as "**"
                    i += 1
                # "**" at the end accepts everything; elsewhere any number of dirs.
                out.append(".*" if i >= n else "(.*/)?")
                continue
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "\\":
            if i + 1 < n:
                i += 1
                out.append(re.escape(pattern[i]))
            else:
                out.append(r"\\")
        elif ch == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                raise ValueError("unterminated character class")
            body = pattern[i + 1 : end]
            if body.startswith("^"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = end
        else:
            out.append(re.escape(ch))
        i += 1
    out.append("$")
    return re.compile("".join(out), re.DOTALL)


def _clean(pattern: str) -> str:
    cleaned = posixpath.normpath(pattern) if pattern else pattern
    if cleaned.startswith("//"):
        cleaned = "/" + cleaned.lstrip("/")
    if len(cleaned) > 1 and cleaned.startswith("/"):
        cleaned = cleaned[1:]
    return cleaned


def parse_patterns(lines: list[str]) -> list[Pattern]:
    """Patterns from ``.dockerignore`` lines, in order; raises IgnoreFileError when bad."""
    patterns: list[Pattern] = []
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        exclusion = line.startswith("!")
        if exclusion:
            line = line[1:].strip()
        if not line:
            continue
        cleaned = _clean(line)
        try:
            regex = _compile(cleaned)
        except (ValueError, re.error):
            raise IgnoreFileError(
                f".dockerignore line {number} has an illegal pattern {raw.strip()!r}: "
                "fix or remove it."
            ) from None
        patterns.append(Pattern(cleaned, exclusion, regex, number))
    return patterns


def read_ignore_file(context_dir: Path) -> list[Pattern]:
    path = Path(context_dir) / ".dockerignore"
    try:
        text = path.read_text(errors="replace")
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise IgnoreFileError(f"Cannot read {path} ({exc.strerror}): fix its permissions.") \
            from None
    return parse_patterns(text.splitlines())


class Matcher:
    def __init__(self, patterns: list[Pattern]) -> None:
        self.patterns = list(patterns)
        self.has_exceptions = any(p.exclusion for p in self.patterns)

    def decide(self, path: str) -> Pattern | None:
        """The pattern that excludes ``path`` (relative, ``/``-separated), or None."""
        parents = path.split("/")[:-1]
        matched: Pattern | None = None
        for pattern in self.patterns:
            # An include pattern cannot change an already excluded path and an exception
            # cannot change one that is not excluded: skip the work, as moby does.
            if pattern.exclusion != (matched is not None):
                continue
            hit = pattern.matches(path)
            if not hit:
                for depth in range(1, len(parents) + 1):
                    if pattern.matches("/".join(parents[:depth])):
                        hit = True
                        break
            if hit:
                matched = None if pattern.exclusion else pattern
        return matched

    def excluded(self, path: str) -> bool:
        return self.decide(path) is not None

    def may_include_below(self, directory: str) -> bool:
        """Whether an exception could re-include something inside an excluded dir."""
        if not self.has_exceptions:
            return False
        prefix = directory + "/"
        return any(p.exclusion and (p.text + "/").startswith(prefix) for p in self.patterns)
