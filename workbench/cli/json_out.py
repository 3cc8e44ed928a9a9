"""``--json`` output of every command: one writer, so all of it is valid UTF-8 JSON."""

from __future__ import annotations

import sys
from typing import Any

from workbench.core import json_doc


def print_json(doc: Any) -> None:
    """Write ``doc`` to stdout (see ``json_doc`` for names that are not UTF-8)."""
    sys.stdout.flush()
    json_doc.write(doc, sys.stdout.buffer)
