"""Tables of DOCX and HTML as text-form rows: merged cells expanded over the grid, the text
written once in the first row and column a merged cell covers and empty strings in the
positions it covers, the way Word's text export writes them."""

from __future__ import annotations

import re

MAX_SPAN = 100  # no report table is wider; a larger colspan or gridSpan is clamped
# A cell longer than this (letters) is running text: its table lays out a page, and is read
# as the paragraphs and tables it holds. The template's longest label has 40.
LONGEST_CELL = 300
MAX_CELLS = 200_000  # positions of one expanded table; the template's tables have a few hundred


class TableTooLarge(ValueError):
    """A table whose merged cells would expand past MAX_CELLS positions (the reader says
    which file; rowspan × colspan is how a small page asks for gigabytes)."""

    def __init__(self, cells: int) -> None:
        super().__init__(f"{cells} cells")
        self.cells = cells
_INNER_SPACE = re.compile(r"[\t\r\n\u000b\u000c]+")


def cell_text(text: str) -> str:
    """One cell on one line: TABs and line breaks inside a cell would split the row."""
    return _INNER_SPACE.sub(" ", text).strip()


def row_line(cells: list[str]) -> str | None:
    """A table row of the text form, or None when every cell is empty."""
    cells = [cell_text(c) for c in cells]
    return "\t".join(cells) if any(cells) else None


def expand(rows: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    """HTML's table model: rows of (text, rowspan, colspan) cells → a full grid of strings.

    A cell is placed in the first free column of its row; the positions its spans cover are
    taken and left empty. ``rowspan`` 0 means "to the end of the table". Rows come out as
    wide as the widest one."""
    taken: set[tuple[int, int]] = set()
    grid: list[dict[int, str]] = []
    height = len(rows)
    area = 0
    for r, cells in enumerate(rows):
        out: dict[int, str] = {}
        c = 0
        for text, rowspan, colspan in cells:
            while (r, c) in taken:
                c += 1
            rowspan = height - r if rowspan <= 0 else min(rowspan, height - r)
            colspan = max(1, min(colspan, MAX_SPAN))
            area += rowspan * colspan
            if area > MAX_CELLS:  # checked before the positions are taken, not after
                raise TableTooLarge(area)
            out[c] = text
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
            c += colspan
        grid.append(out)
    width = max((c + 1 for _, c in taken), default=0)
    if width * height > MAX_CELLS:
        raise TableTooLarge(width * height)
    return [[row.get(c, "") for c in range(width)] for row in grid]
