"""The layer cache: round trip, corruption detected and rebuilt, reopen reads no layer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.unit.test_image_builders import M, layer_tar, oci_files, sample_layers, write_dir
from workbench.core.image import LayerCache, open_image
from workbench.core.image.cache import _HEADER, default_cache_dir
from workbench.core.model import Entry, Kind, LayerScan

DIFF = "sha256:" + "ab" * 32


def sample_scan() -> LayerScan:
    odd = b"caf\xe9".decode("utf-8", "surrogateescape")
    return LayerScan(DIFF, [
        Entry("bin", Kind.DIR, 0, 0o755),
        Entry("bin/su", Kind.FILE, 12, 0o4755, 1, 2, "", 1700000000, "f" * 32),
        Entry("bin/sh", Kind.SYMLINK, 0, 0o777, link="busybox"),
        Entry(odd, Kind.FILE, 3),
        Entry("etc/shadow", Kind.WHITEOUT),
    ], ["tmp/cache"])


def test_round_trip(tmp_path: Path) -> None:
    cache = LayerCache(tmp_path)
    cache.put(sample_scan(), 4096)
    got = cache.get(DIFF)
    assert got is not None and got.tar_size == 4096
    assert got.scan == sample_scan()
    assert cache.get("sha256:" + "cd" * 32) is None


def test_default_dir_follows_the_environment(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_CACHE_DIR", str(tmp_path / "c"))
    assert default_cache_dir() == tmp_path / "c" / "layers"
    assert LayerCache().root == tmp_path / "c" / "layers"


@pytest.mark.parametrize("damage", ["flip", "truncate", "version", "magic", "empty"])
def test_damaged_entries_are_not_trusted(tmp_path: Path, damage: str) -> None:
    cache = LayerCache(tmp_path)
    cache.put(sample_scan(), 1)
    (path,) = tmp_path.glob("*.scan")
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[-5] ^= 0xFF
    elif damage == "truncate":
        data = data[: len(data) - 7]
    elif damage == "version":
        data[4:6] = (99).to_bytes(2, "big")
    elif damage == "magic":
        data[0:4] = b"JUNK"
    else:
        data = bytearray()
    path.write_bytes(bytes(data))
    assert cache.get(DIFF) is None


def test_a_checksummed_but_wrong_entry_is_rejected(tmp_path: Path) -> None:
    # Valid framing around a scan stored under another layer's name: still refused.
    cache = LayerCache(tmp_path)
    other = sample_scan()
    other.diff_id = "sha256:" + "ee" * 32
    cache.put(other, 1)
    (path,) = tmp_path.glob("*.scan")
    os.replace(path, tmp_path / f"sha256-{'ab' * 32}.scan")
    assert cache.get(DIFF) is None


def test_hostile_keys_write_nothing(tmp_path: Path) -> None:
    cache = LayerCache(tmp_path / "c")
    scan = sample_scan()
    for key in ("../../evil", "sha256:../../x", "sha256:XYZ", ""):
        scan.diff_id = key
        cache.put(scan, 1)
        cache.put_config(key, b"{}")
        assert cache.get(key) is None
    assert not any(tmp_path.rglob("*evil*")) and not (tmp_path / "c").exists()


def test_writes_are_atomic_and_leave_no_temp_files(tmp_path: Path) -> None:
    cache = LayerCache(tmp_path)
    for _ in range(3):
        cache.put(sample_scan(), 1)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"sha256-{'ab' * 32}.scan"]
    header = _HEADER.unpack_from((tmp_path / f"sha256-{'ab' * 32}.scan").read_bytes())
    assert header[0] == b"IWLC"


def _layout(tmp_path: Path, compression: str = "zstd") -> Path:
    layers = [*sample_layers(), layer_tar([M("etc/passwd", b"root:x:0:2\n")])]
    return write_dir(tmp_path / "oci", oci_files(layers, compression))


def _layer_blobs(path: Path) -> list[Path]:
    blobs = (path / "blobs" / "sha256").iterdir()
    return [b for b in blobs if not b.read_bytes().startswith(b"{")]


@pytest.mark.parametrize("compression", ["", "zstd"])  # seekable and forward-only layers
def test_reopen_reads_no_layer(tmp_path: Path, compression: str) -> None:
    path = _layout(tmp_path, compression)
    cache = LayerCache(tmp_path / "cache")
    first = open_image(str(path), cache=cache)
    for blob in _layer_blobs(path):
        blob.write_bytes(b"gone")  # any read of a layer would now fail loudly
    again = open_image(str(path), cache=cache)
    assert [s.entries for s in again.scans] == [s.entries for s in first.scans]
    assert [s.opaque_dirs for s in again.scans] == [s.opaque_dirs for s in first.scans]
    assert [layer.size for layer in again.info.layers] == [
        layer.size for layer in first.info.layers]
    # the fingerprints computed the first time were cached too
    passwd = [e.digest for s in again.scans for e in s.entries if e.path == "etc/passwd"]
    assert len(passwd) == 3 and all(passwd) and len(set(passwd)) == 3


def test_a_source_fingerprinting_every_file_is_not_asked_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.core.analysis.analyze import analyze
    from workbench.core.analysis.report_json import analysis_document
    from workbench.core.image.archive import StoredImageSource

    path = _layout(tmp_path, "zstd")  # forward-only layers: every file hashed as read
    expected = analysis_document(analyze(open_image(str(path), cache=LayerCache(
        tmp_path / "reference"))))

    def refuse(*_args: object) -> None:
        raise AssertionError("hash_files was called")

    monkeypatch.setattr(StoredImageSource, "fingerprints_every_file", True, raising=False)
    monkeypatch.setattr(StoredImageSource, "hash_files", refuse)
    image = open_image(str(path), cache=LayerCache(tmp_path / "cache"))
    assert analysis_document(analyze(image)) == expected


def test_corrupt_cache_entry_is_rebuilt(tmp_path: Path) -> None:
    path = _layout(tmp_path)
    cache = LayerCache(tmp_path / "cache")
    first = open_image(str(path), cache=cache)
    victim = sorted(cache.root.glob("*.scan"))[0]
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0x01
    victim.write_bytes(bytes(data))
    again = open_image(str(path), cache=cache)
    assert [s.entries for s in again.scans] == [s.entries for s in first.scans]
    assert victim.read_bytes() != bytes(data)  # rewritten from the layer
    assert cache.get(victim.name.replace("sha256-", "sha256:")[: -len(".scan")]) is not None


def test_completed_fingerprints_are_rechecked_when_a_layer_file_changes(tmp_path: Path) -> None:
    # Image X = [A, B] (B rewrites A's file with the same size); image Y = [A, C].
    # A's cache entry is corrupted, then rebuilt by opening Y, which needs no
    # fingerprints: reopening X must notice and fingerprint A's file again.
    a = layer_tar([M("f", b"one"), M("g", b"x")])
    x_dir = write_dir(tmp_path / "x", oci_files([a, layer_tar([M("f", b"uno")])]))
    y_dir = write_dir(tmp_path / "y", oci_files([a, layer_tar([M("h", b"new")])]))
    cache = LayerCache(tmp_path / "cache")
    first = open_image(str(x_dir), cache=cache)
    digest_of_f = first.scans[0].entries[0].digest
    assert digest_of_f is not None
    a_file = cache.root / (first.info.layers[0].diff_id.replace(":", "-") + ".scan")
    a_file.write_bytes(b"garbage")
    y = open_image(str(y_dir), cache=cache)
    assert y.scans[0].entries[0].digest is None  # Y had no reason to hash it
    again = open_image(str(x_dir), cache=cache)
    assert again.scans[0].entries[0].digest == digest_of_f


@pytest.mark.parametrize("xdg", [None, "/tmp/xdg-cache", "relative/ignored", ""])
def test_default_cache_dir_follows_platformdirs(xdg: str | None,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs


    monkeypatch.delenv("WORKBENCH_CACHE_DIR", raising=False)
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    expected = Path(platformdirs.user_cache_dir("image-workbench")) / "layers"
    assert default_cache_dir() == expected
