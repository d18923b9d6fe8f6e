"""Kinds about the tables: present, readable and complete, labelled as the template labels
them, each cell of the right kind and value, and written in the current template.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..ast import Report
from ..profiles import template_name
from ..rulepack import Rule
from .describe import cell_name, cells_text, table_name
from .registry import DOC_START, Context, Hit, anchor, kind, table_profile
from .sections import structure


@kind("unread-pages")
def unread_pages(rule: Rule, ctx: Context) -> Iterator[Hit]:
    """Pages that could not be read, once (the engine places it on the first of them)."""
    if ctx.unread_pages:
        pages = ("、" if ctx.lang == "zh" else ", ").join(map(str, ctx.unread_pages))
        yield Hit(DOC_START, {"pages": pages, "count": len(ctx.unread_pages)}, key="pages")


@kind("table-present")
def table_present(rule: Rule, ctx: Context) -> Iterator[Hit]:
    keys = rule.check.get("tables") or [t.key for t in ctx.profile.tables]
    missing = structure(ctx).missing
    for key in keys:
        if not _readable(ctx.report, key):
            section = ctx.profile.table(key).section
            if section in missing:
                continue  # the whole section is missing, its table with it: GX101 or GX110
            if key in ctx.report.unreadable:
                continue  # there, but flattened into run-on text: GX310
            if key in pictured(ctx):
                continue  # there, as a picture: GX312
            yield Hit(anchor(ctx, section), {"table": table_name(key, ctx.lang)}, key=key)


def pictured(ctx: Context) -> set[str]:
    """The tables not in the text whose section holds a picture (Source.pictures): pasted
    as an image, they cannot be read. Worked out once per report."""
    if ctx.pictured is None:
        ctx.pictured = set()
        doc = ctx.report.document
        heads = sorted(s.heading.span.line for s in doc.sections)
        for table in ctx.profile.tables if ctx.pictures else ():
            section = doc.section(table.section)
            if section is None or _readable(ctx.report, table.key) or table.key in ctx.report.unreadable:
                continue
            start = section.heading.span.line
            end = next((line for line in heads if line > start), 1 << 30)
            if any(start <= at < end for at in ctx.pictures):
                ctx.pictured.add(table.key)
    return ctx.pictured


def _readable(report: Report, table: str) -> bool:
    """Whether a table was found and at least one of its cells bound: a table whose cells
    could not be read at all is reported once (GX301), never cell by cell."""
    if table not in report.tables_found:
        return False
    prefix = table + "."
    return any(k.startswith(prefix) for k in report.cells)


@kind("table-complete")
def table_complete(rule: Rule, ctx: Context) -> Iterator[Hit]:
    report = ctx.report
    for table in ctx.profile.tables:
        if not _readable(report, table.key):
            continue  # GX301, or GX310 for a run-on table
        table = table_profile(ctx, table.key).table(table.key)
        missing = [k for k in report.missing if ctx.profile.cell(k).table == table.key]
        if not missing:
            continue
        # Name whole rows where a whole row is missing, else the cells.
        names: list[str] = []
        for block in table.blocks:
            for row in block.rows:
                keys = [block.cell_key(row, c) for c in block.columns]
                absent = [k for k in keys if k in missing]
                if absent and len(absent) == len(keys) and row.label:
                    names.append(f"“{row.label}”" if ctx.lang == "zh" else f"row “{row.label}”")
                else:
                    names.extend(cell_name(ctx.profile, k, ctx.lang) for k in absent)
        shown = names[:6] + ([f"…（共{len(names)}项）" if ctx.lang == "zh" else f"… ({len(names)} in all)"]
                             if len(names) > 6 else [])
        yield Hit(report.tables_found[table.key], {"table": table_name(table.key, ctx.lang),
                                                   "missing": ("、" if ctx.lang == "zh" else "; ").join(shown),
                                                   "count": len(missing)},
                  cells=missing, key=table.key)


@kind("table-picture")
def table_picture(rule: Rule, ctx: Context) -> Iterator[Hit]:
    for key in sorted(pictured(ctx)):
        section = ctx.profile.table(key).section
        yield Hit(anchor(ctx, section), {"table": table_name(key, ctx.lang)}, key=key)


@kind("table-unreadable")
def table_unreadable(rule: Rule, ctx: Context) -> Iterator[Hit]:
    for key, span in ctx.report.unreadable.items():
        yield Hit(span, {"table": table_name(key, ctx.lang)}, key=key)


@kind("label")
def label(rule: Rule, ctx: Context) -> Iterator[Hit]:
    kinds = set(rule.check["kinds"])
    text = ctx.report.document.text
    for diff in ctx.report.label_diffs:
        if diff.kind in kinds:
            span = diff.span
            # Only a label written in one piece can be replaced (not one wrapped over lines).
            fix = [(span.offset, span.end_offset, diff.expected)] \
                if text[span.offset:span.end_offset] == diff.found else None
            yield Hit(span, {"found": diff.found, "expected": diff.expected,
                             "where": table_name(diff.key.split(".")[0], ctx.lang)}, key=diff.key,
                      fix=fix)


@kind("group-as-row")
def group_as_row(rule: Rule, ctx: Context) -> Iterator[Hit]:
    """A group of rows written as one row holding the group's total, its items not split."""
    report, profile = ctx.report, ctx.profile
    for table in profile.tables:
        for block in table.blocks:
            for group in block.group_rows:
                keys = [k for k in block.row_cell_keys[group.key] if k in report.cells]
                items = block.items_of(group)
                if not keys or any(block.cell_key(i, c) in report.cells for i in items for c in block.columns):
                    continue
                names = [f"“{i.label}”" for i in items]  # the template's labels, in either language
                yield Hit(report.cells[keys[0]].span,
                          {"table": table_name(table.key, ctx.lang), "group": group.label,
                           "items": ("、" if ctx.lang == "zh" else ", ").join(names), "count": len(items)},
                          cells=keys, key=f"{table.key}.{group.key}")


@kind("cell-kind")
def cell_kind(rule: Rule, ctx: Context) -> Iterator[Hit]:
    allowed = set(rule.check["allowed"])
    by_table: dict[str, list[str]] = {}
    for key, cell in ctx.report.cells.items():
        if cell.kind not in allowed:
            by_table.setdefault(ctx.profile.cell(key).table, []).append(key)
    for table, keys in by_table.items():
        yield Hit(ctx.report.cells[keys[0]].span,
                  {"table": table_name(table, ctx.lang), "cells": cells_text(ctx.profile, keys, ctx.lang),
                   "count": len(keys)}, cells=keys, key=table)


@kind("cell-value")
def cell_value(rule: Rule, ctx: Context) -> Iterator[Hit]:
    for key, cell in ctx.report.cells.items():
        if cell.value is None:
            continue
        spec = ctx.profile.cell(key).column
        negative = cell.value < 0 and not spec.signed
        fractional = cell.value != cell.value.to_integral() and not spec.decimal
        if negative or fractional:
            yield Hit(cell.span, {"cell": cell_name(ctx.profile, key, ctx.lang), "value": cell.raw},
                      cells=[key], key=key)


@kind("profile-outdated")
def profile_outdated(rule: Rule, ctx: Context) -> Iterator[Hit]:
    """Tables written in an outdated template, as their own labels show: one finding naming
    them and the old headings (the tables are bound with that template, see lint/binder.py)."""
    report = ctx.report
    year = report.document.year
    if year is None or year < rule.check["from_year"]:
        return
    old = [(key, pid, labels) for key, (pid, labels) in report.templates.items()
           if pid in rule.check["outdated"]]
    if not old:
        return
    old.sort(key=lambda t: report.tables_found[t[0]].offset)
    headings = [label for _, _, labels in old for label in labels]
    zh = ctx.lang == "zh"
    shown = ("、" if zh else ", ").join(f"“{h}”" for h in headings[:6]) + ("…" if len(headings) > 6 else "")
    yield Hit(report.tables_found[old[0][0]],
              {"profile": template_name(old[0][1], ctx.lang), "year": year,
               "expected": template_name(ctx.profile.id if ctx.profile.id not in rule.check["outdated"]
                                         else "gov-2021", ctx.lang),
               "table": ("、" if zh else ", ").join(table_name(k, ctx.lang) for k, _, _ in old),
               "headings": shown},
              key="profile")
