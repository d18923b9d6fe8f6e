"""PDF: characters and ruling lines through pdfplumber (built on pdfminer.six), then the text
form rebuilt from geometry by :mod:`.pdf_layout`.

This module is imported only when a ``.pdf`` file is read. Everything that can go wrong inside
the PDF library on a hostile or damaged file is turned into an :class:`InputError` here; the
geometry that follows works on plain data.
"""

from __future__ import annotations

import io
from typing import Any

from . import InputError, Source
from .pdf_layout import PageContent, build

MAX_PAGES = 300  # a report has well under 60 pages; a file with more is not one
MAX_CHARS_PER_PAGE = 60_000  # far beyond a dense A4 page; bounds time on crafted pages
NO_TEXT = "no text layer; it may be a scanned image — OCR it first"


def read(path: str, data: bytes) -> Source:
    pages = extract(path, data)
    if not any(p.chars for p in pages):
        raise InputError(path, NO_TEXT)
    text, origins = build(pages)
    if not text.strip():
        raise InputError(path, NO_TEXT)
    notes = [f"PDF: {len(pages)} pages, text rebuilt from the layout"]
    return Source(path, text, "pdf", origins=origins, notes=notes)


def extract(path: str, data: bytes) -> list[PageContent]:
    """Characters and table cells of every page, or InputError naming what is wrong."""
    if b"%PDF-" not in data[:1024]:
        raise InputError(path, "not a PDF (no %PDF- header)")
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data), password="") as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise InputError(path, f"too many pages ({len(pdf.pages)}; the limit is {MAX_PAGES})")
            if not pdf.pages:
                raise InputError(path, "the PDF has no pages")
            return [_page(path, page) for page in pdf.pages]
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds on damaged files
        raise InputError(path, _reason(exc)) from exc


def _page(path: str, page: Any) -> PageContent:
    try:
        chars = [c for c in page.chars if c["text"]]
        if len(chars) > MAX_CHARS_PER_PAGE:
            raise InputError(path, f"page {page.page_number} holds {len(chars)} characters; "
                                   f"the limit is {MAX_CHARS_PER_PAGE}")
        tables = [[tuple(cell) for cell in t.cells] for t in page.find_tables()] if page.edges else []
        return PageContent(page.page_number, float(page.width), float(page.height), chars, tables)
    finally:
        page.close()  # drop the page's cached objects: memory stays bounded by one page


def _reason(exc: BaseException) -> str:
    """A plain reason for a PDF library exception (pdfplumber wraps pdfminer's)."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.psexceptions import PSEOF

    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    if isinstance(inner, PDFPasswordIncorrect):
        return "encrypted: the PDF needs a password to open (save an unprotected copy)"
    if isinstance(inner, PDFEncryptionError):
        return f"encrypted with a method that cannot be read ({inner})"
    if isinstance(inner, PSEOF):
        return "truncated or damaged PDF (it ends unexpectedly)"
    message = str(inner) or type(inner).__name__
    if "No /Root" in message:
        return "damaged PDF, or not a PDF (no document catalogue found)"
    return f"damaged PDF ({type(inner).__name__}: {message[:200]})"
