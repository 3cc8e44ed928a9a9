"""Byte counts for people: the one formatter every face of the workbench uses."""

from __future__ import annotations


def human_size(size: int | float | None) -> str:
    """``1536`` -> ``1.5 kB``: decimal units, as docker and dive print them; "" for None."""
    if size is None:
        return ""
    value = float(size)
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if abs(value) < 1000 or unit == "TB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")


def signed_size(delta: int) -> str:
    """``-1536`` -> ``-1.5 kB``: a change in size, its sign always shown (± for none)."""
    return ("+" if delta > 0 else "-" if delta < 0 else "±") + human_size(abs(delta))
