"""Image Workbench: craft Docker images visually."""

from __future__ import annotations

APP_ID = "io.github.imageworkbench.ImageWorkbench"
"""Reverse-DNS application id: the .desktop file's name, the AppStream id, and
what Qt reports as the desktop file name and window class."""


def __getattr__(name: str) -> str:
    # The one version string is pyproject.toml's, read back from the installed
    # metadata when first asked for: importing importlib.metadata costs about 25 ms,
    # a third of a command answered from the cache.
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("image-workbench")
    except PackageNotFoundError:  # run from a bare checkout that was never installed
        found = "0+unknown"
    globals()["__version__"] = found
    return found
