"""Tables copied out of a PDF by a viewer that breaks each cell's text where the page broke
its lines (PDFium's text, as Chrome and Edge copy it; poppler's ``-raw`` text is alike): a row
label wrapped over several lines with the row's values after the last, or one value a line
(``2.其他法律行政法规禁止公`` / ``开`` / ``0 0 0 0 0 0 0``), a merged label one character a line
(``三`` / ``、`` / ``本`` …), header words broken (``商业企`` / ``业``), 表四's row of values,
which has no label, under its header words, and rows broken by a page end, the rest of their
label after the page's footer and repeated header.

Runs after :mod:`.spaced_rows`, on the prose lines it left: consecutive lines of a section
whose joined text is a label of the section's table, or such a label followed by as many
values as its row holds, are one row. As there, nothing is a row unless it stands in a table
(next to rows, among other rows, or, for 表四's values, under its header words), and nothing
is read by position that a copy may have put out of place: a row with values missing, or a
table copied a column at a time, stays text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from ..ast import Cell
from ..regexes import regex
from .normalise import cell_value
from .spaced_rows import MAX_MARKER, PROSE, label_words_end, row_labels, token_sections, words_of
from .tokens import LexContext, LineToken, SpacedLabels, add_row, join_cells, text_cell

MAX_VALUES = 40  # a row of the template holds at most 15
MAX_PAGE_PIECES = 3  # what may follow a row's values one a line: a page number (- / 3 / -)
_PAGE_PIECE_RE = regex(r"^[-—－–第页共\s\d]{1,5}$")  # such a piece (between rows, it breaks nothing)
LABEL_END_WINDOW = 60  # lines between a broken label's start and its end: a page's top
MAX_END_PIECE = 4  # the end of a broken label level with another on its line: 果, 理, 诉类
MAX_KNOWN_STARTS = 10_000  # texts whose answer is kept: a bound on hostile input
MIN_HEADER_WORDS = 2  # 表四's header words above its row of values (行政复议, 结果维持, …)
# A label's number: a label broken over lines may start anywhere with it (三、 / （二） / 2.).
_NUMBERED_RE = regex(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[.、．])")
# An item's number (（三） / 2.): where a label of its own starts on a line; a row whose label
# is not the template's is taken only with it, and only between rows of as many values.
_ITEM_RE = regex(r"^(?:[（(][一二三四五六七八九十]+[)）]|\d{1,2}[.、．])")


class _Group(NamedTuple):
    first: int  # index in the stretch of its first line
    last: int
    cells: list[Cell]
    values: int  # how many of the cells are values (0: a label line)
    also: tuple[int, ...] = ()  # lines further on that hold the end of its label


class _Joined:
    """Pieces of lines (a line, and where in it) read as one text, joined as they are (a
    wrapped label's lines split it mid-word), and cells cut from it where the lines hold them."""

    def __init__(self, pieces: list[tuple[LineToken, int]]) -> None:
        self.pieces = pieces  # each line, and where its piece ends in it
        self.starts: list[int] = []
        parts: list[str] = []
        pos = 0
        for k, (tok, end) in enumerate(pieces):
            if k and _ITEM_RE.match(tok.text):  # a numbered label starts: a word of its own
                parts.append(" ")
                pos += 1
            self.starts.append(pos)
            parts.append(tok.text[:end])
            pos += end
        self.text = "".join(parts)

    def cell(self, a: int, b: int) -> Cell:
        parts = [text_cell(tok, max(a, s) - s, min(b, s + end) - s)
                 for (tok, end), s in zip(self.pieces, self.starts, strict=True)
                 if max(a, s) < min(b, s + end)]
        cell = parts[0]
        for part in parts[1:]:
            cell = join_cells(cell, part)
        return cell


def wrapped_rows(tokens: list[LineToken], ctx: LexContext) -> list[LineToken]:
    """``tokens`` with the rows described above made ROW tokens (layout ``space-rows``).
    The fast path (no prose line ends in a digit) costs a look at each line's end."""
    spaced = ctx.spaced
    assert spaced is not None
    if not any(tok.type in PROSE and tok.text[-1:].isdigit() for tok in tokens):
        return tokens
    sections = token_sections(tokens, ctx.keywords)
    out: list[LineToken] = []
    i, n = 0, len(tokens)
    while i < n:
        section = sections[i]
        if tokens[i].type not in PROSE or section is None or not spaced.is_table(section):
            out.append(tokens[i])
            i += 1
            continue
        j = i
        while j < n and tokens[j].type in PROSE and sections[j] == section:
            j += 1
        before = tokens[i - 1] if i and tokens[i - 1].type == "ROWS" and sections[i - 1] == section else None
        after = tokens[j] if j < n and tokens[j].type == "ROWS" and sections[j] == section else None
        if before is not None:
            i += _continued(before, tokens[i:j], section, spaced)
        if i < j:
            out.extend(_Stretch(tokens[i:j], section, spaced).read(before, after))
        i = j
    merged: list[LineToken] = []
    for tok in out:
        if tok.type == "ROW":
            add_row(merged, tok)
        elif tok.type == "ROWS" and merged and merged[-1].type == "ROWS":
            merged[-1].rows.extend(tok.rows)  # type: ignore[union-attr, arg-type]
        else:
            merged.append(tok)
    return merged


def _continued(rows: LineToken, lines: list[LineToken], section: str, spaced: SpacedLabels) -> int:
    """How many of ``lines``, lines of values only, end the last of ``rows``: a row typed with
    TABs that ran past the line (``（二）部分公开… 0 0 0 0 0`` / ``0 0``), when the row holds too
    few values without them and as many as its label's row with them. That row takes them."""
    row = rows.rows[-1] if rows.rows else None  # type: ignore[index]
    if row is None or not row.cells:
        return 0
    have = _values_of(row)
    label = row.cells[len(row.cells) - have - 1] if len(row.cells) > have else None
    if label is None or label.kind != "text":
        return 0
    widths = spaced.row_widths(section, label.text)
    if have in widths:
        return 0
    cells: list[Cell] = []
    for k, tok in enumerate(lines[:MAX_PAGE_PIECES]):
        words = words_of(tok.text)
        if not words or label_words_end(tok.text, words) != 0:
            return 0
        cells.extend(text_cell(tok, a, b) for a, b in words)
        if have + len(cells) in widths:
            row.cells.extend(cells)
            row.end_line, row.end = tok.end_line, tok.end
            return k + 1
    return 0


class _Stretch:
    """The prose lines of one section between its rows (or headings), each cut into words
    once, with where its values start (``ends[k] == len(words[k])``: none)."""

    def __init__(self, given: list[LineToken], section: str, spaced: SpacedLabels) -> None:
        self.given, self.section, self.spaced = given, section, spaced
        self.lines: list[LineToken] = []
        self.source: list[int] = []  # the given line each line is (a piece of)
        for n, tok in enumerate(given):
            for piece in _pieces(tok):
                self.lines.append(piece)
                self.source.append(n)
        lines = self.lines
        self.words = [words_of(tok.text) for tok in lines]
        # an item's number alone on a line (``4.`` / ``无正当…``) starts a label, not a value
        self.ends = [len(w) if _ITEM_RE.fullmatch(tok.text) else label_words_end(tok.text, w)
                     for tok, w in zip(lines, self.words, strict=True)]
        # lines that may go on a label: no values at their end, no number of their own
        self.plain = [e == len(w) and not _ITEM_RE.match(tok.text)
                      for tok, w, e in zip(lines, self.words, self.ends, strict=True)]
        self.starts: dict[str, bool] = {}  # is_label_start, asked again and again of one text
        self.taken: set[int] = set()  # the ends of labels broken by a page end, found ahead
        self.boundary = False  # while reading: line p starts right after a row or a label

    def read(self, before: LineToken | None, after: LineToken | None) -> list[LineToken]:
        """The lines with the rows among them made ROW tokens, when they stand in a table
        (next to its rows, two rows or more, or 表四's values under its header words);
        else the lines as they are."""
        groups: list[_Group] = []
        header_words = 0
        p = 0
        self.boundary = before is not None
        while p < len(self.lines):
            if p in self.taken:
                p += 1
                continue
            group = self._row(p) or self._label(p) \
                or (self._bare(p) if header_words >= MIN_HEADER_WORDS else None)
            if group is None:
                text = self.lines[p].text
                header_words += sum(self.spaced.is_label(self.section, text[a:b])
                                    for a, b in self.words[p])
                p += 1
                self.boundary = self.boundary and bool(_PAGE_PIECE_RE.match(text))
                continue
            header_words += group.values == 0
            groups.append(group)
            self.taken.update(group.also)
            p = group.last + 1
            self.boundary = True
        groups = self._with_unknown_labels(self._with_group_ends(groups), before, after)
        rows = [g for g in groups if g.values]
        bare = any(g.cells[0].kind != "text" for g in rows)
        if not groups or (before is None and after is None and len(rows) < 2 and not bare):
            return self.given
        out: list[LineToken] = []
        at = {g.first: g for g in groups}
        taken = {k for g in groups for k in (*range(g.first, g.last + 1), *g.also)}
        used = {self.source[k] for k in taken}  # given lines some of which is read
        for k, tok in enumerate(self.lines):
            group = at.get(k)
            whole = self.given[self.source[k]]
            if group is not None:
                last = self.lines[max((group.last, *group.also))]
                out.append(LineToken("ROW", tok.line, tok.start, tok.raw, tok.text, tok.text_start,
                                     tok.origin, group.cells, last.end_line, last.end,
                                     layout="space-rows"))
            elif k in taken:
                continue
            elif tok is whole or self.source[k] in used:
                out.append(tok)
            elif k == 0 or self.source[k - 1] != self.source[k]:
                out.append(whole)  # a line cut in pieces for nothing: as it was
        return out

    def _row(self, p: int) -> _Group | None:
        """A row label of the table (after its group's, maybe), wrapped over lines p…, each
        short, and the row's values: at the end of the last of them, and on the lines of
        values only after it (one value a line, as a narrow table's text comes out). When a
        page end broke the row, the rest of its label follows the values (``2.没有`` /
        ``现成信`` / ``0 0 0 0 0 0 0`` / ``- 3 -`` / ``另行制`` / ``作``)."""
        lines, words, ends = self.lines, self.words, self.ends
        size, k = 0, p
        while ends[k] == len(words[k]) or (k > p and self._goes_on(p, k)):  # label text
            size += len(lines[k].text)
            k += 1
            if size > MAX_MARKER or k == len(lines):
                return None
        if k == p and ends[k] == 0:
            return None  # values with no label
        if not self._may_start(p, k + (ends[k] > 0)):
            return None
        values = [(k, a, b) for a, b in words[k][ends[k]:]]  # the run of values after the label
        for j in range(k + 1, len(lines)):
            if ends[j] or not words[j] or len(values) > MAX_VALUES:
                break
            values.extend((j, a, b) for a, b in words[j])
        pieces = [(lines[i], len(lines[i].text)) for i in range(p, k)]
        if ends[k]:
            pieces.append((lines[k], words[k][ends[k] - 1][1]))
        joined = _Joined(pieces)
        label_words = words_of(joined.text)
        head = label_words[0]
        if not self.spaced.is_label_start(self.section, joined.text[head[0]:head[1]]):
            return None
        labels = self._labels(joined.text, label_words)
        also: tuple[int, ...] = ()
        if labels is None:  # the rest of the label further on, past the page end
            start = next((a for a, _ in reversed(label_words) if _ITEM_RE.match(joined.text[a:])),
                         label_words[0][0])  # where the row's own label starts
            # a row's label, with its number as the template has it (2.其他法律… , not the
            # column 其他 of a header repeated in between); else any label that ends it
            also = self._label_end(joined.text[start:], values[-1][0] + 1, self.taken,
                                   self.spaced.is_numbered_row) \
                or self._label_end(joined.text[start:], values[-1][0] + 1, self.taken)
            if not also:
                return None
            joined = _Joined([*pieces, *((lines[j], len(lines[j].text)) for j in also)])
            labels = self._labels(joined.text, words_of(joined.text))
            if labels is None:
                return None
        a, b = labels[-1]
        if self.spaced.marker(self.section, joined.text[a:b]) is not None \
                and not self.spaced.is_numbered_row(joined.text[a:b]):
            return None  # a header word (总计, （三）总计) before values: whose row they are is not said
        width = self._width(joined.text[a:b], values)
        if not width:
            return None  # values missing, or a column of them (a copy that went column by column)
        return _Group(p, values[width - 1][0], [*(joined.cell(a, b) for a, b in labels),
                                                *(text_cell(lines[j], a, b) for j, a, b in values[:width])],
                      width, also)

    def _width(self, label: str, values: list[tuple[int, int, int]]) -> int:
        """How many of the run of ``values`` after a row's label are the row's: as many as
        that row holds, ending at the end of a line, with at most a page number after them
        (``-`` / ``3`` / ``-``): more is a column of values, not a row; 0 when none fits."""
        for n in sorted(self.spaced.row_widths(self.section, label), reverse=True):
            if n > len(values) or (n < len(values) and values[n][0] == values[n - 1][0]):
                continue
            if _page_number_at_most([self.lines[j].text[a:b] for j, a, b in values[n:]]):
                return n
        return 0

    def _label_end(self, head: str, start: int, taken: set[int],
                   whole: Callable[[str], bool] | None = None) -> tuple[int, ...]:
        """The lines from ``start`` on (within LABEL_END_WINDOW, none in ``taken``) whose
        text ends the label ``head`` starts, exactly: a page end broke its cell, and what
        the page repeats at its top (header rows, a page number) may stand between."""
        if not _NUMBERED_RE.sub("", head).strip():
            return ()  # a number alone (（三）) is not the start of one label more than another
        for j in range(start, min(start + LABEL_END_WINDOW, len(self.lines))):
            text, k, end = head, j, None
            while k < len(self.lines) and k not in taken and self.plain[k]:
                text += self.lines[k].text
                if not self._starts(text):
                    break
                if whole(text) if whole is not None else self.spaced.is_label(self.section, text):
                    end = k  # the longest: 2.其 / 他 is 其他, a column's label, before it is 2.其他法律…
                k += 1
            if end is not None:
                return tuple(range(j, end + 1))
        return ()

    def _starts(self, text: str) -> bool:
        known = self.starts.get(text)
        if known is None:
            known = self.spaced.is_label_start(self.section, text)
            if len(self.starts) < MAX_KNOWN_STARTS:
                self.starts[text] = known
        return known

    def _may_start(self, p: int, end: int) -> bool:
        """Whether lines p…end-1 may be a label broken over lines: one that starts with its
        number (``三、`` / ``（二）`` / ``2.``), or one right after a row or a label; never
        one among other lines (a paragraph wrapped narrow: ``行政`` / ``许可`` / ``55`` / ``0件``)."""
        if end - p <= 1 or self.boundary:
            return True
        return bool(_NUMBERED_RE.match("".join(tok.text for tok in self.lines[p:min(end, p + 3)])))

    def _goes_on(self, p: int, k: int) -> bool:
        """Whether line k, an NA mark alone (无), is the next piece of the label that lines
        p… start (``4.`` / ``无`` / ``正当`` …) rather than a value."""
        text = self.lines[k].text
        if self.ends[k] != 0 or any(cell_value(text[a:b])[0] != "na" for a, b in self.words[k]):
            return False
        so_far = "".join(tok.text for tok in self.lines[p:k])
        return self.spaced.is_label_start(self.section, so_far + text) \
            or self.spaced.is_label_start(self.section, self.lines[k - 1].text + text)

    def _labels(self, text: str, words: list[tuple[int, int]]) -> list[tuple[int, int]] | None:
        """Where the label cells are among the first ``words`` of ``text`` (see
        :func:`.spaced_rows.row_labels`), the first maybe the start of its group's label,
        whose end a page break put below the row (``（五）不予处 1.信访…`` / ``- 2 -`` / ``理``)."""
        labels = row_labels(text, words, self.section, self.spaced)
        if labels is None and len(words) > 1 \
                and self.spaced.is_label_start(self.section, text[words[0][0]:words[0][1]]):
            a = words[1][0]
            rest = row_labels(text[a:], [(x - a, y - a) for x, y in words[1:]], self.section, self.spaced)
            labels = None if rest is None else [words[0], *((x + a, y + a) for x, y in rest)]
        return labels

    def _with_group_ends(self, groups: list[_Group]) -> list[_Group]:
        """Rows whose first label is their group's cut by a page end (``（五）不予处``
        ``1.信访… 1 0 0``), with the lines further on that end it (``理``)."""
        taken = {k for g in groups for k in (*range(g.first, g.last + 1), *g.also)}
        out = []
        for group in groups:
            head = group.cells[0]
            if group.values and len(group.cells) > group.values + 1 \
                    and not self.spaced.is_label(self.section, head.text):
                end = self._label_end(head.text, group.last + 1, taken)
                if end:
                    taken.update(end)
                    tail = [text_cell(self.lines[k], 0, len(self.lines[k].text)) for k in end]
                    cell = head
                    for part in tail:
                        cell = join_cells(cell, part)
                    group = group._replace(cells=[cell, *group.cells[1:]], also=(*group.also, *end))
                else:  # its end not found: a piece of a label, not a label to check
                    group = group._replace(cells=group.cells[1:])
            out.append(group)
        return out

    def _label(self, p: int) -> _Group | None:
        """A header or block label of the table over lines p…, the fewest, or a line of such
        labels apart (``行政复议 行政诉讼``). (A row or group label alone is a row's only when
        its values follow: see ``_row``.)"""
        line, words = self.lines[p], self.words[p]
        if len(words) > 1 and all(self.spaced.marker(self.section, line.text[a:b]) == ()
                                  for a, b in words):
            return _Group(p, p, [text_cell(line, a, b) for a, b in words], 0)
        text = ""
        for k in range(p, len(self.lines)):
            text += self.lines[k].text
            if not self._may_start(p, k + 1):
                return None
            if len(text) > MAX_MARKER or not self.spaced.is_label_start(self.section, text):
                return None
            parts = self.spaced.marker(self.section, text)
            if parts is not None:
                joined = _Joined([(tok, len(tok.text)) for tok in self.lines[p:k + 1]])
                bounds = [0, *self.spaced.cuts(text, parts), len(text)] if parts else [0, len(text)]
                return _Group(p, k, [joined.cell(a, b) for a, b in zip(bounds, bounds[1:], strict=False)], 0)
        return None

    def _bare(self, p: int) -> _Group | None:
        """Lines of values only, as many as a row of the table that has no label (表四's),
        the last of them followed by no more values."""
        cells: list[Cell] = []
        for k in range(p, min(p + MAX_PAGE_PIECES, len(self.lines))):
            if self.ends[k] != 0 or not self.words[k]:
                return None
            cells.extend(text_cell(self.lines[k], a, b) for a, b in self.words[k])
            if self.spaced.is_bare_width(self.section, len(cells)):
                rest = []  # the values after them: none, or a page number (- / 5 / -)
                for j in range(k + 1, min(k + 2 + MAX_PAGE_PIECES, len(self.lines))):
                    if self.ends[j] != 0 or not self.words[j]:
                        break
                    rest += [self.lines[j].text[a:b] for a, b in self.words[j]]
                return _Group(p, k, cells, len(cells)) if _page_number_at_most(rest) else None
        return None

    def _with_unknown_labels(self, groups: list[_Group], before: LineToken | None,
                             after: LineToken | None) -> list[_Group]:
        """``groups`` and each line left between two rows of as many values that is a
        numbered label and as many values: a row whose label is not the template's (the
        binder says how it differs), as in a ruled table."""
        first = {g.first: g for g in groups}
        last = {g.last: g for g in groups}
        taken = {k for g in groups for k in (*range(g.first, g.last + 1), *g.also)}
        found = list(groups)
        for k, tok in enumerate(self.lines):
            words, n = self.words[k], self.ends[k]
            width = len(words) - n
            if k in taken or n == 0 or width == 0 or words[n - 1][1] > MAX_MARKER \
                    or not _ITEM_RE.match(tok.text):
                continue
            prev, nxt = self._row_beside(k, -1, last, before), self._row_beside(k, 1, first, after)
            if prev is not None and nxt is not None and _values_of(prev) == width == _values_of(nxt):
                found.append(_Group(k, k, [text_cell(tok, 0, words[n - 1][1]),
                                           *(text_cell(tok, a, b) for a, b in words[n:])], width))
        return sorted(found, key=lambda g: g.first)

    def _row_beside(self, k: int, step: int, at: dict[int, _Group],
                    rows: LineToken | None) -> LineToken | _Group | None:
        """The row next to line k that way, past label lines (三、本年度办理结果) but nothing
        else: a group, or the nearest row with values of the ROWS token the stretch ends at."""
        j = k + step
        while 0 <= j < len(self.lines):
            group = at.get(j)
            if group is None:
                return None
            if group.values:
                return group
            j = (group.first if step < 0 else group.last) + step
        if rows is None or not rows.rows:
            return None
        return next((r for r in (reversed(rows.rows) if step < 0 else rows.rows) if _values_of(r)), None)


def _pieces(tok: LineToken) -> list[LineToken]:
    """The line, or its pieces when PDFium put on one line what stands level in different
    cells: the end of a label broken by a page end before another label (``果 （二）部分公开…``,
    ``果 的，只计这一情形…``), or the ends of two labels (``理 诉类``: （五）不予处理,
    1.信访举报投诉类申请). Pieces no row or label takes are put back as the line they were."""
    words = words_of(tok.text)
    if len(words) < 2 or any(ch.isascii() for ch in tok.text[:words[0][1]]):
        return [tok]
    if all(b - a <= MAX_END_PIECE and not any(ch.isascii() for ch in tok.text[a:b]) for a, b in words):
        return [_part(tok, a, b) for a, b in words]
    if words[0][1] - words[0][0] <= MAX_END_PIECE:
        return [_part(tok, *words[0]), _part(tok, words[1][0], len(tok.text))]
    return [tok]


def _part(tok: LineToken, a: int, b: int) -> LineToken:
    """The piece text[a:b] of a line, as a token of its own where it stands."""
    start = tok.origin[a] if tok.origin else tok.text_start + a
    end = tok.origin[b - 1] + 1 if tok.origin else tok.text_start + b
    return LineToken(tok.type, tok.line, tok.start, tok.raw, tok.text[a:b], start,
                     tok.origin[a:b] if tok.origin else None, None, tok.line, end)


def _page_number_at_most(rest: list[str]) -> bool:
    """Whether the values that follow a row's are at most a page number (``5``, ``- 5 -``;
    never ``0``)."""
    numbers = [t for t in rest if cell_value(t)[0] == "number"]
    return len(rest) <= MAX_PAGE_PIECES and len(numbers) <= 1 and all(t.isdigit() and t[0] != "0" for t in numbers)


def _values_of(row: LineToken | _Group) -> int:
    """How many values a row ends with."""
    if isinstance(row, _Group):
        return row.values
    cells = row.cells or []
    n = len(cells)
    while n and cells[n - 1].kind in ("number", "na"):
        n -= 1
    return len(cells) - n
