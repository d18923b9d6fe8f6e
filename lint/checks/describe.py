"""Naming things in messages: numbers, dates, tables, cells and sections as the template
writes them, in Chinese or English.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..labels import core
from ..profiles import Profile

TABLE_NAMES = {"t2": ("表二", "table 2"), "t3": ("表三", "table 3"), "t4": ("表四", "table 4")}


def fmt_number(value: Decimal | None) -> str:
    if value is None:
        return "?"
    text = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return text


def fmt_date(d: date | None, lang: str) -> str:
    """A date as a civil servant writes it: 2024年3月20日 (English: ISO, 2024-03-20)."""
    if d is None:
        return "?"
    return f"{d.year}年{d.month}月{d.day}日" if lang == "zh" else d.isoformat()


def table_name(key: str, lang: str) -> str:
    zh, en = TABLE_NAMES.get(key, (key, key))
    return zh if lang == "zh" else en


def cell_name(profile: Profile, key: str, lang: str) -> str:
    """表三“本年新收政府信息公开申请数量”行“自然人”列; in English the template's labels too
    (table 3, row “…”, column “…”), never the internal key."""
    spec = profile.cells.get(key) or profile.group_cells.get(key)
    if spec is None:
        return key
    column = spec.column.label
    if spec.column.group_label:
        column = f"{spec.column.group_label}·{column}"
    row = core(spec.row.label) if spec.row.label else ""
    if lang == "zh":
        return table_name(spec.table, lang) + (f"“{row}”行" if row else "") + f"“{column}”列"
    return ", ".join([table_name(spec.table, lang), *([f"row “{row}”"] if row else []), f"column “{column}”"])


def cells_text(profile: Profile, keys: list[str], lang: str, limit: int = 6) -> str:
    names = [cell_name(profile, k, lang) for k in keys[:limit]]
    more = len(keys) - limit
    if more > 0:
        names.append(f"等{len(keys)}个单元格" if lang == "zh" else f"and {more} more")
    return ("、" if lang == "zh" else "; ").join(names)


def section_title(profile: Profile, key: str) -> str:
    s = profile.section(key)
    return f"{s.number}、{s.heading}"
