"""Small image archives built in the test: layer tars, docker save layouts, OCI layouts.

Other image tests import these builders; the tests here check the builders produce
what real tools produce (so the other tests do not pass on a wrong fixture).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import zstandard


@dataclass
class M:
    """One member of a test layer tar."""

    name: str
    data: bytes = b""
    type: bytes = tarfile.REGTYPE
    mode: int = 0o644
    uid: int = 0
    gid: int = 0
    link: str = ""
    pax: dict[str, str] = field(default_factory=dict)


def layer_tar(members: list[M], fmt: int = tarfile.PAX_FORMAT) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt, encoding="utf-8",
                      errors="surrogateescape") as tar:
        for m in members:
            info = tarfile.TarInfo(m.name)
            info.type = m.type
            info.mode = m.mode
            info.uid, info.gid = m.uid, m.gid
            info.mtime = 1_700_000_000
            info.linkname = m.link
            info.pax_headers = dict(m.pax)
            if m.type == tarfile.REGTYPE:
                info.size = len(m.data)
                tar.addfile(info, io.BytesIO(m.data))
            else:
                tar.addfile(info)
    return buf.getvalue()


def sha(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def config_for(layers: list[bytes], extra_history: bool = True) -> bytes:
    history: list[dict[str, object]] = []
    for i in range(len(layers)):
        history.append({"created_by": f"/bin/sh -c step {i}"})
        if extra_history:
            history.append({"created_by": '/bin/sh -c #(nop)  ENV A=1', "empty_layer": True})
    config = {
        "architecture": "amd64",
        "os": "linux",
        "config": {"Env": ["A=1"]},
        "rootfs": {"type": "layers", "diff_ids": [sha(layer) for layer in layers]},
        "history": history,
    }
    return json.dumps(config).encode()


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def legacy_archive(layers: list[bytes], config: bytes | None = None,
                   duplicate_link: bool = True) -> bytes:
    """``docker save`` as dockerd 20.10 writes it: layer dirs, config, manifest last.

    A layer whose bytes already appeared is written as a symlink to the first copy,
    as the daemon does.
    """
    config = config or config_for(layers)
    buf = io.BytesIO()
    paths = []
    seen: dict[str, str] = {}
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for i, layer in enumerate(layers):
            layer_id = hashlib.sha256(f"{i}{sha(layer)}".encode()).hexdigest()
            _add(tar, f"{layer_id}/VERSION", b"1.0")
            _add(tar, f"{layer_id}/json", json.dumps({"id": layer_id}).encode())
            if sha(layer) in seen and duplicate_link:
                info = tarfile.TarInfo(f"{layer_id}/layer.tar")
                info.type = tarfile.SYMTYPE
                info.linkname = f"../{seen[sha(layer)]}/layer.tar"
                tar.addfile(info)
            else:
                _add(tar, f"{layer_id}/layer.tar", layer)
                seen[sha(layer)] = layer_id
            paths.append(f"{layer_id}/layer.tar")
        config_name = hashlib.sha256(config).hexdigest() + ".json"
        _add(tar, config_name, config)
        manifest = [{"Config": config_name, "RepoTags": ["test:latest"], "Layers": paths}]
        _add(tar, "manifest.json", json.dumps(manifest).encode())
    return buf.getvalue()


def compress(data: bytes, kind: str) -> bytes:
    if kind == "gzip":
        return gzip.compress(data, 1)
    if kind == "zstd":
        return zstandard.ZstdCompressor().compress(data)
    return data


MEDIA = {
    "": "application/vnd.oci.image.layer.v1.tar",
    "gzip": "application/vnd.oci.image.layer.v1.tar+gzip",
    "zstd": "application/vnd.oci.image.layer.v1.tar+zstd",
}


def oci_files(layers: list[bytes], compression: str = "", config: bytes | None = None,
              docker_manifest: bool = False) -> dict[str, bytes]:
    """The files of an OCI image layout (optionally with Docker 25's manifest.json)."""
    config = config or config_for(layers)
    files: dict[str, bytes] = {"oci-layout": b'{"imageLayoutVersion":"1.0.0"}'}
    descs: list[dict[str, Any]] = []
    for layer in layers:
        blob = compress(layer, compression)
        files[f"blobs/sha256/{hashlib.sha256(blob).hexdigest()}"] = blob
        descs.append({"mediaType": MEDIA[compression], "digest": sha(blob), "size": len(blob)})
    files[f"blobs/sha256/{hashlib.sha256(config).hexdigest()}"] = config
    manifest = json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": sha(config), "size": len(config)},
        "layers": descs,
    }).encode()
    files[f"blobs/sha256/{hashlib.sha256(manifest).hexdigest()}"] = manifest
    files["index.json"] = json.dumps({
        "schemaVersion": 2,
        "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
                       "digest": sha(manifest), "size": len(manifest)}],
    }).encode()
    if docker_manifest:
        files["manifest.json"] = json.dumps([{
            "Config": f"blobs/sha256/{hashlib.sha256(config).hexdigest()}",
            "RepoTags": ["test:latest"],
            "Layers": [d["digest"].replace("sha256:", "blobs/sha256/") for d in descs],
        }]).encode()
    return files


def tar_of(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name, data in files.items():
            _add(tar, name, data)
    return buf.getvalue()


def write_dir(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return root


BASE = [
    M("bin", type=tarfile.DIRTYPE, mode=0o755),
    M("bin/sh", b"#!shell", mode=0o755),
    M("etc", type=tarfile.DIRTYPE, mode=0o755),
    M("etc/passwd", b"root:x:0:0\n"),
    M("etc/hosts", b"127.0.0.1 localhost\n"),
    M("tmp", type=tarfile.DIRTYPE, mode=0o1777),
    M("tmp/cache", type=tarfile.DIRTYPE, mode=0o755),
    M("tmp/cache/a", b"aaaa"),
]
TOP = [
    M("etc", type=tarfile.DIRTYPE, mode=0o755),
    M("etc/passwd", b"root:x:0:1\n"),  # same size, different content: modified
    M("etc/hosts", b"127.0.0.1 localhost\n"),  # same content: unchanged copy-up
    M("etc/.wh.shadow"),
    M("tmp/cache/.wh..wh..opq"),
    M("usr/bin/su", b"su", mode=0o4755),
]


def sample_layers() -> list[bytes]:
    return [layer_tar(BASE), layer_tar(TOP)]


def test_legacy_archive_has_the_daemon_layout() -> None:
    data = legacy_archive(sample_layers())
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert names[-1] == "manifest.json"
    assert all(p in names for p in manifest[0]["Layers"])


def test_oci_files_compress_the_layers() -> None:
    layers = sample_layers()
    for kind, magic in (("gzip", b"\x1f\x8b"), ("zstd", b"\x28\xb5\x2f\xfd")):
        files = oci_files(layers, kind)
        blobs = [v for k, v in files.items() if k.startswith("blobs/") and v[:2] != b"{\""]
        assert sum(1 for b in blobs if b.startswith(magic)) == len(layers)
