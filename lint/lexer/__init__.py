"""Lexing: split the text form into lines, normalise them and say what each one is.

Normalisation never loses a position: every token keeps the offsets of the text it came from.
What gets normalised here is what real exports of the template do to it — full-width spaces
and digits, ``[bookmark: …]`` and ``**`` debris, page markers, characters spaced apart, table
rows in tab, pipe, Markdown or one-cell-per-line layouts, and labels wrapped over two lines.

The classes of line are the terminals of ``grammar/report.lark``. By job:

- ``normalise``: characters, ``fold()`` (the comparison form of text), what a cell holds
- ``tokens``: ``LineToken``, ``Lexed``, ``LexContext``, and cells cut out of a line
- ``headings``: the six section headings and which section a heading names
- ``lines``: ``lex()`` and line classification (tab, pipe, Markdown, one-cell-per-line rows)
- ``spaced_rows``: table rows copied out of a PDF with single spaces between cells
- ``wrapped_rows``: table rows whose cells a browser's copy of a PDF broke over lines
- ``run_on``: a crawler's whole page on one line
- ``title``: the title and the signature
"""

from __future__ import annotations

from .headings import section_heading
from .lines import DATE_RE, lex
from .normalise import CN_DIGITS, NA_MARKS, PAGE_MARKER_RE, cell_value, fold
from .run_on import run_on_pieces
from .title import TITLE_RE
from .tokens import LexContext, Lexed, LineToken, SpacedLabels, join_cells, make_cell

__all__ = ["CN_DIGITS", "DATE_RE", "NA_MARKS", "PAGE_MARKER_RE", "TITLE_RE", "LexContext", "Lexed",
           "LineToken", "SpacedLabels", "cell_value", "fold", "join_cells", "lex", "make_cell",
           "run_on_pieces", "section_heading"]
