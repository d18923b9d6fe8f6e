"""The review page (``--format html``): one standalone HTML file for reviewers, as usable for
one report as for thousands.

Nothing is fetched: the CSS (review.css), the script (review.js), the charts (SVG) and the
pictures of PDF pages (PNG data URIs) are inline. The page holds:

- a summary: findings by severity, bar charts of findings per rule and of the share of
  reports failing each rule (the same by year when the reports span several years);
- the report list as one compact JSON payload that the script sorts, filters and draws a
  screenful at a time (so 5,000 reports stay responsive);
- each report's detail as its own small JSON block, parsed only when opened: its facts
  (title, agency, year, period, dates), findings, and every table drawn in the template's
  grid (rows and columns from the format profile, values from the bound cells), offending
  cells highlighted with the messages beside them; for a PDF, the pages with findings as
  pictures with the offending cells and lines outlined.

The per-file pass keeps what this needs (formatters/review.py), so no report is parsed again;
PDF pages are rendered here (pypdfium2), only those with findings.
"""

from __future__ import annotations

import json
from collections import Counter
from html import escape as _html_escape
from pathlib import Path

from .. import __version__
from ..findings import SEVERITIES, FileResult, Finding
from .json_out import localized, severity_counts, unique_rules
from .review import ReviewFacts
from .safe import visible

MAX_PICTURES = 200  # PDF pages drawn per review page: each is tens of kilobytes
SCALE = 1.5  # pixels per PDF point of a page picture (108 dpi)


def escape(text: str) -> str:
    """HTML-escaped, with control characters and bidi overrides shown as escapes."""
    return _html_escape(visible(text, keep_lines=True))


def _safe(text: str | None) -> str | None:
    return None if text is None else visible(text)


_TEXT = {
    "zh": {"title": "gxlint 检查报告", "summary": "概况", "reports": "报告", "rules": "规则",
           "file": "文件", "agency": "机关", "year": "年度", "issuer": "类别", "template": "模板",
           "previous": "上年报告", "error": "错误", "warning": "警告", "info": "提示",
           "errors": "错误", "warnings": "警告", "infos": "提示",
           "rule": "规则", "name": "名称", "severity": "级别", "count": "问题数",
           "failing": "不合格报告", "share": "占比", "findings": "问题", "where": "位置",
           "message": "说明", "unreadable": "无法读取", "none": "未发现问题",
           "per_rule": "各规则问题数", "share_rule": "各规则不合格报告占比",
           "by_year": "按年度", "filter": "筛选", "any": "全部", "clean": "无问题",
           "has": "有{sev}", "search": "机关、标题或文件名", "shown": "显示 {n} / {total} 份报告",
           "back": "返回报告列表", "period": "统计期限", "signed": "落款", "published": "发布日期",
           "kind": "文件类型", "tables": "表格", "not_found": "未找到此表",
           "not_readable": "此表无法逐格读取", "prev_value": "上年", "page": "第 {n} 页",
           "no_pictures": "页面图片已省略（一个检查页面最多嵌入 {n} 页图片）",
           "picture_failed": "无法绘制页面图片：{reason}", "notes": "读取说明",
           "faults": "未能检查", "open": "打开报告详情", "years": "{n} 个年度",
           "overview": "共 {files} 份报告（{unreadable} 份无法读取），{total} 个问题",
           "issuers": {"department": "部门", "government": "政府", "township": "乡镇（街道）"},
           "label": "表头"},
    "en": {"title": "gxlint review", "summary": "Summary", "reports": "Reports", "rules": "Rules",
           "file": "File", "agency": "Agency", "year": "Year", "issuer": "Issuer", "template": "Template",
           "previous": "Previous year", "error": "errors", "warning": "warnings", "info": "info",
           "errors": "Errors", "warnings": "Warnings", "infos": "Info",
           "rule": "Rule", "name": "Name", "severity": "Severity", "count": "Findings",
           "failing": "Reports failing", "share": "Share", "findings": "Findings", "where": "Where",
           "message": "Message", "unreadable": "unreadable", "none": "no findings",
           "per_rule": "Findings per rule", "share_rule": "Share of reports failing each rule",
           "by_year": "by year", "filter": "Filter", "any": "all", "clean": "no findings",
           "has": "with {sev}", "search": "agency, title or file name",
           "shown": "{n} of {total} reports shown", "back": "Back to the report list",
           "period": "Statistics period", "signed": "Signed", "published": "Published",
           "kind": "File type", "tables": "Tables", "not_found": "table not found",
           "not_readable": "this table could not be read cell by cell", "prev_value": "last year",
           "page": "page {n}", "no_pictures": "page pictures left out (at most {n} pages per review page)",
           "picture_failed": "page pictures could not be drawn: {reason}", "notes": "Reading notes",
           "faults": "Not checked", "open": "open the report's detail", "years": "{n} years",
           "overview": "{files} reports ({unreadable} unreadable), {total} findings",
           "issuers": {"department": "department", "government": "government", "township": "township"},
           "label": "label"},
}


def format_html(results: list[FileResult], rules: list, lang: str = "zh") -> str:
    """The whole page. Reports sorted by path and findings by place, like the JSON output, so
    the same input gives the same bytes."""
    t = _TEXT[lang]
    results = sorted(results, key=lambda r: r.path)
    index = {r.path: i for i, r in enumerate(results)}
    known = {r.id: r for r in unique_rules(rules)}
    rule_ids = sorted(set(known) | {f.rule_id for r in results for f in r.findings})
    rix = {rid: i for i, rid in enumerate(rule_ids)}
    grids = _Grids(lang)
    pictures = _Pictures()
    rows, details = [], []
    for i, r in enumerate(results):
        rows.append(_row(r, index, rix, lang))
        details.append(f'<script type="application/json" id="d{i}">'
                       f"{_json(_detail(r, results, index, rix, grids, pictures, lang))}</script>\n")
    data = {"lang": lang, "t": {k: v for k, v in t.items() if isinstance(v, str)},
            "sev": list(SEVERITIES),
            "rules": [[rid, visible(known[rid].name) if rid in known else "",
                       known[rid].severity if rid in known else ""] for rid in rule_ids],
            "rows": rows, "grids": grids.out}
    here = Path(__file__).with_name
    css = here("review.css").read_text(encoding="utf-8")
    js = here("review.js").read_text(encoding="utf-8")
    html_lang = "zh-CN" if lang == "zh" else "en"
    return "".join([
        f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="generator" content="gxlint {escape(__version__)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{t['title']}</title>\n<style>{css}</style>\n</head>\n<body>\n",
        f'<header><h1 id="top">{t["title"]}</h1></header>\n<main>\n',
        _summary(results, known, rule_ids, lang),
        _list_shell(t),
        '<section id="detail" aria-live="polite" hidden></section>\n</main>\n',
        f'<script type="application/json" id="gx-data">{_json(data)}</script>\n',
        *details,
        f"<script>{js}</script>\n</body>\n</html>\n"])


def _json(value: object) -> str:
    # Inside <script>: no "</script>" or "<!--" can end or change the block.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


# --- the report list -------------------------------------------------------------------------


def _year(r: FileResult) -> int | None:
    if r.review is not None:
        return r.review.year
    return r.facts.year if r.facts is not None else None


def _short_template(profile: str | None, lang: str) -> str:
    name = _template(profile, lang)
    return name.split("（")[0].split(" (")[0]


def _template(profile: str | None, lang: str) -> str:
    from ..profiles import template_name

    return template_name(profile, lang) if profile else ""


def _row(r: FileResult, index: dict, rix: dict, lang: str) -> list:
    """[path, agency, year, issuer, template, errors, warnings, info, previous, rules, unreadable]"""
    rv: ReviewFacts | None = r.review
    c = severity_counts(r.findings)
    agency = rv.agency if rv is not None else (r.facts.agency if r.facts is not None else None)
    issuer = _TEXT[lang]["issuers"].get(rv.issuer, rv.issuer) if rv is not None and rv.issuer else ""
    prev = index.get(r.previous, visible(r.previous)) if r.previous else -1
    return [visible(r.path), _safe(agency) or "", _year(r), issuer,
            _short_template(r.profile, lang), c["error"], c["warning"], c["info"], prev,
            sorted({rix[f.rule_id] for f in r.findings}), 1 if r.error is not None else 0]


def _list_shell(t: dict) -> str:
    cols = [t["file"], t["agency"], t["year"], t["issuer"], t["template"],
            t["errors"], t["warnings"], t["infos"], t["previous"]]
    heads = "".join(f'<th scope="col" aria-sort="none" class="c{i}"><button type="button" data-col="{i}">'
                    f"{escape(c)}</button></th>" for i, c in enumerate(cols))
    sev = "".join(f'<option value="{s}">{escape(t["has"].format(sev=t[s]))}</option>' for s in SEVERITIES)
    return (f'<section id="list" aria-labelledby="list-h"><h2 id="list-h">{t["reports"]}</h2>\n'
            f'<form id="filters" role="search" onsubmit="return false">'
            f'<label>{t["severity"]} <select id="f-sev"><option value="">{t["any"]}</option>{sev}'
            f'<option value="clean">{t["clean"]}</option><option value="unreadable">{t["unreadable"]}</option>'
            f'</select></label> <label>{t["rule"]} <select id="f-rule"><option value="">{t["any"]}</option>'
            f'</select></label> <label>{t["agency"]} <input id="f-text" type="search" '
            f'placeholder="{escape(t["search"])}"></label> <output id="f-count" aria-live="polite"></output>'
            f"</form>\n"
            f'<div id="list-scroll" tabindex="0" aria-label="{escape(t["reports"])}"><table id="reports">'
            f"<thead><tr>{heads}</tr></thead><tbody id=\"list-body\"></tbody></table></div>\n</section>\n")


# --- one report ------------------------------------------------------------------------------


def _where(f: Finding) -> str:
    loc = f.location
    if loc.page is not None:
        return f"p.{loc.page}"
    if loc.paragraph is not None:
        return f"¶{loc.paragraph}"
    return f"{loc.line}:{loc.column}" if loc.line >= 1 else ""


def _detail(r: FileResult, results: list[FileResult], index: dict, rix: dict, grids: _Grids,
            pictures: _Pictures, lang: str) -> dict:
    t = _TEXT[lang]
    rv: ReviewFacts | None = r.review
    meta = {"path": visible(r.path), "kind": r.kind or "", "template": _template(r.profile, lang),
            "previous": index.get(r.previous, visible(r.previous)) if r.previous else -1,
            "error": _safe(r.error), "notes": [visible(n) for n in r.notes],
            "faults": [visible(n) for n in r.faults]}
    if rv is not None:
        meta.update(title=_safe(rv.title), agency=_safe(rv.agency), year=rv.year,
                    issuer=t["issuers"].get(rv.issuer or "", rv.issuer or ""),
                    period=_safe(rv.period), signed_by=_safe(rv.signed_by), signed=rv.signed,
                    published=rv.published)
    out: dict = {"m": meta}
    findings = sorted(r.findings, key=Finding.sort_key)
    prev = results[index[r.previous]].review if r.previous in index else None
    # Where each cell is, for findings that point at a cell without naming it.
    at = {(c[1], c[2]): k for k, c in rv.cells.items()} \
        if rv is not None and any(not f.cells for f in findings) else {}
    out["f"] = [_finding(f, rv, prev, rix, at) for f in findings]
    if rv is not None:
        tables = []
        for key, profile in sorted(rv.tables.items()):
            if key in rv.unreadable and not any(k.startswith(key + ".") for k in rv.cells):
                continue  # said once below, not drawn as a grid of empty cells
            gid, keys = grids.of(profile, key)
            tables.append([gid, [_safe(rv.cells[k][0]) if k in rv.cells else None for k in keys]])
        out["t"] = tables
        names = grids.table_names(r.profile)
        out["u"] = [names.get(k, k) for k in rv.unreadable]
        out["nf"] = [name for k, name in names.items() if k not in rv.tables]
        if r.kind == "pdf" and findings:
            out["p"], note = pictures.draw(r.path, findings, rv, lang)
            if note:
                meta["notes"].append(note)
    return out


def _finding(f: Finding, rv: ReviewFacts | None, prev: ReviewFacts | None, rix: dict,
             at_cell: dict) -> list:
    """[rule, severity, message, where, cells, previous values, label]: the cells it names,
    or the cell or template label it points at."""
    cells = [k for k in f.cells if not k.startswith("prev.")]
    label = ""
    loc = f.location
    if rv is not None and not cells and loc.line >= 1:
        at = (loc.line, loc.column)
        cells = [at_cell[at]] if at in at_cell else []
        if not cells:
            label = next((k for k, where in rv.labels.items() if tuple(where) == at), "")
    before = [_safe(prev.cells[k[5:]][0]) if prev is not None and k[5:] in prev.cells else None
              for k in f.cells if k.startswith("prev.")]
    return [rix[f.rule_id], SEVERITIES.index(f.severity) if f.severity in SEVERITIES else 2,
            visible(f.message), _where(f), cells, before, label]


class _Grids:
    """Each template table the page draws, once: its blocks' column headers and rows (with
    group labels and depths), and the cell keys whose values a report lists in that order."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.out: list[dict] = []
        self.ids: dict[tuple[str, str], tuple[int, list[str]]] = {}

    def table_names(self, profile_id: str | None) -> dict[str, str]:
        """The template's tables: key -> name (表二…)."""
        from ..profiles import ProfileError, get_profile

        try:
            return {t.key: t.name for t in get_profile(profile_id).tables} if profile_id else {}
        except ProfileError:
            return {}

    def of(self, profile_id: str, table_key: str) -> tuple[int, list[str]]:
        found = self.ids.get((profile_id, table_key))
        if found is None:
            found = self.ids[(profile_id, table_key)] = (len(self.out), [])
            self.out.append(self._grid(profile_id, table_key, found[1]))
        return found

    def _grid(self, profile_id: str, table_key: str, keys: list[str]) -> dict:
        from ..profiles import get_profile

        table = get_profile(profile_id).table(table_key)
        blocks = [_block(table_key, block, keys) for block in table.blocks]
        return {"key": table_key, "name": table.name, "profile": profile_id,
                "template": _short_template(profile_id, self.lang), "blocks": blocks, "keys": keys}


def _block(table_key: str, block, keys: list[str]) -> dict:
    """One block of a template table: column headers (with their groups), and rows as
    [depth, label, row key, indexes into ``keys`` of its cells, whether a group label]."""
    groups: list[list] = []
    for col in block.columns:
        if groups and groups[-1][0] == col.group_label:
            groups[-1][1] += 1
        else:
            groups.append([col.group_label, 1])
    labels = {g.key: g for g in block.groups}
    group_rows = {g.key: g for g in block.group_rows}

    def chain(parent: str) -> list[str]:
        out = []
        while parent and parent in labels:
            out.insert(0, parent)
            parent = labels[parent].parent
        return out

    def cells_of(row) -> list[int]:
        start = len(keys)
        keys.extend(block.cell_key(row, col) for col in block.columns)
        return list(range(start, len(keys)))

    drawn: set[str] = set()
    rows = []
    for row in block.rows:
        for depth, g in enumerate(chain(row.parent)):
            if g not in drawn:
                drawn.add(g)
                own = cells_of(group_rows[g]) if g in group_rows else []
                rows.append([depth, labels[g].label, f"{table_key}.{g}", own, 1])
        rows.append([len(chain(row.parent)), row.label, f"{table_key}.{row.key}" if row.key else "",
                     cells_of(row), 0])
    return {"key": f"{table_key}.{block.key}", "label": block.label,
            "groups": groups if any(g[0] for g in groups) else None,
            "cols": [[c.label, c.key] for c in block.columns], "rows": rows}


class _Pictures:
    """Pictures of the PDF pages that have findings, with the boxes to outline on each."""

    def __init__(self) -> None:
        self.left = MAX_PICTURES

    def draw(self, path: str, findings: list[Finding], rv: ReviewFacts, lang: str
             ) -> tuple[list, str | None]:
        t = _TEXT[lang]
        boxes: dict[int, list] = {}
        for n, f in enumerate(findings):
            placed = [(c[3], c[4]) for k in f.cells if len(c := rv.cells.get(k, ())) > 4]
            if not placed and f.location.page is not None and f.location.bbox is not None:
                placed = [(f.location.page, f.location.bbox)]
            for page, box in placed:
                boxes.setdefault(page, []).append((box, n, f.severity))
        if not boxes:
            return [], None
        if self.left < len(boxes):
            return [], t["no_pictures"].format(n=MAX_PICTURES)
        try:
            import base64
            import io

            import pypdfium2

            pdf = pypdfium2.PdfDocument(path)
            out = []
            try:
                for number in sorted(boxes):
                    page = pdf[number - 1]
                    w, h = page.get_size()
                    image = page.render(scale=SCALE, grayscale=True).to_pil()
                    buf = io.BytesIO()
                    image.save(buf, "PNG")
                    uri = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()
                    rects = [[round(b[0], 1), round(h - b[3], 1), round(b[2] - b[0], 1),
                              round(b[3] - b[1], 1), SEVERITIES.index(sev) if sev in SEVERITIES else 2, n]
                             for b, n, sev in boxes[number]]
                    out.append([number, round(w, 1), round(h, 1), uri, rects])
                    self.left -= 1
            finally:
                pdf.close()
            return out, None
        except Exception as exc:  # noqa: BLE001 - a file moved or changed since: say so, draw the rest
            return [], t["picture_failed"].format(reason=visible(str(exc) or type(exc).__name__))


# --- the summary -----------------------------------------------------------------------------


def _summary(results: list[FileResult], known: dict, rule_ids: list[str], lang: str) -> str:
    t = _TEXT[lang]
    counts = dict.fromkeys(SEVERITIES, 0)
    per_rule: Counter[str] = Counter()
    failing: Counter[str] = Counter()
    by_year: dict[int, tuple[Counter, Counter]] = {}
    readable: Counter = Counter()
    for r in results:
        if r.error is not None:
            continue
        year = _year(r)
        readable[None] += 1
        readable[year] += 1
        ys = by_year.setdefault(year, (Counter(), Counter())) if year is not None else None
        for f in r.findings:
            counts[f.severity] = counts.get(f.severity, 0) + 1
            per_rule[f.rule_id] += 1
            if ys:
                ys[0][f.rule_id] += 1
        for rid in {f.rule_id for f in r.findings}:
            failing[rid] += 1
            if ys:
                ys[1][rid] += 1
    unreadable = sum(1 for r in results if r.error is not None)
    fired = [rid for rid in rule_ids if per_rule[rid]]
    badges = " ".join(f'<span class="badge sev-{s}">{counts[s]} {t[s]}</span>' for s in SEVERITIES)
    out = [f'<section id="summary" aria-labelledby="summary-h"><h2 id="summary-h">{t["summary"]}</h2>\n'
           f'<p class="overview">{escape(t["overview"].format(files=len(results), unreadable=unreadable, total=sum(counts.values())))}'
           f" {badges}</p>\n"]
    if fired:
        sev = {rid: known[rid].severity if rid in known else "info" for rid in fired}
        labels = [f"{rid} {visible(known[rid].name) if rid in known else ''}" for rid in fired]
        n = max(readable[None], 1)
        out.append('<div class="charts">')
        out.append(_bars(t["per_rule"], labels, [[per_rule[rid] for rid in fired]], [""], str,
                         [sev[rid] for rid in fired]))
        out.append(_bars(t["share_rule"], labels, [[failing[rid] / n for rid in fired]], [""],
                         _percent, [sev[rid] for rid in fired], whole=1.0))
        years = sorted(by_year)
        if len(years) > 1:
            names = [str(y) for y in years]
            out.append(_bars(f'{t["per_rule"]}（{t["by_year"]}）' if lang == "zh" else f'{t["per_rule"]}, {t["by_year"]}',
                             labels, [[by_year[y][0][rid] for rid in fired] for y in years], names, str))
            out.append(_bars(f'{t["share_rule"]}（{t["by_year"]}）' if lang == "zh" else f'{t["share_rule"]}, {t["by_year"]}',
                             labels, [[by_year[y][1][rid] / max(readable[y], 1) for rid in fired] for y in years],
                             names, _percent, whole=1.0))
        out.append("</div>\n")
    out.append(_rule_table(known, rule_ids, per_rule, failing, max(readable[None], 1), lang))
    out.append("</section>\n")
    return "".join(out)


def _percent(x: float) -> str:
    return f"{x * 100:.0f}%" if x >= 0.01 or x == 0 else f"{x * 100:.1f}%"


_SERIES = ("#1f4e8c", "#b4461b", "#2e6b30", "#6a3d9a", "#7a5c00", "#00695c", "#8e244d", "#455a64")


def _bars(title: str, labels: list[str], series: list[list[float]], names: list[str], fmt,
          severities: list[str] | None = None, whole: float | None = None) -> str:
    """A horizontal bar chart: one group of bars per label, one bar per series."""
    bar, gap, left, width = 12, 8, 230, 300
    top = 22 if len(series) > 1 else 4
    top_value = whole or max((v for s in series for v in s), default=1) or 1
    group = bar * len(series) + gap
    height = top + group * len(labels) + 4
    parts = [f'<figure class="chart"><figcaption>{escape(title)}</figcaption>'
             f'<svg viewBox="0 0 {left + width + 70} {height}" width="{left + width + 70}" role="img" '
             f'aria-label="{escape(title)}">']
    if len(series) > 1:
        x = left
        for k, name in enumerate(names):
            parts.append(f'<rect x="{x}" y="4" width="10" height="10" fill="{_SERIES[k % len(_SERIES)]}"/>'
                         f'<text x="{x + 14}" y="13">{escape(name)}</text>')
            x += 14 + 9 * len(name) + 14
    for i, label in enumerate(labels):
        y = top + i * group
        parts.append(f'<text x="{left - 6}" y="{y + bar * len(series) / 2 + 4:.0f}" text-anchor="end">'
                     f"{escape(label[:24])}</text>")
        for k, values in enumerate(series):
            v = values[i]
            w = width * v / top_value
            fill = f"var(--{severities[i]})" if severities else _SERIES[k % len(_SERIES)]
            parts.append(f'<rect x="{left}" y="{y + k * bar}" width="{w:.1f}" height="{bar - 2}" '
                         f'fill="{fill}"><title>{escape(label)}{" " + escape(names[k]) if names[k] else ""}: '
                         f"{fmt(v)}</title></rect>"
                         + (f'<text x="{left + w + 4:.1f}" y="{y + k * bar + bar - 3}">{fmt(v)}</text>' if v else ""))
    parts.append("</svg></figure>")
    return "".join(parts)


def _rule_table(known: dict, rule_ids: list[str], per_rule: Counter, failing: Counter, n: int,
                lang: str) -> str:
    t = _TEXT[lang]
    rows = []
    for rid in rule_ids:
        rule = known.get(rid)
        count = per_rule.get(rid, 0)
        sev = rule.severity if rule else ""
        rows.append(f'<tr{"" if count else " class=muted"}><th scope="row">'
                    + (f'<button type="button" data-rule="{escape(rid)}">{escape(rid)}</button>' if count else escape(rid))
                    + f"</th><td>{escape(rule.name if rule else '')}</td>"
                    f'<td class="sev-{sev}">{t.get(sev, sev)}</td>'
                    f"<td>{escape(localized(rule.summary, lang) if rule else '')}</td>"
                    f'<td class="n">{count}</td><td class="n">{failing.get(rid, 0)}</td>'
                    f'<td class="n">{_percent(failing.get(rid, 0) / n)}</td></tr>')
    return (f'<details id="rules"><summary>{t["rules"]} ({len(rule_ids)})</summary><table class="rules">'
            f'<thead><tr><th scope="col">{t["rule"]}</th><th scope="col">{t["name"]}</th>'
            f'<th scope="col">{t["severity"]}</th><th scope="col">{t["message"]}</th>'
            f'<th scope="col">{t["count"]}</th><th scope="col">{t["failing"]}</th>'
            f'<th scope="col">{t["share"]}</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table></details>\n")
