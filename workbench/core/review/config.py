"""``.workbench-review.yaml``: the review's own settings, beside ``.dive-ci``.

A small YAML mapping, checked with a JSON schema (docs/review.md)::

    budgets:               # every budget is optional; a missing one is not checked
      max-size: 250MB      # the image's size (sum of its layers), sizes as in .dive-ci
      max-layers: 15
      max-wasted: 10MB     # dive's wasted bytes
      max-reclaimable: 20MB  # what squashing would save
    hardening:
      fail-on: error       # lowest hardening severity that fails: error|warning|info|none

hadolint's own findings fail at the ``failure-threshold`` of ``.hadolint.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from workbench.core.analysis.ci_rules import CiConfigError, parse_bytes
from workbench.core.errors import WorkbenchError

FILE_NAME = ".workbench-review.yaml"
_SIZE = {"oneOf": [{"type": "integer", "minimum": 0}, {"type": "string", "minLength": 1}]}
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "budgets": {
            "type": ["object", "null"],
            "additionalProperties": False,
            "properties": {
                "max-size": _SIZE,
                "max-layers": {"type": "integer", "minimum": 0},
                "max-wasted": _SIZE,
                "max-reclaimable": _SIZE,
            },
        },
        "hardening": {
            "type": ["object", "null"],
            "additionalProperties": False,
            "properties": {"fail-on": {"enum": ["error", "warning", "info", "none"]}},
        },
    },
}
BUDGETS = ("max-size", "max-layers", "max-wasted", "max-reclaimable")


class ReviewConfigError(WorkbenchError):
    """A ``.workbench-review.yaml`` that cannot be used."""


@dataclass(slots=True)
class ReviewConfig:
    path: Path | None = None
    budgets: dict[str, int] = field(default_factory=dict)  # budget name -> limit
    fail_on: str = "error"  # hardening severity that fails; "none" never fails


def parse_review_config(text: str, name: str = FILE_NAME) -> ReviewConfig:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        first = str(exc).replace("\n", " ")
        raise ReviewConfigError(f"{name} is not valid YAML ({first}).") from None
    data = data if data is not None else {}
    import jsonschema  # ~30 ms to import; only a budgets file needs it

    try:
        jsonschema.validate(data, SCHEMA)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "the top level"
        raise ReviewConfigError(f"{name}: {where}: {exc.message}; see docs/review.md for "
                                "the keys it may hold.") from None
    config = ReviewConfig()
    for key, value in (data.get("budgets") or {}).items():
        if key == "max-layers":
            config.budgets[key] = int(value)
            continue
        try:
            config.budgets[key] = value if isinstance(value, int) else parse_bytes(str(value))
        except CiConfigError:
            raise ReviewConfigError(f"{name}: budgets/{key}: '{value}' is not a size; write "
                                    "it like 20MB, 512KiB or 1000.") from None
    config.fail_on = str((data.get("hardening") or {}).get("fail-on", "error"))
    return config


def read_review_config(path: Path, *, required: bool = False) -> ReviewConfig:
    """The settings in ``path``; defaults when it does not exist and is not ``required``."""
    if not path.is_file():
        if required:
            raise ReviewConfigError(f"There is no review settings file at {path}.")
        return ReviewConfig()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or "not UTF-8 text"
        raise ReviewConfigError(f"{path}: cannot read the review settings ({reason}).") \
            from None
    config = parse_review_config(text, str(path))
    config.path = path
    return config
