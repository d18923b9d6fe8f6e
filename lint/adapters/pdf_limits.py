"""Bounds checked while pdfminer reads a PDF, so that a few kilobytes of hostile file cannot
cost minutes or gigabytes: characters per page, decompressed stream size, and form XObjects
(figures drawn inside figures) by depth and by count per page. Each is an InputError with
its own reason (lint/adapters/messages.py). The page count, the characters of the whole file
and the file size are bounded in :mod:`.pdf` and :mod:`lint.adapters`."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from . import InputError

MAX_PAGE_CHARS = 50_000  # a dense A4 page of small type has about 3,000
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
