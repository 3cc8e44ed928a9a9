"""From an archive's small metadata files to ``ImageInfo`` and the layer blob paths.

Three layouts share this code: ``docker save``'s legacy layout (``manifest.json``,
``<id>/layer.tar``, ``<config>.json``), Docker 25+'s OCI layout inside the save tar
(``index.json`` and ``blobs/`` plus the same ``manifest.json``), and plain OCI image
layouts (``index.json`` -> manifest -> config and layer descriptors). ``manifest.json``
is preferred when present because it names the config and the layers directly.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from workbench.core.errors import BadSourceError
from workbench.core.model import HistoryStep, ImageInfo, Layer

OCI_INDEX_TYPES = (
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
)
# A small metadata file bigger than this is not metadata: refuse instead of buffering it.
MAX_METADATA = 64 << 20


@dataclass(slots=True)
class LayerRef:
    path: str  # where the layer blob lives inside the archive/layout
    media_type: str = ""
    digest: str = ""
    compressed_size: int = 0


@dataclass(slots=True)
class Layout:
    info: ImageInfo
    layers: list[LayerRef] = field(default_factory=list)


ReadSmall = Callable[[str], bytes | None]


def _json(data: bytes, what: str, where: str) -> Any:
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise BadSourceError(
            f"{where}: {what} is not valid JSON; the archive is corrupt."
        ) from None


def _object(value: Any, what: str, where: str) -> dict[str, Any]:
    """``value`` when it is a JSON object; a hostile or broken file gets a sentence."""
    if not isinstance(value, dict):
        raise BadSourceError(f"{where}: {what} is not a JSON object; the archive is corrupt.")
    return value


def _size(value: Any, where: str) -> int:
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BadSourceError(f"{where}: a descriptor's size '{value}' is not a byte count.")
    return value


def blob_path(digest: str, where: str) -> str:
    alg, _, hexpart = digest.partition(":")
    if not alg.isalnum() or not hexpart or not all(c in "0123456789abcdef" for c in hexpart):
        raise BadSourceError(f"{where}: the descriptor digest '{digest}' is malformed.")
    return f"blobs/{alg}/{hexpart}"


def resolve(read_small: ReadSmall, where: str, source: str, pick: str | None = None) -> Layout:
    """Read the layout's metadata and describe the image.

    A ``docker save`` of several images needs ``pick``: one of their tags
    (``app:1``) or ``@N``, the N-th image counting from 0.
    """
    manifest = read_small("manifest.json")
    if manifest is not None:
        return _from_docker_manifest(read_small, manifest, where, source, pick)
    if pick is not None:
        raise BadSourceError(f"{where}: an OCI layout holds one image here; open it without "
                             f"':{pick}'.")
    index = read_small("index.json")
    if index is not None:
        return _from_oci_index(read_small, index, where, source)
    raise BadSourceError(
        f"{where}: not an image archive (no manifest.json or index.json); "
        "give a `docker save` archive, an OCI layout or an image name."
    )


def _need(read_small: ReadSmall, path: str, what: str, where: str) -> bytes:
    data = read_small(path)
    if data is None:
        raise BadSourceError(f"{where}: the {what} '{path}' is missing; the archive is incomplete.")
    return data


def _from_docker_manifest(read_small: ReadSmall, data: bytes, where: str, source: str,
                          pick: str | None) -> Layout:
    manifest = _json(data, "manifest.json", where)
    if not isinstance(manifest, list) or not manifest or not all(
            isinstance(entry, dict) for entry in manifest):
        raise BadSourceError(f"{where}: manifest.json lists no image.")
    entry = _pick_image(manifest, where, pick)
    config_path = str(entry.get("Config", ""))
    layer_paths = entry.get("Layers")
    if not config_path or not isinstance(layer_paths, list):
        raise BadSourceError(f"{where}: manifest.json does not name a config and layers.")
    config_bytes = _need(read_small, config_path, "image config", where)
    layers = [LayerRef(path=str(p)) for p in layer_paths]
    image_id = "sha256:" + hashlib.sha256(config_bytes).hexdigest()
    info = info_from_config(
        _json(config_bytes, "the image config", where), image_id, layers, where, source
    )
    info.repo_tags = _tags(entry)
    return Layout(info=info, layers=layers)


def _tags(entry: dict[str, Any]) -> list[str]:
    tags = entry.get("RepoTags") or []
    return [str(t) for t in tags] if isinstance(tags, list) else []


def _pick_image(manifest: list[dict[str, Any]], where: str, pick: str | None) -> dict[str, Any]:
    """The one image of the archive, or the one ``pick`` names (a tag, or ``@N``)."""
    tags = [_tags(entry) for entry in manifest]
    if pick is None and len(manifest) == 1:
        return manifest[0]
    if pick is not None:
        if pick.startswith("@") and pick[1:].isdigit() and int(pick[1:]) < len(manifest):
            return manifest[int(pick[1:])]
        for entry, names in zip(manifest, tags, strict=True):
            if pick in names:
                return entry
    listed = ", ".join(f"@{i} {' '.join(names) or '(untagged)'}" for i, names in enumerate(tags))
    wanted = "holds" if pick is None else f"has no image '{pick}'; it holds"
    raise BadSourceError(
        f"{where}: the archive {wanted} {len(manifest)} images ({listed}); name one as "
        "docker-archive:PATH:TAG or docker-archive:PATH:@N."
    )


def _pick_manifest(read_small: ReadSmall, index: Any, where: str) -> dict[str, Any]:
    manifests = _object(index, "an image index", where).get("manifests")
    if not isinstance(manifests, list) or not manifests:
        raise BadSourceError(f"{where}: index.json lists no manifest.")
    manifests = [_object(m, "a manifest descriptor", where) for m in manifests]
    # Prefer linux/amd64 when the index is multi-platform; otherwise the first one.
    chosen = manifests[0]
    for m in manifests:
        platform = m.get("platform") or {}
        if not isinstance(platform, dict):
            continue
        if platform.get("os") == "linux" and platform.get("architecture") == "amd64":
            chosen = m
            break
    data = _need(read_small, blob_path(str(chosen.get("digest", "")), where), "manifest", where)
    doc = _object(_json(data, "a manifest", where), "a manifest", where)
    if chosen.get("mediaType") in OCI_INDEX_TYPES or doc.get("mediaType") in OCI_INDEX_TYPES:
        return _pick_manifest(read_small, doc, where)
    return doc


def _from_oci_index(read_small: ReadSmall, data: bytes, where: str, source: str) -> Layout:
    manifest = _pick_manifest(read_small, _json(data, "index.json", where), where)
    config_desc = _object(manifest.get("config") or {}, "the config descriptor", where)
    layer_descs = manifest.get("layers")
    if not config_desc.get("digest") or not isinstance(layer_descs, list):
        raise BadSourceError(f"{where}: the manifest does not name a config and layers.")
    config_digest = str(config_desc["digest"])
    config_bytes = _need(read_small, blob_path(config_digest, where), "image config", where)
    layers = [
        LayerRef(
            path=blob_path(str(d.get("digest", "")), where),
            media_type=str(d.get("mediaType", "")),
            digest=str(d.get("digest", "")),
            compressed_size=_size(d.get("size"), where),
        )
        for d in (_object(d, "a layer descriptor", where) for d in layer_descs)
    ]
    info = info_from_config(
        _json(config_bytes, "the image config", where), config_digest, layers, where, source
    )
    return Layout(info=info, layers=layers)


def history_steps(config: dict[str, Any]) -> list[HistoryStep]:
    steps: list[HistoryStep] = []
    layer_index = 0
    for i, h in enumerate(config.get("history") or []):
        empty = bool(h.get("empty_layer", False))
        steps.append(
            HistoryStep(
                index=i,
                created_by=str(h.get("created_by", "")),
                created=str(h.get("created", "")),
                comment=str(h.get("comment", "")),
                author=str(h.get("author", "")),
                empty_layer=empty,
                layer_index=None if empty else layer_index,
            )
        )
        if not empty:
            layer_index += 1
    return steps


def info_from_config(
    config: Any, image_id: str, refs: list[LayerRef], where: str, source: str
) -> ImageInfo:
    if not isinstance(config, dict):
        raise BadSourceError(f"{where}: the image config is not a JSON object.")
    diff_ids = _object(config.get("rootfs") or {}, "the config's rootfs", where).get("diff_ids")
    if not isinstance(diff_ids, list):
        raise BadSourceError(f"{where}: the config's rootfs lists no diff_ids.")
    if len(diff_ids) != len(refs):
        raise BadSourceError(
            f"{where}: the config lists {len(diff_ids)} layers but the manifest "
            f"{len(refs)}; the archive is inconsistent."
        )
    if not isinstance(config.get("history") or [], list) or not all(
            isinstance(h, dict) for h in config.get("history") or []):
        raise BadSourceError(f"{where}: the config's history is not a list of steps.")
    history = history_steps(config)
    layers = [
        Layer(
            index=i,
            diff_id=str(diff_id),
            size=0,
            digest=ref.digest or str(diff_id),
            compressed_size=ref.compressed_size,
        )
        for i, (diff_id, ref) in enumerate(zip(diff_ids, refs, strict=True))
    ]
    link_history(history, layers)
    return ImageInfo(id=image_id, config=config, history=history, layers=layers, source=source)


def link_history(history: list[HistoryStep], layers: list[Layer]) -> None:
    """Point each layer at the history step that made it (when the counts agree)."""
    for step in history:
        if step.layer_index is not None and step.layer_index < len(layers):
            layer = layers[step.layer_index]
            layer.history_index = step.index
            layer.command = step.created_by
