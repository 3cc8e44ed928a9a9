"""The storage route against the save stream, on the real engine: for every kind of
layer content that has a spelling of its own in a layer tar (whiteouts, opaque dirs,
hard links, symlinks, set-id bits, odd names, multi-stage copies) both routes must give
the same scans, the same layer tars byte for byte, and the same reports."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from workbench.core.analysis.analyze import analyze
from workbench.core.analysis.report_json import files_document, report_body
from workbench.core.image.cache import LayerCache
from workbench.core.image.engine_source import EngineSource
from workbench.core.image.open import OpenedImage, _scan_all, open_image
from workbench.core.image.storage_source import StorageSource
from workbench.core.progress import ProgressEvent

pytestmark = pytest.mark.engine

CHANGES = """FROM busybox:latest
RUN mkdir -p /d/sub /keep /hl && echo one > /d/sub/x && echo two > /d/y && echo k > /keep/k \\
 && echo aaaa > /same && head -c 100000 /dev/zero > /bigsame && echo h > /h1 && ln /h1 /h2 \\
 && ln /h1 /hl/h3 && ln -s /d/y /sym && ln -s nowhere /dangling && cp /bin/busybox /suid \\
 && chmod 4755 /suid && touch /sgid && chmod 2755 /sgid && mkdir -m 1777 /tmpd \\
 && mkfifo /fifo && chown 123:456 /keep
RUN rm -rf /d && mkdir /d && echo new > /d/z && rm /keep/k && echo bbbb > /same \\
 && head -c 100000 /dev/urandom > /bigsame && chmod 600 /h2 && rm /sym && ln -s /d/z /sym
RUN touch /h1 /keep && chmod 6755 /suid && rm -rf /hl
"""

ODD_NAMES = """FROM busybox:latest
RUN mkdir -p "/odd dir/with space" && echo x > "/odd dir/with space/file name" \\
 && touch "$(printf '/bad\\377name')" "/caf\\303\\251" "/tab\\tname" \\
 && p=/long; for i in $(seq 1 25); do p="$p/segment-number-$i"; done; mkdir -p "$p" \\
 && echo deep > "$p/$(head -c 200 /dev/zero | tr '\\0' x)"
RUN echo data > "$(printf '/bin\\377ary')" && echo "caf\\303\\251" > "/caf\\303\\251 2"
RUN rm "$(printf '/bad\\377name')" && touch "$(printf '/new\\nline')" && rm -rf "/odd dir" \\
 && echo DATA > "$(printf '/bin\\377ary')" && echo "CAF\\303\\251" > "/caf\\303\\251 2"
"""

MULTI_STAGE = """FROM busybox:latest AS build
RUN mkdir /out && echo built > /out/artifact && ln -s artifact /out/link \\
 && ln /out/artifact /out/hard
FROM busybox:latest
COPY --from=build /out /app
RUN rm /app/link && echo more >> /app/artifact
"""

DEBIAN = """FROM debian:bookworm
RUN chmod u+s /usr/bin/perl && touch /usr/bin/perl5.36.0 /etc/passwd \\
 && rm -rf /usr/share/doc && mkdir /usr/share/doc && echo x > /usr/share/doc/y
"""


def _open(source: Any, cache: LayerCache) -> OpenedImage:
    image, store = _scan_all(source, cache, lambda _e: None, lambda: None)
    store.verify()
    store.write(lambda: True)
    return image


def _fields(image: OpenedImage) -> list[list[tuple[Any, ...]]]:
    return [[(e.path, e.kind, e.size, e.mode, e.uid, e.gid, e.link, e.mtime)
             for e in scan.entries] for scan in image.scans]


def _reports(image: OpenedImage) -> tuple[dict[str, Any], list[Any]]:
    analysis = analyze(image)
    trees = [files_document(analysis, analysis.merged(i), i, True)["files"]
             for i in range(len(image.scans))]
    return report_body(analysis), trees


@pytest.mark.parametrize("dockerfile", [CHANGES, ODD_NAMES, MULTI_STAGE, DEBIAN],
                         ids=["changes", "odd-names", "multi-stage", "debian"])
def test_storage_and_save_stream_agree(dockerfile: str, build_image, docker_client,
                                       tmp_path: Path) -> None:
    name = build_image(dockerfile)
    stored = StorageSource(name, docker_client, LayerCache(tmp_path / "a"))
    saved = EngineSource(name, docker_client, LayerCache(tmp_path / "b"))
    assert (stored.read_through, saved.read_through) == ("storage", "save"), stored.note
    a, b = _open(stored, LayerCache(tmp_path / "a")), _open(saved, LayerCache(tmp_path / "b"))
    assert a.info.read_through == "storage" and b.info.read_through == "save"
    # The config from the image database is the one the save stream carries.
    assert a.info.config == b.info.config
    assert [s.opaque_dirs for s in a.scans] == [s.opaque_dirs for s in b.scans]
    assert _fields(a) == _fields(b)
    assert [x.size for x in a.info.layers] == [x.size for x in b.info.layers]
    # What the storage route hashed (only what the statuses need) is what the save
    # stream hashed for the same members.
    hashed = 0
    for mine, theirs in zip(a.scans, b.scans, strict=True):
        for e, f in zip(mine.entries, theirs.entries, strict=True):
            if e.digest is not None:
                hashed += 1
                assert e.digest == f.digest, e.path
    assert _reports(a) == _reports(b)
    # The rebuilt layer tars are the engine's own, byte for byte.
    for i, layer in enumerate(a.info.layers):
        digest = hashlib.sha256()
        with stored.open_layer(i) as f:
            while chunk := f.read(1 << 20):
                digest.update(chunk)
        assert "sha256:" + digest.hexdigest() == layer.diff_id
    if dockerfile is CHANGES:
        assert hashed  # same-size rewrites needed fingerprints, and they agree
        assert any("d" in scan.opaque_dirs for scan in a.scans)
    stored.close()
    saved.close()


def test_a_rebuild_reads_only_its_new_layer(build_image, docker_client,
                                             tmp_path: Path) -> None:
    cache = LayerCache(tmp_path / "cache")
    first = build_image(CHANGES + "RUN echo 1 > /last\n")
    open_image(f"docker://{first}", client=docker_client, cache=cache)
    second = build_image(CHANGES + "RUN echo 2 > /last\n")
    events: list[ProgressEvent] = []
    image = open_image(f"docker://{second}", client=docker_client, cache=cache,
                       progress=events.append)
    total = len(image.info.layers)
    scans = [e for e in events if e.stage == "scan"]
    assert scans[0].done == total - 1  # every layer but the last came from the cache
    assert not [e for e in events if e.stage == "save"]  # no save stream at all
    assert image.info.read_through == "storage"
    assert image.scans[-1].entries[-1].path == "last"


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True,
                          timeout=300, env={**os.environ, **env})


def test_cli_reports_agree_and_say_the_route(build_image, tmp_path: Path) -> None:
    name = build_image(ODD_NAMES)
    docs = {}
    for route, switch in (("storage", "1"), ("save", "0")):
        env = {"WORKBENCH_CACHE_DIR": str(tmp_path / route), "WORKBENCH_ENGINE_STORAGE": switch}
        out = tmp_path / f"{route}.json"
        done = _cli("analyze", f"docker://{name}", "--json", str(out), env=env)
        assert done.returncode == 0, done.stderr
        files = _cli("files", f"docker://{name}", "--layer", "-1", "--aggregated", "--json",
                     env=env)
        assert files.returncode == 0, files.stderr
        # Names that are not UTF-8 are written as their bytes: compared as bytes.
        said = f'"read_through": "{route}"'.encode()
        report, listing = out.read_bytes(), files.stdout
        assert report.count(said) == 1 and listing.count(said) == 1
        docs[route] = (report.replace(said, b""), listing.replace(said, b""))
    assert b"\xffname" in docs["save"][0] or b"/new" in docs["save"][1]
    assert docs["storage"] == docs["save"]


# Run as a user of the docker group who may not read the engine's storage: the
# interpreter lives under /root here, so the modules both routes need are loaded (by
# analysing the image once as root) before the user changes.
_UNPRIVILEGED = """
import contextlib, io, json, os, sys
from workbench.cli.main import run
image, root_cache, user_cache, out_root, out_user, gid = sys.argv[1:7]
os.environ["WORKBENCH_CACHE_DIR"] = root_cache
assert run(["analyze", image, "--json", out_root]) == 0
os.environ["WORKBENCH_ENGINE_STORAGE"] = "0"
os.environ["WORKBENCH_CACHE_DIR"] = root_cache + "-save"
assert run(["analyze", image, "--json", os.devnull]) == 0
del os.environ["WORKBENCH_ENGINE_STORAGE"]
os.setgroups([int(gid)]); os.setgid(65534); os.setuid(65534)
os.environ["WORKBENCH_CACHE_DIR"] = user_cache
sys.exit(run(["analyze", image, "--json", out_user]))
"""


@pytest.mark.skipif(os.geteuid() != 0, reason="changing to another user needs root")
def test_a_user_without_read_access_gets_the_save_stream(build_image, docker_host: str,
                                                          tmp_path: Path) -> None:
    import grp

    if not docker_host.startswith("unix://"):
        pytest.skip("needs a local engine")
    socket_gid = os.stat(docker_host[len("unix://"):]).st_gid
    group = grp.getgrgid(socket_gid).gr_gid
    name = build_image(CHANGES)
    # pytest's own temp dirs are private to root: the user gets a dir it can reach.
    shared = Path(tempfile.mkdtemp(prefix="workbench-test-user-"))
    try:
        shared.chmod(0o755)
        user_cache = shared / "cache"
        user_cache.mkdir()
        out_user = shared / "user.json"
        out_user.touch()
        for path in (user_cache, out_user):
            os.chown(path, 65534, 65534)
        out_root = tmp_path / "root.json"
        done = subprocess.run(
            [sys.executable, "-c", _UNPRIVILEGED, f"docker://{name}", str(tmp_path / "root"),
             str(user_cache), str(out_root), str(out_user), str(group)],
            capture_output=True, text=True, timeout=300, env={**os.environ})
        mine = json.loads(out_user.read_bytes()) if done.returncode == 0 else None
    finally:
        shutil.rmtree(shared)
    assert done.returncode == 0, done.stderr
    notes = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(notes) == 1, done.stderr
    assert "may not read the engine's storage" in notes[0] and "save stream" in notes[0]
    theirs = json.loads(out_root.read_bytes())
    assert mine is not None
    assert mine["image"].pop("read_through") == "save"
    assert theirs["image"].pop("read_through") == "storage"
    assert mine == theirs


def test_cli_build_says_the_new_layers_came_from_storage(docker_client, tmp_path: Path,
                                                         unique_tag: str) -> None:
    ctx = tmp_path / "ctx"
    ctx.mkdir()
    tag = f"{unique_tag}:rebuilt"
    env = {"WORKBENCH_CACHE_DIR": str(tmp_path / "cache")}
    built: list[str] = []  # each rebuild leaves the one before untagged: all removed

    def build(n: int, switch: str) -> bytes:
        (ctx / "Dockerfile").write_text(CHANGES + f"RUN echo {n} > /last\n")
        done = _cli("build", str(ctx), "-t", tag, env={**env, "WORKBENCH_ENGINE_STORAGE": switch})
        assert done.returncode == 0, done.stderr
        built.append(docker_client.images.get(tag).id)
        return done.stdout

    try:
        for n in (1, 2):
            assert b"New layers read from the engine's storage" in build(n, "1")
        said = build(3, "0")
        assert b"Layers read through the save stream (WORKBENCH_ENGINE_STORAGE=0" in said
    finally:
        for image_id in reversed(built):
            with contextlib.suppress(Exception):
                docker_client.images.remove(image_id, force=True)
