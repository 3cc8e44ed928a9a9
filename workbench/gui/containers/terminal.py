"""A shell inside a container, in the window: the container's TTY read on a thread,
interpreted by pyte (a terminal emulator: cursor moves, erases, colours' escapes) and
shown as its screen's text; keys typed into the view go to the TTY.

The socket is read off the UI thread; each chunk reaches the UI thread as a signal, where
pyte updates the screen. Closing the widget closes the socket and stops the reader.
"""

from __future__ import annotations

import contextlib
import socket
import threading

import pyte
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

KEYS = {Qt.Key.Key_Return: b"\r", Qt.Key.Key_Enter: b"\r", Qt.Key.Key_Backspace: b"\x7f",
        Qt.Key.Key_Tab: b"\t", Qt.Key.Key_Escape: b"\x1b", Qt.Key.Key_Up: b"\x1b[A",
        Qt.Key.Key_Down: b"\x1b[B", Qt.Key.Key_Right: b"\x1b[C", Qt.Key.Key_Left: b"\x1b[D"}


class _Reader(QObject):
    data = Signal(bytes)
    closed = Signal()


class TerminalView(QPlainTextEdit):
    def __init__(self, sock: socket.socket, columns: int = 100, lines: int = 30,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)  # keys go to the TTY, not into the text
        self.setFont(QFont("monospace"))
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.sock = sock
        self.emulator = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.emulator)
        self.reader = _Reader(self)
        self.reader.data.connect(self._feed)
        self.reader.closed.connect(lambda: self.appendPlainText(self.tr("[the shell ended]")))
        self._thread = threading.Thread(target=self._read, name="container tty",
                                        daemon=True)
        self._thread.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = self.sock.recv(65536)
            except OSError:
                chunk = b""
            if not chunk:
                with contextlib.suppress(RuntimeError):  # the view is gone
                    self.reader.closed.emit()
                return
            with contextlib.suppress(RuntimeError):
                self.reader.data.emit(chunk)

    def _feed(self, chunk: bytes) -> None:
        self.stream.feed(chunk)
        self.setPlainText("\n".join(line.rstrip() for line in self.emulator.display).rstrip())

    def send(self, data: bytes) -> None:
        with contextlib.suppress(OSError):
            self.sock.sendall(data)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        if key in KEYS:
            self.send(KEYS[key])
        elif event.modifiers() & Qt.KeyboardModifier.ControlModifier and \
                Qt.Key.Key_A <= key <= Qt.Key.Key_Z:
            self.send(bytes([key - Qt.Key.Key_A + 1]))  # Ctrl+C is 0x03
        elif event.text():
            self.send(event.text().encode())

    def close_tty(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            self.sock.close()
        self._thread.join(5)
