"""Image Workbench: craft Docker images visually."""

__version__ = "0.1.0"
