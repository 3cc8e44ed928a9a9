"""Each benchmark owns one marked section of docs/benchmarks.md and rewrites only that."""

from __future__ import annotations

from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"


def write_doc_section(start: str, end: str, lines: list[str]) -> None:
    """Replace the text from marker ``start`` to marker ``end`` (both kept in ``lines``)."""
    text = DOC.read_text()
    if start not in text or end not in text:
        raise SystemExit(f"{DOC} has no {start} … {end} section to write into.")
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    DOC.write_text(head + "\n".join(lines) + tail)
