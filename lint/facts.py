"""Facts about the whole document that rules need: which section is which, the agency, the
report year, the kind of issuer, the statistics period and the signature date."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from .ast import DateValue, Document, Period, Span
from .lexer import CN_DIGITS, fold
from .scopes import compile_pattern, scope_text

_NUMBER_KEY = dict(zip("一二三四五六", ("overview", "proactive", "requests", "review", "problems", "other"),
                       strict=True))

_D = r"([0-9０-９]{1,4}|[〇零○一二三四五六七八九十]{1,4})"
_DATE = rf"{_D}\s*年\s*{_D}\s*月\s*{_D}\s*日"
_YEAR_IN_TITLE_RE = re.compile(r"(\d{4}|[〇零○一二三四五六七八九]{4})年(?:度)?")
_TOWNSHIP_RE = re.compile(r"(镇|乡|街道)(人民政府|办事处)$|街道办事处$|街道工作委员会$")
_GOVERNMENT_RE = re.compile(r"人民政府$")
_AGENCY_AFTER_YEAR_RE = re.compile(r"(.{2,40}?)政府信息公开")


def cn_number(text: str) -> int | None:
    """An Arabic or Chinese numeral (一、两、十二、二十三、二〇二三) as an int."""
    text = fold(text)
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if all(ch in CN_DIGITS for ch in text):  # digit by digit: 二〇二三
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    total, current = 0, 0
    units = {"十": 10, "百": 100, "千": 1000, "万": 10000}
    for ch in text:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        elif ch in units:
            unit = units[ch]
            if unit == 10000:
                total = (total + current) * unit
            else:
                total += (current or 1) * unit
            current = 0
        else:
            return None
    return total + current


def parse_date(text: str, span: Span) -> DateValue | None:
    m = re.search(_DATE, text)
    if not m:
        return None
    y, mo, d = (cn_number(g) for g in m.groups())
    try:
        return DateValue(span, date(y, mo, d), m.group(0)) if y and mo and d else None
    except ValueError:
        return None


def describe(doc: Document) -> None:
    """Fill in the document-wide facts of ``doc``."""
    for section in doc.sections:
        section.key = _section_key(section.heading.number, section.heading.text)
    doc.period = _find_period(doc)
    doc.year = _year(doc)
    doc.agency = _agency(doc)
    doc.issuer = issuer_kind(doc.agency or "")


def _section_key(number: str, text: str) -> str | None:
    from .parser import section_keywords

    folded = fold(text)
    candidates = [k for k, words in section_keywords().items() if any(w in folded for w in words)]
    expected = _NUMBER_KEY.get(number)
    if expected in candidates:
        return expected
    return candidates[0] if candidates else expected


def issuer_kind(agency: str) -> str:
    agency = fold(agency)
    if _TOWNSHIP_RE.search(agency):
        return "township"
    if _GOVERNMENT_RE.search(agency):
        return "government"
    return "department"


@cache
def period_wordings() -> tuple[re.Pattern[str], ...]:
    """The statistics period's wordings: data of rule GX201 (rules/dates.yaml), read here
    because the period is a fact of the document that GX202, GX203 and the year also use."""
    import yaml

    from .resources import rules_dir

    data = yaml.load((rules_dir() / "dates.yaml").read_text(encoding="utf-8"),
                     Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    rule = next(r for r in data["rules"] if r["id"] == "GX201")
    return tuple(compile_pattern(w["pattern"]) for w in rule["check"]["wordings"])


def _find_period(doc: Document) -> Period | None:
    # Over the joined prose: a statement wrapped over two lines (text copied out of a PDF)
    # is one sentence.
    # The preamble first: that is where reports state it, and a short text to search.
    for scope in ("preamble", "document"):
        text = scope_text(doc, [scope])
        if text is None or not text.text:
            continue
        found = [m for m in (r.search(text.text) for r in period_wordings()) if m]
        if found:
            break
    else:
        return None
    m = min(found, key=lambda m: m.start())
    g = m.groupdict()
    y1, m1, d1, y2, m2, d2 = (cn_number(g[k]) if g.get(k) else None for k in ("y1", "m1", "d1", "y2", "m2", "d2"))
    y2 = y2 or y1
    span = text.span(m.start(), m.end())
    return Period(span, m.group(0), _safe_date(y1, m1, d1), _safe_date(y2, m2, d2))


def _safe_date(y: int | None, m: int | None, d: int | None) -> date | None:
    try:
        return date(y, m, d) if y and m and d else None
    except ValueError:
        return None


def _year(doc: Document) -> int | None:
    if doc.title:
        m = _YEAR_IN_TITLE_RE.search(doc.title.text)
        if m:
            return cn_number(m.group(1))
    if doc.period and doc.period.start:
        return doc.period.start.year
    if doc.signature and doc.signature.date:
        return doc.signature.date.value.year - 1
    return None


def _agency(doc: Document) -> str | None:
    if doc.title:
        m = _YEAR_IN_TITLE_RE.search(doc.title.text)
        before = doc.title.text[: m.start()] if m else ""
        before = before.strip("《》\"' ")
        if not before and m:
            # The year first: 2024年上海市科委政府信息公开工作年度报告.
            after = _AGENCY_AFTER_YEAR_RE.match(doc.title.text, m.end())
            before = after.group(1) if after else ""
        if before:
            # A masthead line repeating the agency before the title line: keep one copy.
            half = len(before) // 2
            if len(before) % 2 == 0 and before[:half] == before[half:]:
                before = before[:half]
            return before
    if doc.signature and doc.signature.agency:
        return fold(doc.signature.agency)
    return None
