"""Layer bytes are checked against their diff_id before a scan goes into the shared
cache: an altered archive gets a clear error and cannot put its listing under the
genuine layer's diff_id."""

from __future__ import annotations

import hashlib
import json
import random
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.unit.test_image_builders import (
    M,
    config_for,
    layer_tar,
    legacy_archive,
    oci_files,
    sample_layers,
    write_dir,
)
from workbench.core.analysis.result_cache import report_of
from workbench.core.errors import BadSourceError
from workbench.core.image import LayerCache, layer_digest, open_image


def _forged_layers() -> list[bytes]:
    """The sample image's top layer with one file's bytes changed (same sizes)."""
    base, _top = sample_layers()
    return [base, layer_tar([M("etc/motd", b"forged!\n")])]


@pytest.fixture(params=["in place", "thread"])
def helper(request: pytest.FixtureRequest) -> Iterator[str]:
    """The layers are checked by a forked helper process when the process has no
    other thread, else by a helper thread. Run here, the tests take whichever route
    the test process allows; "thread" keeps another thread alive to force the thread
    route. The process route in a fresh interpreter: ``test_..._helper_processes``."""
    if request.param == "in place":
        yield "in place"
        return
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        yield "thread"
    finally:
        stop.set()
        other.join()


@pytest.mark.parametrize("route", ["archive", "oci-gzip", "oci-plain"])
def test_altered_layer_is_refused_and_not_cached(route: str, helper: str,
                                                 tmp_path: Path) -> None:
    genuine = sample_layers()
    config = config_for(genuine)  # names the genuine layers' diff_ids
    if route == "archive":
        source = tmp_path / "forged.tar"
        source.write_bytes(legacy_archive(_forged_layers(), config))
    else:
        compression = "gzip" if route == "oci-gzip" else ""
        source = write_dir(tmp_path / "forged", oci_files(_forged_layers(), compression,
                                                          config))
    cache = LayerCache(tmp_path / "cache")
    with pytest.raises(BadSourceError, match=r"\(layer 2\): its bytes hash to sha256:.*"
                                             r"not to its diff_id.*corrupt or was altered"):
        open_image(str(source), cache=cache)
    with pytest.raises(BadSourceError, match="corrupt or was altered"):
        report_of(str(source), cache=cache)
    genuine_path = _genuine_archive(tmp_path)
    fresh = open_image(str(genuine_path), cache=LayerCache(tmp_path / "fresh"))
    stored = {p.name.split(".")[0] for p in cache.root.glob("*.scan")}
    assert fresh.info.layers[1].diff_id.replace(":", "-") not in stored, \
        "the forged listing was not cached under the genuine diff_id"
    assert not list(cache.root.glob("*.result")), "no report was stored"
    assert not list(cache.root.glob(".tmp-*")), "the staged scans were dropped"
    # The genuine image opened through the same cache lists its own files.
    again = open_image(str(genuine_path), cache=cache)
    assert again.scans == fresh.scans
    assert [e.path for e in again.scans[1].entries] != ["etc/motd"]


def _genuine_archive(tmp_path: Path) -> Path:
    path = tmp_path / "genuine.tar"
    if not path.exists():
        layers = sample_layers()
        path.write_bytes(legacy_archive(layers, config_for(layers)))
    return path


def test_genuine_layers_pass_and_are_cached(helper: str, tmp_path: Path) -> None:
    cache = LayerCache(tmp_path / "cache")
    image = open_image(str(_genuine_archive(tmp_path)), cache=cache)
    stored = {p.name.split(".")[0] for p in cache.root.glob("*.scan")}
    assert {layer.diff_id.replace(":", "-") for layer in image.info.layers} <= stored
    report = report_of(str(_genuine_archive(tmp_path)), cache=LayerCache(tmp_path / "c2"))
    assert len(report.body["layers"]) == 2
    assert len(list((tmp_path / "c2").glob("*.scan"))) == 2
    assert not list((tmp_path / "c2").glob(".tmp-*"))


_PROCESS_ROUTE = """
import json, os, sys
from pathlib import Path
forks = []
real_fork = os.fork
def counted():
    pid = real_fork()
    if pid:
        forks.append(pid)
    return pid
os.fork = counted
from workbench.core.errors import BadSourceError
from workbench.core.image.cache import LayerCache
from workbench.core.analysis.result_cache import report_of
forged, genuine, cache = sys.argv[1:]
try:
    report_of(forged, cache=LayerCache(Path(cache)))
    refused = ""
except BadSourceError as exc:
    refused = str(exc)
after_forged = sorted(p.name for p in Path(cache).glob("*")) if Path(cache).exists() else []
forks_forged = len(forks)
report = report_of(genuine, cache=LayerCache(Path(cache)))
print(json.dumps({"refused": refused, "after_forged": after_forged, "forks": forks_forged,
                  "layers": len(report.body["layers"]),
                  "stored": sorted(p.suffix for p in Path(cache).glob("*"))}))
"""


def test_a_command_refuses_an_altered_archive_without_forking(tmp_path: Path) -> None:
    """In a fresh interpreter, as a command runs: the layer check runs on a thread (no
    process is forked), the scans are written once it passed; an altered archive
    still stores nothing."""
    forged = tmp_path / "forged.tar"
    forged.write_bytes(legacy_archive(_forged_layers(), config_for(sample_layers())))
    done = subprocess.run(
        [sys.executable, "-c", _PROCESS_ROUTE, str(forged), str(_genuine_archive(tmp_path)),
         str(tmp_path / "cache")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert "corrupt or was altered" in result["refused"]
    assert result["forks"] == 0  # the layer check is a thread
    assert result["after_forged"] == []  # nothing stored, no staged file left
    assert result["layers"] == 2
    assert result["stored"].count(".scan") == 2 and ".result" in result["stored"]


@pytest.mark.parametrize("window", [1 << 13, 1 << 24])
def test_the_digest_of_a_stretch_of_a_file(tmp_path: Path, window: int,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # Stretches that start off a page boundary, span several mapped windows, or claim
    # more bytes than the file holds (the digest of what is there: never a match).
    monkeypatch.setattr(layer_digest, "_WINDOW", window)
    data = random.Random(7).randbytes(100_000)
    path = tmp_path / "blob"
    path.write_bytes(data)
    for start, size in ((0, 100_000), (1_000, 50_000), (4_095, 30_000), (90_000, 50_000),
                        (100_000, 10), (5, 0)):
        job = (0, str(path), start, size, "sha256:" + "0" * 64)
        expected = hashlib.sha256(data[start : start + size]).hexdigest()
        assert layer_digest._digest_of(job) == f"sha256:{expected}"
    assert layer_digest._digest_of((0, str(path), 0, 10, "nohash:00")) is None
