"""Characters as real exports of the template write them, and the comparison form of text:
``fold()`` (full-width to half-width, no spaces or debris), the Chinese digits, page markers,
and what a table cell holds (``cell_value``: number, NA mark, blank or text).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

from ..regexes import regex

DEBRIS_RE = regex(r"\[bookmark:[^\]]*\]|\*\*")
_BR_RE = regex(r"<br\s*/?>", re.I)  # a line break inside a Markdown or HTML table cell
SPACES = " \t\u3000\u00a0\ufeff\u200b\u2002\u2003\u2009\f\v"  # \f: poppler starts each page with one
PAGE_MARKER_RE = regex(r"^[-—－–]\s*\d{1,3}\s*[-—－–]$|^第\s*\d{1,3}\s*页(?:\s*共\s*\d+\s*页)?$")
SENTENCE_END = "。；！？"

CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SECTION_NUMBERS = "一二三四五六"


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """The comparison form of a label: NFKC (full-width → half-width), no spaces, no debris,
    one kind of bracket and quote."""
    text = DEBRIS_RE.sub("", text)
    if "<" in text:
        text = _BR_RE.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if not ch.isspace() and ch != "\ufeff")
    return text.translate(_FOLD_PUNCT)


_FOLD_PUNCT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "〔": "[", "〕": "]",
                             "【": "[", "】": "]", "．": ".", "、": "、"})


NA_MARKS = frozenset({"/", "-", "—", "——", "–", "－", "无", "／", "\\", "--"})
_NUMBER_RE = regex(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(万元|元|件|条|个|项|次|人次)?$")


@lru_cache(maxsize=4096)
def cell_value(text: str) -> tuple[str, Decimal | None, str]:
    """(kind, value, unit) of a cell: number, na, blank or text."""
    folded = fold(text)
    if not folded:
        return "blank", None, ""
    if folded in NA_MARKS:
        return "na", None, ""
    m = _NUMBER_RE.match(folded)
    if m:
        sign, digits, frac, unit = m.groups()
        value = Decimal(sign + digits.replace(",", "") + (frac or ""))
        return "number", value, unit or ""
    return "text", None, ""
