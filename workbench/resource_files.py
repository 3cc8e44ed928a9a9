"""Files shipped in resources/ (samples, icons), found through importlib.resources so
they are read the same way from a checkout, an installed wheel or a frozen build."""

from __future__ import annotations

from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

from workbench import APP_ID


def resource(*parts: str) -> Traversable:
    """A file or folder under resources/, e.g. ``resource("samples", "hello")``."""
    node = files("workbench.resources")
    for part in parts:
        node = node / part
    return node


def resource_path(*parts: str) -> Path:
    """A real path for APIs that need one. Wheels and frozen builds unpack to plain
    files, so the context's path stays valid after it is left."""
    with as_file(resource(*parts)) as path:
        return Path(path)


def app_icon_path() -> Path:
    return resource_path("icons", f"{APP_ID}.svg")


def sample_project() -> Path:
    return resource_path("samples", "hello")
