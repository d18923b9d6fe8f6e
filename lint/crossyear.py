"""Cross-year rules (GX7xx): pair each report with the same agency's report of the year
before and run the ``cross-year`` rules over the pair.

The per-file pass (possibly in worker processes) keeps, for each report, a small
:class:`YearFacts`: agency, year, profile and the few cells the cross-year rules read, with
their locations in the user's file. Pairing and the rules then run in the main process over
those facts alone, and the findings go to the current year's FileResult.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from .findings import FileResult, Finding, Location, MessageArgs
from .rulepack import Rule

if TYPE_CHECKING:
    from .adapters import Source
    from .ast import Report
    from .engine import Options

KIND = "cross-year"
TEXT_KIND = "text-repeated"  # GX703: prose against last year's (lint/shingles.py)
_WHOLE_FILE = Location(0, 0, 0, 0, 0, 0)


@dataclass
class YearFacts:
    """What a report's cross-year findings need of it. A batch keeps them packed until
    pairing (:meth:`pack`, :class:`PackedFacts`); locations are plain tuples of Location's
    fields, made Locations again only for a finding.

    Their serialised form (:meth:`data`) is one JSON text of everything but the path (which
    travels in the open), with its SHA-256 (:meth:`digest`): the result cache stores that text
    and keys a pair's cross-year findings by the two digests, so facts read back from the
    cache or from a batch's store are decoded only when something reads them (:meth:`lazy`)."""

    path: str
    agency: str | None  # as the report names itself
    year: int | None
    profile: str
    values: dict[str, Decimal | None] = field(default_factory=dict)  # absent or None: no number
    locations: dict[str, tuple] = field(default_factory=dict)  # key -> Location's fields
    prose: dict = field(default_factory=dict)  # shingle samples and sentences (lint/shingles.py)

    @classmethod
    def lazy(cls, path: str, data: bytes, digest: str, **known) -> YearFacts:
        """Facts whose serialised form is ``data`` (:meth:`data`; SHA-256 ``digest``), decoded
        on first use; ``known``: fields already in the open (agency, year), readable without
        decoding."""
        facts = cls.__new__(cls)
        facts.__dict__.update(path=path, _data=data, _digest=digest, **known)
        return facts

    def __getattr__(self, name: str):
        # Only for what __dict__ lacks: the fields of facts made by lazy(), not yet decoded.
        state = self.__dict__
        if name in _LAZY and "_data" in state and name not in state:
            self._decode()
            return state[name]
        raise AttributeError(name)

    def _decode(self) -> None:
        import json

        state = self.__dict__
        agency, year, profile, values, locations, prose = json.loads(
            state["_data"].decode("utf-8", "surrogatepass"))
        if "sent" in prose:  # sentences are tuples (lint/shingles.py)
            prose["sent"] = [tuple(s) for s in prose["sent"]]
        if state.get("agency", agency) != agency or state.get("year", year) != year:
            raise ValueError("facts whose serialised form disagrees with their open fields")
        state.update(agency=agency, year=year, profile=profile,
                     values={sys.intern(k): _number(v) for k, v in values.items()},
                     locations={sys.intern(k): tuple(v) for k, v in locations.items()},
                     prose=prose)

    def data(self) -> bytes:
        """The serialised form: a JSON array of agency, year, profile, values (numbers as
        text), locations and prose, without the path, in UTF-8; computed once (facts are not
        changed once made: year_facts fills them, a path is all a move changes)."""
        state = self.__dict__
        if "_data" not in state:
            import json

            values = {k: None if v is None else str(v) for k, v in self.values.items()}
            text = json.dumps([self.agency, self.year, self.profile, values, self.locations,
                               self.prose], ensure_ascii=False, separators=(",", ":"))
            state["_data"] = text.encode("utf-8", "surrogatepass")
        return state["_data"]

    def digest(self) -> str:
        """SHA-256 of :meth:`data` (hex): what a pair's cached findings are keyed by."""
        state = self.__dict__
        if "_digest" not in state:
            from .resources import sha256

            state["_digest"] = sha256(self.data()).hexdigest()
        return state["_digest"]

    @property
    def agency_key(self) -> str | None:
        return agency_key(self.agency)

    def location(self, key: str | None) -> Location | None:
        fields_ = self.locations.get(key or "")
        return Location(*fields_) if fields_ is not None else None

    def __getstate__(self) -> dict:
        # Numbers travel as text: a Decimal is rebuilt through its class, text is not.
        state = {f.name: getattr(self, f.name) for f in fields(self)}
        return {**state, "values": {k: None if v is None else str(v)
                                    for k, v in state["values"].items()}}

    def __setstate__(self, state: dict) -> None:
        state["values"] = {sys.intern(k): _number(v) for k, v in state["values"].items()}
        state["locations"] = {sys.intern(k): v for k, v in state["locations"].items()}
        state.setdefault("prose", {})
        self.__dict__.update(state)

    def pack(self) -> PackedFacts:
        """These facts as a batch keeps them until pairing (see PackedFacts)."""
        return PackedFacts(self.path, self.agency_key, self.year,
                           self.digest().encode("ascii") + self.data())


_LAZY = frozenset(("agency", "year", "profile", "values", "locations", "prose"))


class PackedFacts:
    """A report's YearFacts as a batch holds them until pairing: what pairing compares in the
    open (path, agency, year); ``data``: the digest (64 ASCII bytes) and the serialised form
    (UTF-8), a few KB a report with its prose sample, which lint/stream.py keeps out of the way
    (``data`` is then where)."""

    __slots__ = ("path", "agency_key", "year", "data", "had_findings")

    def __init__(self, path: str, agency_key: str | None, year: int | None, data: bytes | int) -> None:
        self.path = path
        self.agency_key = sys.intern(agency_key) if agency_key else None
        self.year, self.data = year, data
        self.had_findings = False  # whether the report's own findings were any (json output)

    def unpack(self) -> YearFacts:
        """The facts (decoded when first read; their digest without decoding)."""
        data = self.data
        assert isinstance(data, bytes)
        return YearFacts.lazy(self.path, data[64:], data[:64].decode("ascii"), year=self.year)


def _number(text: str | Decimal | None) -> Decimal | None:
    return text if text is None or isinstance(text, Decimal) else Decimal(text)


_LOCATION_FIELDS = tuple(f.name for f in fields(Location))


def _packed(loc: Location) -> tuple:
    return tuple(getattr(loc, name) for name in _LOCATION_FIELDS)


def agency_key(name: str | None) -> str | None:
    """The agency name compared across years: NFKC-folded, without spaces, quotes or
    brackets, so that 某县 文化和旅游局 and 某县文化和旅游局 pair."""
    if not name:
        return None
    folded = unicodedata.normalize("NFKC", name)
    folded = re.sub(r"[\s\u3000《》“”\"'‘’（）()【】\[\]·•.,，、:：;；]", "", folded)
    return folded or None


def cross_year_rules(rules: Iterable[Rule]) -> list[Rule]:
    return [r for r in rules if r.kind in (KIND, TEXT_KIND)]


def year_facts(report: Report, source: Source, rules: list[Rule]) -> YearFacts:
    """What a report keeps for pairing: the cells any cross-year rule reads (as this year or
    as the previous year), their values and where they are in the user's file."""
    from .checks import cross_year_keys
    from .engine import Positions  # the per-file pass (a worker): a cache hit needs no engine
    from .profiles import get_profile

    profile = get_profile(report.profile)
    located: set[str] = set()  # read as this year's: findings may point at them
    keys: set[str] = set()
    for rule in cross_year_rules(rules):
        if rule.kind == TEXT_KIND:
            continue
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
        if cell.kind == "number":  # a cell without a number reads as absent: None
            facts.values[key] = cell.value
        if key in located:
            loc = positions.location(cell.span)
            facts.locations[key] = _packed(replace(loc, snippet=snippets.setdefault(loc.snippet, loc.snippet)))
    text_rule = next((r for r in rules if r.kind == TEXT_KIND), None)
    if text_rule is not None:
        from .shingles import prose_facts

        facts.prose = prose_facts(report, source, text_rule.check)
    return facts


def pair(facts: Iterable[YearFacts | PackedFacts]) -> dict[str, YearFacts | PackedFacts]:
    """Current report's path -> the previous year's facts, for reports whose agency and year
    are known and for which exactly one report of that agency for the year before is here.
    Two reports claiming one agency and year pair with nothing: which is which is unknown."""
    by_agency: dict[str, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for f in facts:
        if f.agency_key and f.year is not None:
            by_agency[f.agency_key][f.year].append(f)
    pairs: dict = {}
    for years in by_agency.values():
        for year, reports in years.items():
            previous = years.get(year - 1, [])
            if len(reports) == 1 and len(previous) == 1:
                pairs[reports[0].path] = previous[0]
    return pairs


def check_pair(current: YearFacts, previous: YearFacts, rules: list[Rule],
               options: Options) -> list[Finding]:
    """Findings of the cross-year rules for one pair, in the current report."""
    from .checks import cross_year
    from .profiles import get_profile

    findings = []
    profile, prev_profile = get_profile(current.profile), get_profile(previous.profile)
    for rule in cross_year_rules(rules):
        if not rule.applies_to(current.profile):
            continue
        severity = options.severities.get(rule.id, rule.severity)
        template = rule.message.get(options.lang) or rule.message["zh"]
        if rule.kind == TEXT_KIND:
            from .shingles import repeated

            hit = repeated(rule.check, current.prose, previous.prose, options.lang)
            if hit is not None:
                line, column, args = hit
                args = {**args, "year": _year(current.year), "prev_year": _year(previous.year),
                        "previous": previous.path}
                findings.append(Finding(rule.id, rule.name, severity, template.format_map(MessageArgs(args)),
                                        current.path, Location(line, column, 0, line, column + 1, 0), [],
                                        "text-repeated"))
            continue
        for hit in cross_year(rule, current.values, profile, previous.values, prev_profile,
                              options.lang):
            args = {**hit.args, "year": _year(current.year), "prev_year": _year(previous.year),
                    "previous": previous.path}
            message = template.format_map(MessageArgs(args))
            location = current.location(hit.cell) or _WHOLE_FILE
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
