"""Pages gxlint could not read (a PDF's scanned pages, with no text layer): what they may hide.

The rule GX311 (check kind ``unread-pages``) says once which pages could not be read. A finding
that something is absent — a section, a table, table cells, a required statement — is withheld
when the missing thing could be on one of those pages: its place in the report (between the
sections before and after it) reaches an unread page. So is a finding on a table's values
when the table's section reaches one (rows may be missing). Other findings stand: what was
read was read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .adapters import Source
    from .ast import Report
    from .checks import Hit
    from .profiles import Profile
    from .rulepack import Rule

# Check kinds whose findings say something is absent.
ABSENCE_KINDS = {"section-present", "table-present", "table-complete", "pattern", "fact",
                 "not-a-report", "section-empty"}


def could_be_unread(rule: Rule, hit: Hit, report: Report, profile: Profile, source: Source) -> bool:
    """Whether what ``hit`` reports missing could be on a page that was not read, or the
    table whose cells it compares could have rows there (a table read in part is not
    checked as if it were whole)."""
    specs = [profile.cells.get(c) or profile.group_cells.get(c) for c in hit.cells]
    read_in_part = {profile.table(spec.table).section for spec in specs if spec is not None}
    if any(first <= p <= last for key in read_in_part
           for first, last in [_place(report, profile, source, key, own=True)]
           for p in source.unread_pages):
        return True
    if rule.kind not in ABSENCE_KINDS:
        return False
    if rule.kind == "section-present":
        places = [_place(report, profile, source, hit.key, own=False)]
    elif rule.kind == "section-empty":  # its content may be on the page after its heading
        places = [_place(report, profile, source, hit.key, own=True)]
    elif rule.kind in ("table-present", "table-complete"):
        places = [_place(report, profile, source, profile.table(hit.key).section, own=True)]
    elif rule.kind == "pattern":  # a statement required in these scopes
        scope = rule.check["scope"]
        places = [_scope_place(report, profile, source, s)
                  for s in ([scope] if isinstance(scope, str) else scope)]
    elif rule.kind == "not-a-report":  # no title, section or table in what was read
        return True
    else:  # a fact: the title's (agency, year) at the top, the signature's at the end
        places = [_scope_place(report, profile, source, {
            "title": "title", "agency": "title", "year": "title",
            "signature_date": "signature"}.get(rule.check["require"], "document"))]
    return any(first <= p <= last for first, last in places for p in source.unread_pages)


def _scope_place(report: Report, profile: Profile, source: Source, scope: str) -> tuple[int, int]:
    """The pages a scope of the text (lint/scopes.py) spans or could span."""
    end = source.pages or 1 << 30
    found = [s for s in report.document.sections if s.key is not None]
    if scope in ("title", "preamble"):  # up to the first section
        return 1, (_page(source, found[0].heading.span.line) or end) if found else end
    if scope == "signature":  # from the last section on
        return (_page(source, found[-1].heading.span.line) or 1) if found else 1, end
    if scope in {s.key for s in profile.sections}:
        return _place(report, profile, source, scope, own=True)
    return 1, end  # the whole document


def _place(report: Report, profile: Profile, source: Source, key: str,
           own: bool) -> tuple[int, int]:
    """The pages section ``key``'s content spans or, if it is missing, could span: from the
    heading of the nearest section found before it (its own, with ``own``) to that of the
    nearest found after it; the first or last page where there is none."""
    keys = [s.key for s in profile.sections]
    doc = report.document
    at = keys.index(key) if key in keys else 0
    before = [doc.section(k) for k in keys[:at + (1 if own else 0)]]
    after = [doc.section(k) for k in keys[at + 1:]]
    start = next((s for s in reversed(before) if s is not None), None)
    end = next((s for s in after if s is not None), None)
    first = _page(source, start.heading.span.line) if start else 1
    last = _page(source, end.heading.span.line) if end else (source.pages or 1 << 30)
    return first or 1, last or (source.pages or 1 << 30)


def _page(source: Source, line: int) -> int | None:
    origin = source.origin(line)
    return origin.page if origin else None

