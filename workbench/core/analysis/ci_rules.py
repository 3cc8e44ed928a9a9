"""dive's CI rules (``.dive-ci``) evaluated on an analysis.

Rules and defaults as dive 0.13 has them: ``lowestEfficiency`` 0.9 (fails when the
efficiency is lower), ``highestWastedBytes`` disabled (fails when wasted bytes are
higher; sizes like ``20MB`` or ``1.5GiB``), ``highestUserWastedPercent`` 0.1 (a ratio;
fails when higher). A rule set to ``disabled``, ``off``, ``false`` or nothing is skipped.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from workbench.core.errors import WorkbenchError

RULES = ("lowestEfficiency", "highestWastedBytes", "highestUserWastedPercent")
DEFAULTS = {"lowestEfficiency": "0.9", "highestWastedBytes": "disabled",
            "highestUserWastedPercent": "0.1"}
_DISABLED = {"", "disabled", "off", "false"}


class CiConfigError(WorkbenchError):
    """A ``.dive-ci`` file or threshold that cannot be read."""


@dataclass(slots=True)
class RuleResult:
    name: str
    threshold: str
    status: str  # "pass", "fail" or "skip"
    message: str = ""


# go-humanize's units: SI without "i", IEC with it; a bare number is bytes.
_UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "m": 10**6, "mb": 10**6, "g": 10**9,
          "gb": 10**9, "t": 10**12, "tb": 10**12, "p": 10**15, "pb": 10**15,
          "ki": 2**10, "kib": 2**10, "mi": 2**20, "mib": 2**20, "gi": 2**30, "gib": 2**30,
          "ti": 2**40, "tib": 2**40, "pi": 2**50, "pib": 2**50}
_SIZE = re.compile(r"^\s*([0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)\s*([a-zA-Z]*)\s*$")


def parse_bytes(text: str) -> int:
    """``20MB`` -> 20000000, ``1KiB`` -> 1024, ``512`` -> 512."""
    match = _SIZE.match(text)
    unit = match.group(2).lower() if match else ""
    if not match or unit not in _UNITS:
        raise CiConfigError(f"'{text}' is not a size; write it like 20MB, 512KiB or 1000.")
    return int(float(match.group(1).replace(",", "")) * _UNITS[unit])


def _parse_ratio(name: str, text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise CiConfigError(
            f"{name} '{text}' is not a number; give a ratio between 0 and 1 or 'disabled'."
        ) from None


def read_ci_config(path: Path) -> dict[str, str]:
    """The ``rules`` of a ``.dive-ci`` file (a small YAML mapping)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CiConfigError(f"{path}: cannot read the CI rules file ({exc.strerror}).") from None
    values: dict[str, str] = {}
    in_rules = False
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        key, sep, value = line.strip().partition(":")
        if not sep:
            raise CiConfigError(f"{path}:{number}: expected 'key: value', found '{raw.strip()}'.")
        indented = line[0].isspace()
        if not indented:
            in_rules = key == "rules"
            if not in_rules and key in RULES:  # tolerate rules written at top level
                values[key] = _unquote(value)
            continue
        if in_rules:
            if key not in RULES:
                raise CiConfigError(
                    f"{path}:{number}: unknown rule '{key}'; known rules: {', '.join(RULES)}."
                )
            values[key] = _unquote(value)
    return values


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def evaluate(efficiency: float, wasted_bytes: int, user_wasted_percent: float,
             rules: dict[str, str]) -> list[RuleResult]:
    """Each rule's verdict; values missing from ``rules`` take dive's defaults."""
    merged = {**DEFAULTS, **rules}
    results: list[RuleResult] = []
    for name in RULES:
        value = merged[name].strip()
        if value.lower() in _DISABLED:
            results.append(RuleResult(name, value, "skip"))
            continue
        if name == "lowestEfficiency":
            limit = _parse_ratio(name, value)
            failed = efficiency < limit
            message = f"image efficiency is too low ({efficiency:.4f} < {limit})"
        elif name == "highestWastedBytes":
            limit_bytes = parse_bytes(value)
            failed = wasted_bytes > limit_bytes
            message = f"too many bytes wasted ({wasted_bytes} > {limit_bytes})"
        else:
            limit = _parse_ratio(name, value)
            # NaN (one-layer image) never fails, as in dive.
            failed = not math.isnan(user_wasted_percent) and user_wasted_percent > limit
            message = (f"too many bytes wasted relative to the bytes the user layers add "
                       f"({user_wasted_percent:.4f} > {limit})")
        results.append(RuleResult(name, value, "fail" if failed else "pass",
                                  message if failed else ""))
    return results
