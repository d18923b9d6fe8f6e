"""Generate internally consistent annual reports, in every layout real text exports come in.

``generate(seed)`` draws a :class:`ReportSpec`: every cell value of the format profile, plus
what the text states (application count, 行政复议/行政诉讼 counts, 信息处理费, 建议提案,
statistics period, signature date) and the text itself as structured pieces, so that a test
can drop a sentence or a section, swap sections or change one value and render again.
``render(spec, layout, **quirks)`` writes the report text in one of :data:`LAYOUTS`.

Every name, number and sentence here is invented. Only the template's fixed labels (taken
from the format profile) and the six section headings are the real ones.

Test tooling, not part of gxlint (it is not in the wheel). By job:

- ``spec``: ``ReportSpec`` and its pieces, the layouts and quirks
- ``values``: the tables' numbers and the agencies' names
- ``prose``: the sections' text and the sentences stating facts
- ``draw``: ``generate(seed, **overrides)``
- ``corpus``: ``generate_series`` (one agency's years), ``generate_corpus`` (many agencies)
- ``grids``: the tables as grids of cells
- ``dress``: layout habits and quirks of cells, paragraph wrapping (``Wrap``)
- ``layouts``: ``render``, ``render_run_on``, ``blocks``, a portal page's metadata block
- ``fixtures``: the checked-in fixtures; ``python -m tests.generate fixtures`` rewrites them
"""

from __future__ import annotations

from .corpus import generate_corpus, generate_series
from .draw import generate, profile_for
from .dress import Wrap, wrap_label
from .fixtures import EXAMPLE_FAULTS, EXAMPLE_STEM, FIXTURES, FixtureSpec, expected, write_fixtures
from .grids import GCell, Grid, GRow
from .layouts import PORTAL_STYLES, blocks, portal_fields, portal_text, render, render_run_on
from .prose import fact_text
from .spec import (
    ISSUERS,
    LAYOUTS,
    QUIRKS,
    REPORT_NAME,
    Fact,
    Para,
    Piece,
    ReportSpec,
    SectionText,
    SubHeading,
    TableSlot,
)
from .values import chinese_count, fmt_date, fmt_decimal

__all__ = ["EXAMPLE_FAULTS", "EXAMPLE_STEM", "FIXTURES", "ISSUERS", "LAYOUTS", "PORTAL_STYLES",
           "QUIRKS", "REPORT_NAME", "Fact", "FixtureSpec", "GCell", "GRow", "Grid", "Para", "Piece",
           "ReportSpec", "SectionText", "SubHeading", "TableSlot", "Wrap", "blocks", "chinese_count",
           "expected", "fact_text", "fmt_date", "fmt_decimal", "generate", "generate_corpus",
           "generate_series", "portal_fields", "portal_text", "profile_for", "render",
           "render_run_on", "wrap_label", "write_fixtures"]
