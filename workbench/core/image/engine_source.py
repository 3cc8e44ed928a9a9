"""An image in a Docker-compatible engine, read through its ``save`` stream.

The save stream is a tar that can only be read front to back, and in the legacy
layout ``manifest.json`` (which says which ``<id>/layer.tar`` is which layer) comes
last. So one pass scans every layer tar as it streams by (a tar inside a tar, never
written to disk), fingerprints file contents inline since they cannot be revisited,
keeps small metadata members, and maps scans to layers at the end.

``read_info`` needs no layer bytes at all: inspect plus the history API. The exact
image config (with ``empty_layer`` flags) only travels in the save stream, so after
a pass it is cached by image id; until then ``empty_layer`` is inferred.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import posixpath
import tempfile
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, BinaryIO

from workbench.core.errors import BadSourceError, EngineOperationError, EngineUnavailableError
from workbench.core.history_text import instruction_of
from workbench.core.image.cache import LayerCache
from workbench.core.image.layout import MAX_METADATA, LayerRef, info_from_config, resolve
from workbench.core.image.prefetch import Prefetcher
from workbench.core.model import ImageInfo, LayerScan
from workbench.core.progress import ProgressCallback, ProgressEvent, no_progress
from workbench.core.tar.scan import BLOCK, iter_members, looks_like_tar, scan_tar
from workbench.core.tar.streams import (
    CHUNK,
    Chunk,
    StreamReader,
    bounded_chunks,
    compression_of,
    decompressed,
)

# History steps that never make a layer; used only before the real config is known.
_METADATA_STEPS = {
    "ENV", "CMD", "LABEL", "EXPOSE", "ENTRYPOINT", "USER", "VOLUME", "ARG", "ONBUILD",
    "STOPSIGNAL", "HEALTHCHECK", "SHELL", "MAINTAINER",
}  # fmt: skip

if TYPE_CHECKING:
    import docker


def default_client() -> docker.DockerClient:
    """The engine the Docker CLI would use, with a timeout long enough for ``save``."""
    from workbench.core.engine.connection import default_client as connect

    # The 20.10 daemon exports to a temp dir before the first byte of a save arrives.
    return connect(timeout=600)


def _endpoint(client: docker.DockerClient) -> str:
    from workbench.core.engine.connection import endpoint_url

    return endpoint_url(client)


def _broken(url: str, what: str, reason: str) -> EngineUnavailableError:
    """The sentence for a connection that failed after the request was answered."""
    return EngineUnavailableError(
        f"The engine at {url} stopped answering while reading {what} ({reason}): "
        "check that it is running and retry."
    )


def _no_such_image(name: str, url: str) -> BadSourceError:
    return BadSourceError(
        f"docker://{name}: no such image in the engine at {url}; "
        "build or pull it first, or check the name."
    )


@contextlib.contextmanager
def _engine_errors(url: str, name: str) -> Iterator[None]:
    """Turns the SDK's exceptions into one-sentence workbench errors."""
    import docker.errors
    import requests.exceptions
    import urllib3.exceptions

    try:
        yield
    except docker.errors.ImageNotFound:
        raise _no_such_image(name, url) from None
    except docker.errors.APIError as exc:
        if exc.status_code == 404:
            raise _no_such_image(name, url) from None
        raise EngineOperationError(
            f"The engine refused to export {name}: {exc.explanation or exc}."
        ) from None
    except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError) as exc:
        raise _broken(url, name, type(exc).__name__) from None


def _inferred_config(inspect: dict[str, Any], history: list[dict[str, Any]]) -> dict[str, Any]:
    """A config rebuilt from inspect + history when the real one is not cached yet.

    The history API does not say which steps made layers; a step with a size did,
    and the remaining layers go to zero-size steps that are not metadata-only.
    """
    diff_ids = list((inspect.get("RootFS") or {}).get("Layers") or [])
    steps = list(reversed(history))  # the API lists newest first
    makes = [int(h.get("Size") or 0) > 0 for h in steps]
    missing = len(diff_ids) - sum(makes)
    for want_metadata in (False, True):
        for i, h in enumerate(steps):
            if missing <= 0:
                break
            is_meta = instruction_of(str(h.get("CreatedBy", ""))) in _METADATA_STEPS
            if not makes[i] and is_meta == want_metadata:
                makes[i] = True
                missing -= 1
    return {
        "architecture": inspect.get("Architecture", ""),
        "os": inspect.get("Os", ""),
        "created": inspect.get("Created", ""),
        "config": inspect.get("Config") or {},
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": [
            {
                "created_by": h.get("CreatedBy", ""),
                "comment": h.get("Comment", ""),
                "created": _iso(h.get("Created")),
                **({} if makes[i] else {"empty_layer": True}),
            }
            for i, h in enumerate(steps)
        ],
    }


def _iso(stamp: Any) -> str:
    """The history API's Unix seconds as the RFC 3339 text image configs use."""
    if not isinstance(stamp, int | float) or stamp <= 0:
        return ""
    moment = datetime.datetime.fromtimestamp(stamp, tz=datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class EngineSource:
    """An image in an engine (implements ``ImageSource``)."""

    # A save stream is read once: every regular file is fingerprinted as it passes.
    fingerprints_every_file = True
    # How the layers are read, for the report: the engine's save stream.
    read_through = "save"

    def __init__(
        self, name: str, client: docker.DockerClient | None, cache: LayerCache | None
    ) -> None:
        self.name = name
        self.description = f"docker://{name}"
        self._owns_client = client is None
        self._client = default_client() if client is None else client
        self._url = _endpoint(self._client)
        self._cache = cache
        # open_image points this at its caller's callback for the save stream's bytes.
        self.progress: ProgressCallback = no_progress
        self.info: ImageInfo = self._read_info()

    def _read_info(self) -> ImageInfo:
        with _engine_errors(self._url, self.name):
            inspect = self._client.api.inspect_image(self.name)
            history = self._client.api.history(self.name)  # tiny; gives the layer sizes
            image_id = str(inspect.get("Id", ""))
            raw = self._exact_config(inspect, image_id)
            history_sizes = [int(h.get("Size") or 0) for h in reversed(history)]
            config = _inferred_config(inspect, history) if raw is None else json.loads(raw)
        where = self.description
        refs_count = len((config.get("rootfs") or {}).get("diff_ids") or [])
        info = info_from_config(config, image_id, [LayerRef("")] * refs_count, where, where)
        info.read_through = self.read_through
        info.repo_tags = list(inspect.get("RepoTags") or [])
        info.repo_digests = list(inspect.get("RepoDigests") or [])
        for step in info.history:
            if step.layer_index is not None and step.index < len(history_sizes):
                info.layers[step.layer_index].size = history_sizes[step.index]
        return info

    def _exact_config(self, inspect: dict[str, Any], image_id: str) -> bytes | None:
        """The image's config as its bytes, when known without a save (the cache)."""
        return self._cache.get_config(image_id) if self._cache else None

    def _chunks(self, check: Callable[[], None]) -> tuple[Callable[[], bytes], Callable[[], None]]:
        # Saved by id: a tag moved after the inspect cannot swap the image mid-open.
        target = self.info.id or self.name
        with _engine_errors(self._url, self.name):
            stream = self._client.api.get_image(target, chunk_size=CHUNK)
        ahead = Prefetcher(stream)
        # The history API's layer sizes approximate the stream's length (tar headers
        # add a little): enough for a progress bar.
        total = sum(layer.size for layer in self.info.layers) or None
        received = [0]

        def next_chunk() -> bytes:
            check()  # once per chunk: cancelling stops the stream within a megabyte
            with _engine_errors(self._url, self.name):
                chunk = ahead.next_chunk(check)
            received[0] += len(chunk)
            self.progress(ProgressEvent("save", received[0], total, "bytes",
                                        f"reading {self.name} from the engine"))
            return chunk

        return next_chunk, ahead.close

    def _pass(
        self, check: Callable[[], None], layer_handler: Callable[[str, StreamReader], Any]
    ) -> tuple[dict[str, Any], dict[str, bytes], dict[str, str]]:
        """One pass over the save stream: per layer member ``layer_handler(name, reader)``."""
        next_chunk, close = self._chunks(check)
        outer = StreamReader(next_chunk, self.description)
        results: dict[str, Any] = {}
        small: dict[str, bytes] = {}
        links: dict[str, str] = {}
        try:
            for raw_name, flag, size, *_, linkname, _data_pos in iter_members(
                    outer, self.description):
                name = posixpath.normpath(raw_name.lstrip("/"))
                if flag in (ord("1"), ord("2")) and linkname:
                    base = "" if flag == ord("1") else posixpath.dirname(name)
                    links[name] = posixpath.normpath(posixpath.join(base, linkname))
                    continue
                if flag not in (ord("0"), 0, ord("7")) or size == 0:
                    continue
                # Layers are recognised by content: names differ between engines
                # (dockerd: <id>/layer.tar, Docker 25: blobs/sha256/..., Podman: <hex>.tar).
                head = outer.read(min(BLOCK, size))
                if not (looks_like_tar(head) or compression_of(head)):
                    if size <= MAX_METADATA:
                        small[name] = head + outer.read(size - len(head))
                    continue
                rest = bounded_chunks(outer, size - len(head))
                first = [head]

                def chained(first: list[bytes] = first, rest: Callable[[], Chunk] = rest) -> Chunk:
                    return first.pop() if first else rest()

                reader = decompressed(chained, compression_of(head), f"{self.description} ({name})")
                results[name] = layer_handler(name, reader)
        finally:
            close()
        return results, small, links

    def _layer_names(self, small: dict[str, bytes], links: dict[str, str]) -> list[str]:
        def read_small(name: str) -> bytes | None:
            name = posixpath.normpath(name)
            return small.get(links.get(name, name))

        layout = resolve(read_small, self.description, self.description)
        if [x.diff_id for x in layout.info.layers] != [x.diff_id for x in self.info.layers]:
            raise BadSourceError(
                f"{self.description}: the saved image's layers differ from what the engine "
                "reported (was the tag moved meanwhile?); open it again."
            )
        if self._cache is not None:
            config_path = json.loads(small["manifest.json"])[0]["Config"] if (
                "manifest.json" in small) else None
            raw = read_small(config_path) if config_path else None
            if raw is not None and layout.info.id == self.info.id:
                self._cache.put_config(self.info.id, raw)
                self.info.config = layout.info.config
                self.info.history = layout.info.history
                for mine, real in zip(self.info.layers, layout.info.layers, strict=False):
                    mine.history_index, mine.command = real.history_index, real.command
        names = []
        for ref in layout.layers:
            name = posixpath.normpath(ref.path)
            names.append(links.get(name, name))
        return names

    def scan_layers(
        self, indices: list[int], check: Callable[[], None]
    ) -> Iterator[tuple[int, LayerScan, int]]:
        """Scan layers from one save pass; every regular file is fingerprinted inline."""

        def handle(name: str, reader: StreamReader) -> tuple[LayerScan, int]:
            where = f"{self.description} ({name})"
            return scan_tar(reader, "", where, hash_all=True, check=check)

        results, small, links = self._pass(check, handle)
        names = self._layer_names(small, links)
        for i in indices:
            found = results.get(names[i])
            if found is None:
                raise BadSourceError(
                    f"{self.description}: the save stream lacks layer {i + 1} ({names[i]})."
                )
            scan, length = found
            yield i, LayerScan(self.info.layers[i].diff_id, scan.entries, scan.opaque_dirs), length

    def hash_files(
        self, wants: dict[int, set[str]], check: Callable[[], None]
    ) -> dict[int, dict[str, str]]:
        if not wants:
            return {}
        every: set[str] = set().union(*wants.values())

        def handle(name: str, reader: StreamReader) -> dict[str, str]:
            where = f"{self.description} ({name})"
            scan, _ = scan_tar(reader, "", where, hash_paths=every, check=check)
            return {e.path: e.digest for e in scan.entries if e.digest is not None}

        results, small, links = self._pass(check, handle)
        names = self._layer_names(small, links)
        return {i: results.get(names[i], {}) for i in wants}

    @contextlib.contextmanager
    def open_layer(self, index: int) -> Iterator[BinaryIO]:
        """The layer's tar, found by its sha256 (= diff_id) while the save streams by.

        Candidates are spooled one at a time (memory, then a temp file) because the
        stream cannot be rewound once a member turns out to be another layer.
        """
        want = self.info.layers[index].diff_id
        found: list[BinaryIO] = []

        def handle(name: str, reader: StreamReader) -> None:
            if found:
                return
            spool = tempfile.SpooledTemporaryFile(max_size=64 << 20)  # noqa: SIM115
            digest = hashlib.sha256()
            while chunk := reader.read_chunk(CHUNK):
                digest.update(chunk)
                spool.write(chunk)
            if f"sha256:{digest.hexdigest()}" == want:
                spool.seek(0)
                found.append(spool)  # type: ignore[arg-type]
            else:
                spool.close()

        self._pass(lambda: None, handle)
        if not found:
            raise BadSourceError(f"{self.description}: the save stream lacks layer {want}.")
        with found[0] as f:
            yield f

    def close(self) -> None:
        if self._owns_client:
            self._client.close()
