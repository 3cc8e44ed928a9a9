"""Extracting files and folders from images: a real engine image, and hostile hand-made tars."""

from __future__ import annotations

import io
import json
import os
import stat
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pytest

from workbench.core.errors import CancelledError
from workbench.core.extract import ExtractError, extract
from workbench.core.progress import CancelToken


class SavedImage:
    """Layer tars of a ``docker save`` archive, bottom layer first."""

    def __init__(self, archive: Path) -> None:
        self.archive = archive
        with tarfile.open(archive) as tar:
            manifest = tar.extractfile("manifest.json")
            assert manifest is not None
            self.layers: list[str] = json.load(manifest)[0]["Layers"]

    @contextmanager
    def open_layer(self, index: int) -> Iterator[IO[bytes]]:
        with tarfile.open(self.archive) as tar:
            member = tar.extractfile(self.layers[index])
            assert member is not None
            yield member


class TarLayers:
    """Layers made in the test from (name, kind, data/link) tuples."""

    def __init__(self, *layers: list[tuple[str, str, str]]) -> None:
        self.blobs = [self._tar(layer) for layer in layers]

    @staticmethod
    def _tar(entries: list[tuple[str, str, str]]) -> bytes:
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w") as tar:
            for name, kind, data in entries:
                info = tarfile.TarInfo(name)
                payload = None
                if kind == "dir":
                    info.type, info.mode = tarfile.DIRTYPE, 0o755
                elif kind == "file":
                    payload = data.encode()
                    info.size, info.mode = len(payload), 0o644
                elif kind == "symlink":
                    info.type, info.linkname = tarfile.SYMTYPE, data
                elif kind == "hardlink":
                    info.type, info.linkname = tarfile.LNKTYPE, data
                elif kind == "char":
                    info.type, info.devmajor, info.devminor = tarfile.CHRTYPE, 1, 3
                tar.addfile(info, io.BytesIO(payload) if payload is not None else None)
        return buffer.getvalue()

    @contextmanager
    def open_layer(self, index: int) -> Iterator[IO[bytes]]:
        yield io.BytesIO(self.blobs[index])


DOCKERFILE = """\
FROM busybox:latest
RUN mkdir -p /data/sub /data/gone && echo one > /data/a && echo sub > /data/sub/s \\
    && ln -s /etc/passwd /data/link && ln /data/a /data/hard && mkfifo /data/fifo \\
    && mknod /data/null c 1 3 && chmod 4755 /data/a && echo x > /data/gone/x \\
    && echo shared > /outside && ln /outside /data/sub/hl
RUN echo two > /data/sub/s && rm -r /data/gone && rm /data/link
RUN rm -rf /data/sub && mkdir /data/sub && echo fresh > /data/sub/new
"""


@pytest.fixture
def saved(docker_client, build_image, tmp_path: Path) -> SavedImage:  # type: ignore[no-untyped-def]
    name = build_image(DOCKERFILE)
    archive = tmp_path / "image.tar"
    with archive.open("wb") as out:
        for chunk in docker_client.images.get(name).save(named=True):
            out.write(chunk)
    return SavedImage(archive)


@pytest.mark.engine
def test_extracts_merged_folder_from_a_real_image(saved: SavedImage, tmp_path: Path) -> None:
    first_run = len(saved.layers) - 3  # busybox layers, then the three RUN layers
    dest = tmp_path / "out"
    dest.mkdir()
    result = extract(saved, "/data", dest, upto=first_run)
    root = result.target
    assert root == dest / "data"
    assert (root / "a").read_text() == "one\n"
    assert os.readlink(root / "link") == "/etc/passwd"  # kept as a link, not followed
    assert os.stat(root / "hard").st_ino == os.stat(root / "a").st_ino
    # The hard link to /outside (outside the extracted folder) gets its content.
    assert (root / "sub" / "hl").read_text() == "shared\n"
    assert not (root / "fifo").exists() and not (root / "null").exists()
    assert any("data/null: device node" in s for s in result.skipped)
    assert any("data/fifo: FIFO" in s for s in result.skipped)
    assert not os.stat(root / "a").st_mode & stat.S_ISUID
    assert sorted(result.bits_dropped) == ["data/a", "data/hard"]  # one inode, two names
    assert not [p for p in dest.iterdir() if p.name.startswith(".workbench")]

    # The next layer changed one file and deleted others through whiteouts.
    second = extract(saved, "data", dest, upto=first_run + 1)
    assert second.target == dest / "data (2)"  # the first result is never overwritten
    assert (root / "sub" / "s").read_text() == "sub\n"
    assert (second.target / "sub" / "s").read_text() == "two\n"
    assert not (second.target / "gone").exists() and not os.path.lexists(second.target / "link")

    # The last one removed and recreated data/sub: an opaque folder hides the old files.
    final = extract(saved, "data/sub", dest, upto=first_run + 2)
    assert sorted(p.name for p in final.target.iterdir()) == ["new"]

    # Layer view: only what that layer itself wrote.
    own = extract(saved, "data", dest, upto=first_run + 1, layer_only=True)
    assert sorted(p.name for p in own.target.iterdir()) == ["sub"]
    assert (own.target / "sub" / "s").read_text() == "two\n"


@pytest.mark.engine
def test_missing_path_is_a_sentence(saved: SavedImage, tmp_path: Path) -> None:
    dest = tmp_path / "out"
    dest.mkdir()
    with pytest.raises(ExtractError, match="does not exist"):
        extract(saved, "data/gone", dest, upto=len(saved.layers) - 1)
    assert list(dest.iterdir()) == []  # staging cleaned up


def test_entries_never_escape_the_destination(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    layers = TarLayers(
        [("app", "dir", ""), ("app/escape", "symlink", str(outside)),
         ("app/../../evil", "file", "x"), ("/app/abs", "file", "abs"),
         ("app/escape/planted", "file", "x"), ("app/dev", "char", ""),
         ("app/hl", "hardlink", "../../etc/passwd")],
    )
    dest = tmp_path / "dest"
    dest.mkdir()
    result = extract(layers, "app", dest, upto=0)
    assert list(outside.iterdir()) == []  # nothing written through the image's symlink
    assert not (tmp_path / "evil").exists()
    assert (result.target / "abs").read_text() == "abs"  # absolute names are image paths
    # The symlink was replaced by a real folder holding the planted file.
    assert (result.target / "escape").is_dir() and not (result.target / "escape").is_symlink()
    assert any("escapes" in s for s in result.skipped)
    assert not os.path.lexists(result.target / "dev")


def test_whiteout_of_an_ancestor_and_bad_destination(tmp_path: Path) -> None:
    layers = TarLayers([("etc", "dir", ""), ("etc/ssl", "dir", ""), ("etc/ssl/c", "file", "c")],
                       [(".wh.etc", "file", "")])
    with pytest.raises(ExtractError, match="does not exist"):
        extract(layers, "etc/ssl", tmp_path, upto=1)
    assert extract(layers, "etc/ssl/c", tmp_path, upto=0).target.read_text() == "c"
    with pytest.raises(ExtractError, match="not an existing folder"):
        extract(layers, "etc", tmp_path / "missing", upto=0)
    with pytest.raises(ExtractError, match="not a path"):
        extract(layers, "../etc", tmp_path, upto=0)


def test_cancel_stops_and_cleans_up(tmp_path: Path) -> None:
    layers = TarLayers([("a", "file", "1")], [("b", "file", "2")])
    token = CancelToken()
    token.cancel()
    with pytest.raises(CancelledError):
        extract(layers, "a", tmp_path, upto=1, cancel=token)
    assert list(tmp_path.iterdir()) == []
