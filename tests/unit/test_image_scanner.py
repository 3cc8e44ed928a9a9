"""The tar header scanner on small tars built here, including hostile and broken ones."""

from __future__ import annotations

import io
import os
import random
import tarfile
from pathlib import Path

import pytest

from tests.unit.test_image_builders import BASE, TOP, M, layer_tar
from workbench.core.errors import BadSourceError
from workbench.core.model import Kind, LayerScan
from workbench.core.tar.scan import scan_tar
from workbench.core.tar.streams import FileWindow, StreamReader


def scan_bytes(data: bytes, seekable: bool, tmp_path: Path, **kw: object) -> LayerScan:
    if seekable:
        path = tmp_path / f"layer-{random.randrange(1 << 30)}.tar"
        path.write_bytes(data)
        with open(path, "rb") as f:
            return scan_tar(FileWindow(f, 0, len(data), "t"), "sha256:x", "t", **kw)[0]  # type: ignore[arg-type]
    chunks = iter([data[i : i + 7000] for i in range(0, len(data), 7000)])
    return scan_tar(StreamReader(lambda: next(chunks, b""), "t"), "sha256:x", "t", **kw)[0]  # type: ignore[arg-type]


@pytest.fixture(params=[True, False], ids=["seekable", "stream"])
def seekable(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


def test_every_kind_with_metadata(seekable: bool, tmp_path: Path) -> None:
    data = layer_tar([
        M("./bin/", type=tarfile.DIRTYPE, mode=0o755),
        M("./bin/busybox", b"x" * 1000, mode=0o4755, uid=12, gid=34),
        M("bin/sh", type=tarfile.SYMTYPE, link="busybox", mode=0o777),
        M("bin/ash", type=tarfile.LNKTYPE, link="./bin/busybox"),
        M("dev/null", type=tarfile.CHRTYPE, mode=0o666),
        M("dev/sda", type=tarfile.BLKTYPE),
        M("run/fifo", type=tarfile.FIFOTYPE),
    ], tarfile.GNU_FORMAT)
    entries = {e.path: e for e in scan_bytes(data, seekable, tmp_path).entries}
    assert [e.kind for e in entries.values()] == [
        Kind.DIR, Kind.FILE, Kind.SYMLINK, Kind.HARDLINK, Kind.CHAR, Kind.BLOCK, Kind.FIFO]
    busybox = entries["bin/busybox"]
    assert (busybox.size, busybox.mode, busybox.uid, busybox.gid) == (1000, 0o4755, 12, 34)
    assert busybox.is_setuid and busybox.mtime == 1_700_000_000
    assert entries["bin/sh"].link == "busybox"
    assert entries["bin/ash"].link == "bin/busybox"  # hard-link targets are normalised


def test_whiteouts_and_opaque_dirs(seekable: bool, tmp_path: Path) -> None:
    scan = scan_bytes(layer_tar(TOP), seekable, tmp_path)
    whiteouts = [e.path for e in scan.entries if e.kind is Kind.WHITEOUT]
    assert whiteouts == ["etc/shadow"]
    assert scan.opaque_dirs == ["tmp/cache"]
    assert not any(".wh." in e.path for e in scan.entries)


def test_pax_and_gnu_long_names_and_links(seekable: bool, tmp_path: Path) -> None:
    long_dir = "/".join(["d" * 60] * 5)
    long_target = "t" * 180
    members = [
        M(f"{long_dir}/file-with-a-long-name-{'n' * 120}", b"abc"),
        M(f"{long_dir}/link", type=tarfile.SYMTYPE, link=long_target),
        M("paxed", b"q", pax={"uid": "4000000", "gid": "5000000", "mtime": "1700000123.75"}),
    ]
    for fmt in (tarfile.PAX_FORMAT, tarfile.GNU_FORMAT):
        scan = scan_bytes(layer_tar(members, fmt), seekable, tmp_path)
        entries = {e.path: e for e in scan.entries}
        assert entries[f"{long_dir}/file-with-a-long-name-{'n' * 120}"].size == 3
        assert entries[f"{long_dir}/link"].link == long_target
        if fmt == tarfile.PAX_FORMAT:
            assert (entries["paxed"].uid, entries["paxed"].gid) == (4_000_000, 5_000_000)
            assert entries["paxed"].mtime == 1_700_000_123


def test_pax_size_override_is_honoured(seekable: bool, tmp_path: Path) -> None:
    # A PAX "size" record wins over the header's size field; the next member proves
    # the scanner skipped exactly that many bytes.
    data = layer_tar([M("big", b"z" * 3000, pax={"comment": "x"}), M("after", b"ok")])
    scan = scan_bytes(data, seekable, tmp_path)
    assert [(e.path, e.size) for e in scan.entries] == [("big", 3000), ("after", 2)]


def test_non_utf8_names_survive(seekable: bool, tmp_path: Path) -> None:
    raw_name = b"caf\xe9-latin1.txt".decode("utf-8", "surrogateescape")
    data = layer_tar([M(raw_name, b"1"), M("ok", b"2")], tarfile.GNU_FORMAT)
    paths = [e.path for e in scan_bytes(data, seekable, tmp_path).entries]
    assert paths == [raw_name, "ok"]
    assert paths[0].encode("utf-8", "surrogateescape") == b"caf\xe9-latin1.txt"


def test_paths_are_normalised(seekable: bool, tmp_path: Path) -> None:
    data = layer_tar([M("./a/./b//c", b"1"), M("/abs/x", b"2"), M("a/z/../y", b"3"),
                      M(".hidden", b"4"), M("./", type=tarfile.DIRTYPE)], tarfile.GNU_FORMAT)
    paths = [e.path for e in scan_bytes(data, seekable, tmp_path).entries]
    assert paths == ["a/b/c", "abs/x", "a/y", ".hidden"]


@pytest.mark.parametrize("name", ["../etc/passwd", "a/../../x", "/../../root"])
def test_names_escaping_the_root_are_refused(name: str, seekable: bool, tmp_path: Path) -> None:
    data = layer_tar([M(name, b"evil")], tarfile.GNU_FORMAT)
    with pytest.raises(BadSourceError, match="outside the image root"):
        scan_bytes(data, seekable, tmp_path)


def test_truncated_layer(seekable: bool, tmp_path: Path) -> None:
    data = layer_tar([M("a", b"x" * 5000), M("b", b"y" * 5000)])
    for cut in (700, 3000, 5700, 11_000):
        with pytest.raises(BadSourceError, match=r"truncated|ends"):
            scan_bytes(data[:cut], seekable, tmp_path)


def test_entry_claiming_an_absurd_size(seekable: bool, tmp_path: Path) -> None:
    data = bytearray(layer_tar([M("a", b"x" * 10)], tarfile.USTAR_FORMAT))
    data[124:136] = b"77777777777\0"  # 8 GiB in a 2 KiB tar
    data[148:156] = b"        "
    data[148:155] = f"{sum(data[:512]):06o}\0".encode()
    with pytest.raises(BadSourceError, match=r"claims|truncated|ends"):
        scan_bytes(bytes(data), seekable, tmp_path)


def test_base256_numbers(seekable: bool, tmp_path: Path) -> None:
    data = layer_tar([M("big-uid", b"1", uid=10_000_000_000)], tarfile.GNU_FORMAT)
    assert scan_bytes(data, seekable, tmp_path).entries[0].uid == 10_000_000_000


def test_not_a_tar(seekable: bool, tmp_path: Path) -> None:
    junk = random.Random(7).randbytes(4096)
    with pytest.raises(BadSourceError, match="not a valid tar"):
        scan_bytes(junk, seekable, tmp_path)


def test_corrupt_header_in_the_middle(seekable: bool, tmp_path: Path) -> None:
    data = bytearray(layer_tar([M("a", b"x" * 10), M("b", b"y")], tarfile.GNU_FORMAT))
    data[1024 + 257 : 1024 + 263] = b"garbag"  # second header: magic gone, checksum wrong
    with pytest.raises(BadSourceError, match="not a valid tar"):
        scan_bytes(bytes(data), seekable, tmp_path)


def test_fingerprints(seekable: bool, tmp_path: Path) -> None:
    data = layer_tar([M("a", b"same"), M("b", b"same"), M("c", b"diff"), M("d", b"")])
    every = {e.path: e.digest for e in scan_bytes(data, seekable, tmp_path, hash_all=True).entries}
    assert every["a"] == every["b"] != every["c"]
    assert every["d"] is not None
    some = {e.path: e.digest for e in
            scan_bytes(data, seekable, tmp_path, hash_paths={"c"}).entries}
    assert some == {"a": None, "b": None, "c": every["c"], "d": None}


def test_tar_length_is_the_same_on_both_readers(tmp_path: Path) -> None:
    data = layer_tar(BASE) + bytes(4096)  # trailing padding as in docker's layer.tar
    path = tmp_path / "l.tar"
    path.write_bytes(data)
    with open(path, "rb") as f:
        _, seek_len = scan_tar(FileWindow(f, 0, len(data), "t"), "x", "t")
    chunks = iter([data])
    _, stream_len = scan_tar(StreamReader(lambda: next(chunks, b""), "t"), "x", "t")
    assert seek_len == stream_len == len(data)


def test_agrees_with_tarfile_on_a_random_tree(tmp_path: Path) -> None:
    rng = random.Random(42)
    members = []
    for i in range(400):
        depth = rng.randrange(1, 5)
        name = "/".join(f"d{rng.randrange(6)}" for _ in range(depth)) + f"/f{i}"
        if rng.random() < 0.1:
            name += "-" + "long" * rng.randrange(20, 40)
        members.append(M(name, rng.randbytes(rng.randrange(0, 2000)), mode=rng.choice(
            [0o644, 0o755, 0o4755, 0o600])))
    data = layer_tar(members, rng.choice([tarfile.PAX_FORMAT, tarfile.GNU_FORMAT]))
    ours = [(e.path, e.size, e.mode) for e in scan_bytes(data, True, tmp_path).entries]
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        theirs = [(t.name, t.size, t.mode) for t in tar.getmembers()]
    assert ours == theirs


def test_cancel_is_checked(tmp_path: Path) -> None:
    data = layer_tar([M(f"f{i}", b"") for i in range(5000)], tarfile.GNU_FORMAT)
    calls: list[int] = []

    def check() -> None:
        calls.append(1)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        scan_bytes(data, True, tmp_path, check=check)
    assert calls


def test_nothing_written_while_scanning(seekable: bool, tmp_path: Path) -> None:
    before = set(os.listdir(tmp_path))
    with pytest.raises(BadSourceError):
        scan_bytes(layer_tar([M("../../../../tmp/pwned", b"x")]), seekable, tmp_path)
    created = set(os.listdir(tmp_path)) - before
    assert all(name.startswith("layer-") for name in created)  # only the test's own input
