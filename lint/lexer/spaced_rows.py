"""Tables copied out of a PDF with their cells separated by single spaces (``行政许可 97``),
or by none where a label runs into a value (``行政规范性文件0 3 4``): which prose lines are such
rows, and their cells.
"""

from __future__ import annotations

from ..ast import Cell
from ..regexes import regex
from .headings import key_of, section_heading
from .normalise import SPACES, cell_value
from .tokens import LexContext, LineToken, SpacedLabels, add_row, text_cell

_WORD_RE = regex(f"[^{SPACES}]+")
_SPACE_RE = regex(f"[{SPACES}]")
# Where a label runs into the value or numbered label after it, the space between them lost
# (a PDF whose cells were set with TABs: 行政规范性文件0 3 4, 不予公开1.属于国家秘密 0 …,
# 办理结果（一）予以公开14 …): a digit right after a Chinese character, bracket or quote, or
# a bracketed Chinese number right after a Chinese character.
_GLUED_RE = regex(r"(?<=[^\x00-\x7f０-９．])(?=[0-9０-９])"
                  r"|(?<=[^\x00-\x7f\s（(])(?=[（(][一二三四五六七八九十]{1,3}[)）])")
PROSE = ("PARA", "SUBHEAD")  # 1.属于国家秘密 0 0 … reads as a sub-heading
# How a number, a number with its unit, or an NA mark ends: the paragraphs looked at further.
_VALUE_END = frozenset("0123456789０１２３４５６７８９/-—–－无／\\元件条个项次")
MAX_MARKER = 60  # a label line inside a table is short; longer lines are prose


def spaced_rows(tokens: list[LineToken], ctx: LexContext) -> list[LineToken]:
    """Read as table rows the lines that are a row of a table copied out of a PDF with its
    cells separated by single spaces (``行政许可 97``), with the label lines around them
    (第二十条第（五）项, 信息内容本年处理决定数量).

    A line is such a row only when it is a label of the table of the section it stands in
    followed by values and nothing else, and it stands inside a table: next to a label line
    of that table, a table row, or another such row. Anything else stays prose. The fast
    path (no paragraph ends in a value and has a space) costs a look at each paragraph's end."""
    spaced = ctx.spaced
    assert spaced is not None
    maybe = [i for i, tok in enumerate(tokens) if tok.type in PROSE and tok.text[-1:] in _VALUE_END
             and (_SPACE_RE.search(tok.text) or _GLUED_RE.search(tok.text))]
    if not maybe:
        return tokens
    sections = token_sections(tokens, ctx.keywords)
    rows = {i: cells for i in maybe if (cells := _value_row(tokens[i], sections[i], spaced))}
    if not rows:
        return tokens
    converted: dict[int, LineToken] = {}
    for i in rows:
        if i in converted:
            continue
        run = _run_around(tokens, i, rows, sections, spaced)
        if len(run) < 2:
            continue  # a lone "label value" line among paragraphs is prose
        for j, cells in run.items():
            tok = tokens[j]
            if tok.type == "ROWS":
                continue
            converted[j] = LineToken("ROW", tok.line, tok.start, tok.raw, tok.text, tok.text_start,
                                     tok.origin, cells, tok.end_line, tok.end, layout="space-rows")
    if not converted:
        return tokens
    out: list[LineToken] = []
    for i, tok in enumerate(tokens):
        if i in converted:
            add_row(out, converted[i])
        elif tok.type == "ROWS" and out and out[-1].type == "ROWS" and i - 1 in converted:
            out[-1].rows.extend(tok.rows)  # type: ignore[union-attr, arg-type]
        else:
            out.append(tok)
    return out


def token_sections(tokens: list[LineToken], keywords: dict[str, tuple[str, ...]]) -> list[str | None]:
    """The section each token stands in (None before the first section heading)."""
    sections: list[str | None] = []
    section: str | None = None
    for tok in tokens:
        if tok.type == "HEADING":
            found = section_heading(tok.text, keywords)
            section = key_of(found[0], found[1], keywords) if found else None
        sections.append(section)
    return sections


def _run_around(tokens: list[LineToken], i: int, rows: dict[int, list[Cell]],
                sections: list[str | None], spaced: SpacedLabels) -> dict[int, list[Cell]]:
    """The lines of the table the row ``i`` stands in: it and its neighbours each way that
    are rows, table rows or label lines of the same section's table (index → cells; a table
    row's token maps to [])."""
    section = sections[i]
    run = {i: rows[i]}
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(tokens) and sections[j] == section:
            tok = tokens[j]
            if j in rows:
                run[j] = rows[j]
            elif tok.type == "ROWS":
                run[j] = []
            elif tok.type in PROSE and (cells := _label_line(tok, section, spaced)):
                run[j] = cells
            else:
                break
            j += step
    return run


def _value_row(tok: LineToken, section: str | None, spaced: SpacedLabels) -> list[Cell] | None:
    """The cells of a line that is a row label of the section's table followed by one or
    more values (numbers, maybe with a unit, or NA marks), separated by spaces; None for
    anything else (``行政处罚 0 件，比上年减少``: a word after the values)."""
    text = tok.text
    words = words_of(text)
    n = max(label_words_end(text, words), 1)  # a row's first word is its label
    if n >= len(words):
        return None
    labels = row_labels(text, words[:n], section, spaced)
    if labels is None:
        return None
    return [*(text_cell(tok, a, b) for a, b in labels), *(text_cell(tok, a, b) for a, b in words[n:])]


def label_words_end(text: str, words: list[tuple[int, int]]) -> int:
    """How many of ``words`` come before the values the line ends with (numbers, maybe
    with a unit, or NA marks): ``len(words)`` when it ends with none, 0 when it is values."""
    n = len(words)
    while n and cell_value(text[words[n - 1][0]:words[n - 1][1]])[0] in ("number", "na"):
        n -= 1
    return n


def words_of(text: str) -> list[tuple[int, int]]:
    """Where the words of ``text`` are: runs between spaces, cut where a label runs into a
    digit."""
    words = []
    for m in _WORD_RE.finditer(text):
        a = m.start()
        for cut in _GLUED_RE.finditer(text, m.start(), m.end()):
            if cut.start() > a:
                words.append((a, cut.start()))
                a = cut.start()
        words.append((a, m.end()))
    return words


MAX_LABEL_WORDS = 8  # a row's labels (三、本年度办理结果 （三）不予公开 1.属于国家秘密) are a few words


def row_labels(text: str, words: list[tuple[int, int]], section: str | None,
               spaced: SpacedLabels) -> list[tuple[int, int]] | None:
    """Where the label cells of a row are in ``words``: one row label (its letters may be
    spaced apart), or a row label after the labels of its groups, each a label of the
    table; None when any word is not part of one."""
    end = words[-1][1]
    if spaced.is_row(section, text[:end]):
        return [(0, end)]
    if len(words) > MAX_LABEL_WORDS:
        return None
    for k in range(1, len(words)):
        if spaced.is_row(section, text[words[k][0]:end]):
            groups = _group_labels(text, words[:k], section, spaced)
            if groups is not None:
                return [*groups, (words[k][0], end)]
    return None


def _group_labels(text: str, words: list[tuple[int, int]], section: str | None,
                  spaced: SpacedLabels) -> list[tuple[int, int]] | None:
    """``words`` as a run of whole labels of the table (exactly), or None."""
    if not words:
        return []
    for k in range(len(words)):
        a, b = words[k][0], words[-1][1]
        if spaced.is_label(section, text[a:b]):
            rest = _group_labels(text, words[:k], section, spaced)
            if rest is not None:
                return [*rest, (a, b)]
    return None


def _label_line(tok: LineToken, section: str | None, spaced: SpacedLabels) -> list[Cell] | None:
    """The cells of a label line of the section's table (a block label, a header, or a header
    line with its labels run together, split into them); None for anything else."""
    text = tok.text
    if len(text) > MAX_MARKER:
        return None
    parts = spaced.marker(section, text)
    if parts is None:
        return None
    bounds = [0, *spaced.cuts(text, parts), len(text)] if parts else [0, len(text)]
    return [text_cell(tok, a, b) for a, b in zip(bounds, bounds[1:], strict=False)]
