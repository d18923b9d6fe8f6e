"""PDF: characters and ruling lines through pdfminer.six, table cells found from the ruling
by pdfplumber's table finder, then the text form rebuilt from geometry by :mod:`.pdf_layout`.

This module is imported only when a ``.pdf`` file is read. Everything that can go wrong inside
the PDF library on a hostile or damaged file is turned into an :class:`InputError` here; the
geometry that follows works on plain data.
"""

from __future__ import annotations

import io
import logging
import time
from typing import Any

from . import InputError, Note, Source
from .pdf_layout import Char, PageContent, build

# Bounds on time and memory for hostile files (the file size is bounded before reading).
MAX_PAGES = 300  # a report has well under 60 pages; a file with more is not one
MAX_CHARS = 600_000  # characters in all; a 60-page report has about 100 000
MAX_SECONDS = 120.0  # checked between pages

# pdfminer logs its complaints about damaged files; they are not for the user's terminal
# (the InputError says what matters), but an application that sets up logging still sees them.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())


def read(path: str, data: bytes) -> Source:
    pages = extract(path, data)
    if not any(p.chars for p in pages):
        raise InputError(path, "pdf_no_text")
    text, origins = build(pages)
    if not text.strip():
        raise InputError(path, "pdf_no_text")
    notes = [Note.of("pdf_pages", pages=len(pages))]
    return Source(path, text, "pdf", origins=origins, notes=notes)


def extract(path: str, data: bytes) -> list[PageContent]:
    """Characters and table cells of every page, or InputError naming what is wrong."""
    if b"%PDF-" not in data[:1024]:
        raise InputError(path, "pdf_no_header")
    from .pdf_limits import bounded_streams

    try:
        with bounded_streams(path):
            return _extract(path, data)
    except InputError:
        raise
    except RecursionError as exc:  # objects nested past Python's stack
        raise InputError(path, "pdf_damaged", detail="objects nested too deeply") from exc
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds on damaged files
        code, details = _reason(exc)
        raise InputError(path, code, **details) from exc


def _extract(path: str, data: bytes) -> list[PageContent]:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    from .pdf_limits import limited_aggregator

    document = PDFDocument(PDFParser(io.BytesIO(data)), password="")
    found = []
    for page in PDFPage.create_pages(document):
        found.append(page)
        if len(found) > MAX_PAGES:
            raise InputError(path, "pdf_too_many_pages", limit=MAX_PAGES)
    if not found:
        raise InputError(path, "pdf_no_pages")
    resources = PDFResourceManager(caching=True)
    device = limited_aggregator(path, resources)  # objects as drawn, within limits
    interpreter = PDFPageInterpreter(resources, device)
    pages: list[PageContent] = []
    total, start = 0, time.monotonic()
    for number, page in enumerate(found, start=1):
        interpreter.process_page(page)
        pages.append(_page(number, device.get_result()))
        total += len(pages[-1].chars)
        if total > MAX_CHARS:
            raise InputError(path, "pdf_too_much_text", limit=MAX_CHARS, page=number)
        if time.monotonic() - start > MAX_SECONDS:
            raise InputError(path, "pdf_too_slow", seconds=f"{MAX_SECONDS:.0f}", page=number,
                             pages=len(found))
    return pages


def _page(number: int, layout: Any) -> PageContent:
    """The characters and the ruled tables of one page. Coordinates as pdfplumber's: x from
    the left of the media box, ``top``/``bottom`` down from its top."""
    from pdfminer.layout import LTChar, LTContainer, LTCurve

    x_left, _, _, y_top = layout.bbox
    chars: list[Char] = []
    edges: list[dict[str, Any]] = []
    stack = [layout]
    while stack:
        for obj in stack.pop():
            if isinstance(obj, LTChar):
                text = obj.get_text()
                if text:
                    chars.append(Char(text, obj.x0 - x_left, obj.x1 - x_left, y_top - obj.y1,
                                      y_top - obj.y0, obj.size))
            elif isinstance(obj, LTCurve):  # lines and rectangles are curves too
                edges += _edges(obj.pts, x_left, y_top)
            elif isinstance(obj, LTContainer):  # a form XObject drawn on the page
                stack.append(obj)
    width, height = layout.width, layout.height
    return PageContent(number, float(width), float(height), chars, _tables(edges) if edges else [])


def _edges(points: list[tuple[float, float]], x_left: float, y_top: float) -> list[dict[str, Any]]:
    """The horizontal and vertical segments of a path, as pdfplumber's table finder takes them."""
    out = []
    if len(points) == 4:  # a rectangle: close it (Word draws thin filled ones as rules)
        points = [*points, points[0]]
    for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
        x0, x1 = sorted((ax - x_left, bx - x_left))
        top, bottom = sorted((y_top - ay, y_top - by))
        vertical = x1 - x0 < 0.1  # axis-aligned, give or take rounding in the transforms
        if vertical or bottom - top < 0.1:
            out.append({"object_type": "line", "x0": x0, "x1": x0 if vertical else x1,
                        "top": top, "bottom": bottom if vertical else top,
                        "width": 0.0 if vertical else x1 - x0, "height": bottom - top if vertical else 0.0,
                        "doctop": top, "orientation": "v" if vertical else "h"})
    return out


def _tables(edges: list[dict[str, Any]]) -> list[list[tuple[float, float, float, float]]]:
    """Cells of the ruled tables, by pdfplumber's table finder with its default settings."""
    from pdfplumber.table import (
        cells_to_tables,
        edges_to_intersections,
        intersections_to_cells,
        merge_edges,
    )
    from pdfplumber.utils import filter_edges

    merged = filter_edges(merge_edges(filter_edges(edges, min_length=1), 3, 3, 3, 3), min_length=3)
    cells = intersections_to_cells(edges_to_intersections(merged, 3, 3))
    return [[tuple(c) for c in table] for table in cells_to_tables(cells)]


def _reason(exc: BaseException) -> tuple[str, dict[str, str]]:
    """The reason code (lint/adapters/messages.py) and details for an exception of the PDF
    library (unwrapped if a wrapper holds it)."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.psexceptions import PSEOF

    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    if isinstance(inner, PDFPasswordIncorrect):
        return "pdf_password", {}
    if isinstance(inner, PDFEncryptionError):
        return "pdf_encryption", {"detail": str(inner)}
    if isinstance(inner, PSEOF):
        return "pdf_truncated", {}
    message = str(inner) or type(inner).__name__
    if "No /Root" in message:
        return "pdf_no_catalogue", {}
    return "pdf_damaged", {"detail": f"{type(inner).__name__}: {message[:200]}"}
