"""Kinds about the prose: patterns required or forbidden in a scope, years cited as this
year's, the preface's outline against the body, sections that say nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..facts import cn_number
from ..labels import core
from ..regexes import regex as compiled
from ..rulepack import Rule, for_each_values
from ..scopes import scope_text
from .describe import section_title
from .registry import Context, Hit, anchor, kind
from .sections import structure


def scopes_of(check: dict) -> list[str]:
    scope = check["scope"]
    return [scope] if isinstance(scope, str) else list(scope)


# What a section says when it says nothing: empty, or only 无/暂无/没有 (punctuation aside).
NOTHING = (r"(?:(?:本年度?|今年|[0-9]{4}年度?)?(?:无|暂无|没有)"
           r"(?:其他需要报告的事项|其他事项|需要报告的其他事项|需要报告的事项)?|/|-|—)?")
_PUNCT_RE = compiled(r"[\s。．.，,；;：:！!、]+")


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
    scopes = scopes_of(check)
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
        yield Hit(anchor(ctx, where), args, key=item)


@kind("year-reference")
def year_reference(rule: Rule, ctx: Context) -> Iterator[Hit]:
    """A year's document cited as this year's (按照2022年政务公开工作要点 in a 2023 report):
    each ``references`` regex gives the cited year as its (?P<y>…) group; a year before the
    report's own is stale. Later years are not (五 plans next year's work)."""
    year = ctx.report.document.year
    text = scope_text(ctx.report.document, scopes_of(rule.check))
    if year is None or text is None:
        return
    before = [rule.pattern(f"(?:{p})$") for p in rule.check.get("not_before", ())]
    for regex in map(rule.pattern, rule.check["references"]):
        for m in regex.finditer(text.text):
            cited = cn_number(m.group("y").replace("○", "〇"))
            if cited is None or cited >= year or excluded(text.text, m.start(), m.end(), before, [], []):
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
    text = scope_text(ctx.report.document, scopes_of(rule.check))
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
            shown = ("、" if zh else ", ").join(f"“{section_title(ctx.profile, k)}”" for k in absent)
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


def excluded(text: str, start: int, end: int, before: list, after: list, within: list) -> bool:
    """Whether a statement's ``not_before``/``not_after``/``not_within`` words are at the match."""
    return (any(r.search(text[max(0, start - _NEAR):start]) for r in before)
            or any(r.search(text[end:end + _NEAR]) for r in after)
            or any(r.search(text[start:end]) for r in within))


_NEAR = 30  # characters around a match that not_before / not_after look at
