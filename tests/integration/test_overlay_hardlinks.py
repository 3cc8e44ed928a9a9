"""A hard link in a layer is a file with content, as the kernel and ``docker export``
show it, not the 0-byte header its tar member has."""

from __future__ import annotations

import tarfile
from typing import Any

import pytest

from workbench.core.labels import labels
from workbench.core.overlay.image_stack import open_stack_view

pytestmark = pytest.mark.engine


def _exported_sizes(docker_client: Any, image: str, tmp_path: Any) -> dict[str, tuple[int, str]]:
    """path -> (content size, hard-link target or "") from ``docker export``."""
    container = docker_client.api.create_container(image, "true", labels=labels("test"))
    try:
        archive = tmp_path / "export.tar"
        with open(archive, "wb") as out:
            for chunk in docker_client.api.export(container["Id"]):
                out.write(chunk)
    finally:
        docker_client.api.remove_container(container["Id"], force=True)
    sizes: dict[str, tuple[int, str]] = {}
    with tarfile.open(archive) as tar:
        for member in tar:
            if member.isfile():
                sizes[member.name] = (member.size, "")
            elif member.islnk():
                sizes[member.name] = (sizes[member.linkname][0], member.linkname)
    return sizes


def test_debian_hard_links_show_their_content_size(docker_client: Any, tmp_path: Any) -> None:
    exported = _exported_sizes(docker_client, "debian:bookworm", tmp_path)
    linked = {path: size for path, (size, target) in exported.items() if target}
    assert "usr/bin/gunzip" in linked or "usr/bin/uncompress" in linked
    view = open_stack_view("docker://debian:bookworm", 0, client=docker_client)
    merged = {e.path: e for e in view.merged}
    for path, size in linked.items():
        entry = merged[path]
        assert entry.kind == "file" and entry.size == size, (path, entry)
        assert entry.link  # says which file it shares its content with
    assert merged["usr/bin/gunzip"].size == merged["usr/bin/uncompress"].size == 2346
    assert "hard-linked with usr/bin/" in merged["usr/bin/gunzip"].describe()
