"""The engine's local images as a user picks among them: tags, size, age, digests."""

from __future__ import annotations

import time
from dataclasses import dataclass

import docker
import docker.errors
import requests.exceptions

from workbench.core.engine.connection import endpoint_url, unavailable


@dataclass(frozen=True, slots=True)
class LocalImage:
    id: str  # sha256:…
    tags: tuple[str, ...]  # "name:tag"; empty for a dangling image
    size: int  # bytes, as `docker images` reports
    created: float  # seconds since the epoch
    digests: tuple[str, ...]  # RepoDigests: "name@sha256:…", only after a push or pull

    @property
    def name(self) -> str:
        """What to open it by: its first tag, else its id."""
        return self.tags[0] if self.tags else self.id

    def age(self, now: float | None = None) -> str:
        seconds = max(0.0, (now if now is not None else time.time()) - self.created)
        for unit, length in (("year", 365 * 86400), ("month", 30 * 86400),
                             ("day", 86400), ("hour", 3600), ("minute", 60)):
            if seconds >= length:
                count = int(seconds // length)
                return f"{count} {unit}{'s' if count != 1 else ''} ago"
        return "just now"


def list_images(client: docker.DockerClient, dangling: bool = False) -> list[LocalImage]:
    """Tagged images, newest first (``dangling`` adds the untagged ones)."""
    try:
        rows = client.api.images(all=False)
    except (docker.errors.DockerException, requests.exceptions.RequestException):
        raise unavailable(endpoint_url(client)) from None
    images = []
    for row in rows:
        tags = tuple(t for t in row.get("RepoTags") or [] if t != "<none>:<none>")
        if not tags and not dangling:
            continue
        digests = tuple(d for d in row.get("RepoDigests") or [] if not d.startswith("<none>"))
        images.append(LocalImage(str(row["Id"]), tags, int(row.get("Size") or 0),
                                 float(row.get("Created") or 0), digests))
    images.sort(key=lambda image: (-image.created, image.name))
    return images
