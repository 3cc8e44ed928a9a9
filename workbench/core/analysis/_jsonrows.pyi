# Types of the compiled module built from _jsonrows.c (see that file).
from typing import Any

def rows(objects: list[Any], keys: tuple[str, ...], prefix: str, /) -> bytes | None: ...
