"""Kinds about text that does not belong: page debris (footers, page numbers left in the
text) and spaces inside the title.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..ast import Span
from ..regexes import regex
from ..rulepack import Rule
from .registry import Context, Hit, kind


@kind("debris")
def debris(rule: Rule, ctx: Context) -> Iterator[Hit]:
    text = ctx.report.document.text
    for span in ctx.report.document.debris:
        found = text[span.offset:span.end_offset]
        # The debris itself is the key, not its line: a baseline survives re-flowed text.
        yield Hit(span, {"text": found}, key=found, fix=[(span.offset, span.end_offset, "")])


_TITLE_GAP_RE = regex(r"[ \t\u3000\u00a0]+")


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
