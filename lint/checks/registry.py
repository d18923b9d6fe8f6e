"""What every check kind shares: the registry of kinds, what a kind sees (``Context``) and
what it yields (``Hit``), and where a finding about something absent is placed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import NamedTuple

from ..ast import Report, Section, Span
from ..profiles import Profile
from ..rulepack import Rule

DOC_START = Span(1, 1, 0, 1, 1, 0)


# Plain classes and a NamedTuple, not dataclasses: a dataclass compiles its methods at import.


class Hit:
    """Where a rule is broken, and what its message says."""

    __slots__ = ("span", "args", "cells", "key", "fix")

    def __init__(self, span: Span, args: dict[str, object] | None = None,
                 cells: list[str] | None = None, key: str = "",
                 fix: list[tuple[int, int, str]] | None = None) -> None:
        self.span = span
        self.args: dict[str, object] = {} if args is None else args
        self.cells: list[str] = [] if cells is None else cells
        self.key = key  # fingerprint: what identifies this hit apart from the text around it
        # A fix as (start, end, replacement) in the text form; the engine keeps it only for
        # fixable rules and only when lint/fixes.py finds it safe.
        self.fix = fix


class Context:
    """What a check sees: the report, its profile, the run's language and deadlines."""

    def __init__(self, report: Report, profile: Profile, lang: str,
                 deadlines: dict[str, str] | None = None, structure: Structure | None = None,
                 unread_pages: tuple[int, ...] = (), pictures: tuple[int, ...] = ()) -> None:
        self.report = report
        self.profile = profile
        self.lang = lang
        self.deadlines = deadlines  # issuer -> "MM-DD", overriding the rule's
        self.structure = structure  # the sections against the template's, once computed
        self.unread_pages = unread_pages  # pages of the file with no text layer (lint/unread.py)
        self.pictures = pictures  # where pictures stand in the text form (Source.pictures)
        self.pictured: set[str] | None = None  # tables that are pictures, once worked out


class Structure(NamedTuple):
    """How the report's sections differ from the template's six."""

    missing: list[str]  # section keys with no section
    repeated: dict[str, int]  # section key -> how many sections have it, when more than one
    misplaced: list[Section]  # out of the template's order, or numbered other than it
    others: list[str]  # numbered headings of the report's own, not the template's
    out_of_order: list[tuple[Section, str]]  # (section, the one before it), as GX102 reports

    @property
    def restructured(self) -> bool:
        """Sections moved, repeated or renumbered beyond one slip: one cause (the report
        follows an outline of its own), reported once by GX110 instead of GX101/GX102/GX103
        per section (and GX105, whose sub-items such a report puts elsewhere)."""
        return len(self.repeated) + len(self.misplaced) >= 2


CheckFn = Callable[[Rule, Context], Iterator[Hit]]
KINDS: dict[str, CheckFn] = {}


def kind(name: str) -> Callable[[CheckFn], CheckFn]:
    def register(fn: CheckFn) -> CheckFn:
        KINDS[name] = fn
        return fn
    return register


def table_profile(ctx: Context, table: str) -> Profile:
    """The profile a table of the report was bound with (another template's, when its own
    labels are that template's), else the report's."""
    pid = ctx.report.table_profiles.get(table)
    if pid is None or pid == ctx.profile.id:
        return ctx.profile
    from ..profiles import get_profile

    return get_profile(pid)


def expand(ctx: Context, pattern: str) -> list[str]:
    """The cell keys ``pattern`` names in the profile its table was bound with."""
    return table_profile(ctx, pattern.partition(".")[0]).expand(pattern)


def anchor(ctx: Context, section_key: str | None = None) -> Span:
    """Where to report something that is absent: its section's heading, else the title."""
    doc = ctx.report.document
    if section_key:
        section = doc.section(section_key)
        if section is not None:
            return section.heading.span
    return doc.title.span if doc.title else DOC_START
