"""`workbench overlay` argument forms and the stale-mount scanner's parsing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.cli.main import build_parser, run
from workbench.core.overlay.stale import find_stale, labelled_mounts

MOUNTINFO = (
    "22 1 8:1 / / rw,relatime - ext4 /dev/vda rw\n"
    "46 27 0:39 / /tmp/image-workbench-overlay-ab\\040c/merged rw,relatime - overlay "
    "overlay rw,lowerdir=lower,upperdir=upper,workdir=work\n"
    "47 27 0:40 / /var/lib/docker/overlay2/x/merged rw - overlay overlay rw\n"
)


def test_mountinfo_scan_finds_only_labelled_mounts_and_unescapes() -> None:
    assert labelled_mounts(MOUNTINFO) == [Path("/tmp/image-workbench-overlay-ab c/merged")]


def test_leftover_dir_of_a_dead_owner_is_stale_and_a_live_one_is_not(tmp_path: Path) -> None:
    dead = tmp_path / "image-workbench-overlay-dead"
    dead.mkdir()
    (dead / "owner.pid").write_text("999999999")
    alive = tmp_path / "image-workbench-overlay-alive"
    alive.mkdir()
    (alive / "owner.pid").write_text("1")
    found = find_stale(tmp_path)
    assert [s.root for s in found] == [dead]
    assert found[0].owner_pid == 999999999 and not found[0].mount_points


def test_both_command_forms_parse() -> None:
    parser = build_parser()
    stack = parser.parse_args(["overlay", "busybox:latest", "--layer", "1", "--json"])
    assert stack.target == ["busybox:latest"] and stack.layer == 1 and stack.json
    replay = parser.parse_args(["overlay", "replay", "ops.txt", "--mode", "simulated",
                                "--lower", "2"])
    assert replay.target == ["replay", "ops.txt"] and replay.mode == "simulated"
    assert replay.lower == 2


def test_simulated_replay_prints_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ops = tmp_path / "ops"
    ops.write_text("# the article\ncreate file5\nwrite file1 mod\nrm file1\n")
    assert run(["overlay", "replay", str(ops), "--mode", "simulated", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    upper = {e["path"]: e for e in data["upper"]}
    assert upper["file1"]["kind"] == "whiteout" and upper["file1"]["rdev"] == "0/0"
    assert [e["path"] for e in data["merged"]] == ["file2", "file3", "file4", "file5"]


def test_bad_input_is_one_sentence_and_exit_2(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    ops = tmp_path / "ops"
    ops.write_text("mkdir a\nchmod abc a\n")
    assert run(["overlay", "replay", str(ops), "--mode", "simulated"]) == 2
    err = capsys.readouterr().err
    assert "Line 2" in err and "not octal" in err and "Traceback" not in err
    assert run(["overlay", "replay", str(tmp_path / "missing")]) == 2
    assert "Cannot read operations file" in capsys.readouterr().err
