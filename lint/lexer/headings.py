"""The six section headings of the template (一、总体情况 …), and which section a heading names.
"""

from __future__ import annotations

from ..regexes import regex
from .normalise import SECTION_NUMBERS, SENTENCE_END, fold

_HEADING_RE = regex(r"^(?:#{1,6}\s*)?([一二三四五六])\s*[、.．,，]\s*(.{2,40})$")
# Row labels of 表三 that look like section headings (一、… and 四、…): never headings.
_TABLE_LABEL_HINTS = ("本年新收", "上年结转", "本年度办理结果", "结转下年度")


def section_heading(text: str, keywords: dict[str, tuple[str, ...]]) -> tuple[str, str] | None:
    """(number, heading text) if the line is one of the six section headings."""
    m = _HEADING_RE.match(text)
    if not m or text[-1] in SENTENCE_END:
        return None
    number, rest = m.group(1), m.group(2).strip()
    folded = fold(rest)
    if any(hint in folded for hint in _TABLE_LABEL_HINTS):
        return None
    if any(k in folded for words in keywords.values() for k in words):
        return number, rest
    return None


def key_of(number: str, text: str, keywords: dict[str, tuple[str, ...]]) -> str | None:
    """The section a heading names: of the sections whose keywords it has, the one its number
    stands for (the keywords come in the template's order)."""
    folded = fold(text)
    keys = [k for k, words in keywords.items() if any(w in folded for w in words)]
    order = list(keywords)
    expected = order[SECTION_NUMBERS.index(number)] if number in SECTION_NUMBERS[:len(order)] else None
    return expected if expected in keys else next(iter(keys), None)
