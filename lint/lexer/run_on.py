"""Run-on text: a crawler's whole page on one line. Its section headings are found inline, in
the template's order, and a section's table where its labels start (one piece: its cells
cannot be told apart).
"""

from __future__ import annotations

from ..regexes import regex
from .headings import key_of, section_heading
from .normalise import SECTION_NUMBERS, SPACES
from .tokens import LexContext, LineToken, add_row, make_cell, strip_debris

RUN_ON_MIN = 400  # a line this long holding three or more section headings is a whole page
_INLINE_NUMBER_RE = regex(r"([一二三四五六])\s*[、.．]\s*")
_HEADING_END_RE = regex(r"情况|事项")
_INLINE_TITLE_RE = regex(
    r"(?<![^\s：:>])[^\s：:，。；、]{0,40}?(?:\d{4}|[〇零○一二三四五六七八九]{4})\s*年度?"
    r"[^\s：:，。；]{0,30}?政府信息公开(?:工作)?年度报告")
_RUN_NUMBER_RE = regex(r"[0-9０-９]+(?:[.．][0-9０-９]+)?(?:[ \u3000\u00a0]+[0-9０-９]+(?:[.．][0-9０-９]+)?)*")
_UNITS = "件条个项次人元万%％年月日号批期家名份余"


def run_on_page(lines: list[str], ctx: LexContext) -> tuple[int, list] | None:
    """The line number and pieces of the one line that is a whole crawled page, if any.
    A long paragraph listing the sections, in a report with headings of its own, is not one;
    nor are several such lines (a rule catalogue, gxlint's own output): a crawler writes the
    page as one line."""
    long = [n for n, raw in enumerate(lines, start=1) if len(raw) >= RUN_ON_MIN and "\t" not in raw]
    if not long:
        return None
    if any(len(line) < 60 and section_heading(line.strip(SPACES + "#"), ctx.keywords) for line in lines):
        return None
    found = [(n, pieces) for n in long if (pieces := run_on_pieces(lines[n - 1], ctx))]
    return found[0] if len(found) == 1 else None


def run_on_pieces(raw: str, ctx: LexContext) -> list[tuple[int, int, str]] | None:
    """The parts of a run-on line (a crawler's text of a whole page on one line) as
    (start, end, what) with what: text, title, heading or table; None when the line is not
    one (fewer than three section headings inline).

    Headings are found inline in the template's order; a section that holds a table has it
    where its labels start, up to the last number that is not a count in a sentence. The
    cells of such a table cannot be told apart (``行政规范性文件693665``), so it stays one piece.
    """
    heads: list[tuple[int, int, str]] = []  # (start, end, section key)
    last = -1
    for m in _INLINE_NUMBER_RE.finditer(raw):
        number = SECTION_NUMBERS.index(m.group(1))
        if number <= last:
            continue
        end = _HEADING_END_RE.search(raw, m.end(), m.end() + 40)
        if end is None:
            continue
        text = raw[m.start():end.end()]
        if any(ch.isdigit() or ch in "。，；" for ch in text[m.end() - m.start():]):
            continue
        found = section_heading(text, ctx.keywords)
        if found is None:
            continue
        heads.append((m.start(), end.end(), key_of(found[0], found[1], ctx.keywords)))
        last = number
    if len(heads) < 3:
        return None
    pieces: list[tuple[int, int, str]] = []
    title = _INLINE_TITLE_RE.search(raw, 0, heads[0][0])
    if title:
        pieces += [(0, title.start(), "text"), (title.start(), title.end(), "title"),
                   (title.end(), heads[0][0], "text")]
    else:
        pieces.append((0, heads[0][0], "text"))
    for i, (a, b, key) in enumerate(heads):
        stop = heads[i + 1][0] if i + 1 < len(heads) else len(raw)
        pieces.append((a, b, "heading"))
        table = _inline_table(raw, b, stop, ctx.table_labels.get(key or "", ()))
        if table is None:
            pieces.append((b, stop, "text"))
        else:
            pieces += [(b, table[0], "text"), (table[0], table[1], "table"), (table[1], stop, "text")]
    return [p for p in pieces if raw[p[0]:p[1]].strip(SPACES)]


def _inline_table(raw: str, a: int, b: int, labels: tuple[str, ...]) -> tuple[int, int] | None:
    """Where a section's table lies in raw[a:b]: from the first of its labels that opens a
    stretch holding three of them, to the last number there not followed by a unit (a count
    in a sentence after the table, 复议1件, is prose)."""
    if not labels:
        return None
    found = sorted((i, label) for label in labels if len(label) >= 2
                   for i in _occurrences(raw, label, a, b))
    for n, (start, label) in enumerate(found):
        if len(label) < 4:
            continue
        stop = raw.find("。", start, b)
        stop = b if stop < 0 else stop
        if len({lab for i, lab in found[n:] if i < stop}) < 3:
            continue
        end = start + len(label)
        for m in _RUN_NUMBER_RE.finditer(raw, start, stop):
            if m.end() >= len(raw) or raw[m.end()] not in _UNITS:
                end = max(end, m.end())
        if stop == b:
            end = b if not raw[end:b].strip(SPACES + "0123456789") else end
        return start, end
    return None


def _occurrences(raw: str, label: str, a: int, b: int):
    i = raw.find(label, a, b)
    while i >= 0:
        yield i
        i = raw.find(label, i + 1, b)


def add_run_on(tokens: list[LineToken], raw: str, start: int, number: int,
                pieces: list[tuple[int, int, str]], ctx: LexContext, debris: list) -> None:
    for a, b, what in pieces:
        part = raw[a:b]
        if what == "table":
            lead = len(part) - len(part.lstrip(SPACES))
            text = part.strip(SPACES)
            cell = make_cell(text, start + a + lead, number, a + lead + 1)
            row = LineToken("ROW", number, start + a, part, cells=[cell], end_line=number,
                            end=start + b, layout="run-on")
            add_row(tokens, row)
            continue
        text, text_start, origin = strip_debris(part, start + a, debris)
        if not text:
            continue
        # Only the headings found in order are headings: the rest is prose, whatever it
        # looks like (a run-on line has no line starts to tell sub-headings by).
        tokens.append(LineToken("HEADING" if what == "heading" else "PARA", number, start + a, part,
                                text, text_start, origin, None, number, start + b))
