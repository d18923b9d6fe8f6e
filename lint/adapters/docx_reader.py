"""DOCX: body paragraphs and tables in document order, through python-docx.

Each paragraph becomes a line (a soft line break starts a new one), each table row a line with
TAB between cells; merged cells are expanded over the table grid, their text written once in
the first row and column they cover. Origins count blocks: paragraphs that hold text and table
rows, 1-based, in document order.

The zip archive is checked before python-docx opens it: a zip bomb is refused by its declared
sizes (which ``zipfile`` does not read past), so time and memory stay bounded.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from . import InputError, Origin, Source
from .docx_numbering import Numbering, NumberingError
from .grid import LONGEST_CELL, MAX_SPAN, row_line

MB = 1024 * 1024
MAX_PICTURES = 1000  # pictures whose place is kept (Source.pictures); a report has a few
MAX_UNPACKED = 100 * MB  # a report with its images is a few MB
MAX_RATIO = 100  # deflate rarely beats 20:1 on real XML; zip bombs reach 1000:1
RATIO_FLOOR = 2 * MB  # small members may compress well: only bigger ones are checked
MAX_MEMBERS = 10_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
P, TBL, TR, TC, SDT, SDT_CONTENT = W + "p", W + "tbl", W + "tr", W + "tc", W + "sdt", W + "sdtContent"
_PICTURES = (".//" + W + "drawing", ".//" + W + "pict")  # DrawingML and VML pictures in a paragraph
# Content controls and custom XML around paragraphs, tables, rows or cells.
_WRAPPERS = {SDT, SDT_CONTENT, W + "customXml"}
# Inside a paragraph: deleted text, text boxes (seals, decorations), the second copy of
# alternate content, field codes and properties are not visible text.
_SKIP = {W + "del", W + "moveFrom", W + "txbxContent", MC + "Fallback", W + "pPr", W + "rPr",
         W + "instrText", W + "delText"}


def read(path: str, data: bytes) -> Source:
    names = check_archive(path, data)
    import docx  # python-docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx, zipfile and lxml raise many kinds on a broken package
        if "word/document.xml" not in names:
            raise InputError(path, "docx_no_document") from exc
        raise InputError(path, "docx_unreadable", detail=exc) from exc
    try:
        return _source(path, document)
    except NumberingError as exc:
        if exc.what == "level":
            raise InputError(path, "docx_list_level", value=exc.value, limit=exc.limit) from None
        raise InputError(path, "docx_list_number", value=exc.value, limit=exc.limit) from None


def _source(path: str, document) -> Source:
    lines: list[str] = []
    origins: list[Origin] = []
    pictures: list[int] = []
    for block, kind, text, _element in blocks(document):
        if kind == "picture":
            if len(pictures) < MAX_PICTURES:
                pictures.append(len(lines))
            continue
        lines += text
        origins += [Origin(paragraph=block)] * len(text)
    if not lines:
        raise InputError(path, "docx_no_text")
    return Source(path, "\n".join(lines) + "\n", "docx", "utf-8", [], origins,
                  pictures=tuple(pictures))


def blocks(document) -> Iterator[tuple[int, str, list[str], Any]]:
    """The blocks of the text form, numbered as origins count them: (number, "para", its
    lines, the ``w:p``) for a paragraph that holds text, (number, "row", [its line], the
    ``w:tr``) for a table row; lint/annotate finds a finding's place in the file by them.
    A paragraph holding a picture (a drawing, or VML) is also (number, "picture", [], the
    ``w:p``), its number the block's before it: a picture is no block of the text form.

    A paragraph's TABs are spacing in a document whose statistics are Word tables; in one
    with no table of cells (a layout table aside), the tables were typed as paragraphs of
    TAB-separated cells (Word's text export pasted back, or typed so), and the TABs are kept:
    the lexer reads such lines as it reads that export."""
    body = document.element.body
    tabs = all(_lays_out(table) for table in body.iter(TBL))
    block = 0
    for kind, content, element in _blocks(body, _numbering(document)):
        if kind == "row":
            block += 1  # an empty row still counts: origins number rows as the table has them
            line = row_line(content)
            if line is not None:
                yield block, kind, [line], element
            continue
        parts = [_squashed(part, tabs) for part in content.split("\n")]
        parts = [part for part in parts if part.strip("\t")]
        if parts:
            block += 1
            yield block, kind, parts, element
        if any(element.find(picture) is not None for picture in _PICTURES):
            yield block, "picture", [], element


def _squashed(line: str, tabs: bool) -> str:
    """A paragraph's line with each run of spaces one space and none at its ends; its TABs
    kept between cells when ``tabs``, else spaces too."""
    if not tabs:
        return " ".join(line.split())
    return "\t".join(" ".join(cell.split()) for cell in line.split("\t"))


def cell_at(tr, column: int) -> Any | None:
    """The ``w:tc`` of row ``tr`` whose text is at TAB-separated ``column`` of the row's line,
    or None (a position before, after or past the row's cells)."""
    for start, span, tc in _cells(tr):
        if start <= column < start + span:
            return tc
    return None


def check_archive(path: str, data: bytes, odt: bool = False) -> set[str]:
    """The archive's member names, after refusing what is not a zip (a DOCX, or with
    ``odt`` an OpenDocument file, the reason says) or would unpack too big."""
    if data.startswith(OLE_MAGIC):
        raise InputError(path, "docx_ole")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        if odt:
            raise InputError(path, "odt_not_zip", detail=exc) from exc
        raise InputError(path, "docx_not_zip", detail=exc) from exc
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise InputError(path, "zip_members", count=len(members), limit=MAX_MEMBERS)
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED:
        raise InputError(path, "zip_size", size=total // MB, limit=MAX_UNPACKED // MB)
    for m in members:
        if m.file_size > RATIO_FLOOR and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            ratio = m.file_size // max(m.compress_size, 1)
            raise InputError(path, "zip_ratio", member=m.filename, ratio=ratio,
                             limit=MAX_RATIO)
    return {m.filename for m in members}


def _numbering(document) -> Numbering:
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError):  # a document without lists
        numbering = None
    return Numbering(numbering, document.styles.element)


def _blocks(body, numbering: Numbering) -> Iterator[tuple[str, str | list[str], Any]]:
    """("para", text, w:p) and ("row", cells, w:tr) in document order; a numbered
    paragraph's text starts with the number Word shows."""
    for child in body.iterchildren():
        if child.tag == P:
            yield "para", numbering.label(child) + _text(child), child
        elif child.tag == TBL and _lays_out(child):
            for tr in _children(child, TR):  # its cells' paragraphs and tables, in order
                for tc in _children(tr, TC):
                    yield from _blocks(tc, numbering)
        elif child.tag == TBL:
            yield from _table(child, numbering)
        elif child.tag in _WRAPPERS:
            yield from _blocks(child, numbering)


def _lays_out(tbl) -> bool:
    """A table that lays out a page rather than holding cells — a whole report pasted into a
    one-cell box, text beside a picture: it holds another table, has a single cell, or is
    one or two columns with a cell of running text (a statistics table is wider, and may
    have a long remark)."""
    if any(inner is not tbl for inner in tbl.iter(TBL)):
        return True
    rows = [list(_children(tr, TC)) for tr in _children(tbl, TR)]
    if sum(map(len, rows)) < 2:
        return True
    return max(map(len, rows)) <= 2 and any(_letters(tc) > LONGEST_CELL for row in rows for tc in row)


def _letters(tc) -> int:
    """The letters of a cell's text runs (not its list numbers: counting those advances them)."""
    return sum(len("".join((t.text or "").split())) for t in tc.iter(W + "t"))


def _table(tbl, numbering: Numbering) -> Iterator[tuple[str, list[str], Any]]:
    for tr in _children(tbl, TR):
        cells = [""] * min(tr.grid_before, MAX_SPAN)
        for _start, span, tc in _cells(tr):
            # A cell continuing a vertical merge is covered by the one above: left empty.
            text = "" if tc.vMerge == "continue" else _cell_text(tc, numbering)
            cells += [text] + [""] * (span - 1)
        cells += [""] * min(tr.grid_after, MAX_SPAN)
        yield "row", cells, tr


def _cells(tr) -> Iterator[tuple[int, int, Any]]:
    """(first grid column, columns spanned, w:tc) of each cell of a row."""
    start = min(tr.grid_before, MAX_SPAN)
    for tc in _children(tr, TC):
        span = max(1, min(tc.grid_span, MAX_SPAN))
        yield start, span, tc
        start += span


def _children(node, tag: str) -> Iterator:
    """``node``'s children with ``tag``, looking through content controls and other wrappers
    (rows of a table, cells of a row)."""
    for child in node.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _cell_text(tc, numbering: Numbering) -> str:
    """A cell's paragraphs joined: a label Word wrapped or broke over lines is one label."""
    return "".join(text.replace("\n", "") for kind, text, _ in _blocks(tc, numbering)
                   if kind == "para")


def _text(el) -> str:
    """The visible text of a paragraph: runs, hyperlinks, fields' results and insertions;
    not deleted text, text boxes or field codes. A TAB reads as a TAB (:func:`blocks` says
    what it becomes), a break as a new line."""
    out: list[str] = []
    for child in el.iterchildren():
        tag = child.tag
        if tag in _SKIP or not isinstance(tag, str):
            continue
        if tag == W + "t":
            out.append(child.text or "")
        elif tag in (W + "tab", W + "ptab"):
            out.append("\t")
        elif tag in (W + "br", W + "cr"):
            out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        else:
            out.append(_text(child))
    return "".join(out)
