"""Cell keeps its position as numbers and builds its span lazily: it must still behave like
the record it replaces (span, equality, repr)."""

from __future__ import annotations

from decimal import Decimal

from lint.ast import Cell, Span
from lint.lexer import LexContext, lex
from lint.parser import section_keywords


def test_a_cell_on_one_line_spans_its_raw_text():
    cell = Cell(3, 5, 40, "12", "12", "number", Decimal(12))
    assert cell.span == Span(3, 5, 40, 3, 7, 42)
    assert cell.span is cell.span  # built once


def test_a_spanning_cell_keeps_its_span():
    span = Span(3, 5, 40, 4, 9, 60)
    cell = Cell.spanning(span, "要求行政机关确认或重新出具已获取信息", "x")
    assert cell.span == span and (cell.line, cell.column, cell.offset) == (3, 5, 40)


def test_cells_compare_and_print_by_content():
    a = Cell(1, 1, 0, "规章", "规章")
    assert a == Cell(1, 1, 0, "规章", "规章")
    assert a != Cell(1, 2, 1, "规章", "规章")
    assert a != Cell(1, 1, 0, "规章", "规章", "number")
    assert repr(a) == ("Cell(span=Span(line=1, column=1, offset=0, end_line=1, end_column=3, "
                       "end_offset=2), raw='规章', text='规章', kind='text', value=None)")


def test_lexed_cells_point_at_their_text():
    text = "表\n  规章\t 3 \t\t—\n"
    lexed = lex(text, LexContext(section_keywords()))
    (rows,) = [t for t in lexed.tokens if t.type == "ROWS"]
    cells = rows.rows[0].cells
    assert [c.raw for c in cells] == ["规章", "3", "", "—"]
    for c in cells:
        assert text[c.span.offset:c.span.end_offset] == c.raw
        assert (c.span.line, c.span.column) == lexed.position(c.span.offset)


def test_an_empty_cell_sits_where_its_layout_puts_it():
    # A tab row's empty cell starts where its part does; a pipe row's, or a one-cell-per-line
    # row's, after its padding.
    for text, column in (("表\n规章\t  \t3\n", 4), ("表\n| 规章 |   | 3 |\n", 10),
                         ("表\n\t规章\n\t   \n\t3\n", 5)):
        lexed = lex(text, LexContext(section_keywords()))
        (rows,) = [t for t in lexed.tokens if t.type == "ROWS"]
        blank = rows.rows[0].cells[1]
        assert blank.kind == "blank" and blank.span.column == column, text
