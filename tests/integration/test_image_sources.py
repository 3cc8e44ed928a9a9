"""Every route to the same real image gives the same scans: the engine's save stream,
a ``docker save`` archive, and OCI layouts/archives written by skopeo (gzip, zstd)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import docker
import pytest

from workbench.core.errors import BadSourceError, EngineUnavailableError
from workbench.core.image import LayerCache, OpenedImage, open_image, read_info
from workbench.core.model import Kind
from workbench.core.progress import ProgressEvent


def listing(image: OpenedImage) -> list[list[tuple[object, ...]]]:
    return [
        sorted((e.path, e.kind, e.size, e.mode, e.uid, e.gid, e.link) for e in scan.entries)
        for scan in image.scans
    ]


def fresh(source: str, tmp_path: Path, client: Any = None) -> OpenedImage:
    cache = LayerCache(tmp_path / f"cache-{len(list(tmp_path.glob('cache-*')))}")
    return open_image(source, client=client, cache=cache)


def skopeo(docker_host: str, image: str, dest: str, *extra: str) -> None:
    if shutil.which("skopeo") is None:
        pytest.fail("skopeo is required for OCI fixtures (scripts/system-deps.sh installs it)")
    subprocess.run(
        ["skopeo", "copy", "-q", "--src-daemon-host", docker_host, *extra,
         f"docker-daemon:{image}", dest],
        check=True, capture_output=True, timeout=300,
    )


def assert_same_image(a: OpenedImage, b: OpenedImage, label: str) -> None:
    assert [x.diff_id for x in a.info.layers] == [x.diff_id for x in b.info.layers], label
    assert [x.size for x in a.info.layers] == [x.size for x in b.info.layers], label
    assert listing(a) == listing(b), label
    assert [s.opaque_dirs for s in a.scans] == [s.opaque_dirs for s in b.scans], label
    for sa, sb in zip(a.scans, b.scans, strict=True):
        da = {e.path: e.digest for e in sa.entries if e.digest}
        db = {e.path: e.digest for e in sb.entries if e.digest}
        common = da.keys() & db.keys()
        assert all(da[p] == db[p] for p in common), label


@pytest.mark.engine
@pytest.mark.parametrize("image", ["busybox:latest", "debian:bookworm"])
def test_engine_and_archive_and_oci_agree(image: str, docker_client: docker.DockerClient,
                                         docker_host: str, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    via_engine = fresh(image, tmp_path, docker_client)
    assert via_engine.info.id == docker_client.images.get(image).id
    assert [x.diff_id for x in via_engine.info.layers] == \
        docker_client.images.get(image).attrs["RootFS"]["Layers"]
    assert sum(len(s.entries) for s in via_engine.scans) > 200
    # the save stream route fingerprints every regular file inline
    monkeypatch.setenv("WORKBENCH_ENGINE_STORAGE", "0")
    via_save = fresh(image, tmp_path, docker_client)
    monkeypatch.delenv("WORKBENCH_ENGINE_STORAGE")
    assert via_save.info.read_through == "save"
    assert all(e.digest for s in via_save.scans for e in s.entries if e.kind is Kind.FILE)
    assert_same_image(via_engine, via_save, "engine storage and save stream")

    archive = tmp_path / "save.tar"
    with open(archive, "wb") as f:
        for chunk in docker_client.api.get_image(image):
            f.write(chunk)
    assert_same_image(via_engine, fresh(str(archive), tmp_path), "docker save archive")

    oci_dir = tmp_path / "oci-zstd"
    skopeo(docker_host, image, f"oci:{oci_dir}", "--dest-compress-format", "zstd")
    assert_same_image(via_engine, fresh(f"oci://{oci_dir}", tmp_path), "oci zstd")
    if image.startswith("busybox"):  # gzip of the Debian base costs seconds; one is enough
        oci_tar = tmp_path / "oci-gzip.tar"
        skopeo(docker_host, image, f"oci-archive:{oci_tar}", "--dest-compress-format", "gzip")
        assert_same_image(via_engine, fresh(str(oci_tar), tmp_path), "oci-archive gzip")


DOCKERFILE = """\
FROM busybox:latest
RUN mkdir -p /data/keep /data/gone && echo one > /data/keep/a && echo two > /data/keep/b \
    && echo 333 > /data/gone/c && ln /data/keep/a /data/keep/hard && ln -s a /data/keep/soft
ENV X=1
RUN echo uno > /data/keep/a && touch /data/keep/b && rm -rf /data/gone
LABEL stage=last
"""


@pytest.fixture
def built(build_image: Any) -> str:
    return str(build_image(DOCKERFILE))


@pytest.mark.engine
def test_built_image_fingerprints_and_history(built: str, docker_client: docker.DockerClient,
                                              tmp_path: Path) -> None:
    via_engine = fresh(built, tmp_path, docker_client)
    archive = tmp_path / "save.tar"
    with open(archive, "wb") as f:
        for chunk in docker_client.api.get_image(built):
            f.write(chunk)
    via_archive = fresh(str(archive), tmp_path)
    assert_same_image(via_engine, via_archive, "built image")
    steps = via_engine.info.history
    assert {s.instruction for s in steps if s.empty_layer} >= {"ENV", "LABEL", "CMD"}
    assert not any(s.empty_layer for s in steps if s.instruction == "RUN")
    assert via_engine.info.layers[-1].command.endswith("rm -rf /data/gone")
    last = {e.path: e for e in via_archive.scans[-1].entries}
    previous = {e.path: e for e in via_archive.scans[-2].entries}
    # "one" -> "uno": same size, different content; touch: same content
    assert last["data/keep/a"].digest != previous["data/keep/a"].digest
    assert last["data/keep/b"].digest == previous["data/keep/b"].digest is not None
    assert last["data/gone"].kind is Kind.WHITEOUT
    assert previous["data/keep/hard"].kind is Kind.HARDLINK
    assert previous["data/keep/hard"].link == "data/keep/a"
    assert previous["data/keep/soft"].link == "a"


@pytest.mark.engine
def test_reopen_from_cache_reads_no_layer(built: str, docker_client: docker.DockerClient,
                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = LayerCache(tmp_path / "cache")
    first = open_image(built, client=docker_client, cache=cache)
    saves: list[str] = []
    real_get_image = docker_client.api.get_image

    def counting_get_image(image: str, *args: Any, **kwargs: Any) -> Any:
        saves.append(image)  # the save stream; inspect and history are small
        return real_get_image(image, *args, **kwargs)

    monkeypatch.setattr(docker_client.api, "get_image", counting_get_image)
    again = open_image(built, client=docker_client, cache=cache)
    assert saves == []  # only inspect (and the cached config) were needed
    assert listing(again) == listing(first)
    assert [s.created_by for s in again.info.history] == [
        s.created_by for s in first.info.history]
    assert [s.empty_layer for s in again.info.history] == [
        s.empty_layer for s in first.info.history]
    # open_layer still reaches the layer when asked for content: from the engine's
    # storage where it is readable here, else through a save
    with again.source.open_layer(len(again.info.layers) - 1) as stream:
        assert len(stream.read()) == again.info.layers[-1].size
    assert len(saves) == (0 if again.info.read_through == "storage" else 1)


@pytest.mark.engine
def test_read_info_matches_the_full_open(built: str, docker_client: docker.DockerClient,
                                         tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_ENGINE_STORAGE", "0")  # the save stream's progress
    info = read_info(f"docker://{built}", client=docker_client)
    events: list[ProgressEvent] = []
    opened = open_image(built, client=docker_client, cache=LayerCache(tmp_path / "c"),
                        progress=events.append)
    saved = [e.done for e in events if e.stage == "save"]
    assert saved and saved == sorted(saved) and saved[-1] >= sum(
        layer.size for layer in opened.info.layers)
    assert (events[-1].stage, events[-1].done, events[-1].total) == (
        "scan", len(opened.info.layers), len(opened.info.layers))
    assert [s.empty_layer for s in info.history] == [s.empty_layer for s in opened.info.history]
    assert [x.diff_id for x in info.layers] == [x.diff_id for x in opened.info.layers]


@pytest.mark.engine
def test_missing_image_and_missing_engine(docker_client: docker.DockerClient,
                                          tmp_path: Path) -> None:
    with pytest.raises(BadSourceError, match="no such image"):
        open_image("docker://workbench-test-does-not-exist:nope", client=docker_client)
    # an explicit client whose engine vanished (version given: the SDK does not probe)
    gone = docker.DockerClient(base_url=f"unix://{tmp_path}/nothing.sock", timeout=3,
                               version="1.41")
    try:
        with pytest.raises(EngineUnavailableError, match=r"nothing\.sock"):
            open_image("busybox:latest", client=gone, cache=LayerCache(tmp_path / "c"))
    finally:
        gone.close()


def test_no_engine_at_the_default_endpoint(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path}/absent.sock")
    with pytest.raises(EngineUnavailableError, match=r"absent\.sock"):
        read_info("busybox:latest")


@pytest.mark.engine
@pytest.mark.podman
def test_podman_api_gives_the_same_image(build_image: Any, docker_client: docker.DockerClient,
                                         podman_host: str, tmp_path: Path) -> None:
    name = build_image(f"FROM busybox:latest\nRUN echo {tmp_path.name} > /id && rm /bin/ls\n")
    image_id = docker_client.images.get(name).id
    podman = docker.DockerClient(base_url=podman_host, timeout=120)
    try:
        data = b"".join(docker_client.api.get_image(name))
        podman.images.load(data)
        via_docker = fresh(name, tmp_path, docker_client)
        via_podman = fresh(f"docker://{image_id}", tmp_path, podman)
        assert_same_image(via_docker, via_podman, "podman")
        assert via_podman.scans[-1].entries[-1].kind in (Kind.FILE, Kind.WHITEOUT, Kind.DIR)
        assert any(e.path == "bin/ls" and e.kind is Kind.WHITEOUT
                   for e in via_podman.scans[-1].entries)
    finally:
        try:
            podman.images.remove(image_id, force=True)
        finally:
            podman.close()


@pytest.mark.engine
def test_cancel_while_the_engine_exports(docker_client: docker.DockerClient,
                                         tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.core.errors import CancelledError

    monkeypatch.setenv("WORKBENCH_ENGINE_STORAGE", "0")  # an export to cancel
    from workbench.core.progress import CancelToken

    token = CancelToken()
    timer = threading.Timer(0.3, token.cancel)
    timer.start()
    started = time.monotonic()
    try:
        with pytest.raises(CancelledError):
            open_image("debian:bookworm", client=docker_client, cancel=token,
                       cache=LayerCache(tmp_path / "cache"))
    finally:
        timer.join()
    assert time.monotonic() - started < 5  # noticed within moments, not after the export
    assert not list((tmp_path / "cache").glob("*.scan"))


@pytest.mark.engine
def test_an_engine_image_opens_with_no_client_given(docker_host: str, tmp_path: Path) -> None:
    """With no client, the engine the Docker CLI would use (here DOCKER_HOST) is reached
    through the docker SDK, the one gateway to every engine."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from workbench.core.image import LayerCache, open_image\n"
        "image = open_image('busybox:latest', cache=LayerCache(Path(sys.argv[1])))\n"
        "print(len(image.scans[0].entries), 'docker' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "cache")],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "DOCKER_HOST": docker_host})
    assert done.returncode == 0, done.stderr
    entries, sdk_loaded = done.stdout.split()
    assert int(entries) > 0 and sdk_loaded == "True"
