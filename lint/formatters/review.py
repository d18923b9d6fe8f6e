"""What the review page (lint/formatters/html.py) needs of one parsed report, kept by the
per-file pass when ``--format html`` is asked for: who wrote the report, its dates, and every
bound cell with where it is. Compact on purpose: a batch of thousands keeps one per report,
and the result cache stores it as JSON.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..adapters import Source
    from ..ast import Report

Box = tuple[float, float, float, float]  # PDF points from the page's bottom left: x0, y0, x1, y1


@dataclass
class ReviewFacts:
    title: str | None = None
    agency: str | None = None
    year: int | None = None
    issuer: str | None = None  # department | government | township
    period: str | None = None  # the statement as written
    signed_by: str | None = None
    signed: str | None = None  # ISO dates
    published: str | None = None
    # Bound cell key -> (text, line, column[, page, box]): line/column as findings count them
    # (engine.Positions), page and box for a PDF cell in a ruled table.
    cells: dict[str, tuple] = field(default_factory=dict)
    # A template label written otherwise (lint/binder.LabelDiff) -> where: (line, column).
    labels: dict[str, tuple] = field(default_factory=dict)
    tables: dict[str, str] = field(default_factory=dict)  # table key found -> profile bound with
    unreadable: list[str] = field(default_factory=list)  # tables found but not readable (run-on)

    def __setstate__(self, state: dict) -> None:
        # From a worker: one copy of each cell key in the main process, not one per report.
        state["cells"] = {sys.intern(k): v for k, v in state["cells"].items()}
        self.__dict__.update(state)


def review_facts(report: Report, source: Source | None) -> ReviewFacts:
    from ..engine import Positions

    doc = report.document
    positions = Positions(doc.text, source)
    sig = doc.signature
    facts = ReviewFacts(
        title=doc.title.text if doc.title else None, agency=doc.agency, year=doc.year,
        issuer=doc.issuer, period=doc.period.text if doc.period else None,
        signed_by=sig.agency if sig else None,
        signed=sig.date.value.isoformat() if sig and sig.date else None,
        published=doc.published.value.isoformat() if doc.published else None,
        tables={k: report.table_profiles.get(k, report.profile) for k in report.tables_found},
        unreadable=sorted(report.unreadable))
    lines = positions.lines
    for key, cell in report.cells.items():
        loc = positions.location(cell.span)
        entry: tuple = (cell.text, loc.line, loc.column)
        origin = source.origin(cell.line) if source is not None else None
        if origin is not None and origin.page is not None and origin.bbox is not None:
            box = origin.bbox
            if origin.cells:  # the n-th TAB-separated cell of a PDF table row
                n = lines[cell.line - 1][:cell.column - 1].count("\t")
                own = origin.cells[n] if n < len(origin.cells) else None
                if own is not None:
                    box = (own[0], box[1], own[2], box[3])
            entry += (origin.page, box)
        facts.cells[key] = entry
    for diff in report.label_diffs:
        loc = positions.location(diff.span)
        facts.labels.setdefault(diff.key, (loc.line, loc.column))
    return facts
