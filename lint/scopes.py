"""Text scopes for rules: the prose of a section (or the title, the preamble, the whole
document) as one string, with a way back from a match to its place in the text form.

Paragraphs that a page or a Word export wrapped mid-sentence are joined without a separator
(so ``2023`` + ``年底`` reads ``2023年底``); finished sentences are joined with a newline so
that a pattern never matches across two of them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import NamedTuple

from .ast import Document, Paragraph, Span, SubHeading
from .regexes import regex

_SENTENCE_END = "。！？；：:;"

# Numerals as reports write counts: 12, １２, 十二, 两, 二十三.
NUM = r"(?:[0-9０-９]+|[零〇一二两三四五六七八九十百千]+)"


# A date as reports write one, for the statistics period's wordings (rules/dates.yaml, GX201):
# <START> a full date, <END> a date whose year may be left out (…至12月31日).
_DN = r"(?:[0-9０-９]{1,4}|[〇零○一二三四五六七八九十]{1,4})"
_MACROS = {
    "<NUM>": NUM,
    "<START>": rf"(?P<y1>{_DN})\s*年\s*(?P<m1>{_DN})\s*月\s*(?P<d1>{_DN})\s*日",
    "<END>": rf"(?:(?P<y2>{_DN})\s*年\s*)?(?P<m2>{_DN})\s*月\s*(?P<d2>{_DN})\s*日",
}


def expand_macros(pattern: str) -> str:
    for name, expansion in _MACROS.items():
        if name in pattern:
            pattern = pattern.replace(name, expansion)
    return pattern


class ScopeText(NamedTuple):
    """The text of some sections joined, with a way back to spans."""
    text: str
    starts: list[int]  # offset in ``text`` where each piece begins
    pieces: list[Paragraph | SubHeading]

    def span(self, a: int, b: int) -> Span:
        """The span in the text form of text[a:b]. A match that runs on over a hard line
        break (a sentence wrapped over several lines) starts on its first line and ends on
        its last: each end is mapped back through the piece it falls in."""
        i = max(bisect_right(self.starts, a) - 1, 0)
        j = max(bisect_right(self.starts, max(b - 1, a)) - 1, i)
        first, last = self.pieces[i], self.pieces[j]
        local_a = min(a - self.starts[i], max(len(first.text) - 1, 0))
        start = piece_span(first, local_a, local_a + 1)
        local_b = min(max(b - self.starts[j], 1), max(len(last.text), 1))
        end = piece_span(last, local_b - 1, local_b)
        if j == i:
            return piece_span(first, local_a, max(local_b, local_a + 1))
        return start.to(end)


def piece_span(piece: Paragraph | SubHeading, a: int, b: int) -> Span:
    origin = getattr(piece, "origin", None)
    if origin:
        a, b = min(a, len(origin) - 1), min(b, len(origin))
        start, end = origin[a], origin[b - 1] + 1
    else:
        start, end = piece.span.offset + a, piece.span.offset + b
    col = piece.span.column + (start - piece.span.offset)
    return Span(piece.span.line, col, start, piece.span.line, col + (end - start), end)


def scope_text(doc: Document, scopes: list[str]) -> ScopeText | None:
    """The joined prose of the named scopes; None when none of them is in the document."""
    pieces: list[Paragraph | SubHeading] = []
    present = False
    for scope in scopes:
        if scope == "title":
            if doc.title is not None:
                present = True
                pieces.append(Paragraph(doc.title.span, doc.title.text))
        elif scope == "preamble":
            present = True
            pieces.extend(n for n in doc.preamble if isinstance(n, (Paragraph, SubHeading)))
        elif scope == "document":
            present = True
            pieces.extend(n for n in doc.preamble if isinstance(n, (Paragraph, SubHeading)))
            for section in doc.sections:
                pieces.extend(section.paragraphs)
        else:
            for section in doc.sections:
                if section.key == scope:
                    present = True
                    pieces.extend(section.paragraphs)
    if not present:
        return None
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    for i, piece in enumerate(pieces):
        if i and parts[-1] and parts[-1][-1] in _SENTENCE_END:
            parts.append("\n")
            pos += 1
        elif i and isinstance(piece, SubHeading):
            parts.append("\n")
            pos += 1
        starts.append(pos)
        parts.append(piece.text)
        pos += len(piece.text)
    return ScopeText("".join(parts), starts, pieces)


class PatternError(ValueError):
    """A rule regex that does not compile (with Python's re, or with RE2)."""


@lru_cache(maxsize=1024)
def compile_pattern(pattern: str, safe: bool = False):
    """A rule's regex. ``safe``: on RE2, which runs in time linear in the text whatever the
    pattern (user rule packs); else Python's re (the built-in packs, written here)."""
    if not safe:
        try:
            return regex(expand_macros(pattern))
        except re.error as exc:
            raise PatternError(str(exc)) from None
    import re2

    options = re2.Options()
    options.log_errors = False  # its error comes back as the exception, not on stderr
    options.max_mem = 32 << 20
    try:
        return re2.compile(expand_macros(pattern), options)
    except re2.error as exc:
        text = exc.args[0] if exc.args else exc
        raise PatternError(text.decode("utf-8", "replace") if isinstance(text, bytes)
                           else str(text)) from None
