"""Cross-year rules (GX7xx): pair each report with the same agency's report of the year
before and run the ``cross-year`` rules over the pair.

The per-file pass (possibly in worker processes) keeps, for each report, a small
:class:`YearFacts`: agency, year, profile and the few cells the cross-year rules read, with
their locations in the user's file. Pairing and the rules then run in the main process over
those facts alone, and the findings go to the current year's FileResult.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from .checks import cross_year, cross_year_keys
from .engine import MessageArgs, Positions
from .findings import FileResult, Finding, Location
from .profiles import get_profile
from .rulepack import Rule

if TYPE_CHECKING:
    from .adapters import Source
    from .ast import Report
    from .engine import Options

KIND = "cross-year"
_WHOLE_FILE = Location(0, 0, 0, 0, 0, 0)


@dataclass
class YearFacts:
    path: str
    agency: str | None  # as the report names itself
    year: int | None
    profile: str
    values: dict[str, Decimal | None] = field(default_factory=dict)  # None: not a number
    locations: dict[str, Location] = field(default_factory=dict)

    @property
    def agency_key(self) -> str | None:
        return agency_key(self.agency)


def agency_key(name: str | None) -> str | None:
    """The agency name compared across years: NFKC-folded, without spaces, quotes or
    brackets, so that 某县 文化和旅游局 and 某县文化和旅游局 pair."""
    if not name:
        return None
    folded = unicodedata.normalize("NFKC", name)
    folded = re.sub(r"[\s\u3000《》“”\"'‘’（）()【】\[\]·•.,，、:：;；]", "", folded)
    return folded or None


def cross_year_rules(rules: Iterable[Rule]) -> list[Rule]:
    return [r for r in rules if r.kind == KIND]


def year_facts(report: Report, source: Source, rules: list[Rule]) -> YearFacts:
    """What a report keeps for pairing: the cells any cross-year rule reads (as this year or
    as the previous year), their values and where they are in the user's file."""
    profile = get_profile(report.profile)
    located: set[str] = set()  # read as this year's: findings may point at them
    keys: set[str] = set()
    for rule in cross_year_rules(rules):
        current, previous = cross_year_keys(rule, profile)
        located |= current
        keys |= current | previous
    doc = report.document
    facts = YearFacts(report.path, doc.agency, doc.year, report.profile)
    positions = Positions(doc.text, source)
    snippets: dict[str, str] = {}  # one copy of each line's text: a batch keeps these facts
    for key in sorted(keys):
        cell = report.cells.get(key)
        if cell is None:
            continue
        facts.values[key] = cell.value if cell.kind == "number" else None
        if key in located:
            loc = positions.location(cell.span)
            facts.locations[key] = replace(loc, snippet=snippets.setdefault(loc.snippet, loc.snippet))
    return facts


def pair(facts: Iterable[YearFacts]) -> dict[str, YearFacts]:
    """Current report's path -> the previous year's facts, for reports whose agency and year
    are known and for which exactly one report of that agency for the year before is here.
    Two reports claiming one agency and year pair with nothing: which is which is unknown."""
    by_agency: dict[str, dict[int, list[YearFacts]]] = defaultdict(lambda: defaultdict(list))
    for f in facts:
        if f.agency_key and f.year is not None:
            by_agency[f.agency_key][f.year].append(f)
    pairs: dict[str, YearFacts] = {}
    for years in by_agency.values():
        for year, reports in years.items():
            previous = years.get(year - 1, [])
            if len(reports) == 1 and len(previous) == 1:
                pairs[reports[0].path] = previous[0]
    return pairs


def check_pair(current: YearFacts, previous: YearFacts, rules: list[Rule],
               options: Options) -> list[Finding]:
    """Findings of the cross-year rules for one pair, in the current report."""
    findings = []
    profile, prev_profile = get_profile(current.profile), get_profile(previous.profile)
    for rule in cross_year_rules(rules):
        if not rule.applies_to(current.profile):
            continue
        severity = options.severities.get(rule.id, rule.severity)
        template = rule.message.get(options.lang) or rule.message["zh"]
        for hit in cross_year(rule, current.values, profile, previous.values, prev_profile,
                              options.lang):
            args = {**hit.args, "year": _year(current.year), "prev_year": _year(previous.year),
                    "previous": previous.path}
            message = template.format_map(MessageArgs(args))
            location = current.locations.get(hit.cell or "", _WHOLE_FILE)
            findings.append(Finding(rule.id, rule.name, severity, message, current.path, location,
                                    list(hit.cells), hit.key or ",".join(hit.cells)))
    return findings


def _year(year: int | None) -> str:
    return str(year) if year is not None else "?"


def apply(results: list[FileResult], rules_for: Callable[[Options], list[Rule]],
          options_for: Callable[[str], Options],
          previous: dict[str, YearFacts] | None = None) -> None:
    """Add cross-year findings to ``results`` in place.

    Reports are paired by agency and consecutive years among ``results``; ``previous`` maps a
    current path to an explicitly given previous report and wins over automatic pairing.
    ``rules_for(options)`` gives the active rules for a file's options."""
    pairs = pair(r.facts for r in results if r.facts is not None and r.error is None)
    pairs.update(previous or {})
    for result in results:
        prev = pairs.get(result.path)
        if prev is None or result.facts is None or result.error is not None:
            continue
        options = options_for(result.path)
        result.previous = prev.path
        found = check_pair(result.facts, prev, rules_for(options), options)
        if found:
            result.findings.extend(found)
            result.findings.sort(key=Finding.sort_key)
