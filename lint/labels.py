"""The template's table labels, indexed for matching what a report's cells say.

For each table of a format profile, :class:`TableLabels` holds every row, column, group, block
and header label by its *core* (what the label says without numbering, punctuation, spacing or
width differences) and finds the label a cell's text means, exactly or with tolerance for
typos. :func:`diff_kind` says how a written label differs from the template's. The binder
(lint/binder.py) uses these to give cells their keys; it holds no label knowledge of its own.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from functools import cache
from itertools import accumulate
from typing import NamedTuple

from .lexer import fold
from .profiles import BlockSpec, RowSpec, TableSpec, load_profiles
from .regexes import regex

_NUMBERING_RE = regex(r"^(?:[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十]{1,3}\)|\d{1,2}[.、](?!\d))")
_PUNCT_RE = regex(r"[，,、。.：:；;\"'()（）“”‘’\[\]【】《》<>\s*]")
FUZZY_THRESHOLD = 0.75


@cache
def core(label: str) -> str:
    """What a label says, without numbering, punctuation, spacing or width differences."""
    folded = fold(label)
    folded = _NUMBERING_RE.sub("", folded)
    return _PUNCT_RE.sub("", folded)


def numbered(label: str) -> str:
    """A label as written with its number, without punctuation, spacing or width differences."""
    return _PUNCT_RE.sub("", fold(label))


# Records here are NamedTuples or plain classes: a dataclass compiles its methods at import.


class Target(NamedTuple):
    """What a label names: a row, a column, a group of rows, a block or a header."""

    kind: str  # row | column | group | block | header
    block: BlockSpec
    label: str
    row: RowSpec | None = None
    column_key: str = ""


class _Labels(dict[str, list[Target]]):
    """Label core → targets. ``cores`` is the labels as a tuple, set once the index is built:
    the fuzzy matcher's cache key, made once rather than on every lookup."""

    cores: tuple[str, ...] = ()


class TableLabels:
    """One template table's labels: ``rows`` (row and group labels, which open a row of
    values) and ``others`` (column, group, block and header labels)."""

    def __init__(self, spec: TableSpec) -> None:
        self.spec = spec
        self.rows = _Labels()
        self.others = _Labels()
        # Set by table_labels once the labels are in:
        self.label_set: frozenset[str] = frozenset()  # every label core of the table
        self.row_targets: dict[str, list[Target]] = {}  # rows, only kind "row"

    def add(self, table: _Labels, target: Target) -> None:
        table.setdefault(core(target.label), []).append(target)

    def labels(self) -> frozenset[str]:
        return self.label_set

    def lookup(self, text: str, table: _Labels, block: BlockSpec | None = None,
               rows_only: bool = False) -> tuple[Target | None, bool, float]:
        """The target ``text`` names in ``table`` (self.rows or self.others), whether it was
        an exact (core) match, and the match score. With ``block``, a label several blocks
        share is taken as that block's."""
        key = core(text)
        if not key:
            return None, False, 0.0
        exact = key in table
        score = 1.0
        if not exact:
            found = _fuzzy_cached(key, table.cores)
            if found is None:
                return None, False, 0.0
            key, score = found
        targets = table[key]
        if rows_only:
            targets = self.row_targets[key] if table is self.rows \
                else [t for t in targets if t.kind == "row"]
            if not targets:
                return None, False, 0.0
        if block is not None and len(targets) > 1:
            targets = sorted(targets, key=lambda t: t.block is not block)
        # A core match differs at most in spacing, width and punctuation: nothing to report.
        return targets[0], exact, score


@cache
def table_labels(profile_id: str) -> dict[str, TableLabels]:
    """Table key → its labels, for one profile."""
    profile = load_profiles()[profile_id]
    indexes = {}
    for table in profile.tables:
        idx = TableLabels(table)
        for block in table.blocks:
            if block.label:
                idx.add(idx.others, Target("block", block, block.label))
            for header in block.headers:
                idx.add(idx.others, Target("header", block, header))
            group_rows = {r.key: r for r in block.group_rows}
            for group in block.groups:
                # row: the group written as one row holding its total, where it can be
                target = Target("group", block, group.label, row=group_rows.get(group.key))
                idx.add(idx.rows, target)
                idx.add(idx.others, target)
            seen_groups = set()
            for col in block.columns:
                if col.group_label and col.group_label not in seen_groups:
                    seen_groups.add(col.group_label)
                    idx.add(idx.others, Target("header", block, col.group_label))
                if not any(t.column_key == col.key.rpartition(".")[2]
                           for t in idx.others.get(core(col.label), ()) if t.block is block):
                    idx.add(idx.others, Target("column", block, col.label,
                                               column_key=col.key.rpartition(".")[2]))
            for row in block.rows:
                if row.label:
                    idx.add(idx.rows, Target("row", block, row.label, row=row))
        idx.label_set = frozenset(idx.rows) | frozenset(idx.others)
        idx.rows.cores, idx.others.cores = tuple(idx.rows), tuple(idx.others)
        idx.row_targets = {k: [t for t in v if t.kind == "row"] for k, v in idx.rows.items()}
        indexes[table.key] = idx
    return indexes


@cache
def label_owners() -> dict[str, frozenset[str]]:
    """Label core → the profiles that have it (to tell typos from old wording)."""
    owners: dict[str, set[str]] = {}
    for pid in load_profiles():
        for idx in table_labels(pid).values():
            for label in idx.labels():
                owners.setdefault(label, set()).add(pid)
    return {k: frozenset(v) for k, v in owners.items()}


@cache
def _fuzzy_cached(text: str, labels: tuple[str, ...]) -> tuple[str, float] | None:
    if len(text) < 3:
        return None
    best, best_score = None, 0.0
    for label in labels:
        if not label or abs(len(label) - len(text)) > max(len(label), len(text)) // 2:
            continue
        m = SequenceMatcher(None, text, label, autojunk=False)
        if m.real_quick_ratio() < FUZZY_THRESHOLD or m.quick_ratio() < FUZZY_THRESHOLD:
            continue
        score = m.ratio()
        if score > best_score:
            best, best_score = label, score
    return (best, best_score) if best is not None and best_score >= FUZZY_THRESHOLD else None


def diff_kind(found: str, expected: str, profile_id: str) -> str | None:
    """How a label differs from the template's, or None when it is the same label."""
    if found == expected or fold(found) == fold(expected):
        return None  # spacing and character width only
    if core(found) == core(expected):
        return None  # numbering style and punctuation only
    owners = label_owners().get(core(found), frozenset())
    if owners and profile_id not in owners:
        return "wording"  # another template's label, e.g. 2019's 规范性文件
    return "typo"


class SpacedRowLabels(NamedTuple):
    """What the lexer needs to read a table row copied out of a PDF with its cells separated
    by single spaces (``行政许可 97``): for each section, the label cores of the table it
    holds. The lexer takes this duck-typed (it cannot import this module: labels use its
    ``fold``); the section ``None`` (no heading read yet) has every table's labels.

    ``rows``: labels that open a row of values (row and group labels). ``markers``: labels
    on a line of their own inside a table — block, header and column labels, and a block's
    header line with its labels run together (信息内容本年处理决定数量), which ``headers``
    maps to those labels. ``starts``: every start of a row or marker label, per section (a
    label broken over lines is read a line at a time; filled when first asked: most reports
    never ask). ``widths``: how many values a row holds;
    ``bare``: how many a row without a label holds (表四's); ``by_label``: how many the row
    of each label holds."""

    rows: dict[str | None, frozenset[str]]
    markers: dict[str | None, frozenset[str]]
    headers: dict[str, tuple[str, ...]]
    ordered: dict[str | None, tuple[str, ...]]  # rows as tuples: the fuzzy matcher's cache key
    starts: dict[str | None, frozenset[str]]  # filled as asked
    widths: dict[str | None, frozenset[int]]
    bare: dict[str | None, frozenset[int]]
    by_label: dict[str, frozenset[int]]  # a row label's core → how many values its row holds
    written: tuple[str, ...]  # the row labels as the templates write them, numbers and all
    whole: dict[str, frozenset[str]]  # "": ``written`` as ``numbered`` gives them, once asked

    def is_table(self, section: str | None) -> bool:
        """Whether the section holds a table."""
        return bool(self.rows.get(section) or self.bare.get(section))

    def is_label_start(self, section: str | None, text: str) -> bool:
        """Whether ``text`` is how a label of the section's table starts (by its core)."""
        found = self.starts.get(section)
        if found is None:
            labels = self.rows.get(section, frozenset()) | self.markers.get(section, frozenset())
            found = self.starts[section] = frozenset(label[:n] for label in labels
                                                     for n in range(len(label) + 1))
        return core(text) in found

    def row_widths(self, section: str | None, label: str) -> frozenset[int]:
        """How many values the row ``label`` names holds (in any template); for a label that
        is not a row's (a typo, a group's), how many any row of the section's table holds."""
        return self.by_label.get(core(label)) or self.widths.get(section, frozenset())

    def is_numbered_row(self, label: str) -> bool:
        """Whether ``label`` is a row label of a template with its own number (（七）总计, not
        （三）总计, whose core is as much 总计 as the column's)."""
        found = self.whole.get("")
        if found is None:
            found = self.whole[""] = frozenset(map(numbered, self.written))
        return numbered(label) in found

    def is_bare_width(self, section: str | None, width: int) -> bool:
        """Whether a row of the section's table without a label holds ``width`` values."""
        return width in self.bare.get(section, ())

    def is_row(self, section: str | None, label: str) -> bool:
        """Whether ``label`` names a row of the section's table: by its core, or as a typo of
        one (the binder then says how it differs). Only a mistyped character is a typo here,
        never a word more: ``行政强制 共 3`` is prose."""
        key = core(label)
        cores = self.rows.get(section)
        if not key or cores is None:
            return False
        if key in cores:
            return True
        if any(ch.isspace() for ch in label):
            return False
        found = _fuzzy_cached(key, self.ordered[section])
        return found is not None and len(found[0]) == len(key)

    def is_label(self, section: str | None, text: str) -> bool:
        """Whether ``text`` is exactly (by its core) a label of the section's table."""
        key = core(text)
        return key in self.rows.get(section, ()) or key in self.markers.get(section, ())

    def marker(self, section: str | None, text: str) -> tuple[str, ...] | None:
        """None when ``text`` is no label of the section's table; else the labels a
        run-together header line is made of, or () for a single label."""
        key = core(text)
        if key not in self.markers.get(section, ()):
            return None
        return self.headers.get(key, ())

    @staticmethod
    def cuts(text: str, parts: tuple[str, ...]) -> list[int]:
        """Where in ``text`` (a run-together header line) each of ``parts`` after the first
        starts: each cut is placed once the text read so far says the labels before it."""
        wanted = list(accumulate(core(p) for p in parts[:-1]))
        found: list[int] = []
        said = ""
        for i, ch in enumerate(text):
            if len(found) == len(wanted):
                break
            if said == wanted[len(found)] and _PUNCT_RE.sub("", fold(ch)):
                found.append(i)
            said += _PUNCT_RE.sub("", fold(ch))
        return found


@cache
def spaced_row_labels() -> SpacedRowLabels:
    rows: dict[str | None, set[str]] = {None: set()}
    markers: dict[str | None, set[str]] = {None: set()}
    headers: dict[str, tuple[str, ...]] = {}
    widths: dict[str | None, set[int]] = {}
    bare: dict[str | None, set[int]] = {}
    by_label: dict[str, set[int]] = {}
    written: set[str] = set()
    for pid in load_profiles():
        for idx in table_labels(pid).values():
            section = idx.spec.section
            rows.setdefault(section, set()).update(k for k in idx.rows if k)
            found = markers.setdefault(section, set())
            found.update(k for k in idx.others if k)
            for block in idx.spec.blocks:
                parts = [*dict.fromkeys([*block.headers, *(c.group_label for c in block.columns),
                                         *(c.label for c in block.columns)])]
                parts = [p for p in parts if p]
                if len(parts) > 1:
                    joined = core("".join(parts))
                    found.add(joined)
                    headers[joined] = tuple(parts)
            for block in idx.spec.blocks:
                for row in block.rows:
                    width = len(block.row_cell_keys[row.key])
                    widths.setdefault(section, set()).add(width)
                    by_label.setdefault(core(row.label), set()).add(width)
                    written.add(row.label)
                    if not row.label:
                        bare.setdefault(section, set()).add(width)
    for section in list(rows):
        if section is not None:
            rows[None] |= rows[section]
            markers[None] |= markers[section]
    return SpacedRowLabels({k: frozenset(v) for k, v in rows.items()},
                           {k: frozenset(v) for k, v in markers.items()}, headers,
                           {k: tuple(sorted(v)) for k, v in rows.items()}, {},
                           {k: frozenset(v) for k, v in widths.items()},
                           {k: frozenset(v) for k, v in bare.items()},
                           {k: frozenset(v) for k, v in by_label.items() if k},
                           tuple(sorted(written)), {})
