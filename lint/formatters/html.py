"""Findings as one standalone HTML page for reviewers: a summary per file and per rule, then
each report's tables with the offending cells highlighted and the messages beside them.

The page needs no network: CSS and the small script are inline, no fonts or scripts are
fetched. Tables come from the per-file pass (``table_views``, kept by batch workers when the
HTML page is asked for), so the page is written without parsing any report again.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html import escape as _html_escape
from typing import TYPE_CHECKING

from .. import __version__
from ..findings import SEVERITIES, SEVERITY_RANK, FileResult, Finding
from .json_out import localized, severity_counts, unique_rules
from .safe import visible

if TYPE_CHECKING:
    from ..adapters import Source
    from ..ast import Report


def escape(text: str) -> str:
    """HTML-escaped, with control characters and bidi overrides shown as escapes."""
    return _html_escape(visible(text, keep_lines=True))


@dataclass
class CellView:
    text: str
    key: str | None  # the template cell it is bound to
    line: int  # where the cell starts, as findings count it (engine.Positions)
    column: int


@dataclass
class TableView:
    key: str | None  # t2 | t3 | t4 when recognised
    heading: str  # the heading of the section holding it
    rows: list[list[CellView]]


def table_views(report: Report, source: Source | None) -> list[TableView]:
    """Every table of the report as cell texts and keys: what the page draws."""
    from ..engine import Positions

    doc = report.document
    positions = Positions(doc.text, source)
    key_of = {id(cell): key for key, cell in report.cells.items()}
    placed = [("", t) for t in doc.preamble if hasattr(t, "rows")]
    for section in doc.sections:
        heading = f"{section.heading.number}、{section.heading.text}"
        placed += [(heading, t) for t in section.tables]
    views = []
    for heading, table in placed:
        rows = []
        for row in table.rows:
            cells = []
            for cell in row.cells:
                loc = positions.location(cell.span)
                cells.append(CellView(cell.text, key_of.get(id(cell)), loc.line, loc.column))
            rows.append(cells)
        keys = [c.key for r in rows for c in r if c.key]
        views.append(TableView(keys[0].split(".")[0] if keys else None, heading, rows))
    return views


# --- the page ---------------------------------------------------------------------------------

_TEXT = {
    "zh": {"title": "gxlint 检查报告", "files": "文件", "rules": "规则", "file": "文件",
           "profile": "模板", "previous": "上年报告", "rule": "规则", "name": "名称",
           "severity": "级别", "summary": "说明", "count": "问题数", "in_files": "涉及文件",
           "findings": "问题", "where": "位置", "message": "说明", "tables": "表格",
           "unreadable": "无法读取", "none": "未发现问题", "no_tables": "（未保留表格）",
           "error": "错误", "warning": "警告", "info": "提示", "total": "合计",
           "show": "显示级别", "by_file": "各文件", "by_rule": "各规则", "notes": "旁注",
           "overview": "共 {files} 个文件（{unreadable} 个无法读取），{total} 个问题"},
    "en": {"title": "gxlint report", "files": "Files", "rules": "Rules", "file": "File",
           "profile": "Profile", "previous": "Previous year", "rule": "Rule", "name": "Name",
           "severity": "Severity", "summary": "Summary", "count": "Findings", "in_files": "Files",
           "findings": "Findings", "where": "Where", "message": "Message", "tables": "Tables",
           "unreadable": "unreadable", "none": "no findings", "no_tables": "(tables not kept)",
           "error": "error", "warning": "warning", "info": "info", "total": "Total",
           "show": "Show", "by_file": "By file", "by_rule": "By rule", "notes": "Notes",
           "overview": "{files} files ({unreadable} unreadable), {total} findings"},
}

_CSS = """
:root { --error: #c62828; --warning: #b26a00; --info: #1565c0; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Microsoft YaHei",
       sans-serif; margin: 0 2rem 3rem; color: #222; background: #fff; }
h1 { font-size: 1.6rem; margin: 1.2rem 0 .3rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
table { border-collapse: collapse; margin: .3rem 0 1rem; }
th, td { border: 1px solid #bbb; padding: 2px 6px; vertical-align: top; }
th { background: #f2f2f2; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.sev { font-weight: 600; }
.sev-error { color: var(--error); } .sev-warning { color: var(--warning); } .sev-info { color: var(--info); }
table.report td { font-size: 13px; }
td.hit { background: #ffe08a; outline: 2px solid var(--warning); outline-offset: -2px; font-weight: 700; }
td.hit.hit-error { background: #ffcdd2; outline-color: var(--error); }
td.hit.hit-info { background: #d7e8fb; outline-color: var(--info); }
td.notes { border: none; padding-left: 1rem; color: #444; max-width: 40rem; font-size: 12px; }
td.notes div { margin-bottom: 2px; }
.unreadable { color: var(--error); }
.muted { color: #777; }
nav label { margin-right: 1rem; }
body.hide-error .f-error, body.hide-warning .f-warning, body.hide-info .f-info { display: none; }
details > summary { cursor: pointer; }
"""

# Severity filters: hide the findings (and their notes) of a severity. Highlighted cells stay.
_JS = """
document.querySelectorAll('nav input[data-sev]').forEach(function (box) {
  box.addEventListener('change', function () {
    document.body.classList.toggle('hide-' + box.dataset.sev, !box.checked);
  });
});
"""


def format_html(results: list[FileResult], rules: list, lang: str = "zh") -> str:
    """The whole page. Files sorted by path and findings by place, like the JSON output, so
    the same input gives the same bytes."""
    t = _TEXT[lang]
    results = sorted(results, key=lambda r: r.path)
    counts = dict.fromkeys(SEVERITIES, 0)
    per_rule: Counter[str] = Counter()
    files_per_rule: dict[str, set[str]] = {}
    for r in results:
        for f in r.findings:
            counts[f.severity] = counts.get(f.severity, 0) + 1
            per_rule[f.rule_id] += 1
            files_per_rule.setdefault(f.rule_id, set()).add(r.path)
    unreadable = sum(1 for r in results if r.error is not None)
    out = [f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n'
           '<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
           f'<meta name="generator" content="gxlint {escape(__version__)}">\n'
           f"<title>{t['title']}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
           f"<h1>{t['title']}</h1>\n<p>{escape(t['overview'].format(files=len(results), unreadable=unreadable, total=sum(counts.values())))}"
           f" — {', '.join(f'{counts[s]} {t[s]}' for s in SEVERITIES)}</p>\n"]
    out.append("<nav>" + t["show"] + ": " + "".join(
        f'<label><input type="checkbox" data-sev="{s}" checked> <span class="sev sev-{s}">{t[s]}</span></label>'
        for s in SEVERITIES) + "</nav>\n")
    out.append(_rule_table(rules, per_rule, files_per_rule, lang))
    out.append(_file_table(results, lang))
    for i, r in enumerate(results):
        out.append(_file_section(i, r, lang))
    out.append(f"<script>{_JS}</script>\n</body>\n</html>")
    return "".join(out)


def _rule_table(rules: list, per_rule: Counter, files_per_rule: dict, lang: str) -> str:
    t = _TEXT[lang]
    rows = []
    for rule in unique_rules(rules):
        n = per_rule.get(rule.id, 0)
        rows.append(f'<tr{"" if n else " class=muted"}><td>{escape(rule.id)}</td><td>{escape(rule.name)}</td>'
                    f'<td class="sev sev-{rule.severity}">{t.get(rule.severity, rule.severity)}</td>'
                    f'<td>{escape(localized(rule.summary, lang))}</td><td class="n">{n}</td>'
                    f'<td class="n">{len(files_per_rule.get(rule.id, ()))}</td></tr>')
    return (f"<h2>{t['by_rule']}</h2>\n<table id=\"rules\"><tr><th>{t['rule']}</th><th>{t['name']}</th>"
            f"<th>{t['severity']}</th><th>{t['summary']}</th><th>{t['count']}</th><th>{t['in_files']}</th></tr>"
            + "".join(rows) + "</table>\n")


def _file_table(results: list[FileResult], lang: str) -> str:
    t = _TEXT[lang]
    rows = []
    for i, r in enumerate(results):
        link = f'<a href="#file-{i}">{escape(r.path)}</a>'
        if r.error is not None:
            rows.append(f'<tr><td>{link}</td><td colspan="5" class="unreadable">{t["unreadable"]}: '
                        f"{escape(r.error)}</td></tr>")
            continue
        c = severity_counts(r.findings)
        rows.append(f"<tr><td>{link}</td><td>{escape(_template(r.profile, lang))}</td>"
                    f"<td>{escape(r.previous or '')}</td>"
                    + "".join(f'<td class="n sev-{s}">{c[s] or ""}</td>' for s in SEVERITIES) + "</tr>")
    return (f"<h2>{t['by_file']}</h2>\n<table id=\"files\"><tr><th>{t['file']}</th><th>{t['profile']}</th>"
            f"<th>{t['previous']}</th>" + "".join(f'<th class="sev-{s}">{t[s]}</th>' for s in SEVERITIES)
            + "</tr>" + "".join(rows) + "</table>\n")


def _template(profile: str | None, lang: str) -> str:
    """The template a report was read with, as users name it (not the profile id)."""
    from ..profiles import template_name

    return template_name(profile, lang) if profile else ""


def _where(f: Finding) -> str:
    loc = f.location
    if loc.page is not None:
        return f"p.{loc.page}"
    if loc.paragraph is not None:
        return f"¶{loc.paragraph}"
    return f"{loc.line}:{loc.column}" if loc.line >= 1 else ""


def _file_section(i: int, r: FileResult, lang: str) -> str:
    t = _TEXT[lang]
    head = f'<section id="file-{i}">\n<h2>{escape(r.path)}</h2>\n'
    if r.error is not None:
        return head + f'<p class="unreadable">{t["unreadable"]}: {escape(r.error)}</p>\n</section>\n'
    findings = sorted(r.findings, key=Finding.sort_key)
    meta = [f"{t['profile']}: {escape(_template(r.profile, lang) or '?')}"]
    if r.previous:
        meta.append(f"{t['previous']}: {escape(r.previous)}")
    parts = [head, f'<p class="muted">{" · ".join(meta)}</p>\n']
    if findings:
        parts.append(f"<table class=\"findings\"><tr><th>{t['where']}</th><th>{t['rule']}</th>"
                     f"<th>{t['severity']}</th><th>{t['message']}</th></tr>")
        for f in findings:
            parts.append(f'<tr class="f-{f.severity}"><td>{escape(_where(f))}</td><td>{escape(f.rule_id)}</td>'
                         f'<td class="sev sev-{f.severity}">{t.get(f.severity, f.severity)}</td>'
                         f"<td>{escape(f.message)}</td></tr>")
        parts.append("</table>\n")
    else:
        parts.append(f'<p class="muted">{t["none"]}</p>\n')
    if r.tables is None:
        parts.append(f'<p class="muted">{t["no_tables"]}</p>\n')
    elif r.tables:
        tables, hits = _tables(r.tables, findings)
        # Tables with nothing highlighted start folded: a long batch stays readable.
        parts.append(f"<details{' open' if hits else ''}><summary>{t['tables']} ({len(r.tables)})"
                     f"</summary>\n{''.join(tables)}</details>\n")
    parts.append("</section>\n")
    return "".join(parts)


def _tables(views: list[TableView], findings: list[Finding]) -> tuple[list[str], int]:
    """The tables as HTML, and how many cells are highlighted."""
    # A finding marks the cells it names, or the cell it points at (label findings).
    by_key: dict[str, list[Finding]] = {}
    by_place: dict[tuple[int, int], list[Finding]] = {}
    for f in findings:
        for key in f.cells:
            by_key.setdefault(key, []).append(f)
        if not f.cells and f.location.line >= 1:
            by_place.setdefault((f.location.line, f.location.column), []).append(f)
    out = []
    marked = 0
    for view in views:
        out.append(f"<h3>{escape(view.heading)}</h3>\n<table class=\"report\"" +
                   (f' data-table="{escape(view.key)}"' if view.key else "") + ">")
        noted: set[int] = set()  # each message beside the first row it marks
        for row in view.rows:
            tds, notes = [], []
            for cell in row:
                hits = by_key.get(cell.key or "", []) + by_place.get((cell.line, cell.column), [])
                attrs = f' data-cell="{escape(cell.key)}"' if cell.key else ""
                if hits:
                    marked += 1
                    worst = max(hits, key=lambda f: SEVERITY_RANK.get(f.severity, 0)).severity
                    attrs += (f' class="hit hit-{worst}" title="'
                              + escape("\n".join(dict.fromkeys(f"{f.rule_id} {f.message}" for f in hits))) + '"')
                    for f in hits:
                        if id(f) not in noted:
                            noted.add(id(f))
                            notes.append(f'<div class="f-{f.severity}"><span class="sev sev-{f.severity}">'
                                         f"{escape(f.rule_id)}</span> {escape(f.message)}</div>")
                tds.append(f"<td{attrs}>{escape(cell.text)}</td>")
            if notes:
                tds.append(f'<td class="notes">{"".join(notes)}</td>')
            out.append("<tr>" + "".join(tds) + "</tr>")
        out.append("</table>\n")
    return out, marked
