"""Facts about the whole document that rules need: which section is which, the agency, the
report year, the kind of issuer, the statistics period and the signature date."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from .ast import DateValue, Document, Paragraph, Period, Span, Title
from .lexer import CN_DIGITS, fold
from .portal import Portal
from .profiles import section_keywords
from .regexes import regex
from .scopes import compile_pattern, scope_text

_NUMBER_KEY = dict(zip("一二三四五六", ("overview", "proactive", "requests", "review", "problems", "other"),
                       strict=True))

_D = r"([0-9０-９]{1,4}|[〇零○一二三四五六七八九十]{1,4})"
_DATE = rf"{_D}\s*年\s*{_D}\s*月\s*{_D}\s*日"
_DATE_RE = regex(_DATE)
_YEAR_IN_TITLE_RE = regex(r"(\d{4}|[〇零○一二三四五六七八九]{4})年(?:度)?")


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
    m = _DATE_RE.search(text)
    if not m:
        return None
    y, mo, d = (cn_number(g) for g in m.groups())
    try:
        return DateValue(span, date(y, mo, d), m.group(0)) if y and mo and d else None
    except ValueError:
        return None


def describe(doc: Document, page: Portal | None = None) -> None:
    """Fill in the document-wide facts of ``doc``; ``page`` is the portal metadata around it."""
    for section in doc.sections:
        section.key = _section_key(section.heading.number, section.heading.text)
    if page is not None:
        _portal_facts(doc, page)
    doc.period = _find_period(doc)
    doc.year = _year(doc)
    doc.agency = _agency(doc)
    doc.issuer, doc.issuer_why = issuer_of(doc)


def _section_key(number: str, text: str) -> str | None:
    folded = fold(text)
    candidates = [k for k, words in section_keywords().items() if any(w in folded for w in words)]
    expected = _NUMBER_KEY.get(number)
    if expected in candidates:
        return expected
    return candidates[0] if candidates else expected


def _paragraphs(doc: Document):
    for node in doc.preamble:
        if isinstance(node, Paragraph):
            yield node
    for section in doc.sections:
        for node in section.paragraphs:
            if isinstance(node, Paragraph):
                yield node


@cache
def period_wordings() -> tuple[re.Pattern[str], ...]:
    """The statistics period's wordings: data of rule GX201 (rules/dates.yaml), taken from the
    loaded built-in pack (validated, and cached compiled) because the period is a fact of the
    document that GX202, GX203 and the year also use."""
    from .rulepack import load_rules

    rule = next(r for r in load_rules() if r.id == "GX201")
    return tuple(compile_pattern(w["pattern"]) for w in rule.check["wordings"])


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
    """Who the report is of: as its title names it, else as the portal's 发布机构 does, else
    as it is signed."""
    if doc.title:
        name = title_agency(doc.title.text)
        if name:
            return name
    if doc.publisher:
        return doc.publisher
    if doc.signature and doc.signature.agency:
        return fold(doc.signature.agency)
    return None


# --- the portal page around the report ----------------------------------------------------------

_REPORT_NAME_RE = regex(r"年度报告|年报")
# A page's <title> or a capture note's 标题 may end in the site's or the agency's short name.
_SITE_SUFFIX_RE = regex(r"(?<=报告)\s*[-_|—–]+[^-_|—–]{1,30}$")


def _portal_facts(doc: Document, page: Portal) -> None:
    """The publication date and publisher a portal page states; its 名称 as the title when
    the text has none of its own."""
    publisher = page.publisher
    doc.publisher = fold(publisher.value) if publisher else None
    name = page.name
    if doc.title is None and name is not None and name.span and _REPORT_NAME_RE.search(name.value):
        m = _SITE_SUFFIX_RE.search(name.value)
        end = m.start() if m else len(name.value)
        span = name.span
        span = Span(span.line, span.column, span.offset, span.line, span.column + end, span.offset + end)
        doc.title = Title(span, fold(name.value[:end]))
    published = page.published
    if published is not None and published.span is None:
        # Said outside the text (a page's <meta>): findings about it point at the title.
        published.span = doc.title.span if doc.title else Span(1, 1, 0, 1, 1, 0)
    doc.published = published


# --- the issuer: department, government or township ------------------------------------------

_PUBLICITY_RE = regex(r"政府信息公开|政务公开|信息公开")
_TOWNSHIP_RE = regex(r"(?:镇|乡|苏木|街道)(?:人民政府|政府|办事处|办|工作委员会|党工委)?$")
_GOVERNMENT_RE = regex(r"(?:人民政府|[^部]政府)$")
_PLACE_RE = regex(r"(?:省|市|县|区|旗|州|盟|自治州|自治县|自治旗|自治区)$")
# A people's government's office publishes and signs the government's own report.
_GOVERNMENT_OFFICE_RE = regex(r"政府办公(?:室|厅)$")
# Endings that say a name is an agency at all (and not a phrase the title happens to hold).
_AGENCY_RE = regex(r"(?:局|委员会|委|厅|办公室|办|政府|处|中心|院|所|署|会|站|队|部|馆|社|台|行|公司"
                        r"|管委会|管理委员会|事务所|研究室|集团|办事处)(?:（[^）]*）|\([^)]*\))?$")


def title_agency(title: str) -> str | None:
    """The agency a title names: before the year (青禾县2023年…) or between the year and
    the report's name (2023年青禾市政府信息公开工作年度报告)."""
    m = _YEAR_IN_TITLE_RE.search(title)
    if not m:
        return None
    before = title[: m.start()].strip("《》\"' ")
    if before.endswith("关于"):
        before = before[:-2]
    if before:
        # A masthead line repeating the agency before the title line: keep one copy.
        half = len(before) // 2
        if len(before) % 2 == 0 and before[:half] == before[half:]:
            before = before[:half]
        return before
    after = title[m.end():].lstrip("《》\"' ")
    n = _PUBLICITY_RE.search(after)
    name = after[: n.start()] if n else ""
    if name.endswith("人民"):  # 2023年青禾市人民政府信息公开…: 人民政府 + 信息公开
        name += "政府"
    return name or None


def name_kind(name: str) -> tuple[str, str] | None:
    """(issuer kind, why) that an agency name alone says, or None when it is not a name
    gxlint can place: a township (…镇/乡/苏木/街道, with 人民政府 or 办事处 or not), a
    government (…人民政府, or a bare place: …省/市/县/区/旗/州/盟), else a department."""
    name = fold(name).strip("《》\"'")
    if not name:
        return None
    if _TOWNSHIP_RE.search(name):
        return "township", "township"
    if _GOVERNMENT_RE.search(name):
        return "government", "government"
    if _PLACE_RE.search(name):
        return "government", "place"
    if _AGENCY_RE.search(name):
        return "department", "department"
    return None


def issuer_of(doc: Document) -> tuple[str, tuple[str, str, str] | None]:
    """The kind of issuer, from everything the report says about who it is: the agency its
    title names, the portal's 发布机构 and the signature, in that order of weight. A people's
    government's office (人民政府办公室) publishing or signing a report whose title names no
    department publishes it for the government."""
    title = title_agency(doc.title.text) if doc.title else None
    signer = fold(doc.signature.agency) if doc.signature and doc.signature.agency else None
    found = [(where, name) for where, name in
             (("title", title), ("publisher", doc.publisher), ("signature", signer)) if name]
    for where, name in found:
        if where != "title" and _GOVERNMENT_OFFICE_RE.search(name):
            return "government", (where, name, "government-office")
        kind = name_kind(name)
        if kind is not None:
            return kind[0], (where, name, kind[1])
    return "department", None


def issuer_kind(agency: str) -> str:
    """The kind of issuer an agency name says (department when it says nothing)."""
    kind = name_kind(agency)
    return kind[0] if kind else "department"
