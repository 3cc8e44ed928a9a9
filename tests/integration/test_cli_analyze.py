"""``workbench analyze | layers | files`` end to end: a real image, the real entry point."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from workbench.core.analysis.analyze import analyze
from workbench.core.image.open import open_image
from workbench.core.labels import labels

pytestmark = pytest.mark.engine

DOCKERFILE = (
    "FROM busybox:latest\n"
    "RUN mkdir -p /data/cache && head -c 50000 /dev/urandom > /data/big"
    " && head -c 3000 /dev/urandom > /data/cache/c && echo keep > /data/keep\n"
    "ENV MODE=test\n"
    "RUN rm -rf /data/cache && rm /data/big && chmod 600 /data/keep\n"
    "LABEL stage=final\n"
)


def run_cli(*args: str, cwd: Path | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbench", *args], cwd=cwd,
                          env={**os.environ, **(env or {})}, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture
def image(build_image) -> str:
    return build_image(DOCKERFILE)


def test_analyze_text_and_json_agree_with_the_core(image: str, docker_client) -> None:
    core = analyze(open_image(f"docker://{image}", client=docker_client))
    text = run_cli("analyze", image)
    assert text.returncode == 0, text.stderr
    assert "Efficiency:" in text.stdout and "Reclaimable bytes:" in text.stdout
    assert "/data/big" in text.stdout  # the top inefficient file is listed
    proc = run_cli("analyze", image, "--json", "-")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    m = core.metrics
    assert doc["efficiency"] == m.efficiency
    # dive's rules: /data/big seen twice (50000 + a 0-byte whiteout), /data/keep twice
    # (5 + 5); /data/cache is a leaf only where it is deleted, so it counts once.
    assert doc["wasted_bytes"] == m.wasted_bytes == 50000 + 5 + 5
    assert doc["user_wasted_percent"] == m.user_wasted_percent
    assert doc["reclaimable_bytes"] == m.reclaimable_bytes
    assert doc["size_bytes"] == core.size_bytes
    assert [x["diff_id"] for x in doc["layers"]] == [x.diff_id for x in core.layers]
    last = doc["layers"][-1]
    assert last["removed"] == 3 and last["modified"] >= 1  # cache, cache/c, big; keep chmod
    assert {"path": "/data/big", "count": 2, "size": 50000} in [
        {k: f[k] for k in ("path", "count", "size")} for f in doc["inefficient_files"]]


def test_reclaimable_equals_what_flattening_saves(image: str, docker_client,
                                                  tmp_path: Path) -> None:
    core = analyze(open_image(f"docker://{image}", client=docker_client))
    carried = sum(layer.size_bytes for layer in core.layers)
    container = docker_client.containers.create(image, labels=labels("test"))
    try:
        exported = tmp_path / "flat.tar"
        with exported.open("wb") as out:
            for chunk in container.export():
                out.write(chunk)
    finally:
        container.remove(force=True)
    with tarfile.open(exported) as flat:
        flat_size = sum(m.size for m in flat if m.isreg())
    assert core.metrics.reclaimable_bytes == carried - flat_size
    assert core.metrics.reclaimable_bytes >= 53000  # big and the cache file at least
    big = next(r for r in core.metrics.reclaimable if r.path == "data/big")
    assert (big.bytes, big.created_in, big.deleted_in) == (50000, [2], [3])


def test_ci_rules_from_file_and_flags(image: str, tmp_path: Path) -> None:
    (tmp_path / ".dive-ci").write_text(
        "rules:\n  lowestEfficiency: 0.999999\n  highestWastedBytes: 1KB\n"
        "  highestUserWastedPercent: disabled\n")
    failed = run_cli("analyze", image, "--ci", cwd=tmp_path)
    assert failed.returncode == 1
    lines = [ln for ln in failed.stderr.splitlines() if "CI rule" in ln]
    assert len(lines) == 2 and "lowestEfficiency" in lines[0] and "highestWastedBytes" in lines[1]
    passed = run_cli("analyze", image, "--ci", "--lowest-efficiency", "0.1",
                     "--highest-wasted-bytes", "20MB", "--json", "-", cwd=tmp_path)
    assert passed.returncode == 0, passed.stderr
    verdicts = {r["name"]: r["status"] for r in json.loads(passed.stdout)["ci"]["rules"]}
    assert verdicts == {"lowestEfficiency": "pass", "highestWastedBytes": "pass",
                        "highestUserWastedPercent": "skip"}
    # The CI environment variable alone does not switch CI mode on (unlike dive).
    plain = run_cli("analyze", image, cwd=tmp_path, env={"CI": "true"})
    assert plain.returncode == 0 and "CI rules" not in plain.stdout
    bad = run_cli("analyze", image, "--highest-wasted-bytes", "lots", cwd=tmp_path)
    assert bad.returncode == 2 and "lots" in bad.stderr and "Traceback" not in bad.stderr


def test_saved_archive_gives_the_same_report(image: str, docker_client,
                                             tmp_path: Path) -> None:
    archive = tmp_path / "image.tar"
    with archive.open("wb") as out:
        for chunk in docker_client.images.get(image).save(named=True):
            out.write(chunk)
    report = tmp_path / "report.json"
    from_archive = run_cli("analyze", str(archive), "--json", str(report))
    assert from_archive.returncode == 0, from_archive.stderr
    assert "Efficiency:" in from_archive.stdout  # a file target keeps the text summary
    from_engine = json.loads(run_cli("analyze", f"docker://{image}", "--json", "-").stdout)
    doc = json.loads(report.read_text())
    for key in ("efficiency", "wasted_bytes", "user_wasted_percent", "reclaimable_bytes",
                "size_bytes", "inefficient_files", "layers"):
        assert doc[key] == from_engine[key], key


def test_layers_lists_every_history_step(image: str, docker_client) -> None:
    history = docker_client.api.history(image)
    proc = run_cli("layers", image, "--json")
    assert proc.returncode == 0, proc.stderr
    steps = json.loads(proc.stdout)["steps"]
    assert len(steps) == len(history)
    env = next(s for s in steps if s["instruction"] == "ENV")
    assert env["empty_layer"] and env["size_bytes"] == 0 and env["command"] == "ENV MODE=test"
    text = run_cli("layers", image)
    assert text.returncode == 0
    assert len(text.stdout.strip().splitlines()) == len(history) + 1  # a header line
    assert "LABEL stage=final" in text.stdout


def test_files_per_layer_and_aggregated(image: str) -> None:
    proc = run_cli("files", image, "--layer", "-1", "--status", "removed", "--json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)["files"]
    removed = {r["path"] for r in rows if r["status"] == "removed"}
    assert removed == {"/data/cache", "/data/cache/c", "/data/big"}
    merged = run_cli("files", image, "--layer", "2", "--aggregated", "--json")
    paths = {r["path"]: r for r in json.loads(merged.stdout)["files"]}
    assert paths["/data/big"]["status"] == "added" and paths["/data/big"]["layer"] == 2
    assert paths["/bin/busybox"]["status"] == "unchanged" and paths["/bin/busybox"]["layer"] == 0
    text = run_cli("files", image, "--layer", "3", "--filter", "keep$")
    assert text.returncode == 0
    assert "M -rw-------" in text.stdout and "/data/keep" in text.stdout
    wrong = run_cli("files", image, "--layer", "9")
    assert wrong.returncode == 2 and "--layer 9" in wrong.stderr


def test_bad_source_and_missing_engine(tmp_path: Path) -> None:
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"not a tar at all" * 100)
    bad = run_cli("analyze", str(junk))
    assert bad.returncode == 2
    assert len(bad.stderr.strip().splitlines()) == 1 and "Traceback" not in bad.stderr
    with contextlib.suppress(FileNotFoundError):
        (tmp_path / "none.sock").unlink()
    gone = run_cli("analyze", "busybox:latest",
                   env={"DOCKER_HOST": f"unix://{tmp_path / 'none.sock'}"})
    assert gone.returncode == 3, gone.stderr
    assert len(gone.stderr.strip().splitlines()) == 1 and "Traceback" not in gone.stderr
