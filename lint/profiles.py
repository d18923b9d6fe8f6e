"""Format profiles: which sections, tables, rows and columns a template has (``rules/formats``).

A profile is data. This module loads it and expands it into the flat list of cells the binder
fills, each with its canonical key ``<table>.<row>.<col>`` (empty parts skipped).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache, cached_property
from itertools import product
from pathlib import Path
from typing import NamedTuple

from .lexer import fold
from .resources import cached, code_files, digest_of, formats_dir, stamped


class ProfileError(ValueError):
    pass


# The specs are NamedTuples, immutable as the frozen dataclasses they were, and made at import
# without compiling methods (a frozen dataclass execs six of them on every start).


class SectionSpec(NamedTuple):
    """A section of the template: its key, number, heading and the words that find it."""
    key: str
    number: str
    heading: str
    keywords: tuple[str, ...]


class ColumnSpec(NamedTuple):
    """A column of a table block (grouped columns keyed "group.column")."""
    key: str  # "review.upheld" for grouped columns
    label: str
    group_label: str = ""
    tags: tuple[str, ...] = ()
    decimal: bool = False
    signed: bool = False
    unit: str = ""  # what the column counts in, when its label says (万元)


class RowSpec(NamedTuple):
    """A row of a table block."""
    key: str
    label: str
    parent: str = ""
    tags: tuple[str, ...] = ()


class GroupSpec(NamedTuple):
    """A group of rows (its rows are keyed "<group>.<item>")."""
    key: str
    label: str
    parent: str = ""


class BlockSpec:
    """One block of a table: its headers, columns, rows and groups. Read-only once made."""

    __slots__ = ("table", "key", "label", "headers", "columns", "rows", "groups",
                 "row_index", "row_cell_keys", "group_rows")

    def __init__(self, table: str, key: str, label: str, headers: tuple[str, ...],
                 columns: tuple[ColumnSpec, ...], rows: tuple[RowSpec, ...],
                 groups: tuple[GroupSpec, ...]) -> None:
        self.table, self.key, self.label, self.headers = table, key, label, headers
        self.columns, self.rows, self.groups = columns, rows, groups
        # Derived once here because the binder asks for them on every table row.
        index: dict[str, int] = {}
        for i, row in enumerate(rows):
            index.setdefault(row.key, i)  # the first row of a key, as a search would find
        # A group written as one row holding its total (表三（六）其他处理 in the 2019 layout):
        # one RowSpec per group whose rows are keyed "<group>.<item>", keyed by the group.
        group_rows = []
        for group in groups:
            items = [i for i, row in enumerate(rows) if row.key.startswith(group.key + ".")]
            if items and group.key not in index:
                group_rows.append(RowSpec(group.key, group.label, group.parent, ("group",)))
                index[group.key] = items[-1]  # rows by position continue after the group
        self.group_rows: tuple[RowSpec, ...] = tuple(group_rows)
        self.row_index: dict[str, int] = index
        by_key = {r.key: r for r in (*self.group_rows, *reversed(rows))}
        self.row_cell_keys: dict[str, tuple[str, ...]] = {
            key: tuple(self.cell_key(by_key[key], c) for c in columns) for key in index}

    def items_of(self, group: RowSpec) -> tuple[RowSpec, ...]:
        """The rows a group row stands for."""
        return tuple(r for r in self.rows if r.key.startswith(group.key + "."))

    def cell_key(self, row: RowSpec, col: ColumnSpec) -> str:
        return _cell_key(self.table, row.key, col.key)


@cache
def _cell_key(table: str, row: str, col: str) -> str:
    return ".".join(p for p in (table, row, col) if p)


class CellSpec(NamedTuple):
    """One cell of the template, with its canonical key."""
    key: str
    table: str
    block: str
    row: RowSpec
    column: ColumnSpec


class TableSpec(NamedTuple):
    """A table of the template and the section it belongs to."""
    key: str
    name: str
    section: str
    blocks: tuple[BlockSpec, ...]


class Profile:
    """A format profile (one template): its sections, tables and cells."""

    def __init__(self, id: str, name: str, year_from: int, year_to: int | None,
                 sections: tuple[SectionSpec, ...], tables: tuple[TableSpec, ...], path: Path,
                 title: dict[str, str] | None = None) -> None:
        self.id, self.name, self.year_from, self.year_to = id, name, year_from, year_to
        self.sections, self.tables, self.path = sections, tables, path
        self.title = title or {}  # the template as users name it, by language
        self.cells: dict[str, CellSpec] = {}
        # Cells of a group written as one row (BlockSpec.group_rows): not the template's cells
        # (a report need not have them), but what a report has instead of the group's items.
        self.group_cells: dict[str, CellSpec] = {}
        self.folded_by: dict[str, str] = {}  # item cell key -> its group cell
        self._index: dict[str, list[str]] = {}
        for table in tables:
            for block in table.blocks:
                for group in block.group_rows:
                    for col in block.columns:
                        key = block.cell_key(group, col)
                        self.group_cells[key] = CellSpec(key, table.key, block.key, group, col)
                        for item in block.items_of(group):
                            self.folded_by[block.cell_key(item, col)] = key
                for row in block.rows:
                    for col in block.columns:
                        key = block.cell_key(row, col)
                        if key in self.cells:
                            raise ProfileError(f"{self.path}: duplicate cell key {key}")
                        cell = CellSpec(key, table.key, block.key, row, col)
                        self.cells[key] = cell
                        for pattern in set(_descriptors(cell)):
                            self._index.setdefault(pattern, []).append(key)

    def cell(self, key: str) -> CellSpec:
        """The spec of a template cell or of a group written as one row; else of another
        template's cell (a table bound with another template: keys name the same cell in
        every profile that has them)."""
        spec = self.cells.get(key) or self.group_cells.get(key)
        if spec is None:
            for other in load_profiles().values():
                spec = other.cells.get(key) or other.group_cells.get(key)
                if spec is not None:
                    break
            else:
                raise KeyError(key)
        return spec

    @cached_property
    def table_cells(self) -> dict[str, list[str]]:
        """Table key -> its cell keys, in the profile's order."""
        return self._by_table(self.cells)

    @cached_property
    def table_group_cells(self) -> dict[str, list[str]]:
        return self._by_table(self.group_cells)

    def _by_table(self, cells: dict[str, CellSpec]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {t.key: [] for t in self.tables}
        for key, spec in cells.items():
            out[spec.table].append(key)
        return out

    def table(self, key: str) -> TableSpec:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)

    def section(self, key: str) -> SectionSpec:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    def covers(self, year: int) -> bool:
        return year >= self.year_from and (self.year_to is None or year <= self.year_to)

    def expand(self, pattern: str) -> list[str]:
        """Concrete cell keys matching ``pattern``.

        A pattern is a cell key in which a segment may be ``*`` (any) or ``[tag]`` (rows or
        columns carrying that tag); e.g. ``t3.[outcome].natural`` or ``t3.new.[applicant]``.
        """
        return list(self._index.get(pattern, ()))


def _descriptors(cell: CellSpec) -> Iterator[str]:
    """Every pattern that names ``cell``: its key with the row key, the column group or the
    column replaced by ``*`` or by one of their ``[tag]``s."""
    row = cell.row
    row_alts = [""] if not row.key else [row.key, "*", *(f"[{t}]" for t in row.tags)]
    if "." in row.key:
        row_alts.append(row.key.split(".", 1)[0] + ".*")
    group, _, leaf = cell.column.key.rpartition(".")
    group_alts = [group, "*"] if group else [""]
    leaf_alts = [leaf, "*", *(f"[{t}]" for t in cell.column.tags)]
    for r, g, c in product(row_alts, group_alts, leaf_alts):
        yield ".".join(p for p in (cell.table, r, g, c) if p)


def _load(path: Path) -> Profile:
    import yaml  # only when the cache has no compiled profiles (see load_profiles)

    try:
        data = yaml.load(path.read_text(encoding="utf-8"),
                         Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise ProfileError(f"{path}: {exc}") from exc
    try:
        sections = tuple(
            SectionSpec(s["key"], s["number"], s["heading"], tuple(s.get("keywords", ())))
            for s in data["sections"]
        )
        tables = tuple(_table(t) for t in data["tables"])
        years = data.get("years", {})
        return Profile(
            id=data["id"],
            name=data["name"],
            year_from=int(years.get("from", 0)),
            year_to=years.get("to"),
            sections=sections,
            tables=tables,
            path=path,
            title=dict(data.get("title", {})),
        )
    except (KeyError, TypeError) as exc:
        raise ProfileError(f"{path}: malformed profile ({exc!r})") from exc


def _table(t: dict) -> TableSpec:
    blocks = []
    for b in t["blocks"]:
        columns = tuple(_columns(b))
        rows = tuple(
            RowSpec(r["key"], r.get("label", ""), r.get("parent", ""), tuple(r.get("tags", ())))
            for r in b["rows"]
        )
        groups = tuple(
            GroupSpec(g["key"], g["label"], g.get("parent", "")) for g in b.get("groups", ())
        )
        blocks.append(
            BlockSpec(t["key"], b["key"], b.get("label", ""), tuple(b.get("headers", ())),
                      columns, rows, groups)
        )
    return TableSpec(t["key"], t["name"], t["section"], tuple(blocks))


def _columns(b: dict):
    cols = b["columns"]
    groups = b.get("column_groups") or [{"key": "", "label": ""}]
    for g in groups:
        for c in cols:
            key = ".".join(p for p in (g["key"], c["key"]) if p)
            yield ColumnSpec(key, c["label"], g["label"], tuple(c.get("tags", ())),
                             bool(c.get("decimal")), bool(c.get("signed")), c.get("unit", ""))


@cache
def load_profiles() -> dict[str, Profile]:
    """Every profile of ``rules/formats``, compiled; kept in the cache folder between runs."""
    files = sorted(formats_dir().glob("*.yaml"))
    keyed = [*files, *code_files("profiles", "lexer")]
    try:  # kept under the files' stamp, as the rule packs' (no file read on a warm run)
        digest = stamped("profiles", keyed, lambda: digest_of(keyed))
    except OSError as exc:
        raise ProfileError(f"cannot read the format profiles: {exc}") from exc
    return cached("profiles", digest, lambda: _load_all(files))


def _load_all(files: list[Path]) -> dict[str, Profile]:
    profiles = {}
    for path in files:
        profile = _load(path)
        profiles[profile.id] = profile
    return profiles


def get_profile(profile_id: str) -> Profile:
    profiles = load_profiles()
    if profile_id not in profiles:
        raise ProfileError(f"unknown profile {profile_id!r} (known: {', '.join(profiles)})")
    return profiles[profile_id]


@cache
def section_keywords() -> dict[str, tuple[str, ...]]:
    """Section key → keywords, from every profile (they share the six sections)."""
    words: dict[str, tuple[str, ...]] = {}
    for profile in load_profiles().values():
        for s in profile.sections:
            words[s.key] = tuple(dict.fromkeys(words.get(s.key, ()) + s.keywords + (fold(s.heading),)))
    return words


@cache
def section_table_labels() -> dict[str, tuple[str, ...]]:
    """Section key → the labels of the table it holds, from every profile: what marks where
    a table starts in a crawler's run-on text."""
    labels: dict[str, dict[str, None]] = {}
    for profile in load_profiles().values():
        for table in profile.tables:
            words = labels.setdefault(table.section, {})
            for block in table.blocks:
                found = [block.label, *block.headers, *(r.label for r in block.rows),
                         *(c.label for c in block.columns), *(c.group_label for c in block.columns),
                         *(g.label for g in block.groups)]
                words.update(dict.fromkeys(w for w in found if w))
    return {k: tuple(v) for k, v in labels.items()}


DEFAULT_PROFILE = "gov-2021"


def template_name(profile_id: str, lang: str) -> str:
    """A profile as its users name it: 2019年版格式（国办公开办函〔2019〕60号）, not gov-2019."""
    try:
        profile = get_profile(profile_id)
    except ProfileError:
        return profile_id
    return profile.title.get(lang) or profile.title.get("zh") or profile.name
