"""dive's CI rules: defaults, disabled values, sizes, the .dive-ci file."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from workbench.core.analysis.ci_rules import CiConfigError, evaluate, parse_bytes, read_ci_config


def verdicts(eff: float, wasted: int, user: float, rules: dict[str, str]) -> dict[str, str]:
    return {r.name: r.status for r in evaluate(eff, wasted, user, rules)}


def test_defaults_match_dive() -> None:
    assert verdicts(0.95, 10**9, 0.05, {}) == {
        "lowestEfficiency": "pass", "highestWastedBytes": "skip",
        "highestUserWastedPercent": "pass"}
    assert verdicts(0.89, 0, 0.11, {}) == {
        "lowestEfficiency": "fail", "highestWastedBytes": "skip",
        "highestUserWastedPercent": "fail"}
    # Exactly at the threshold passes (dive fails on strictly lower / higher).
    assert verdicts(0.9, 0, 0.1, {})["lowestEfficiency"] == "pass"
    assert verdicts(0.9, 0, 0.1, {})["highestUserWastedPercent"] == "pass"


def test_nan_user_percent_never_fails() -> None:
    assert verdicts(1.0, 0, math.nan, {})["highestUserWastedPercent"] == "pass"


@pytest.mark.parametrize("value", ["disabled", "off", "false", "", "  Disabled "])
def test_disabled_values_skip(value: str) -> None:
    assert verdicts(0.0, 10**12, 5.0, {"lowestEfficiency": value})["lowestEfficiency"] == "skip"


def test_wasted_bytes_sizes() -> None:
    assert parse_bytes("20MB") == 20_000_000
    assert parse_bytes("20 mib") == 20 * 2**20
    assert parse_bytes("1.5GB") == 1_500_000_000
    assert parse_bytes("512") == 512
    assert parse_bytes("1KiB") == 1024
    with pytest.raises(CiConfigError):
        parse_bytes("lots")
    rules = {"highestWastedBytes": "20MB"}
    assert verdicts(1, 20_000_000, 0, rules)["highestWastedBytes"] == "pass"
    assert verdicts(1, 20_000_001, 0, rules)["highestWastedBytes"] == "fail"


def test_bad_ratio_is_a_clear_error() -> None:
    with pytest.raises(CiConfigError, match="lowestEfficiency 'high'"):
        evaluate(1.0, 0, 0.0, {"lowestEfficiency": "high"})


def test_reads_a_dive_ci_file(tmp_path: Path) -> None:
    path = tmp_path / ".dive-ci"
    path.write_text("# CI rules\nrules:\n  lowestEfficiency: 0.95  # strict\n"
                    "  highestWastedBytes: \"20MB\"\n  highestUserWastedPercent: disabled\n")
    assert read_ci_config(path) == {"lowestEfficiency": "0.95", "highestWastedBytes": "20MB",
                                    "highestUserWastedPercent": "disabled"}
    path.write_text("rules:\n  lowestEficiency: 0.95\n")
    with pytest.raises(CiConfigError, match="unknown rule 'lowestEficiency'"):
        read_ci_config(path)
    with pytest.raises(CiConfigError, match="cannot read"):
        read_ci_config(tmp_path / "missing")
