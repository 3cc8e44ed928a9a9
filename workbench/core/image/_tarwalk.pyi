# Types of the compiled module built from _tarwalk.c (see that file).
from collections.abc import Callable
from typing import Any

def configure(
    entry_cls: type, kinds: dict[int, Any], whiteout_kind: Any, slots: tuple[str, ...] | None, /
) -> None: ...
def walk(
    buf: bytes | memoryview,
    off: int,
    buf_at: int,
    end: int,
    entries: list[Any],
    offsets: list[int] | None,
    opaque: list[str],
    limit: int,
    hash_fn: Callable[[memoryview], str] | None = None,
    /,
) -> tuple[int, int]: ...
def parents(paths: list[str], /) -> list[str]: ...
def hash_wanted(
    buf: bytes | memoryview,
    entries: list[Any],
    offsets: list[int],
    wanted: set[str],
    hash_fn: Callable[[memoryview], str],
    /,
) -> tuple[dict[str, str], str | None]: ...
def wanted_copies(maps: list[dict[str, Any]], file_kind: Any, /) -> dict[int, set[str]]: ...
def entry_columns(
    entries: list[Any], kind_codes: dict[Any, int], /
) -> tuple[list[str], bytes, list[int], list[int], list[int], list[int], list[str], list[int],
           list[str | None]]: ...
def configure_item(cls: type, names: tuple[str, ...], /) -> None: ...
def overwrites(
    touched: list[int],
    pos: int,
    entries: list[Any],
    paths: list[str],
    kinds: list[Any],
    present: dict[str, Any],
    layers: list[dict[str, Any]],
    created: dict[str, int],
    charged: dict[str, Any] | None,
    per_layer: list[int],
    statuses: bytearray,
    index: int,
    kinds5: tuple[Any, Any, Any, Any, Any],
    codes: tuple[int, int],
    make_item: Callable[..., Any],
    overwritten: list[str],
    /,
) -> tuple[int, int, int]: ...
def paths_and_kinds(entries: list[Any], /) -> tuple[list[str], list[Any]]: ...
def configure_file(cls: type, names: tuple[str, ...], /) -> None: ...
def dive_rows(
    multi: dict[str, list[tuple[int, int]]], layer_count: int, make_file: Callable[..., Any], /
) -> tuple[list[Any], int, list[int], int] | None: ...
