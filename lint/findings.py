"""What the rule engine produces and the formatters print."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

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


class Edit(NamedTuple):
    """One replacement in the text form: ``text[start:end]`` becomes ``replacement``.

    For text and Markdown files the text form is the decoded file, so the offsets are code
    points of the file after decoding; ``line``/``column``/``end_*`` (1-based, columns in
    UTF-16 code units) are the same place for SARIF. A fix never spans a line break."""

    start: int
    end: int
    replacement: str
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0
    original: str = ""  # the text replaced, for suggestions and safety checks


class Suppression(NamedTuple):
    """Why a finding is not reported: an inline comment (``inSource``) or the baseline
    (``external``), with the justification the user gave."""

    kind: str  # inSource | external
    justification: str


_NUMERALS = str.maketrans("一二三四五六七八九", "123456789")


@dataclass
class Finding:
    """One finding: rule, severity, message and where."""
    rule_id: str
    rule_name: str
    severity: str  # error | warning | info
    message: str  # in the language asked for
    path: str
    location: Location
    cells: list[str] = field(default_factory=list)  # canonical keys of the cells involved
    # What identifies this finding across re-flowed text: rule + cell keys or matched text.
    fingerprint_key: str = ""
    # A safe fix (fixable rules only): edits of the text form, applied together.
    fix: list[Edit] | None = None
    suppression: Suppression | None = None  # set on findings moved to FileResult.suppressed
    baseline_state: str | None = None  # new | unchanged, when a baseline was given

    def where(self) -> str:
        """`path:line:col` for files with lines; `path:page` for PDF and `path:paragraph` for
        DOCX; just `path` for a finding about the whole file (line 0)."""
        loc = self.location
        if loc.page is not None:
            return f"{self.path}:{loc.page}"
        if loc.paragraph is not None:
            return f"{self.path}:{loc.paragraph}"
        return f"{self.path}:{loc.line}:{loc.column}" if loc.line >= 1 else self.path

    def sort_key(self) -> tuple:
        # Ties (several findings of one rule at one place, as the sections a report lacks)
        # read in the template's order: 一、二、三 compare as 1, 2, 3, not as code points.
        return (self.path, self.location.line, self.location.column, self.rule_id,
                self.message.translate(_NUMERALS))


@dataclass
class FileResult:
    """Everything about one linted file: its findings, or why it could not be read."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None  # an unreadable file: exit code 2
    profile: str | None = None
    kind: str | None = None  # the adapter that read it: text, markdown, pdf, docx, html
    notes: list[str] = field(default_factory=list)
    faults: list[str] = field(default_factory=list)  # rules that could not be checked here (always shown)
    # What the file's inline gxlint comments say (lint/suppress.py); applied after all
    # findings are in, so that findings made after the per-file pass can be suppressed too.
    directives: list = field(default_factory=list)  # list[suppress.Directive]
    suppressed: list[Finding] = field(default_factory=list)  # findings a suppression removed
    # Baseline entries for this file that matched no finding: (rule id, fingerprint, count, message).
    stale: list[tuple[str, str, int, str]] = field(default_factory=list)
    digest: str | None = None  # sha256 of the file's bytes when it has fixes, checked before writing
    # Batch mode (lint/batch.py, lint/crossyear.py): what pairing with another year needs,
    # the previous year's report it was paired with, and what the HTML review page shows.
    facts: Any = None  # crossyear.YearFacts
    previous: str | None = None
    review: Any = None  # formatters.review.ReviewFacts
    # Whether the file alone decided this result, so the result cache may keep it (lint/cache.py):
    # set by batch.lint_one when linting ended normally; never for an internal error or a limit.
    cacheable: bool = False

    def moved_to(self, path: str) -> FileResult:
        """This result as the file at ``path`` gives it (a cached result, or one a Dask worker
        made for the same bytes under another name)."""
        self.path = path
        for finding in self.findings:
            finding.path = path
        if self.facts is not None:
            self.facts.path = path
        return self


class Count(int):
    """A count in a message: ``{count:cell|cells}`` prints the word in the number it needs
    (English plurals); a plain ``{count}`` prints the number."""

    def __format__(self, spec: str) -> str:
        if "|" in spec:
            one, many = spec.split("|", 1)
            return one if self == 1 else many
        return str(int(self))  # no other spec: rule packs may only write plain {name}


class _Unknown:
    def __format__(self, spec: str) -> str:
        return "?"


_UNKNOWN = _Unknown()


class MessageArgs(dict):
    """Placeholders a hit did not fill print as '?' rather than failing a whole run; whole
    numbers are Counts, so a message can say ``{count} {count:cell|cells}``."""

    def __missing__(self, key: str) -> object:
        return _UNKNOWN

    def __getitem__(self, key: str) -> object:
        value = super().__getitem__(key)
        return Count(value) if isinstance(value, int) and not isinstance(value, bool) else value
