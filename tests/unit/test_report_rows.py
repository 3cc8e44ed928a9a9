"""The long lists of a report as the JSON text holds them: whatever the names and
numbers (control characters, non-UTF-8 names, integers beyond 64 bits), the text the
result cache stores and the document written from it read back as the document."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from workbench.core import json_doc
from workbench.core.analysis.report_json import (
    body_members_text,
    document,
    document_text,
    json_bytes,
)

NAMES = ["etc/passwd", "a b/c", 'quote"d', "back\\slash", "tab\there", "new\nline",
         "bell\x07", "del\x7f", "caf\u00e9", "\u4e2d\u6587", "emoji\U0001f600",
         "line\u2028sep", "raw\udce9byte", "", "ctl\x1f\x00", "e-1/1e-05"]
IMAGE = {"source": "x.tar", "id": "sha256:" + "0" * 64, "repo_tags": [], "os": "linux",
         "architecture": "amd64"}


def parsed(text: bytes) -> Any:
    """JSON text read back as strict UTF-8; a name that was not UTF-8 comes back from its
    ``_b64`` member as it was kept."""
    return json_doc.restore(json.loads(text.decode("utf-8")))


def body_with(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"size_bytes": 10, "efficiency": 2.5e-07, "wasted_bytes": 3,
            "user_wasted_percent": 0.25, "reclaimable_bytes": 1, "layers": [],
            "reclaimable": rows}


@pytest.mark.parametrize("seed", range(40))
def test_report_text_reads_back_as_the_document(seed: int) -> None:
    rng = random.Random(seed)
    rows = [{"path": "/" + rng.choice(NAMES) + rng.choice(NAMES),
             "bytes": rng.choice([0, 1, 7, 52428800, -3, 2**63 - 1, -2**63]),
             "created_in": [rng.randrange(0, 300) for _ in range(rng.choice([0, 1, 2, 5]))]}
            for _ in range(rng.choice([0, 1, 2, 30]))]
    body = body_with(rows)
    expected = document(IMAGE, body)
    assert type(expected["reclaimable"]) is list  # the document holds plain lists
    assert parsed(document_text(IMAGE, body_members_text(body))) == expected
    assert parsed(json_bytes(expected)) == expected


@pytest.mark.parametrize("odd", [{"path": "/x", "bytes": 2**70},
                                 {"path": "/raw\udce9byte", "bytes": 1}])
def test_what_orjson_refuses_is_written_all_the_same(odd: dict[str, Any]) -> None:
    body = body_with([{"path": "/fine", "bytes": 1}, odd])
    text = document_text(IMAGE, body_members_text(body))
    assert parsed(text) == document(IMAGE, body)
    assert text.endswith(b"\n}\n") and b"\n  " in text  # indented, one member a line
