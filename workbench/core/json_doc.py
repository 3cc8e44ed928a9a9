"""Every JSON document the workbench writes: UTF-8 text that any JSON reader accepts.

File names in an image, a context dir or an upper dir are bytes, and not always UTF-8;
the workbench carries such a name as a ``str`` through ``surrogateescape``. RFC 8259
wants UTF-8, so a string member ``key`` holding one is written the way dive writes it,
with U+FFFD for each byte that is not UTF-8, and the exact bytes go next to it as
``key_b64`` (standard base64). Strings inside lists, and object keys, get the U+FFFD
spelling only. Numbers that do not exist (NaN, infinity) are written as null.

orjson writes the documents (indented by two spaces, final newline); it refuses lone
surrogates and integers beyond 64 bits, so only a document that holds one is walked
and fixed, and one with a huge integer is written by the standard ``json``.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import math
import os
from collections.abc import Mapping, Sequence
from typing import Any, BinaryIO

import orjson

B64_SUFFIX = "_b64"
_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE


def _default(value: Any) -> Any:
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, Sequence | set | frozenset) and not isinstance(value, str | bytes):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def raw_bytes(text: str) -> bytes:
    """The bytes a name carried through ``surrogateescape`` stood for."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that did not come from bytes
        return text.encode("utf-8", "surrogatepass")


def is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def replaced(text: str) -> str:
    """``text`` with U+FFFD where it held bytes that are not UTF-8 (as dive writes it)."""
    return raw_bytes(text).decode("utf-8", "replace")


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return value if is_utf8(value) else replaced(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, bool | int | None):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_clean(item) for item in value]
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            name = _clean(str(key))
            if isinstance(item, str) and not is_utf8(item):
                out[name] = replaced(item)
                out[name + B64_SUFFIX] = base64.b64encode(raw_bytes(item)).decode("ascii")
            else:
                out[name] = _clean(item)
        return out
    return _clean(_default(value))


def dumps(doc: Any) -> bytes:
    """``doc`` as UTF-8 JSON, indented by two spaces, with a final newline."""
    try:
        return orjson.dumps(doc, default=_default, option=_OPTIONS)
    except orjson.JSONEncodeError:
        pass
    clean = _clean(doc)
    try:
        return orjson.dumps(clean, option=_OPTIONS)
    except orjson.JSONEncodeError:  # an integer beyond 64 bits
        return (json.dumps(clean, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def restore(value: Any) -> Any:
    """A document ``dumps`` wrote, read back with the exact names: each ``key_b64``
    member turns ``key`` back into the ``surrogateescape`` string it was written from."""
    if isinstance(value, list):
        return [restore(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if key.endswith(B64_SUFFIX) and isinstance(item, str) and key[:-len(B64_SUFFIX)] in value:
            continue
        encoded = value.get(key + B64_SUFFIX)
        if isinstance(item, str) and isinstance(encoded, str):
            out[key] = base64.b64decode(encoded).decode("utf-8", "surrogateescape")
        else:
            out[key] = restore(item)
    return out


def write(doc: Any, stream: BinaryIO) -> None:
    stream.write(dumps(doc))
    stream.flush()
