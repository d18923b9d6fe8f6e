"""The title (the short lines at the top naming the report, or a whole title line naming the
agency below a saved page's menus) and the signature (agency and date lines at the end).
"""

from __future__ import annotations

import unicodedata

from ..regexes import regex
from .normalise import SPACES, fold
from .tokens import LineToken

TITLE_RE = regex(r"年度报告|工作报告")
# A line that only marks where a copied or crawled page's text begins: not part of the title.
_CAPTURE_MARK_RE = regex(r"^[=＝\-—\s]*(?:正文|全文|正文内容)[=＝\-—\s]*$")


def mark_title_and_signature(tokens: list[LineToken]) -> list[LineToken]:
    """The title is the run of short lines at the top ending in the line that names the
    report; the signature is the agency line and date line at the very end."""
    first_heading = next((i for i, t in enumerate(tokens) if t.type == "HEADING"), len(tokens))
    content = [i for i in range(first_heading) if tokens[i].type in ("PARA", "SUBHEAD", "DATE")]
    title_end = None
    # A whole one-line title naming the agency wins wherever it stands above the first
    # heading: a saved web page may be printed with the site's menus and breadcrumbs above it.
    named = _named_title(tokens, content)
    for n, i in enumerate([] if named is not None else content[:4]):
        text = tokens[i].text
        # The name may be broken over two lines too: …工作年度 / 报告.
        wrapped = n > 0 and TITLE_RE.search(fold(tokens[content[n - 1]].text + text))
        if (TITLE_RE.search(fold(text)) or wrapped) and len(text) <= 60 and "。" not in text:
            title_end = n
            break
    if title_end is not None:
        run = content[: title_end + 1]
        marks = [n for n, i in enumerate(run) if _CAPTURE_MARK_RE.match(tokens[i].text)]
        if marks:  # "正文" above the title: it and what stands above it are the page's
            run = run[marks[-1] + 1:]
        # The title: the short lines right above the one that names the report, and it. What
        # stands above them is the page around the report (a capture note's address, a long
        # line); the grammar wants the title first.
        first, lines = run[-1], set(run)
        while first - 1 in lines and len(tokens[first - 1].text) <= 60 and "。" not in tokens[first - 1].text:
            first -= 1
        for i in range(first):
            tokens[i].type = "FURNITURE"
        for i in range(first, run[-1] + 1):
            tokens[i].type = "TITLE"
    elif named is not None:
        first, last = named
        at = content.index(first)
        if at and first == last and _broken_agency(tokens[content[at - 1]].text, tokens[first].text):
            first = content[at - 1]  # 临川市人 / 民政府2022年…: the title wrapped in the agency
        for i in range(first, last + 1):
            tokens[i].type = "TITLE"
        for i in range(first):  # above it: the page around the report, not the report
            tokens[i].type = "FURNITURE"
    # Signature: a date line at the end, maybe preceded by the agency line.
    if tokens and len(tokens) - 1 > first_heading:
        last = tokens[-1]
        if last.type == "DATE":
            last.type = "SIGN_DATE"
            if len(tokens) > 1:
                prev = tokens[-2]
                if prev.type in ("PARA", "SUBHEAD") and looks_like_agency(prev.text):
                    prev.type = "SIGN_AGENCY"
        elif last.type == "PARA" and looks_like_agency(last.text):
            last.type = "SIGN_AGENCY"
    for t in tokens:
        if t.type == "DATE":
            t.type = "PARA"
    return tokens


_FULL_TITLE_RE = regex(r"^(.*?)(\d{4}|[〇零○一二三四五六七八九]{4})年度?政府信息公开工作年度报告$")


def _named_title(tokens: list[LineToken], candidates: list[int]) -> tuple[int, int] | None:
    """The line that is a whole title naming the agency (某局2023年政府信息公开工作年度报告),
    or two that are one broken anywhere (…工作年 / 度报告, as a page printed narrow wraps
    it): the first line and the last. Of several (links to other agencies' reports), the
    last above the first heading."""
    found: list[tuple[int, int]] = []
    for n, i in enumerate(candidates):
        text = tokens[i].text
        if len(text) > 60 or "。" in text:
            continue
        if _whole_title(text):
            found.append((i, i))
        elif n + 1 < len(candidates) and candidates[n + 1] == i + 1 \
                and len(tokens[i + 1].text) <= MAX_TITLE_END and _whole_title(text + tokens[i + 1].text):
            found.append((i, i + 1))
    return found[-1] if found else None


MAX_TITLE_END = 30  # the second line of a title broken over two (度报告; half a long one)


def _whole_title(text: str) -> bool:
    m = _FULL_TITLE_RE.match(fold(text))
    return bool(m and m.group(1))


def _broken_agency(above: str, title: str) -> bool:
    """Whether ``above`` is the start of an agency name that ``title`` continues: a short
    fragment (no spaces, punctuation or symbols) above a title whose own agency part is too
    short to be a whole name (民政府, 道办事处, 局)."""
    m = _FULL_TITLE_RE.match(fold(title))
    return bool(m) and len(m.group(1)) <= 4 and 0 < len(above) <= 20 \
        and not any(ch in SPACES or unicodedata.category(ch)[0] in "PS" for ch in above)


_AGENCY_END_RE = regex(r"(局|委员会|委|厅|办公室|办|政府|处|中心|院|所|署|会|站|队|部|街道|镇|乡|馆)(（[^）]*）)?$")


def looks_like_agency(text: str) -> bool:
    return len(text) <= 40 and not any(p in text for p in "。，；：") and bool(_AGENCY_END_RE.search(text))
