"""What the lexer makes: line tokens (``LineToken``, the terminals of grammar/report.lark), the
``Lexed`` result with its line spans, and table cells cut out of a line with their
positions; with ``LexContext``, what the lexer is told about the template.
"""

from __future__ import annotations

from bisect import bisect_right
from decimal import Decimal
from functools import lru_cache
from typing import Protocol

from ..ast import Cell, Span
from .normalise import DEBRIS_RE, SPACES, cell_value, fold


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


class LineToken:
    """One line of the text form, classified for the grammar."""

    # One per non-blank line of a report: slots and no per-token list factories keep it cheap
    # (and a plain class, not a dataclass, compiles nothing at import).
    __slots__ = ("type", "line", "start", "raw", "text", "text_start", "origin", "cells",
                 "end_line", "end", "rows", "layout")

    def __init__(self, type: str, line: int, start: int, raw: str, text: str = "",
                 text_start: int = 0, origin: list[int] | None = None,
                 cells: list[Cell] | None = None, end_line: int = 0, end: int = 0,
                 rows: list[LineToken] | None = None, layout: str = "") -> None:
        self.type = type  # a terminal of report.lark, ROW (inside ROWS), or DATE while lexing
        self.line = line  # 1-based
        self.start = start  # offset of the line in the text form
        self.raw = raw  # the line without its end-of-line characters
        self.text = text  # normalised: debris removed, stripped
        self.text_start = text_start  # offset of text[0] in the text form (when no debris was removed)
        self.origin = origin  # offset of each char of text, when debris was removed
        self.cells = cells  # ROW tokens only
        self.end_line = end_line
        self.end = end  # offset just past the last character
        self.rows = rows  # ROWS tokens only: the consecutive ROW tokens
        self.layout = layout  # ROW tokens: "run-on" for a table flattened into a line of text


class Lexed:
    """The lexer's output: tokens, debris and line spans."""

    def __init__(self, tokens: list[LineToken], debris: list[Span], line_starts: list[int]) -> None:
        self.tokens = tokens
        self.debris = debris
        self.line_starts = line_starts

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


class SpacedLabels(Protocol):
    """What lint/labels.py's SpacedRowLabels offers (it imports this module, so the lexer
    takes it from its caller)."""

    def is_table(self, section: str | None) -> bool: ...
    def is_row(self, section: str | None, label: str) -> bool: ...
    def is_label_start(self, section: str | None, text: str) -> bool: ...
    def row_widths(self, section: str | None, label: str) -> frozenset[int]: ...
    def is_bare_width(self, section: str | None, width: int) -> bool: ...
    def is_numbered_row(self, label: str) -> bool: ...
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


def row_cells(parts: list[str], pos: int, start: int, line: int, debris: list,
           blank_after_padding: bool = False) -> list[Cell]:
    """Cells of a row already split into ``parts``, the first at index ``pos`` of the line
    (which starts at offset ``start``); each part is stripped of its padding. An empty cell
    sits where its part starts, or after its padding with ``blank_after_padding`` (pipes).

    The hot loop of lexing (a report has some 360 cells), so make_cell is inlined."""
    cells: list[Cell] = []
    append, reading, spaces = cells.append, _reading, SPACES
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
            cell = clean_cell(cell, debris)
        append(cell)
        pos += len(part) + 1
    return cells


def split_pipes(raw: str, start: int, line: int, debris: list) -> list[Cell]:
    """Cells of a pipe row: ``a | b | c |`` or ``| a | b |``."""
    stripped = raw.rstrip(SPACES)
    pos = len(raw) - len(raw.lstrip(SPACES))
    if stripped[pos:pos + 1] == "|":
        pos += 1
    end = len(stripped)
    if stripped.endswith("|") and end - 1 >= pos:
        end -= 1
    if pos > end:
        return []
    return row_cells(stripped[pos:end].split("|"), pos, start, line, debris, blank_after_padding=True)


def strip_debris(raw: str, start: int, debris: list[tuple[int, int]]) -> tuple[str, int, list[int] | None]:
    """Remove debris and surrounding spaces; return text, offset of text, char origins."""
    if "[bookmark:" not in raw and "**" not in raw:
        return raw.strip(SPACES), start + len(raw) - len(raw.lstrip(SPACES)), None
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
    while a < b and chars[a] in SPACES:
        a += 1
    while b > a and chars[b - 1] in SPACES:
        b -= 1
    text = "".join(chars[a:b])
    return text, (origin[a] if a < b else start), origin[a:b]


def clean_cell(cell: Cell, debris: list) -> Cell:
    """Drop leading debris from a cell, keeping its position right."""
    m = DEBRIS_RE.match(cell.raw)
    while m and m.end() > 0:
        debris.append((cell.offset + m.start(), cell.offset + m.end()))
        skip = m.end()
        while skip < len(cell.raw) and cell.raw[skip] in SPACES:
            skip += 1
        cell = make_cell(cell.raw[skip:], cell.offset + skip, cell.line, cell.column + skip)
        m = DEBRIS_RE.match(cell.raw)
    if "**" in cell.raw or "[bookmark:" in cell.raw:
        for d in DEBRIS_RE.finditer(cell.raw):
            debris.append((cell.offset + d.start(), cell.offset + d.end()))
    return cell


def text_cell(tok: LineToken, a: int, b: int) -> Cell:
    """A cell of text[a:b] of a prose token, where it stands in the text form."""
    offset = tok.origin[a] if tok.origin else tok.text_start + a
    raw = tok.text[a:b]
    folded, kind, value = _reading(raw)
    return Cell(tok.line, offset - tok.start + 1, offset, raw, folded, kind, value)


def add_row(tokens: list[LineToken], row: LineToken) -> None:
    """Append a ROW token to the ROWS token at the end of ``tokens``, or start one."""
    if tokens and tokens[-1].type == "ROWS":
        tokens[-1].rows.append(row)  # type: ignore[union-attr]
    else:
        tokens.append(LineToken("ROWS", row.line, row.start, row.raw, rows=[row]))
