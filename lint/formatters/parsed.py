"""``gxlint parse``: what gxlint understood of a report, as text or JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..ast import Paragraph, Report, Span, SubHeading, Table

if TYPE_CHECKING:
    from ..adapters import Source


def _pos(span: Span) -> str:
    return f"{span.line}:{span.column}"


_REASONS = {
    "place": "a place name: its people's government",
    "government": "a people's government",
    "township": "a township or street",
    "government-office": "a people's government's office publishes for the government",
    "department": "a department's name",
}
_SOURCES = {"title": "the title names", "publisher": "the portal's 发布机构 is",
            "signature": "signed by"}


def _why(why: tuple[str, str, str] | None) -> str:
    """Which evidence decided the kind of issuer, e.g. "the title names 青禾市: a place name…"."""
    if why is None:
        return "no agency name to go by: department"
    source, name, reason = why
    return f"{_SOURCES[source]} {name}: {_REASONS[reason]}"


def to_dict(report: Report, source: Source | None = None) -> dict:
    doc = report.document
    return {
        "path": report.path,
        "profile": report.profile,
        "detected_profile": report.detected_profile,
        "title": {"text": doc.title.text, "span": doc.title.span.as_dict()} if doc.title else None,
        "agency": doc.agency,
        "year": doc.year,
        "issuer": doc.issuer,
        "issuer_why": None if doc.issuer_why is None else dict(
            zip(("source", "name", "reason"), doc.issuer_why, strict=True)),
        "publisher": doc.publisher,
        "published": None if doc.published is None else {
            "date": doc.published.value.isoformat(), "span": doc.published.span.as_dict()},
        "period": None if doc.period is None else {
            "text": doc.period.text,
            "start": doc.period.start.isoformat() if doc.period.start else None,
            "end": doc.period.end.isoformat() if doc.period.end else None,
            "span": doc.period.span.as_dict(),
        },
        "signature": None if doc.signature is None else {
            "agency": doc.signature.agency,
            "date": doc.signature.date.value.isoformat() if doc.signature.date else None,
            "span": doc.signature.span.as_dict(),
        },
        "sections": [
            {
                "number": s.heading.number,
                "key": s.key,
                "heading": s.heading.text,
                "span": s.span.as_dict(),
                "paragraphs": sum(isinstance(n, (Paragraph, SubHeading)) for n in s.body),
                "tables": [{"rows": len(t.rows), "layout": t.layout, "span": t.span.as_dict()}
                           for t in s.body if isinstance(t, Table)],
            }
            for s in doc.sections
        ],
        "tables": {k: v.as_dict() for k, v in report.tables_found.items()},
        "tables_read": tables_read(report),
        "cells": [
            {"key": key, "kind": c.kind, "raw": c.raw,
             "value": None if c.value is None else str(c.value), "span": c.span.as_dict()}
            for key, c in report.cells.items()
        ],
        "missing": report.missing,
        "blank": _blank(report),
        "unreadable": {k: v.as_dict() for k, v in report.unreadable.items()},
        "label_diffs": [
            {"key": d.key, "expected": d.expected, "found": d.found, "kind": d.kind,
             "span": d.span.as_dict()}
            for d in report.label_diffs
        ],
        "unbound": [{"raw": c.raw, "kind": c.kind, "span": c.span.as_dict()} for c in report.leftovers],
        "errors": doc.errors,
        # Where pictures stand: after these lines of the text form (a table pasted as one: GX312).
        "pictures": list(source.pictures) if source is not None else [],
    } | _pdf_pages(source)


def _blank(report: Report) -> list[str]:
    """The keys of bound cells left empty in the report (not 0, not 无: nothing)."""
    return [key for key, c in report.cells.items() if c.kind == "blank"]


def tables_read(report: Report) -> dict[str, dict]:
    """How each template table was read: the layout of the document tables that hold it
    (ruled grid, tab rows, pipe rows, one cell per line, run-on text) and the template it was
    bound with (another template's when its own labels are that template's)."""
    doc = report.document
    tables = [n for n in doc.preamble if isinstance(n, Table)]
    tables += [t for s in doc.sections for t in s.tables]
    out = {}
    for key, span in report.tables_found.items():
        layouts = [t.layout for t in tables if span.offset <= t.span.offset < span.end_offset]
        template = report.templates.get(key)
        out[key] = {"layout": sorted(set(layouts), key=layouts.index),
                    "profile": report.table_profiles.get(key, report.profile),
                    "own_labels": template[1] if template else []}
    return out


def to_json(report: Report, source: Source | None = None) -> str:
    return json.dumps(to_dict(report, source), ensure_ascii=False, indent=2)


def _pdf_pages(source: Source | None) -> dict:
    """A PDF's pages, and those with no text layer (scanned): nothing of them is in the report."""
    if source is None or source.pages is None:
        return {}
    return {"pdf_pages": {"count": source.pages, "without_text": list(source.unread_pages)}}


def to_text(report: Report, source: Source | None = None) -> str:
    doc = report.document
    out = [f"{report.path}", f"  profile   {report.profile} (detected {report.detected_profile})"]
    if pdf := _pdf_pages(source).get("pdf_pages"):
        unread = ", ".join(map(str, pdf["without_text"])) or "none"
        out.append(f"  pages     {pdf['count']} (no text layer, not read: {unread})")
    if doc.title:
        out.append(f"  title     {_pos(doc.title.span)}  {doc.title.text}")
    else:
        out.append("  title     (none found)")
    out.append(f"  agency    {doc.agency or '(unknown)'}   year {doc.year or '(unknown)'}   "
               f"issuer {doc.issuer} ({_why(doc.issuer_why)})")
    if doc.publisher or doc.published:
        date = doc.published.value.isoformat() if doc.published else "(no date)"
        where = f"{_pos(doc.published.span)}  " if doc.published else ""
        out.append(f"  published {where}{date}   publisher {doc.publisher or '(not stated)'}")
    if doc.period:
        out.append(f"  period    {_pos(doc.period.span)}  {doc.period.text}")
    else:
        out.append("  period    (no statement of the statistics period)")
    if doc.signature:
        date = doc.signature.date.value.isoformat() if doc.signature.date else "(no date)"
        out.append(f"  signature {_pos(doc.signature.span)}  {doc.signature.agency} {date}")
    out.append("  sections")
    for s in doc.sections:
        tables = ", ".join(f"table of {len(t.rows)} rows ({t.layout})" for t in s.tables)
        out.append(f"    {_pos(s.heading.span):>8}  {s.heading.number} {s.key or '?':<10} "
                   f"{s.heading.text}" + (f"  [{tables}]" if tables else ""))
    for key, how in tables_read(report).items():
        out.append(f"  table     {key}  read as {', '.join(how['layout']) or '?'}, bound with {how['profile']}"
                   + (f" (its labels are that template's: {'、'.join(how['own_labels'][:4])})"
                      if how["profile"] != report.profile else ""))
    blank = _blank(report)  # bound to a cell of the table, but nothing written in it
    out.append(f"  cells     {len(report.cells)} bound, {len(report.missing)} missing"
               + (f", {len(blank)} blank: " + ", ".join(blank) if blank else ""))
    for key, c in report.cells.items():
        value = "" if c.value is None else str(c.value)
        out.append(f"    {_pos(c.span):>8}  {key:<44} {c.kind:<6} {value:<8} {c.raw!r}")
    if report.unreadable:  # their cells are missing too, but not one by one
        out.append("  unreadable " + ", ".join(f"{k} {_pos(v)}" for k, v in report.unreadable.items())
                   + "  (run-on text: the cells cannot be told apart)")
    shown = [k for k in report.missing if k.split(".", 1)[0] not in report.unreadable]
    if shown:
        out.append("  missing   " + ", ".join(shown))
    for d in report.label_diffs:
        out.append(f"  label     {_pos(d.span)}  {d.key}: {d.found!r} for {d.expected!r} ({d.kind})")
    for c in report.leftovers:
        out.append(f"  unbound   {_pos(c.span)}  {c.raw!r} ({c.kind})")
    if source is not None and source.pictures:
        out.append("  pictures  after line " + ", ".join(map(str, source.pictures))
                   + "  (a table not in the text whose section holds one: GX312)")
    for e in doc.errors:
        out.append(f"  error     {e}")
    return "\n".join(out)
