"""The build context report: what a build sends, what .dockerignore keeps out, and
contexts that cannot be sent (missing, unreadable)."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import pytest

from workbench.core.engine.context import (
    ContextError,
    check_context,
    scan_context,
    write_context_tar,
)

ROOT = Path(__file__).resolve().parents[2]


def _write(root: Path, files: dict[str, int]) -> None:
    for rel, size in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"a" * size)


def test_counts_sizes_largest_and_excluded(tmp_path: Path) -> None:
    _write(tmp_path, {"Dockerfile": 20, "app/main.py": 300, "app/lib/big.bin": 5000,
                      "data/blob": 7000, "notes.txt": 10, "cache/x": 900, "cache/y": 100})
    (tmp_path / ".dockerignore").write_text("cache\n*.txt\n")
    report = scan_context(tmp_path)
    sizes = {"Dockerfile": 20, "app/main.py": 300, "app/lib/big.bin": 5000,
             "data/blob": 7000, ".dockerignore": len("cache\n*.txt\n")}
    assert report.file_count == len(sizes)
    assert report.total_bytes == sum(sizes.values())
    assert report.largest_files[0] == ("data/blob", 7000)
    assert report.largest_files[1] == ("app/lib/big.bin", 5000)
    assert dict(report.largest_dirs)["app"] == 5300
    assert dict(report.largest_dirs)["app/lib"] == 5000
    excluded = {e.path: e for e in report.excluded}
    assert excluded["cache"].is_dir and excluded["cache"].files == 2
    assert excluded["cache"].size == 1000 and excluded["cache"].pattern == "cache"
    assert excluded["notes.txt"].pattern == "*.txt"
    assert report.excluded_files == 3 and report.excluded_bytes == 1010
    assert "cache/x" not in report.included


def test_dockerfile_and_ignore_file_always_sent(tmp_path: Path) -> None:
    _write(tmp_path, {"Dockerfile": 5, "other.df": 6, "x": 1})
    (tmp_path / ".dockerignore").write_text("*\n")
    assert set(scan_context(tmp_path).included) == {"Dockerfile", ".dockerignore"}
    assert set(scan_context(tmp_path, "other.df").included) == {"other.df", ".dockerignore"}


def test_tar_holds_exactly_the_report(tmp_path: Path) -> None:
    _write(tmp_path, {"Dockerfile": 5, "keep/a": 3, "skip/b": 4, "empty/.keep": 0})
    (tmp_path / ".dockerignore").write_text("skip\n")
    report = scan_context(tmp_path)
    with write_context_tar(report, {"extra.df": b"FROM x\n"}) as handle:
        data = handle.read()
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        names = set(tar.getnames())
        owners = {(m.uid, m.gid) for m in tar.getmembers()}
    assert names == set(report.included) | {"extra.df"}
    assert "skip/b" not in names and "keep/a" in names
    assert owners == {(0, 0)}


def test_missing_context_is_a_sentence(tmp_path: Path) -> None:
    with pytest.raises(ContextError, match=r"does not exist: pass an existing directory"):
        scan_context(tmp_path / "nope")
    (tmp_path / "file").write_text("x")
    with pytest.raises(ContextError, match="is not a directory"):
        scan_context(tmp_path / "file")


def test_json_report_is_serialisable(tmp_path: Path) -> None:
    _write(tmp_path, {"Dockerfile": 5, "a/b": 7})
    data = json.loads(json.dumps(scan_context(tmp_path).to_json()))
    assert data["files"] == 2 and data["bytes"] == 12


def _as_nobody(args: list[str]) -> subprocess.CompletedProcess[str]:
    """Root reads everything, so unreadable files are tried as an unprivileged user."""
    return subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable,
         "-m", "workbench", *args], capture_output=True, text=True, timeout=60, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to switch to another user")
def test_unreadable_file_named_in_report_and_check() -> None:
    # pytest's tmp dirs are private to root; this one must be reachable by the user.
    base = Path(tempfile.mkdtemp(prefix="workbench-ctx-"))
    try:
        _check_unreadable(base)
    finally:
        shutil.rmtree(base)


def _check_unreadable(base: Path) -> None:
    ctx = base / "ctx"
    _write(ctx, {"Dockerfile": 5, "ok.txt": 3, "secret.key": 8})
    for path in (base, ctx):
        path.chmod(0o755)
    os.chmod(ctx / "Dockerfile", 0o644)
    os.chmod(ctx / "ok.txt", 0o644)
    os.chmod(ctx / "secret.key", 0o600)
    done = _as_nobody(["context", str(ctx)])
    assert done.returncode == 1, done.stderr
    assert "Unreadable: secret.key" in done.stdout
    build = _as_nobody(["build", str(ctx), "--no-summary"])
    assert build.returncode == 2, build.stderr
    assert f"Cannot read {ctx / 'secret.key'}" in build.stderr
    assert "Traceback" not in build.stderr
    # The user's files are untouched.
    assert (ctx / "secret.key").read_bytes() == b"a" * 8
    assert oct((ctx / "secret.key").stat().st_mode & 0o777) == oct(0o600)
    # And the check itself, as root, accepts the same context.
    assert check_context(ctx).file_count == 3
