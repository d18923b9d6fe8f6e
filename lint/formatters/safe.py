"""Text from reports and file names made safe to show: control characters never reach a
terminal, a log or a page as themselves.

An ESC starts terminal sequences (titles, hyperlinks, clearing the screen), a newline in a
file name would forge a finding line, and bidi overrides reorder what a reader sees; each is
shown as an escape instead (``\\x1b``, ``\\n``, ``\\u202e``).
"""

from __future__ import annotations

import re
from functools import cache

# C0 and C1 controls and DEL; bidi embeddings, overrides, isolates and marks; the Unicode line
# and paragraph separators; the BOM and the zero-width characters that hide text.
_UNSAFE = "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]"
_UNSAFE_KEEP_LINES = ("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e"
                      "\u2066-\u2069\ufeff]")


@cache
def _pattern(keep_lines: bool) -> re.Pattern[str]:
    """Compiled on first use: a run that prints no finding compiles neither."""
    return re.compile(_UNSAFE_KEEP_LINES if keep_lines else _UNSAFE)


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch == "\n":
        return "\\n"
    if ch == "\t":
        return "\\t"
    if ch == "\r":
        return "\\r"
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, keep_lines: bool = False) -> str:
    """``text`` with every control character shown as an escape; ``keep_lines`` leaves
    newlines and tabs (an HTML page's tooltips)."""
    pattern = _pattern(keep_lines)
    return pattern.sub(_escape, text) if pattern.search(text) else text
