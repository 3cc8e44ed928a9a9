"""Opening an image from any source string: the entry point every panel and command uses.

SOURCE is ``docker://NAME`` or a bare image name (when no such path exists) for an
image in the engine; a path to a ``docker save`` or OCI archive; ``oci://DIR`` or a
directory holding an OCI layout. The format is detected from the content.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple, Protocol

from workbench.core.errors import BadSourceError
from workbench.core.image.archive import StoredImageSource
from workbench.core.image.cache import LayerCache
from workbench.core.image.fingerprints import attach, missing_fingerprints
from workbench.core.model import Entry, ImageInfo, LayerScan
from workbench.core.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress

if TYPE_CHECKING:
    import docker

# An image reference as the Docker CLI accepts it (registry/namespace/name:tag@digest),
# or an image id; anything else that is not an existing path is reported as missing.
_REFERENCE = re.compile(
    r"^(?:[a-z0-9.-]+(?::\d+)?/)?[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*"
    r"(?::[\w][\w.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$|^(?:sha256:)?[0-9a-f]{12,64}$"
)


class ImageSource(Protocol):
    """Where an opened image's bytes come from, to read layer contents again."""

    description: str

    def open_layer(self, index: int) -> AbstractContextManager[BinaryIO]:
        """The uncompressed layer tar as a forward-readable binary stream."""
        ...


class _Source(ImageSource, Protocol):
    info: ImageInfo

    def scan_layers(
        self, indices: list[int], check: Callable[[], None]
    ) -> Iterator[tuple[int, LayerScan, int]]: ...

    def hash_files(
        self, wants: dict[int, set[str]], check: Callable[[], None]
    ) -> dict[int, dict[str, str]]: ...

    def close(self) -> None: ...


@dataclass
class OpenedImage:
    info: ImageInfo
    scans: list[LayerScan]  # same order as info.layers
    source: ImageSource  # to read layer contents again (extract, content hashing)
    # The layers as the analysis reads them (``LayerColumns``), when fingerprinting
    # built them already: the next ``analyze`` takes them (they serve one analysis).
    columns: list[Any] | None = field(default=None, repr=False, compare=False)


def _make_source(
    source: str, client: docker.DockerClient | None, cache: LayerCache | None
) -> _Source:
    def engine(name: str) -> _Source:
        # Layers come from the engine's storage where this host can read it, else
        # through the save stream (the source decides, and says which).
        from workbench.core.image.storage_source import StorageSource

        return StorageSource(name, client, cache)

    if source.startswith("docker://"):
        name = source[len("docker://") :]
        if not name:
            raise BadSourceError("docker:// needs an image name, e.g. docker://busybox:latest.")
        return engine(name)
    pick: str | None = None
    for prefix in ("oci://", "oci:", "oci-archive:", "docker-archive:"):
        if source.startswith(prefix):
            rest = source[len(prefix) :]
            path = Path(rest).expanduser()
            if not path.exists() and prefix == "docker-archive:":
                path, pick = _archive_and_pick(rest)
            if not path.exists():
                raise BadSourceError(f"{path}: no such file or directory.")
            break
    else:
        path = Path(source).expanduser()
    if path.is_dir():
        if not (path / "index.json").exists() and not (path / "oci-layout").exists():
            raise BadSourceError(
                f"{path}: this directory is not an OCI image layout (no index.json or "
                "oci-layout); give an archive file, an OCI layout or an image name."
            )
        return StoredImageSource(path, directory=True)
    if path.is_file():
        return StoredImageSource(path, directory=False, pick=pick)
    if path.exists():
        raise BadSourceError(f"{path}: not a regular file or directory.")
    if _REFERENCE.match(source):
        return engine(source)
    raise BadSourceError(
        f"{source}: no such file or directory, and not a valid image name either."
    )


def _archive_and_pick(rest: str) -> tuple[Path, str | None]:
    """``PATH:TAG`` or ``PATH:@N`` (skopeo's docker-archive spelling): the first prefix
    up to a colon that is an existing file is the path, the rest names the image."""
    at = rest.find(":")
    while at > 0:
        candidate = Path(rest[:at]).expanduser()
        if candidate.is_file():
            return candidate, rest[at + 1 :] or None
        at = rest.find(":", at + 1)
    return Path(rest).expanduser(), None


def read_info(source: str, *, client: docker.DockerClient | None = None) -> ImageInfo:
    """Config, history and layer sizes without scanning any layer (engine: inspect + history).

    For engine images ``Layer.size`` here is the history API's size of the layer's
    content; ``open_image`` replaces it by the layer tar's length, as for archives.
    """
    src = _make_source(source, client, LayerCache())
    try:
        return src.info
    finally:
        src.close()


def open_image(
    source: str,
    *,
    client: docker.DockerClient | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    cache: LayerCache | None = None,
) -> OpenedImage:
    """Read an image and scan every layer (cached scans are reused, never re-read)."""
    cache = cache if cache is not None else LayerCache()
    check: Callable[[], None] = cancel.check if cancel is not None else (lambda: None)
    src = _make_source(source, client, cache)
    if hasattr(src, "progress"):
        src.progress = progress  # the engine source reports the save stream's bytes
    try:
        image, store = _scan_all(src, cache, progress, check)
        store.verify()
        store.write(lambda: True)
        return image
    except BaseException:
        src.close()
        raise


class Store(NamedTuple):
    """What ``_scan_all`` leaves to do once the image is wanted for good: ``verify``
    the layer bytes (raises on a mismatch), and ``write`` the new scans to the cache:
    it prepares them, then calls the function it is given, which says whether they
    may take their place (the verdict), and puts them there or drops them."""

    verify: Callable[[], None]
    write: Callable[[Callable[[], bool]], None]


def _scan_all(
    src: _Source, cache: LayerCache, progress: ProgressCallback, check: Callable[[], None],
    *, index_layers: Callable[[list[LayerScan]], list[Any]] | None = None,
) -> tuple[OpenedImage, Store]:
    """Every layer's scan, from the cache or the source, with the fingerprints the
    statuses need; and the steps that store what is new in the cache (``open_image``
    takes them at once, a report after its analysis, which overlaps the check of the
    layer bytes). ``index_layers``: an analysis follows at once and gives the indexer
    of its per-layer columns (each with ``unique`` and a ``files`` path map); they are
    built here (``OpenedImage.columns``) so that their path maps serve the
    fingerprints too; a bare opening builds no more than the fingerprints need."""
    info = src.info
    total = len(info.layers)
    scans: list[LayerScan | None] = [None] * total
    lengths: dict[int, int] = {}
    checksums: list[bytes | None] = [None] * total
    for i, layer in enumerate(info.layers):
        cached = cache.get(layer.diff_id)
        if cached is not None:
            scans[i], lengths[i], checksums[i] = cached.scan, cached.tar_size, cached.checksum
    missing = [i for i, scan in enumerate(scans) if scan is None]
    done = total - len(missing)
    progress(ProgressEvent("scan", done, total, "layers", f"{done} of {total} layers cached"))
    check()
    # New scans are stored by ``Store.write``: once, after their fingerprints are
    # attached (packing a big layer costs a tenth of its scan), and only once the
    # layer's bytes are known to match its diff_id: a scan is shared through the cache
    # with every image and source naming that diff_id, so an altered archive must not
    # put its own listing under it. A report stores them on the other core.
    pending: set[int] = set()  # layers whose scan still has to be stored
    if missing:
        for i, scan, length in src.scan_layers(missing, check):
            scans[i] = scan
            lengths[i] = length
            pending.add(i)
            done += 1
            progress(ProgressEvent("scan", done, total, "layers",
                                   f"layer {i + 1} scanned"))
    complete = [scan for scan in scans if scan is not None]
    if len(complete) != total:
        raise BadSourceError(f"{src.description}: some layers could not be read.")
    fingerprinted = bool(missing) or cache.get_complete(info.id) != checksums
    # A source that fingerprints every file it scans (the engine's one-pass
    # stream) leaves nothing to find when it scanned every layer.
    inline = len(missing) == total and getattr(src, "fingerprints_every_file", False)
    columns = maps = None
    if fingerprinted and not inline:
        if index_layers is not None:  # the analysis' maps serve the fingerprints too
            columns = index_layers(complete)
            if all(c.unique for c in columns):
                maps = [c.files for c in columns]
        pending |= _fingerprint(src, complete, maps, progress, check)
    for i, layer in enumerate(info.layers):
        if lengths.get(i):
            layer.size = lengths[i]
    progress(ProgressEvent("scan", total, total, "layers", "done"))

    def verify() -> None:
        check_layers = getattr(src, "verify_layers", None)
        if check_layers is not None:
            check_layers()  # a mismatch raises, and nothing is stored

    def write(verdict: Callable[[], bool]) -> None:
        staged = {i: cache.stage(complete[i], lengths.get(i, 0)) for i in sorted(pending)}
        go = False
        try:
            go = verdict()
        finally:
            for i, file in staged.items():
                if file is None:
                    checksums[i] = None
                elif go:
                    checksums[i] = cache.commit(file)
                else:
                    cache.discard(file)
        if fingerprinted and all(checksums):
            cache.put_complete(info.id, [c for c in checksums if c is not None])

    image = OpenedImage(info=info, scans=complete, source=src, columns=columns)
    return image, Store(verify, write)


def _fingerprint(
    src: _Source,
    scans: list[LayerScan],
    maps: list[dict[str, Entry]] | None,
    progress: ProgressCallback,
    check: Callable[[], None],
) -> set[int]:
    """Hash the files whose "modified or unchanged" answer is not known yet; returns
    the layers that gained fingerprints (their stored scans lack them)."""
    wants = missing_fingerprints(scans, maps)
    if wants:
        progress(ProgressEvent("fingerprint", 0, len(wants), "layers",
                               "hashing files that recur across layers"))
    # With nothing wanted the call still lets the source drop what it kept for hashing.
    found = src.hash_files(wants, check)
    return {i for i, digests in found.items()
            if attach(scans[i], digests, maps[i] if maps is not None else None)}
