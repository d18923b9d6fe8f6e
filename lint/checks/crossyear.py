"""Kinds judged across a run rather than in one report. A report alone yields nothing for
them: suppression comments and baselines are judged by lint/suppress.py after all findings
are in, and cross-year rules by lint/crossyear.py through ``cross_year()`` below.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import NamedTuple

from ..expr import bind, parse
from ..profiles import Profile
from ..rulepack import Rule, for_each_values
from .arithmetic import bound_plans, template_label
from .describe import cell_name, fmt_number
from .registry import Context, Hit, kind


@kind("suppression")
def suppression(rule: Rule, ctx: Context) -> Iterator[Hit]:
    """Suppression comments and baselines are judged after all findings are in (see
    lint/suppress.py, which makes these rules' findings); nothing to see in one report."""
    return iter(())


# --- across years ---------------------------------------------------------------------------
# A cross-year rule compares a report with the same agency's report of the year before: its
# expression reads this year's cells and ``prev.``-prefixed cells of the previous report. One
# report alone has nothing to compare, so the kind yields nothing in the per-file pass;
# lint/crossyear.py pairs the reports of a run and calls cross_year() with the few cell values
# each report kept (batch workers return those, never whole documents).

PREV = "prev."


@kind("cross-year")
@kind("text-repeated")
def cross_year_alone(rule: Rule, ctx: Context) -> Iterator[Hit]:
    return iter(())


class PairHit(NamedTuple):
    """A cross-year rule broken by a pair of reports."""

    cell: str | None  # the current report's cell to point at; None: the whole file
    args: dict[str, object]
    cells: list[str]  # current cells as keys, previous ones as prev.<key>
    key: str


def cross_year_keys(rule: Rule, profile: Profile) -> tuple[set[str], set[str]]:
    """The cells of a report in ``profile`` that ``rule`` reads when the report is this year's
    and when it is the previous year's: what a report must keep to be paired later."""
    key = ("keys", profile.id)
    if key not in rule._compiled:
        expr = parse(rule.check["expr"])
        fe = rule.check.get("for_each")
        current: set[str] = set()
        previous: set[str] = set()
        for value in for_each_values(fe, profile) if fe else [None]:
            for pattern, _ in bind(expr, lambda p: [], {fe["var"]: value} if fe else {}).refs.values():
                if pattern.startswith(PREV):
                    previous.update(profile.expand(pattern[len(PREV):]))
                else:
                    current.update(profile.expand(pattern))
        rule._compiled[key] = (frozenset(current), frozenset(previous))
    current, previous = rule._compiled[key]
    return set(current), set(previous)


def cross_year(rule: Rule, values: dict[str, Decimal | None], profile: Profile,
               prev_values: dict[str, Decimal | None], prev_profile: Profile,
               lang: str) -> Iterator[PairHit]:
    """Evaluate a cross-year rule over this year's ``values`` and the previous report's
    (cell key -> number, None or absent when the cell holds no number)."""
    fe = rule.check.get("for_each")

    def expand_(pattern: str) -> list[str]:
        """prev.<pattern> names the previous report's cells, as prev.<key>."""
        if pattern.startswith(PREV):
            return [PREV + k for k in prev_profile.expand(pattern[len(PREV):])]
        return profile.expand(pattern)

    def pairs(keys: tuple[str, ...]) -> list[tuple[str, Decimal | None]]:
        return [(k, prev_values.get(k[len(PREV):]) if k.startswith(PREV) else values.get(k))
                for k in keys]

    # Bound once per pair of profiles; a value is left out where either template lacks a cell
    # (表二 of 2019 has no 现行有效).
    for value, bound in bound_plans(rule, None, profile, rule.check["expr"], expand=expand_,
                               tag="prev:" + prev_profile.id, complete=True):
        outcome = bound.evaluate(pairs)
        if not outcome.checkable or outcome.value is not False:
            continue
        current = [k for k in outcome.cells if not k.startswith(PREV)]
        located = next((k for k in current if values.get(k) is not None), current[0] if current else None)
        names = [cell_name(profile, k, lang) if not k.startswith(PREV)
                 else ("上年报告" if lang == "zh" else "previous report: ")
                 + cell_name(prev_profile, k[len(PREV):], lang) for k in outcome.cells]
        args: dict[str, object] = {"left": fmt_number(outcome.left), "right": fmt_number(outcome.right),
                                   "cells": ("、" if lang == "zh" else ", ").join(names)}
        if fe:
            args[fe["var"]] = value
            args[fe["var"] + "_label"] = template_label(profile, fe, value)
        yield PairHit(located, args, outcome.cells, value or "")
