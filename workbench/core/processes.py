"""Questions about this process and other processes on this machine."""

from __future__ import annotations

import os
import threading


def pid_alive(pid: int) -> bool:
    """Whether a process with this id exists (one owned by another user counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def alone() -> bool:
    """Whether forking is safe: the main thread is the only thread (another one could
    hold a lock at the moment of the fork, which the child would never see released)."""
    return (hasattr(os, "fork") and threading.current_thread() is threading.main_thread()
            and threading.active_count() == 1)
