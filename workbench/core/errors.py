"""Errors the core raises on purpose: each carries a sentence a user can act on.

Front ends (window, CLI) show ``str(error)`` as is and never a traceback, so every
message must name the thing that is wrong (a source, a path, an endpoint) and, where
it can, what to do about it.
"""

from __future__ import annotations


class WorkbenchError(Exception):
    """Base of every expected failure. ``exit_code`` is what the CLI returns for it."""

    exit_code = 2


class BadSourceError(WorkbenchError):
    """An image source (archive, OCI layout, image name) that cannot be read as an image."""


class EngineUnavailableError(WorkbenchError):
    """No Docker-compatible engine answers at the endpoint."""

    exit_code = 3


class EngineOperationError(WorkbenchError):
    """The engine answered but refused or failed an operation (build, push, commit...)."""

    exit_code = 4


class CancelledError(WorkbenchError):
    """The user cancelled a long operation; whatever it created has been cleaned up."""

    exit_code = 130

    def __init__(self, message: str = "Cancelled.") -> None:
        super().__init__(message)
