"""Expressions over cells (``assert``): how a rule's expression is bound to a profile's cells,
once per rule and profile, and evaluated over a report's numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

from ..expr import Bound, bind, parse
from ..labels import core
from ..profiles import Profile
from ..rulepack import Rule, for_each_values
from .describe import cells_text, fmt_number
from .registry import Context, Hit, anchor, expand, kind, table_profile


def cell_pairs(ctx: Context) -> Callable[[tuple[str, ...]], list[tuple[str, Decimal | None]]]:
    """(key, number or None) for the cells one reference names (all of one table), in this
    report: a group written as one row stands, once, for its items."""
    report = ctx.report

    def value(key: str) -> Decimal | None:
        cell = report.cells.get(key)
        return cell.value if cell is not None and cell.kind == "number" else None

    def pairs(keys: tuple[str, ...]) -> list[tuple[str, Decimal | None]]:
        if not keys:
            return []
        folded = table_profile(ctx, keys[0].partition(".")[0]).folded_by
        if not folded:
            return [(k, value(k)) for k in keys]
        out, seen = [], set()
        for k in keys:
            group = folded.get(k)
            if group is not None and k not in report.cells and group in report.cells:
                # The group is written as one row: its total stands for its items, once.
                if group not in seen:
                    seen.add(group)
                    out.append((group, value(group)))
                continue
            out.append((k, value(k)))
        return out
    return pairs


def bound_plans(rule: Rule, ctx: Context | None, profile: Profile, expr_text: str, *,
           expand: Callable[[str], list[str]] | None = None, tag: str = "",
           for_each: bool = True, complete: bool = False) -> list[tuple[str | None, Bound]]:
    """``expr_text`` bound for each of the rule's for_each values in ``profile`` (one (None,
    bound) without for_each), leaving out values for which a reference names no cell (e.g.
    表四 totals; with ``complete``, also without for_each). References expand in the profile
    each table was bound with (``ctx``), else through ``expand``. Built once per rule, profile
    and tables' profiles (``tag`` tells apart other variants), not per report."""
    tables = tuple(sorted(ctx.report.table_profiles.items())) if ctx is not None else ()
    key = ("plans", profile.id, tables, tag, expr_text)
    plans = rule._compiled.get(key)
    if plans is None:
        if expand is None and ctx is not None:
            expand = _expander(ctx)
        expr = parse(expr_text)
        fe = rule.check.get("for_each") if for_each else None
        plans = []
        for value in for_each_values(fe, profile) if fe else [None]:
            bound = bind(expr, expand or profile.expand, {fe["var"]: value} if fe else {})
            if (fe is None and not complete) or bound.complete:
                plans.append((value, bound))
        rule._compiled[key] = plans
    return plans


def _expander(ctx: Context) -> Callable[[str], list[str]]:
    return lambda pattern: expand(ctx, pattern)


def _label_of(ctx: Context, fe: dict, value: str) -> str:
    return template_label(ctx.profile, fe, value)


def template_label(profile: Profile, fe: dict, value: str) -> str:
    """The template's label for a for_each value (a row, column or column-group key); the
    report's own (Chinese) words, in messages of either language."""
    if "table" not in fe:
        return value
    over = fe.get("over")
    for block in profile.table(fe["table"]).blocks:
        for row in block.rows:
            if over in (None, "rows") and row.key == value:
                return core(row.label)
        for col in block.columns:
            group, _, leaf = col.key.rpartition(".")
            if over in (None, "columns") and leaf == value:
                return col.label
            if over in (None, "column_groups") and group == value:
                return col.group_label
    return value


@kind("assert")
def assertion(rule: Rule, ctx: Context) -> Iterator[Hit]:
    fe = rule.check.get("for_each")
    pairs = cell_pairs(ctx)
    # A row/column lacking a cell the expression needs (e.g. 表四 totals) has no plan.
    for value, bound in bound_plans(rule, ctx, ctx.profile, rule.check["expr"]):
        outcome = bound.evaluate(pairs)
        if not outcome.checkable or outcome.value is not False:
            continue
        present = [k for k in outcome.cells if k in ctx.report.cells]
        span = ctx.report.cells[present[0]].span if present else anchor(ctx)
        args: dict[str, object] = {"left": fmt_number(outcome.left), "right": fmt_number(outcome.right),
                                   "cells": cells_text(ctx.profile, outcome.cells, ctx.lang)}
        if fe:
            args[fe["var"]] = value
            args[fe["var"] + "_label"] = _label_of(ctx, fe, value)
        yield Hit(span, args, cells=outcome.cells, key=value or "")
