"""An engine image read from the engine's own storage on this host, where it may be.

After a rebuild only a layer or two are new; the save stream would still send the
whole image. When the engine runs here (Docker with overlay2, Podman with its own
overlay store) and its storage is readable (root, or a rootless engine under the
user's home), each layer that the cache lacks is read straight from disk: the layer's
tar-split record (``tar_split.py``) plus its ``diff`` dir give the very tar the save
would send, so the scan is the save stream's, without the engine exporting every layer.

Where it comes from: inspect's ``GraphDriver`` names the layer dirs (``UpperDir`` the
top layer, ``LowerDir`` the rest, top-most first). Docker's layer database beside them
(``image/overlay2/layerdb/sha256/<chain id>``) holds each layer's ``cache-id`` (its
dir, checked against GraphDriver's) and tar-split, its image database the exact
config; Podman's ``overlay-layers/layers.json`` names each dir's diff_id, and the
config is one of the image's big-data files. Anything else (a remote engine, another
driver, the containerd image store, no read access) falls back to the save stream,
with one line saying why.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from workbench.core.image.cache import LayerCache
from workbench.core.image.engine_source import EngineSource
from workbench.core.image.tar_split import AssembledTar
from workbench.core.model import LayerScan
from workbench.core.tar.scan import SMALL_FILE, fingerprint, scan_tar
from workbench.core.tar.streams import CHUNK, ReaderIO

if TYPE_CHECKING:
    import docker

log = logging.getLogger(__name__)

# Set to 0 to always read engine images through the save stream.
ENV_SWITCH = "WORKBENCH_ENGINE_STORAGE"
# Reasons already told: a window rebuilding all day says each one once, not per build.
_SAID: set[str] = set()


@dataclass(frozen=True, slots=True)
class LayerFiles:
    """Where one layer lives on disk."""

    diff_dir: Path  # the layer's content, as overlay2 keeps it
    record: Path  # its tar-split.json.gz


@dataclass(frozen=True, slots=True)
class StorageLayout:
    root: Path  # the engine's data root
    layers: list[LayerFiles]  # bottom-up, as RootFS.Layers
    config: Path  # the image config as the engine stores it


class NoStorage(Exception):
    """Why an image cannot be read from storage here (a sentence, for the note)."""


def chain_ids(diff_ids: list[str]) -> list[str]:
    """The layer database's keys: each layer's id together with all below it."""
    chain: list[str] = []
    for diff_id in diff_ids:
        if chain:
            text = f"{chain[-1]} {diff_id}".encode()
            chain.append("sha256:" + hashlib.sha256(text).hexdigest())
        else:
            chain.append(diff_id)
    return chain


def locate(inspect: dict[str, Any], url: str) -> StorageLayout:
    """The image's layers on this host's disk; raises ``NoStorage`` saying why not."""
    if os.environ.get(ENV_SWITCH, "1") == "0":
        raise NoStorage(f"{ENV_SWITCH}=0 asks for the save stream")
    if not url.startswith("unix://"):
        raise NoStorage(f"the engine at {url} is not on this host")
    driver = inspect.get("GraphDriver") or {}
    name, data = str(driver.get("Name") or ""), driver.get("Data") or {}
    if name not in ("overlay2", "overlay"):
        raise NoStorage(f"the engine stores images with '{name or 'an unknown store'}', "
                        "not overlay2 (Docker) or overlay (Podman)")
    diff_ids = [str(d) for d in (inspect.get("RootFS") or {}).get("Layers") or []]
    if not diff_ids:
        raise NoStorage("the image has no layers to read")
    upper = str(data.get("UpperDir") or "")
    lower = [d for d in str(data.get("LowerDir") or "").split(":") if d]
    dirs = [Path(d) for d in reversed([upper, *lower]) if d]
    if len(dirs) != len(diff_ids):
        raise NoStorage("the engine's layer dirs do not match the image's layers")
    root = dirs[-1].parents[2]  # <root>/overlay2/<cache id>/diff, <root>/overlay/<id>/diff
    image_hex = str(inspect.get("Id") or "").partition(":")[2]
    try:
        if name == "overlay2":
            layers, config = _docker_layers(root, dirs, diff_ids, image_hex)
        else:
            layers, config = _podman_layers(root, dirs, diff_ids, image_hex)
        # Both kinds of files must open: the top layer stands for the rest.
        with open(layers[-1].record, "rb"):
            pass
        os.scandir(layers[-1].diff_dir).close()
    except PermissionError as exc:
        raise NoStorage(f"this user may not read the engine's storage at {root} "
                        f"({exc.strerror})") from None
    except OSError as exc:
        raise NoStorage(f"the engine's storage at {root} is not readable here "
                        f"({exc.strerror or exc})") from None
    return StorageLayout(root, layers, config)


def _docker_layers(root: Path, dirs: list[Path], diff_ids: list[str],
                   image_hex: str) -> tuple[list[LayerFiles], Path]:
    """dockerd's layer database names each layer by chain id and its dir by cache-id."""
    layerdb = root / "image" / "overlay2" / "layerdb" / "sha256"
    layers = []
    for directory, chain in zip(dirs, chain_ids(diff_ids), strict=True):
        entry = layerdb / chain.partition(":")[2]
        if (entry / "cache-id").read_text().strip() != directory.parent.name:
            raise NoStorage("the engine's layer database disagrees with inspect")
        layers.append(LayerFiles(directory, entry / "tar-split.json.gz"))
    config = root / "image" / "overlay2" / "imagedb" / "content" / "sha256" / image_hex
    return layers, config


def _podman_layers(root: Path, dirs: list[Path], diff_ids: list[str],
                   image_hex: str) -> tuple[list[LayerFiles], Path]:
    """containers/storage (Podman, Buildah) lists layers in ``overlay-layers/layers.json``
    by the id their dir is named after, each with its diff_id; the record is beside it."""
    import json

    try:
        listed = json.loads((root / "overlay-layers" / "layers.json").read_bytes())
        digests = {str(x.get("id")): str(x.get("diff-digest")) for x in listed}
    except (ValueError, TypeError, AttributeError):
        raise NoStorage("the engine's layer list is unreadable") from None
    layers = []
    for directory, diff_id in zip(dirs, diff_ids, strict=True):
        layer_id = directory.parent.name
        if digests.get(layer_id) != diff_id:
            raise NoStorage("the engine's layer list disagrees with inspect")
        layers.append(LayerFiles(directory, root / "overlay-layers" / f"{layer_id}.tar-split.gz"))
    # Big data of an image is stored under "=" + base64 of its key; the config's key
    # is its digest, the image id.
    key = base64.b64encode(f"sha256:{image_hex}".encode()).decode()
    return layers, root / "overlay-images" / image_hex / f"={key}"


class StorageSource(EngineSource):
    """An engine image whose new layers are read from storage when it can be, else
    through the save stream (``read_through`` says which; ``note`` why not storage)."""

    def __init__(
        self, name: str, client: docker.DockerClient | None, cache: LayerCache | None
    ) -> None:
        self._layout: StorageLayout | None = None
        self._read_from_disk = False  # some layer of this opening came from storage
        self.note = ""
        super().__init__(name, client, cache)  # inspects, then calls _exact_config

    @property
    def read_through(self) -> str:  # type: ignore[override]
        return "storage" if self._layout is not None else "save"

    @property
    def fingerprints_every_file(self) -> bool:  # type: ignore[override]
        # Read from disk, a file is hashed only when the analysis needs it; so a
        # fallback midway leaves layers without fingerprints to find.
        return self._layout is None and not self._read_from_disk

    def _exact_config(self, inspect: dict[str, Any], image_id: str) -> bytes | None:
        try:
            self._layout = locate(inspect, self._url)
        except NoStorage as why:
            self._fall_back(str(why))
        cached = super()._exact_config(inspect, image_id)
        if cached is not None or self._layout is None:
            return cached
        # The image database holds the config itself: its hash is the image id.
        try:
            raw = self._layout.config.read_bytes()
        except OSError:
            return None
        if "sha256:" + hashlib.sha256(raw).hexdigest() != image_id:
            return None
        if self._cache is not None:
            self._cache.put_config(image_id, raw)
        return raw

    def _fall_back(self, why: str) -> None:
        self._layout = None
        self.note = why
        if hasattr(self, "info"):  # not yet while the image is first inspected
            self.info.read_through = "save"
        # A missing permission is worth telling: the user can do something about it.
        level = logging.WARNING if "may not read" in why and why not in _SAID else logging.INFO
        _SAID.add(why)
        log.log(level, "%s: reading the whole image through the save stream, which is "
                "slower, because %s.", self.description, why)

    def scan_layers(
        self, indices: list[int], check: Callable[[], None]
    ) -> Iterator[tuple[int, LayerScan, int]]:
        layout = self._layout
        if layout is None:
            yield from super().scan_layers(indices, check)
            return
        log.info("%s: reading %d new layer(s) of %d from the engine's storage at %s.",
                 self.description, len(indices), len(self.info.layers), layout.root)
        left = list(indices)
        while left:
            i = left[0]
            check()
            where = f"{self.description} (layer {i + 1})"
            try:
                reader = AssembledTar(layout.layers[i].record, layout.layers[i].diff_dir, where)
            except OSError as exc:
                self._fall_back(f"layer {i + 1} is not readable in storage ({exc.strerror})")
                yield from super().scan_layers(left, check)
                return
            try:
                scan, length = scan_tar(reader, self.info.layers[i].diff_id, where, check=check)
            finally:
                reader.close()
            left.pop(0)
            self._read_from_disk = True
            yield i, scan, length

    def hash_files(
        self, wants: dict[int, set[str]], check: Callable[[], None]
    ) -> dict[int, dict[str, str]]:
        layout = self._layout
        if layout is None or not wants:
            return super().hash_files(wants, check)
        found: dict[int, dict[str, str]] = {}
        try:
            for i, paths in sorted(wants.items()):
                check()
                diff_dir = os.fsencode(layout.layers[i].diff_dir)
                found[i] = {path: _digest(os.path.join(diff_dir, os.fsencode(path)))
                            for path in paths}
        except OSError as exc:
            self._fall_back(f"a file is not readable in storage ({exc.strerror})")
            return super().hash_files(wants, check)
        return found

    @contextlib.contextmanager
    def open_layer(self, index: int) -> Iterator[BinaryIO]:
        layout = self._layout
        if layout is None:
            with super().open_layer(index) as f:
                yield f
            return
        files = layout.layers[index]
        try:
            reader = AssembledTar(files.record, files.diff_dir,
                                  f"{self.description} (layer {index + 1})")
        except OSError as exc:
            self._fall_back(f"layer {index + 1} is not readable in storage ({exc.strerror})")
            with super().open_layer(index) as f:
                yield f
            return
        try:
            yield io.BufferedReader(ReaderIO(reader), 1 << 16)
        finally:
            reader.close()


def _digest(path: bytes) -> str:
    """A file's fingerprint as the tar scanner computes it from the member's data."""
    with open(path, "rb") as f:
        data = f.read(SMALL_FILE + 1)
        if len(data) <= SMALL_FILE:
            from xxhash import xxh3_128_hexdigest

            return xxh3_128_hexdigest(data)

        def chunks() -> Iterator[bytes]:
            yield data
            while chunk := f.read(CHUNK):
                yield chunk

        return fingerprint(chunks())
