"""Write generated reports as DOCX files the way Word does: headings and paragraphs, and the
statistics tables with their merged cells merged (python-docx ``cell.merge``)."""

from __future__ import annotations

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


def write_docx(items: list, path: Path, *, merge: bool = True, styled: bool = True,
               blank_paragraphs: bool = True) -> Path:
    """Write ``generate.blocks(spec)`` (or an edited copy of them) as a Word document."""
    import docx

    document = docx.Document()
    for kind, content in items:
        if isinstance(content, Grid):
            _table(document, content, merge)
        elif styled and kind in STYLES:
            document.add_paragraph(content, style=STYLES[kind])
        else:
            document.add_paragraph(content)
        if blank_paragraphs and kind in ("title", "heading"):
            document.add_paragraph("")
    document.save(str(path))
    return path


def _table(document, grid: Grid, merge: bool) -> None:
    table = document.add_table(rows=len(grid.rows), cols=grid.width)
    table.style = "Table Grid"
    cells = [row.cells for row in table.rows]  # table.cell() rebuilds this list on every call
    for r, row in enumerate(grid.rows):
        for c, cell in enumerate(row.cells):
            if cell.kind not in ("h", "v") and cell.text:
                cells[r][c].text = cell.text
    if merge:
        for r, c, r2, c2 in merged_regions(grid):
            cells[r][c].merge(cells[r2][c2])
