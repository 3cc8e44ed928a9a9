"""Image Workbench: craft Docker images visually."""

from importlib.metadata import PackageNotFoundError, version

# The one version string is pyproject.toml's, read back from the installed metadata.
try:
    __version__ = version("image-workbench")
except PackageNotFoundError:  # run from a bare checkout that was never installed
    __version__ = "0+unknown"

APP_ID = "io.github.imageworkbench.ImageWorkbench"
"""Reverse-DNS application id: the .desktop file's name, the AppStream id, and
what Qt reports as the desktop file name and window class."""
