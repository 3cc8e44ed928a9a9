"""The label every engine object the workbench creates carries, so one action can clean up."""

from __future__ import annotations

LABEL = "io.image-workbench.created"
LABEL_VALUE = "true"
# Marks which part of the workbench made an object (build variant, commit, sandbox...).
PURPOSE_LABEL = "io.image-workbench.purpose"


def labels(purpose: str) -> dict[str, str]:
    return {LABEL: LABEL_VALUE, PURPOSE_LABEL: purpose}
