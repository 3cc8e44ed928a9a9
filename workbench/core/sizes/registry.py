"""Transfer sizes from the registry an image came through (its ``RepoDigests``).

A registry stores each layer compressed and its manifest lists those blob sizes: the
exact bytes a pull transfers. When the manifest can be read (a local registry, or a
public one with an anonymous token) its numbers are used instead of re-compressing
the layers; any failure simply means "unknown here" and the caller falls back.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

TIMEOUT = 10
_MANIFEST_TYPES = ", ".join((
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.index.v1+json",
))
_BEARER = re.compile(r'(\w+)="([^"]*)"')


def _split(repo_digest: str) -> tuple[str, str, str] | None:
    """``host/repo@sha256:x`` -> (registry host, repository, digest)."""
    name, _, digest = repo_digest.partition("@")
    if not digest:
        return None
    first, _, rest = name.partition("/")
    if rest and ("." in first or ":" in first or first == "localhost"):
        return first, rest, digest
    # Docker Hub: official images live under library/.
    return "registry-1.docker.io", name if "/" in name else f"library/{name}", digest


def _get(url: str, token: str = "") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept": _MANIFEST_TYPES})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers or {}), b""


def _anonymous_token(challenge: str) -> str:
    """Follow a ``WWW-Authenticate: Bearer realm=...`` challenge without credentials."""
    fields = dict(_BEARER.findall(challenge))
    realm = fields.pop("realm", "")
    if not realm.startswith("https://"):
        return ""
    status, _headers, body = _get(f"{realm}?{urllib.parse.urlencode(fields)}")
    if status != 200:
        return ""
    data = json.loads(body or b"{}")
    return str(data.get("token") or data.get("access_token") or "")


def _manifest(host: str, repository: str, digest: str,
              architecture: str) -> dict[str, Any] | None:
    """The image manifest; a manifest list is resolved to this architecture's entry."""
    data = _fetch(host, repository, digest)
    entries = (data or {}).get("manifests")
    if isinstance(entries, list):
        chosen = next((m for m in entries if isinstance(m, dict)
                       and (m.get("platform") or {}).get("architecture") == architecture
                       and (m.get("platform") or {}).get("os", "linux") == "linux"), None)
        return _fetch(host, repository, str(chosen["digest"])) if chosen else None
    return data


def _fetch(host: str, repository: str, digest: str) -> dict[str, Any] | None:
    local = host.startswith(("127.", "localhost"))
    for scheme in (("http", "https") if local else ("https",)):
        url = f"{scheme}://{host}/v2/{repository}/manifests/{digest}"
        try:
            status, headers, body = _get(url)
            if status == 401:
                token = _anonymous_token(headers.get("Www-Authenticate")
                                         or headers.get("WWW-Authenticate", ""))
                status, headers, body = _get(url, token) if token else (status, headers, b"")
        except (OSError, ValueError):
            continue
        if status == 200:
            data = json.loads(body)
            return data if isinstance(data, dict) else None
    return None


def registry_layer_sizes(repo_digests: list[str], diff_ids: list[str],
                         architecture: str = "amd64") -> dict[str, int]:
    """{diff_id: compressed bytes} from the first readable manifest, {} when none is.

    A manifest's layers are in the same order as the config's ``diff_ids``; a manifest
    list (several platforms) or a layer count that does not match is not used.
    """
    for repo_digest in repo_digests:
        parts = _split(repo_digest)
        if parts is None:
            continue
        try:
            manifest = _manifest(*parts, architecture)
        except ValueError:
            continue
        layers = (manifest or {}).get("layers")
        if isinstance(layers, list) and len(layers) == len(diff_ids):
            return {diff_id: int(layer.get("size", 0))
                    for diff_id, layer in zip(diff_ids, layers, strict=True)}
    return {}
