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
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from .ast import Cell, Span

# --- characters -------------------------------------------------------------------------

DEBRIS_RE = re.compile(r"\[bookmark:[^\]]*\]|\*\*")
_BR_RE = re.compile(r"<br\s*/?>", re.I)  # a line break inside a Markdown or HTML table cell
_SPACES = " \t\u3000\u00a0\ufeff\u200b\u2002\u2003\u2009"
PAGE_MARKER_RE = re.compile(r"^[-—－–]\s*\d{1,3}\s*[-—－–]$|^第\s*\d{1,3}\s*页(?:\s*共\s*\d+\s*页)?$")
_SENTENCE_END = "。；！？"

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
    n = len(raw)
    return Cell(Span(line, column, offset, line, column + n, offset + n), raw, text, kind, value)


@lru_cache(maxsize=8192)
def _reading(raw: str) -> tuple[str, str, Decimal | None]:
    kind, value, _unit = cell_value(raw)
    return fold(raw), kind, value


def join_cells(first: Cell, part: Cell) -> Cell:
    """A label wrapped over two lines, as one cell."""
    raw = first.raw + part.raw
    kind, value, _unit = cell_value(raw)
    return Cell(first.span.to(part.span), raw, fold(raw), kind, value)


@dataclass
class LineToken:
    type: str  # a terminal of report.lark, or BLANK / PAGE / SEP / CELL while lexing
    line: int  # 1-based
    start: int  # offset of the line in the text form
    raw: str  # the line without its end-of-line characters
    text: str = ""  # normalised: debris removed, stripped
    text_start: int = 0  # offset of text[0] in the text form (when no debris was removed)
    origin: list[int] | None = None  # offset of each char of text, when debris was removed
    cells: list[Cell] = field(default_factory=list)  # ROW tokens only
    debris: list[tuple[int, int]] = field(default_factory=list)
    end_line: int = 0
    end: int = 0  # offset just past the last character


@dataclass
class Lexed:
    tokens: list[LineToken]
    debris: list[Span]
    line_starts: list[int]

    def span(self, start: int, end: int) -> Span:
        l1, c1 = self.position(start)
        l2, c2 = self.position(end)
        return Span(l1, c1, start, l2, c2, end)

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


def _split_pipes(raw: str, start: int, line: int) -> list[Cell]:
    """Cells of a pipe row: ``a | b | c |`` or ``| a | b |``."""
    cells: list[Cell] = []
    stripped = raw.rstrip(_SPACES)
    lead = len(raw) - len(raw.lstrip(_SPACES))
    pos = lead
    if stripped[lead:lead + 1] == "|":
        pos += 1
    end = len(stripped)
    if stripped.endswith("|") and end - 1 >= pos:
        end -= 1
    while pos <= end:
        bar = stripped.find("|", pos, end)
        stop = end if bar < 0 else bar
        cells.append(_trimmed(raw, pos, stop, start, line))
        if bar < 0:
            break
        pos = bar + 1
    return cells


def _split_tabs(raw: str, start: int, line: int) -> list[Cell]:
    # The hot loop of lexing a report: make_cell inlined.
    cells, pos = [], 0
    reading, append = _reading, cells.append
    for part in raw.split("\t"):
        text = part.strip(_SPACES)
        lead = part.find(text[0]) if text else 0  # padding before the cell's text
        col, off, n = pos + lead + 1, start + pos + lead, len(text)
        folded, kind, value = reading(text)
        append(Cell(Span(line, col, off, line, col + n, off + n), text, folded, kind, value))
        pos += len(part) + 1
    return cells


def _trimmed(raw: str, a: int, b: int, start: int, line: int) -> Cell:
    while a < b and raw[a] in _SPACES:
        a += 1
    while b > a and raw[b - 1] in _SPACES:
        b -= 1
    return make_cell(raw[a:b], start + a, line, a + 1)


def _strip_debris(raw: str, start: int, debris: list[tuple[int, int]]) -> tuple[str, int, list[int] | None]:
    """Remove debris and surrounding spaces; return text, offset of text, char origins."""
    if "[bookmark:" not in raw and "**" not in raw:
        a, b = 0, len(raw)
        while a < b and raw[a] in _SPACES:
            a += 1
        while b > a and raw[b - 1] in _SPACES:
            b -= 1
        return raw[a:b], start + a, None
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


class LexContext:
    """What the lexer needs to know about the template: the section keywords."""

    def __init__(self, keywords: dict[str, tuple[str, ...]], markdown: bool = False) -> None:
        self.keywords = keywords
        self.markdown = markdown


def lex(text: str, ctx: LexContext) -> Lexed:
    """Classify every line of ``text`` and group table cells into ROW tokens."""
    tokens: list[LineToken] = []
    debris: list[tuple[int, int]] = []
    line_starts: list[int] = []
    offset = 0
    for number, m in enumerate(_LINE_RE.finditer(text), start=1):
        chunk = m.group(0)
        if not chunk and m.start() == len(text) and line_starts:
            break
        line_starts.append(offset)
        raw = chunk.rstrip("\r\n")
        tok = _classify(raw, offset, number, ctx, debris)
        if tok.type not in ("ROW", "CELL"):
            debris.extend(tok.debris)
        tokens.append(tok)
        offset += len(chunk)
        if m.end() >= len(text):
            break
    if not line_starts:
        line_starts.append(0)
    tokens = _group_cells(tokens, debris)
    tokens = _mark_title_and_signature(tokens)
    lexed = Lexed([t for t in tokens if t.type not in ("BLANK", "PAGE", "SEP")], [], line_starts)
    if ctx.markdown:
        debris = [d for d in debris if text[d[0]:d[0] + 2] != "**"]
    lexed.debris = [lexed.span(a, b) for a, b in debris]
    return lexed


def _classify(raw: str, start: int, number: int, ctx: LexContext, debris: list) -> LineToken:
    tok = LineToken("PARA", number, start, raw, end_line=number, end=start + len(raw))
    if "\t" in raw:
        body = raw.lstrip(" \u3000")
        if body.startswith("\t") and "\t" not in body[1:]:
            # One cell per line (seed 003's layout): a leading tab, one cell.
            tok.type = "CELL"
            tok.cells = [_clean(_trimmed(raw, raw.index("\t") + 1, len(raw), start, number), debris)]
            return tok
        if not _is_sentence(raw):
            tok.type = "ROW"
            tok.cells = [_clean(c, debris) if "[" in c.raw or "*" in c.raw else c
                         for c in _split_tabs(raw, start, number)]
            return tok
    line_debris: list[tuple[int, int]] = []  # kept only if the line is prose, not cells
    text, text_start, origin = _strip_debris(raw, start, line_debris)
    tok.text, tok.text_start, tok.origin = text, text_start, origin
    tok.debris = line_debris
    if not text:
        tok.type = "BLANK"
        return tok
    if PAGE_MARKER_RE.match(text):
        tok.type = "PAGE"
        return tok
    if "|" in text:
        if _MD_SEPARATOR_RE.match(text):
            tok.type = "SEP"
            return tok
        if set(text) <= set("|" + _SPACES):
            tok.type = "SEP"  # "|||": where merged cells were
            return tok
        if text.endswith("|") and text.count("|") == 1:
            tok.type = "CELL"  # one cell per line, pipe variant: "3 |"
            tok.cells = [_clean(c, debris) for c in _split_pipes(raw, start, number)]
            return tok
        if _is_pipe_row(text) and not _is_sentence(text):
            tok.type = "ROW"
            tok.cells = [_clean(c, debris) for c in _split_pipes(raw, start, number)]
            return tok
    bare = _MD_HEADING_RE.sub("", text)
    if bare != text:
        shift = len(text) - len(bare)
        tok.text, tok.text_start = bare, tok.text_start + shift
        if tok.origin:
            tok.origin = tok.origin[shift:]
    if section_heading(tok.text, ctx.keywords):
        tok.type = "HEADING"
    elif _SUBHEAD_RE.match(tok.text) and tok.text[-1] not in _SENTENCE_END and "。" not in tok.text:
        tok.type = "SUBHEAD"
    elif DATE_RE.match(tok.text):
        tok.type = "DATE"
    return tok


def _is_sentence(text: str) -> bool:
    return "。" in text and len(text) > 60


def _clean(cell: Cell, debris: list) -> Cell:
    """Drop leading debris from a cell, keeping its position right."""
    m = DEBRIS_RE.match(cell.raw)
    while m and m.end() > 0:
        debris.append((cell.span.offset + m.start(), cell.span.offset + m.end()))
        skip = m.end()
        while skip < len(cell.raw) and cell.raw[skip] in _SPACES:
            skip += 1
        cell = make_cell(cell.raw[skip:], cell.span.offset + skip, cell.span.line, cell.span.column + skip)
        m = DEBRIS_RE.match(cell.raw)
    if "**" in cell.raw or "[bookmark:" in cell.raw:
        for d in DEBRIS_RE.finditer(cell.raw):
            debris.append((cell.span.offset + d.start(), cell.span.offset + d.end()))
    return cell


def _group_cells(tokens: list[LineToken], debris: list) -> list[LineToken]:
    """Join one-cell-per-line runs into ROW tokens (a blank line ends a row), and attach
    continuation lines of wrapped labels to the cell they continue."""
    out: list[LineToken] = []
    row: LineToken | None = None
    for tok in tokens:
        if tok.type == "CELL":
            if row is None:
                row = LineToken("ROW", tok.line, tok.start, tok.raw, cells=[],
                                end_line=tok.line, end=tok.end)
                out.append(row)
            row.cells.extend(tok.cells)
            row.end_line, row.end = tok.line, tok.end
            continue
        if row is not None and tok.type in ("PARA", "SUBHEAD") and _continues(tok):
            # A wrapped label: "5.要求行政机关确认或重新" / "出具已获取信息".
            part = make_cell(tok.text, tok.text_start, tok.line, tok.text_start - tok.start + 1)
            row.cells[-1] = join_cells(row.cells[-1], part)
            row.end_line, row.end = tok.line, tok.end
            continue
        if tok.type == "SEP" and row is not None:
            continue
        row = None
        out.append(tok)
    return out


def _continues(tok: LineToken) -> bool:
    text = tok.text
    return len(text) <= 30 and not any(p in text for p in "。；！？") and tok.origin is None


def _mark_title_and_signature(tokens: list[LineToken]) -> list[LineToken]:
    """The title is the run of short lines at the top ending in the line that names the
    report; the signature is the agency line and date line at the very end."""
    first_heading = next((i for i, t in enumerate(tokens) if t.type == "HEADING"), len(tokens))
    content = [i for i in range(first_heading) if tokens[i].type in ("PARA", "SUBHEAD", "DATE")]
    title_end = None
    for n, i in enumerate(content[:4]):
        text = tokens[i].text
        if TITLE_RE.search(fold(text)) and len(text) <= 60 and "。" not in text:
            title_end = n
            break
    if title_end is not None:
        for i in content[: title_end + 1]:
            if len(tokens[i].text) <= 60 and "。" not in tokens[i].text:
                tokens[i].type = "TITLE"
    # Signature: a date line at the end, maybe preceded by the agency line.
    tail = [i for i, t in enumerate(tokens) if t.type not in ("BLANK", "PAGE", "SEP")]
    if tail and tokens[tail[-1]].type == "DATE" and tail[-1] > first_heading:
        tokens[tail[-1]].type = "SIGN_DATE"
        if len(tail) > 1:
            prev = tokens[tail[-2]]
            if prev.type in ("PARA", "SUBHEAD") and _looks_like_agency(prev.text):
                prev.type = "SIGN_AGENCY"
    elif tail and tokens[tail[-1]].type == "PARA" and _looks_like_agency(tokens[tail[-1]].text) \
            and tail[-1] > first_heading:
        tokens[tail[-1]].type = "SIGN_AGENCY"
    for t in tokens:
        if t.type == "DATE":
            t.type = "PARA"
    return tokens


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
