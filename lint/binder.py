"""Binding: give every table cell of the document its canonical key from the format profile.

Tables in real reports are ragged: merged cells shift leading empty cells, rows end in empty
cells, labels are spaced apart, wrapped, mistyped or in the old template's wording, and the
one-cell-per-line layout has no row structure beyond blank lines. So the binder reads a table
as a stream of cells. A text cell that matches a row label opens that row; the number, NA and
blank cells after it are its values, fitted to the block's columns. Text-only rows are headers
(column labels, block labels such as 第二十条第（一）项, group labels such as （三）不予公开).
Where a label is garbled, a row of values binds by position: the next row of the template.

What the template's labels are and how a cell's text is matched to one is lint/labels.py.
"""

from __future__ import annotations

from .ast import Cell, Document, LabelDiff, Report, Span, Table
from .labels import TableLabels, Target, _Labels, core, diff_kind, label_owners, table_labels
from .profiles import DEFAULT_PROFILE, BlockSpec, Profile, RowSpec, load_profiles

# --- binding one table ---------------------------------------------------------------------


class TableBinder:
    """Reads the rows of the document tables that hold one template table as a stream of
    cells, and binds each value cell to its key in ``cells``."""

    def __init__(self, profile: Profile, idx: TableLabels, cells: dict[str, Cell],
                 diffs: list[LabelDiff], leftovers: list[Cell]) -> None:
        self.profile, self.idx = profile, idx
        self.cells, self.diffs, self.leftovers = cells, diffs, leftovers  # what binding fills
        self.block: BlockSpec | None = None
        self.last_row: dict[str, int] = {}
        self.carried: Cell | None = None

    def run(self, tables: list[Table]) -> None:
        self.block = self.idx.spec.blocks[0]
        for table in tables:
            for row in table.rows:
                for labels, values, filled in _segments(row.cells):
                    if filled:
                        self.values_row(labels, values)
                    else:
                        self.header_row(labels)

    # A row of labels only: column headers, block labels, group labels.
    def header_row(self, labels: list[Cell]) -> None:
        carried = None
        for cell in labels:
            target, exact = self.lookup(cell.text, self.idx.others, prefer_block=True)
            if target is None:
                target, exact = self.lookup(cell.text, self.idx.rows)
                if target is not None and target.kind == "row":
                    # A row label on a line of its own; its values follow on the next line.
                    self.carried = cell
                    return
            if target is None:
                carried = cell
                self.leftovers.append(cell)
                continue
            if target.kind == "block":
                self.block = target.block
            if target.kind == "column" and target.block is not self.block and \
                    self.block is not None and self._has_column(self.block, target.column_key):
                target = Target("column", self.block, self._col_label(self.block, target.column_key),
                                column_key=target.column_key)
            if not exact:
                self.record_diff(cell, target)
        self.carried = carried

    def values_row(self, labels: list[Cell], values: list[Cell]) -> None:
        target, label_cell, exact = self.row_target(labels)
        for cell in labels:
            if cell is label_cell:
                continue
            other, other_exact = self.lookup(cell.text, self.idx.rows)
            if other is None:
                other, other_exact = self.lookup(cell.text, self.idx.others)
            if other is None:
                self.leftovers.append(cell)
            elif not other_exact:
                self.record_diff(cell, other)
        self.carried = None
        if target is None:
            target, label_cell, exact = self.group_target(labels)
        if target is None:
            row = self.next_row()
            if row is None:
                self.leftovers.extend(v for v in values if v.kind != "blank")
                return
            block, spec = row
        else:
            block, spec = target.block, target.row
            if not exact and label_cell is not None:
                self.record_diff(label_cell, target)
        self.block = block
        self.bind(block, spec, values)

    def row_target(self, labels: list[Cell]) -> tuple[Target | None, Cell | None, bool]:
        """The row the values belong to: the last label cell that names a row, or that label
        joined with the wrapped part before it."""
        if not labels and self.carried is None:
            return None, None, False
        if len(labels) == 1 and self.carried is None:  # the usual row: one label, its values
            target, exact, _ = self.lookup_scored(labels[0].text, self.idx.rows, rows_only=True)
            return (target, labels[0], exact) if target is not None else (None, None, False)
        candidates: list[tuple[str, Cell]] = []
        if labels:
            candidates.append((labels[-1].text, labels[-1]))
            if self.carried is not None:
                candidates.append((self.carried.text + labels[-1].text, labels[-1]))
            if len(labels) >= 2:
                candidates.append((labels[-2].text + labels[-1].text, labels[-1]))
        elif self.carried is not None:
            candidates.append((self.carried.text, self.carried))
        best: tuple[Target | None, Cell | None, bool, float] = (None, None, False, 0.0)
        for text, cell in candidates:
            target, exact, score = self.lookup_scored(text, self.idx.rows, rows_only=True)
            if target is not None and score > best[3]:
                best = (target, cell, exact, score)
        if best[0] is not None and self.carried is not None and labels and best[1] is labels[-1] \
                and core(self.carried.text + labels[-1].text) in self.idx.rows:
            # The carried text was the first half of this wrapped label, not a leftover.
            self.leftovers[:] = [c for c in self.leftovers if c is not self.carried]
        return best[0], best[1], best[2]

    def group_target(self, labels: list[Cell]) -> tuple[Target | None, Cell | None, bool]:
        """A group's label with values of its own: the group written as one row holding its
        total (表三（六）其他处理 as the 2019 template has it), not its first item."""
        if not labels:
            return None, None, False
        target, exact, _ = self.idx.lookup(labels[-1].text, self.idx.rows)
        if target is None or target.kind != "group" or target.row is None:
            return None, None, False
        return target, labels[-1], exact

    def lookup(self, text: str, table: _Labels, prefer_block: bool = False
               ) -> tuple[Target | None, bool]:
        target, exact, _ = self.idx.lookup(text, table, self.block if prefer_block else None)
        return target, exact

    def lookup_scored(self, text: str, table: _Labels, rows_only: bool = False
                      ) -> tuple[Target | None, bool, float]:
        return self.idx.lookup(text, table, rows_only=rows_only)

    def next_row(self) -> tuple[BlockSpec, RowSpec] | None:
        """Fallback by position: the first unbound row after the last one bound."""
        block = self.block or self.idx.spec.blocks[0]
        start = self.last_row.get(block.key, -1) + 1
        for i in range(start, len(block.rows)):
            row = block.rows[i]
            if not any(key in self.cells for key in block.row_cell_keys[row.key]):
                return block, row
        return None

    def bind(self, block: BlockSpec, row: RowSpec, values: list[Cell]) -> None:
        fitted, extra = fit(values, len(block.columns))
        self.leftovers.extend(extra)
        for key, cell in zip(block.row_cell_keys[row.key], fitted, strict=False):
            if key in self.cells:
                self.leftovers.append(cell)  # the row was bound already: keep the first
                continue
            self.cells[key] = cell
        self.last_row[block.key] = block.row_index[row.key]

    def record_diff(self, cell: Cell, target: Target) -> None:
        kind = diff_kind(cell.raw, target.label, self.profile.id)
        if kind is None:
            return
        table = self.idx.spec.key
        if target.kind == "row" and target.row is not None:
            key = f"{table}.{target.row.key}"
        elif target.kind == "column":
            key = f"{table}.{target.block.key}:{target.column_key}"
        else:
            key = f"{table}.{target.block.key}"
        self.diffs.append(LabelDiff(key, target.label, cell.raw, kind, cell.span))

    @staticmethod
    def _has_column(block: BlockSpec, key: str) -> bool:
        return any(c.key.rpartition(".")[2] == key for c in block.columns)

    @staticmethod
    def _col_label(block: BlockSpec, key: str) -> str:
        return next(c.label for c in block.columns if c.key.rpartition(".")[2] == key)


def _segments(cells: list[Cell]) -> list[tuple[list[Cell], list[Cell], bool]]:
    """Split a physical row into (label cells, value cells, whether a value is filled) runs.
    Blank cells before or between labels are where merged cells were, so they are dropped."""
    segments: list[tuple[list[Cell], list[Cell], bool]] = []
    labels: list[Cell] = []
    values: list[Cell] = []
    filled = False  # a number or NA among values
    for cell in cells:
        kind = cell.kind
        if kind == "text":
            if filled:
                segments.append((labels, values, True))
                labels = []
            values, filled = [], False
            labels.append(cell)
        else:
            values.append(cell)
            if kind != "blank":
                filled = True
    segments.append((labels, values, filled))
    return segments


def fit(values: list[Cell], n: int) -> tuple[list[Cell], list[Cell]]:
    """Choose which of a row's value slots are its ``n`` columns.

    Empty cells before and after the values are usually layout (merged cells, a trailing
    tab), but may be real blank cells: take the reading in which the row has exactly ``n``
    cells, preferring the one that drops the fewest blanks from the front.
    """
    filled = [v for v in values if v.kind != "blank"]
    if len(filled) >= n:
        return filled[:n], filled[n:]
    first = next(i for i, v in enumerate(values) if v.kind != "blank")
    last = max(i for i, v in enumerate(values) if v.kind != "blank")
    inner = values[first:last + 1]
    if len(inner) >= n:
        return inner[:n], [v for v in inner[n:] if v.kind != "blank"]
    # Pad with the blanks around the values: leading ones first (merged header columns
    # push values right), then trailing ones.
    lead = values[:first]
    trail = values[last + 1:]
    need = n - len(inner)
    take_lead = min(need, len(lead))
    take_trail = min(need - take_lead, len(trail))
    return lead[len(lead) - take_lead:] + inner + trail[:take_trail], []


# --- the whole document ----------------------------------------------------------------------


def _labelled_tables(doc: Document) -> list[tuple[Table, set[str]]]:
    """Every table of the document with the label cores of its text cells (computed once for
    both profile detection and table assignment)."""
    return [(table, {core(c.text) for r in table.rows for c in r.cells if c.kind == "text"})
            for table in _tables(doc)]


def detect_profile(doc: Document, labelled: list[tuple[Table, set[str]]] | None = None) -> str:
    """The profile whose labels the document's tables use most; when its tables are in
    different templates (表二 in 2019's, 表三 in 2021's), the one of the report's year."""
    profiles = load_profiles()
    owners = label_owners()
    scores = dict.fromkeys(profiles, 0)
    if labelled is None:
        labelled = _labelled_tables(doc)
    if doc.year is not None:
        pointed = {t[0] for table, _ in labelled if (t := _template_of([table])) is not None}
        covering = sorted(pid for pid in pointed if profiles[pid].covers(doc.year))
        if len(pointed) > 1 and covering:
            return covering[0]
    for key in set().union(*(labels for _, labels in labelled)) & owners.keys():
        for pid in owners[key]:
            scores[pid] += 1
    best = max(scores.values())
    tied = [pid for pid, s in scores.items() if s == best]
    if len(tied) == 1:
        return tied[0]
    if doc.year is not None:
        for pid in tied:
            if profiles[pid].covers(doc.year):
                return pid
    return DEFAULT_PROFILE if DEFAULT_PROFILE in tied else tied[0]


def _tables(doc: Document) -> list[tuple[Table]]:
    found = [n for n in doc.preamble if isinstance(n, Table)]
    for section in doc.sections:
        found.extend(section.tables)
    return found


def _assign(doc: Document, profile: Profile, labelled: list[tuple[Table, set[str]]]
            ) -> dict[str, list[Table]]:
    """Which document tables hold which template table: by their labels, else by section."""
    indexes = table_labels(profile.id)
    assigned: dict[str, list[Table]] = {t.key: [] for t in profile.tables}
    section_of: dict[int, str | None] = {}
    for section in doc.sections:
        for table in section.tables:
            section_of[id(table)] = section.key
    for table, labels in labelled:
        scores = {key: len(labels & idx.labels()) for key, idx in indexes.items()}
        best = max(scores.values()) if scores else 0
        if best >= 2:
            key = max(scores, key=lambda k: (scores[k], indexes[k].spec.section == section_of.get(id(table))))
        else:
            key = next((t.key for t in profile.tables if t.section == section_of.get(id(table))), None)
        if key is not None:
            assigned[key].append(table)
    return assigned


def _template_of(tables: list[Table]) -> tuple[str, list[str]] | None:
    """The profile whose own labels (those no other profile has) these tables use most, with
    those labels as written; None when their labels do not tell (or tie)."""
    owners = label_owners()
    found: dict[str, list[str]] = {}
    for table in tables:
        for row in table.rows:
            for cell in row.cells:
                if cell.kind != "text":
                    continue
                pids = owners.get(core(cell.text))
                if pids is not None and len(pids) == 1:
                    written = found.setdefault(next(iter(pids)), [])
                    if cell.text not in written:
                        written.append(cell.text)
    if not found:
        return None
    ranked = sorted(found.items(), key=lambda item: len(item[1]), reverse=True)
    if len(ranked) > 1 and len(ranked[0][1]) == len(ranked[1][1]):
        return None
    return ranked[0]


def bind(doc: Document, path: str = "<text>", profile_id: str | None = None) -> Report:
    """Bind every table of ``doc``. A table whose own labels are another template's than the
    report's (2019 column headings in 表二 of a 2023 report) is bound with that template, so
    that its cells get the keys of what their headings mean, never the report template's
    columns by position; ``profile_id`` forces one template for every table."""
    profiles = load_profiles()
    labelled = _labelled_tables(doc)
    detected = detect_profile(doc, labelled)
    profile = profiles[profile_id or detected]
    cells: dict[str, Cell] = {}
    diffs: list[LabelDiff] = []
    leftovers: list[Cell] = []
    found = {}
    bound_with: dict[str, str] = {}
    templates: dict[str, tuple[str, list[str]]] = {}
    unreadable: dict[str, Span] = {}
    for key, tables in _assign(doc, profile, labelled).items():
        if not tables:
            continue
        found[key] = tables[0].span.to(tables[-1].span)
        readable = [t for t in tables if t.layout != "run-on"]
        if len(readable) < len(tables):
            unreadable[key] = next(t.span for t in tables if t.layout == "run-on")
        if not readable:
            continue  # never guess the cells of a run-on table
        template = _template_of(readable)
        if template is not None:
            templates[key] = template
        use = profile if profile_id or template is None else profiles[template[0]]
        bound_with[key] = use.id
        TableBinder(use, table_labels(use.id)[key], cells, diffs, leftovers).run(readable)
    ordered: dict[str, Cell] = {}
    missing: list[str] = []
    for table in profile.tables:
        use = profiles[bound_with.get(table.key, profile.id)]
        for k in use.table_cells[table.key]:
            if (c := cells.get(k)) is not None:
                ordered[k] = c
            elif use.folded_by.get(k) not in cells:
                # An item of a group written as one row is not missing: its total stands for it.
                missing.append(k)
        for k in use.table_group_cells[table.key]:
            if (c := cells.get(k)) is not None:
                ordered[k] = c
    leftovers = [c for c in leftovers if c.kind != "blank"]
    return Report(path, doc, profile.id, detected, ordered, missing, found, diffs, leftovers,
                  table_profiles=bound_with, templates=templates, unreadable=unreadable)
