"""Small display helpers shared by the window's views."""

from __future__ import annotations

from workbench.core.units import human_size  # noqa: F401 - re-exported for the views


def human_duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}:{rest:02d} min"
