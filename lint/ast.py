"""The document tree: plain classes, every node with a span into the text form.

Positions are in code points of the text form (what the adapter produced). ``line`` and
``column`` are 1-based, ``offset`` 0-based; ``end_*`` point just past the node.

The nodes are plain classes with their ``__init__`` written out, not dataclasses: a dataclass
compiles its generated methods each time gxlint starts, which cost a run on an unseen report
more than the nodes' own use. They compare by identity; nothing compares two trees.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple


class Span(NamedTuple):
    # A tuple: thousands are made per report, and tuples are the cheapest immutable records.
    line: int
    column: int
    offset: int
    end_line: int
    end_column: int
    end_offset: int

    def to(self, other: Span) -> Span:
        """The span from the start of self to the end of other."""
        return Span(self.line, self.column, self.offset,
                    other.end_line, other.end_column, other.end_offset)

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "offset": self.offset,
                "end_line": self.end_line, "end_column": self.end_column,
                "end_offset": self.end_offset}


class Node:
    """Any node of the tree: where it is in the text form."""

    # The nodes made for every line of a report have slots: no per-object __dict__ to allocate
    # (and for the garbage collector to count and scan).
    __slots__ = ("span",)

    def __init__(self, span: Span) -> None:
        self.span = span


class Paragraph(Node):
    """A paragraph of prose."""

    __slots__ = ("text", "origin")

    def __init__(self, span: Span, text: str, origin: list[int] | None = None) -> None:
        self.span = span
        self.text = text  # normalised: debris removed, full-width spaces folded
        # Where each character of text is in the text form, when debris was removed from the line.
        self.origin = origin


class SubHeading(Node):
    """A numbered heading inside a section (（一）…)."""

    __slots__ = ("text",)

    def __init__(self, span: Span, text: str) -> None:
        self.span = span
        self.text = text


class Cell:
    """A table cell: where it is, what it says and what it holds.

    Not a dataclass: a report has hundreds of cells and few of their spans are ever read, so
    a cell on one line keeps its start as plain numbers and builds its ``span`` when asked
    (it ends ``len(raw)`` characters later). A cell over two lines (a wrapped label) is made
    with ``Cell.spanning``. Compares and prints like the dataclass it replaces.
    """

    __slots__ = ("line", "column", "offset", "raw", "text", "kind", "value", "_span")

    def __init__(self, line: int, column: int, offset: int, raw: str, text: str,
                 kind: str = "text", value: Decimal | None = None) -> None:
        self.line = line  # 1-based
        self.column = column  # 1-based
        self.offset = offset  # 0-based, in the text form
        self.raw = raw  # as written, including padding and debris
        self.text = text  # normalised
        self.kind = kind  # number | na | blank | text
        self.value = value
        self._span: Span | None = None

    @classmethod
    def spanning(cls, span: Span, raw: str, text: str, kind: str = "text",
                 value: Decimal | None = None) -> Cell:
        """A cell with an explicit span (e.g. over two lines)."""
        cell = cls(span.line, span.column, span.offset, raw, text, kind, value)
        cell._span = span
        return cell

    @property
    def span(self) -> Span:
        span = self._span
        if span is None:
            n = len(self.raw)
            span = self._span = Span(self.line, self.column, self.offset,
                                     self.line, self.column + n, self.offset + n)
        return span

    def _fields(self) -> tuple:
        return (self.span, self.raw, self.text, self.kind, self.value)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass

    def __repr__(self) -> str:
        return (f"Cell(span={self.span!r}, raw={self.raw!r}, text={self.text!r}, "
                f"kind={self.kind!r}, value={self.value!r})")


class Row(Node):
    """One table row, its cells as written."""

    __slots__ = ("cells",)

    def __init__(self, span: Span, cells: list[Cell]) -> None:
        self.span = span
        self.cells = cells


class Table(Node):
    """A run of table rows."""

    __slots__ = ("rows", "layout")

    def __init__(self, span: Span, rows: list[Row], layout: str = "tab-rows") -> None:
        self.span = span
        self.rows = rows
        # How the rows were read (``gxlint parse`` shows it): "ruled-grid" (a PDF, DOCX or HTML
        # table), "tab-rows", "pipe-rows" (also Markdown tables), "space-rows" (cells separated
        # by single spaces, as text copied out of a PDF), "cell-per-line", "run-on" (crawled
        # text, its cells not separated).
        self.layout = layout


class Heading(Node):
    """A section heading: its number (一, 二…) and text."""

    def __init__(self, span: Span, number: str, text: str) -> None:
        self.span = span
        self.number = number  # 一 … 六
        self.text = text  # heading text without the number


class Section(Node):
    """One of the six sections: heading and body."""

    def __init__(self, span: Span, heading: Heading, key: str | None = None,
                 body: list[Paragraph | SubHeading | Table] | None = None) -> None:
        self.span = span
        self.heading = heading
        self.key = key  # the profile's section key, once recognised
        self.body: list[Paragraph | SubHeading | Table] = [] if body is None else body

    @property
    def paragraphs(self) -> list[Paragraph | SubHeading]:
        return [n for n in self.body if not isinstance(n, Table)]

    @property
    def tables(self) -> list[Table]:
        return [n for n in self.body if isinstance(n, Table)]


class Title(Node):
    """The report's title, its lines joined."""

    def __init__(self, span: Span, text: str) -> None:
        self.span = span
        self.text = text  # the title lines joined, spaces removed


class DateValue(Node):
    """A date as found in the text."""

    def __init__(self, span: Span, value: date, text: str) -> None:
        self.span = span
        self.value = value
        self.text = text


class Period(Node):
    """The statement of the statistics period, e.g. 统计期限自2023年1月1日起至2023年12月31日止."""

    def __init__(self, span: Span, text: str, start: date | None, end: date | None) -> None:
        self.span = span
        self.text = text
        self.start = start
        self.end = end


class Signature(Node):
    """The signing agency and date at the foot."""

    def __init__(self, span: Span, agency: str, date: DateValue | None) -> None:
        self.span = span
        self.agency = agency
        self.date = date


class Document:
    """The parsed report: title, preamble, sections, signature, facts."""

    def __init__(self, text: str, title: Title | None, preamble: list[Paragraph | Table],
                 sections: list[Section], signature: Signature | None,
                 debris: list[Span] | None = None) -> None:
        self.text = text  # the text form
        self.title = title
        self.preamble = preamble
        self.sections = sections
        self.signature = signature
        # What rules need about the document as a whole (lint/facts.py sets them):
        self.agency: str | None = None
        self.year: int | None = None
        self.issuer = "department"  # department | government | township
        self.period: Period | None = None
        # From a portal page's metadata block (lint/portal.py), when the text has one:
        self.published: DateValue | None = None  # 公开日期 / 发布日期: when the site published it
        self.publisher: str | None = None  # 发布机构
        # Why ``issuer`` is what it is: (where the name was read: title | publisher | signature,
        # the name, what decided: place | government | township | government-office | department).
        self.issuer_why: tuple[str, str, str] | None = None
        self.debris: list[Span] = [] if debris is None else debris  # [bookmark: …] and ** marks
        self.errors: list[str] = []  # recoverable parse problems

    def section(self, key: str) -> Section | None:
        for section in self.sections:
            if section.key == key:
                return section
        return None


class LabelDiff:
    """A row/column/heading label that differs from the template's."""

    __slots__ = ("key", "expected", "found", "kind", "span")

    def __init__(self, key: str, expected: str, found: str, kind: str, span: Span) -> None:
        self.key = key  # what it was bound to: a row, column or block key
        self.expected = expected
        self.found = found
        self.kind = kind  # typo | wording | spacing | punctuation
        self.span = span


class Report:
    """A parsed document bound to a format profile: what the rules read."""

    def __init__(self, path: str, document: Document, profile: str, detected_profile: str,
                 cells: dict[str, Cell], missing: list[str], tables_found: dict[str, Span],
                 label_diffs: list[LabelDiff], leftovers: list[Cell],
                 table_profiles: dict[str, str] | None = None,
                 templates: dict[str, tuple[str, list[str]]] | None = None,
                 unreadable: dict[str, Span] | None = None) -> None:
        self.path = path
        self.document = document
        self.profile = profile
        self.detected_profile = detected_profile  # what the labels look like, whatever was requested
        self.cells = cells  # canonical key -> the cell bound to it
        self.missing = missing  # cell keys with no cell
        self.tables_found = tables_found  # table key -> span of the table in the text
        self.label_diffs = label_diffs
        self.leftovers = leftovers  # cells in tables that bound to nothing
        # Table key -> the profile the table was bound with: the report's, or another template's
        # when the table's own labels are that template's (see lint/binder.py).
        self.table_profiles: dict[str, str] = {} if table_profiles is None else table_profiles
        # Table key -> (the profile whose own labels the table uses, those labels as written).
        self.templates: dict[str, tuple[str, list[str]]] = {} if templates is None else templates
        # Tables found but not readable cell by cell (run-on text): key -> span. Their cells are
        # missing; rules say so once (GX310) instead of per cell.
        self.unreadable: dict[str, Span] = {} if unreadable is None else unreadable

    def value(self, key: str) -> Decimal | None:
        cell = self.cells.get(key)
        return cell.value if cell else None
