"""Adapters: turn each input file into the text form (one line per heading or paragraph, one
line per table row with TAB between cells), keeping what is needed to point back into it.

Libraries for PDF, DOCX and HTML are imported only when such a file is read.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from .messages import reason

MAX_BYTES = 50 * 1024 * 1024  # no real report comes near this; a larger file is refused
MAX_LINE_CHARS = 200_000  # one line of the text form; a report's longest paragraph has a few thousand


class InputError(Exception):
    """A file that cannot be read as a report. ``code`` names the reason in
    :mod:`.messages`, ``details`` fill its placeholders; ``reason`` is the English text,
    :meth:`text` the text in the run's language."""

    def __init__(self, path: str, code: str, **details: object) -> None:
        self.path = path
        self.code = code
        # Library exceptions become their text: nothing holds on to them or their tracebacks.
        self.details = {k: v if isinstance(v, int | float | str) else str(v)
                        for k, v in details.items()}
        self.reason = self.text("en")
        super().__init__(f"{path}: {self.reason}")

    def __reduce__(self):  # picklable (e.g. across worker processes) despite keyword details
        return _input_error, (self.path, self.code, self.details)

    def text(self, lang: str) -> str:
        return reason(self.code, lang, **self.details)


# Records are NamedTuples or plain classes: a dataclass compiles its methods at import.


class Note(NamedTuple):
    """Something worth saying about how a file was read (``-v``): ``code`` names the
    wording in :data:`.messages.NOTES`, ``details`` fill it; ``str()`` is the English."""

    code: str
    details: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, code: str, **details: object) -> Note:
        return cls(code, tuple(details.items()))

    def text(self, lang: str) -> str:
        from .messages import note

        return note(self.code, lang, **dict(self.details))

    def __str__(self) -> str:
        return self.text("en")


def _input_error(path: str, code: str, details: dict[str, object]) -> InputError:
    return InputError(path, code, **details)


def _os_error(path: str, exc: OSError) -> InputError:
    """The common OS errors in the run's language; others with the OS's own words."""
    if isinstance(exc, FileNotFoundError):
        return InputError(path, "missing")
    if isinstance(exc, PermissionError):
        return InputError(path, "no_permission")
    return InputError(path, "cannot_read", detail=exc.strerror or exc)


class Origin(NamedTuple):
    """Where one line of the text form came from in the user's file."""

    line: int | None = None  # 1-based line in the file (HTML); text files need no origins
    column: int | None = None
    page: int | None = None  # PDF, 1-based
    bbox: tuple[float, float, float, float] | None = None  # PDF points: x0, y0, x1, y1
    paragraph: int | None = None  # DOCX: 1-based block, a table row counting as one
    # PDF table row: the box (as ``bbox``) of the cell at each TAB-separated position of the
    # line, None where no cell starts; lint/annotate and the review page
    # outline a finding's own cell with it.
    cells: tuple[tuple[float, float, float, float] | None, ...] | None = None


class Source:
    """A file read into the text form, with what points back into the file."""

    def __init__(self, path: str, text: str, kind: str, encoding: str = "utf-8",
                 notes: list[Note] | None = None, origins: list[Origin] | None = None,
                 metadata: dict[str, str] | None = None, pages: int | None = None,
                 unread_pages: tuple[int, ...] = (), pictures: tuple[int, ...] = ()) -> None:
        self.path = path
        self.text = text
        self.kind = kind  # text | markdown | pdf | docx | html
        self.encoding = encoding
        self.notes: list[Note] = [] if notes is None else notes  # e.g. the encoding was guessed
        # origins[i] is where line i + 1 of ``text`` came from; None when the text form is the
        # file itself (plain text and Markdown).
        self.origins = origins
        # What the file says about itself outside the text form, e.g. a saved portal page's
        # <meta name="PubDate">: name -> value (lint/portal.py reads the names it knows).
        self.metadata: dict[str, str] = {} if metadata is None else metadata
        self.pages = pages  # PDF: how many pages
        self.unread_pages = unread_pages  # PDF: pages with no text layer (scanned images), 1-based
        # HTML, DOCX: where pictures stand in the text form, as the line above each (0: the top).
        # A picture where a statistics table should be is a table gxlint cannot read (GX312).
        self.pictures = pictures

    def origin(self, line: int) -> Origin | None:
        if self.origins is None or not 1 <= line <= len(self.origins):
            return None
        return self.origins[line - 1]


TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
# suffix -> module in this package whose ``read(path: str, data: bytes) -> Source`` makes the
# text form; imported on first use so that PDF/DOCX/HTML libraries load only when needed.
READERS = {
    ".pdf": "pdf",
    ".docx": "docx_reader",  # not "docx": python-docx is imported as ``docx``
    ".html": "html_reader",
    ".htm": "html_reader",
    ".shtml": "html_reader",  # what many portals' addresses end in, kept by a saved page
    ".xhtml": "html_reader",
    ".mht": "mhtml_reader",  # a page saved as one file (MIME: the HTML and its pictures)
    ".mhtml": "mhtml_reader",
}
SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + tuple(READERS)


def read_source(path: str | Path) -> Source:
    """Read ``path`` into the text form, or raise InputError."""
    p = Path(path)
    name = str(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise _os_error(name, exc) from exc
    if p.is_dir():
        raise InputError(name, "directory")
    if size > MAX_BYTES:
        raise InputError(name, "too_large", size=size // (1024 * 1024),
                         limit=MAX_BYTES // (1024 * 1024))
    if size == 0:
        raise InputError(name, "empty")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise _os_error(name, exc) from exc
    module = READERS.get(p.suffix.lower())
    if module is None:  # a .doc, .xlsx, image…: converted, or refused naming the format
        from . import formats

        if p.suffix.lower() in formats.CONVERTIBLE:
            return _checked(formats.read(name, data))
        formats.refuse(name, data)
        module = _sniffed(data)
    if module is not None:
        from importlib import import_module

        return _checked(import_module(f".{module}", __name__).read(name, data))
    from .text import decode

    text, encoding, guessed = decode(data, name)
    kind = "markdown" if p.suffix.lower() in MARKDOWN_SUFFIXES else "text"
    notes = [Note.of("encoding_guessed", encoding=encoding)] if guessed else []
    return _checked(Source(name, text, kind, encoding, notes))


def _sniffed(data: bytes) -> str | None:
    """The reader of a file whose name does not say what it is, by what it starts with: a
    portal's download saved as ``DownloadFile.do`` or ``1.jsp`` is a PDF, a DOCX or a web page
    (a web page starts, after a BOM, white space and an XML declaration, with ``<!DOCTYPE
    html`` or ``<html``). None: text."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04") and _zip_holds(data, "word/document.xml"):
        return "docx_reader"
    head = data[:1024].removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if head.startswith(b"<?xml"):
        head = head[head.find(b"?>") + 2:].lstrip()
    return "html_reader" if head.startswith((b"<!doctype html", b"<html")) else None


def _zip_holds(data: bytes, member: str) -> bool:
    import io
    import zipfile

    try:
        return member in zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _checked(source: Source) -> Source:
    """Refuse a text form with a line past MAX_LINE_CHARS: no report writes one, and every
    later stage works line by line."""
    text, start, number = source.text, 0, 1
    if len(text) <= MAX_LINE_CHARS:
        return source
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if end - start > MAX_LINE_CHARS:
            raise InputError(source.path, "line_too_long", line=number, length=end - start,
                             limit=MAX_LINE_CHARS)
        start, number = end + 1, number + 1
    return source
