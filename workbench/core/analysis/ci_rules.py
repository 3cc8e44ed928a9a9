"""dive's CI rules (``.dive-ci``) read and evaluated as dive 0.13 does.

dive 0.13 reads ``.dive-ci`` through viper: the file is a YAML document (yaml.v3
typing), keys are matched without regard to case, only ``rules.<name>`` is read and
everything else (``plugins:``, ``plugin1/rule1:``...) is ignored. A rule that is
missing or null takes its default; every value is then turned into a string the way
viper's ``GetString`` does (``0.90`` -> ``"0.9"``, ``1e5`` -> ``"100000"``, a list
-> ``""``) and parsed by the rule:

- ``lowestEfficiency`` (default ``0.9``): a float in 0..1; fails when the efficiency
  is lower.
- ``highestWastedBytes`` (default ``disabled``): a size as go-humanize reads it
  (``20MB``, ``20Mb`` and ``20 mb`` are SI, ``512KiB`` is IEC, a bare number is bytes);
  fails when the wasted bytes are higher.
- ``highestUserWastedPercent`` (default ``0.1``): a float in 0..1; fails when higher
  (NaN, a one-layer image, never fails).

Only the exact word ``disabled`` skips a rule; dive calls ``off``, ``false`` or ``""``
misconfigured (``CiConfigError`` here). These facts were checked against the dive
0.13.1 binary (tests/integration/test_dive_ci_parity.py).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

from workbench.core.errors import WorkbenchError

RULES = ("lowestEfficiency", "highestWastedBytes", "highestUserWastedPercent")
DEFAULTS = {"lowestEfficiency": "0.9", "highestWastedBytes": "disabled",
            "highestUserWastedPercent": "0.1"}
DISABLED = "disabled"


class CiConfigError(WorkbenchError):
    """A ``.dive-ci`` file or threshold that cannot be read."""


@dataclass(slots=True)
class RuleResult:
    name: str
    threshold: str
    status: str  # "pass", "fail" or "skip"
    message: str = ""


# ---------------------------------------------------------------- sizes (go-humanize)

_UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "m": 10**6, "mb": 10**6, "g": 10**9,
          "gb": 10**9, "t": 10**12, "tb": 10**12, "p": 10**15, "pb": 10**15,
          "e": 10**18, "eb": 10**18,
          "ki": 2**10, "kib": 2**10, "mi": 2**20, "mib": 2**20, "gi": 2**30, "gib": 2**30,
          "ti": 2**40, "tib": 2**40, "pi": 2**50, "pib": 2**50, "ei": 2**60, "eib": 2**60}
_NUMBER_PART = re.compile(r"[0-9.,]*")


def parse_bytes(text: str) -> int:
    """go-humanize's ``ParseBytes``: ``20MB`` -> 20000000, ``1KiB`` -> 1024, ``512`` ->
    512, ``60,005`` -> 60005. The number comes first (no sign, no leading space); the
    unit after it is matched without case; the product is truncated to whole bytes."""
    number = _NUMBER_PART.match(text)
    digits = number.group(0) if number else ""
    unit = text[len(digits):].strip().lower()
    value = _go_float(digits.replace(",", ""))
    if value is None or unit not in _UNITS or math.isnan(value):
        raise CiConfigError(f"highestWastedBytes '{text}' is not a size; write it like 20MB, "
                            "512KiB or 1000.")
    total = value * _UNITS[unit]
    if total >= 2.0**64:
        raise CiConfigError(f"'{text}' is too large a size.")
    return int(total)


# ---------------------------------------------------------------- floats (strconv.ParseFloat)

_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_HEX = re.compile(r"[+-]?0[xX](?:[0-9a-fA-F]+(?:\.[0-9a-fA-F]*)?|\.[0-9a-fA-F]+)[pP][+-]?[0-9]+")
_SPECIAL = {"inf": math.inf, "+inf": math.inf, "-inf": -math.inf, "infinity": math.inf,
            "+infinity": math.inf, "-infinity": -math.inf, "nan": math.nan}


def _go_float(text: str) -> float | None:
    """What Go's ``strconv.ParseFloat(text, 64)`` accepts, or None. Stricter than
    Python's ``float``: no surrounding spaces and no digit separators."""
    if _DECIMAL.fullmatch(text):
        return float(text)
    if _HEX.fullmatch(text):
        return float.fromhex(text)
    return _SPECIAL.get(text.lower())


def _parse_ratio(name: str, text: str) -> float:
    value = _go_float(text)
    if value is None:
        raise CiConfigError(f"{name} '{text}' is not a number; give a ratio between 0 and 1 "
                            "or 'disabled'.")
    if value < 0 or value > 1:  # NaN passes both tests, as in dive
        raise CiConfigError(f"{name} {text} is outside the allowed range 0 to 1.")
    return value


# ---------------------------------------------------------------- the file

# yaml.v3's implicit types for a plain scalar (YAML 1.2 core schema plus its 1.1 leftovers).
_V3_NULL = {"", "~", "null", "Null", "NULL"}
_V3_BOOL = {"true": "true", "True": "true", "TRUE": "true",
            "false": "false", "False": "false", "FALSE": "false"}
_V3_INT = re.compile(r"[-+]?(?:0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)")
_V3_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_V3_FLOAT_SPECIAL = {".inf": math.inf, ".Inf": math.inf, ".INF": math.inf,
                     "+.inf": math.inf, "+.Inf": math.inf, "+.INF": math.inf,
                     "-.inf": -math.inf, "-.Inf": -math.inf, "-.INF": -math.inf,
                     ".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan}


def _go_format_float(value: float) -> str:
    """``strconv.FormatFloat(value, 'f', -1, 64)``: shortest digits, never an exponent."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    text = format(Decimal(repr(value)), "f")
    return text[:-2] if text.endswith(".0") else text


def _int_of(text: str) -> int | None:
    plain = text.replace("_", "")
    sign = -1 if plain.startswith("-") else 1
    digits = plain.lstrip("+-")
    try:
        if digits.startswith(("0b", "0x", "0o")):
            return sign * int(digits, 0)
        if len(digits) > 1 and digits.startswith("0"):
            return sign * int(digits, 8)  # yaml.v3 still reads 0777 as octal
        return sign * int(digits)
    except ValueError:
        return None


def _as_viper_string(node: yaml.Node) -> str | None:
    """The value viper's ``GetString`` returns for a rule's node; None for null (the
    default applies)."""
    if not isinstance(node, yaml.ScalarNode):
        return ""  # a list or mapping: viper turns it into an empty string
    value = str(node.value)
    if node.style is not None:  # quoted: a string as written
        return value
    if value in _V3_NULL:
        return None
    if value in _V3_BOOL:
        return _V3_BOOL[value]
    if _V3_INT.fullmatch(value):
        number = _int_of(value)
        if number is not None:
            return str(number)
    if _V3_FLOAT.fullmatch(value):
        return _go_format_float(float(value))
    if value in _V3_FLOAT_SPECIAL:
        return _go_format_float(_V3_FLOAT_SPECIAL[value])
    return value


def _mapping_item(node: yaml.MappingNode, key: str) -> yaml.Node | None:
    """The value under ``key`` (matched without case, as viper does; the first wins)."""
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and str(key_node.value).lower() == key.lower():
            return value_node
    return None


def parse_ci_config(text: str, name: str = ".dive-ci") -> dict[str, str]:
    """The rules a ``.dive-ci`` text sets, as strings; rules it leaves unset are absent."""
    try:
        documents = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError as exc:
        first = str(exc).replace("\n", " ")
        raise CiConfigError(f"{name} is not valid YAML ({first}): fix it or remove it.") \
            from None
    root = documents[0] if documents else None  # yaml.v3 reads the first document only
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise CiConfigError(f"{name} must be a YAML mapping with a 'rules:' section.")
    rules_node = _mapping_item(root, "rules")
    if rules_node is None or (isinstance(rules_node, yaml.ScalarNode)
                              and rules_node.style is None
                              and rules_node.value in _V3_NULL):
        return {}
    values: dict[str, str] = {}
    for rule in RULES:
        node = _mapping_item(rules_node, rule) if isinstance(rules_node, yaml.MappingNode) \
            else None
        if node is None and not isinstance(rules_node, yaml.MappingNode):
            values[rule] = ""  # `rules: 5`: every lookup below it is empty, as in dive
            continue
        value = _as_viper_string(node) if node is not None else None
        if value is not None:
            values[rule] = value
    return values


def read_ci_config(path: Path) -> dict[str, str]:
    """The rules of a ``.dive-ci`` file (see ``parse_ci_config``)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or "not UTF-8 text"
        raise CiConfigError(f"{path}: cannot read the CI rules file ({reason}).") from None
    return parse_ci_config(text, str(path))


# ---------------------------------------------------------------- evaluation

def check_rules(rules: dict[str, str]) -> None:
    """Raise CiConfigError for the first misconfigured rule (dive: "CI Misconfigured")."""
    evaluate(1.0, 0, 0.0, rules)


def evaluate(efficiency: float, wasted_bytes: int, user_wasted_percent: float,
             rules: dict[str, str]) -> list[RuleResult]:
    """Each rule's verdict; values missing from ``rules`` take dive's defaults."""
    merged = {**DEFAULTS, **rules}
    results: list[RuleResult] = []
    problems: list[str] = []  # dive reports every misconfigured rule, not the first
    for name in RULES:
        try:
            results.append(_evaluate_one(name, merged[name], efficiency, wasted_bytes,
                                         user_wasted_percent))
        except CiConfigError as exc:
            problems.append(str(exc).rstrip("."))
    if problems:
        raise CiConfigError("; ".join(problems) + ".")
    return results


def _evaluate_one(name: str, value: str, efficiency: float, wasted_bytes: int,
                  user_wasted_percent: float) -> RuleResult:
    if value == DISABLED:
        return RuleResult(name, value, "skip")
    if name == "lowestEfficiency":
        limit = _parse_ratio(name, value)
        failed = limit > efficiency
        message = f"image efficiency is too low ({efficiency:.4f} < {value})"
    elif name == "highestWastedBytes":
        limit_bytes = parse_bytes(value)
        failed = wasted_bytes > limit_bytes
        message = f"too many bytes wasted ({wasted_bytes} > {limit_bytes})"
    else:
        limit = _parse_ratio(name, value)
        failed = user_wasted_percent > limit  # False for NaN
        message = (f"too many bytes wasted relative to the bytes the user layers add "
                   f"({user_wasted_percent:.4f} > {value})")
    return RuleResult(name, value, "fail" if failed else "pass", message if failed else "")
