"""Base image sizes and Dockerfile variants, checked against the real engine's own numbers."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import tarfile
import urllib.request
from pathlib import Path

import pytest

from workbench.cli.main import run
from workbench.core.sizes.bases import Availability, measure_bases
from workbench.core.sizes.export import bases_csv, variants_csv
from workbench.core.sizes.layers import cache_file, image_sizes
from workbench.core.sizes.variants import VariantStatus, build_variants

pytestmark = pytest.mark.engine
STAND_IN = "workbench-test-alpine:latest"


@pytest.fixture
def stand_in_alpine(docker_client):  # type: ignore[no-untyped-def]
    """busybox tagged under an alpine-like name: the "alpine is present" code path."""
    docker_client.api.tag("busybox:latest", "workbench-test-alpine", "latest")
    yield STAND_IN
    with contextlib.suppress(Exception):
        docker_client.api.remove_image(STAND_IN)  # untag only: busybox keeps its image


def engine_layers(docker_client, ref: str) -> list[int]:  # type: ignore[no-untyped-def]
    """Per-layer sizes as `docker history` reports them, oldest first, layers only."""
    saved = b"".join(docker_client.api.get_image(ref))
    with tarfile.open(fileobj=io.BytesIO(saved)) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        config = json.loads(tar.extractfile(manifest[0]["Config"]).read())  # type: ignore[union-attr]
    history = list(reversed(docker_client.api.history(ref)))
    return [int(h["Size"]) for h, c in zip(history, config["history"], strict=True)
            if not c.get("empty_layer")]


def test_base_sizes_equal_what_the_engine_reports(docker_client, stand_in_alpine) -> None:  # type: ignore[no-untyped-def]
    names = ["scratch", "busybox", "alpine:latest", stand_in_alpine]
    bases = {b.name: b for b in measure_bases(docker_client, names, pull=True)}
    assert list(bases) == ["scratch", "busybox:latest", "alpine:latest", STAND_IN]
    # Gzip-counting 200 MB of Debian takes seconds: its uncompressed numbers suffice here.
    (debian,) = measure_bases(docker_client, ["debian:bookworm"], compressed=False)
    inspect = docker_client.api.inspect_image("debian:bookworm")
    assert debian.sizes is not None and debian.sizes.size == inspect["Size"]
    assert [la.size for la in debian.sizes.layers] == [inspect["Size"]]  # one imported layer
    assert debian.sizes.compressed is None
    scratch = bases["scratch"]
    assert scratch.availability is Availability.BUILT_IN and scratch.sizes is not None
    assert scratch.sizes.size == 0 and scratch.sizes.layers == []
    if not any("alpine:latest" in t for i in docker_client.api.images() for t in
               i.get("RepoTags") or []):
        alpine = bases["alpine:latest"]
        assert alpine.availability is Availability.NOT_AVAILABLE and alpine.sizes is None
        assert "pull failed" in alpine.note
    for name in ("busybox:latest", STAND_IN):
        base = bases[name]
        assert base.availability is Availability.LOCAL and base.sizes is not None
        inspect = docker_client.api.inspect_image(name)
        assert base.sizes.size == inspect["Size"]
        assert [la.diff_id for la in base.sizes.layers] == inspect["RootFS"]["Layers"]
        assert [la.size for la in base.sizes.layers] == engine_layers(docker_client, name)
        assert sum(la.size for la in base.sizes.layers) == inspect["Size"]
        assert base.sizes.compressed is not None and 0 < base.sizes.compressed < inspect["Size"]
    assert bases[STAND_IN].sizes.size == bases["busybox:latest"].sizes.size  # type: ignore[union-attr]
    csv_text = bases_csv(list(bases.values()))
    assert csv_text.splitlines()[0].startswith("base,availability,image_bytes")
    assert "alpine:latest,not available" in csv_text or "alpine:latest,local" in csv_text


def test_compressed_size_is_the_gzip_of_each_layer_tar_and_cached(docker_client) -> None:  # type: ignore[no-untyped-def]
    sizes = image_sizes(docker_client, "busybox:latest")
    assert sizes.compressed_from == "gzip"  # a local build has no registry to ask
    saved = b"".join(docker_client.api.get_image("busybox:latest"))
    with tarfile.open(fileobj=io.BytesIO(saved)) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        blobs = [tar.extractfile(name).read() for name in manifest[0]["Layers"]]  # type: ignore[union-attr]
    # Independent gzip at the default level: same deflate stream, header bytes aside.
    for layer, blob in zip(sizes.layers, blobs, strict=True):
        expected = len(gzip.compress(blob, compresslevel=6, mtime=0))
        assert layer.compressed is not None and abs(layer.compressed - expected) <= 16
    cached = json.loads(cache_file().read_text())
    assert all(la.diff_id in cached["layers"] for la in sizes.layers)


@pytest.mark.registry
def test_compressed_size_matches_what_a_registry_push_stores(docker_client, registry,  # type: ignore[no-untyped-def]
                                                             unique_tag) -> None:
    gzipped = image_sizes(docker_client, "busybox:latest")
    assert gzipped.compressed_from == "gzip"
    repo = f"{registry}/{unique_tag}"
    docker_client.api.tag("busybox:latest", repo, "latest")
    try:
        for _ in docker_client.api.push(repo, tag="latest", stream=True, decode=True):
            pass
        request = urllib.request.Request(
            f"http://{registry}/v2/{unique_tag}/manifests/latest",
            headers={"Accept": "application/vnd.docker.distribution.manifest.v2+json"})
        with urllib.request.urlopen(request, timeout=20) as response:
            pushed = [layer["size"] for layer in json.loads(response.read())["layers"]]
        # Once pushed, the image has a RepoDigest: the registry's own numbers are used.
        via_registry = image_sizes(docker_client, f"{repo}:latest")
        assert via_registry.compressed_from == "registry"
        assert [la.compressed for la in via_registry.layers] == pushed
    finally:
        with contextlib.suppress(Exception):
            docker_client.api.remove_image(f"{repo}:latest")
    assert len(gzipped.layers) == len(pushed)
    for layer, theirs in zip(gzipped.layers, pushed, strict=True):
        assert layer.compressed is not None
        assert abs(layer.compressed - theirs) <= max(64, theirs * 0.05)
    # Not on the engine any more, but pullable: the base is pulled, then measured.
    try:
        (pulled,) = measure_bases(docker_client, [repo])
        assert pulled.availability is Availability.PULLED and pulled.sizes is not None
        assert pulled.sizes.size == docker_client.api.inspect_image("busybox:latest")["Size"]
        assert [la.compressed for la in pulled.sizes.layers] == pushed
    finally:
        with contextlib.suppress(Exception):
            docker_client.api.remove_image(f"{repo}:latest")


def test_variants_on_each_base_built_failed_or_not_available(docker_client, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                             stand_in_alpine) -> None:
    text = "FROM debian:bookworm\nRUN echo hello > /greeting\nCMD [\"cat\", \"/greeting\"]\n"
    bases = ["scratch", "busybox:latest", "alpine:latest", stand_in_alpine]
    variants = build_variants(docker_client, text, tmp_path, bases, keep=True, pull=False)
    try:
        by_base = {v.base: v for v in variants}
        failed = by_base["scratch"]  # no /bin/sh to RUN with
        assert failed.status is VariantStatus.FAILED and failed.size is None
        assert "/bin/sh" in failed.error
        # The whole output is kept for the window's "full output": the step that ran
        # and the engine's message, in the order the engine printed them.
        lines = failed.output.splitlines()
        assert lines[0].startswith("Step 1/") and lines[0].endswith(" : FROM scratch")
        assert any(line.endswith(" : RUN echo hello > /greeting") for line in lines)
        assert "stat /bin/sh: no such file" in lines[-1]
        if not any("alpine:latest" in t for i in docker_client.api.images()
                   for t in i.get("RepoTags") or []):
            assert by_base["alpine:latest"].status is VariantStatus.NOT_AVAILABLE
        for name in ("busybox:latest", STAND_IN):
            variant = by_base[name]
            assert variant.status is VariantStatus.BUILT, variant.error
            assert ' : CMD ["cat", "/greeting"]\n' in variant.output
            inspect = docker_client.api.inspect_image(variant.kept_tag)
            assert variant.size == inspect["Size"]
            assert variant.layer_count == len(inspect["RootFS"]["Layers"]) == 3
            labels = inspect["Config"]["Labels"]
            assert labels["io.image-workbench.purpose"] == "size-variant"
        assert "scratch,failed,,," in variants_csv(variants)
    finally:
        for variant in variants:
            if variant.kept_tag:
                docker_client.api.remove_image(variant.kept_tag, force=True)


def test_variants_are_removed_unless_kept(docker_client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = "FROM busybox:latest\nRUN echo variant > /v\n"
    (variant,) = build_variants(docker_client, text, tmp_path, ["busybox:latest"])
    assert variant.status is VariantStatus.BUILT and not variant.kept_tag
    assert variant.sizes is not None
    with pytest.raises(Exception, match="No such image"):
        docker_client.api.inspect_image(variant.sizes.image_id)


def test_sizes_command_json(docker_client, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM busybox:latest\nRUN echo x > /x\n")
    code = run(["sizes", "--only", "--base", "busybox", "--base", "scratch", "--no-pull",
                "--dockerfile", str(dockerfile), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1  # the scratch variant cannot RUN: failed, exit code 1
    assert [b["name"] for b in data["bases"]] == ["busybox:latest", "scratch"]
    assert data["bases"][0]["size"] == docker_client.api.inspect_image("busybox")["Size"]
    statuses = {v["base"]: v["status"] for v in data["variants"]}
    assert statuses == {"busybox:latest": "built", "scratch": "failed"}


def test_cancel_cuts_a_quiet_build_and_leaves_nothing(docker_client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import threading
    import time

    from workbench.core.engine.build import BuildRequest, run_build, throwaway_tag
    from workbench.core.errors import CancelledError
    from workbench.core.progress import CancelToken

    cancel = CancelToken()
    timer = threading.Timer(3.0, cancel.cancel)
    timer.start()
    started = time.monotonic()
    try:
        with pytest.raises(CancelledError):
            run_build(docker_client, BuildRequest(
                tmp_path, dockerfile_text="FROM busybox:latest\nRUN sleep 60\n",
                tag=throwaway_tag(), purpose="size-variant"), lambda _event: None, cancel)
    finally:
        timer.cancel()
        timer.join()
    assert time.monotonic() - started < 20  # cut mid-RUN, not after the sleep
    def step_containers() -> list[str]:
        return [c["Id"] for c in docker_client.api.containers(all=True)
                if "sleep 60" in c.get("Command", "")]

    deadline = time.monotonic() + 30  # the engine stops the step's container on disconnect
    while time.monotonic() < deadline and step_containers():
        time.sleep(0.5)
    assert step_containers() == []
    leftover = docker_client.api.images(
        filters={"label": "io.image-workbench.purpose=size-variant"})
    assert leftover == []
