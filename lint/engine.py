"""The rule engine: run the selected rules over a bound report and turn hits into findings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .adapters.messages import note
from .findings import FileResult, Finding, Location, MessageArgs
from .options import Options, selected  # noqa: F401 - selected: here for the engine's callers
from .rulepack import Rule

if TYPE_CHECKING:  # the parsing and checking stages load when a file is linted, not before
    from .adapters import Source
    from .ast import Report, Span


class _Positions:
    """Converts spans of the text form to locations in the user's file: UTF-16 columns for
    SARIF, the snippet, and the page/paragraph/line the adapter says each line came from."""

    def __init__(self, text: str, source: Source | None = None) -> None:
        self.text = text
        self.astral = bool(text) and max(text) > "\uffff"
        self.source = source
        self.lines = text.split("\n")

    def location(self, span: Span) -> Location:
        loc = Location(span.line, span.column, span.end_line, span.end_column,
                       self._utf16(span.offset, span.column),
                       self._utf16(span.end_offset, span.end_column),
                       snippet=self._snippet(span))
        origin = self.source.origin(span.line) if self.source is not None else None
        if origin is None:
            return loc
        if origin.page is not None or origin.paragraph is not None:
            return replace(loc, page=origin.page, bbox=origin.bbox, paragraph=origin.paragraph)
        if origin.line is not None:
            # A file with lines of its own (HTML): point at the element the line came from.
            end = self.source.origin(span.end_line) or origin
            col, end_col = origin.column or 1, end.column or 1
            if (end.line or origin.line) == origin.line and end_col <= col:
                end_col = col + 1  # not an empty region: at least the element's "<"
            return replace(loc, line=origin.line, column=col, end_line=end.line or origin.line,
                           end_column=end_col, utf16_column=col, utf16_end_column=end_col)
        return loc

    def _snippet(self, span: Span) -> str:
        if not 1 <= span.line <= len(self.lines):
            return ""
        return self.lines[span.line - 1].replace("\t", " ").strip()[:200]

    def _utf16(self, offset: int, column: int) -> int:
        if not self.astral:
            return column
        start = offset - (column - 1)
        return column + sum(1 for ch in self.text[start:offset] if ch > "\uffff")


Positions = _Positions  # public name, for batch mode's per-report facts


def _gated(report: Report, rules: list[Rule]) -> bool:
    """Whether only GX100 speaks: the file is no report at all, and each other rule would only
    say so again (no title, no sections, no tables …). With GX100 not selected the other rules
    run as on any file."""
    from .checks import is_report

    return any(r.kind == "not-a-report" for r in rules) and not is_report(report)


def lint_report(report: Report, rules: list[Rule], options: Options,
                source: Source | None = None, faults: list[str] | None = None) -> list[Finding]:
    """The findings of ``rules`` on ``report``. A rule that fails on this report (its
    expression divides by zero, say) could not be checked here: it adds a note to ``faults``
    and no findings, and the other rules still run."""
    from .checks import KINDS, Context
    from .expr import ExprError
    from .profiles import get_profile

    profile = get_profile(report.profile)
    unread = source.unread_pages if source is not None else ()
    ctx = Context(report, profile, options.lang, options.deadlines or None, unread_pages=unread,
                  pictures=source.pictures if source is not None else ())
    positions = _Positions(report.document.text, source)
    lines = None  # built on the first fix
    findings: list[Finding] = []
    alone = _gated(report, rules)
    for rule in rules:
        if not rule.applies_to(report.profile) or \
                (alone and rule.kind not in ("not-a-report", "unread-pages")):
            continue
        severity = options.severities.get(rule.id, rule.severity)
        template = rule.message.get(options.lang) or rule.message["zh"]
        try:
            hits = list(KINDS[rule.kind](rule, ctx))
        except (ExprError, ArithmeticError, RecursionError) as exc:
            detail = exc.message if isinstance(exc, ExprError) else type(exc).__name__
            if faults is not None:
                faults.append(note("rule_fault", options.lang, rule=rule.id, detail=detail,
                                   source=rule.source))
            continue
        for hit in hits:
            location = positions.location(hit.span)
            if unread:  # pages not read (lint/unread.py): say so where they were, once
                from . import unread as pages

                assert source is not None
                if pages.could_be_unread(rule, hit, report, profile, source):
                    continue
                if rule.kind == "unread-pages":
                    location = replace(location, page=unread[0], bbox=None)
            message = template.format_map(MessageArgs(hit.args))
            finding = Finding(rule.id, rule.name, severity, message, report.path,
                              location, hit.cells, hit.key or ",".join(hit.cells))
            if rule.fixable and hit.fix:
                from .fixes import LineIndex, make_fix

                lines = lines or LineIndex(report.document.text)
                finding.fix = make_fix(report.document.text, hit.fix, lines)
            findings.append(finding)
    findings.sort(key=Finding.sort_key)
    return findings


def lint_text(text: str, path: str, rules: list[Rule], options: Options | None = None,
              markdown: bool | None = None) -> list[Finding]:
    from . import suppress
    from .pipeline import parse_text

    options = options or Options()
    if markdown is None:
        markdown = path.lower().endswith((".md", ".markdown"))
    directives, text = suppress.scan(text, markdown)
    report = parse_text(text, path, profile=options.profile, markdown=markdown)
    directives = _directives_of(report, rules, directives)
    result = FileResult(path, lint_report(report, rules, options), directives=directives)
    if directives:
        suppress.apply([result], rules, options)
    return result.findings


def lint_file(path: str | Path, rules: list[Rule], options: Options,
              collect: Callable[[FileResult, Report, Source], None] | None = None) -> FileResult:
    """Lint one file; an unreadable file becomes a FileResult with ``error`` set.

    ``collect`` sees the parsed report before it is dropped, to keep what a later step needs
    (batch mode keeps the few cells the cross-year rules compare)."""
    from .adapters import InputError, read_source
    from .pipeline import GRID_KINDS, parse_text

    name = str(path)
    try:
        source = read_source(path)
    except InputError as exc:
        return FileResult(name, error=exc.text(options.lang))
    directives, text = comments_and_text(source)
    report = parse_text(text, name, profile=options.profile, markdown=source.kind == "markdown",
                        metadata=source.metadata, grids=source.kind in GRID_KINDS)
    directives = _directives_of(report, rules, directives)
    faults: list[str] = []
    result = FileResult(name, lint_report(report, rules, options, source, faults),
                        profile=report.profile, kind=source.kind, directives=directives)
    result.faults = faults
    from .adapters.messages import ALWAYS_SHOWN

    result.notes.extend(n.text(options.lang) for n in source.notes if n.code not in ALWAYS_SHOWN)
    result.faults[:0] = [n.text(options.lang) for n in source.notes if n.code in ALWAYS_SHOWN]
    if any(f.fix for f in result.findings):
        import hashlib

        # --fix writes only if the file is still what was linted.
        try:
            result.digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            pass
    if collect is not None:
        collect(result, report, source)
    return result


def _directives_of(report: Report, rules: list[Rule], directives: list) -> list:
    """The gxlint comments that apply to ``report``. In a file that is no report (GX100), what
    looks like a comment is text (e.g. gxlint's own output quoting one), except a comment
    about GX100 itself, which is kept so that GX100 can be suppressed like any rule."""
    if not directives or not _gated(report, rules):
        return directives
    return [d for d in directives
            if any("GX100".startswith(c.upper()) or c == "not-an-annual-report" for c in d.codes)]


def comments_and_text(source: Source) -> tuple[list, str]:
    """The file's gxlint comments (lint/suppress.py) and the text form without them."""
    from . import suppress

    if source.kind in ("text", "markdown"):
        return suppress.scan(source.text, source.kind == "markdown")
    if source.kind == "html":
        try:
            return suppress.scan_html(Path(source.path).read_bytes(), source.encoding), source.text
        except OSError:
            pass
    return [], source.text
