"""Write generated reports as DOCX files the way Word does: headings and paragraphs, and the
statistics tables with their merged cells merged (python-docx ``cell.merge``).

With ``agency=True`` the document is styled the way agencies write their reports (党政机关公文
格式): 仿宋 三号 body text justified with a two-character first-line indent and fixed 28-point
lines, the title in 小标宋 二号 centred on two lines (the agency, then the year and the title),
section headings as 黑体 runs in body paragraphs, sub-headings as bold 楷体 runs leading their
paragraph (``（一）主动公开情况。本机关…``), tables in 宋体 五号 and the page number centred
in the footer. The fonts are named as Word names them; a converter without them substitutes
its own CJK font, as a reader's machine does."""

from __future__ import annotations

import re
from pathlib import Path

from tests.generate import Grid

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
               page_numbers: str | None = None, repeat_header: bool = False,
               agency: bool = False) -> Path:
    """Write ``generate.blocks(spec)`` (or an edited copy of them) as a Word document;
    ``numbered``: section and sub-section numbers come from a Word list, not the text;
    ``page_numbers``: a footer with the page number in this form (``- {n} -``);
    ``repeat_header``: tables' header rows repeat at the top of each page (标题行重复);
    ``agency``: styled as agencies write their reports (see the module's docstring)."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    if agency:
        return _write_agency_docx(items, path, page_numbers or "- {n} -", repeat_header)
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


def _table(document, grid: Grid, merge: bool, repeat_header: bool = False, agency: bool = False) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
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
    if agency:  # 宋体 五号, numbers and headings centred, labels flush left
        for r, row in enumerate(grid.rows):
            for c, cell in enumerate(row.cells):
                if cell.kind in ("h", "v"):
                    continue
                target = cells[r][c]
                target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                for paragraph in target.paragraphs:
                    paragraph.paragraph_format.alignment = (
                        WD_ALIGN_PARAGRAPH.LEFT if cell.kind == "label" else WD_ALIGN_PARAGRAPH.CENTER)
                    for run in paragraph.runs:
                        _fonts(run, "宋体", TABLE_PT)


# --- as agencies write them ----------------------------------------------------------------------

BODY_PT, TABLE_PT, TITLE_PT, LINE_PT = 16, 10.5, 22, 28  # 三号, 五号, 二号; 28-point lines
_TITLE_SPLIT = re.compile(r"^(.+?)((?:19|20)\d\d年.*)$")


def _fonts(run, east_asian: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size)
    run.font.bold = bold or None
    run.font.name = "Times New Roman"
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)


def _body_format(paragraph, indent: bool = True, align=None) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt

    fmt = paragraph.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if align is None else align
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:  # two characters, as Word writes it: in characters and in twips
        fmt.first_line_indent = Pt(2 * BODY_PT)
        fmt.element.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "200")


def _write_agency_docx(items: list, path: Path, page_numbers: str, repeat_header: bool) -> Path:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _page_number_footer(document, page_numbers)
    for run in document.sections[0].footer.paragraphs[0].runs:
        _fonts(run, "宋体", 14)
    pending: str | None = None  # a sub-heading waiting to lead its paragraph
    for kind, content in items:
        if pending is not None and (kind != "para" or isinstance(content, Grid)):
            _sub_paragraph(document, pending, None)
            pending = None
        if isinstance(content, Grid):
            _table(document, content, True, repeat_header, agency=True)
        elif kind == "title":
            match = _TITLE_SPLIT.match(content)
            paragraph = document.add_paragraph()
            _body_format(paragraph, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
            paragraph.paragraph_format.line_spacing = None  # the title's own size sets its lines
            for n, line in enumerate([match.group(1), match.group(2)] if match else [content]):
                if n:
                    paragraph.add_run().add_break()
                _fonts(paragraph.add_run(line), "方正小标宋简体", TITLE_PT)
            document.add_paragraph()  # one blank line under the title
        elif kind == "heading":
            paragraph = document.add_paragraph()
            _body_format(paragraph)
            _fonts(paragraph.add_run(content), "黑体", BODY_PT)
        elif kind == "sub":
            pending = content
        elif kind == "signature":
            paragraph = document.add_paragraph()
            _body_format(paragraph, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
            _fonts(paragraph.add_run(content), "仿宋_GB2312", BODY_PT)
        elif pending is not None:
            _sub_paragraph(document, pending, content)
            pending = None
        else:
            paragraph = document.add_paragraph()
            _body_format(paragraph)
            _fonts(paragraph.add_run(content), "仿宋_GB2312", BODY_PT)
    if pending is not None:
        _sub_paragraph(document, pending, None)
    document.save(str(path))
    return path


def _sub_paragraph(document, heading: str, text: str | None) -> None:
    """A run-in sub-heading: bold, closed by 。, the paragraph's text after it on its line."""
    paragraph = document.add_paragraph()
    _body_format(paragraph)
    lead = heading if text is None or heading.endswith(("。", "：")) else heading + "。"
    _fonts(paragraph.add_run(lead), "楷体_GB2312", BODY_PT, bold=True)
    if text is not None:
        _fonts(paragraph.add_run(text), "仿宋_GB2312", BODY_PT)


def text_form(items: list) -> str:
    """``generate.blocks`` as the text form a text export gives: one line per block, each
    table row its cells joined by TABs (merged-over cells empty)."""
    lines = []
    for _, content in items:
        if isinstance(content, Grid):
            lines.append("")
            lines += ["\t".join("" if c.kind in ("h", "v") else c.text for c in row.cells)
                      for row in content.rows]
            lines.append("")
        else:
            lines.append(content)
    return "\n".join(lines) + "\n"


def in_a_layout_table(path: Path, columns: int = 1) -> Path:
    """The document's body moved into one cell of a table laid over the page (a report pasted
    into a bordered box, or beside a narrow column for a logo): the statistics tables become
    tables inside that cell."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    body = document.element.body
    content = [child for child in body if child.tag != qn("w:sectPr")]
    table, row = OxmlElement("w:tbl"), OxmlElement("w:tr")
    table.append(row)
    for n in range(columns):
        cell = OxmlElement("w:tc")
        row.append(cell)
        if n == columns - 1:
            for child in content:
                body.remove(child)
                cell.append(child)
        else:
            paragraph = OxmlElement("w:p")
            run = OxmlElement("w:r")
            text = OxmlElement("w:t")
            text.text = "政务公开"
            run.append(text)
            paragraph.append(run)
            cell.append(paragraph)
        cell.append(OxmlElement("w:p"))  # a cell ends with a paragraph
    body.insert(0, table)
    document.save(str(path))
    return path


def table_as_picture(path: Path, label: str = "本年新收政府信息公开申请数量") -> Path:
    """The document with the table holding ``label`` (表三) replaced by a picture of a table
    (a screenshot pasted where the table was), 15 cm wide."""
    import io

    import docx
    from docx.shared import Cm
    from PIL import Image, ImageDraw

    document = docx.Document(str(path))
    table = next(t for t in document.tables if label in t._tbl.xml)
    image = Image.new("RGB", (900, 600), "white")
    draw = ImageDraw.Draw(image)
    for y in range(10, 600, 60):  # a grid, as a screenshot of a table shows
        draw.line([(10, y), (890, y)], fill="black")
    png = io.BytesIO()
    image.save(png, "PNG")
    paragraph = document.add_paragraph()
    paragraph.add_run().add_picture(io.BytesIO(png.getvalue()), width=Cm(15))
    table._tbl.addprevious(paragraph._p)
    table._tbl.getparent().remove(table._tbl)
    document.save(str(path))
    return path
