"""Dressing the cells as real exports do: layout habits and quirks (wrapped or spaced
labels, full-width digits, half-width brackets, bookmark debris) and paragraph wrapping.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from lint.profiles import Profile

from .grids import GCell, Grid, GRow
from .values import FULLWIDTH


@dataclass
class RenderCtx:
    rng: random.Random
    quirks: frozenset[str]
    layout: str
    profile: Profile
    first_para: str = ""  # debris put before the first paragraph, once
    wrap: Wrap | None = None
    paragraphs: int = 0  # paragraphs written so far (which ones Wrap breaks)
    page: int = 0  # the last page footer written

    def on(self, quirk: str) -> bool:
        return quirk in self.quirks

    def para(self, text: str, bold: bool = False) -> str:
        if self.first_para:
            text, self.first_para = self.first_para + text, ""
        if bold or self.on("bold_debris"):
            for marker in ("一是", "二是", "三是", "四是"):
                text = text.replace(marker, f"**{marker}**")
        if self.on("fullwidth_spaces"):
            text = "\u3000\u3000" + text
        return text


@dataclass(frozen=True)
class Wrap:
    """Hard line breaks as text copied out of a PDF keeps them: the chosen paragraphs
    (None: all) broken every ``width`` characters, with ``footer_every`` a page footer
    (``— 3 —``) after every so many of those lines, and the title broken in two."""

    width: int
    paragraphs: frozenset[int] | None = None
    footer_every: int = 0
    title_at: int = 0  # break a one-line title after this many characters (0: keep it whole)


_DEBRIS_IN_TEXT = ("**", "[bookmark:")


def _break_points(text: str, width: int) -> list[int]:
    """Where to break ``text`` every ``width`` characters, never inside editing debris (a PDF
    has none: what a copy keeps are the breaks, not markup)."""
    inside = [False] * (len(text) + 1)
    for mark, end in (("**", "**"), ("[bookmark:", "]")):
        i = text.find(mark)
        while i >= 0:
            j = text.find(end, i + len(mark)) + len(end) if mark != "**" else i + 2
            for k in range(i + 1, max(j, i + 1)):
                inside[k] = True
            i = text.find(mark, max(j, i + 1))
    points, pos = [], width
    while pos < len(text):
        while pos < len(text) and inside[pos]:
            pos += 1
        if pos < len(text):
            points.append(pos)
        pos += width
    return points


def wrap_paragraph(text: str, ctx: RenderCtx) -> str:
    wrap = ctx.wrap
    n, ctx.paragraphs = ctx.paragraphs, ctx.paragraphs + 1
    if wrap is None or (wrap.paragraphs is not None and n not in wrap.paragraphs):
        return text
    cuts = [0, *_break_points(text, wrap.width), len(text)]
    lines: list[str] = []
    for i, (a, b) in enumerate(zip(cuts, cuts[1:], strict=False)):
        if i and wrap.footer_every and i % wrap.footer_every == 0:
            ctx.page += 1  # numbered as reports are, in at most three digits (every line a page: many)
            lines.append(f"— {(ctx.page - 1) % 999 + 1} —")
        lines.append(text[a:b])
    return "\n".join(lines)


def _result_labels(profile: Profile) -> set[str]:
    """表四's column labels (结果维持 … 总计): the narrow cells Word breaks or spaces."""
    return {c.label for c in profile.table("t4").blocks[0].columns}


def _halfwidth(text: str) -> str:
    text = text.replace("（", "(").replace("）", ")")
    if text.startswith("(") and text.find(")") in (2, 3):  # "(一)予以公开" → "(一) 予以公开"
        end = text.find(")") + 1
        text = text[:end] + " " + text[end:]
    return text


def wrap_label(text: str, width: int = 13) -> str:
    """Break a long label over two lines as a narrow Word cell does: after the punctuation
    nearest the middle, or else after ``width`` characters."""
    if len(text) <= 16:
        return text
    middle = len(text) / 2
    marks = [i + 1 for i, ch in enumerate(text) if ch in "，、," and 4 < i + 1 < len(text) - 3]
    cut = min(marks, key=lambda i: abs(i - middle)) if marks else width
    return text[:cut] + "\n" + text[cut:]


def _spaced(text: str) -> str:
    return " ".join(text.replace(" ", ""))


def _bookmark(rng: random.Random) -> str:
    return f"[bookmark: _Hlk{rng.randint(60000000, 69999999)}]"


@dataclass
class Dress:
    """What a layout does to table cells besides the quirks."""

    wrap_rows: frozenset[str] = frozenset()  # row keys (and "note") whose label is wrapped
    t4_heads: str = ""  # "" | "gap" (结果 维持) | "break" (结果 / 维持 on two lines)
    bookmarks: int = 0  # how many labels get [bookmark: …] debris
    pad_t2: bool = False  # pad 表二 numbers with full-width spaces


def dress_grid(grid: Grid, ctx: RenderCtx, how: Dress) -> Grid:
    rng = ctx.rng
    wrap_all = ctx.on("wrapped_labels")
    labels = [(i, j) for i, row in enumerate(grid.rows) for j, c in enumerate(row.cells)
              if c.kind == "label" and row.kind == "data"]
    count = how.bookmarks or (3 if ctx.on("bookmarks") else 0)
    marked = set(rng.sample(labels, min(count, len(labels))))
    rows = []
    for i, row in enumerate(grid.rows):
        own = max((j for j, c in enumerate(row.cells[: row.lead]) if c.kind == "label"), default=-1)
        cells = []
        for j, cell in enumerate(row.cells):
            text = cell.text
            if cell.kind == "num":
                text = _dress_number(text, grid.key, ctx, how)
            elif cell.kind == "label":
                if ctx.on("halfwidth_brackets"):
                    text = _halfwidth(text)
                if wrap_all or (row.key in how.wrap_rows and j == own):
                    text = wrap_label(text)
                if (i, j) in marked:
                    text = _bookmark(rng) + text
                if ctx.on("fullwidth_spaces") and rng.random() < 0.3:
                    text += "\u3000"
            elif cell.kind == "head":
                text = _dress_header(text, grid.key, ctx, how, wrap_all)
            cells.append(GCell(text, cell.kind))
        rows.append(GRow(cells, row.lead, row.kind, row.key))
    return Grid(grid.key, grid.width, rows)


def _dress_number(text: str, table: str, ctx: RenderCtx, how: Dress) -> str:
    if ctx.on("fullwidth_digits"):
        text = text.translate(FULLWIDTH)
    if ctx.on("fullwidth_spaces") or (how.pad_t2 and table == "t2"):
        # Word keeps the padding typed into centred cells, sometimes with a no-break space.
        text = ctx.rng.choice(("\u3000\u3000", "\u3000\u3000", "\u3000", "\xa0\u3000")) + text
    return text


def _dress_header(text: str, table: str, ctx: RenderCtx, how: Dress, wrap_all: bool) -> str:
    long = len(text) > 16
    if ctx.on("halfwidth_brackets") and long:
        text = _halfwidth(text)
    if long and (wrap_all or "note" in how.wrap_rows):
        return wrap_label(text)
    if ctx.on("spaced_headers") and not long and table != "t2":
        return _spaced(text)
    if table == "t4" and text in _result_labels(ctx.profile):
        if how.t4_heads == "gap" and len(text) == 4:
            return text[:2] + " " + text[2:]
        if how.t4_heads == "break" and (text.startswith("结果") or ctx.rng.random() < 0.5):
            return text[: len(text) // 2] + "\n" + text[len(text) // 2:]
    return text
