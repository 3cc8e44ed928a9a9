"""``.dockerignore`` rules, decided by the docker SDK's own ``PatternMatcher``.

The SDK decides with this matcher what it sends as a build context, so the context
report, every build and the advisor's proposals all ask it, and the numbers shown before
a build are the numbers the engine receives. What the SDK does not say is *which*
pattern excluded a path; ``pattern_for`` finds it by asking the same matcher about
each pattern alone.
"""

from __future__ import annotations

from pathlib import Path

from docker.utils.build import PatternMatcher

from workbench.core.errors import WorkbenchError


class IgnoreFileError(WorkbenchError):
    """A ``.dockerignore`` that cannot be read."""


def parse_patterns(text: str) -> list[str]:
    """Patterns of a ``.dockerignore`` text, read as the SDK reads the file: lines
    trimmed, blank lines and ``#`` comments dropped, order kept."""
    return [line for line in (raw.strip() for raw in text.splitlines())
            if line and not line.startswith("#")]


def read_patterns(context_dir: Path) -> list[str]:
    """The context's ``.dockerignore`` patterns; none when the file is absent."""
    path = Path(context_dir) / ".dockerignore"
    try:
        text = path.read_text(errors="replace")
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise IgnoreFileError(f"Cannot read {path} ({exc.strerror}): fix its permissions.") \
            from None
    return parse_patterns(text)


class IgnoreRules:
    """Which context paths (relative, ``/``-separated) a set of patterns keeps out.

    ``always_sent`` names files sent whatever the patterns say: the SDK re-includes the
    Dockerfile (and its matcher the ``.dockerignore``) with a trailing exception pattern.
    """

    def __init__(self, patterns: list[str], always_sent: str | None = None) -> None:
        self.patterns = list(patterns)
        sent = [f"!{always_sent}"] if always_sent else []
        self._matcher = PatternMatcher([*self.patterns, *sent])
        self._singles = [(p, PatternMatcher([p])) for p in self.patterns
                         if not p.startswith("!")]

    def excluded(self, path: str) -> bool:
        return bool(self._matcher.matches(path))

    def pattern_for(self, path: str) -> str | None:
        """The pattern that keeps ``path`` out, or None when it is sent.

        The last matching pattern decides; for an excluded path that is an exclusion,
        so it is the last one that alone matches the path.
        """
        if not self.excluded(path):
            return None
        return next((p for p, alone in reversed(self._singles) if alone.matches(path)), None)

    def may_include_below(self, directory: str) -> bool:
        """Whether the SDK walks into an excluded directory: an exception pattern
        (``!dir/keep``) may re-include something below it. The SDK's own test."""
        return any(p.exclusion and p.cleaned_pattern.startswith(directory)
                   for p in self._matcher.patterns)
