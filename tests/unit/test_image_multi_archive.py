"""A ``docker save`` of several images: one is named by tag or position, never guessed."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest

from tests.unit.test_image_builders import config_for, sample_layers, sha
from workbench.core.errors import BadSourceError
from workbench.core.image import LayerCache, open_image


def _two_image_archive(path: Path) -> tuple[str, str]:
    """An archive with the sample image tagged app:1 and its base alone, untagged;
    returns the two image ids."""
    base, top = sample_layers()
    configs = [config_for([base, top]), config_for([base])]
    with tarfile.open(path, "w") as tar:
        def add(name: str, data: bytes) -> None:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))

        add("base/layer.tar", base)
        add("top/layer.tar", top)
        for config in configs:
            add(sha(config).split(":")[1] + ".json", config)
        manifest = [
            {"Config": sha(configs[0]).split(":")[1] + ".json", "RepoTags": ["app:1"],
             "Layers": ["base/layer.tar", "top/layer.tar"]},
            {"Config": sha(configs[1]).split(":")[1] + ".json", "RepoTags": None,
             "Layers": ["base/layer.tar"]},
        ]
        add("manifest.json", json.dumps(manifest).encode())
    return sha(configs[0]), sha(configs[1])


def test_several_images_need_a_name(tmp_path: Path) -> None:
    path = tmp_path / "two.tar"
    first, second = _two_image_archive(path)
    cache = LayerCache(tmp_path / "cache")
    with pytest.raises(BadSourceError, match=r"holds 2 images \(@0 app:1, @1 \(untagged\)\); "
                                             r"name one as docker-archive:PATH:TAG"):
        open_image(str(path), cache=cache)
    by_tag = open_image(f"docker-archive:{path}:app:1", cache=cache)
    assert by_tag.info.id == first and len(by_tag.scans) == 2
    by_index = open_image(f"docker-archive:{path}:@1", cache=cache)
    assert by_index.info.id == second and len(by_index.scans) == 1
    with pytest.raises(BadSourceError, match="has no image 'app:2'; it holds 2 images"):
        open_image(f"docker-archive:{path}:app:2", cache=cache)
    with pytest.raises(BadSourceError, match="no such file"):
        open_image(f"docker-archive:{tmp_path / 'missing.tar'}:app:1", cache=cache)
