"""Write a generated report as a PDF the way Word/WPS exports draw one, for the PDF tests and
the PDF benchmark.

``build_pdf(spec)`` lays out ``generate.blocks(spec)`` on A4 pages with reportlab's built-in CID
font STSong-Light: paragraphs wrapped and justified at the page width with a first-line
indent, tables ruled with one line segment per cell border, long labels wrapped over two or
three lines inside their cell, the merged 三、本年度办理结果 cell so narrow that its label
runs one character per line, header texts wrapped into fragments (商业企 / 业), tables broken
between rows across pages, and a page number footer (``- 4 -`` or ``-4-``) on every page.
``wps=True`` adds what WPS draws besides: a white box behind every line of body text and every
cell, and no bottom rule under a table's last row on a page when the table goes on.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from tests.generate import Grid, ReportSpec, blocks

FONT = "STSong-Light"
PAGE_W, PAGE_H = A4
LEFT, RIGHT, TOP, BOTTOM = 72.0, PAGE_W - 72.0, PAGE_H - 72.0, 72.0
BODY, LEADING = 12.0, 21.0
CELL, CELL_LEADING, PAD = 9.0, 12.0, 3.0
MIN_ROW = 20.0

_registered = False


def _font() -> None:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _registered = True


def _width(text: str, size: float) -> float:
    _font()
    return pdfmetrics.stringWidth(text, FONT, size)


_NO_START = "，。、；：？！）》”’」』】"


def wrap(text: str, width: float, size: float, indent: float = 0.0) -> list[str]:
    """Break text into lines no wider than width, character by character (as CJK wraps)."""
    lines, line, room = [], "", width - indent
    # Runs of digits and Latin letters never break; closing punctuation never starts a line
    # (Word squeezes it onto the line before).
    for ch in re.findall(r"[0-9A-Za-z.%]+|.", text):
        if line and ch not in _NO_START and _width(line + ch, size) > room:
            lines.append(line)
            line, room = "", width
        line += ch
    return [*lines, line] if line or not lines else lines


@dataclass
class Text:
    x: float
    y: float  # baseline
    text: str
    size: float
    char_space: float = 0.0


@dataclass
class Page:
    texts: list[Text] = field(default_factory=list)
    lines: list[tuple[float, float, float, float]] = field(default_factory=list)
    fills: list[tuple[float, float, float, float]] = field(default_factory=list)  # white, unstroked
    seals: list[tuple[float, float]] = field(default_factory=list)  # centres of a red seal


@dataclass
class Placed:
    """Where the builder put things: for tests to check that a case is really covered."""

    pages: int = 0
    table_pages: dict[str, list[int]] = field(default_factory=dict)  # t3 -> [2, 3]


class _Layout:
    def __init__(self, wps: bool = False) -> None:
        self.pages: list[Page] = [Page()]
        self.y = TOP
        self.wps = wps

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def new_page(self) -> None:
        self.pages.append(Page())
        self.y = TOP

    def room(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.new_page()

    def text_line(self, text: str, size: float, leading: float, x: float, justify: float = 0.0) -> None:
        self.room(leading)
        self.y -= leading
        space = 0.0
        if justify and len(text) > 1:
            space = max(0.0, (justify - _width(text, size)) / (len(text) - 1))
        self.page.texts.append(Text(x, self.y + (leading - size) / 2, text, size, space))
        if self.wps:  # WPS paints each line's background: a white box the column's width
            self.page.fills.append((LEFT, self.y, RIGHT, self.y + leading))


def _paragraph(lay: _Layout, text: str, size: float = BODY, indent: float = 2 * BODY) -> None:
    width = RIGHT - LEFT
    lines = wrap(text, width, size, indent)
    for i, line in enumerate(lines):
        x = LEFT + (indent if i == 0 else 0.0)
        full = i < len(lines) - 1  # justified like Word: every line but the last fills the width
        lay.text_line(line, size, LEADING, x, justify=(RIGHT - x) if full else 0.0)


def _centered(lay: _Layout, text: str, size: float, leading: float) -> None:
    for line in wrap(text, RIGHT - LEFT, size):
        lay.text_line(line, size, leading, (PAGE_W - _width(line, size)) / 2)


def _right(lay: _Layout, text: str) -> None:
    lay.text_line(text, BODY, LEADING, RIGHT - _width(text, BODY) - 2 * BODY)


# --- tables ----------------------------------------------------------------------------------


def _owners(grid: Grid) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, col) -> the (row, col) of the cell that covers it (merged cells)."""
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for r, row in enumerate(grid.rows):
        for c, cell in enumerate(row.cells):
            if cell.kind == "h" and c > 0:
                owner[r, c] = owner[r, c - 1]
            elif cell.kind == "v" and r > 0:
                owner[r, c] = owner[r - 1, c]
            else:
                owner[r, c] = (r, c)
    return owner


def _col_widths(grid: Grid) -> list[float]:
    total = RIGHT - LEFT
    fixed = {"t3": [22.0, 66.0, 112.0], "t2": [150.0]}.get(grid.key, [])
    rest = (total - sum(fixed)) / (grid.width - len(fixed))
    return fixed + [rest] * (grid.width - len(fixed))


@dataclass
class _Cell:
    r0: int
    c0: int
    r1: int = 0  # last row covered
    c1: int = 0  # last column covered
    text: str = ""
    kind: str = ""
    lines: list[str] = field(default_factory=list)


def _table(lay: _Layout, grid: Grid, placed: Placed, number_top: bool, flow: bool,
           break_before: str | None, repeat_header: bool) -> None:
    widths = _col_widths(grid)
    xs = [LEFT]
    for w in widths:
        xs.append(xs[-1] + w)
    owner = _owners(grid)
    cells: dict[tuple[int, int], _Cell] = {}
    for (r, c), (orow, ocol) in owner.items():
        cell = cells.get((orow, ocol))
        if cell is None:
            src = grid.rows[orow].cells[ocol]
            cell = cells[orow, ocol] = _Cell(orow, ocol, orow, ocol, src.text, src.kind)
        cell.r1, cell.c1 = max(cell.r1, r), max(cell.c1, c)
    for cell in cells.values():
        inner = xs[cell.c1 + 1] - xs[cell.c0] - 2 * PAD
        cell.lines = wrap(cell.text, inner, CELL) if cell.text else []
    # Row heights: each single-row cell's lines fit; a merged cell stretches its last row.
    heights = [MIN_ROW] * len(grid.rows)
    for cell in cells.values():
        need = len(cell.lines) * CELL_LEADING + 2 * PAD
        if cell.r0 == cell.r1:
            heights[cell.r0] = max(heights[cell.r0], need)
    for cell in cells.values():
        have = sum(heights[cell.r0:cell.r1 + 1])
        need = len(cell.lines) * CELL_LEADING + 2 * PAD
        if need > have:
            heights[cell.r1] += need - have
    # Rows go on pages; a row never breaks, a table does (between rows).
    n_head = next((r for r, row in enumerate(grid.rows) if row.kind != "head"), 0)
    tops: list[tuple[int, float]] = []  # (page index, y of the row's top)
    repeats: list[list[tuple[int, float]]] = []  # where the header rows are drawn again
    for r, h in enumerate(heights):
        if break_before and any(c.text == break_before for c in grid.rows[r].cells):
            lay.new_page()
        lay.room(h)
        page = len(lay.pages) - 1
        if repeat_header and n_head and r > n_head and page != tops[-1][0]:
            repeats.append([(page, lay.y - sum(heights[:i])) for i in range(n_head)])
            lay.y -= sum(heights[:n_head])
        tops.append((page, lay.y))
        lay.y -= h
    placed.table_pages[grid.key] = sorted({p + 1 for p, _ in tops})
    for cell in cells.values():
        _draw_cell(lay, cell, xs, tops, heights, number_top, flow)
        if cell.r1 < n_head:  # Word's 标题行重复: the header rows again on each new page
            for head_tops in repeats:
                _draw_cell(lay, cell, xs, head_tops + tops[n_head:], heights, number_top, flow)


def _draw_cell(lay: _Layout, cell: _Cell, xs: list[float], tops: list[tuple[int, float]],
               heights: list[float], number_top: bool, flow: bool) -> None:
    x0, x1 = xs[cell.c0], xs[cell.c1 + 1]
    # The cell's fragments, one per page it spans: (page, top, bottom).
    frags: list[list] = []
    ends: list[int] = []  # the last row of each fragment
    for r in range(cell.r0, cell.r1 + 1):
        page, top = tops[r]
        if frags and frags[-1][0] == page:
            frags[-1][2] = top - heights[r]
            ends[-1] = r
        else:
            frags.append([page, top, top - heights[r]])
            ends.append(r)
    for (page, top, bottom), end in zip(frags, ends, strict=True):
        # WPS draws no bottom rule under the last row on a page when the table goes on
        open_end = lay.wps and end + 1 < len(tops) and tops[end + 1][0] != page
        lay.pages[page].lines += [(x0, top, x1, top), (x0, top, x0, bottom), (x1, top, x1, bottom)]
        if not open_end:
            lay.pages[page].lines.append((x0, bottom, x1, bottom))
        if lay.wps:  # and paints each cell's background white
            lay.pages[page].fills.append((x0, bottom, x1, top))
    # The text goes in the first fragment it fits in, else (or when asked to) flows from the
    # top of the first fragment into the next.
    need = len(cell.lines) * CELL_LEADING
    fit = None if flow else next((f for f in frags if f[1] - f[2] - 2 * PAD >= need), None)
    queue = list(cell.lines)
    for page, top, bottom in ([fit] if fit else frags):
        room = top - bottom - 2 * PAD
        n = len(queue) if fit else max(1, int(room // CELL_LEADING))
        chunk, queue = queue[:n], queue[n:]
        block = len(chunk) * CELL_LEADING
        if cell.kind == "num" and number_top:
            y = top - PAD  # numbers level with the first line of a wrapped label
        else:
            y = top - (top - bottom - block) / 2  # vertically centred, as Word's tables are
        for line in chunk:
            y -= CELL_LEADING
            w = _width(line, CELL)
            x = x0 + PAD if cell.kind == "label" else (x0 + x1 - w) / 2
            lay.pages[page].texts.append(Text(x, y + 2.5, line, CELL))
        if not queue:
            break


# --- the document ----------------------------------------------------------------------------


Blocks = list[tuple[str, "str | Grid"]]


def layout(doc: ReportSpec | Blocks, *, numbers_top: bool = False, flow: bool = False,
           break_before: str | None = None, repeat_header: bool = False,
           wps: bool = False, seal: bool = False) -> tuple[list[Page], Placed]:
    """Lay out a report (a spec, or its blocks as ``generate.blocks`` gives them, perhaps edited).
    ``flow``: a merged cell's text broken by a page end flows on into the next page;
    ``break_before``: a page break before the table row holding this text;
    ``repeat_header``: a table's header rows are drawn again at the top of each page;
    ``wps``: drawn as WPS draws: a white box behind every line of text and every cell, and no
    bottom rule where a page breaks a table; ``seal``: a red seal (circle and star, Bézier
    curves and slanted lines) over the signature."""
    lay, placed = _Layout(wps), Placed()
    for kind, content in blocks(doc) if isinstance(doc, ReportSpec) else doc:
        if kind == "title":
            _centered(lay, str(content), 18.0, 30.0)
        elif kind == "heading":
            lay.y -= 6
            _paragraph(lay, str(content), 14.0)
        elif kind == "sub":
            _paragraph(lay, str(content))
        elif kind == "para":
            _paragraph(lay, str(content))
        elif kind == "signature":
            _right(lay, str(content))
            if seal and not lay.page.seals:
                lay.page.seals.append((RIGHT - 3 * BODY - _width(str(content), BODY) / 2, lay.y + 10))
        elif kind == "table":
            lay.y -= 8
            _table(lay, content, placed, numbers_top, flow, break_before,  # type: ignore[arg-type]
                   repeat_header)
            lay.y -= 8
    placed.pages = len(lay.pages)
    return lay.pages, placed


def render(pages: list[Page], footer: str = "- {n} -", scanned: frozenset[int] = frozenset()) -> bytes:
    """The pages as a PDF; those numbered in ``scanned`` (1-based) as a scanner makes them: a
    picture of the page (text, rules and footer) with no text layer."""
    _font()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, invariant=True)
    pdf.setTitle("generated report")
    for n, page in enumerate(pages, start=1):
        if n in scanned:
            from reportlab.lib.utils import ImageReader

            pdf.drawImage(ImageReader(_scan(page, footer.format(n=n))), 0, 0, PAGE_W, PAGE_H)
            pdf.showPage()
            continue
        _draw(pdf, page, footer.format(n=n))
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def _draw(pdf, page: Page, number: str) -> None:
    pdf.setFillColorRGB(1, 1, 1)
    for x0, y0, x1, y1 in page.fills:
        pdf.rect(x0, y0, x1 - x0, y1 - y0, stroke=0, fill=1)
    pdf.setFillColorRGB(0, 0, 0)
    for x, y in page.seals:  # 公章: a red ring and star, drawn over the signature
        pdf.setStrokeColorRGB(0.9, 0.1, 0.1)
        pdf.setLineWidth(2.5)
        pdf.circle(x, y, 60, stroke=1, fill=0)
        star = pdf.beginPath()
        for k in range(11):
            r = 18 if k % 2 else 7
            angle = math.pi / 2 + k * math.pi / 5
            (star.lineTo if k else star.moveTo)(x + r * math.cos(angle), y + r * math.sin(angle))
        pdf.drawPath(star, stroke=1, fill=0)
        pdf.setStrokeColorRGB(0, 0, 0)
    pdf.setLineWidth(0.5)
    for x0, y0, x1, y1 in page.lines:
        pdf.line(x0, y0, x1, y1)
    for t in page.texts:
        obj = pdf.beginText(t.x, t.y)
        obj.setFont(FONT, t.size)
        obj.setCharSpace(t.char_space)
        obj.textOut(t.text)
        pdf.drawText(obj)
    pdf.setFont(FONT, 10.5)
    pdf.drawCentredString(PAGE_W / 2, 40, number)


def _scan(page: Page, number: str):
    """A grey picture of the page at 100 dpi, as a scanner gives it (PIL image)."""
    import pypdfium2

    one = io.BytesIO()
    pdf = canvas.Canvas(one, pagesize=A4, invariant=True)
    _draw(pdf, page, number)
    pdf.showPage()
    pdf.save()
    document = pypdfium2.PdfDocument(one.getvalue())
    try:
        return document[0].render(scale=100 / 72, grayscale=True).to_pil()
    finally:
        document.close()


def build_pdf(doc: ReportSpec | Blocks, *, footer: str = "- {n} -", numbers_top: bool = False,
              flow: bool = False, break_before: str | None = None, repeat_header: bool = False,
              pad_pages: int = 0, scanned: frozenset[int] = frozenset(),
              wps: bool = False, seal: bool = False) -> tuple[bytes, Placed]:
    """The PDF bytes of the report, and where its tables went. ``footer`` is the page number
    format; ``numbers_top`` puts numbers level with the first line of a wrapped label rather
    than centred; ``flow``, ``break_before`` and ``repeat_header`` as for :func:`layout`;
    ``pad_pages`` pages holding one short line each are appended; the pages numbered in
    ``scanned`` are pictures with no text layer; ``wps`` and ``seal`` as for :func:`layout`."""
    pages, placed = layout(doc, numbers_top=numbers_top, flow=flow, break_before=break_before,
                           repeat_header=repeat_header, wps=wps, seal=seal)
    for _ in range(pad_pages):
        pages.append(Page([Text(LEFT, TOP - 20, "附件", BODY)]))
    return render(pages, footer, scanned), placed


def without_unicode_maps(data: bytes) -> bytes:
    """The PDF with its fonts' ToUnicode maps removed, as some exporters write PDFs: a viewer
    still draws every glyph, but copied text comes out as glyph numbers."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    removed = 0
    for page in writer.pages:
        fonts = page["/Resources"].get_object().get("/Font")
        for ref in (fonts.get_object().values() if fonts else ()):
            font = ref.get_object()
            if "/ToUnicode" in font:
                del font[NameObject("/ToUnicode")]
                removed += 1
    assert removed, "no font of this PDF has a ToUnicode map"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
