"""Adapters: turn each input file into the text form (one line per heading or paragraph, one
line per table row with TAB between cells), keeping what is needed to point back into it.

Libraries for PDF, DOCX and HTML are imported only when such a file is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

MAX_BYTES = 50 * 1024 * 1024  # no real report comes near this; a larger file is refused


class InputError(Exception):
    """A file that cannot be read as a report; the message names the reason."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass
class Source:
    path: str
    text: str
    kind: str  # text | markdown | pdf | docx | html
    encoding: str = "utf-8"
    notes: list[str] = field(default_factory=list)  # e.g. "encoding guessed: gb18030"


TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES


def read_source(path: str | Path) -> Source:
    """Read ``path`` into the text form, or raise InputError."""
    p = Path(path)
    name = str(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from exc
    if p.is_dir():
        raise InputError(name, "is a directory")
    if size > MAX_BYTES:
        raise InputError(name, f"file too large ({size // (1024 * 1024)} MB; the limit is "
                               f"{MAX_BYTES // (1024 * 1024)} MB)")
    if size == 0:
        raise InputError(name, "empty file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from exc
    from .text import decode

    text, encoding, guessed = decode(data, name)
    kind = "markdown" if p.suffix.lower() in MARKDOWN_SUFFIXES else "text"
    notes = [f"encoding guessed: {encoding}"] if guessed else []
    return Source(name, text, kind, encoding, notes)
