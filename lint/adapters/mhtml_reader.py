"""MHTML (``.mht``, ``.mhtml``): a web page saved as one file — a browser's "save as single
file", Internet Explorer's web archive — is a MIME message (RFC 2557) whose first
``text/html`` part is the page, its pictures and styles the other parts. That part, undone
from its transfer encoding (quoted-printable or base64, through the standard library's
``email`` parser) and decoded by the charset the archive gives it, is read as a saved page
by html_reader.py. Locations are lines of that page, not of the archive (a note says so).
A ``.mht`` that is a plain HTML page under that name is read as one.
"""

from __future__ import annotations

from . import InputError, Note, Source

MAX_PARTS = 5_000  # a saved page holds its HTML and at most a few hundred pictures and styles
_HEAD = 4096  # where a MIME archive says it is one: its headers come first


def read(path: str, data: bytes) -> Source:
    from . import html_reader

    if not _is_mime(data[:_HEAD]):
        return html_reader.read(path, data)
    page = _page(path, data)
    source = html_reader.read(path, page)
    source.notes.append(Note.of("mhtml_page"))
    return source


def _is_mime(head: bytes) -> bool:
    lowered = head.lower()
    return b"mime-version:" in lowered or b"content-type: multipart/" in lowered


def _page(path: str, data: bytes) -> bytes:
    """The archive's HTML page, as bytes html_reader reads: UTF-8 with a BOM (which outranks
    the page's own ``<meta charset>``) when the archive names the part's charset."""
    import email

    if data.lower().count(b"content-type:") > MAX_PARTS + 1:  # before parsing them all
        raise InputError(path, "mhtml_parts", limit=MAX_PARTS)
    try:
        message = email.message_from_bytes(data)
        for count, part in enumerate(message.walk()):
            if count > MAX_PARTS:
                raise InputError(path, "mhtml_parts", limit=MAX_PARTS)
            if part.get_content_type() == "text/html":
                break
        else:
            raise InputError(path, "mhtml_no_page")
        payload = part.get_payload(decode=True)
    except RecursionError as exc:  # parts nested past Python's stack
        raise InputError(path, "mhtml_invalid", detail="parts nested too deeply") from exc
    if not isinstance(payload, bytes) or not payload.strip():
        raise InputError(path, "mhtml_no_page")
    charset = part.get_content_charset()
    if charset:
        try:
            return b"\xef\xbb\xbf" + payload.decode(charset).encode("utf-8")
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown label: the page's own <meta>, or detection, decides
    return payload
