"""Objects the workbench makes for its own use: labelled, and recorded in the ledger.

A record that cannot be written (a read-only state dir) must not fail the measurement
it belongs to: the object is still removed by the code that made it, and only a crash
in between would leave it for ``workbench cleanup`` to miss.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

import docker

from workbench.core.engine.connection import endpoint_url
from workbench.core.ledger import Ledger


def record(client: docker.DockerClient, kind: str, object_id: str, purpose: str,
           tags: Iterable[str] = ()) -> None:
    with contextlib.suppress(OSError):
        Ledger().record(kind, object_id, purpose, endpoint_url(client), tags)


def forget(object_ids: Iterable[str]) -> None:
    with contextlib.suppress(OSError):
        Ledger().forget(object_ids)
