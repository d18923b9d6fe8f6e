"""Plain text and Markdown: UTF-8 with or without BOM, UTF-16, or GB18030/GBK."""

from __future__ import annotations

import codecs

from . import InputError

# Control characters other than whitespace, and U+FFFD (what a decoder made of bad bytes).
_CONTROLS = dict.fromkeys([c for c in range(32) if chr(c) not in "\t\r\n\f\v"] + [0xFFFD])
_CONTROL_BYTES = [b for b in range(32) if chr(b) not in "\t\r\n\f\v"] + [0x7F]


def decode(data: bytes, path: str) -> tuple[str, str, bool]:
    """(text, encoding, guessed). A BOM decides; otherwise UTF-8, then UTF-16 by its zero
    bytes, then GB18030 (a superset of GBK and GB2312)."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _checked(_decode(data, encoding, path), path), encoding, False
    try:
        return _checked(data.decode("utf-8"), path), "utf-8", False
    except UnicodeDecodeError:
        pass
    zeros_odd = data[1::2].count(0)
    zeros_even = data[0::2].count(0)
    half = max(len(data) // 2, 1)
    if zeros_odd > half * 0.2 or zeros_even > half * 0.2:
        encoding = "utf-16-le" if zeros_odd >= zeros_even else "utf-16-be"
        # CJK text in UTF-16 has few zero bytes; ASCII-heavy text has many on one side.
        try:
            return _checked(data.decode(encoding), path), encoding, True
        except UnicodeDecodeError:
            pass
    sample = data[:20000]
    controls = sum(sample.count(b) for b in _CONTROL_BYTES)
    if controls > len(sample) * 0.05:  # judged by share: a stray NUL is damage, not binary
        if sample.count(0):
            raise InputError(path, "binary_nul")
        raise InputError(path, "binary")
    try:
        return _checked(data.decode("gb18030"), path), "gb18030", True
    except UnicodeDecodeError as exc:
        raise InputError(path, "not_text", at=exc.start) from exc


def _decode(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(path, "bad_encoding", encoding=encoding, at=exc.start) from exc


def _checked(text: str, path: str) -> str:
    """Refuse text with a large share of control characters: a binary file renamed .txt
    (a stray NUL or two in a report is damage, not a reason to refuse it)."""
    sample = text[:20000]
    if not sample.strip():
        raise InputError(path, "blank")
    # Counted in one C-level pass: deleting them and comparing lengths.
    controls = len(sample) - len(sample.translate(_CONTROLS))
    if controls > len(sample) * 0.05:
        raise InputError(path, "binary")
    return text
