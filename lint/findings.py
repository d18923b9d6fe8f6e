"""What the rule engine produces and the formatters print."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}


@dataclass(frozen=True)
class Location:
    """A place in the user's file: 1-based line and column in code points, plus the same
    columns in UTF-16 code units (what SARIF counts).

    For text, Markdown and HTML the line and column are those of the file itself. PDF and
    DOCX have no lines of their own: there line/column are in the text form (what
    ``gxlint parse`` shows) and ``page`` + ``bbox`` (PDF, points from the page's bottom left)
    or ``paragraph`` (DOCX, 1-based, a table row counting as one) say where in the file."""

    line: int
    column: int
    end_line: int
    end_column: int
    utf16_column: int
    utf16_end_column: int
    page: int | None = None
    snippet: str = ""
    paragraph: int | None = None
    bbox: tuple[float, float, float, float] | None = None

    @property
    def has_lines(self) -> bool:
        """Whether line/column are positions in the user's file (not PDF or DOCX)."""
        return self.page is None and self.paragraph is None


@dataclass
class Finding:
    rule_id: str
    rule_name: str
    severity: str  # error | warning | info
    message: str  # in the language asked for
    path: str
    location: Location
    cells: list[str] = field(default_factory=list)  # canonical keys of the cells involved
    # What identifies this finding across re-flowed text: rule + cell keys or matched text.
    fingerprint_key: str = ""

    def sort_key(self) -> tuple:
        return (self.path, self.location.line, self.location.column, self.rule_id, self.message)


@dataclass
class FileResult:
    """Everything about one linted file: its findings, or why it could not be read."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None  # an unreadable file: exit code 2
    profile: str | None = None
    kind: str | None = None  # the adapter that read it: text, markdown, pdf, docx, html
    notes: list[str] = field(default_factory=list)
    # Batch mode (lint/batch.py, lint/crossyear.py): what pairing with another year needs,
    # the previous year's report it was paired with, and the tables for the HTML page.
    facts: Any = None  # crossyear.YearFacts
    previous: str | None = None
    tables: Any = None  # list[formatters.html.TableView]
