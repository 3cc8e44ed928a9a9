"""When the storage route cannot be taken, the save stream is, and the reason is said:
a remote engine, another storage driver (Podman's own, containerd's image store), a
layer list that does not match, or the switch that turns the route off."""

from __future__ import annotations

from typing import Any

import pytest

from workbench.core.image.cache import LayerCache
from workbench.core.image.storage_source import NoStorage, StorageSource, locate

DIFF = "sha256:" + "1" * 64


def _inspect(name: str = "overlay2", layers: int = 1) -> dict[str, Any]:
    return {"GraphDriver": {"Name": name, "Data": {"UpperDir": "/var/lib/docker/overlay2/x/diff"}},
            "RootFS": {"Layers": [DIFF] * layers}}


@pytest.mark.parametrize(("inspect", "url", "why"), [
    (_inspect(), "tcp://build-host:2376", "is not on this host"),
    (_inspect(), "ssh://me@build-host", "is not on this host"),
    (_inspect("overlayfs"), "unix:///run/docker.sock", "'overlayfs', not overlay2"),
    (_inspect("vfs"), "unix:///run/podman.sock", "'vfs', not overlay2"),
    (_inspect(layers=2), "unix:///run/docker.sock", "do not match the image's layers"),
    (_inspect(), "unix:///run/docker.sock", "is not readable here"),
])
def test_the_reason_for_the_save_stream(inspect: dict[str, Any], url: str, why: str) -> None:
    with pytest.raises(NoStorage, match=why.replace("(", r"\(")):
        locate(inspect, url)


def test_the_switch_turns_the_route_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_ENGINE_STORAGE", "0")
    with pytest.raises(NoStorage, match="asks for the save stream"):
        locate(_inspect(), "unix:///run/docker.sock")


@pytest.mark.engine
@pytest.mark.podman
def test_podman_images_come_from_podmans_storage(podman_host: str, docker_client: Any,
                                                 build_image: Any, tmp_path: Any) -> None:
    """Podman's own store (containers/storage) keeps tar-split records too: its images
    are read from disk, and agree with Podman's save stream."""
    import docker

    from workbench.core.analysis.analyze import analyze
    from workbench.core.analysis.report_json import report_body
    from workbench.core.image.engine_source import EngineSource
    from workbench.core.image.open import _scan_all

    name = build_image(REWRITES)
    podman = docker.DockerClient(base_url=podman_host, timeout=120)
    image_id = podman.images.load(b"".join(docker_client.api.get_image(name)))[0].id
    try:
        reports = {}
        for source in (StorageSource(image_id, podman, LayerCache(tmp_path / "a")),
                       EngineSource(image_id, podman, LayerCache(tmp_path / "b"))):
            image, _store = _scan_all(source, LayerCache(tmp_path / source.read_through),
                                      lambda _e: None, lambda: None)
            reports[source.read_through] = (report_body(analyze(image)), image.info.config)
            source.close()
        assert set(reports) == {"storage", "save"}
        assert reports["storage"] == reports["save"]
    finally:
        podman.images.remove(image_id, force=True)
        podman.close()


REWRITES = """FROM busybox:latest
RUN echo aaaa > /same && echo keep > /kept && mkdir /d && echo x > /d/x
RUN echo bbbb > /same && touch /kept && rm -rf /d
"""


@pytest.mark.engine
def test_a_layer_unreadable_midway_takes_the_save_stream_for_the_rest(
        build_image: Any, docker_client: Any, tmp_path: Any) -> None:
    from dataclasses import replace

    from workbench.core.analysis.analyze import analyze
    from workbench.core.analysis.report_json import report_body
    from workbench.core.image.engine_source import EngineSource
    from workbench.core.image.open import _scan_all

    def opened(source: Any) -> Any:
        image, _store = _scan_all(source, LayerCache(tmp_path / source.read_through),
                                  lambda _e: None, lambda: None)
        return image

    name = build_image(REWRITES)
    source = StorageSource(name, docker_client, LayerCache(tmp_path / "storage"))
    layout = source._layout
    assert layout is not None
    # The top layer's record goes missing after the first layers were read from disk
    # (as when the image is removed meanwhile).
    gone = replace(layout.layers[-1], record=tmp_path / "removed" / "tar-split.json.gz")
    source._layout = replace(layout, layers=[*layout.layers[:-1], gone])
    mixed = opened(source)
    assert source.read_through == "save" and "layer 4 is not readable" in source.note
    assert mixed.info.read_through == "save"
    saved = opened(EngineSource(name, docker_client, LayerCache(tmp_path / "save")))
    # The layers read from disk got the fingerprints their statuses need all the same.
    assert report_body(analyze(mixed)) == report_body(analyze(saved))
    top, reference = analyze(mixed).layers[-1], analyze(saved).layers[-1]
    assert (top.modified, top.unchanged) == (reference.modified, reference.unchanged) == (1, 1)
