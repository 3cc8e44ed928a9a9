"""A private X server (Xvfb) that tells when a program's window is mapped.

The moment comes from the X server itself: the root window's SubstructureNotify events
report every top-level window that gets mapped, so nothing depends on what the program
prints or on a polling tool's interval. Shared by the frozen-build test and
benchmarks/bench_launch.py.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from Xlib import X, display, error


@dataclass
class Launch:
    process: subprocess.Popen[bytes]
    seconds: float | None  # launch to mapped window; None: no window in time
    wm_class: tuple[str, ...] = ()
    title: str = ""
    window: Any = None  # the Xlib window, for XServer.title and has_icon


class XServer:
    """``with XServer() as x: x.launch([...])``; Xvfb is stopped by its PID on exit."""

    def __init__(self, size: str = "1600x1000x24") -> None:
        if shutil.which("Xvfb") is None:
            raise RuntimeError("Xvfb is not installed (Debian package xvfb)")
        self.size = size
        self.name = ""
        self._xvfb: subprocess.Popen[bytes] | None = None
        self._display: Any = None

    def __enter__(self) -> XServer:
        read_fd, write_fd = os.pipe()
        # -displayfd: Xvfb picks a free display number and writes it once it accepts
        # clients, so there is neither a guessed number nor a sleep.
        self._xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", self.size, "-nolisten",
             "tcp"], pass_fds=(write_fd,), stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        os.close(write_fd)
        with os.fdopen(read_fd) as numbers:
            number = numbers.readline().strip()
        if not number:
            self.__exit__(None, None, None)
            raise RuntimeError("Xvfb did not start")
        self.name = f":{number}"
        self._display = display.Display(self.name)
        self._display.screen().root.change_attributes(event_mask=X.SubstructureNotifyMask)
        self._display.sync()
        return self

    def __exit__(self, _type: type[BaseException] | None, _value: BaseException | None,
                 _tb: TracebackType | None) -> None:
        if self._display is not None:
            self._display.close()
            self._display = None
        if self._xvfb is not None:
            self._xvfb.terminate()
            try:
                self._xvfb.wait(10)
            except subprocess.TimeoutExpired:
                self._xvfb.kill()
                self._xvfb.wait()
            self._xvfb = None

    def env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        env = dict(os.environ if base is None else base)
        env.update(DISPLAY=self.name, QT_QPA_PLATFORM="xcb")
        return env

    def launch(self, command: Sequence[str | os.PathLike[str]], *, title: str,
               env: dict[str, str] | None = None, cwd: Path | None = None,
               timeout: float = 30.0, stderr: IO[bytes] | int | None = None) -> Launch:
        """Start ``command`` and wait until a top-level window whose title holds
        ``title`` is mapped (or the program exits, or ``timeout`` passes)."""
        self._drain()
        started = time.monotonic()
        process = subprocess.Popen([str(part) for part in command], env=self.env(env),
                                   cwd=cwd, stdout=subprocess.DEVNULL, stderr=stderr,
                                   start_new_session=True)
        deadline = started + timeout
        while time.monotonic() < deadline and process.poll() is None:
            found = self._mapped_window(title, min(0.05, max(deadline - time.monotonic(), 0)))
            if found is not None:
                return Launch(process, time.monotonic() - started, *found)
        return Launch(process, None)

    def _drain(self) -> None:
        while self._display.pending_events():
            self._display.next_event()

    def title(self, window: Any) -> str:
        """A window's title now: _NET_WM_NAME (UTF-8, as Qt writes it), else WM_NAME."""
        try:
            prop = window.get_full_property(self._display.intern_atom("_NET_WM_NAME"),
                                            self._display.intern_atom("UTF8_STRING"))
            if prop is not None:
                value = prop.value
                return value.decode(errors="replace") if isinstance(value, bytes) else value
            name = window.get_wm_name() or ""
        except error.XError:  # the window is gone
            return ""
        return name.decode(errors="replace") if isinstance(name, bytes) else name

    def has_icon(self, window: Any) -> bool:
        """Whether the window carries an icon for the desktop (_NET_WM_ICON)."""
        try:
            prop = window.get_full_property(self._display.intern_atom("_NET_WM_ICON"),
                                            X.AnyPropertyType)
        except error.XError:
            return False
        return prop is not None and len(prop.value) > 2

    def _mapped_window(self, title: str, wait: float) -> tuple[tuple[str, ...], str, Any] | None:
        if not self._display.pending_events():
            select.select([self._display.fileno()], [], [], wait)
        while self._display.pending_events():
            event = self._display.next_event()
            if event.type != X.MapNotify:
                continue
            name = self.title(event.window)
            if title not in name:
                continue
            try:
                wm_class = event.window.get_wm_class() or ()
            except error.XError:  # gone again before we asked
                continue
            return tuple(wm_class), name, event.window
        return None


def stop(process: subprocess.Popen[bytes], grace: float = 15.0) -> int:
    """SIGTERM (the window closes as on a user's quit), then SIGKILL after ``grace``."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode
