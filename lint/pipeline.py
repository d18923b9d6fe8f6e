"""The parse half of the pipeline in one call: text → Document → Report."""

from __future__ import annotations

from .ast import Report
from .binder import bind
from .parser import parse


def parse_text(text: str, path: str = "<text>", *, profile: str | None = None,
               markdown: bool | None = None, metadata: dict[str, str] | None = None) -> Report:
    """Parse and bind the text form of a report. ``profile`` forces a format profile;
    by default it is detected from the table labels. ``metadata`` is what the adapter found
    outside the text form (``Source.metadata``)."""
    if markdown is None:
        markdown = path.lower().endswith((".md", ".markdown"))
    return bind(parse(text, markdown=markdown, metadata=metadata), path, profile)
