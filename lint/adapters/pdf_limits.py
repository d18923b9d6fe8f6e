"""Bounds on a PDF, so that a few kilobytes of hostile file cannot cost minutes or gigabytes:
characters per page, decompressed stream size, and form XObjects (figures drawn inside
figures) by depth and by count per page. :func:`check_structure` reads the file's structure
with pdfminer's parser (no page is drawn) before PDFium draws anything: PDFium has no bound of
its own on figures drawn inside figures (10⁹ of them from 3 KB crash it), and PDFium stops a
text run at 32,767 characters, under the bound per page here. Each is an InputError with
its own reason (lint/adapters/messages.py). The page count, the characters of the whole file
and the file size are bounded in :mod:`.pdf` and :mod:`lint.adapters`."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from . import InputError

MAX_PAGE_CHARS = 30_000  # a dense A4 page of small type has about 3,000 (PDFium stops at 32,767)
MAX_STREAM_BYTES = 64 * 1024 * 1024  # one decompressed stream; a report's are well under 1 MB
MAX_TOTAL_STREAM_BYTES = 256 * 1024 * 1024  # all streams of the file together
MAX_FORM_DEPTH = 16  # form XObjects nested; real files nest two or three
MAX_FORMS_PER_PAGE = 5_000  # form XObjects and images drawn on one page
MAX_PATHS_PER_PAGE = 200_000  # lines, rectangles and curves drawn on one page


class _BoundedZlib:
    """Stands in for the ``zlib`` module inside pdfminer.pdftypes while a file is read:
    ``decompress`` stops past the limits instead of inflating a flate bomb."""

    error = zlib.error
    decompressobj = staticmethod(zlib.decompressobj)  # pdfminer's repair path; data is small there

    def __init__(self, path: str) -> None:
        self.path = path
        self.total = 0

    def decompress(self, data: bytes, *args: Any) -> bytes:
        d = zlib.decompressobj()
        out = d.decompress(data, MAX_STREAM_BYTES + 1)
        if len(out) > MAX_STREAM_BYTES or d.unconsumed_tail:
            raise InputError(self.path, "pdf_stream_too_large", limit=MAX_STREAM_BYTES >> 20)
        if not d.eof:
            raise zlib.error("incomplete or truncated stream")  # as zlib.decompress says
        self.total += len(out)
        if self.total > MAX_TOTAL_STREAM_BYTES:
            raise InputError(self.path, "pdf_streams_too_large",
                             limit=MAX_TOTAL_STREAM_BYTES >> 20)
        return out


@contextmanager
def bounded_streams(path: str) -> Iterator[None]:
    """While inside, pdfminer inflates streams within the limits."""
    from pdfminer import pdftypes

    real = pdftypes.zlib
    pdftypes.zlib = _BoundedZlib(path)  # type: ignore[assignment]
    try:
        yield
    finally:
        pdftypes.zlib = real


def limited_aggregator(path: str, resources: Any):
    """pdfminer's PDFPageAggregator (objects as drawn, no layout analysis) that counts what a
    page draws and stops at the limits."""
    from pdfminer.converter import PDFPageAggregator

    class Aggregator(PDFPageAggregator):
        def begin_page(self, page: Any, ctm: Any) -> None:
            self.number = getattr(self, "number", 0) + 1
            self.chars = self.forms = self.paths = 0
            super().begin_page(page, ctm)

        def render_char(self, *args: Any, **kwargs: Any) -> float:
            self.chars += 1
            if self.chars > MAX_PAGE_CHARS:
                raise InputError(path, "pdf_page_chars", page=self.number, limit=MAX_PAGE_CHARS)
            return super().render_char(*args, **kwargs)

        def begin_figure(self, name: str, bbox: Any, matrix: Any) -> None:
            self.forms += 1
            if len(self._stack) >= MAX_FORM_DEPTH:
                raise InputError(path, "pdf_form_depth", page=self.number, limit=MAX_FORM_DEPTH)
            if self.forms > MAX_FORMS_PER_PAGE:
                raise InputError(path, "pdf_form_count", page=self.number,
                                 limit=MAX_FORMS_PER_PAGE)
            super().begin_figure(name, bbox, matrix)

        def paint_path(self, *args: Any, **kwargs: Any) -> None:
            self.paths += 1
            if self.paths > MAX_PATHS_PER_PAGE:
                raise InputError(path, "pdf_page_paths", page=self.number, limit=MAX_PATHS_PER_PAGE)
            super().paint_path(*args, **kwargs)

    return Aggregator(resources, laparams=None)


def check_structure(path: str, data: bytes, max_pages: int) -> tuple[int, dict[str, float]]:
    """The number of pages and the descent of each font the pages name (per 1000 of the size,
    as pdfminer takes it: a Type0 font's from its descendant's descriptor, a Type3 font's from
    its glyphs' box; ``""`` for the fonts with no name), once the file's
    structure has been read with pdfminer's parser, nothing drawn: encryption, damage and too
    many pages are refused here (as pdfminer words them), every page's content streams are
    inflated within the limits, and the figures (form XObjects) each page draws, counted
    through their nesting, are bounded by depth and number. Call inside :func:`bounded_streams`."""
    import io
    import re

    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream, resolve1

    do_re = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do\b")
    document = PDFDocument(PDFParser(io.BytesIO(data)), password="")
    weights: dict[int, int] = {}  # figures drawn by one form, itself included

    def named(resources: object, kind: str) -> dict:
        found = resolve1(resources)
        found = resolve1(found.get(kind)) if isinstance(found, dict) else None
        return found if isinstance(found, dict) else {}

    def weight(ref: object, depth: int, number: int) -> int:
        if depth > MAX_FORM_DEPTH:
            raise InputError(path, "pdf_form_depth", page=number, limit=MAX_FORM_DEPTH)
        key = getattr(ref, "objid", None)
        if key is not None and key in weights:
            return weights[key]
        stream = resolve1(ref)
        if not isinstance(stream, PDFStream) or getattr(stream.get("Subtype"), "name", "") != "Form":
            return 1
        stream_fonts(stream.get("Resources"))
        total = 1 + draws(stream.get_data(), named(stream.get("Resources"), "XObject"), depth, number)
        if key is not None:
            weights[key] = total
        return total

    def draws(content: bytes, xobjects: dict, depth: int, number: int) -> int:
        total = 0
        for name in do_re.findall(content):
            ref = xobjects.get(name.decode("latin-1"))
            if ref is not None:
                total += weight(ref, depth + 1, number)
                if total > MAX_FORMS_PER_PAGE:
                    raise InputError(path, "pdf_form_count", page=number, limit=MAX_FORMS_PER_PAGE)
        return total

    descents: dict[str, float] = {}
    type3: dict[float, int] = {}  # Type3 fonts' descents (from the glyphs' box), how often

    def stream_fonts(resources: object) -> None:
        for ref in named(resources, "Font").values():
            font = resolve1(ref)
            if not isinstance(font, dict):
                continue
            if getattr(font.get("Subtype"), "name", "") == "Type3":  # PDFium gives no name
                # pdfminer takes the box of the descriptor if there is one (none in it: 0)
                descriptor = resolve1(font.get("FontDescriptor"))
                box = resolve1(descriptor.get("FontBBox", [0, 0, 0, 0])) \
                    if isinstance(descriptor, dict) else resolve1(font.get("FontBBox"))
                matrix = resolve1(font.get("FontMatrix"))
                numbers = [resolve1(v) for v in (box[1], matrix[1], matrix[3])] \
                    if isinstance(box, list) and isinstance(matrix, list) and len(box) == 4 \
                    and len(matrix) == 6 else []
                if numbers and all(isinstance(v, int | float) for v in numbers):
                    value = round(numbers[0] * (numbers[1] + numbers[2]) * 1000, 3)
                    type3[value] = type3.get(value, 0) + 1
                continue
            name = getattr(font.get("BaseFont"), "name", None)
            if not isinstance(name, str):
                continue
            name = name.split("+", 1)[-1]  # PDFium names a subset font without its tag
            if name in descents:
                continue
            if getattr(font.get("Subtype"), "name", "") == "Type0":
                first = resolve1(font.get("DescendantFonts"))
                font = resolve1(first[0]) if isinstance(first, list) and first else {}
                font = font if isinstance(font, dict) else {}
            descriptor = resolve1(font.get("FontDescriptor"))
            if isinstance(descriptor, dict):
                value = resolve1(descriptor.get("Descent", 0))
                if isinstance(value, int | float):
                    descents[name] = -abs(value)

    count = 0
    for page in PDFPage.create_pages(document):
        count += 1
        if count > max_pages:
            raise InputError(path, "pdf_too_many_pages", limit=max_pages)
        contents = page.contents if isinstance(page.contents, list) else [page.contents]
        content = b" ".join(s.get_data() for s in map(resolve1, contents) if isinstance(s, PDFStream))
        draws(content, named(page.resources, "XObject"), 0, count)
        stream_fonts(page.resources)
    if type3:  # the commonest for the fonts PDFium gives no name (Chromium's bold, Type3)
        descents[""] = max(type3, key=type3.__getitem__)
    return count, descents
