"""The check kinds. A rule in YAML names one kind and gives its parameters; the kind is the
code that looks at the bound report and says where the rule is broken.

Each kind is a generator of ``Hit``s: where, the message's placeholder values, the cells
involved and what identifies the hit across re-flowed text. The kinds live in modules by what
they check; importing this package registers all of them in ``KINDS``:

- ``registry``: ``KINDS``, ``kind()``, ``Context``, ``Hit`` (and the ``Structure`` a context keeps)
- ``describe``: numbers, dates, tables and cells named in messages
- ``sections``: not a report, section presence/order/headings, the report's structure
- ``text``: patterns in a scope, stale year references, the announced parts, empty sections
- ``dates``: required facts, period and years, the publication deadline
- ``tables``: tables present/readable/complete, labels, cell kinds and values, outdated template
- ``arithmetic``: expressions over cells (``assert``)
- ``text_numbers``: numbers in the text against cells and parts, units
- ``typography``: page debris, spaces in the title
- ``crossyear``: kinds judged across a run (cross-year, text repeated, suppression)
"""

from __future__ import annotations

from . import arithmetic, dates, sections, tables, text, text_numbers, typography  # noqa: F401
from .crossyear import PairHit, cross_year, cross_year_keys
from .registry import KINDS, CheckFn, Context, Hit, Structure, kind
from .sections import is_report, structure

__all__ = ["KINDS", "CheckFn", "Context", "Hit", "PairHit", "Structure", "cross_year",
           "cross_year_keys", "is_report", "kind", "structure"]
