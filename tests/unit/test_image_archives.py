"""Opening images from archives and OCI layouts built here: every layout, every
compression, and every kind of broken input."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest

from tests.unit.test_image_builders import (
    BASE,
    M,
    config_for,
    layer_tar,
    legacy_archive,
    oci_files,
    sample_layers,
    sha,
    tar_of,
    write_dir,
)
from workbench.core.errors import BadSourceError
from workbench.core.image import LayerCache, OpenedImage, open_image, read_info
from workbench.core.model import Kind


def listing(image: OpenedImage) -> list[list[tuple[object, ...]]]:
    return [
        sorted((e.path, e.kind, e.size, e.mode, e.uid, e.gid, e.link) for e in scan.entries)
        for scan in image.scans
    ]


def digests(image: OpenedImage) -> list[dict[str, str | None]]:
    return [{e.path: e.digest for e in s.entries if e.kind is Kind.FILE} for s in image.scans]


def open_fresh(source: str | Path, tmp_path: Path) -> OpenedImage:
    cache_dir = tmp_path / f"cache-{len(list(tmp_path.iterdir()))}"
    return open_image(str(source), cache=LayerCache(cache_dir))


def all_layouts(tmp_path: Path) -> dict[str, Path]:
    layers = sample_layers()
    config = config_for(layers)
    out = {}
    out["legacy"] = tmp_path / "legacy.tar"
    out["legacy"].write_bytes(legacy_archive(layers, config))
    out["docker25"] = tmp_path / "docker25.tar"
    out["docker25"].write_bytes(tar_of(oci_files(layers, "", config, docker_manifest=True)))
    for kind in ("", "gzip", "zstd"):
        out[f"oci-dir-{kind or 'plain'}"] = write_dir(tmp_path / f"oci-{kind}",
                                                      oci_files(layers, kind, config))
        out[f"oci-archive-{kind or 'plain'}"] = tmp_path / f"oci-{kind}.tar"
        out[f"oci-archive-{kind or 'plain'}"].write_bytes(tar_of(oci_files(layers, kind, config)))
    return out


def test_every_layout_gives_the_same_image(tmp_path: Path) -> None:
    layouts = all_layouts(tmp_path)
    reference = open_fresh(layouts.pop("legacy"), tmp_path)
    diff_ids = [layer.diff_id for layer in reference.info.layers]
    assert diff_ids == [sha(layer) for layer in sample_layers()]
    assert len(reference.info.history) == 4
    assert [h.layer_index for h in reference.info.history] == [0, None, 1, None]
    assert reference.info.layers[1].command == "/bin/sh -c step 1"
    assert reference.info.layers[0].size == len(sample_layers()[0])
    for name, path in layouts.items():
        image = open_fresh(path, tmp_path)
        assert [layer.diff_id for layer in image.info.layers] == diff_ids, name
        assert listing(image) == listing(reference), name
        assert [layer.size for layer in image.info.layers] == [
            layer.size for layer in reference.info.layers], name
        assert digests(image)[1]["etc/passwd"] == digests(reference)[1]["etc/passwd"], name


def test_fingerprints_only_where_needed(tmp_path: Path) -> None:
    image = open_fresh(all_layouts(tmp_path)["legacy"], tmp_path)
    base, top = digests(image)
    # recurring with equal size: hashed, content decides
    assert base["etc/passwd"] and top["etc/passwd"] and base["etc/passwd"] != top["etc/passwd"]
    assert base["etc/hosts"] == top["etc/hosts"] is not None
    # present in one layer only: never read
    assert base["bin/sh"] is None and top["usr/bin/su"] is None


def test_fingerprint_skipped_when_sizes_differ(tmp_path: Path) -> None:
    layers = [layer_tar([M("f", b"short")]), layer_tar([M("f", b"much longer")])]
    path = tmp_path / "a.tar"
    path.write_bytes(legacy_archive(layers))
    assert digests(open_fresh(path, tmp_path)) == [{"f": None}, {"f": None}]


def test_repeated_layer_linked_in_the_archive(tmp_path: Path) -> None:
    same = layer_tar([M("x", b"1")])
    layers = [same, layer_tar([M("y", b"2")]), same]
    path = tmp_path / "dup.tar"
    path.write_bytes(legacy_archive(layers))
    image = open_fresh(path, tmp_path)
    assert [len(s.entries) for s in image.scans] == [1, 1, 1]
    assert image.scans[2].entries[0].path == "x"


def test_open_layer_returns_the_uncompressed_tar(tmp_path: Path) -> None:
    for name, path in all_layouts(tmp_path).items():
        image = open_fresh(path, tmp_path)
        for i, layer in enumerate(image.info.layers):
            with image.source.open_layer(i) as stream:
                data = stream.read()
            assert "sha256:" + hashlib.sha256(data).hexdigest() == layer.diff_id, name


def test_read_info_reads_no_layer(tmp_path: Path) -> None:
    layouts = all_layouts(tmp_path)
    path = layouts["oci-dir-gzip"]
    for blob in (path / "blobs" / "sha256").iterdir():
        if blob.read_bytes()[:2] == b"\x1f\x8b":
            blob.write_bytes(b"")  # layers emptied: read_info must not notice
    info = read_info(str(path))
    assert len(info.layers) == 2 and info.layers[0].compressed_size > 0


def test_source_strings(tmp_path: Path) -> None:
    layouts = all_layouts(tmp_path)
    for source in (f"oci://{layouts['oci-dir-zstd']}", f"oci-archive:{layouts['oci-archive-gzip']}",
                   f"docker-archive:{layouts['legacy']}"):
        assert len(open_fresh(source, tmp_path).scans) == 2
    with pytest.raises(BadSourceError, match="not an OCI image layout"):
        open_image(str(tmp_path / "oci-gzip" / "blobs"))
    with pytest.raises(BadSourceError, match="no such file"):
        open_image(str(tmp_path / "missing.tar"))
    with pytest.raises(BadSourceError, match="no such file"):
        open_image("oci://" + str(tmp_path / "nothing"))


# --- broken input ---------------------------------------------------------------------


def write(tmp_path: Path, data: bytes, name: str = "bad.tar") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def one_line_error(source: Path | str, match: str) -> str:
    with pytest.raises(BadSourceError, match=match) as info:
        open_image(str(source))
    message = str(info.value)
    assert "\n" not in message and str(source).split(":")[-1] in message
    return message


def test_truncated_archives(tmp_path: Path) -> None:
    data = legacy_archive(sample_layers())
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        last = tar.getmembers()[-1]
        content_end = last.offset_data + last.size  # after this only padding follows
    for fraction in (0.1, 0.3, 0.5, 0.8, 0.95, 0.999):
        cut = int(content_end * fraction)
        path = write(tmp_path, data[:cut], f"cut-{fraction}.tar")
        one_line_error(path, "truncated|missing|not an image|ends")


def test_tar_that_is_not_an_image(tmp_path: Path) -> None:
    path = write(tmp_path, layer_tar(BASE))
    one_line_error(path, "not an image archive")


def test_not_a_tar_at_all(tmp_path: Path) -> None:
    one_line_error(write(tmp_path, b"hello, this is text\n" * 100), "not a valid tar")
    one_line_error(write(tmp_path, b"", "empty.tar"), "holds no files")


def test_compressed_archive_is_named(tmp_path: Path) -> None:
    data = gzip.compress(legacy_archive(sample_layers()))
    one_line_error(write(tmp_path, data, "a.tar.gz"), "compressed")


def test_missing_pieces(tmp_path: Path) -> None:
    layers = sample_layers()
    files = oci_files(layers, "gzip")
    index = json.loads(files["index.json"])
    manifest_path = "blobs/" + index["manifests"][0]["digest"].replace(":", "/")
    manifest = json.loads(files[manifest_path])
    config_path = "blobs/" + manifest["config"]["digest"].replace(":", "/")
    layer_path = "blobs/" + manifest["layers"][1]["digest"].replace(":", "/")
    for drop, match in ((manifest_path, "manifest .* is missing"),
                        (config_path, "image config .* is missing"),
                        (layer_path, "missing")):
        broken = {k: v for k, v in files.items() if k != drop}
        one_line_error(write(tmp_path, tar_of(broken), "m.tar"), match)
        one_line_error(write_dir(tmp_path / f"dir-{drop[-6:]}", broken), match)


def test_inconsistent_or_invalid_metadata(tmp_path: Path) -> None:
    layers = sample_layers()
    short_config = config_for(layers[:1])
    one_line_error(write(tmp_path, legacy_archive(layers, short_config)), "inconsistent")
    files = oci_files(layers)
    files["index.json"] = b"{not json"
    one_line_error(write(tmp_path, tar_of(files)), "not valid JSON")
    evil = {"manifests": [{"digest": "sha256:../../etc/passwd"}]}
    files["index.json"] = json.dumps(evil).encode()
    one_line_error(write_dir(tmp_path / "evil", files), "malformed")


def test_corrupt_compressed_layers(tmp_path: Path) -> None:
    layers = sample_layers()
    for kind in ("gzip", "zstd"):
        files = oci_files(layers, kind)
        for name, blob in list(files.items()):
            if blob[:2] in (b"\x1f\x8b", b"\x28\xb5"):
                files[name] = blob[:10] + bytes(b ^ 0x5A for b in blob[10:40]) + blob[40:]
        one_line_error(write_dir(tmp_path / f"corrupt-{kind}", files), "corrupt|not a valid tar")
        files = oci_files(layers, kind)
        for name, blob in list(files.items()):
            if blob[:2] in (b"\x1f\x8b", b"\x28\xb5"):
                files[name] = blob[: len(blob) // 2]
        one_line_error(write_dir(tmp_path / f"short-{kind}", files), "truncated|ends|corrupt")


def test_hostile_layer_names_never_write(tmp_path: Path) -> None:
    evil = layer_tar([M("../../../../../tmp/evil-from-layer", b"x")], tarfile.GNU_FORMAT)
    path = write(tmp_path, legacy_archive([evil]))
    cache = tmp_path / "cache"
    before = sorted(p for p in tmp_path.rglob("*"))
    with pytest.raises(BadSourceError, match="outside the image root"):
        open_image(str(path), cache=LayerCache(cache))
    assert sorted(p for p in tmp_path.rglob("*")) == before


def test_a_small_text_file(tmp_path: Path) -> None:
    one_line_error(write(tmp_path, b"print('hello')\n", "script.py"), "not a valid tar")
