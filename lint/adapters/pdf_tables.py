"""Ruled tables from a page's drawing: which visible ruling lines make a table, and its cells.

A table is a region enclosed by visible ruling lines that touch and cross; nothing outside such
a region is one (WPS paints each body line's background as an invisible rectangle, and a seal
or an underline is no table). Inside a region, the edges of filled cell backgrounds count too,
and the region's outline closes rows left open (no bottom rule where a page breaks the table).
Cells are found by pdfplumber's table finder with its default tolerances, one region at a time:
its snapping would otherwise pull the rules of one table onto a nearby other's.
Coordinates are pdfplumber's (``top``/``bottom`` down from the top of the page).
"""

from __future__ import annotations

Box = tuple[float, float, float, float]  # x0, top, x1, bottom
Segment = Box  # a horizontal or vertical ruling line (x0 == x1 or top == bottom)
SNAP = 2.0  # points: cell edges closer than this are the same rule
TOUCH = 3.0  # points: lines this close touch (as pdfplumber's tolerances; a browser draws each
# cell's own border box, 2 to 3 points from its neighbour's)


def find_tables(rules: list[Segment], fills: list[Box]) -> list[list[Box]]:
    """The cells of each ruled table (merged cells are one box), from the page's visible ruling
    lines and its filled rectangles."""
    regions = _ruled_regions(rules)
    if not regions:
        return []
    from pdfplumber.table import (
        cells_to_tables,
        edges_to_intersections,
        intersections_to_cells,
        merge_edges,
    )
    from pdfplumber.utils import filter_edges

    out = []
    for region, segments in regions:
        segments = [*segments, *_outline(region)]
        for box in fills:
            if _inside(box, region):
                segments += _outline(box)
        edges = [_edge(s) for s in segments]
        merged = filter_edges(merge_edges(filter_edges(edges, min_length=1), 3, 3, 3, 3), min_length=3)
        cells = intersections_to_cells(edges_to_intersections(merged, 3, 3))
        out += [[tuple(c) for c in table] for table in cells_to_tables(cells)]
    return out


def _outline(box: Box) -> list[Segment]:
    x0, top, x1, bottom = box
    return [(x0, top, x1, top), (x0, bottom, x1, bottom), (x0, top, x0, bottom), (x1, top, x1, bottom)]


def _ruled_regions(rules: list[Segment]) -> list[tuple[Box, list[Segment]]]:
    """Groups of ruling lines that touch, where horizontal and vertical lines cross (an
    underline or a separator line alone is no table), with their bounding boxes."""
    parent = list(range(len(rules)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(range(len(rules)), key=lambda i: rules[i][1])
    for n, i in enumerate(order):  # sweep down the page: only lines reaching this one can touch
        a = rules[i]
        for j in order[n + 1:]:
            b = rules[j]
            if b[1] > a[3] + TOUCH:
                break
            if b[0] <= a[2] + TOUCH and a[0] <= b[2] + TOUCH:
                parent[root(j)] = root(i)
    groups: dict[int, list[Segment]] = {}
    for i, seg in enumerate(rules):
        groups.setdefault(root(i), []).append(seg)
    out = []
    for segs in groups.values():
        flat = sum(1 for s in segs if s[3] - s[1] < 0.1)
        if flat >= 2 and len(segs) - flat >= 2:
            box = (min(s[0] for s in segs), min(s[1] for s in segs), max(s[2] for s in segs),
                   max(s[3] for s in segs))
            out.append((box, segs))
    out.sort(key=lambda r: r[0][1])
    return out


def _inside(box: Box, region: Box) -> bool:
    return box[0] >= region[0] - SNAP and box[1] >= region[1] - SNAP \
        and box[2] <= region[2] + SNAP and box[3] <= region[3] + SNAP


def _edge(s: Segment) -> dict[str, object]:
    """A segment as pdfplumber's table finder takes it."""
    x0, top, x1, bottom = s
    upright = x1 - x0 < 0.1 and bottom - top >= 0.1
    return {"object_type": "line", "x0": x0, "x1": x0 if upright else x1, "top": top,
            "bottom": bottom if upright else top, "width": 0.0 if upright else x1 - x0,
            "height": bottom - top if upright else 0.0, "doctop": top,
            "orientation": "v" if upright else "h"}
