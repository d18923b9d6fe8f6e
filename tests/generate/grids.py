"""The report's tables as grids of cells (header, value and blank cells), before a layout
writes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from lint.profiles import BlockSpec, Profile

from .spec import ReportSpec
from .values import fmt_decimal


@dataclass(frozen=True)
class GCell:
    text: str
    kind: str  # label | head | num | h (covered by a cell to its left) | v (by one above)


_H = GCell("", "h")
_V = GCell("", "v")


@dataclass
class GRow:
    cells: list[GCell]
    lead: int  # how many leading columns hold row labels
    kind: str  # caption | head | data
    key: str = ""  # the profile's row key (data rows) or block key (captions)


@dataclass
class Grid:
    key: str  # t2 | t3 | t4
    width: int
    rows: list[GRow]


def _pad(cells: list[GCell], width: int) -> list[GCell]:
    return cells + [_H] * (width - len(cells))


def _num(value: Decimal | str, signed: bool, plus: bool) -> GCell:
    if isinstance(value, str):
        return GCell(value, "num")  # a fault injected by a test: "/", "—", "" or text
    text = fmt_decimal(value)
    return GCell("+" + text if signed and plus and value > 0 else text, "num")


def grid_t2(spec: ReportSpec, profile: Profile, plus: bool) -> Grid:
    table = profile.table("t2")
    width = 1 + max(len(b.columns) for b in table.blocks)
    rows: list[GRow] = []
    for block in table.blocks:
        rows.append(GRow(_pad([GCell(block.label, "label")], width), 1, "caption", block.key))
        head = [GCell(block.headers[0] if block.headers else "", "head")]
        head += [GCell(c.label, "head") for c in block.columns]
        rows.append(GRow(_pad(head, width), 1, "head"))
        for row in block.rows:
            cells = [GCell(row.label, "label")]
            cells += [_num(spec.values[block.cell_key(row, c)], c.signed, plus) for c in block.columns]
            rows.append(GRow(_pad(cells, width), 1, "data", row.key))
    return Grid("t2", width, rows)


def _group_chain(block: BlockSpec, parent: str) -> list[str]:
    groups = {g.key: g for g in block.groups}
    chain: list[str] = []
    while parent:
        chain.insert(0, parent)
        parent = groups[parent].parent
    return chain


def grid_t3(spec: ReportSpec, profile: Profile) -> Grid:
    block = profile.table("t3").blocks[0]
    labels = {g.key: g.label for g in block.groups}
    applicants = [c for c in block.columns if "applicant" in c.tags]
    totals = [c for c in block.columns if "applicant" not in c.tags]
    lead = 1 + max(len(_group_chain(block, r.parent)) for r in block.rows)
    width = lead + len(block.columns)
    note, applicant_head, org_head = block.headers
    first, *orgs = applicants
    head = lambda text: GCell(text, "head")  # noqa: E731
    rows = [
        GRow([head(note), *[_H] * (lead - 1), head(applicant_head), *[_H] * (len(applicants) - 1),
              *[head(c.label) for c in totals]], lead, "head"),
        GRow([_V, *[_H] * (lead - 1), head(first.label), head(org_head), *[_H] * (len(orgs) - 1),
              *[_V] * len(totals)], lead, "head"),
        GRow([_V, *[_H] * (lead - 1), _V, *[head(c.label) for c in orgs], *[_V] * len(totals)],
             lead, "head"),
    ]
    seen: set[str] = set()
    one_row = {g.key: g for g in block.group_rows if g.key in spec.one_row_groups}
    for row in block.rows:
        values = [spec.values[block.cell_key(row, c)] for c in block.columns]
        if row.parent in one_row:
            if row.parent in seen:
                continue
            # The group as one row: its label, the sums of its items.
            row = one_row[row.parent]
            values = [sum((spec.values[block.cell_key(i, c)] for i in block.items_of(row)), Decimal(0))
                      for c in block.columns]
        # A group's label sits in the first row of the group; the rows below are merged into it.
        cells = []
        for group in _group_chain(block, row.parent):
            cells.append(_V if group in seen else GCell(labels[group], "label"))
            seen.add(group)
        seen.add(row.key)
        cells = _pad([*cells, GCell(row.label, "label")], lead)
        cells += [_num(v, False, False) for v in values]
        rows.append(GRow(cells, lead, "data", row.key))
    return Grid("t3", width, rows)


def grid_t4(spec: ReportSpec, profile: Profile) -> Grid:
    block = profile.table("t4").blocks[0]
    groups: dict[str, list] = {}
    for col in block.columns:
        groups.setdefault(col.group_label, []).append(col)
    (_, first), *rest = groups.items()
    rest_width = sum(len(cols) for _, cols in rest)
    head = lambda text: GCell(text, "head")  # noqa: E731
    r1 = [head(block.headers[0]), *[_H] * (len(first) - 1), head(block.headers[1]), *[_H] * (rest_width - 1)]
    r2 = [head(c.label) for c in first]
    r3 = [_V] * len(first)
    for label, cols in rest:
        r2 += [head(label), *[_H] * (len(cols) - 1)]
        r3 += [head(c.label) for c in cols]
    row = block.rows[0]
    data = [_num(spec.values[block.cell_key(row, c)], False, False) for c in block.columns]
    rows = [GRow(r1, 0, "head"), GRow(r2, 0, "head"), GRow(r3, 0, "head"), GRow(data, 0, "data", "t4")]
    return Grid("t4", len(block.columns), rows)
