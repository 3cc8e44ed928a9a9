"""The cached analysis report (``result_cache``), the fused seekable scanner, the JSON
writer and the lean CLI start-up: each gives exactly what the slow route gives."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.unit.test_image_builders import M, config_for, layer_tar, legacy_archive, sample_layers
from workbench.cli.main import COMMAND_TABLE, build_parser
from workbench.core.analysis import result_cache
from workbench.core.analysis.analyze import analyze
from workbench.core.analysis.report_json import (
    analysis_document,
    document,
    document_text,
    json_bytes,
)
from workbench.core.analysis.result_cache import report_of
from workbench.core.errors import BadSourceError
from workbench.core.image import LayerCache, open_image
from workbench.core.tar.scan import scan_tar
from workbench.core.tar.streams import FileWindow

ROOT = Path(__file__).resolve().parents[2]


def archive(tmp_path: Path) -> Path:
    layers = sample_layers()
    path = tmp_path / "image.tar"
    path.write_bytes(legacy_archive(layers, config_for(layers)))
    return path


def reference_document(path: Path, tmp_path: Path) -> dict[str, object]:
    image = open_image(str(path), cache=LayerCache(tmp_path / "reference-cache"))
    return analysis_document(analyze(image))


def test_cached_report_equals_the_computed_one(tmp_path: Path) -> None:
    path = archive(tmp_path)
    cache = LayerCache(tmp_path / "cache")
    first = report_of(str(path), cache=cache)
    assert first.analysis is not None, "the first report is computed from the layers"
    assert len(list(cache.root.glob("sha256-*.result"))) == 1
    assert len(list(cache.root.glob("file-*.result"))) == 1, "the archive's identity"
    second = report_of(str(path), cache=cache)
    assert second.analysis is None, "the report came from the cache"
    assert second.info is None, "found by the archive's identity: no config read"
    expected = reference_document(path, tmp_path)
    assert document(first.image, first.body) == expected
    assert document(second.image, second.body) == expected
    assert json.loads(json_bytes(document(second.image, second.body))) == expected
    for report in (first, second):  # the text written from the stored body text
        assert json.loads(document_text(report.image, report.text)) == expected


def test_document_text_reads_back_as_the_document(tmp_path: Path) -> None:
    from workbench.core.analysis.ci_rules import evaluate

    image = {"source": "caf\u00e9.tar", "id": "sha256:" + "0" * 64, "repo_tags": ["a:b"],
             "os": "linux", "architecture": "amd64"}
    body = {"size_bytes": 10, "efficiency": 2.5e-07, "wasted_bytes": 3,
            "user_wasted_percent": math.nan, "reclaimable_bytes": 1,
            "layers": [{"index": 0, "command": "RUN \"x\"\ty"}],
            "inefficient_files": [{"path": "/e-1/1e-5", "count": 2, "size": 3, "layers": [0]}],
            "reclaimable": []}
    from workbench.core.analysis.report_json import body_members_text

    text = body_members_text(body)
    results = evaluate(2.5e-07, 3, math.nan, {"lowestEfficiency": "0.9"})
    for ci in (None, results):
        written = document_text(image, text, ci)
        assert json.loads(written) == document(image, body, ci)
        assert json.loads(written)["user_wasted_percent"] is None  # JSON has no NaN


def test_changed_code_or_damaged_entry_is_recomputed(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = archive(tmp_path)
    cache = LayerCache(tmp_path / "cache")
    report_of(str(path), cache=cache)
    (stored,) = cache.root.glob("sha256-*.result")
    # another analysis version: the stored report is not used
    monkeypatch.setattr(result_cache, "analysis_version", lambda: "another-version")
    assert report_of(str(path), cache=cache).analysis is not None
    assert report_of(str(path), cache=cache).analysis is None
    # a flipped byte: the checksum fails, the report is computed again and rewritten
    data = bytearray(stored.read_bytes())
    data[-5] ^= 0xFF
    stored.write_bytes(bytes(data))
    again = report_of(str(path), cache=cache)
    assert again.analysis is not None
    assert document(again.image, again.body) == reference_document(path, tmp_path)


def test_a_rewritten_archive_is_not_taken_for_the_old_one(tmp_path: Path) -> None:
    path = archive(tmp_path)
    cache = LayerCache(tmp_path / "cache")
    old = report_of(str(path), cache=cache)
    assert report_of(str(path), cache=cache).analysis is None
    layers = sample_layers()[:1]  # another image written over the same path
    path.write_bytes(legacy_archive(layers, config_for(layers)))
    new = report_of(str(path), cache=cache)
    assert new.analysis is not None and new.image["id"] != old.image["id"]
    assert len(new.body["layers"]) == 1
    # the same file under another name is a lookup by image id, still without layers
    (alias := tmp_path / "alias.tar").symlink_to(path)
    again = report_of(str(alias), cache=cache)
    assert again.analysis is None and again.info is not None
    assert again.image["source"] == str(alias)
    assert document(again.image, again.body) == document(new.image | {"source": str(alias)},
                                                         new.body)
    # each path keeps its own image block when found by its identity later
    assert report_of(str(path), cache=cache).image["source"] == str(path)
    assert report_of(str(alias), cache=cache).image["source"] == str(alias)


@pytest.mark.parametrize("odd_name", [False, True])
def test_long_lists_of_a_cached_report_read_back_whole(tmp_path: Path, odd_name: bool) -> None:
    # More rewritten files than the stored head rows; a name that is not UTF-8 makes
    # the stored text one only the standard json reads back.
    names = [f"data/f{i:03d}" for i in range(45)]
    if odd_name:
        names.append("data/caf\udce9")  # b"caf\xe9" in the tar
    base = layer_tar([M("data/", type=tarfile.DIRTYPE, mode=0o755)]
                     + [M(n, b"one " + n.encode("utf-8", "surrogateescape")) for n in names])
    top = layer_tar([M(n, b"two, longer " + n.encode("utf-8", "surrogateescape"))
                     for n in names])
    path = tmp_path / "image.tar"
    path.write_bytes(legacy_archive([base, top], config_for([base, top])))
    cache = LayerCache(tmp_path / "cache")
    first = report_of(str(path), cache=cache)
    second = report_of(str(path), cache=cache)
    assert first.analysis is not None and second.analysis is None
    for key in ("inefficient_files", "reclaimable"):
        fresh, stored = first.body[key], second.body[key]
        assert len(stored) == len(fresh) == len(names)
        assert stored[:3] == fresh[:3]  # from the stored head rows
        assert stored[-1] == fresh[-1] and stored[30] == fresh[30]
        assert list(stored) == fresh and stored == fresh
    paths = {row["path"] for row in second.body["inefficient_files"]}
    assert ("/data/caf\udce9" in paths) is odd_name
    assert document(second.image, second.body) == document(first.image, first.body)


def test_analysis_version_covers_the_analysis_code() -> None:
    version = result_cache.analysis_version()
    assert version is not None and len(version) == 32
    covered = {p.name for pattern in result_cache._VERSIONED
               for p in (ROOT / "workbench" / "core").glob(pattern)}
    assert {"metrics.py", "statuses.py", "report_json.py", "scan.py", "model.py"} <= covered


def _window_scan(data: bytes, tmp_path: Path) -> tuple[object, int, list[int]]:
    path = tmp_path / "layer.tar"
    path.write_bytes(data)
    offsets: list[int] = []
    with open(path, "rb") as f:
        scan, length = scan_tar(FileWindow(f, 0, len(data), "t"), "x", "t", offsets=offsets)
    return scan, length, offsets


def _generic_scan(data: bytes, tmp_path: Path) -> tuple[object, int]:
    path = tmp_path / "layer-generic.tar"
    path.write_bytes(data)
    with open(path, "rb") as f:
        # hash_paths routes around the fused scanner; an empty set hashes nothing
        return scan_tar(FileWindow(f, 0, len(data), "t"), "x", "t", hash_paths=set())


@pytest.mark.parametrize("fmt", [tarfile.PAX_FORMAT, tarfile.GNU_FORMAT, tarfile.USTAR_FORMAT])
def test_fused_scanner_equals_the_generic_walker(fmt: int, tmp_path: Path) -> None:
    long_dir = "d" * 120
    members = [M("./etc/", type=tarfile.DIRTYPE, mode=0o755), M("./etc/passwd", b"root\n")]
    members += [M(f"./data/f{i}", b"x" * (i * 97 % 3000)) for i in range(400)]
    members += [M("./big", b"B" * (3 << 20)), M("./after-big", b"tail")]
    members += [M("./bin/sh", type=tarfile.SYMTYPE, link="busybox"),
                M("./bin/ln", type=tarfile.LNKTYPE, link="./bin/sh"),
                M("./usr/.wh.gone"), M("./opt/.wh..wh..opq"),
                M("./sbin/su", b"s", mode=0o4755, uid=1000, gid=50),
                M(f"./{'p' * 120}/in-ustar-prefix", b"prefix")]  # ustar: name split in two
    if fmt != tarfile.USTAR_FORMAT:
        members += [M(f"./{long_dir}/{'f' * 110}", b"long name"),
                    M("./caf\u00e9", b"accent"),
                    M("./link-long", type=tarfile.SYMTYPE, link="t" * 150),
                    # too big for octal: base-256 (GNU) or a PAX record
                    M("./huge-ids", b"ids", uid=(1 << 21) + 5, gid=(1 << 22) + 7),
                    M("./small-ids", b"ids", uid=7, gid=(1 << 22) + 7)]
    data = layer_tar(members, fmt)
    scan, length, offsets = _window_scan(data, tmp_path)
    assert (scan, length) == _generic_scan(data, tmp_path)
    assert length == len(data) and len(offsets) == len(scan.entries)  # type: ignore[attr-defined]
    by_path = {e.path: (e, o) for e, o in zip(scan.entries, offsets, strict=True)}  # type: ignore[attr-defined]
    entry, offset = by_path["after-big"]
    assert data[offset:offset + entry.size] == b"tail", "offsets point at each file's data"
    assert scan.opaque_dirs == ["opt"]  # type: ignore[attr-defined]
    if fmt != tarfile.USTAR_FORMAT:
        huge = by_path["huge-ids"][0]
        assert (huge.uid, huge.gid) == ((1 << 21) + 5, (1 << 22) + 7)
        assert (by_path["small-ids"][0].uid, by_path["sbin/su"][0].uid) == (7, 1000)


def test_fused_scanner_refuses_what_the_walker_refuses(tmp_path: Path) -> None:
    data = layer_tar([M("a", b"1" * 5000), M("b", b"2")])
    with pytest.raises(BadSourceError, match=r"claims|truncated|ends"):
        _window_scan(data[:2048], tmp_path)
    with pytest.raises(BadSourceError, match="not a valid tar"):
        _window_scan(b"\x01" * 1024, tmp_path)
    evil = layer_tar([M("../../etc/passwd", b"x")], tarfile.USTAR_FORMAT)
    with pytest.raises(BadSourceError, match="outside the image root"):
        _window_scan(evil, tmp_path)


@pytest.mark.parametrize("value", [0.0, 0.5, 1e-4, 1e-05, 2.5e-07, -3e-9, 1e16, 123.25])
def test_json_bytes_read_back_as_the_document(value: float) -> None:
    doc = {"efficiency": value, "list": [value, 1, None, True], "empty": [], "map": {},
           "names": ["/usr/share/file-e-1", "caf\u00e9", "tab\there", "ctl\x01", '"q"\\'],
           "nested": [{"path": "/a", "layers": [0, 2]}]}
    written = json_bytes(doc)
    assert json.loads(written) == doc
    assert written.endswith(b"}\n") and b'\n  "efficiency": ' in written  # indented by 2


def test_json_bytes_with_numbers_orjson_cannot_hold() -> None:
    doc = {"huge": 1 << 70, "ratio": math.pi}
    assert json.loads(json_bytes(doc)) == doc


def test_lean_parser_lists_every_command_with_the_module_help() -> None:
    full = build_parser()
    (full_actions,) = [a for a in full._actions if a.dest == "command"]
    registered = {c.dest: c.help for c in full_actions._choices_actions}  # type: ignore[attr-defined]
    assert registered == {name: text for name, (_m, text) in COMMAND_TABLE.items()}
    # A word that is no command: every command is listed, for the help and the error.
    lean = build_parser(None, lean=True)
    (lean_actions,) = [a for a in lean._actions if a.dest == "command"]
    assert [c.dest for c in lean_actions._choices_actions] == list(  # type: ignore[attr-defined]
        dict.fromkeys([*registered]))
    # A command: only its own module's commands are built.
    own = build_parser("analyze", lean=True)
    (own_actions,) = [a for a in own._actions if a.dest == "command"]
    assert [c.dest for c in own_actions._choices_actions] == [  # type: ignore[attr-defined]
        "analyze", "layers", "files"]


def test_analyze_imports_no_engine_or_gui_modules(tmp_path: Path) -> None:
    path = archive(tmp_path)
    argv = ["analyze", str(path), "--json", str(tmp_path / "r.json")]
    probe = ("import sys\n"
             "from workbench.cli.main import run\n"
             f"assert run({argv!r}) == 0\n"
             "heavy = [m for m in ('docker', 'requests', 'PySide6', 'pyqtgraph',"
             " 'workbench.cli.build_cmd', 'workbench.cli.overlay_cmd') if m in sys.modules]\n"
             "print('HEAVY', heavy)\n")
    env = {**os.environ, "WORKBENCH_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(2):  # computed, then from the cached report
        out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                             cwd=ROOT, env=env, check=True).stdout
        assert "HEAVY []" in out
        report = json.loads((tmp_path / "r.json").read_text())
        assert report["layers"] and report["efficiency"] == reference_document(
            path, tmp_path)["efficiency"]
    helped = subprocess.run([sys.executable, "-m", "workbench", "--help"], capture_output=True,
                            text=True, cwd=ROOT, check=True).stdout
    for name in COMMAND_TABLE:
        assert f"\n    {name}" in helped
