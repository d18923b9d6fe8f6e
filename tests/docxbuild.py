"""Write generated reports as DOCX files the way Word does: headings and paragraphs, and the
statistics tables with their merged cells merged (python-docx ``cell.merge``)."""

from __future__ import annotations

import re
from pathlib import Path

from lint.generate import Grid

STYLES = {"title": "Title", "heading": "Heading 1", "sub": "Heading 2"}


def merged_regions(grid: Grid) -> list[tuple[int, int, int, int]]:
    """(row, col, last_row, last_col) of each cell that covers others: its ``h`` cells to the
    right, then its ``v`` cells below."""
    regions = []
    for r, row in enumerate(grid.rows):
        for c, cell in enumerate(row.cells):
            if cell.kind in ("h", "v"):
                continue
            c2 = c
            while c2 + 1 < grid.width and row.cells[c2 + 1].kind == "h":
                c2 += 1
            r2 = r
            while r2 + 1 < len(grid.rows) and grid.rows[r2 + 1].cells[c].kind == "v":
                r2 += 1
            if (r2, c2) != (r, c):
                regions.append((r, c, r2, c2))
    return regions


_NUMBER = {"heading": re.compile(r"^[一二三四五六七八九十]+、"),
           "sub": re.compile(r"^（[一二三四五六七八九十]+）")}
_LIST = """<w:abstractNum %s w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%%1、"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%%2）"/></w:lvl>
</w:abstractNum>"""


def _numbered(document) -> None:
    """A two-level list 一、 / （一）: headings take it directly, sub-headings through their
    style (Heading 2), as Word's multilevel heading lists do."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(_LIST % nsdecls("w")))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    ppr = document.styles["Heading 2"].element.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="1"/><w:numId w:val="90"/></w:numPr>'))
    assert ppr.find(qn("w:numPr")) is not None


def _page_number_footer(document, form: str) -> None:
    """A centred footer holding ``form`` with ``{n}`` as a PAGE field (``- {n} -``), so that a
    converter draws each page's number at its foot."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, _, after = form.partition("{n}")
    if before:
        paragraph.add_run(before)
    paragraph._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t>'
                                  "</w:r></w:fldSimple>"))
    if after:
        paragraph.add_run(after)


def write_docx(items: list, path: Path, *, merge: bool = True, styled: bool = True,
               blank_paragraphs: bool = True, numbered: bool = False,
               page_numbers: str | None = None, repeat_header: bool = False) -> Path:
    """Write ``generate.blocks(spec)`` (or an edited copy of them) as a Word document;
    ``numbered``: section and sub-section numbers come from a Word list, not the text;
    ``page_numbers``: a footer with the page number in this form (``- {n} -``);
    ``repeat_header``: tables' header rows repeat at the top of each page (标题行重复)."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    if numbered:
        _numbered(document)
    if page_numbers:
        _page_number_footer(document, page_numbers)
    for kind, content in items:
        if isinstance(content, Grid):
            _table(document, content, merge, repeat_header)
        elif numbered and kind in _NUMBER and _NUMBER[kind].match(content):
            paragraph = document.add_paragraph(_NUMBER[kind].sub("", content), style=STYLES[kind])
            if kind == "heading":  # numbered directly; sub-headings by their style
                paragraph._p.get_or_add_pPr().append(parse_xml(
                    f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'))
        elif styled and kind in STYLES:
            document.add_paragraph(content, style=STYLES[kind])
        else:
            document.add_paragraph(content)
        if blank_paragraphs and kind in ("title", "heading"):
            document.add_paragraph("")
    document.save(str(path))
    return path


def _table(document, grid: Grid, merge: bool, repeat_header: bool = False) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    table = document.add_table(rows=len(grid.rows), cols=grid.width)
    table.style = "Table Grid"
    cells = [row.cells for row in table.rows]  # table.cell() rebuilds this list on every call
    for r, row in enumerate(grid.rows):
        for c, cell in enumerate(row.cells):
            if cell.kind not in ("h", "v") and cell.text:
                cells[r][c].text = cell.text
    if repeat_header:
        for row, grow in zip(table.rows, grid.rows, strict=True):
            if grow.kind != "head":
                break
            row._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    if merge:
        for r, c, r2, c2 in merged_regions(grid):
            cells[r][c].merge(cells[r2][c2])
