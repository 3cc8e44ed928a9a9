"""The size delta by directory as an inline SVG treemap, for the HTML compare report.

The same picture as the window's Compare view (``core.review.treemap`` lays out both):
a grey block per top directory with its path and net change in a title strip, and
inside it one cell per subdirectory or file, red where B grew, green where it shrank,
area by bytes changed. Every block and cell is a ``<g>`` whose ``<title>`` names its path
and exact change, so hovering anywhere tells what a cell is even when it is too small
for a label; labels are drawn only where they fit.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from workbench.core.review.treemap import HEADER_PX, Node, Rect, group_by_directory, two_levels
from workbench.core.units import signed_size

GROW, SHRINK = "#cf222e", "#1a7f37"  # the report's red and green
BLOCK, BLOCK_EDGE, BLOCK_TEXT = "#eaeef2", "#8c959f", "#1b1f24"
CHAR_PX, LINE_PX = 6.6, 13.0  # an 11px glyph's width (generously) and a line's height


def _title(node: Node) -> str:
    return html.escape(f"{node.path}: {signed_size(node.delta)} ({node.delta:+,} bytes)")


def _fit(text: str, room: float) -> str | None:
    """``text`` cut to ``room`` pixels with an ellipsis, or None when not even a few
    characters fit."""
    chars = int(room / CHAR_PX)
    if chars < 4:
        return None
    return text if len(text) <= chars else text[:chars - 1] + "…"


def _text(x: float, y: float, text: str, fill: str) -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" fill="{fill}">{html.escape(text)}</text>'


def _cell(node: Node, rect: Rect) -> str:
    colour = GROW if node.delta > 0 else SHRINK
    parts = [f"<g><title>{_title(node)}</title>"
             f'<rect x="{rect.x:.1f}" y="{rect.y:.1f}" width="{rect.width:.1f}" '
             f'height="{rect.height:.1f}" fill="{colour}" stroke="#ffffff"/>']
    room = rect.width - 6
    if rect.height >= 2 * LINE_PX + 4:
        name, size = _fit(node.path, room), _fit(signed_size(node.delta), room)
        if name and size:
            parts.append(_text(rect.x + 3, rect.y + LINE_PX, name, "#ffffff"))
            parts.append(_text(rect.x + 3, rect.y + 2 * LINE_PX, size, "#ffffff"))
    elif rect.height >= LINE_PX + 2:
        label = _fit(f"{node.path} {signed_size(node.delta)}", room)
        if label:
            parts.append(_text(rect.x + 3, rect.y + LINE_PX - 1, label, "#ffffff"))
    parts.append("</g>")
    return "".join(parts)


def _block(node: Node, rect: Rect, children: list[Rect]) -> str:
    parts = [f"<g><title>{_title(node)}</title>"
             f'<rect x="{rect.x:.1f}" y="{rect.y:.1f}" width="{rect.width:.1f}" '
             f'height="{rect.height:.1f}" fill="{BLOCK}" stroke="{BLOCK_EDGE}"/>']
    if rect.height > HEADER_PX * 2:
        label = _fit(f"{node.path}  {signed_size(node.delta)}", rect.width - 8)
        if label:
            parts.append(_text(rect.x + 4, rect.y + LINE_PX, label, BLOCK_TEXT))
    parts.append("</g>")
    parts += [_cell(child, child_rect)
              for child, child_rect in zip(node.children, children, strict=True)]
    return "".join(parts)


def treemap_svg(changes: Iterable[tuple[str, int]], width: int = 960,
                height: int = 420) -> str:
    """(path, size delta) per changed file -> one ``<svg>``; a sentence when no size
    changed."""
    tops = group_by_directory(changes)
    if not tops:
        return "<p>No size change.</p>"
    placed = two_levels(tops, Rect(0.5, 0.5, width - 1, height - 1), HEADER_PX)
    body = "".join(_block(node, rect, children)
                   for node, (rect, children) in zip(tops, placed, strict=True))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart treemap" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="size delta by directory">{body}</svg>'
            f'<p class="legend"><span class="grew">■</span> grew '
            f'<span class="shrank">■</span> shrank; area by bytes changed, hover a '
            "cell for its exact change.</p>")
