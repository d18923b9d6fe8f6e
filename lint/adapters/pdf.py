"""PDF: characters, ruling lines and filled shapes of each page through PDFium (pypdfium2,
:mod:`.pdf_pdfium`), after :func:`.pdf_limits.check_structure` has read the file's structure
with pdfminer.six's parser (refusing encrypted, damaged and hostile files before PDFium draws
anything); the tables and the text form are rebuilt from that geometry by :mod:`.pdf_layout`,
which does not care where it came from. ``GXLINT_PDF_ENGINE=pdfminer`` draws the pages with
pdfminer instead (slower; kept to compare the two).

This module is imported only when a ``.pdf`` file is read. Everything that can go wrong inside
the PDF library on a hostile or damaged file is turned into an :class:`InputError` here; the
geometry that follows works on plain data.
"""

from __future__ import annotations

import io
import logging
import os
import re
import time
from typing import Any

from . import InputError, Note, Source
from .pdf_layout import Box, Char, PageContent, Segment, build
from .pdf_tables import axis_aligned

# Bounds on time and memory for hostile files (the file size is bounded before reading).
MAX_PAGES = 300  # a report has well under 60 pages; a file with more is not one
MAX_CHARS = 600_000  # characters in all; a 60-page report has about 100 000
MAX_SECONDS = 120.0  # checked between pages

# pdfminer logs its complaints about damaged files; they are not for the user's terminal
# (the InputError says what matters), but an application that sets up logging still sees them.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())


# A page is a scanned image, not text, when an image covers this much of it and it has fewer
# characters than this (a PDF tool may stamp a page number or a watermark on a scan).
SCAN_AREA = 0.25
SCAN_CHARS = 20


def read(path: str, data: bytes) -> Source:
    pages = extract(path, data)
    unread = tuple(p.number for p in pages if without_text_layer(p))
    if not any(p.chars for p in pages) or len(unread) == len(pages):
        raise InputError(path, "pdf_no_text")
    if _garbled(pages):
        raise InputError(path, "pdf_garbled")
    text, origins = build(pages)
    if not text.strip():
        raise InputError(path, "pdf_no_text")
    notes = [Note.of("pdf_pages", pages=len(pages))]
    if unread:
        notes.append(Note.of("pdf_image_pages", pages=", ".join(map(str, unread))))
    return Source(path, text, "pdf", origins=origins, notes=notes, pages=len(pages),
                  unread_pages=unread, pictures=_pictures(pages, origins, unread))


MAX_PICTURES = 200  # large pictures whose place is kept; a report has a few


def _pictures(pages: list[PageContent], origins: list, unread: tuple[int, ...]) -> tuple[int, ...]:
    """Where the large pictures of the pages that have text stand in the text form: after
    the lines of the pages before and the lines above them on their own (Source.pictures)."""
    edges = [(page.number, page.height - top) for page in pages if page.number not in unread
             for top in page.pictures][:MAX_PICTURES]
    if not edges:
        return ()
    before: dict[int, int] = {}  # page -> the last line of the pages before it
    boxed: dict[int, list[tuple[int, float]]] = {}  # page -> (line, bottom) of its boxed lines
    last = 0
    for n, o in enumerate(origins, start=1):
        if o.page is None:
            continue
        before.setdefault(o.page, last)
        last = n
        if o.bbox is not None:
            boxed.setdefault(o.page, []).append((n, o.bbox[1]))

    def above(number: int) -> int:  # the last line of the pages before ``number``
        if number in before:
            return before[number]
        return max((n for n, o in enumerate(origins, start=1) if o.page is not None and o.page < number),
                   default=0)

    # Origins' boxes are in PDF space (y up); a picture's top is pdfplumber's (y down).
    return tuple(sorted(max((n for n, bottom in boxed.get(number, ()) if bottom >= edge),
                            default=above(number)) for number, edge in edges))


# A PDF whose fonts do not say which characters they draw (no Unicode map) gives their glyph
# numbers instead: control codes where a subset font numbers its glyphs from 1, else code
# points scattered over other scripts. A text layer has no control codes, and is written in
# ASCII and Latin, general punctuation, letter-like symbols and arrows, circled numbers, CJK
# punctuation and ideographs, full-width forms.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_WRITTEN = re.compile("[\x20-\x7e\xa0-\u024f\u2000-\u21ff\u2460-\u24ff\u3000-\u303f"
                      "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")
GARBLED_CONTROL = 0.02  # over this share of control codes, or
GARBLED_WRITTEN = 0.6  # under this share of those scripts, the text is glyph numbers


def _garbled(pages: list[PageContent]) -> bool:
    text = "".join(c.text for p in pages for c in p.chars if not c.text.isspace())
    return len(text) >= 50 and (len(_CONTROL.findall(text)) > GARBLED_CONTROL * len(text)
                                or len(_WRITTEN.findall(text)) < GARBLED_WRITTEN * len(text))


def without_text_layer(page: PageContent) -> bool:
    """A page that is a picture of text (a scan): mostly image, next to no characters."""
    return page.image_area >= SCAN_AREA and sum(not c.text.isspace() for c in page.chars) < SCAN_CHARS


def extract(path: str, data: bytes) -> list[PageContent]:
    """Characters and table cells of every page, or InputError naming what is wrong."""
    if b"%PDF-" not in data[:1024]:
        raise InputError(path, "pdf_no_header")
    from .pdf_limits import bounded_streams, check_structure

    pdfium = os.environ.get("GXLINT_PDF_ENGINE", "pdfium") != "pdfminer"
    try:
        with bounded_streams(path):
            if not pdfium:
                return _extract(path, data)
            count, descents = check_structure(path, data, MAX_PAGES)
    except InputError:
        raise
    except RecursionError as exc:  # objects nested past Python's stack
        raise InputError(path, "pdf_damaged", detail="objects nested too deeply") from exc
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds on damaged files
        code, details = _reason(exc)
        raise InputError(path, code, **details) from exc
    if not count:
        raise InputError(path, "pdf_no_pages")
    return _extract_pdfium(path, data, descents)


def _extract_pdfium(path: str, data: bytes, descents: dict[str, float]) -> list[PageContent]:
    from .pdf_pdfium import document, loaded_page, page_content, page_count

    with document(path, data) as handle:
        pages: list[PageContent] = []
        total, start = 0, time.monotonic()
        count = page_count(handle)
        for number in range(1, count + 1):
            with loaded_page(path, handle, number) as page:
                pages.append(page_content(path, number, page, descents))
            total += len(pages[-1].chars)
            if total > MAX_CHARS:
                raise InputError(path, "pdf_too_much_text", limit=MAX_CHARS, page=number)
            if time.monotonic() - start > MAX_SECONDS:
                raise InputError(path, "pdf_too_slow", seconds=f"{MAX_SECONDS:.0f}", page=number,
                                 pages=count)
        if not pages:
            raise InputError(path, "pdf_no_pages")
        return pages


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
    """The characters, drawn lines and filled shapes of one page. Coordinates as pdfplumber's:
    x from the left of the media box, ``top``/``bottom`` down from its top."""
    from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage

    x_left, _, _, y_top = layout.bbox
    chars: list[Char] = []
    rules: list[Segment] = []
    fills: list[Box] = []
    images = 0.0
    stack = [layout]
    while stack:
        for obj in stack.pop():
            if isinstance(obj, LTChar):
                text = obj.get_text()
                if text:
                    chars.append(Char(text, obj.x0 - x_left, obj.x1 - x_left, y_top - obj.y1,
                                      y_top - obj.y0, obj.size))
            elif isinstance(obj, LTCurve):  # lines and rectangles are curves too
                if _is_rule(obj):
                    rules += _segments(obj, x_left, y_top)
                elif obj.fill and len(obj.pts) in (4, 5):
                    fills.append((obj.x0 - x_left, y_top - obj.y1, obj.x1 - x_left, y_top - obj.y0))
            elif isinstance(obj, LTImage):
                images += obj.width * obj.height
            elif isinstance(obj, LTContainer):  # a form XObject drawn on the page
                stack.append(obj)
    width, height = float(layout.width), float(layout.height)
    return PageContent(number, width, height, chars, rules=rules, fills=fills,
                       image_area=images / (width * height) if width and height else 0.0)


RULE_WIDTH = 2.0  # points: a filled shape thinner than this is drawn as a rule (Word's borders)


def _is_rule(curve: Any) -> bool:
    """Whether a path is drawn as a visible line: stroked in a colour other than white, or filled
    (not white) and thin. WPS paints every body line's background as a white rectangle and cell
    shading is a filled one; neither is a ruling line."""
    if curve.stroke and not _white(curve.stroking_color):
        return True
    return bool(curve.fill) and min(curve.width, curve.height) < RULE_WIDTH \
        and not _white(curve.non_stroking_color)


def _white(colour: Any) -> bool:
    """A colour as pdfminer gives it (gray, RGB or CMYK components, or a pattern name)."""
    if isinstance(colour, int | float):
        return colour >= 0.99
    if isinstance(colour, tuple | list) and colour and all(isinstance(c, int | float) for c in colour):
        if len(colour) == 4:  # CMYK: no ink
            return all(c <= 0.01 for c in colour)
        return all(c >= 0.99 for c in colour)
    return False


def _segments(curve: Any, x_left: float, y_top: float) -> list[Segment]:
    """The horizontal and vertical straight pieces of a path: its ``l`` and ``h`` operators
    (and the implied close of a filled subpath); a Bézier piece (a seal's circle, a logo) draws
    no ruling line, nor does a slanted one."""
    path = getattr(curve, "original_path", None)
    if not path:  # an older pdfminer: the path's points, a four-point one closed as a rectangle
        pts = list(curve.pts)
        pts = [*pts, pts[0]] if len(pts) == 4 else pts
        pairs = list(zip(pts, pts[1:], strict=False))
    else:
        pairs = []
        start = current = None
        for op in path:
            if op[0] == "m":
                if curve.fill and start is not None and current != start:
                    pairs.append((current, start))
                start = current = op[1]
            elif op[0] == "l" and current is not None:
                pairs.append((current, op[1]))
                current = op[1]
            elif op[0] == "h" and start is not None:
                if current != start:
                    pairs.append((current, start))
                current = start
            elif len(op) > 1:  # a curve piece: it ends at its last point
                current = op[-1]
        if curve.fill and start is not None and current != start:
            pairs.append((current, start))
    return axis_aligned(pairs, x_left, y_top)


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
