"""The text form of a PDF, rebuilt from geometry: characters become lines, lines wrapped at the
page width become paragraphs again, and ruled tables (cells found from their ruling lines by
:mod:`.pdf_tables`) become one TAB-separated line per row, cells in column order, merged cells
empty. Page numbers and a browser's running header and footer are dropped. It works on plain
geometry (:class:`PageContent`), whichever PDF library found it.

Real exports of the template need this: tables split across pages, row labels wrapped over two
or three lines with the numbers level with one of them, the merged 三、本年度办理结果 cell with its
label one character per line, header cells broken into fragments (商业企 / 业), page numbers
(``- 4 -``) between the rows of a broken table; and as LibreOffice exports them, rows broken
inside by a page end (a label's first characters at the foot of one page, the rest at the
top of the next) and bare page numbers (``4``) at the foot. Each line of the text form keeps its page and
bounding box (PDF points from the page's bottom left) as an :class:`Origin`, a table row also
the box of each of its cells.

Coordinates here are pdfplumber's: ``top``/``bottom`` measured down from the top of the page.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from ..lexer import PAGE_MARKER_RE
from ..regexes import regex  # compiled once per machine: CJK classes are dear to compile
from . import Origin
from .pdf_tables import SNAP, Box, Segment, find_tables


class Char(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

CELL_PAD = 7.0  # points: more than a cell's inner margin (Word 5.8, LibreOffice 5.4)
# A line starting like a heading or list item does not continue the sentence before it.
_ITEM_RE = regex(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．])")
_ENDS_CLAUSE = "。；：！？"
_PIECE_RE = regex(r"[0-9A-Za-z.%]+|.[，。、；：？！）》”’」』】]*")
_DIGITS_RE = regex(r"\d+")
MARGIN = 0.06  # of the page's height: where a browser prints its running header and footer
_BARE_NUMBER_RE = regex(r"^\d{1,3}$")
_NUMBERISH_RE = regex(r"^[\d,.+\-/—－%]*$")


class _Record:
    """A record with its fields in ``__slots__``, equal and shown as a dataclass is (a
    dataclass compiles its methods when the module is imported, a cost to every PDF run)."""

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]  # mutable, as a dataclass is

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and all(getattr(self, f) == getattr(other, f)
                                                 for f in self.__slots__)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{f}={getattr(self, f)!r}' for f in self.__slots__)})"


class PageContent(_Record):
    """What a PDF library found on one page, in pdfplumber's coordinates: its number (1-based),
    size, characters, visible ruling lines, filled rectangles (visible or not) and the share
    of the page that images cover, and the top of each large picture (a table pasted as an
    image, say)."""

    __slots__ = ("number", "width", "height", "chars", "rules", "fills", "image_area", "pictures")

    def __init__(self, number: int, width: float, height: float, chars: list[Char],
                 rules: list[Segment] | None = None, fills: list[Box] | None = None,
                 image_area: float = 0.0, pictures: tuple[float, ...] = ()) -> None:
        self.number, self.width, self.height, self.chars = number, width, height, chars
        self.rules: list[Segment] = [] if rules is None else rules
        self.fills: list[Box] = [] if fills is None else fills
        self.image_area = image_area
        self.pictures = pictures

    @property
    def tables(self) -> list[list[Box]]:
        """Each ruled table's cells (merged cells are one box)."""
        return find_tables(self.rules, self.fills)


class Line(_Record):
    __slots__ = ("page", "x0", "top", "x1", "bottom", "size", "text")

    def __init__(self, page: int, x0: float, top: float, x1: float, bottom: float, size: float,
                 text: str) -> None:
        self.page, self.x0, self.top, self.x1, self.bottom = page, x0, top, x1, bottom
        self.size, self.text = size, text


class Cell(_Record):
    """A table cell's box and text; ``row``/``last_row``: the first and last row bands of the
    fragment it spans, ``room``: the space left on its last line up to the cell's right edge,
    ``size``: the size of its last line."""

    __slots__ = ("box", "text", "row", "last_row", "col", "room", "size")

    def __init__(self, box: Box, text: str, row: int = 0, last_row: int = 0, col: int = 0,
                 room: float = 0.0, size: float = 0.0) -> None:
        self.box, self.text, self.row, self.last_row = box, text, row, last_row
        self.col, self.room, self.size = col, room, size


class Fragment(_Record):
    """The part of a ruled table on one page; ``skip``: leading rows that repeat the table's
    header rows."""

    __slots__ = ("page", "box", "cells", "row_tops", "skip")

    def __init__(self, page: int, box: Box, cells: list[Cell], row_tops: list[float] | None = None,
                 skip: int = 0) -> None:
        self.page, self.box, self.cells = page, box, cells
        self.row_tops: list[float] = [] if row_tops is None else row_tops
        self.skip = skip


# --- characters to lines ---------------------------------------------------------------------


def _lines_of(chars: list[Char], page: int) -> list[Line]:
    """Group characters into lines: by vertical centre, then left to right. A gap wider than
    half a character becomes one space (exports often draw no space glyphs)."""
    if not chars:
        return []
    groups: list[list[Char]] = []
    centre = -1e9
    for ch in sorted(chars, key=lambda c: c.cy):
        mid = ch.cy
        if groups and mid - centre <= 0.5 * ch.size:
            groups[-1].append(ch)
        else:
            groups.append([ch])
            centre = mid
    return [_line(g, page) for g in groups]


def _line(group: list[Char], page: int) -> Line:
    group.sort(key=lambda c: c.x0)
    parts: list[str] = []
    prev = None
    for ch in group:
        gap = ch.x0 - prev.x1 if prev is not None else 0.0
        # Justified and distributed CJK text is spread with gaps, not spaces (只计这一情 形, 总 计).
        if gap > 0.5 * ch.size and not (gap < 4 * ch.size and _cjk(prev.text) and _cjk(ch.text)):
            if parts and parts[-1] != " " and ch.text != " ":
                parts.append(" ")
        parts.append(ch.text)
        prev = ch
    sizes = Counter(round(c.size, 1) for c in group)
    return Line(page, group[0].x0, min(c.top for c in group), max(c.x1 for c in group),
                max(c.bottom for c in group), sizes.most_common(1)[0][0], "".join(parts).strip())


def _cjk(text: str) -> bool:
    """A Chinese character or full-width punctuation (between which no space is written)."""
    return len(text) == 1 and ("\u3000" <= text <= "\u303f" or "\u4e00" <= text <= "\u9fff"
                               or "\uff00" <= text <= "\uffef")


def _join_cell_lines(lines: list[Line]) -> str:
    """A cell's lines as one text: wrapped CJK joins without a space, words with one."""
    out = ""
    for line in lines:
        if out and out[-1].isascii() and out[-1].isalpha() and line.text[:1].isascii() \
                and line.text[:1].isalpha():
            out += " "
        out += line.text
    return out


# --- tables ----------------------------------------------------------------------------------


def _snap(values: Iterable[float]) -> list[float]:
    """Sorted distinct values, those within SNAP of the previous one merged into it."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > SNAP:
            out.append(v)
    return out


def _index(edges: list[float], value: float) -> int:
    """The index of the edge ``value`` falls on (within SNAP)."""
    i = bisect_right(edges, value + SNAP) - 1
    return max(i, 0)


def _last(edges: list[float], end: float) -> int:
    """The index of the last band that starts before ``end`` (a cell's far edge)."""
    return max(bisect_left(edges, end - SNAP) - 1, 0)


def _fragment(page: PageContent, cells: list[Box], chars: list[Char]) -> Fragment:
    """A table fragment with each character put in the cell whose box holds its centre."""
    xs = _snap(b[0] for b in cells) + [max(b[2] for b in cells)]
    ys = _snap(b[1] for b in cells) + [max(b[3] for b in cells)]
    # Each elementary grid slot -> the cell covering it, so a character finds its cell by bisection.
    slot: dict[tuple[int, int], int] = {}
    for n, (x0, top, x1, bottom) in enumerate(cells):
        for i in range(_index(ys, top), _last(ys, bottom) + 1):
            for j in range(_index(xs, x0), _last(xs, x1) + 1):
                slot.setdefault((i, j), n)
    inside: list[list[Char]] = [[] for _ in cells]
    for ch in chars:
        n = slot.get((bisect_right(ys, ch.cy) - 1, bisect_right(xs, ch.cx) - 1))
        if n is not None:
            inside[n].append(ch)
    out = []
    for cell_box, chs in zip(cells, inside, strict=True):
        lines = _lines_of(chs, page.number) if chs else []
        room, size = (cell_box[2] - lines[-1].x1, lines[-1].size) if lines else (0.0, 0.0)
        out.append(Cell(cell_box, _join_cell_lines(lines), _index(ys, cell_box[1]),
                        _last(ys, cell_box[3]), room=room, size=size))
    box = (xs[0], ys[0], xs[-1], ys[-1])
    return Fragment(page.number, box, out, ys)


def _table_rows(chain: list[Fragment], heights: dict[int, float]) -> list[tuple[str, Origin]]:
    """One TAB-separated line per row band of a table (its fragments on successive pages),
    cells in the columns of the whole table, covered parts of merged cells empty."""
    xs = _snap(c.box[0] for f in chain for c in f.cells)
    for f in chain:
        for c in f.cells:
            c.col = _index(xs, c.box[0])
    grids = [_grid(f, len(xs)) for f in chain]
    for f, grid in zip(chain[1:], grids[1:], strict=True):
        # Header rows repeated at the top of each page (Word's 标题行重复) are read once.
        while f.skip < len(grid) and f.skip < len(grids[0]) and any(grid[f.skip]) \
                and grid[f.skip] == grids[0][f.skip]:
            f.skip += 1
    _continue_split_rows(chain)
    _continue_merged_cells(chain)
    out: list[tuple[str, Origin]] = []
    for f in chain:
        h = heights[f.page]
        for r, cells in enumerate(_grid(f, len(xs))):
            if r < f.skip or not any(cells):
                continue
            top, bottom = f.row_tops[r], f.row_tops[r + 1]
            bbox = (round(f.box[0], 2), round(h - bottom, 2), round(f.box[2], 2), round(h - top, 2))
            boxes: list[tuple[float, float, float, float] | None] = [None] * len(cells)
            for c in f.cells:
                if c.row == r:
                    boxes[c.col] = (round(c.box[0], 2), round(h - c.box[3], 2),
                                    round(c.box[2], 2), round(h - c.box[1], 2))
            out.append(("\t".join(cells), Origin(page=f.page, bbox=bbox, cells=tuple(boxes))))
    return out


def _grid(f: Fragment, width: int) -> list[list[str]]:
    rows = [[""] * width for _ in range(len(f.row_tops) - 1)]
    for c in f.cells:
        if c.text:
            rows[c.row][c.col] = c.text
    return rows


def _first_piece(text: str, size: float) -> float:
    """About how wide the start of ``text`` that cannot be broken is: a CJK character with the
    closing punctuation that may not start a line (用、), or a run of digits and letters."""
    run = _PIECE_RE.match(text)
    piece = run.group() if run else text[:1]
    return sum(0.6 * size if ch.isascii() else size for ch in piece)


def _continue_split_rows(chain: list[Fragment]) -> None:
    """A row broken by a page end (LibreOffice and Word let a row break across pages unless
    told not to): the first row on the next page goes on with the row that ended the page
    before when each of its texts continues a text there whose last line was full (the text's
    next unbreakable piece did not fit on it) and is not a new numbered label nor a number;
    its other texts (numbers drawn below the break) join that row too."""
    for before, after in zip(chain, chain[1:], strict=False):
        last = len(before.row_tops) - 2
        ending = {c.col: c for c in before.cells if c.last_row == last}
        starting = [c for c in after.cells if c.row == after.skip and c.text]
        pairs = [(ending.get(c.col), c) for c in starting]
        both = [(head, c) for head, c in pairs if head is not None and head.text]
        if not both or any(head is None for head, _ in pairs) or any(
                head.room >= _first_piece(c.text, head.size) + CELL_PAD or _ITEM_RE.match(c.text)
                or _NUMBERISH_RE.match(c.text)
                for head, c in both):
            continue
        for head, c in pairs:
            assert head is not None
            head.text = _join(head.text, c.text)
            c.text = ""


def _continue_merged_cells(chain: list[Fragment]) -> None:
    """A merged label cell broken by a page end: text that flowed into its part on the next
    page (not a new numbered label) belongs to the cell on the page before. Only a cell that
    spans rows on one side of the break can be broken by it — or one whose text was cut off
    mid-flow (its last line full) by a break that left it one row on each side, in a header
    whose other columns start new cells there (表四's 结|果维持). Either way the part below
    spans exactly the columns of the part above: a header cell over several columns that
    ends the page (表三's 申请人情况) is not continued by the first of the cells under it."""
    for before, after in zip(chain, chain[1:], strict=False):
        last = len(before.row_tops) - 2
        ending = {c.col: c for c in before.cells if c.last_row == last and c.text}
        for c in after.cells:
            head = ending.get(c.col)
            if head is None or c.row != after.skip or not c.text or _ITEM_RE.match(c.text) \
                    or _NUMBERISH_RE.match(c.text):
                continue
            if abs(head.box[0] - c.box[0]) >= 1 or abs(head.box[2] - c.box[2]) >= 1:
                continue  # a cell keeps its columns across the break: this is another cell
            cut_off = head.room < _first_piece(c.text, head.size) + CELL_PAD
            if head.row < head.last_row or c.row < c.last_row or cut_off:
                head.text += c.text
                c.text = ""


# --- pages to items --------------------------------------------------------------------------


def _page_items(page: PageContent) -> list[Line | Fragment]:
    """The page's running-text lines and table fragments, top to bottom; page numbers dropped."""
    tables = [t for t in page.tables if t]
    boxes = [(min(b[0] for b in t), min(b[1] for b in t), max(b[2] for b in t), max(b[3] for b in t))
             for t in tables]
    in_table: list[list[Char]] = [[] for _ in boxes]
    free: list[Char] = []
    for ch in page.chars:
        cx, cy = ch.cx, ch.cy
        for n, (x0, top, x1, bottom) in enumerate(boxes):
            if x0 <= cx <= x1 and top <= cy <= bottom:
                in_table[n].append(ch)
                break
        else:
            free.append(ch)
    lines = [ln for ln in _lines_of(free, page.number) if ln.text]
    items: list[Line | Fragment] = [ln for ln in lines if not _page_number(ln, lines, boxes, page)]
    items += [_fragment(page, t, chs) for t, chs in zip(tables, in_table, strict=True)]
    items.sort(key=lambda it: it.top if isinstance(it, Line) else it.box[1])
    return items


def _page_number(line: Line, lines: list[Line], tables: list[Box], page: PageContent) -> bool:
    """A page number: ``- 4 -``, ``第4页`` anywhere, or a bare ``4`` alone at the page's foot,
    below everything else on it in the bottom fifth (Word's and LibreOffice's PAGE field)."""
    text = line.text.replace(" ", "")
    if PAGE_MARKER_RE.match(text):
        return True
    return bool(_BARE_NUMBER_RE.match(text)) and line.top > 0.8 * page.height \
        and all(other.bottom <= line.top for other in lines if other is not line) \
        and all(box[3] <= line.top for box in tables)


# --- paragraphs ------------------------------------------------------------------------------


class _Metrics(NamedTuple):
    body: float  # the body text size
    left: float  # the text column's left edge
    right: float  # and right edge
    centre: dict[int, float]  # page -> horizontal centre


def _metrics(lines: list[Line], pages: list[PageContent]) -> _Metrics:
    sizes = Counter()
    lefts = Counter()
    rights = Counter()
    for ln in lines:
        sizes[ln.size] += len(ln.text)
        lefts[round(ln.x0)] += 1
        if len(ln.text) >= 8:
            rights[round(ln.x1 / 2) * 2] += 1
    body = sizes.most_common(1)[0][0] if sizes else 12.0
    left = float(lefts.most_common(1)[0][0]) if lefts else 0.0
    right = float(rights.most_common(1)[0][0]) if rights else max((ln.x1 for ln in lines), default=0.0)
    return _Metrics(body, left, right, {p.number: p.width / 2 for p in pages})


def _continues(a: Line, b: Line, m: _Metrics) -> bool:
    """Whether line ``b``, next after line ``a`` in reading order, continues its paragraph
    (the page width wrapped it), on the same page or at the top of the next."""
    if abs(a.size - b.size) > 0.5:
        return False
    same_page = a.page == b.page
    if same_page and not 0 <= b.top - a.bottom <= 1.2 * a.size:
        return False
    if not same_page and b.page != a.page + 1:
        return False
    centred = abs((a.x0 + a.x1) / 2 - m.centre.get(a.page, 0)) < 2 * a.size
    if centred and a.size >= 1.2 * m.body:  # a title broken over two centred lines
        if same_page and abs((b.x0 + b.x1) / 2 - m.centre.get(b.page, 0)) < 2 * b.size:
            return True
        if not same_page or abs(b.x0 - a.x0) > 0.5 * a.size:  # else wrapped flush left
            return False
    # Full: nothing more fitted, not even the next line's first unbreakable piece (2023, 用、),
    # which left-aligned text (LibreOffice's, Word's unjustified) leaves a gap for.
    full = a.x1 >= m.right - 1.5 * a.size or a.x1 + _first_piece(b.text, b.size) >= m.right - 0.5 * a.size
    flush = b.x0 <= m.left + 0.6 * b.size
    if not (full and flush):
        return False
    return not (a.text[-1:] in _ENDS_CLAUSE and _ITEM_RE.match(b.text))


def _join(a: str, b: str) -> str:
    """Lines of a wrapped paragraph: CJK and numbers join as they are, words with a space."""
    if a[-1:].isascii() and a[-1:].isalpha() and b[:1].isascii() and b[:1].isalpha():
        return f"{a} {b}"
    return a + b


# --- the document ----------------------------------------------------------------------------


def build(pages: list[PageContent]) -> tuple[str, list[Origin]]:
    """The text form of the document and the origin of each of its lines."""
    items: list[Line | Fragment] = []
    for page in pages:
        items += _page_items(page)
    items = _without_running_lines(items, pages)
    heights = {p.number: p.height for p in pages}
    metrics = _metrics([it for it in items if isinstance(it, Line)], pages)
    out: list[tuple[str, Origin]] = []
    i = 0
    while i < len(items):
        item = items[i]
        if isinstance(item, Fragment):
            chain = [item]
            while i + 1 < len(items) and _continues_table(chain[-1], items[i + 1]):
                i += 1
                chain.append(items[i])  # type: ignore[arg-type]
            if out and out[-1][0]:
                out.append(("", Origin(page=item.page)))
            out += _table_rows(chain, heights)
            out.append(("", Origin(page=chain[-1].page)))
            i += 1
            continue
        text, box, j = item.text, [item.x0, item.top, item.x1, item.bottom], i
        while j + 1 < len(items) and isinstance(items[j + 1], Line):
            nxt = items[j + 1]
            assert isinstance(nxt, Line)
            prev = items[j]
            assert isinstance(prev, Line)
            if not _continues(prev, nxt, metrics):
                break
            text = _join(text, nxt.text)
            if nxt.page == item.page:
                box = [min(box[0], nxt.x0), box[1], max(box[2], nxt.x1), nxt.bottom]
            j += 1
        h = heights[item.page]
        bbox = (round(box[0], 2), round(h - box[3], 2), round(box[2], 2), round(h - box[1], 2))
        out.append((text, Origin(page=item.page, bbox=bbox)))
        i = j + 1
    text = "\n".join(t for t, _ in out) + "\n"
    return text, [o for _, o in out]


def _without_running_lines(items: list[Line | Fragment], pages: list[PageContent]) -> list[Line | Fragment]:
    """Without the running headers and footers a browser prints (the date and the page's title
    at the top, the address and ``1/5`` at the foot): lines in the top or bottom margin that
    recur at the same height on several pages, the same but for their numbers."""
    height = {p.number: p.height for p in pages}
    seen: dict[tuple[int, str], set[int]] = {}

    def key(line: Line) -> tuple[int, str] | None:
        h = height[line.page]
        if line.bottom > MARGIN * h and line.top < (1 - MARGIN) * h:
            return None
        return round(line.top / 3), _DIGITS_RE.sub("#", line.text.replace(" ", ""))

    for it in items:
        if isinstance(it, Line) and (k := key(it)) is not None:
            seen.setdefault(k, set()).add(it.page)
    return [it for it in items
            if not (isinstance(it, Line) and (k := key(it)) is not None and len(seen[k]) >= 2)]


def _continues_table(prev: Fragment, nxt: Line | Fragment) -> bool:
    """The next item opening the next page is a fragment as wide as the one that ended the page
    before: the same table, broken by the page end (page numbers in between are dropped)."""
    return isinstance(nxt, Fragment) and nxt.page == prev.page + 1 \
        and abs(nxt.box[0] - prev.box[0]) <= 3 * SNAP and abs(nxt.box[2] - prev.box[2]) <= 3 * SNAP
