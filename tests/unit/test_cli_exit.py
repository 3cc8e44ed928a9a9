"""The ``workbench`` program's exit, checked in real processes: the exit status, every
byte of output (piped, so buffered), and the layer scans stored in the cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.unit.test_image_builders import legacy_archive, sample_layers


def workbench(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True,
                          text=True, timeout=120,
                          env={**os.environ, "WORKBENCH_CACHE_DIR": str(cache)})


def test_exit_status_output_and_cache_reach_the_caller(tmp_path: Path) -> None:
    archive = tmp_path / "image.tar"
    archive.write_bytes(legacy_archive(sample_layers()))
    done = workbench("analyze", str(archive), "--json", "-", cache=tmp_path / "c")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)  # the whole document arrived through the pipe
    assert len(report["layers"]) == 2
    assert len(list((tmp_path / "c").rglob("*.scan"))) == 2
    again = workbench("layers", str(archive), cache=tmp_path / "c")
    assert again.returncode == 0 and again.stdout.count("\n") > 2

    missing = workbench("analyze", str(tmp_path / "absent.tar"), cache=tmp_path / "c")
    assert missing.returncode == 2
    assert "absent.tar: no such file or directory" in missing.stderr
    assert "Traceback" not in missing.stderr

    usage = workbench("analyze", cache=tmp_path / "c")  # argparse exits by itself
    assert usage.returncode == 2 and "usage:" in usage.stderr
    version = workbench("--version", cache=tmp_path / "c")
    assert version.returncode == 0 and version.stdout.startswith("workbench ")
