"""The live sandbox on a real kernel mount: clean-up guarantees, stale mounts, fallback."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workbench.core.model import Kind
from workbench.core.overlay.mount import can_mount_overlay
from workbench.core.overlay.ops import parse_op
from workbench.core.overlay.sandbox import RealSandbox, article_spec, open_sandbox
from workbench.core.overlay.stale import clean_stale, find_stale, labelled_mounts

pytestmark = pytest.mark.overlay
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _needs_mount() -> None:
    allowed, reason = can_mount_overlay()
    if not allowed:
        from tests.conftest import _missing

        _missing(f"a real overlay mount ({reason})")


def _mounted(path: Path) -> bool:
    return path in labelled_mounts()


def test_real_sandbox_shows_copy_up_whiteout_and_workdir_then_cleans_up() -> None:
    with open_sandbox(article_spec(1), "real") as sandbox:
        assert isinstance(sandbox, RealSandbox)
        assert _mounted(sandbox.merged_dir)
        assert (sandbox.merged_dir / "file2").read_text() == "upper\n"
        for line in ("write file1 mod", "rm file1", "create file5"):
            assert sandbox.apply(parse_op(line)).ok
        view = sandbox.view()
        upper = {e.path: e for e in view.upper}
        assert upper["file1"].kind is Kind.WHITEOUT and upper["file1"].rdev == "0/0"
        assert "file5" in upper
        assert view.work is not None and [e.path for e in view.work][:1] == ["work"]
        assert "lowerdir=" in view.options and view.options.endswith("/work")
        root = sandbox.root
    assert not root.exists()
    assert not _mounted(sandbox.merged_dir)


def _spawn_holder(tmp_path: Path, exit_how: str) -> tuple[subprocess.Popen[str], Path]:
    """A child that opens a real sandbox, prints its root, then exits or waits."""
    code = (
        "import sys, time\n"
        "from workbench.core.overlay.sandbox import open_sandbox\n"
        "box = open_sandbox(mode='real')\n"
        "print(box.root, flush=True)\n"
        f"{'sys.exit(0)' if exit_how == 'exit' else 'time.sleep(60)'}\n"
    )
    child = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, text=True,
                             stdout=subprocess.PIPE)
    assert child.stdout is not None
    root = Path(child.stdout.readline().strip())
    return child, root


def test_atexit_unmounts_when_the_process_ends_without_closing(tmp_path: Path) -> None:
    child, root = _spawn_holder(tmp_path, "exit")
    assert child.wait(timeout=30) == 0
    child.stdout.close()  # type: ignore[union-attr]
    assert not root.exists()
    assert not any(str(p).startswith(str(root)) for p in labelled_mounts())


def test_stale_mount_of_a_killed_process_is_found_and_cleaned(tmp_path: Path) -> None:
    child, root = _spawn_holder(tmp_path, "wait")
    try:
        assert root.exists() and _mounted(root / "merged")
        assert root not in [s.root for s in find_stale()]  # owner alive: not stale
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()  # type: ignore[union-attr]
    stale = [s for s in find_stale() if s.root == root]
    assert stale and stale[0].owner_pid == child.pid
    assert stale[0].mount_points == [root / "merged"]
    assert "still mounted" in stale[0].describe()
    report = clean_stale(stale)
    assert report == [f"{root}: removed"]
    assert not root.exists() and not _mounted(root / "merged")


def test_without_mount_privilege_the_sandbox_is_simulated_and_says_why(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # As an unprivileged user: the only difference the sandbox may see is the euid.
    from workbench.core.overlay import mount

    monkeypatch.setattr(mount.os, "geteuid", lambda: 1000)
    with open_sandbox(mode="auto") as box:
        assert box.apply(parse_op("rm file1")).ok
        view = box.view()
    assert view.mode == "simulated" and "root" in view.note
    assert [e.path for e in view.upper] == ["file1", "file2", "file4"]
    with pytest.raises(mount.MountError, match="use --mode simulated"):
        open_sandbox(mode="real")


def test_cli_replay_real_and_simulated_print_the_same_listings(tmp_path: Path) -> None:
    ops = tmp_path / "ops.txt"
    ops.write_text("write file2 upper\nrm file1\nmkdir d\nmkdir dir/x\nrename dir y\n"
                   "rename only-in-lower2 moved\n")
    outputs = {}
    for mode in ("real", "simulated"):
        started = time.monotonic()
        proc = subprocess.run(
            [sys.executable, "-m", "workbench", "overlay", "replay", str(ops), "--mode", mode,
             "--lower", "2", "--order", "lower2,lower1", "--json"],
            cwd=ROOT, text=True, capture_output=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        assert time.monotonic() - started < 30
        outputs[mode] = json.loads(proc.stdout)
    real, simulated = outputs["real"], outputs["simulated"]
    assert real["mode"] == "real" and simulated["mode"] == "simulated"
    assert real["results"] == simulated["results"]
    assert [r["errno"] for r in real["results"]][-2:] == [18, 0]  # EXDEV for a lower dir
    assert real["upper"] == simulated["upper"] and real["merged"] == simulated["merged"]
    assert next(e for e in real["merged"] if e["path"] == "shared")["origin"] == "lower2"
