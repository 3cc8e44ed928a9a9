"""The one JSON writer: UTF-8 always, names that are not UTF-8 kept exactly in _b64."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from workbench.core import json_doc


@dataclass
class Row:
    path: str
    size: int


def test_a_name_that_is_not_utf8_gets_fffd_and_its_bytes() -> None:
    name = b"etc/bad\xffname\xc3".decode("utf-8", "surrogateescape")
    doc = {"files": [{"path": name, "size": 3}, Row(name, 4)], "tags": [name],
           "ratio": float("nan"), name: 1, "fine": "caf\u00e9"}
    data = json_doc.dumps(doc)
    parsed = json.loads(data.decode("utf-8"))  # strict UTF-8
    row = parsed["files"][0]
    assert row["path"] == "etc/bad\ufffdname\ufffd"
    assert base64.b64decode(row["path_b64"]) == b"etc/bad\xffname\xc3"
    assert parsed["files"][1] == {**row, "size": 4}
    assert parsed["tags"] == ["etc/bad\ufffdname\ufffd"] and parsed["ratio"] is None
    assert parsed["etc/bad\ufffdname\ufffd"] == 1 and parsed["fine"] == "caf\u00e9"
    assert json_doc.restore(parsed)["files"][0] == {"path": name, "size": 3}


def test_plain_documents_are_written_by_orjson_unchanged() -> None:
    doc = {"a": [1, 2.5, None, True], "b": {"c": "d"}}
    assert json_doc.dumps(doc) == b'{\n  "a": [\n    1,\n    2.5,\n    null,\n    true\n  ],\n' \
        b'  "b": {\n    "c": "d"\n  }\n}\n'
    assert json.loads(json_doc.dumps({"n": 2**70, "s": "\udcff"})) == {
        "n": 2**70, "s": "\ufffd", "s_b64": "/w=="}
