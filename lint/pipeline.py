"""The parse half of the pipeline in one call: text → Document → Report."""

from __future__ import annotations

from .ast import Report
from .binder import bind
from .parser import parse


def parse_text(text: str, path: str = "<text>", *, profile: str | None = None,
               markdown: bool | None = None) -> Report:
    """Parse and bind the text form of a report. ``profile`` forces a format profile;
    by default it is detected from the table labels."""
    if markdown is None:
        markdown = path.lower().endswith((".md", ".markdown"))
    return bind(parse(text, markdown=markdown), path, profile)
