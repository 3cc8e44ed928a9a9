"""Check 6: hadolint's findings in the same list, and its configuration honoured.

``.hadolint.yaml`` (read with ``yaml.safe_load``) applies to our findings too: a rule
``ignored`` there, or named in a ``# hadolint ignore=`` pragma on the line before an
instruction, drops every finding carrying that peer id; ``override`` changes severities;
``failure-threshold`` is the default ``--fail-on``. Where hadolint and a check say the
same thing on the same line, one finding carries both ids.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from workbench.core.harden.model import Evidence, Finding, HardenError
from workbench.core.lint import Diagnostic, LintError, run_hadolint

_PRAGMA = re.compile(r"^\s*#\s*hadolint\s+(global\s+)?ignore=([A-Za-z0-9, ]+)")
_OVERRIDE_LEVELS = {"error": "error", "warning": "warning", "info": "info", "style": "info"}


@dataclass(slots=True)
class HadolintConfig:
    path: Path | None = None
    ignored: set[str] = field(default_factory=set)
    override: dict[str, str] = field(default_factory=dict)  # rule -> our severity
    trusted_registries: list[str] = field(default_factory=list)
    failure_threshold: str | None = None  # our severity, None when unset or "none"


def config_paths(project_dir: Path | None) -> list[Path]:
    """hadolint's own search order."""
    home = Path(os.path.expanduser("~"))
    xdg = os.environ.get("XDG_CONFIG_HOME")
    paths = [project_dir / ".hadolint.yaml"] if project_dir else []
    if xdg:
        paths.append(Path(xdg) / "hadolint.yaml")
    return [*paths, home / ".config/hadolint.yaml", home / ".hadolint/hadolint.yaml",
            home / ".hadolint.yaml"]


def read_config(project_dir: Path | None) -> HadolintConfig:
    path = next((p for p in config_paths(project_dir) if p.is_file()), None)
    if path is None:
        return HadolintConfig()
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise HardenError(f"{path} is not valid YAML ({str(exc).splitlines()[0]}): fix it or "
                          "remove it.") from None
    if not isinstance(data, dict):
        raise HardenError(f"{path} must be a mapping of hadolint settings.")
    config = HadolintConfig(path=path, ignored=set(_names(data, "ignored", path)),
                            trusted_registries=_names(data, "trustedRegistries", path))
    override = data.get("override") or {}
    if not isinstance(override, dict):
        raise HardenError(f"{path}: 'override' must map levels (error, warning, info, "
                          "style) to lists of rules.")
    for level, rules in override.items():
        for rule in _names({str(level): rules}, str(level), path, f"override.{level}"):
            config.override[rule] = _OVERRIDE_LEVELS.get(str(level), "warning")
    threshold = str(data.get("failure-threshold") or "")
    config.failure_threshold = _OVERRIDE_LEVELS.get(threshold)
    return config


def _names(data: dict[str, object], key: str, path: Path, shown: str = "") -> list[str]:
    """A list of rule or registry names, or a sentence naming the setting that is not."""
    value = data.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise HardenError(f"{path}: '{shown or key}' must be a list of names.")
    return [str(v) for v in value]


def pragmas(text: str, instruction_lines: list[int]) -> tuple[set[str], dict[int, set[str]]]:
    """(globally ignored rules, line of the next instruction -> rules ignored there)."""
    global_rules: set[str] = set()
    per_line: dict[int, set[str]] = {}
    lines = text.splitlines()
    for number, line in enumerate(lines, 1):
        match = _PRAGMA.match(line)
        if not match:
            continue
        rules = {r.strip() for r in match.group(2).split(",") if r.strip()}
        if match.group(1):
            global_rules |= rules
            continue
        following = next((n for n in sorted(instruction_lines) if n > number), None)
        if following is not None:
            per_line.setdefault(following, set()).update(rules)
    return global_rules, per_line


def _suppressed(finding: Finding, ignored: set[str], per_line: dict[int, set[str]]) -> bool:
    ids = set(finding.peer_ids) | {finding.id}
    if ids & ignored:
        return True
    line = finding.evidence.line
    return line is not None and bool(ids & per_line.get(line, set()))


def _as_finding(diagnostic: Diagnostic) -> Finding:
    severity = _OVERRIDE_LEVELS.get(diagnostic.severity, "warning")
    return Finding(f"IW-HL-{diagnostic.code}", severity, diagnostic.message,
                   f"hadolint {diagnostic.code}: {diagnostic.message.rstrip('.')}.",
                   Evidence(line=diagnostic.line or None), [diagnostic.code], None,
                   ["hadolint"])


def merge(findings: list[Finding], text: str, config: HadolintConfig,
          instruction_lines: list[int], notes: list[str], use_hadolint: bool = True
          ) -> list[Finding]:
    diagnostics: list[Diagnostic] = []
    if use_hadolint:
        try:
            diagnostics = run_hadolint(text, config=config.path).diagnostics
        except LintError as exc:
            notes.append(str(exc))
    merged = list(findings)
    for diagnostic in diagnostics:
        same = next((f for f in merged if diagnostic.code in f.peer_ids and
                     (f.evidence.line in (None, diagnostic.line) or diagnostic.code == "DL3002")),
                    None)
        if same is not None:
            if "hadolint" not in same.sources:
                same.sources.append("hadolint")
            continue
        merged.append(_as_finding(diagnostic))
    global_rules, per_line = pragmas(text, instruction_lines)
    kept = [f for f in merged if not _suppressed(f, config.ignored | global_rules, per_line)]
    for finding in kept:
        for rule in [finding.id, *finding.peer_ids]:
            if rule in config.override:
                finding.severity = config.override[rule]
                break
    return kept
