"""``.dive-ci`` as the real dive 0.13.1 reads it: the same file, the same archive, the same
verdicts and exit codes from dive (``CI=true``) and from ``workbench review``.

The cases are those of dive's own evaluator test (all rules failing, all passing, all
disabled, mixed), its example file, and values whose reading depends on YAML typing.
A misconfigured file is exit 1 for dive and exit 2 (an error) for the workbench.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.engine

DIVE = Path(sys.executable).parent / "dive"

# Efficiency ~0.98, wasted 40 kB, user wasted ~0.4: between the thresholds of dive's
# evaluator cases, so each case comes out as its name says.
DOCKERFILE = (
    "FROM busybox:latest\n"
    "RUN head -c 30000 /dev/urandom > /a && head -c 60000 /dev/urandom > /b\n"
    "RUN head -c 10000 /dev/urandom > /a\n"
)


def _rules(eff: str, wasted: str, user: str) -> str:
    return (f"rules:\n  lowestEfficiency: {eff}\n  highestWastedBytes: {wasted}\n"
            f"  highestUserWastedPercent: {user}\n")


CASES = {
    "allFail": _rules("0.99", "1B", "0.01"),
    "allPass": _rules("0.9", "50kB", "0.5"),
    "allDisabled": _rules("disabled", "disabled", "disabled"),
    "mixedResults": _rules("0.9", "1B", "0.5"),
    "dive-example": ("---\nplugins:\n  - plugin1\n\nrules:\n  lowestEfficiency: 0.95\n"
                     "  highestWastedBytes: 20MB\n  highestUserWastedPercent: 0.20\n\n"
                     "  plugin1/rule1: error\n"),
    "units": _rules("0.97", "39.0625KiB", "0.41"),
    "si-lowercase": _rules("0.97", "40kb", "0.41"),
    "yaml-typed": "Rules:\n  LowestEfficiency: 9.8e-1\n  highestwastedbytes: 4e4\n",
    "defaults-by-null": "rules:\n  lowestEfficiency:\n  highestUserWastedPercent: ~\n",
    "top-level-ignored": "lowestEfficiency: 0.999\nhighestWastedBytes: 1B\n",
    "hex-ratio": _rules("0x1p-1", "disabled", "0x1p-1"),
    "off-is-misconfigured": _rules("off", "disabled", "0.5"),
    "out-of-range": _rules("1.1", "50kB", "0.5"),
    "bad-size": _rules("0.9", "lots", "0.5"),
    "broken-yaml": "rules: [1,2\n",
}


@pytest.fixture(scope="module")
def archive(docker_client, tmp_path_factory: pytest.TempPathFactory) -> Path:
    import uuid

    from workbench.core.labels import labels

    ctx = tmp_path_factory.mktemp("ctx")
    (ctx / "Dockerfile").write_text(DOCKERFILE)
    tag = f"workbench-test-{uuid.uuid4().hex[:10]}:latest"
    docker_client.images.build(path=str(ctx), tag=tag, rm=True, forcerm=True,
                               labels=labels("test"))
    try:
        path = ctx / "image.tar"
        with path.open("wb") as out:
            for chunk in docker_client.images.get(tag).save(named=True):
                out.write(chunk)
    finally:
        docker_client.images.remove(tag, force=True)
    return path


def _dive(archive: Path, config: Path) -> tuple[int, dict[str, str], str]:
    env = {**os.environ, "CI": "true"}
    proc = subprocess.run([str(DIVE), f"docker-archive://{archive}", "--ci-config",
                           str(config)], env=env, capture_output=True, text=True,
                          timeout=300, cwd=config.parent)
    text = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout + proc.stderr)
    statuses = {m.group(2): m.group(1).lower()
                for m in re.finditer(r"^\s+(PASS|FAIL|SKIP|MISCONFIGURED): (\w+)", text, re.M)}
    return proc.returncode, statuses, text


def _review(archive: Path, config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbench", "review", str(archive),
                           "--ci-config", str(config), "--json"],
                          env={**os.environ, "CI": "true"}, capture_output=True, text=True,
                          timeout=300, cwd=config.parent)


@pytest.mark.parametrize("case", list(CASES))
def test_same_verdicts_and_exit_codes_as_dive(case: str, archive: Path,
                                              tmp_path: Path) -> None:
    config = tmp_path / ".dive-ci"
    config.write_text(CASES[case])
    dive_code, dive_statuses, dive_text = _dive(archive, config)
    ours = _review(archive, config)
    assert "Traceback" not in ours.stderr
    if "CI Misconfigured" in dive_text or "configuration error" in dive_text:
        assert dive_code == 1
        assert ours.returncode == 2, ours.stdout + ours.stderr
        assert ours.stderr.count("\n") == 1  # one sentence
        return
    assert ours.returncode == dive_code, (dive_text, ours.stdout, ours.stderr)
    doc = json.loads(ours.stdout)
    mine = {r["rule"]: r["status"] for r in doc["reasons"] if r["kind"] == "dive"}
    assert mine == dive_statuses, dive_text


def test_evaluator_cases_come_out_as_named(archive: Path, tmp_path: Path) -> None:
    """The image really sits between the thresholds (else the parity above proves less)."""
    expected = {"allFail": 1, "allPass": 0, "allDisabled": 0, "mixedResults": 1}
    for case, code in expected.items():
        config = tmp_path / case
        config.mkdir()
        (config / ".dive-ci").write_text(CASES[case])
        assert _review(archive, config / ".dive-ci").returncode == code, case
