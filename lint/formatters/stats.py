"""``--statistics``: how many findings each rule has, most frequent first (like
``ruff --statistics``)."""

from __future__ import annotations

import json
from collections import Counter

from ..findings import SEVERITY_RANK, FileResult
from .text import _plural


def statistics(results: list[FileResult], rules: list) -> list[dict]:
    """[{rule, name, severity, count, fixable}], by count (descending) then rule id."""
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    levels: dict[str, set[str]] = {}
    for result in results:
        for f in result.findings:
            counts[f.rule_id] += 1
            names[f.rule_id] = f.rule_name
            levels.setdefault(f.rule_id, set()).add(f.severity)
    fixable = {r.id: bool(r.fixable) for r in rules}
    return [{"rule": rule_id, "name": names[rule_id],
             # A severity set per path in configuration files can differ between files.
             "severity": "/".join(sorted(levels[rule_id], key=lambda s: -SEVERITY_RANK.get(s, 0))),
             "count": count, "fixable": fixable.get(rule_id, False)}
            for rule_id, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def format_statistics(results: list[FileResult], rules: list, lang: str = "zh",
                      fmt: str = "text") -> str:
    rows = statistics(results, rules)
    unreadable = [r for r in results if r.error is not None]
    if fmt == "json":
        return json.dumps({"statistics": rows, "files": len(results),
                           "unreadable": [{"path": r.path, "error": r.error} for r in unreadable]},
                          ensure_ascii=False, indent=2)
    lines = [f"{r.path}: error: {r.error}" for r in sorted(unreadable, key=lambda r: r.path)]
    width = max((len(str(row["count"])) for row in rows), default=1)
    name_width = max((len(row["name"]) for row in rows), default=0)
    for row in rows:
        mark = "[*]" if row["fixable"] else "[ ]"
        lines.append(f"{row['count']:>{width}}  {row['rule']}  {row['severity']:<7}  {mark} "
                     f"{row['name']:<{name_width}}".rstrip())
    total = sum(row["count"] for row in rows)
    lines.append(f"共 {total} 个问题，{len(rows)} 条规则；{len(results)} 个文件" if lang == "zh" else
                 f"{_plural(total, 'finding')} from {_plural(len(rows), 'rule')} "
                 f"in {_plural(len(results), 'file')}")
    return "\n".join(lines)
