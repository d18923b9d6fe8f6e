"""Line classification: the text form split into lines, each said to be a heading, a
sub-heading, a paragraph, a date, a page marker or a table row (tab, pipe or Markdown rows,
one cell per line, labels wrapped over lines); ``lex()`` runs it and the readers of the
other layouts (run-on pages, space-separated rows) and marks the title and signature.
"""

from __future__ import annotations

from itertools import accumulate

from ..ast import Cell
from ..regexes import regex
from .headings import section_heading
from .normalise import PAGE_MARKER_RE, SENTENCE_END, SPACES
from .run_on import add_run_on, run_on_page
from .spaced_rows import spaced_rows
from .title import TITLE_RE, looks_like_agency, mark_title_and_signature
from .tokens import (
    LexContext,
    Lexed,
    LineToken,
    add_row,
    join_cells,
    make_cell,
    row_cells,
    split_pipes,
    strip_debris,
)
from .wrapped_rows import wrapped_rows

_LINE_RE = regex(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_SUBHEAD_RE = regex(r"^(?:#{1,6}\s*)?(?:[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,2}\s*[.、．])\s*\S.{0,38}$")
_MD_HEADING_RE = regex(r"^#{1,6}\s+")
_MD_SEPARATOR_RE = regex(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_TITLE_LABEL_RE = regex(r"^标题\s*[:：]\s*")
DATE_RE = regex(
    r"^\s*([0-9０-９]{4}|[〇零○一二三四五六七八九]{4})\s*年\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})"
    r"\s*月\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*日\s*$"
)
_BAR_SPACES = "|" + SPACES


def _is_pipe_row(text: str) -> bool:
    return text.count("|") >= 2 or " | " in text


def _lines(text: str) -> tuple[list[str], list[int]]:
    """The lines of ``text`` without their ends (``\r\n``, ``\r`` or ``\n``; a final line end
    starts no new line) and the offset where each line starts."""
    if "\r" not in text:  # the usual case: one C-level split
        lines = text.split("\n")
        if len(lines) > 1 and not lines[-1]:
            lines.pop()
        starts = list(accumulate([len(line) + 1 for line in lines], initial=0))
        starts.pop()
        return lines, starts
    lines, starts = [], []
    for m in _LINE_RE.finditer(text):
        chunk = m.group(0)
        if not chunk and m.start() == len(text) and starts:
            break
        starts.append(m.start())
        lines.append(chunk.rstrip("\r\n"))
        if m.end() >= len(text):
            break
    return lines, starts


def lex(text: str, ctx: LexContext) -> Lexed:
    """Classify every line of ``text``, group table cells into ROW tokens and consecutive
    ROW tokens into ROWS tokens.

    One pass: one-cell-per-line runs are joined into ROW tokens as they come (a blank line
    or page marker ends a row), and continuation lines of wrapped labels are attached to the
    cell they continue. Blank lines, page markers and separators make no token."""
    tokens: list[LineToken] = []
    debris: list[tuple[int, int]] = []
    lines, line_starts = _lines(text)
    row: LineToken | None = None  # the open one-cell-per-line row
    run_on = run_on_page(lines, ctx)
    for number, (raw, start) in enumerate(zip(lines, line_starts, strict=True), start=1):
        if run_on is not None and run_on[0] == number:
            pieces = run_on[1]
            if pieces:
                row = None
                add_run_on(tokens, raw, start, number, pieces, ctx, debris)
                continue
        kind, what = _classify(raw, start, number, ctx, debris)
        if kind == "CELL":
            if row is None:
                row = LineToken("ROW", number, start, raw, cells=[])
                add_row(tokens, row)
            row.cells.extend(what)  # type: ignore[union-attr, arg-type]
            row.end_line, row.end = number, start + len(raw)
        elif kind == "SEP":
            continue  # "|---|" or "|||": the row, if any, goes on
        elif kind in ("BLANK", "PAGE"):
            row = None
        elif row is not None and kind in ("PARA", "SUBHEAD") and _continues(what) \
                and len(row.cells[-1].raw) < MAX_WRAPPED_LABEL:  # type: ignore[arg-type, index]
            # A wrapped label: "5.要求行政机关确认或重新" / "出具已获取信息".
            tok: LineToken = what  # type: ignore[assignment]
            part = make_cell(tok.text, tok.text_start, tok.line, tok.text_start - tok.start + 1)
            row.cells[-1] = join_cells(row.cells[-1], part)  # type: ignore[index]
            row.end_line, row.end = number, tok.end
        elif kind == "ROW":
            row = None
            add_row(tokens, what)  # type: ignore[arg-type]
        else:
            row = None
            tokens.append(what)  # type: ignore[arg-type]
    if ctx.spaced is not None:
        tokens = wrapped_rows(spaced_rows(tokens, ctx), ctx)
    lexed = Lexed(mark_title_and_signature(tokens), [], line_starts)
    if ctx.markdown:
        debris = [d for d in debris if text[d[0]:d[0] + 2] != "**"]
    lexed.debris = [lexed.span(a, b) for a, b in debris]
    return lexed


def _classify(raw: str, start: int, number: int, ctx: LexContext, debris: list
              ) -> tuple[str, LineToken | list[Cell] | None]:
    """What a line is: (kind, its token), or ("CELL", its cells) for a line of a
    one-cell-per-line table, or ("BLANK" | "PAGE" | "SEP", None). Debris found in the line
    is added to ``debris``."""
    end = start + len(raw)
    if "\t" in raw:
        body = raw.lstrip(" \u3000")
        cell = body.lstrip("\t")
        # TABs before the only text of a line only indent it (a paragraph typed with TAB)
        # when the text is a section heading, the title, a date, a sentence or the signing
        # agency, which no cell of the template is.
        indented = body[0] == "\t" and "\t" not in cell and _indented_text(cell.strip(SPACES), ctx)
        if body[0] == "\t" and body.find("\t", 1) < 0 and not indented:
            # One cell per line (seed 003's layout): a leading tab, one cell.
            i = raw.index("\t") + 1
            return "CELL", row_cells([raw[i:]], i, start, number, debris, blank_after_padding=True)
        if not indented and not _is_sentence(raw):
            cells = row_cells(raw.split("\t"), 0, start, number, debris)
            return "ROW", LineToken("ROW", number, start, raw, cells=cells, end_line=number, end=end)
    line_debris: list[tuple[int, int]] = []  # kept only if the line is prose, not cells
    text, text_start, origin = strip_debris(raw, start, line_debris)
    if not text:
        debris.extend(line_debris)
        return "BLANK", None
    if "|" in text:
        if ("--" in text and _MD_SEPARATOR_RE.match(text)) or not text.strip(_BAR_SPACES):
            debris.extend(line_debris)
            return "SEP", None  # a Markdown separator, or "|||" where merged cells were
        if text.endswith("|") and text.count("|") == 1:
            return "CELL", split_pipes(raw, start, number, debris)  # one cell per line: "3 |"
        if _is_pipe_row(text) and not _is_sentence(text):
            cells = split_pipes(raw, start, number, debris)
            return "ROW", LineToken("ROW", number, start, raw, text, text_start, origin, cells, number, end)
    debris.extend(line_debris)
    if PAGE_MARKER_RE.match(text):
        return "PAGE", None
    if text[0] == "#":
        m = _MD_HEADING_RE.match(text)
        if m:
            shift = m.end()
            text, text_start = text[shift:], text_start + shift
            if origin:
                origin = origin[shift:]
    if text[0] == "标" and (m := _TITLE_LABEL_RE.match(text)) and TITLE_RE.search(text):
        # A crawler's capture note "标题: 某局2023年…年度报告": the title without its label.
        shift = m.end()
        text, text_start = text[shift:], text_start + shift
        if origin:
            origin = origin[shift:]
    tok = LineToken("PARA", number, start, raw, text, text_start, origin, None, number, end)
    if section_heading(text, ctx.keywords):
        tok.type = "HEADING"
    elif _SUBHEAD_RE.match(text) and text[-1] not in SENTENCE_END and "。" not in text:
        tok.type = "SUBHEAD"
    elif DATE_RE.match(text):
        tok.type = "DATE"
    return tok.type, tok


def _is_sentence(text: str) -> bool:
    return "。" in text and len(text) > 60


def _indented_text(text: str, ctx: LexContext) -> bool:
    """A line after leading TABs that is text, not a cell. (Not a sub-heading: 表三's labels
    have that shape.)"""
    return bool(text) and (text[-1] in SENTENCE_END or "。" in text or TITLE_RE.search(text) is not None
                           or DATE_RE.match(text) is not None or looks_like_agency(text)
                           or section_heading(text, ctx.keywords) is not None)


# A wrapped label is joined over a few lines (the longest label has 40 letters); past this a
# run of short lines is prose, which also keeps joining linear on hostile input.
MAX_WRAPPED_LABEL = 200


def _continues(tok: LineToken) -> bool:
    text = tok.text
    return len(text) <= 30 and not any(p in text for p in "。；！？") and tok.origin is None
