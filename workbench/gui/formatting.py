"""Small display helpers shared by the window's views."""

from __future__ import annotations

import re

from workbench.core.units import human_size  # noqa: F401 - re-exported for the views

# "&Save" and, in Chinese, "保存(&S)": the mnemonic marker and its bracketed letter.
_ACCELERATOR = re.compile(r"\(&\w\)|&(?=\S)")


def without_accelerator(text: str) -> str:
    """A menu text as read aloud: "&Save" -> "Save", "保存(&S)" -> "保存"."""
    return _ACCELERATOR.sub("", text)


def human_duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}:{rest:02d} min"
