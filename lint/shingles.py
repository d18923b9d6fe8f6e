"""Character shingles of a report's own prose, compact enough to keep for every report of a
batch: what GX703 (text repeated from last year) and ``gxlint --similar`` compare.

The prose is the report's paragraphs (tables and sub-headings left out), cut into sentences.
A sentence is template boilerplate — and counts for nothing — when one of the rule's
``boilerplate`` regexes matches it (the standard preface, the period statement, contact
lines…) or when it is short; the template's table labels are taken out of every sentence
(a crawler's flattened table is prose to the parser). Sentences are then normalised so that
a light edit is still a repeat: NFKC, the agency's own name removed, digits all ``0``,
punctuation and spaces dropped.

A shingle is ``k`` consecutive characters of a normalised sentence, hashed to 32 bits
(CRC-32); only hashes divisible by ``SAMPLE`` are kept (a fixed sample, the same in every
report, so shares estimated on it are unbiased). Each scope's sample is a sorted ``uint32``
array, kept base64-encoded: a few KB per report, JSON-ready for the result cache.
Each kept sentence also leaves a 32-bit hash of its normalised text, its line and column and
its first characters, so that the longest repeated passage can be named and quoted.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from array import array
from binascii import a2b_base64, b2a_base64  # base64's own functions, without its module
from functools import cache
from typing import TYPE_CHECKING

from .regexes import regex

if TYPE_CHECKING:
    from .adapters import Source
    from .ast import Report

SAMPLE = 4  # keep one shingle hash in SAMPLE (those ≡ 0 mod SAMPLE)
MIN_SENTENCE = 10  # normalised characters: shorter sentences are labels or formulas
SNIPPET = 18  # characters of a sentence kept for quoting
_SENTENCE_RE = regex(r"[^。！？；;!?\n]+[。！？；;!?]?")
_DROP_RE = regex(r"[\W_]+")  # punctuation and spaces (\W is Unicode-aware)
_DIGIT_RE = regex(r"[0-9]+")


@cache
def _label_re(profile_id: str) -> re.Pattern | None:
    """The template's table labels of one profile, normalised, longest first."""
    from .profiles import get_profile

    profile = get_profile(profile_id)
    labels: set[str] = set()
    for table in profile.tables:
        for block in table.blocks:
            for text in [block.label, *block.headers, *(r.label for r in block.rows),
                         *(c.label for c in block.columns), *(c.group_label for c in block.columns),
                         *(g.label for g in block.groups)]:
                norm = _squash(text)
                if len(norm) >= 4:
                    labels.add(norm)
    if not labels:
        return None
    # (ties in a fixed order: the same pattern in every process, compiled once: lint/regexes.py)
    return regex("|".join(map(re.escape, sorted(labels, key=lambda s: (-len(s), s)))))


def _squash(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return _DIGIT_RE.sub("0", _DROP_RE.sub("", text))


def normalise(text: str, agency: str | None, profile_id: str) -> str:
    """A sentence as compared: NFKC, no agency name, digits ``0``, no punctuation or spaces,
    no template table labels."""
    text = unicodedata.normalize("NFKC", text)
    if agency:
        text = text.replace(unicodedata.normalize("NFKC", agency), "")
    text = _squash(text)
    labels = _label_re(profile_id)
    return labels.sub("", text) if labels is not None else text


def shingles(norm: str, k: int) -> set[int]:
    """The sampled shingle hashes of one normalised sentence."""
    out = set()
    for i in range(len(norm) - k + 1):
        h = zlib.crc32(norm[i:i + k].encode("utf-8"))
        if h % SAMPLE == 0:
            out.add(h)
    return out


def pack(hashes: set[int] | list[int]) -> str:
    return b2a_base64(array("I", sorted(hashes)).tobytes(), newline=False).decode("ascii")


def unpack(text: str) -> array:
    out = array("I")
    out.frombytes(a2b_base64(text))
    return out


def prose_facts(report: Report, source: Source, check: dict) -> dict:
    """What one report keeps for GX703 and --similar: ``sh`` scope -> packed shingle sample,
    ``chars`` scope -> normalised characters counted, ``sent`` the kept sentences as
    (hash, line, column, chars, snippet, page) tuples in document order."""
    from .ast import SubHeading
    from .engine import Positions
    from .scopes import compile_pattern, scope_text

    doc = report.document
    k = check.get("shingle", 8)
    boiler = [compile_pattern(p) for p in check.get("boilerplate", ())]
    positions = Positions(doc.text, source)
    per_section: dict[str, tuple[set[int], int]] = {}
    sentences: list[tuple] = []
    wanted = {s for scope in check["scopes"].values() for s in scope["sections"]} - {"document"}
    keys = ["preamble", *(s.key for s in doc.sections if s.key)]
    for key in dict.fromkeys(keys):
        text = scope_text(doc, [key])
        if text is None:
            continue
        found: set[int] = set()
        chars = 0
        # The template's item headings are not prose: blanked, in one pass (a string rebuilt
        # per heading is quadratic in a section of thousands of them).
        parts: list[str] = []
        pos = 0
        for start, piece in zip(text.starts, text.pieces, strict=True):
            if isinstance(piece, SubHeading) and start >= pos:
                parts += [text.text[pos:start], "\n" * len(piece.text)]
                pos = start + len(piece.text)
        body = "".join(parts) + text.text[pos:]
        for m in _SENTENCE_RE.finditer(body):
            sentence = m.group(0)
            if any(b.search(sentence) for b in boiler):
                continue
            norm = normalise(sentence, doc.agency, report.profile)
            if len(norm) < MIN_SENTENCE:
                continue
            chars += len(norm)
            found |= shingles(norm, k)
            loc = positions.location(text.span(m.start(), m.end()))
            sentences.append((zlib.crc32(norm.encode("utf-8")), loc.line, loc.column, len(norm),
                              sentence.strip()[:SNIPPET], loc.page))
        prev_found, prev_chars = per_section.get(key, (set(), 0))  # a section twice: both
        per_section[key] = (prev_found | found, prev_chars + chars)
    whole: set[int] = set().union(*(h for h, _ in per_section.values())) if per_section else set()
    sh = {"document": pack(whole)}
    chars = {"document": sum(c for _, c in per_section.values())}
    for key in wanted & per_section.keys():
        sh[key], chars[key] = pack(per_section[key][0]), per_section[key][1]
    return {"sh": sh, "chars": chars, "sent": sentences}


def containment(part: array, whole: array) -> float:
    """The share of ``part``'s sampled shingles that are in ``whole``."""
    if not part:
        return 0.0
    other = set(whole)
    return sum(1 for h in part if h in other) / len(part)


def longest_run(current: list[tuple], previous: list[tuple]) -> tuple[tuple, tuple, int, tuple] | None:
    """The longest passage of consecutive current sentences found in the previous report:
    (first sentence, last sentence, normalised characters, the previous report's sentence
    matching the first), or None."""
    where = {}
    for s in previous:
        where.setdefault(s[0], s)
    best: tuple | None = None
    run: list[tuple] = []
    for s in [*current, None]:
        if s is not None and s[0] in where:
            run.append(s)
            continue
        if run:
            size = sum(x[3] for x in run)
            if best is None or size > best[2]:
                best = (run[0], run[-1], size, where[run[0][0]])
            run = []
    return best


_SCOPE_NAMES = {"problems": ("第五部分", "section 五"), "overview": ("总体情况", "the overview"),
                "document": ("全文", "the whole report")}


def _place(sentence: tuple, lang: str) -> str:
    line, page = sentence[1], sentence[5] if len(sentence) > 5 else None
    if lang == "zh":
        return f"第{page}页" if page else f"第{line}行"
    return f"on page {page}" if page else f"at line {line}"


def repeated(check: dict, current: dict, previous: dict, lang: str) -> tuple[int, int, dict] | None:
    """GX703 for one pair: (line, column, message arguments) when a scope's share repeated
    from last year's report reaches its threshold, else None. One finding names every scope
    over its threshold: one cause (the report was copied forward)."""
    if not current.get("sh") or not previous.get("sh"):
        return None
    prev_whole = unpack(previous["sh"]["document"])
    zh = lang == "zh"
    shares = []
    for name, scope in check["scopes"].items():
        key = scope["sections"][0] if scope["sections"] != ["document"] else "document"
        packed = current["sh"].get(key)
        if packed is None or current["chars"].get(key, 0) < scope.get("min_chars", 0):
            continue
        share = containment(unpack(packed), prev_whole)
        if share >= scope["threshold"]:
            label = _SCOPE_NAMES.get(name, (name, name))[0 if zh else 1]
            shares.append(f"{label}{share:.0%}" if zh else f"{label} {share:.0%}")
    if not shares:
        return None
    run = longest_run(current["sent"], previous["sent"])
    if run is None:
        return None  # shingles alike, no sentence alike: edited too much to quote
    first, last, chars, prev_first = run
    where = _place(first, lang) if first[1] == last[1] else (
        f"第{first[1]}至{last[1]}行" if zh and not first[5] else _place(first, lang) if first[5]
        else f"lines {first[1]}–{last[1]}")
    passage = first[4] + ("……" if chars > len(first[4]) else "")
    args = {"shares": ("、" if zh else ", ").join(shares), "where": where, "passage": passage,
            "chars": chars, "prev_where": _place(prev_first, lang)}
    return first[1], first[2], args
