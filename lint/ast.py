"""The document tree: plain dataclasses, every node with a span into the text form.

Positions are in code points of the text form (what the adapter produced). ``line`` and
``column`` are 1-based, ``offset`` 0-based; ``end_*`` point just past the node.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass(slots=True)
class Node:
    """Any node of the tree: where it is in the text form."""
    span: Span


# The nodes made for every line of a report have slots: no per-object __dict__ to allocate
# (and for the garbage collector to count and scan).


@dataclass(slots=True)
class Paragraph(Node):
    """A paragraph of prose."""
    text: str  # normalised: debris removed, full-width spaces folded
    # Where each character of text is in the text form, when debris was removed from the line.
    origin: list[int] | None = field(default=None, repr=False, compare=False)


@dataclass(slots=True)
class SubHeading(Node):
    """A numbered heading inside a section (（一）…)."""
    text: str


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


@dataclass(slots=True)
class Row(Node):
    """One table row, its cells as written."""
    cells: list[Cell]


@dataclass(slots=True)
class Table(Node):
    """A run of table rows."""
    rows: list[Row]
    # How the rows were read (``gxlint parse`` shows it): "ruled-grid" (a PDF, DOCX or HTML
    # table), "tab-rows", "pipe-rows" (also Markdown tables), "space-rows" (cells separated by
    # single spaces, as text copied out of a PDF), "cell-per-line", "run-on"
    # (crawled text, its cells not separated).
    layout: str = "tab-rows"


@dataclass
class Heading(Node):
    """A section heading: its number (一, 二…) and text."""
    number: str  # 一 … 六
    text: str  # heading text without the number


@dataclass
class Section(Node):
    """One of the six sections: heading and body."""
    heading: Heading
    key: str | None = None  # the profile's section key, once recognised
    body: list[Paragraph | SubHeading | Table] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[Paragraph | SubHeading]:
        return [n for n in self.body if not isinstance(n, Table)]

    @property
    def tables(self) -> list[Table]:
        return [n for n in self.body if isinstance(n, Table)]


@dataclass
class Title(Node):
    """The report's title, its lines joined."""
    text: str  # the title lines joined, spaces removed


@dataclass
class DateValue(Node):
    """A date as found in the text."""
    value: date
    text: str


@dataclass
class Period(Node):
    """The statement of the statistics period, e.g. 统计期限自2023年1月1日起至2023年12月31日止."""

    text: str
    start: date | None
    end: date | None


@dataclass
class Signature(Node):
    """The signing agency and date at the foot."""
    agency: str
    date: DateValue | None


@dataclass
class Document:
    """The parsed report: title, preamble, sections, signature, facts."""
    text: str  # the text form
    title: Title | None
    preamble: list[Paragraph | Table]
    sections: list[Section]
    signature: Signature | None
    # What rules need about the document as a whole:
    agency: str | None = None
    year: int | None = None
    issuer: str = "department"  # department | government | township
    period: Period | None = None
    # From a portal page's metadata block (lint/portal.py), when the text has one:
    published: DateValue | None = None  # 公开日期 / 发布日期: when the site published it
    publisher: str | None = None  # 发布机构
    # Why ``issuer`` is what it is: (where the name was read: title | publisher | signature,
    # the name, what decided: place | government | township | government-office | department).
    issuer_why: tuple[str, str, str] | None = None
    debris: list[Span] = field(default_factory=list)  # [bookmark: …] and ** marks
    errors: list[str] = field(default_factory=list)  # recoverable parse problems

    def section(self, key: str) -> Section | None:
        for section in self.sections:
            if section.key == key:
                return section
        return None


@dataclass
class LabelDiff:
    """A row/column/heading label that differs from the template's."""

    key: str  # what it was bound to: a row, column or block key
    expected: str
    found: str
    kind: str  # typo | wording | spacing | punctuation
    span: Span


@dataclass
class Report:
    """A parsed document bound to a format profile: what the rules read."""

    path: str
    document: Document
    profile: str
    detected_profile: str  # what the labels look like, whatever was requested
    cells: dict[str, Cell]  # canonical key -> the cell bound to it
    missing: list[str]  # cell keys with no cell
    tables_found: dict[str, Span]  # table key -> span of the table in the text
    label_diffs: list[LabelDiff]
    leftovers: list[Cell]  # cells in tables that bound to nothing
    # Table key -> the profile the table was bound with: the report's, or another template's
    # when the table's own labels are that template's (see lint/binder.py).
    table_profiles: dict[str, str] = field(default_factory=dict)
    # Table key -> (the profile whose own labels the table uses, those labels as written).
    templates: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    # Tables found but not readable cell by cell (run-on text): key -> span. Their cells are
    # missing; rules say so once (GX310) instead of per cell.
    unreadable: dict[str, Span] = field(default_factory=dict)

    def value(self, key: str) -> Decimal | None:
        cell = self.cells.get(key)
        return cell.value if cell else None
