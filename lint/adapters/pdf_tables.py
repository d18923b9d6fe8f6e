"""Ruled tables from a page's drawing: which visible ruling lines make a table, and its cells.

A table is a region enclosed by visible ruling lines that touch and cross; nothing outside such
a region is one (WPS paints each body line's background as an invisible rectangle, and a seal
or an underline is no table). Inside a region, the edges of filled cell backgrounds count too,
and the region's outline closes rows left open (no bottom rule where a page breaks the table).
Cells are found as pdfplumber's table finder finds them (its algorithm, MIT licence, redone here
on plain tuples so that pdfplumber and pdfminer need not be imported: ruling lines snapped and
joined within 3 points, their crossings, the smallest rectangles those enclose), one region at a
time: the snapping would otherwise pull the rules of one table onto a nearby other's.
Coordinates are pdfplumber's (``top``/``bottom`` down from the top of the page).
"""

from __future__ import annotations

from itertools import groupby

Box = tuple[float, float, float, float]  # x0, top, x1, bottom
Segment = Box  # a horizontal or vertical ruling line (x0 == x1 or top == bottom)

SNAP = 2.0  # points: cell edges closer than this are the same rule
TOUCH = 3.0  # points: lines this close touch (as pdfplumber's tolerances; a browser draws each
# cell's own border box, 2 to 3 points from its neighbour's)


def axis_aligned(pairs: list, x_left: float, y_top: float) -> list[Segment]:
    """The horizontal and vertical ones of a path's straight pieces (pairs of PDF points), as
    segments measured from the page's top left; a slanted piece draws no ruling line."""
    out = []
    for (ax, ay), (bx, by) in pairs:
        x0, x1 = sorted((ax - x_left, bx - x_left))
        top, bottom = sorted((y_top - ay, y_top - by))
        if x1 - x0 < 0.1 or bottom - top < 0.1:  # axis-aligned, give or take the transforms
            out.append((x0, top, x1, bottom))
    return out


def find_tables(rules: list[Segment], fills: list[Box]) -> list[list[Box]]:
    """The cells of each ruled table (merged cells are one box), from the page's visible ruling
    lines and its filled rectangles."""
    regions = _ruled_regions(rules)
    if not regions:
        return []
    out = []
    for region, segments in regions:
        segments = [*segments, *_outline(region)]
        for box in fills:
            if _inside(box, region):
                segments += _outline(box)
        edges = _long([_edge(s) for s in segments], 1.0)
        merged = _long(_merge(edges), 3.0)
        out += _cells_to_tables(_intersections_to_cells(_intersections(merged)))
    return out


def _outline(box: Box) -> list[Segment]:
    x0, top, x1, bottom = box
    return [(x0, top, x1, top), (x0, bottom, x1, bottom), (x0, top, x0, bottom), (x1, top, x1, bottom)]


def _ruled_regions(rules: list[Segment]) -> list[tuple[Box, list[Segment]]]:
    """Groups of ruling lines that touch, where horizontal and vertical lines cross (an
    underline or a separator line alone is no table), with their bounding boxes."""
    # each line once, sorted down the page (an export often draws a border once for each
    # cell beside it; a line's copies are in its group anyway)
    ordered = sorted(dict.fromkeys(rules), key=lambda s: s[1])
    place = {seg: n for n, seg in enumerate(ordered)}
    parent = list(range(len(ordered)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    count = len(ordered)
    for n, (left, _, right, bottom) in enumerate(ordered):
        # sweep down the page: only lines reaching this one can touch
        reach, right = bottom + TOUCH, right + TOUCH
        top = root(n)  # stays a root below: only other roots are joined to it
        for m in range(n + 1, count):
            b = ordered[m]
            if b[1] > reach:
                break
            if b[0] <= right and left <= b[2] + TOUCH and parent[m] != top:  # (else joined)
                other = root(m)
                if other != top:
                    parent[other] = top
    groups: dict[int, list[Segment]] = {}
    for seg in rules:
        groups.setdefault(root(place[seg]), []).append(seg)
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


Edge = tuple[str, float, float, float, float]  # "h" or "v", x0, top, x1, bottom
TOLERANCE = 3.0  # points: pdfplumber's default snap, join and intersection tolerances


def _edge(s: Segment) -> Edge:
    """A segment as an edge: upright ("v", x0 == x1) or flat ("h", top == bottom)."""
    x0, top, x1, bottom = s
    if x1 - x0 < 0.1 and bottom - top >= 0.1:
        return ("v", x0, top, x0, bottom)
    return ("h", x0, top, x1, top)


def _long(edges: list[Edge], least: float) -> list[Edge]:
    return [e for e in edges if (e[4] - e[2] if e[0] == "v" else e[3] - e[1]) >= least]


def _snap(edges: list[Edge], key: int) -> list[Edge]:
    """Edges whose ``key`` coordinates chain within TOLERANCE moved onto their mean."""
    values = sorted({e[key] for e in edges})
    cluster: dict[float, int] = {}
    n, last = -1, None
    for v in values:
        if last is None or v > last + TOLERANCE:
            n += 1
        cluster[v] = n
        last = v
    groups: dict[int, list[Edge]] = {}
    for e in sorted(edges, key=lambda e: cluster[e[key]]):
        groups.setdefault(cluster[e[key]], []).append(e)
    out = []
    for group in groups.values():
        mean = sum(e[key] for e in group) / len(group)
        for o, x0, top, x1, bottom in group:
            if key == 1:
                d = mean - x0
                out.append((o, x0 + d, top, x1 + d, bottom))
            else:
                d = mean - top
                out.append((o, x0, top + d, x1, bottom + d))
    return out


def _merge(edges: list[Edge]) -> list[Edge]:
    """Edges snapped onto common lines, then those on one line that touch or overlap joined."""
    edges = _snap([e for e in edges if e[0] == "v"], 1) + _snap([e for e in edges if e[0] == "h"], 2)
    out: list[Edge] = []
    for _, group in groupby(sorted(edges, key=lambda e: (e[0], e[2] if e[0] == "h" else e[1])),
                            key=lambda e: (e[0], e[2] if e[0] == "h" else e[1])):
        items = list(group)
        lo, hi = (1, 3) if items[0][0] == "h" else (2, 4)
        items.sort(key=lambda e: e[lo])
        joined = [items[0]]
        for e in items[1:]:
            last = joined[-1]
            if e[lo] <= last[hi] + TOLERANCE:
                if e[hi] > last[hi]:
                    joined[-1] = (*last[:hi], e[hi], *last[hi + 1:])  # type: ignore[assignment]
            else:
                joined.append(e)
        out += joined
    return out


Point = tuple[float, float]


def _intersections(edges: list[Edge]) -> dict[Point, tuple[set[Box], set[Box]]]:
    """Where upright and flat edges cross (within TOLERANCE), with the edges through each."""
    found: dict[Point, tuple[set[Box], set[Box]]] = {}
    flat = sorted((e for e in edges if e[0] == "h"), key=lambda e: (e[2], e[1]))
    for v in sorted((e for e in edges if e[0] == "v"), key=lambda e: (e[1], e[2])):
        for h in flat:
            if v[2] <= h[2] + TOLERANCE and v[4] >= h[2] - TOLERANCE \
                    and h[1] - TOLERANCE <= v[1] <= h[3] + TOLERANCE:
                ups, flats = found.setdefault((v[1], h[2]), (set(), set()))
                ups.add(v[1:])
                flats.add(h[1:])
    return found


def _intersections_to_cells(found: dict[Point, tuple[set[Box], set[Box]]]) -> list[Box]:
    """For each crossing, the smallest rectangle with it as top left corner whose four sides
    are drawn."""

    def connects(p: Point, q: Point) -> bool:
        if p[0] == q[0] and found[p][0] & found[q][0]:
            return True
        return p[1] == q[1] and bool(found[p][1] & found[q][1])

    points = sorted(found)
    # the points after each in sorted order on its vertical and on its horizontal: the same
    # lists as filtering all later points, without going through them for every point
    column: dict[float, list[Point]] = {}
    row: dict[float, list[Point]] = {}
    for pt in points:
        column.setdefault(pt[0], []).append(pt)
        row.setdefault(pt[1], []).append(pt)
    place = {pt: (column[pt[0]].index(pt), row[pt[1]].index(pt)) for pt in points}
    cells = []
    for pt in points[:-1]:
        at_x, at_y = place[pt]
        below = column[pt[0]][at_x + 1:]
        right = row[pt[1]][at_y + 1:]
        cell = None
        for b in below:
            if not connects(pt, b):
                continue
            for r in right:
                if not connects(pt, r):
                    continue
                corner = (r[0], b[1])
                if corner in found and connects(corner, r) and connects(corner, b):
                    cell = (pt[0], pt[1], corner[0], corner[1])
                    break
            if cell:
                break
        if cell:
            cells.append(cell)
    return cells


def _cells_to_tables(cells: list[Box]) -> list[list[Box]]:
    """Cells grouped into tables of cells that share corners, top to bottom; a lone cell is
    no table."""
    remaining = list(cells)
    corners: set[Point] = set()
    current: list[Box] = []
    tables = []
    while remaining:
        before = len(current)
        for cell in list(remaining):
            x0, top, x1, bottom = cell
            mine = {(x0, top), (x0, bottom), (x1, top), (x1, bottom)}
            if not current or mine & corners:
                corners |= mine
                current.append(cell)
                remaining.remove(cell)
        if len(current) == before:
            tables.append(list(current))
            corners.clear()
            current.clear()
    if current:
        tables.append(current)
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]
