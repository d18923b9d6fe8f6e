"""Lexing: split the text form into lines, normalise them and say what each one is.

Normalisation never loses a position: every token keeps the offsets of the text it came from.
What gets normalised here is what real exports of the template do to it — full-width spaces
and digits, ``[bookmark: …]`` and ``**`` debris, page markers, characters spaced apart, table
rows in tab, pipe, Markdown or one-cell-per-line layouts, and labels wrapped over two lines.

The classes of line are the terminals of ``grammar/report.lark``.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import accumulate
from typing import Protocol

from .ast import Cell, Span

# --- characters -------------------------------------------------------------------------

DEBRIS_RE = re.compile(r"\[bookmark:[^\]]*\]|\*\*")
_BR_RE = re.compile(r"<br\s*/?>", re.I)  # a line break inside a Markdown or HTML table cell
_SPACES = " \t\u3000\u00a0\ufeff\u200b\u2002\u2003\u2009"
PAGE_MARKER_RE = re.compile(r"^[-—－–]\s*\d{1,3}\s*[-—－–]$|^第\s*\d{1,3}\s*页(?:\s*共\s*\d+\s*页)?$")
_SENTENCE_END = "。；！？"
_BAR_SPACES = "|" + _SPACES

CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SECTION_NUMBERS = "一二三四五六"


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """The comparison form of a label: NFKC (full-width → half-width), no spaces, no debris,
    one kind of bracket and quote."""
    text = DEBRIS_RE.sub("", text)
    if "<" in text:
        text = _BR_RE.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if not ch.isspace() and ch != "\ufeff")
    return text.translate(_FOLD_PUNCT)


_FOLD_PUNCT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "〔": "[", "〕": "]",
                             "【": "[", "】": "]", "．": ".", "、": "、"})


# --- tokens -------------------------------------------------------------------------------


def make_cell(raw: str, offset: int, line: int, column: int) -> Cell:
    """A table cell of one line; kind and value come from the (cached) reading of its text."""
    text, kind, value = _reading(raw)
    return Cell(line, column, offset, raw, text, kind, value)


@lru_cache(maxsize=8192)
def _reading(raw: str) -> tuple[str, str, Decimal | None]:
    kind, value, _unit = cell_value(raw)
    return fold(raw), kind, value


def join_cells(first: Cell, part: Cell) -> Cell:
    """A label wrapped over two lines, as one cell."""
    raw = first.raw + part.raw
    kind, value, _unit = cell_value(raw)
    return Cell.spanning(first.span.to(part.span), raw, fold(raw), kind, value)


@dataclass(slots=True)
class LineToken:
    """One line of the text form, classified for the grammar."""
    # One per non-blank line of a report: slots and no per-token list factories keep it cheap.
    type: str  # a terminal of report.lark, ROW (inside ROWS), or DATE while lexing
    line: int  # 1-based
    start: int  # offset of the line in the text form
    raw: str  # the line without its end-of-line characters
    text: str = ""  # normalised: debris removed, stripped
    text_start: int = 0  # offset of text[0] in the text form (when no debris was removed)
    origin: list[int] | None = None  # offset of each char of text, when debris was removed
    cells: list[Cell] | None = None  # ROW tokens only
    end_line: int = 0
    end: int = 0  # offset just past the last character
    rows: list[LineToken] | None = None  # ROWS tokens only: the consecutive ROW tokens
    layout: str = ""  # ROW tokens: "run-on" for a table flattened into a line of text


@dataclass
class Lexed:
    """The lexer's output: tokens, debris and line spans."""
    tokens: list[LineToken]
    debris: list[Span]
    line_starts: list[int]

    def span(self, start: int, end: int) -> Span:
        l1, c1 = self.position(start)
        l2, c2 = self.position(end)
        return Span(l1, c1, start, l2, c2, end)

    def line_span(self, line: int, start: int, end_line: int, end: int) -> Span:
        """The span from ``start`` on ``line`` to ``end`` on ``end_line``: ``span`` without
        the searches, for callers that know the lines."""
        starts = self.line_starts
        return Span(line, start - starts[line - 1] + 1, start, end_line, end - starts[end_line - 1] + 1, end)

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) of an offset, both 1-based."""
        i = max(bisect_right(self.line_starts, offset) - 1, 0)
        return i + 1, offset - self.line_starts[i] + 1


# --- line classification -------------------------------------------------------------------

_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_HEADING_RE = re.compile(r"^(?:#{1,6}\s*)?([一二三四五六])\s*[、.．,，]\s*(.{2,40})$")
_SUBHEAD_RE = re.compile(r"^(?:#{1,6}\s*)?(?:[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,2}\s*[.、．])\s*\S.{0,38}$")
_MD_HEADING_RE = re.compile(r"^#{1,6}\s+")
_MD_SEPARATOR_RE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
TITLE_RE = re.compile(r"年度报告|工作报告")
_TITLE_LABEL_RE = re.compile(r"^标题\s*[:：]\s*")
# A line that only marks where a copied or crawled page's text begins: not part of the title.
_CAPTURE_MARK_RE = re.compile(r"^[=＝\-—\s]*(?:正文|全文|正文内容)[=＝\-—\s]*$")
DATE_RE = re.compile(
    r"^\s*([0-9０-９]{4}|[〇零○一二三四五六七八九]{4})\s*年\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})"
    r"\s*月\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*日\s*$"
)

# Row labels of 表三 that look like section headings (一、… and 四、…): never headings.
_TABLE_LABEL_HINTS = ("本年新收", "上年结转", "本年度办理结果", "结转下年度")


def section_heading(text: str, keywords: dict[str, tuple[str, ...]]) -> tuple[str, str] | None:
    """(number, heading text) if the line is one of the six section headings."""
    m = _HEADING_RE.match(text)
    if not m or text[-1] in _SENTENCE_END:
        return None
    number, rest = m.group(1), m.group(2).strip()
    folded = fold(rest)
    if any(hint in folded for hint in _TABLE_LABEL_HINTS):
        return None
    if any(k in folded for words in keywords.values() for k in words):
        return number, rest
    return None


def _is_pipe_row(text: str) -> bool:
    return text.count("|") >= 2 or " | " in text


def _cells(parts: list[str], pos: int, start: int, line: int, debris: list,
           blank_after_padding: bool = False) -> list[Cell]:
    """Cells of a row already split into ``parts``, the first at index ``pos`` of the line
    (which starts at offset ``start``); each part is stripped of its padding. An empty cell
    sits where its part starts, or after its padding with ``blank_after_padding`` (pipes).

    The hot loop of lexing (a report has some 360 cells), so make_cell is inlined."""
    cells: list[Cell] = []
    append, reading, spaces = cells.append, _reading, _SPACES
    for part in parts:
        text = part.strip(spaces)
        n = len(text)
        if n == len(part):
            lead = 0
        elif n:
            lead = part.find(text)  # text starts with no space: found just after the padding
        else:
            lead = len(part) if blank_after_padding else 0
        col = pos + lead + 1
        folded, kind, value = reading(text)
        cell = Cell(line, col, start + col - 1, text, folded, kind, value)
        if "[" in text or "*" in text:  # cheap test for what DEBRIS_RE can match
            cell = _clean(cell, debris)
        append(cell)
        pos += len(part) + 1
    return cells


def _split_pipes(raw: str, start: int, line: int, debris: list) -> list[Cell]:
    """Cells of a pipe row: ``a | b | c |`` or ``| a | b |``."""
    stripped = raw.rstrip(_SPACES)
    pos = len(raw) - len(raw.lstrip(_SPACES))
    if stripped[pos:pos + 1] == "|":
        pos += 1
    end = len(stripped)
    if stripped.endswith("|") and end - 1 >= pos:
        end -= 1
    if pos > end:
        return []
    return _cells(stripped[pos:end].split("|"), pos, start, line, debris, blank_after_padding=True)


def _strip_debris(raw: str, start: int, debris: list[tuple[int, int]]) -> tuple[str, int, list[int] | None]:
    """Remove debris and surrounding spaces; return text, offset of text, char origins."""
    if "[bookmark:" not in raw and "**" not in raw:
        return raw.strip(_SPACES), start + len(raw) - len(raw.lstrip(_SPACES)), None
    chars: list[str] = []
    origin: list[int] = []
    pos = 0
    for m in DEBRIS_RE.finditer(raw):
        debris.append((start + m.start(), start + m.end()))
        chars.extend(raw[pos:m.start()])
        origin.extend(range(start + pos, start + m.start()))
        pos = m.end()
    chars.extend(raw[pos:])
    origin.extend(range(start + pos, start + len(raw)))
    a, b = 0, len(chars)
    while a < b and chars[a] in _SPACES:
        a += 1
    while b > a and chars[b - 1] in _SPACES:
        b -= 1
    text = "".join(chars[a:b])
    return text, (origin[a] if a < b else start), origin[a:b]


class SpacedLabels(Protocol):
    """What lint/labels.py's SpacedRowLabels offers (it imports this module, so the lexer
    takes it from its caller)."""

    def is_row(self, section: str | None, label: str) -> bool: ...
    def is_label(self, section: str | None, text: str) -> bool: ...
    def marker(self, section: str | None, text: str) -> tuple[str, ...] | None: ...
    def cuts(self, text: str, parts: tuple[str, ...]) -> list[int]: ...


class LexContext:
    """What the lexer needs to know about the template: the section keywords, and the labels
    of the table each section holds (to find a table inside a crawler's run-on line)."""

    def __init__(self, keywords: dict[str, tuple[str, ...]], markdown: bool = False,
                 table_labels: dict[str, tuple[str, ...]] | None = None,
                 spaced: SpacedLabels | None = None) -> None:
        self.keywords = keywords
        self.markdown = markdown
        self.table_labels = table_labels or {}
        self.spaced = spaced  # labels.SpacedRowLabels: tables copied with spaces between cells


def _lines(text: str) -> tuple[list[str], list[int]]:
    """The lines of ``text`` without their ends (``\r\n``, ``\r`` or ``\n``; a final line end
    starts no new line) and the offset where each line starts."""
    if "\r" not in text:  # the usual case: one C-level split
        lines = text.split("\n")
        if len(lines) > 1 and not lines[-1]:
            lines.pop()
        starts = list(accumulate([len(line) + 1 for line in lines], initial=0))
        starts.pop()
        return lines, starts
    lines, starts = [], []
    for m in _LINE_RE.finditer(text):
        chunk = m.group(0)
        if not chunk and m.start() == len(text) and starts:
            break
        starts.append(m.start())
        lines.append(chunk.rstrip("\r\n"))
        if m.end() >= len(text):
            break
    return lines, starts


def lex(text: str, ctx: LexContext) -> Lexed:
    """Classify every line of ``text``, group table cells into ROW tokens and consecutive
    ROW tokens into ROWS tokens.

    One pass: one-cell-per-line runs are joined into ROW tokens as they come (a blank line
    or page marker ends a row), and continuation lines of wrapped labels are attached to the
    cell they continue. Blank lines, page markers and separators make no token."""
    tokens: list[LineToken] = []
    debris: list[tuple[int, int]] = []
    lines, line_starts = _lines(text)
    row: LineToken | None = None  # the open one-cell-per-line row
    run_on = _run_on_page(lines, ctx)
    for number, (raw, start) in enumerate(zip(lines, line_starts, strict=True), start=1):
        if run_on is not None and run_on[0] == number:
            pieces = run_on[1]
            if pieces:
                row = None
                _add_run_on(tokens, raw, start, number, pieces, ctx, debris)
                continue
        kind, what = _classify(raw, start, number, ctx, debris)
        if kind == "CELL":
            if row is None:
                row = LineToken("ROW", number, start, raw, cells=[])
                _add_row(tokens, row)
            row.cells.extend(what)  # type: ignore[union-attr, arg-type]
            row.end_line, row.end = number, start + len(raw)
        elif kind == "SEP":
            continue  # "|---|" or "|||": the row, if any, goes on
        elif kind in ("BLANK", "PAGE"):
            row = None
        elif row is not None and kind in ("PARA", "SUBHEAD") and _continues(what) \
                and len(row.cells[-1].raw) < MAX_WRAPPED_LABEL:  # type: ignore[arg-type, index]
            # A wrapped label: "5.要求行政机关确认或重新" / "出具已获取信息".
            tok: LineToken = what  # type: ignore[assignment]
            part = make_cell(tok.text, tok.text_start, tok.line, tok.text_start - tok.start + 1)
            row.cells[-1] = join_cells(row.cells[-1], part)  # type: ignore[index]
            row.end_line, row.end = number, tok.end
        elif kind == "ROW":
            row = None
            _add_row(tokens, what)  # type: ignore[arg-type]
        else:
            row = None
            tokens.append(what)  # type: ignore[arg-type]
    if ctx.spaced is not None:
        tokens = _spaced_rows(tokens, ctx)
    lexed = Lexed(_mark_title_and_signature(tokens), [], line_starts)
    if ctx.markdown:
        debris = [d for d in debris if text[d[0]:d[0] + 2] != "**"]
    lexed.debris = [lexed.span(a, b) for a, b in debris]
    return lexed


# --- tables copied out of a PDF: cells separated by single spaces -------------------------------

_WORD_RE = re.compile(f"[^{_SPACES}]+")
_SPACE_RE = re.compile(f"[{_SPACES}]")
_PROSE = ("PARA", "SUBHEAD")  # 1.属于国家秘密 0 0 … reads as a sub-heading
# How a number, a number with its unit, or an NA mark ends: the paragraphs looked at further.
_VALUE_END = frozenset("0123456789０１２３４５６７８９/-—–－无／\\元件条个项次")
MAX_MARKER = 60  # a label line inside a table is short; longer lines are prose


def _spaced_rows(tokens: list[LineToken], ctx: LexContext) -> list[LineToken]:
    """Read as table rows the lines that are a row of a table copied out of a PDF with its
    cells separated by single spaces (``行政许可 97``), with the label lines around them
    (第二十条第（五）项, 信息内容本年处理决定数量).

    A line is such a row only when it is a label of the table of the section it stands in
    followed by values and nothing else, and it stands inside a table: next to a label line
    of that table, a table row, or another such row. Anything else stays prose. The fast
    path (no paragraph ends in a value and has a space) costs a look at each paragraph's end."""
    spaced = ctx.spaced
    assert spaced is not None
    maybe = [i for i, tok in enumerate(tokens) if tok.type in _PROSE and tok.text[-1:] in _VALUE_END
             and _SPACE_RE.search(tok.text)]
    if not maybe:
        return tokens
    sections: list[str | None] = []
    section: str | None = None
    for tok in tokens:
        if tok.type == "HEADING":
            found = section_heading(tok.text, ctx.keywords)
            section = _key_of(found[0], found[1], ctx.keywords) if found else None
        sections.append(section)
    rows = {i: cells for i in maybe if (cells := _value_row(tokens[i], sections[i], spaced))}
    if not rows:
        return tokens
    converted: dict[int, LineToken] = {}
    for i in rows:
        if i in converted:
            continue
        run = _run_around(tokens, i, rows, sections, spaced)
        if len(run) < 2:
            continue  # a lone "label value" line among paragraphs is prose
        for j, cells in run.items():
            tok = tokens[j]
            if tok.type == "ROWS":
                continue
            converted[j] = LineToken("ROW", tok.line, tok.start, tok.raw, tok.text, tok.text_start,
                                     tok.origin, cells, tok.end_line, tok.end, layout="space-rows")
    if not converted:
        return tokens
    out: list[LineToken] = []
    for i, tok in enumerate(tokens):
        if i in converted:
            _add_row(out, converted[i])
        elif tok.type == "ROWS" and out and out[-1].type == "ROWS" and i - 1 in converted:
            out[-1].rows.extend(tok.rows)  # type: ignore[union-attr, arg-type]
        else:
            out.append(tok)
    return out


def _run_around(tokens: list[LineToken], i: int, rows: dict[int, list[Cell]],
                sections: list[str | None], spaced: SpacedLabels) -> dict[int, list[Cell]]:
    """The lines of the table the row ``i`` stands in: it and its neighbours each way that
    are rows, table rows or label lines of the same section's table (index → cells; a table
    row's token maps to [])."""
    section = sections[i]
    run = {i: rows[i]}
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(tokens) and sections[j] == section:
            tok = tokens[j]
            if j in rows:
                run[j] = rows[j]
            elif tok.type == "ROWS":
                run[j] = []
            elif tok.type in _PROSE and (cells := _label_line(tok, section, spaced)):
                run[j] = cells
            else:
                break
            j += step
    return run


def _value_row(tok: LineToken, section: str | None, spaced: SpacedLabels) -> list[Cell] | None:
    """The cells of a line that is a row label of the section's table followed by one or
    more values (numbers, maybe with a unit, or NA marks), separated by spaces; None for
    anything else (``行政处罚 0 件，比上年减少``: a word after the values)."""
    text = tok.text
    words = [(m.start(), m.end()) for m in _WORD_RE.finditer(text)]
    n = len(words)
    while n > 1:
        a, b = words[n - 1]
        if cell_value(text[a:b])[0] not in ("number", "na"):
            break
        n -= 1
    if n == len(words) or n == 0:
        return None
    labels = _row_labels(text, words[:n], section, spaced)
    if labels is None:
        return None
    return [*(_text_cell(tok, a, b) for a, b in labels), *(_text_cell(tok, a, b) for a, b in words[n:])]


MAX_LABEL_WORDS = 8  # a row's labels (三、本年度办理结果 （三）不予公开 1.属于国家秘密) are a few words


def _row_labels(text: str, words: list[tuple[int, int]], section: str | None,
                spaced: SpacedLabels) -> list[tuple[int, int]] | None:
    """Where the label cells of a row are in ``words``: one row label (its letters may be
    spaced apart), or a row label after the labels of its groups, each a label of the
    table; None when any word is not part of one."""
    end = words[-1][1]
    if spaced.is_row(section, text[:end]):
        return [(0, end)]
    if len(words) > MAX_LABEL_WORDS:
        return None
    for k in range(1, len(words)):
        if spaced.is_row(section, text[words[k][0]:end]):
            groups = _group_labels(text, words[:k], section, spaced)
            if groups is not None:
                return [*groups, (words[k][0], end)]
    return None


def _group_labels(text: str, words: list[tuple[int, int]], section: str | None,
                  spaced: SpacedLabels) -> list[tuple[int, int]] | None:
    """``words`` as a run of whole labels of the table (exactly), or None."""
    if not words:
        return []
    for k in range(len(words)):
        a, b = words[k][0], words[-1][1]
        if spaced.is_label(section, text[a:b]):
            rest = _group_labels(text, words[:k], section, spaced)
            if rest is not None:
                return [*rest, (a, b)]
    return None


def _label_line(tok: LineToken, section: str | None, spaced: SpacedLabels) -> list[Cell] | None:
    """The cells of a label line of the section's table (a block label, a header, or a header
    line with its labels run together, split into them); None for anything else."""
    text = tok.text
    if len(text) > MAX_MARKER:
        return None
    parts = spaced.marker(section, text)
    if parts is None:
        return None
    bounds = [0, *spaced.cuts(text, parts), len(text)] if parts else [0, len(text)]
    return [_text_cell(tok, a, b) for a, b in zip(bounds, bounds[1:], strict=False)]


def _text_cell(tok: LineToken, a: int, b: int) -> Cell:
    """A cell of text[a:b] of a prose token, where it stands in the text form."""
    offset = tok.origin[a] if tok.origin else tok.text_start + a
    raw = tok.text[a:b]
    folded, kind, value = _reading(raw)
    return Cell(tok.line, offset - tok.start + 1, offset, raw, folded, kind, value)


# --- run-on text: a crawled page as one line ----------------------------------------------------

RUN_ON_MIN = 400  # a line this long holding three or more section headings is a whole page
_INLINE_NUMBER_RE = re.compile(r"([一二三四五六])\s*[、.．]\s*")
_HEADING_END_RE = re.compile(r"情况|事项")
_INLINE_TITLE_RE = re.compile(
    r"(?<![^\s：:>])[^\s：:，。；、]{0,40}?(?:\d{4}|[〇零○一二三四五六七八九]{4})\s*年度?"
    r"[^\s：:，。；]{0,30}?政府信息公开(?:工作)?年度报告")
_RUN_NUMBER_RE = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?(?:[ \u3000\u00a0]+[0-9０-９]+(?:[.．][0-9０-９]+)?)*")
_UNITS = "件条个项次人元万%％年月日号批期家名份余"


def _run_on_page(lines: list[str], ctx: LexContext) -> tuple[int, list] | None:
    """The line number and pieces of the one line that is a whole crawled page, if any.
    A long paragraph listing the sections, in a report with headings of its own, is not one;
    nor are several such lines (a rule catalogue, gxlint's own output): a crawler writes the
    page as one line."""
    long = [n for n, raw in enumerate(lines, start=1) if len(raw) >= RUN_ON_MIN and "\t" not in raw]
    if not long:
        return None
    if any(len(line) < 60 and section_heading(line.strip(_SPACES + "#"), ctx.keywords) for line in lines):
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
        heads.append((m.start(), end.end(), _key_of(found[0], found[1], ctx.keywords)))
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
    return [p for p in pieces if raw[p[0]:p[1]].strip(_SPACES)]


def _key_of(number: str, text: str, keywords: dict[str, tuple[str, ...]]) -> str | None:
    """The section a heading names: of the sections whose keywords it has, the one its number
    stands for (the keywords come in the template's order)."""
    folded = fold(text)
    keys = [k for k, words in keywords.items() if any(w in folded for w in words)]
    order = list(keywords)
    expected = order[SECTION_NUMBERS.index(number)] if number in SECTION_NUMBERS[:len(order)] else None
    return expected if expected in keys else next(iter(keys), None)


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
            end = b if not raw[end:b].strip(_SPACES + "0123456789") else end
        return start, end
    return None


def _occurrences(raw: str, label: str, a: int, b: int):
    i = raw.find(label, a, b)
    while i >= 0:
        yield i
        i = raw.find(label, i + 1, b)


def _add_run_on(tokens: list[LineToken], raw: str, start: int, number: int,
                pieces: list[tuple[int, int, str]], ctx: LexContext, debris: list) -> None:
    for a, b, what in pieces:
        part = raw[a:b]
        if what == "table":
            lead = len(part) - len(part.lstrip(_SPACES))
            text = part.strip(_SPACES)
            cell = make_cell(text, start + a + lead, number, a + lead + 1)
            row = LineToken("ROW", number, start + a, part, cells=[cell], end_line=number,
                            end=start + b, layout="run-on")
            _add_row(tokens, row)
            continue
        text, text_start, origin = _strip_debris(part, start + a, debris)
        if not text:
            continue
        # Only the headings found in order are headings: the rest is prose, whatever it
        # looks like (a run-on line has no line starts to tell sub-headings by).
        tokens.append(LineToken("HEADING" if what == "heading" else "PARA", number, start + a, part,
                                text, text_start, origin, None, number, start + b))


def _add_row(tokens: list[LineToken], row: LineToken) -> None:
    """Append a ROW token to the ROWS token at the end of ``tokens``, or start one."""
    if tokens and tokens[-1].type == "ROWS":
        tokens[-1].rows.append(row)  # type: ignore[union-attr]
    else:
        tokens.append(LineToken("ROWS", row.line, row.start, row.raw, rows=[row]))


def _classify(raw: str, start: int, number: int, ctx: LexContext, debris: list
              ) -> tuple[str, LineToken | list[Cell] | None]:
    """What a line is: (kind, its token), or ("CELL", its cells) for a line of a
    one-cell-per-line table, or ("BLANK" | "PAGE" | "SEP", None). Debris found in the line
    is added to ``debris``."""
    end = start + len(raw)
    if "\t" in raw:
        body = raw.lstrip(" \u3000")
        if body[0] == "\t" and body.find("\t", 1) < 0:
            # One cell per line (seed 003's layout): a leading tab, one cell.
            i = raw.index("\t") + 1
            return "CELL", _cells([raw[i:]], i, start, number, debris, blank_after_padding=True)
        if not _is_sentence(raw):
            cells = _cells(raw.split("\t"), 0, start, number, debris)
            return "ROW", LineToken("ROW", number, start, raw, cells=cells, end_line=number, end=end)
    line_debris: list[tuple[int, int]] = []  # kept only if the line is prose, not cells
    text, text_start, origin = _strip_debris(raw, start, line_debris)
    if not text:
        debris.extend(line_debris)
        return "BLANK", None
    if "|" in text:
        if ("--" in text and _MD_SEPARATOR_RE.match(text)) or not text.strip(_BAR_SPACES):
            debris.extend(line_debris)
            return "SEP", None  # a Markdown separator, or "|||" where merged cells were
        if text.endswith("|") and text.count("|") == 1:
            return "CELL", _split_pipes(raw, start, number, debris)  # one cell per line: "3 |"
        if _is_pipe_row(text) and not _is_sentence(text):
            cells = _split_pipes(raw, start, number, debris)
            return "ROW", LineToken("ROW", number, start, raw, text, text_start, origin, cells, number, end)
    debris.extend(line_debris)
    if PAGE_MARKER_RE.match(text):
        return "PAGE", None
    if text[0] == "#":
        m = _MD_HEADING_RE.match(text)
        if m:
            shift = m.end()
            text, text_start = text[shift:], text_start + shift
            if origin:
                origin = origin[shift:]
    if text[0] == "标" and (m := _TITLE_LABEL_RE.match(text)) and TITLE_RE.search(text):
        # A crawler's capture note "标题: 某局2023年…年度报告": the title without its label.
        shift = m.end()
        text, text_start = text[shift:], text_start + shift
        if origin:
            origin = origin[shift:]
    tok = LineToken("PARA", number, start, raw, text, text_start, origin, None, number, end)
    if section_heading(text, ctx.keywords):
        tok.type = "HEADING"
    elif _SUBHEAD_RE.match(text) and text[-1] not in _SENTENCE_END and "。" not in text:
        tok.type = "SUBHEAD"
    elif DATE_RE.match(text):
        tok.type = "DATE"
    return tok.type, tok


def _is_sentence(text: str) -> bool:
    return "。" in text and len(text) > 60


def _clean(cell: Cell, debris: list) -> Cell:
    """Drop leading debris from a cell, keeping its position right."""
    m = DEBRIS_RE.match(cell.raw)
    while m and m.end() > 0:
        debris.append((cell.offset + m.start(), cell.offset + m.end()))
        skip = m.end()
        while skip < len(cell.raw) and cell.raw[skip] in _SPACES:
            skip += 1
        cell = make_cell(cell.raw[skip:], cell.offset + skip, cell.line, cell.column + skip)
        m = DEBRIS_RE.match(cell.raw)
    if "**" in cell.raw or "[bookmark:" in cell.raw:
        for d in DEBRIS_RE.finditer(cell.raw):
            debris.append((cell.offset + d.start(), cell.offset + d.end()))
    return cell


# A wrapped label is joined over a few lines (the longest label has 40 letters); past this a
# run of short lines is prose, which also keeps joining linear on hostile input.
MAX_WRAPPED_LABEL = 200


def _continues(tok: LineToken) -> bool:
    text = tok.text
    return len(text) <= 30 and not any(p in text for p in "。；！？") and tok.origin is None


def _mark_title_and_signature(tokens: list[LineToken]) -> list[LineToken]:
    """The title is the run of short lines at the top ending in the line that names the
    report; the signature is the agency line and date line at the very end."""
    first_heading = next((i for i, t in enumerate(tokens) if t.type == "HEADING"), len(tokens))
    content = [i for i in range(first_heading) if tokens[i].type in ("PARA", "SUBHEAD", "DATE")]
    title_end = None
    # A whole one-line title naming the agency wins wherever it stands above the first
    # heading: a saved web page may be printed with the site's menus and breadcrumbs above it.
    named = _named_title(tokens, content)
    for n, i in enumerate([] if named is not None else content[:4]):
        text = tokens[i].text
        # The name may be broken over two lines too: …工作年度 / 报告.
        wrapped = n > 0 and TITLE_RE.search(fold(tokens[content[n - 1]].text + text))
        if (TITLE_RE.search(fold(text)) or wrapped) and len(text) <= 60 and "。" not in text:
            title_end = n
            break
    if title_end is not None:
        run = content[: title_end + 1]
        marks = [n for n, i in enumerate(run) if _CAPTURE_MARK_RE.match(tokens[i].text)]
        if marks:  # "正文" above the title: it and what stands above it are the page's
            for i in range(run[marks[-1]] + 1):
                tokens[i].type = "FURNITURE"
            run = run[marks[-1] + 1:]
        for i in run:
            if len(tokens[i].text) <= 60 and "。" not in tokens[i].text:
                tokens[i].type = "TITLE"
    elif named is not None:
        first = named
        at = content.index(named)
        if at and _broken_agency(tokens[content[at - 1]].text, tokens[named].text):
            first = content[at - 1]  # 临川市人 / 民政府2022年…: the title wrapped in the agency
        for i in range(first, named + 1):
            tokens[i].type = "TITLE"
        for i in range(first):  # above it: the page around the report, not the report
            tokens[i].type = "FURNITURE"
    # Signature: a date line at the end, maybe preceded by the agency line.
    if tokens and len(tokens) - 1 > first_heading:
        last = tokens[-1]
        if last.type == "DATE":
            last.type = "SIGN_DATE"
            if len(tokens) > 1:
                prev = tokens[-2]
                if prev.type in ("PARA", "SUBHEAD") and _looks_like_agency(prev.text):
                    prev.type = "SIGN_AGENCY"
        elif last.type == "PARA" and _looks_like_agency(last.text):
            last.type = "SIGN_AGENCY"
    for t in tokens:
        if t.type == "DATE":
            t.type = "PARA"
    return tokens


_FULL_TITLE_RE = re.compile(r"^(.*?)(\d{4}|[〇零○一二三四五六七八九]{4})年度?政府信息公开工作年度报告$")


def _named_title(tokens: list[LineToken], candidates: list[int]) -> int | None:
    """The line that is a whole title naming the agency (某局2023年政府信息公开工作年度报告);
    of several (links to other agencies' reports), the last above the first heading."""
    found = [i for i in candidates
             if len(text := tokens[i].text) <= 60 and "。" not in text
             and (m := _FULL_TITLE_RE.match(fold(text))) and m.group(1)]
    return found[-1] if found else None


def _broken_agency(above: str, title: str) -> bool:
    """Whether ``above`` is the start of an agency name that ``title`` continues: a short
    fragment (no spaces, punctuation or symbols) above a title whose own agency part is too
    short to be a whole name (民政府, 道办事处, 局)."""
    m = _FULL_TITLE_RE.match(fold(title))
    return bool(m) and len(m.group(1)) <= 4 and 0 < len(above) <= 20 \
        and not any(ch in _SPACES or unicodedata.category(ch)[0] in "PS" for ch in above)


_AGENCY_END_RE = re.compile(r"(局|委员会|委|厅|办公室|办|政府|处|中心|院|所|署|会|站|队|部|街道|镇|乡|馆)(（[^）]*）)?$")


def _looks_like_agency(text: str) -> bool:
    return len(text) <= 40 and not any(p in text for p in "。，；：") and bool(_AGENCY_END_RE.search(text))


# --- cell values -------------------------------------------------------------------------

NA_MARKS = frozenset({"/", "-", "—", "——", "–", "－", "无", "／", "\\", "--"})
_NUMBER_RE = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(万元|元|件|条|个|项|次|人次)?$")


@lru_cache(maxsize=4096)
def cell_value(text: str) -> tuple[str, Decimal | None, str]:
    """(kind, value, unit) of a cell: number, na, blank or text."""
    folded = fold(text)
    if not folded:
        return "blank", None, ""
    if folded in NA_MARKS:
        return "na", None, ""
    m = _NUMBER_RE.match(folded)
    if m:
        sign, digits, frac, unit = m.groups()
        value = Decimal(sign + digits.replace(",", "") + (frac or ""))
        return "number", value, unit or ""
    return "text", None, ""
