"""Kinds about the report as a whole and its sections: whether it is a report at all, and its
sections against the template's six (present, in order, headed as the template heads them).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..ast import Report, Section
from ..labels import core
from ..regexes import regex
from ..rulepack import Rule
from .describe import section_title
from .registry import DOC_START, Context, Hit, Structure, anchor, kind


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
        yield Hit(DOC_START, key="not-a-report")


_OTHER_HEADING_RE = regex(r"^(?:#{1,6}\s*)?[一二三四五六七八九十][、.．]\s*\S.{1,24}$")
_SENTENCE_END = "。；;：:，,"


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
        title = section_title(profile, section.key)
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
    title = lambda key: section_title(ctx.profile, key)  # noqa: E731
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
    yield Hit(first.heading.span if first else anchor(ctx),
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
            yield Hit(anchor(ctx), {"section": f"{spec.number}、{spec.heading}", "number": spec.number},
                      key=key)


@kind("section-order")
def section_order(rule: Rule, ctx: Context) -> Iterator[Hit]:
    found = structure(ctx)
    if found.restructured:
        return  # GX110 lists what moved
    for section, previous in found.out_of_order:
        yield Hit(section.heading.span, {"section": section_title(ctx.profile, section.key),
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
