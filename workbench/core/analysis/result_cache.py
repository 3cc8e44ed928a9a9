"""Opening *and* analysing an image, with the analysis report cached by image id.

An image id is the digest of its config, which names every layer's diff_id; layers
are immutable, so the report (per-layer counts, dive's metrics, reclaimable bytes)
of one image id never changes while the code computing it stays the same. Reopening
an analysed image therefore reads its config, finds the report under
``sha256-<image id>.result`` and reads no layer scan at all.

The cache key includes an *analysis version*: a checksum of the source files whose
code decides the report (the analysis package, the scanner, the model). Any edit to
them, an upgrade included, recomputes the report from the layers instead of trusting
an old one. The first analysis of an image is always computed from its layers.

What is cached is the report body of the JSON document (``report_json.report_body``),
plain lists and numbers: writing a cached report builds no analysis object at all.
It serves reports (``workbench analyze``, ``workbench layers``); views that walk file
trees need ``open_image`` + ``analyze``.
"""

from __future__ import annotations

import importlib
import os
import stat
import threading
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import msgpack
import xxhash

from workbench.core.analysis.report_json import Rows
from workbench.core.image.aside import Aside
from workbench.core.image.cache import LayerCache
from workbench.core.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress

if TYPE_CHECKING:
    import docker

    from workbench.core.analysis.analyze import Analysis
    from workbench.core.model import ImageInfo, LayerScan

RESULT_FORMAT = 4
_BODY_NUMBERS = ("size_bytes", "efficiency", "wasted_bytes", "user_wasted_percent",
                 "reclaimable_bytes")
_CORE = Path(__file__).resolve().parents[1]
# Source files whose behaviour decides the report; see the module docstring.
# layout.py and engine_source.py build the history the layer reports' commands come from.
_VERSIONED = ("analysis/*.py", "tar/scan.py", "image/fingerprints.py",
              "image/cache.py", "image/layout.py", "image/engine_source.py", "model.py",
              "history_text.py")


@cache
def analysis_version() -> str | None:
    """Checksum of the code that computes a report; None (no caching) when unreadable."""
    h = xxhash.xxh3_128()
    h.update(b"%d" % RESULT_FORMAT)
    try:
        for pattern in _VERSIONED:
            files = sorted(_CORE.glob(pattern))
            if not files:
                return None
            for path in files:
                h.update(path.name.encode())
                h.update(path.read_bytes())
    except OSError:
        return None
    return h.hexdigest()


class ImageReport(NamedTuple):
    """An image's analysis report: ``image`` (the document's image block: source, id,
    repo tags, os, architecture) and ``body`` (``report_json.report_body``).

    ``analysis`` is set when the report was computed just now; ``info`` whenever the
    image's config was read (a report found by the archive's identity reads none).
    ``report_json.document_text(image, text, ci)`` writes the JSON report.
    """

    image: dict[str, Any]
    body: dict[str, Any]
    # The body's members as the JSON report writes them (``report_json.body_members_text``)
    text: bytes
    analysis: Analysis | None = None
    info: ImageInfo | None = None


_TABLES = ("inefficient_files", "reclaimable")  # the long lists of a body
# Paths that are not UTF-8 in the image are kept as surrogateescape strings: stored
# as their original bytes.
_NAMES = "surrogateescape"
# Rows of each long list stored as they are: what a summary shows without parsing the
# rest (``workbench analyze`` lists the top 10 inefficient files unless told more).
_HEAD = 20


class StoredRows(Rows):
    """A long list of a cached report (inefficient files, reclaimable paths).

    The cache stores the report's JSON text anyway (it is what ``--json`` writes), so a
    long list is stored only as its length and first rows; the rest is parsed from the
    text the first time a row beyond them is read. Packing tens of thousands of rows a
    second time cost a first analysis more than the rare full read costs."""

    def __init__(self, key: str, table: dict[str, Any], text: bytes) -> None:
        self._key, self._text = key, text
        self._count = int(table["count"])
        self._rows: list[dict[str, Any]] = list(table["head"])
        if len(self._rows) > self._count or not all(isinstance(r, dict) for r in self._rows):
            raise ValueError("malformed rows")

    def _all(self) -> list[dict[str, Any]]:
        if len(self._rows) < self._count:
            rows = _members(self._text)[self._key]
            if not isinstance(rows, list) or len(rows) != self._count:
                raise ValueError(f"the stored text's {self._key} do not match their count")
            self._rows = rows
        return self._rows

    def __len__(self) -> int:
        return self._count

    def rows_in(self, index: slice) -> list[dict[str, Any]]:
        _, stop, step = index.indices(self._count)
        rows = self._rows if step > 0 and stop <= len(self._rows) else self._all()
        return rows[index]

    def row_at(self, index: int) -> dict[str, Any]:
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError("row index out of range")
        return (self._rows if index < len(self._rows) else self._all())[index]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self._all())


def _members(text: bytes) -> dict[str, Any]:
    """The report members ``body_members_text`` wrote, parsed back."""
    import orjson

    from workbench.core import json_doc

    members = orjson.loads(b"{" + text + b"}")
    if b'_b64"' in text:  # a name that is not UTF-8: back to its exact bytes
        members = json_doc.restore(members)
    if not isinstance(members, dict):
        raise ValueError("the stored text is not an object")
    return members


def _pack(image: dict[str, Any], body: dict[str, Any], text: bytes, version: str) -> bytes:
    packed = {key: {"count": len(value), "head": value[:_HEAD]} if key in _TABLES else value
              for key, value in body.items()}
    return msgpack.packb({"version": version, "image": image, "body": packed, "text": text},
                         use_bin_type=True, unicode_errors=_NAMES)


def _unpack(raw: bytes, image_id: str, layer_count: int | None,
            version: str) -> tuple[dict[str, Any], dict[str, Any], bytes] | None:
    """(image block, body, body text) of a stored report that is whole and of this code
    version."""
    try:
        doc = msgpack.unpackb(raw, raw=False, strict_map_key=True, unicode_errors=_NAMES)
        image, packed, text = doc["image"], doc["body"], doc["text"]
        if doc["version"] != version or image["id"] != image_id or type(text) is not bytes:
            return None
        body = {key: StoredRows(key, value, text) if key in _TABLES else value
                for key, value in packed.items()}
        if layer_count is not None and len(body["layers"]) != layer_count:
            return None
        for key in _BODY_NUMBERS:
            if not isinstance(body[key], int | float):
                return None
        return image, body, text
    except (ValueError, KeyError, TypeError, IndexError, msgpack.UnpackException):
        return None  # a damaged or foreign entry is recomputed, never trusted


def _file_identity(source: str) -> str | None:
    """A key for an archive file as it is now: the source text plus the file's device,
    inode, size and modification and change times. Rewriting the file (``docker save
    -o`` again, a copy over it) changes the times, so the key moves with its content;
    the change time cannot be set back by a program. None for anything but a file."""
    try:
        st = os.stat(source)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    text = "\0".join(map(str, (source, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns,
                                st.st_ctime_ns)))
    return "file:" + xxhash.xxh3_128_hexdigest(text.encode("utf-8", "surrogateescape"))


def _by_identity(cache: LayerCache, identity: str, version: str) -> ImageReport | None:
    raw = cache.get_result(identity)
    if raw is None:
        return None
    try:
        image = msgpack.unpackb(raw, raw=False, unicode_errors=_NAMES)
        image_id = image["id"]
    except (ValueError, KeyError, TypeError, msgpack.UnpackException):
        return None
    stored = cache.get_result(image_id) if isinstance(image_id, str) else None
    found = _unpack(stored, image_id, None, version) if stored is not None else None
    # The image block is the one recorded for this very source, not the one stored
    # with the report (which may have been computed through another path).
    return ImageReport(image, found[1], found[2]) if found is not None else None


def report_of(
    source: str,
    *,
    client: docker.DockerClient | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    cache: LayerCache | None = None,
) -> ImageReport:
    """The analysis report of ``source``: from the result cache when this image id was
    analysed by the same code before, else ``open_image`` + ``analyze`` (then stored).

    An archive file seen before (same path, inode, size and times) finds its image id
    without reading the archive at all.
    """
    cache = cache if cache is not None else LayerCache()
    version = analysis_version()
    identity = _file_identity(source) if version is not None else None
    if identity is not None and version is not None:
        found = _by_identity(cache, identity, version)
        if found is not None:
            progress(ProgressEvent("analyze", 1, 1, "images", "report from the cache"))
            return found
    # Imported only now: the lookup above needs none of the reading machinery.
    from workbench.core.analysis.report_json import body_members_text, image_block, report_body
    from workbench.core.image.open import _make_source

    src = _make_source(source, client, cache)
    info = src.info
    try:
        if version is not None:
            raw = cache.get_result(info.id)
            stored = _unpack(raw, info.id, len(info.layers), version) if raw else None
            if stored is not None:
                progress(ProgressEvent("analyze", 1, 1, "images", "report from the cache"))
                src.close()
                image = image_block(info)
                _remember(cache, identity, image)
                return ImageReport(image, stored[1], stored[2], info=info)
        analysis, verify, writing = _analyze(src, cache, progress, cancel)
        try:
            # The report is made while the layer bytes are still being checked;
            # nothing is stored or returned before the check passes.
            image, body = image_block(analysis.info), report_body(analysis)
            text = body_members_text(body)
            verify()
            writing.decide(True)
            if version is not None:
                cache.put_result(analysis.info.id, _pack(image, body, text, version))
                _remember(cache, identity, image)
        finally:
            writing.wait()
    except BaseException:
        src.close()
        raise
    return ImageReport(image, body, text, analysis, analysis.info)


def _remember(cache: LayerCache, identity: str | None, image: dict[str, Any]) -> None:
    if identity is not None:
        cache.put_result(identity, msgpack.packb(image, use_bin_type=True,
                                                  unicode_errors=_NAMES))


def _analyze(src: Any, cache: LayerCache, progress: ProgressCallback,
             cancel: CancelToken | None) -> tuple[Analysis, Callable[[], None], Aside]:
    """The analysis; the check of the layer bytes (raises on a mismatch); and the new
    scans being written beside it (``aside``): ``decide`` whether they take their place
    once the check has passed, ``wait`` before the command ends."""
    from workbench.core.image.archive import StoredImageSource
    from workbench.core.image.open import _scan_all

    check = cancel.check if cancel is not None else (lambda: None)
    if hasattr(src, "progress"):
        src.progress = progress  # the engine source reports the save stream's bytes
    # An engine takes seconds to its first byte of a save (dockerd exports to disk
    # first): the analysis code loads on a helper thread meanwhile, instead of before
    # the request or after the stream. An archive is read at once: no waiting to fill,
    # and with no other thread its layers are checked by a forked helper process.
    from_engine = not isinstance(src, StoredImageSource)
    preload = threading.Thread(target=importlib.import_module,
                               args=("workbench.core.analysis.analyze",),
                               name="preload-analysis")
    if from_engine:
        preload.start()
    try:
        image, store = _scan_all(src, cache, progress, check, index_layers=_layer_columns)
    finally:
        if from_engine:
            preload.join()
    from workbench.core.analysis.analyze import analyze

    # An engine image's new scans are written during the analysis: the stream has
    # ended, the other core is free. An archive's once it is analysed, while the
    # report is made: during the analysis the other core still checks the layer bytes.
    writing = Aside(store.write) if from_engine else None
    try:
        analysis = analyze(image, progress=progress, cancel=cancel)
    except BaseException:
        if writing is not None:
            writing.wait()
        raise
    return analysis, store.verify, writing or Aside(store.write)


def _layer_columns(scans: list[LayerScan]) -> list[Any]:
    from workbench.core.analysis.layer_index import LayerColumns

    return [LayerColumns(scan) for scan in scans]
