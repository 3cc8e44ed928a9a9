"""Reading images: sources (engine, archives, OCI layouts), the tar scanner, the layer cache."""

from workbench.core.image.cache import LayerCache
from workbench.core.image.open import ImageSource, OpenedImage, open_image, read_info

__all__ = ["ImageSource", "LayerCache", "OpenedImage", "open_image", "read_info"]
