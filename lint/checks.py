"""The check kinds. A rule in YAML names one kind and gives its parameters; the kind is the
code that looks at the bound report and says where the rule is broken.

Each kind is a generator of ``Hit``s: where, the message's placeholder values, the cells
involved and what identifies the hit across re-flowed text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .ast import Report, Section, Span
from .expr import Bound, bind, parse
from .facts import cn_number
from .labels import core
from .profiles import Profile, template_name
from .rulepack import Rule, for_each_values
from .scopes import scope_text

_DOC_START = Span(1, 1, 0, 1, 1, 0)
TABLE_NAMES = {"t2": ("表二", "table 2"), "t3": ("表三", "table 3"), "t4": ("表四", "table 4")}


@dataclass
class Hit:
    """Where a rule is broken, and what its message says."""

    span: Span
    args: dict[str, object] = field(default_factory=dict)
    cells: list[str] = field(default_factory=list)
    key: str = ""  # fingerprint: what identifies this hit apart from the text around it
    # A fix as (start, end, replacement) in the text form; the engine keeps it only for
    # fixable rules and only when lint/fixes.py finds it safe.
    fix: list[tuple[int, int, str]] | None = None


@dataclass
class Context:
    """What a check sees: the report, its profile, the run's language and deadlines."""

    report: Report
    profile: Profile
    lang: str
    deadlines: dict[str, str] | None = None  # issuer -> "MM-DD", overriding the rule's
    structure: Structure | None = None  # the sections against the template's, once computed
    unread_pages: tuple[int, ...] = ()  # pages of the file with no text layer (lint/unread.py)


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
    from .profiles import get_profile

    return get_profile(pid)


def expand(ctx: Context, pattern: str) -> list[str]:
    """The cell keys ``pattern`` names in the profile its table was bound with."""
    return table_profile(ctx, pattern.partition(".")[0]).expand(pattern)


# --- describing things in messages ------------------------------------------------------------


def fmt_number(value: Decimal | None) -> str:
    if value is None:
        return "?"
    text = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return text


def fmt_date(d: date | None, lang: str) -> str:
    """A date as a civil servant writes it: 2024年3月20日 (English: ISO, 2024-03-20)."""
    if d is None:
        return "?"
    return f"{d.year}年{d.month}月{d.day}日" if lang == "zh" else d.isoformat()


def table_name(key: str, lang: str) -> str:
    zh, en = TABLE_NAMES.get(key, (key, key))
    return zh if lang == "zh" else en


def cell_name(profile: Profile, key: str, lang: str) -> str:
    """表三“本年新收政府信息公开申请数量”行“自然人”列; in English the template's labels too
    (table 3, row “…”, column “…”), never the internal key."""
    spec = profile.cells.get(key) or profile.group_cells.get(key)
    if spec is None:
        return key
    column = spec.column.label
    if spec.column.group_label:
        column = f"{spec.column.group_label}·{column}"
    row = core(spec.row.label) if spec.row.label else ""
    if lang == "zh":
        return table_name(spec.table, lang) + (f"“{row}”行" if row else "") + f"“{column}”列"
    return ", ".join([table_name(spec.table, lang), *([f"row “{row}”"] if row else []), f"column “{column}”"])


def _cells_text(profile: Profile, keys: list[str], lang: str, limit: int = 6) -> str:
    names = [cell_name(profile, k, lang) for k in keys[:limit]]
    more = len(keys) - limit
    if more > 0:
        names.append(f"等{len(keys)}个单元格" if lang == "zh" else f"and {more} more")
    return ("、" if lang == "zh" else "; ").join(names)


def _section_title(profile: Profile, key: str) -> str:
    s = profile.section(key)
    return f"{s.number}、{s.heading}"


def _anchor(ctx: Context, section_key: str | None = None) -> Span:
    """Where to report something that is absent: its section's heading, else the title."""
    doc = ctx.report.document
    if section_key:
        section = doc.section(section_key)
        if section is not None:
            return section.heading.span
    return doc.title.span if doc.title else _DOC_START


# --- structure ------------------------------------------------------------------------------


def is_report(report: Report) -> bool:
    """Whether the document has anything of an annual report: a title, a section heading or a
    table recognised as one of the template's (a line that merely has a "|" in it is not). A
    file with none (a README, a list, gxlint's own output) is not one, and every other finding
    about it would only restate that (see lint/engine.py)."""
    doc = report.document
    return doc.title is not None or bool(doc.sections) or bool(report.tables_found)


@kind("not-a-report")
def not_a_report(rule: Rule, ctx: Context) -> Iterator[Hit]:
    if not is_report(ctx.report):
        yield Hit(_DOC_START, key="not-a-report")


_OTHER_HEADING_RE = re.compile(r"^(?:#{1,6}\s*)?[一二三四五六七八九十][、.．]\s*\S.{1,24}$")
_SENTENCE_END = "。；;：:，,"


@dataclass
class Structure:
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


def structure(ctx: Context) -> Structure:
    if ctx.structure is not None:
        return ctx.structure
    doc, profile = ctx.report.document, ctx.profile
    order = {s.key: i for i, s in enumerate(profile.sections)}
    counts: dict[str, int] = {}
    misplaced: list[Section] = []
    out_of_order: list[tuple[Section, str]] = []
    highest, previous = -1, ""
    for section in doc.sections:
        if section.key not in order:
            continue
        counts[section.key] = counts.get(section.key, 0) + 1
        title = _section_title(profile, section.key)
        if counts[section.key] > 1 or order[section.key] < highest:
            out_of_order.append((section, previous))
        number = section.heading.number
        if counts[section.key] == 1 and (order[section.key] < highest or
                                         (number and number != profile.section(section.key).number)):
            misplaced.append(section)
        highest = max(highest, order[section.key])
        previous = title
    others = [n.text for s in doc.sections for n in s.paragraphs
              if _OTHER_HEADING_RE.match(n.text) and n.text[-1] not in _SENTENCE_END]
    ctx.structure = Structure([s.key for s in profile.sections if s.key not in counts],
                              {k: n for k, n in counts.items() if n > 1}, misplaced, others, out_of_order)
    return ctx.structure


@kind("section-structure")
def section_structure(rule: Rule, ctx: Context) -> Iterator[Hit]:
    found = structure(ctx)
    if not found.restructured:
        return
    zh = ctx.lang == "zh"
    sep = "、" if zh else ", "
    title = lambda key: _section_title(ctx.profile, key)  # noqa: E731
    parts = []
    if found.missing:
        parts.append(("缺少" if zh else "missing: ") + sep.join(f"“{title(k)}”" for k in found.missing))
    if found.repeated:
        parts.append(("重复" if zh else "repeated: ") + sep.join(
            f"“{title(k)}”（{n}次）" if zh else f"“{title(k)}” ({n} times)" for k, n in found.repeated.items()))
    if found.misplaced:
        parts.append(("位置或编号不符" if zh else "moved or renumbered: ") + sep.join(
            f"“{s.heading.number}、{s.heading.text}”" if s.heading.number else f"“{s.heading.text}”"
            for s in found.misplaced))
    if found.others:
        parts.append(("另有" if zh else "headings of its own: ") + sep.join(f"“{t}”" for t in found.others))
    first = next(iter(ctx.report.document.sections), None)
    yield Hit(first.heading.span if first else _anchor(ctx),
              {"problems": ("；" if zh else "; ").join(parts)}, key="structure")


@kind("section-present")
def section_present(rule: Rule, ctx: Context) -> Iterator[Hit]:
    found = structure(ctx)
    if found.restructured:
        return  # GX110 lists what is missing
    keys = rule.check.get("sections") or [s.key for s in ctx.profile.sections]
    for key in keys:
        if key in found.missing:
            spec = ctx.profile.section(key)
            yield Hit(_anchor(ctx), {"section": f"{spec.number}、{spec.heading}", "number": spec.number},
                      key=key)


@kind("section-order")
def section_order(rule: Rule, ctx: Context) -> Iterator[Hit]:
    found = structure(ctx)
    if found.restructured:
        return  # GX110 lists what moved
    for section, previous in found.out_of_order:
        yield Hit(section.heading.span, {"section": _section_title(ctx.profile, section.key),
                                         "previous": previous}, key=section.key)


@kind("section-heading")
def section_heading(rule: Rule, ctx: Context) -> Iterator[Hit]:
    if structure(ctx).restructured:
        return  # headings of the report's own outline: GX110
    for section in ctx.report.document.sections:
        if section.key is None:
            continue
        expected = ctx.profile.section(section.key).heading
        if core(section.heading.text) != core(expected):
            number = ctx.profile.section(section.key).number
            yield Hit(section.heading.span, {"found": section.heading.text, "expected": expected,
                                             "number": number}, key=section.key)


# --- prose ----------------------------------------------------------------------------------


def _scopes(check: dict) -> list[str]:
    scope = check["scope"]
    return [scope] if isinstance(scope, str) else list(scope)


# What a section says when it says nothing: empty, or only 无/暂无/没有 (punctuation aside).
NOTHING = (r"(?:(?:本年度?|今年|[0-9]{4}年度?)?(?:无|暂无|没有)"
           r"(?:其他需要报告的事项|其他事项|需要报告的其他事项|需要报告的事项)?|/|-|—)?")
_PUNCT_RE = re.compile(r"[\s。．.，,；;：:！!、]+")


def says_nothing(text: str, nothing: str = NOTHING) -> bool:
    return re.fullmatch(nothing, _PUNCT_RE.sub("", text)) is not None


def applies(check: dict, ctx: Context) -> bool:
    """A check's conditions on the report: the issuer kinds and report years it is for."""
    doc = ctx.report.document
    if "issuers" in check and doc.issuer not in check["issuers"]:
        return False
    if "from_year" in check and (doc.year is None or doc.year < check["from_year"]):
        return False
    return True


def _item_regex(rule: Rule, pattern: str, item: str, synonyms: dict[str, list[str]]):
    """``{item}`` in a pattern stands for the item's own words or any of its synonyms."""
    words = [re.escape(item), *synonyms.get(item, ())]
    return rule.pattern(pattern.replace("{item}", "(?:" + "|".join(words) + ")"))


@kind("pattern")
def pattern(rule: Rule, ctx: Context) -> Iterator[Hit]:
    check = rule.check
    if not applies(check, ctx):
        return
    scopes = _scopes(check)
    text = scope_text(ctx.report.document, scopes)
    if text is None and not set(scopes) & {"title", "preamble", "document"}:
        return  # the section itself is missing: GX101 says so
    if check.get("skip_if_restructured") and structure(ctx).restructured:
        return  # the scope's content may be under the report's own headings: GX110
    if check.get("skip_if_empty") and text is not None and says_nothing(text.text):
        return  # the section says nothing at all: GX109 says so, once
    where = next((s for s in scopes if s not in ("title", "preamble", "document")), None)
    for regex in map(rule.pattern, check.get("forbid_any", ())):
        m = regex.search(text.text) if text is not None else None
        if m:
            yield Hit(text.span(m.start(), m.end()), {"found": m.group(0), "scope": " / ".join(scopes),
                                                      "year": ctx.report.document.year or "?"},
                      key=core(m.group(0)))
            return  # one finding: the same outdated citation twice is one cause
    if "require_any" not in check:
        return
    fe = check.get("for_each")
    items = for_each_values(fe, ctx.profile) if fe else [""]
    synonyms = check.get("synonyms", {})
    missing = [item for item in items
               if text is None or not any(_item_regex(rule, p, item, synonyms).search(text.text)
                                          for p in check["require_any"])]
    if missing and check.get("one_finding"):
        # One gap in the report, named once: 未说明“工作考核”“社会评议”… rather than a finding each.
        shown = "”“".join(missing) if ctx.lang == "zh" else "”, “".join(missing)
        missing = [shown]
    for item in missing:
        args: dict[str, object] = {"item": item, "scope": " / ".join(scopes)}
        if fe:
            args[fe["var"]] = item
            args[fe["var"] + "_label"] = item
        yield Hit(_anchor(ctx, where), args, key=item)


_YEAR_RE = re.compile(r"[0-9０-９]{4}|[〇零○一二三四五六七八九]{4}")


@kind("year-reference")
def year_reference(rule: Rule, ctx: Context) -> Iterator[Hit]:
    """A year's document cited as this year's (按照2022年政务公开工作要点 in a 2023 report):
    each ``references`` regex gives the cited year as its (?P<y>…) group; a year before the
    report's own is stale. Later years are not (五 plans next year's work)."""
    year = ctx.report.document.year
    text = scope_text(ctx.report.document, _scopes(rule.check))
    if year is None or text is None:
        return
    before = [rule.pattern(f"(?:{p})$") for p in rule.check.get("not_before", ())]
    for regex in map(rule.pattern, rule.check["references"]):
        for m in regex.finditer(text.text):
            cited = cn_number(m.group("y").replace("○", "〇"))
            if cited is None or cited >= year or _excluded(text.text, m.start(), m.end(), before, [], []):
                continue
            yield Hit(text.span(m.start(), m.end()), {"found": m.group(0), "cited": cited, "year": year},
                      key=core(m.group(0)))
            return  # one stale reference is one cause; the rest usually repeat it


@kind("parts-announced")
def parts_announced(rule: Rule, ctx: Context) -> Iterator[Hit]:
    """The preface's own outline (本报告共分六个部分; 全文包括总体情况、…) against the body.
    ``counts``: regexes with the announced number as (?P<n>…); ``lists``: regexes whose
    (?P<list>…) group is an enumeration of parts, read through ``names`` (section key ->
    regex naming it). A body missing or rearranging sections is GX101's or GX110's finding."""
    found = structure(ctx)
    if found.missing or found.restructured:
        return
    text = scope_text(ctx.report.document, _scopes(rule.check))
    if text is None:
        return
    body = len(ctx.profile.sections) + len(found.others)
    zh = ctx.lang == "zh"
    for regex in map(rule.pattern, rule.check.get("counts", ())):
        m = regex.search(text.text)
        n = cn_number(m.group("n")) if m else None
        if n is not None and n != body:
            detail = (f"正文有{body}个部分" if zh else f"the body has {body}")
            yield Hit(text.span(m.start(), m.end()), {"found": m.group(0), "detail": detail}, key="count")
            return
    names = {key: rule.pattern(p) for key, p in rule.check.get("names", {}).items()}
    for m in (m for regex in map(rule.pattern, rule.check.get("lists", ())) for m in regex.finditer(text.text)):
        listed = {key for key, r in names.items() if r.search(m.group("list"))}
        if len(listed) < 3:
            continue  # not an outline of the report (本报告由某局编制…)
        if "等" in m.group("list"):
            return  # 包括总体情况、…等: an open list (a count after it was checked above)
        present = {s.key for s in ctx.profile.sections}
        absent = [key for key in names if key not in listed and key in present]
        if absent:
            shown = ("、" if zh else ", ").join(f"“{_section_title(ctx.profile, k)}”" for k in absent)
            detail = f"未列出正文的{shown}" if zh else f"it leaves out {shown}"
            yield Hit(text.span(m.start(), m.end()), {"found": m.group(0), "detail": detail}, key="list")
        return


@kind("section-empty")
def section_empty(rule: Rule, ctx: Context) -> Iterator[Hit]:
    """A section that is there but says nothing (empty, or only 无)."""
    nothing = rule.check.get("nothing", NOTHING)
    for key in rule.check["sections"]:
        section = ctx.report.document.section(key)
        if section is None:
            continue  # GX101
        text = scope_text(ctx.report.document, [key])
        content = text.text.strip() if text is not None else ""
        if says_nothing(content, nothing) and not section.tables:
            spec = ctx.profile.section(key)
            yield Hit(section.heading.span, {"section": f"{spec.number}、{spec.heading}",
                                             "number": spec.number, "content": content}, key=key)



@kind("fact")
def fact(rule: Rule, ctx: Context) -> Iterator[Hit]:
    doc = ctx.report.document
    value = {
        "period": doc.period,
        "title": doc.title,
        "signature_date": doc.signature.date if doc.signature else None,
        "agency": doc.agency,
        "year": doc.year,
    }[rule.check["require"]]
    if value is None:
        # The report's own year in the message's example (last year's when it names none).
        year = doc.year or date.today().year - 1
        yield Hit(_anchor(ctx), {"year": year}, key=rule.check["require"])


@kind("period-year")
def period_year(rule: Rule, ctx: Context) -> Iterator[Hit]:
    doc = ctx.report.document
    period = doc.period
    if period is None or doc.year is None:
        return
    # A year no calendar has (0000年) is a mismatch like any other, never a crash.
    whole_year = (date(doc.year, 1, 1), date(doc.year, 12, 31)) if 1 <= doc.year <= 9999 else None
    if whole_year is None or (period.start, period.end) != whole_year:
        yield Hit(period.span, {"start": fmt_date(period.start, ctx.lang), "end": fmt_date(period.end, ctx.lang),
                                "year": doc.year}, key="period")


@kind("year-agreement")
def year_agreement(rule: Rule, ctx: Context) -> Iterator[Hit]:
    doc = ctx.report.document
    title_year = doc.year if doc.title else None
    period_year = doc.period.start.year if doc.period and doc.period.start else None
    sig = doc.signature.date if doc.signature else None
    years = {y for y in (title_year, period_year) if y is not None}
    bad_signature = sig is not None and years and sig.value.year not in {y + 1 for y in years}
    if len(years) > 1 or bad_signature:
        zh = ctx.lang == "zh"
        # Name the two things that disagree, and only those.
        if len(years) > 1 and doc.period:
            span = doc.period.span
            first = f"标题年度（{title_year}年）" if zh else f"the title's year ({title_year})"
            second = (f"统计期限（{fmt_date(doc.period.start, 'zh')}至{fmt_date(doc.period.end, 'zh')}）" if zh
                      else f"the statistics period ({fmt_date(doc.period.start, 'en')} – "
                           f"{fmt_date(doc.period.end, 'en')})")
        else:
            span = sig.span if sig is not None else _anchor(ctx)
            year = min(years)
            first = (f"落款日期（{fmt_date(sig.value, 'zh')}）" if zh
                     else f"the signature date ({fmt_date(sig.value, 'en')})")
            what = ("标题" if title_year else "统计期限") if zh else ("title" if title_year else "period")
            second = (f"{what}所示的报告年度（{year}年，落款应在{year + 1}年）" if zh
                      else f"the report year of the {what} ({year}; it is signed in {year + 1})")
        yield Hit(span, {"title_year": title_year or "?", "period_year": period_year or "?",
                         "signature_date": fmt_date(sig.value if sig else None, ctx.lang),
                         "first": first, "second": second}, key="years")


_ISSUERS = {"department": ("政府部门", "department"), "government": ("人民政府", "people's government"),
            "township": ("乡镇（街道）", "township or street")}


@kind("deadline")
def deadline(rule: Rule, ctx: Context) -> Iterator[Hit]:
    """The date the report was published — the portal's 公开日期 when the page gives one,
    else the signature date — against the deadline for its kind of issuer."""
    doc = ctx.report.document
    zh = ctx.lang == "zh"
    if doc.published is not None:
        used, which = doc.published, ("网站公开日期", "the portal's publication date")
    elif doc.signature and doc.signature.date:
        used, which = doc.signature.date, ("落款日期", "the signature date")
    else:
        return
    if doc.year is None:
        return
    defaults = rule.check["deadlines"]
    deadlines = {**defaults, **(ctx.deadlines or {})}
    month, day = (int(x) for x in deadlines[doc.issuer].split("-"))
    if not 1 <= doc.year + 1 <= 9999:
        return  # an impossible year: the year rules report it
    due = date(doc.year + 1, month, day)
    if used.value > due:
        # 第四十九条 sets the deadlines of departments and governments; a township's, or one
        # changed in the configuration, is the configuration's.
        statutory = doc.issuer != "township" and deadlines[doc.issuer] == defaults[doc.issuer]
        basis = ("《条例》第四十九条规定的", "the statutory") if statutory else ("配置的", "the configured")
        pick = 0 if zh else 1
        yield Hit(used.span, {"date": fmt_date(used.value, ctx.lang), "deadline": fmt_date(due, ctx.lang),
                              "issuer": _ISSUERS[doc.issuer][pick], "which": which[pick],
                              "basis": basis[pick]}, key="deadline")


# --- tables ---------------------------------------------------------------------------------


@kind("unread-pages")
def unread_pages(rule: Rule, ctx: Context) -> Iterator[Hit]:
    """Pages that could not be read, once (the engine places it on the first of them)."""
    if ctx.unread_pages:
        pages = ("、" if ctx.lang == "zh" else ", ").join(map(str, ctx.unread_pages))
        yield Hit(_DOC_START, {"pages": pages, "count": len(ctx.unread_pages)}, key="pages")


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
            yield Hit(_anchor(ctx, section), {"table": table_name(key, ctx.lang)}, key=key)


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
                  {"table": table_name(table, ctx.lang), "cells": _cells_text(ctx.profile, keys, ctx.lang),
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


# --- arithmetic -----------------------------------------------------------------------------


def _pairs(ctx: Context) -> Callable[[tuple[str, ...]], list[tuple[str, Decimal | None]]]:
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


def _plans(rule: Rule, ctx: Context | None, profile: Profile, expr_text: str, *,
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
    return _template_label(ctx.profile, fe, value)


def _template_label(profile: Profile, fe: dict, value: str) -> str:
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
    pairs = _pairs(ctx)
    # A row/column lacking a cell the expression needs (e.g. 表四 totals) has no plan.
    for value, bound in _plans(rule, ctx, ctx.profile, rule.check["expr"]):
        outcome = bound.evaluate(pairs)
        if not outcome.checkable or outcome.value is not False:
            continue
        present = [k for k in outcome.cells if k in ctx.report.cells]
        span = ctx.report.cells[present[0]].span if present else _anchor(ctx)
        args: dict[str, object] = {"left": fmt_number(outcome.left), "right": fmt_number(outcome.right),
                                   "cells": _cells_text(ctx.profile, outcome.cells, ctx.lang)}
        if fe:
            args[fe["var"]] = value
            args[fe["var"] + "_label"] = _label_of(ctx, fe, value)
        yield Hit(span, args, cells=outcome.cells, key=value or "")


# --- text against tables --------------------------------------------------------------------


@kind("text-number")
def text_number(rule: Rule, ctx: Context) -> Iterator[Hit]:
    text = scope_text(ctx.report.document, _scopes(rule.check))
    if text is None:
        return
    pairs = _pairs(ctx)
    for i, statement in enumerate(rule.check["statements"]):
        regex = rule.pattern(statement["pattern"])
        unless = [rule.pattern(p) for p in statement.get("unless", ())]
        # What RE2 has no look-around for: words right before, right after, or inside the match.
        before = [rule.pattern(f"(?:{p})$") for p in statement.get("not_before", ())]
        after = [rule.pattern(f"^(?:{p})") for p in statement.get("not_after", ())]
        within = [rule.pattern(p) for p in statement.get("not_within", ())]
        outcome = None
        for m in regex.finditer(text.text):
            if unless and any(u.search(_clause(text.text, m.start(), m.end())) for u in unless):
                continue  # a part of the count (one channel, new + carried over), not the count
            if _excluded(text.text, m.start(), m.end(), before, after, within):
                continue
            if outcome is None:
                ((_, bound),) = _plans(rule, ctx, ctx.profile, statement["expr"], for_each=False)
                outcome = bound.evaluate(pairs)
            if not outcome.checkable:
                break
            stated = statement.get("value")
            if stated is None:
                stated = cn_number(m.group("n"))
            if stated is None or Decimal(stated) == outcome.value:
                continue
            yield Hit(text.span(m.start(), m.end()),
                      {"stated": stated, "expected": fmt_number(outcome.value), "text": m.group(0)},
                      cells=outcome.cells, key=f"{i}:{statement['expr']}")


def _excluded(text: str, start: int, end: int, before: list, after: list, within: list) -> bool:
    """Whether a statement's ``not_before``/``not_after``/``not_within`` words are at the match."""
    return (any(r.search(text[max(0, start - _NEAR):start]) for r in before)
            or any(r.search(text[end:end + _NEAR]) for r in after)
            or any(r.search(text[start:end]) for r in within))


_NEAR = 30  # characters around a match that not_before / not_after look at
_CLAUSE_START = "，,。；;！？\n"
_SENTENCE_STOP = "。；;！？\n"


def _clause(text: str, start: int, end: int) -> str:
    """The words a statement's ``unless`` patterns look at: its clause up to the match (from
    the last comma), the match, and the rest of its sentence."""
    begin = max(text.rfind(c, 0, start) for c in _CLAUSE_START) + 1
    stops = [i for i in (text.find(c, end) for c in _SENTENCE_STOP) if i >= 0]
    return text[begin:min(stops, default=len(text))]


@kind("parts-sum")
def parts_sum(rule: Rule, ctx: Context) -> Iterator[Hit]:
    text = scope_text(ctx.report.document, _scopes(rule.check))
    if text is None:
        return
    total_re = rule.pattern(rule.check["total"])
    part_res = [rule.pattern(p) for p in rule.check["parts"]]
    # Any count in the enumeration; more of them than the parts: the list is not exhaustive.
    any_part = rule.pattern(rule.check.get("any_part", r"<NUM>\s*(?:件|个|条|项)"))
    window = rule.check.get("window", 80)
    for m in total_re.finditer(text.text):
        tail = text.text[m.end():m.end() + window]
        stop = min((i for i in (tail.find("。"), tail.find("\n")) if i >= 0), default=len(tail))
        tail = tail[:stop]
        found = [r.search(tail) for r in part_res]
        if not all(found):
            continue
        if len(any_part.findall(tail)) > len(found):
            continue  # a category beyond the parts (群众来信…): they need not add up
        total = cn_number(m.group("n"))
        parts = [cn_number(f.group("n")) for f in found if f]
        if total is None or None in parts:
            continue
        if total != sum(parts):
            yield Hit(text.span(m.start(), m.end()),
                      {"total": total, "sum": sum(parts), "parts": "、".join(f.group(0) for f in found if f),
                       "text": m.group(0)}, key=core(m.group(0)))


@kind("unit")
def unit(rule: Rule, ctx: Context) -> Iterator[Hit]:
    """Amounts in a column counted in one unit (表二's 万元): a cell written in another unit,
    and amounts the text states in another unit that, converted, contradict the cell."""
    check = rule.check
    scale = {u: Decimal(str(f)) for u, f in check["scale"].items()}
    unit_re = rule.pattern(check["cell_unit"])
    zh = ctx.lang == "zh"

    def amount(value: Decimal, written: str) -> str:
        return f"{fmt_number(value.normalize())}{written}"

    for key in check["cells"]:
        cell = ctx.report.cells.get(key)
        spec = ctx.profile.cells.get(key)
        if cell is None or spec is None or not spec.column.unit:
            continue
        m = unit_re.search(cell.raw)
        written = m.group("unit") if m else None
        if written and written != spec.column.unit:
            raw = cell.raw.strip()
            stated = _decimal(m.group("n")) if "n" in m.groupdict() and m.group("n") else None
            if stated is not None and written in scale and spec.column.unit in scale:
                means = amount(stated * scale[written] / scale[spec.column.unit], spec.column.unit)
                detail = (f"填写的“{raw}”不是以{spec.column.unit}计的金额（{raw}即{means}）" if zh
                          else f"“{raw}” is not an amount in {spec.column.unit} ({raw} is {means})")
            else:
                detail = (f"填写的“{raw}”不是以{spec.column.unit}计的金额" if zh
                          else f"“{raw}” is not an amount in {spec.column.unit}")
            yield Hit(cell.span, {"cell": cell_name(ctx.profile, key, ctx.lang), "detail": detail},
                      cells=[key], key=key)
            continue  # the cell is wrong; the text cannot be compared with it
        if cell.kind != "number" or cell.value is None:
            continue
        text = scope_text(ctx.report.document, _scopes(check)) if "scope" in check else None
        for statement in check.get("statements", ()) if text is not None else ():
            if statement["cell"] != key:
                continue
            for m in rule.pattern(statement["pattern"]).finditer(text.text):
                stated = _decimal(m.group("n"))
                written = m.group("unit")
                if stated is None or written not in scale or written == spec.column.unit:
                    continue
                converted = stated * scale[written] / scale[spec.column.unit]
                # Agrees if it rounds to the table's figure (0.35 for 3456元; 12 for 123000元).
                places = min(cell.value.as_tuple().exponent, 0)
                if abs(converted - cell.value) <= Decimal(5).scaleb(places - 1):
                    continue
                table = amount(cell.value, spec.column.unit)
                detail = (f"正文“{m.group(0)}”折合{amount(converted, spec.column.unit)}，表中填写的是{table}"
                          if zh else f"the text's “{m.group(0)}” is {amount(converted, spec.column.unit)}, "
                                     f"the table says {table}")
                yield Hit(text.span(m.start(), m.end()),
                          {"cell": cell_name(ctx.profile, key, ctx.lang), "detail": detail},
                          cells=[key], key=f"text:{key}")
                break


def _decimal(text: str) -> Decimal | None:
    from .lexer import fold

    folded = fold(text).replace(",", "").replace("，", "")
    try:
        return Decimal(folded)
    except ArithmeticError:
        n = cn_number(folded)
        return Decimal(n) if n is not None else None


@kind("debris")
def debris(rule: Rule, ctx: Context) -> Iterator[Hit]:
    text = ctx.report.document.text
    for span in ctx.report.document.debris:
        found = text[span.offset:span.end_offset]
        # The debris itself is the key, not its line: a baseline survives re-flowed text.
        yield Hit(span, {"text": found}, key=found, fix=[(span.offset, span.end_offset, "")])


_TITLE_GAP_RE = re.compile(r"[ \t\u3000\u00a0]+")


def _wide(ch: str) -> bool:
    """A CJK character or punctuation mark (not a digit): no space belongs between two."""
    import unicodedata

    return unicodedata.east_asian_width(ch) in ("W", "F") and not ch.isdigit() and not ch.isspace()


@kind("title-space")
def title_space(rule: Rule, ctx: Context) -> Iterator[Hit]:
    title = ctx.report.document.title
    if title is None:
        return
    text = ctx.report.document.text[title.span.offset:title.span.end_offset]
    gaps = [m for m in _TITLE_GAP_RE.finditer(text)
            if 0 < m.start() and m.end() < len(text)
            and _wide(text[m.start() - 1]) and _wide(text[m.end()])]
    if not gaps:
        return
    first = gaps[0]
    before = text[:first.start()]
    line = title.span.line + before.count("\n")
    column = (first.start() - before.rfind("\n")) if "\n" in before else title.span.column + first.start()
    start = title.span.offset + first.start()
    span = Span(line, column, start, line, column + len(first.group(0)), start + len(first.group(0)))
    shown = " / ".join(part.strip() for part in text.splitlines() if part.strip())
    yield Hit(span, {"text": shown}, key="title",
              fix=[(title.span.offset + m.start(), title.span.offset + m.end(), "") for m in gaps])


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


@dataclass
class PairHit:
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
    for value, bound in _plans(rule, None, profile, rule.check["expr"], expand=expand_,
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
            args[fe["var"] + "_label"] = _template_label(profile, fe, value)
        yield PairHit(located, args, outcome.cells, value or "")
