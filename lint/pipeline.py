"""The parse half of the pipeline in one call: text → Document → Report."""

from __future__ import annotations

from .ast import Report, Table
from .binder import bind
from .parser import parse

GRID_KINDS = ("pdf", "docx", "html")  # adapters whose tab rows are a table's ruled grid


def parse_text(text: str, path: str = "<text>", *, profile: str | None = None,
               markdown: bool | None = None, metadata: dict[str, str] | None = None,
               grids: bool = False) -> Report:
    """Parse and bind the text form of a report. ``profile`` forces a format profile;
    by default it is detected from the table labels. ``metadata`` is what the adapter found
    outside the text form (``Source.metadata``). ``grids``: the text form's tab rows are the
    cells of ruled tables (the adapter's kind is in GRID_KINDS)."""
    if markdown is None:
        markdown = path.lower().endswith((".md", ".markdown"))
    doc = parse(text, markdown=markdown, metadata=metadata)
    if grids:
        for node in (*doc.preamble, *(n for s in doc.sections for n in s.body)):
            if isinstance(node, Table) and node.layout == "tab-rows":
                node.layout = "ruled-grid"
    return bind(doc, path, profile)
