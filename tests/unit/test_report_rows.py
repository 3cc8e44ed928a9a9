"""The long lists of a report written from the analysis objects (``_jsonrows``): the
very text json.dumps writes for the rows as dicts, or None where it would differ."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from typing import Any

import pytest

from workbench.core.analysis import report_json
from workbench.core.analysis.report_json import ObjectRows, body_members_text, document

pytestmark = pytest.mark.skipif(report_json._rows_text is None,
                                reason="compiled module not built")

NAMES = ["etc/passwd", "a b/c", 'quote"d', "back\\slash", "tab\there", "new\nline",
         "bell\x07", "del\x7f", "caf\u00e9", "\u4e2d\u6587", "emoji\U0001f600",
         "line\u2028sep", "raw\udce9byte", "", "ctl\x1f\x00", "e-1/1e-05"]


@dataclass(slots=True)
class Row:
    path: str
    bytes: int = 0
    created_in: list[int] = field(default_factory=list)


KEYS = ("path", "bytes", "created_in")


def expected_text(rows: list[dict[str, Any]]) -> bytes:
    """The member's value as json.dumps writes it in a document (its rows two levels
    deep)."""
    text = json.dumps({"m": rows}, indent=2, ensure_ascii=False)
    start = text.index('"m": ') + len('"m": ')
    return text[start:text.rindex("\n}")].encode("utf-8", "surrogateescape")


def test_the_extension_is_built() -> None:
    assert report_json._rows_text is not None


@pytest.mark.parametrize("seed", range(40))
def test_rows_equal_what_json_writes(seed: int) -> None:
    rng = random.Random(seed)
    objects = [Row(rng.choice(NAMES) + rng.choice(NAMES),
                   rng.choice([0, 1, 7, 52428800, -3, 2**63 - 1, -2**63]),
                   [rng.randrange(0, 300) for _ in range(rng.choice([0, 1, 2, 5]))])
               for _ in range(rng.choice([0, 1, 2, 30]))]
    rows = ObjectRows(objects, KEYS)
    assert report_json._rows_text(objects, KEYS, "/") == expected_text(list(rows))


@pytest.mark.parametrize("odd", [Row("x", 2**63), Row("x", True), Row("x", 1, [1.5]),
                                 Row("lone\ud800surrogate"), Row("x", 1, [2**64])])
def test_values_it_cannot_write_exactly_give_none(odd: Row) -> None:
    assert report_json._rows_text([Row("fine"), odd], KEYS, "/") is None


def test_members_text_is_the_same_with_and_without_the_writer(
        monkeypatch: pytest.MonkeyPatch) -> None:
    image = {"source": "x.tar", "id": "sha256:" + "0" * 64, "repo_tags": [], "os": "linux",
             "architecture": "amd64"}
    for objects in ([Row(name, i, [i, i + 1]) for i, name in enumerate(NAMES)],
                    [Row("big", 2**70)], []):
        body = {"size_bytes": 10, "efficiency": 0.5, "wasted_bytes": 3,
                "user_wasted_percent": 0.25, "reclaimable_bytes": 1, "layers": [],
                "reclaimable": ObjectRows(objects, KEYS)}
        compiled = body_members_text(body)
        with monkeypatch.context() as patch:
            patch.setattr(report_json, "_rows_text", None)
            general = body_members_text(body)
        assert compiled == general
        doc = document(image, body)
        assert type(doc["reclaimable"]) is list  # the document holds plain lists
        written = json.dumps(doc, indent=2, ensure_ascii=False).encode("utf-8",
                                                                       "surrogateescape")
        assert compiled in written
