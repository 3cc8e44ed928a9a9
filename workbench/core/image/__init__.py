"""Reading images: sources (engine, archives, OCI layouts), the tar scanner, the layer cache.

The names below load on first use: a cached report (``result_cache``) needs none of the
scanning machinery, and importing it would cost that command most of its run time.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbench.core.image.cache import LayerCache
    from workbench.core.image.open import ImageSource, OpenedImage, open_image, read_info

__all__ = ["ImageSource", "LayerCache", "OpenedImage", "open_image", "read_info"]
_HOME = {"LayerCache": "cache", "ImageSource": "open", "OpenedImage": "open",
         "open_image": "open", "read_info": "open"}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
