"""The generated parts of docs/rule-authoring.md: each check kind's keys and placeholders
(from rules/pack.schema.json and lint/rulepack.py) and the cell keys of every format profile
(from rules/formats/*.yaml). The page's prose is written by hand; the parts between
``<!-- generated: NAME -->`` and ``<!-- end: NAME -->`` are rewritten by

    python -m lint.formatters.authoring docs/rule-authoring.md

and tests/test_authoring.py fails when they are out of date.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from ..profiles import load_profiles
from ..resources import rules_dir
from ..rulepack import PLACEHOLDERS

_PART_RE = re.compile(r"(<!-- generated: (?P<name>[a-z-]+) -->\n)(?P<body>.*?)(<!-- end: (?P=name) -->)", re.S)


def kinds() -> dict[str, tuple[list[str], list[str]]]:
    """Check kind -> (required keys, optional keys) besides ``kind``, as the schema has them."""
    schema = json.loads((rules_dir() / "pack.schema.json").read_text(encoding="utf-8"))
    check = schema["properties"]["rules"]["items"]["properties"]["check"]
    out: dict[str, tuple[list[str], list[str]]] = {}
    for case in check["allOf"]:
        name = case["if"]["properties"]["kind"]["const"]
        then = case["then"]
        required = [k for k in then.get("required", []) if k != "kind"]
        optional = [k for k in then.get("properties", {}) if k != "kind" and k not in required]
        out[name] = (required, optional)
    return out


def kinds_table() -> str:
    lines = ["| kind | required keys | optional keys | message placeholders |", "|---|---|---|---|"]
    for name, (required, optional) in sorted(kinds().items()):
        cell = lambda keys: ", ".join(f"`{k}`" for k in keys) or "—"  # noqa: E731
        holders = ", ".join(f"`{{{p}}}`" for p in sorted(PLACEHOLDERS[name])) or "—"
        lines.append(f"| [`{name}`](#{name}) | {cell(required)} | {cell(optional)} | {holders} |")
    return "\n".join(lines)


def cell_keys() -> str:
    """Every profile's sections, tables, rows and columns, with their tags."""
    out: list[str] = []
    for profile in load_profiles().values():
        out.append(f"#### `{profile.id}` ({profile.name})")
        out.append("")
        out.append("Sections (scopes): " + ", ".join(f"`{s.key}` {s.number}、{s.heading}"
                                                     for s in profile.sections) + ".")
        for table in profile.tables:
            out.append("")
            out.append(f"**`{table.key}`** {table.name} (in section `{table.section}`)")
            for block in table.blocks:
                out.append("")
                if len(table.blocks) > 1:
                    out.append(f"- block `{block.key}` {block.label}".rstrip())
                    pad = "  "
                else:
                    pad = ""
                groups = sorted({c.key.rpartition(".")[0]: c.group_label for c in block.columns
                                 if "." in c.key}.items(), key=lambda g: [c.key for c in block.columns]
                                .index(next(c.key for c in block.columns if c.key.startswith(g[0] + "."))))
                if groups:
                    out.append(f"{pad}- column groups: " + ", ".join(f"`{k}` {label}" for k, label in groups))
                leaves = {c.key.rpartition(".")[2]: c for c in block.columns}
                out.append(f"{pad}- columns: " + ", ".join(
                    f"`{k}` {c.label}" + _tags(c.tags) for k, c in leaves.items()))
                rows = [r for r in block.rows if r.key]
                if rows:
                    out.append(f"{pad}- rows: " + ", ".join(f"`{r.key}` {r.label}" + _tags(r.tags) for r in rows))
                prefixes = [g for g in block.groups if any(r.key.startswith(g.key + ".") for r in rows)]
                if prefixes:
                    out.append(f"{pad}- row groups (`{table.key}.<group>.*.<column>`): " + ", ".join(
                        f"`{g.key}` {g.label}" for g in prefixes))
                example = block.cell_key(rows[0] if rows else block.rows[0], block.columns[0])
                out.append(f"{pad}- e.g. `{example}`")
        out.append("")
    return "\n".join(out).rstrip("\n")


def _tags(tags: tuple[str, ...]) -> str:
    return f" [{', '.join(tags)}]" if tags else ""


PARTS = {"kinds": kinds_table, "cells": cell_keys}


def render(text: str) -> str:
    """``text`` with every generated part rewritten."""
    def part(m: re.Match[str]) -> str:
        return m.group(1) + PARTS[m.group("name")]() + "\n" + m.group(4)
    return _PART_RE.sub(part, text)


def parts(text: str) -> dict[str, str]:
    """The generated parts as they stand in ``text``."""
    return {m.group("name"): m.group("body") for m in _PART_RE.finditer(text)}


if __name__ == "__main__":  # python -m lint.formatters.authoring docs/rule-authoring.md
    for name in sys.argv[1:]:
        path = Path(name)
        path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")
