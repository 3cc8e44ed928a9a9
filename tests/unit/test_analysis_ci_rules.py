"""dive's CI rules: defaults, disabled values, sizes, the .dive-ci file read as dive 0.13 reads it.

The values here were checked one by one against the dive 0.13.1 binary; the engine test
tests/integration/test_dive_ci_parity.py runs the real dive on the same files.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from workbench.core.analysis.ci_rules import (
    CiConfigError,
    evaluate,
    parse_bytes,
    parse_ci_config,
    read_ci_config,
)

DIVE_EXAMPLE = """---
plugins:
  - plugin1

rules:
  # If the efficiency is measured below X%, mark as failed.
  lowestEfficiency: 0.95

  # If the amount of wasted space is at least X or larger than X, mark as failed.
  highestWastedBytes: 20MB

  # If the amount of wasted space makes up for X% or more of the image, mark as failed.
  highestUserWastedPercent: 0.20

  plugin1/rule1: error
"""


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


def test_nan_user_percent_never_fails_and_inf_does() -> None:
    assert verdicts(1.0, 0, math.nan, {})["highestUserWastedPercent"] == "pass"
    assert verdicts(1.0, 0, math.inf, {})["highestUserWastedPercent"] == "fail"


def test_only_the_word_disabled_skips() -> None:
    assert verdicts(0.0, 10**12, 5.0, {"lowestEfficiency": "disabled"})[
        "lowestEfficiency"] == "skip"
    # dive 0.13.1 calls all of these misconfigured.
    for value in ("off", "false", "", "Disabled", " disabled"):
        with pytest.raises(CiConfigError):
            evaluate(1.0, 0, 0.0, {"lowestEfficiency": value})


def test_dive_evaluator_cases() -> None:
    # dive's evaluator test, on numbers like its test image's (efficiency 0.98,
    # 32 kB wasted, user wasted 0.48).
    def case(eff: str, wasted: str, user: str) -> dict[str, str]:
        return verdicts(0.98, 32_000, 0.48, {"lowestEfficiency": eff,
                                             "highestWastedBytes": wasted,
                                             "highestUserWastedPercent": user})
    assert set(case("0.99", "1B", "0.01").values()) == {"fail"}
    assert set(case("0.9", "50kB", "0.5").values()) == {"pass"}
    assert set(case("disabled", "disabled", "disabled").values()) == {"skip"}
    assert case("0.9", "1B", "0.5") == {"lowestEfficiency": "pass", "highestWastedBytes": "fail",
                                        "highestUserWastedPercent": "pass"}


@pytest.mark.parametrize(("eff", "wasted", "user"), [
    ("1.1", "50kB", "0.5"), ("-0.1", "50kB", "0.5"), ("not_a_number", "50kB", "0.5"),
    ("0.9", "not_a_size", "0.5"), ("0.9", "50kB", "1.1"), ("0.9", "50kB", "-0.1"),
    ("0.9", "50kB", "not_a_number")])
def test_dive_misconfiguration_cases(eff: str, wasted: str, user: str) -> None:
    with pytest.raises(CiConfigError):
        evaluate(1.0, 0, 0.0, {"lowestEfficiency": eff, "highestWastedBytes": wasted,
                               "highestUserWastedPercent": user})


def test_every_misconfigured_rule_is_named() -> None:
    with pytest.raises(CiConfigError) as caught:
        evaluate(1.0, 0, 0.0, {"lowestEfficiency": "high", "highestUserWastedPercent": "2"})
    assert "lowestEfficiency 'high'" in str(caught.value)
    assert "highestUserWastedPercent 2" in str(caught.value)


def test_sizes_as_go_humanize_reads_them() -> None:
    assert parse_bytes("20MB") == 20_000_000
    assert parse_bytes("20Mb") == 20_000_000  # no bits: any case of a unit is bytes
    assert parse_bytes("20 mib") == 20 * 2**20
    assert parse_bytes("512KiB") == 512 * 1024
    assert parse_bytes("1.5GB") == 1_500_000_000
    assert parse_bytes("512") == 512
    assert parse_bytes("60,005") == 60005
    assert parse_bytes("58.6 KiB") == 60006  # truncated
    assert parse_bytes("1EiB") == 2**60
    for bad in ("lots", " 20MB", "-1", "1e5", "", "20 MBs"):
        with pytest.raises(CiConfigError):
            parse_bytes(bad)
    rules = {"highestWastedBytes": "20MB"}
    assert verdicts(1, 20_000_000, 0, rules)["highestWastedBytes"] == "pass"
    assert verdicts(1, 20_000_001, 0, rules)["highestWastedBytes"] == "fail"


def test_ratios_as_go_parse_float_reads_them() -> None:
    assert verdicts(0.6, 0, 0, {"lowestEfficiency": "0x1p-1"})["lowestEfficiency"] == "pass"
    assert verdicts(0.4, 0, 0, {"lowestEfficiency": "0x1p-1"})["lowestEfficiency"] == "fail"
    assert verdicts(0.0, 0, 1.0, {"highestUserWastedPercent": "NaN"})[
        "highestUserWastedPercent"] == "pass"
    for bad in ("1_0", " 0.5", "0.5 ", "inf"):
        with pytest.raises(CiConfigError):
            evaluate(1.0, 0, 0.0, {"lowestEfficiency": bad})


def test_dive_example_file_reads() -> None:
    assert parse_ci_config(DIVE_EXAMPLE) == {
        "lowestEfficiency": "0.95", "highestWastedBytes": "20MB",
        "highestUserWastedPercent": "0.2"}


def test_values_become_strings_as_viper_makes_them() -> None:
    text = ("Rules:\n  LowestEfficiency: 9.7e-1\n  highestwastedbytes: 1e5\n"
            "  highestUserWastedPercent: .nan\n")
    assert parse_ci_config(text) == {"lowestEfficiency": "0.97",
                                     "highestWastedBytes": "100000",
                                     "highestUserWastedPercent": "NaN"}
    assert parse_ci_config("rules:\n  highestWastedBytes: 1_000_000\n") == {
        "highestWastedBytes": "1000000"}
    assert parse_ci_config("rules:\n  lowestEfficiency: 1_0\n") == {"lowestEfficiency": "10"}
    # yaml.v3 has no YAML 1.1 booleans: off and no stay words, true becomes "true".
    assert parse_ci_config("rules:\n  lowestEfficiency: off\n  highestWastedBytes: true\n"
                           "  highestUserWastedPercent: no\n") == {
        "lowestEfficiency": "off", "highestWastedBytes": "true",
        "highestUserWastedPercent": "no"}
    assert parse_ci_config('rules:\n  lowestEfficiency: " 0.5"\n') == {
        "lowestEfficiency": " 0.5"}


def test_missing_null_and_odd_shapes() -> None:
    assert parse_ci_config("") == {}
    assert parse_ci_config("lowestEfficiency: 0.99\n") == {}  # top level: not read
    assert parse_ci_config("rules:\n  lowestEfficiency:\n  highestWastedBytes: ~\n") == {}
    assert parse_ci_config("rules:\n  lowestEfficiency: [1]\n") == {"lowestEfficiency": ""}
    assert parse_ci_config("rules: 5\n") == dict.fromkeys(
        ("lowestEfficiency", "highestWastedBytes", "highestUserWastedPercent"), "")
    # Only the first document counts.
    assert parse_ci_config("rules:\n  lowestEfficiency: 0.5\n---\nrules: 3\n") == {
        "lowestEfficiency": "0.5"}


def test_broken_files_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(CiConfigError, match="not valid YAML"):
        parse_ci_config("rules: [1,2\n")
    with pytest.raises(CiConfigError, match="must be a YAML mapping"):
        parse_ci_config("- a\n- b\n")
    with pytest.raises(CiConfigError, match="cannot read"):
        read_ci_config(tmp_path / "missing")
    path = tmp_path / ".dive-ci"
    path.write_text(DIVE_EXAMPLE)
    assert read_ci_config(path)["lowestEfficiency"] == "0.95"
