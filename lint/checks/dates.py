"""Kinds about the report's facts and dates: what it must state (period, title, signature
date, agency, year), whether its years agree, and whether it was published in time.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..rulepack import Rule
from .describe import fmt_date
from .registry import Context, Hit, anchor, kind


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
        yield Hit(anchor(ctx), {"year": year}, key=rule.check["require"])


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
            span = sig.span if sig is not None else anchor(ctx)
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
