"""Cutting a streaming engine response from another thread, for prompt cancel."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from typing import Any

import docker
import requests


def interrupt(response: requests.Response) -> None:
    """Wake the thread blocked reading ``response``: closing alone does not wake a
    ``recv`` in progress, shutting the socket down does. ``HTTPResponse.connection`` is
    urllib3's public handle on the connection a streamed body is read from, and
    ``sock`` the standard library's ``HTTPConnection`` attribute."""
    connection = getattr(response.raw, "connection", None)
    sock = getattr(connection, "sock", None)
    if isinstance(sock, socket.socket):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(Exception):
        response.close()


class ResponseCatcher:
    """Catches this thread's streaming response (``/build``, ``/images/x/push``...) so a
    cancel from another thread can cut its socket; the SDK's generators hide it.
    """

    def __init__(self, client: docker.DockerClient, url_part: str) -> None:
        self._hooks = client.api.hooks.setdefault("response", [])
        self._thread = threading.get_ident()
        self._url_part = url_part
        self.response: requests.Response | None = None

    def __call__(self, response: requests.Response, *_a: Any, **_k: Any) -> None:
        if threading.get_ident() == self._thread and self._url_part in response.url:
            self.response = response

    def cut(self) -> None:
        if self.response is not None:
            interrupt(self.response)

    def __enter__(self) -> ResponseCatcher:
        self._hooks.append(self)
        return self

    def __exit__(self, *_exc: object) -> None:
        with contextlib.suppress(ValueError):
            self._hooks.remove(self)


@contextlib.contextmanager
def call_timeout(client: docker.DockerClient, seconds: float) -> Iterator[None]:
    """Give the calls inside a longer (or shorter) timeout than the client's default.

    Commits, pushes and big removals legitimately take longer than the short default
    that keeps a vanished engine from hanging the caller. The SDK reads the timeout per
    request, so this affects calls made through ``client`` meanwhile, from any thread.
    """
    previous = client.api.timeout
    client.api.timeout = seconds
    try:
        yield
    finally:
        client.api.timeout = previous
