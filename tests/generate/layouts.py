"""Rendering a report as text in each layout (tabs, one cell per line, pipes, pipe cells,
Markdown), as a crawler's run-on line, as blocks for the other formats' writers, and a
portal page's metadata block.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import date

from lint.profiles import get_profile

from .dress import Dress, RenderCtx, Wrap, dress_grid, wrap_paragraph
from .grids import Grid, GRow, grid_t2, grid_t3, grid_t4
from .prose import fact_text
from .spec import LAYOUTS, QUIRKS, REPORT_NAME, Para, Piece, ReportSpec, SubHeading, TableSlot
from .values import fmt_date

# --- table serialisers, one per layout --------------------------------------------------------


def _tabs_table(grid: Grid, ctx: RenderCtx) -> list[str]:
    """Word's text export: TAB-separated rows, merged cells as empty cells, some rows whose
    leading empty cells shift and some with a trailing empty cell (seeds 000/002/004)."""
    rng = ctx.rng
    padded = grid.key == "t3" and rng.random() < 0.5
    trim = grid.key == "t2" and rng.random() < 0.4  # the blocks after the first lose padding
    shifted: set[str] = set()
    blank_after = ""
    if grid.key == "t3":
        keys = [r.key for r in grid.rows if r.kind == "data"]
        runs = [[k for k in keys if k.startswith("not_processed.")][2:],
                [k for k in keys if k.startswith("other")][-1:], ["total"]]
        for run in rng.sample(runs, rng.randint(1, 2)):
            shifted.update(run)
        if rng.random() < 0.5:
            blank_after = rng.choice(keys[:-1])
    lines: list[str] = []
    blocks = 0
    for row in grid.rows:
        if row.kind == "caption":
            blocks += 1
            if lines and rng.random() < 0.3:
                lines.append("")
        if row.key in shifted:
            label = [c.text for c in row.cells[: row.lead] if c.text][-1]
            cells = [label, "", *(c.text for c in row.cells[row.lead:]), ""]
        else:
            cells = _tabs_cells(row, padded, grid.width)
        if trim and blocks > 1:
            while len(cells) > 2 and cells[-1] == "":
                cells.pop()
        lines.append("\t".join(cells))
        if row.key and row.key == blank_after:
            lines.append("")
    return lines


def _tabs_cells(row: GRow, padded: bool, width: int) -> list[str]:
    lead = row.cells[: row.lead]
    while len(lead) > 1 and lead[-1].kind == "h":  # a label merged rightwards is written once
        lead = lead[:-1]
    cells = [c.text for c in lead]
    if padded and row.lead > 1 and len(cells) == 1:
        cells.append("")
    cells += [c.text for c in row.cells[row.lead:]]
    if padded:
        cells += [""] * (width - len(cells))
    return cells


def _cells_table(grid: Grid, ctx: RenderCtx) -> list[str]:
    """One cell per line, each starting with a TAB; a cell merged into the one above is a line
    holding just a TAB, one merged into the left is left out; blank lines between rows."""
    lines = []
    for row in grid.rows:
        lines += ["\t" + c.text for c in row.cells if c.kind != "h"]
        lines.append("")
    return lines + [""]


def _pipes_table(grid: Grid, ctx: RenderCtx) -> list[str]:
    """A web page copied as text: cells joined by " | ", a trailing " |", merged cells empty."""
    return [" | ".join(c.text for c in row.cells) + " |" for row in grid.rows]


def _pipecells_table(grid: Grid, ctx: RenderCtx) -> list[str]:
    """Each cell on its own line ending in " |", a "|||" line for each run of merged cells,
    a blank line between rows."""
    lines = []
    for row in grid.rows:
        merged = False
        for cell in row.cells:
            if cell.kind in ("h", "v"):
                if not merged:
                    lines.append("|||")
                merged = True
                continue
            merged = False
            lines.append(f"{cell.text} |")
        lines.append("")
    return lines


def _markdown_table(grid: Grid, ctx: RenderCtx) -> list[str]:
    """A GitHub pipe table; the first row is the header row, merged cells are empty."""
    lines = []
    for i, row in enumerate(grid.rows):
        texts = [c.text.replace("\n", "<br>").replace("|", "\\|") for c in row.cells]
        lines.append("| " + " | ".join(texts) + " |")
        if i == 0:
            lines.append("|" + "---|" * grid.width)
    return lines


# --- documents, one renderer per layout ------------------------------------------------------


def _items(spec: ReportSpec) -> Iterator[tuple[str, str]]:
    """The document in reading order: (kind, text) with kind para | heading | sub | table."""
    for piece in spec.preamble:
        yield from _piece(spec, piece)
    for section in spec.sections:
        yield "heading", section.title
        for piece in section.body:
            yield from _piece(spec, piece)


def _piece(spec: ReportSpec, piece: Piece) -> Iterator[tuple[str, str]]:
    if isinstance(piece, Para):
        yield "para", piece.text
    elif isinstance(piece, SubHeading):
        yield "sub", piece.text
    elif isinstance(piece, TableSlot):
        yield "table", piece.key
    else:
        text = fact_text(spec, piece)
        if text:
            yield "para", text


def _title_lines(spec: ReportSpec, ctx: RenderCtx, split_default: bool = False) -> list[str]:
    year = f" {spec.year} 年" if spec.title_spaced else f"{spec.year}年"
    if ctx.on("split_title"):
        lines = [spec.agency, f"{year.strip()}{REPORT_NAME}"]
    elif split_default:  # as seed 003: broken inside the report name
        lines = [f"{spec.agency}{year}{REPORT_NAME[:6]}", REPORT_NAME[6:]]
    else:
        lines = [f"{spec.agency}{year}{REPORT_NAME}"]
    if ctx.on("title_space"):
        lines[-1] = lines[-1].replace("年度报告", "年度 报告")
    cut = ctx.wrap.title_at if ctx.wrap else 0
    if len(lines) == 1 and 0 < cut < len(lines[0]) and lines[0][cut - 1:cut + 1].strip() == lines[0][cut - 1:cut + 1]:
        lines = [lines[0][:cut], lines[0][cut:]]
    return lines


def _signature_lines(spec: ReportSpec) -> list[str]:
    if spec.signature_date is None:
        return []
    return [spec.signer or spec.agency, fmt_date(spec.signature_date)]


def _grid(spec: ReportSpec, key: str, ctx: RenderCtx) -> Grid:
    if key == "t2":
        return grid_t2(spec, ctx.profile, plus=ctx.rng.random() < 0.5)
    if key == "t3":
        return grid_t3(spec, ctx.profile)
    if key == "t4":
        return grid_t4(spec, ctx.profile)
    raise KeyError(key)


def _flow(spec: ReportSpec, ctx: RenderCtx, *, table: Callable[[Grid, RenderCtx], list[str]], dress: Dress,
          heading: Callable[[str], str] = str, sub: Callable[[str], str] = str,
          gap: bool = True, bold: Callable[[], bool] = lambda: False) -> list[str]:
    """The report's lines: a shared walk, with the layout's ways of writing each part."""
    lines: list[str] = []
    for kind, text in _items(spec):
        if kind == "table":
            if lines and lines[-1] != "":
                lines.append("")
            lines += table(dress_grid(_grid(spec, text, ctx), ctx, dress), ctx)
            if lines[-1] != "":
                lines.append("")
            continue
        if kind == "heading":
            lines.append(heading(text))
        elif kind == "sub":
            lines.append(sub(text))
        else:
            lines.append(wrap_paragraph(ctx.para(text, bold=bold()), ctx))
        if gap:
            lines.append("")
    return lines


def _render_tabs(spec: ReportSpec, ctx: RenderCtx) -> list[str]:
    dress = Dress(t4_heads="gap" if ctx.rng.random() < 0.7 else "")
    lines = ["", "", *_title_lines(spec, ctx), ""]
    return lines + _flow(spec, ctx, table=_tabs_table, dress=dress) + _signature_lines(spec)


def _render_cells(spec: ReportSpec, ctx: RenderCtx) -> list[str]:
    dress = Dress(wrap_rows=frozenset({"note", "not_processed.confirmation"}), t4_heads="break",
                   bookmarks=ctx.rng.randint(3, 5), pad_t2=True)
    ctx.first_para = "[bookmark: _GoBack]"
    lines = [*_title_lines(spec, ctx, split_default=True), ""]
    body = _flow(spec, ctx, table=_cells_table, dress=dress, gap=False)
    return lines + body + _signature_lines(spec)


def _render_pipes(spec: ReportSpec, ctx: RenderCtx) -> list[str]:
    lines = [*_title_lines(spec, ctx), ""]
    return lines + _flow(spec, ctx, table=_pipes_table, dress=Dress()) + _signature_lines(spec)


def _render_pipecells(spec: ReportSpec, ctx: RenderCtx) -> list[str]:
    lines = [*_title_lines(spec, ctx), ""]
    return lines + _flow(spec, ctx, table=_pipecells_table, dress=Dress()) + _signature_lines(spec)


def _render_markdown(spec: ReportSpec, ctx: RenderCtx) -> list[str]:
    title = _title_lines(spec, ctx)
    lines = [x for line in title for x in (f"# {line}", "")]
    body = _flow(spec, ctx, table=_markdown_table, dress=Dress(),
                 heading=lambda t: f"## {t}", sub=lambda t: f"### {t}",
                 bold=lambda: ctx.rng.random() < 0.5)
    return lines + body + _signature_lines(spec)


_RENDERERS: dict[str, Callable[[ReportSpec, RenderCtx], list[str]]] = {
    "tabs": _render_tabs,
    "cells": _render_cells,
    "pipes": _render_pipes,
    "pipecells": _render_pipecells,
    "markdown": _render_markdown,
}


def render(spec: ReportSpec, layout: str = "tabs", wrap: Wrap | None = None, **quirks: bool) -> str:
    """The report text in ``layout`` with the given quirks (see QUIRKS) switched on, and its
    paragraphs hard-wrapped as ``wrap`` says.

    Deterministic: layout habits (which rows shift, where debris goes) are drawn from a
    generator seeded with the spec's seed and the layout (wrapping draws nothing).
    """
    if layout not in _RENDERERS:
        raise ValueError(f"unknown layout {layout!r} (known: {', '.join(LAYOUTS)})")
    unknown = sorted(set(quirks) - set(QUIRKS))
    if unknown:
        raise ValueError(f"unknown quirks {unknown} (known: {', '.join(QUIRKS)})")
    on = frozenset(name for name, flag in quirks.items() if flag)
    ctx = RenderCtx(random.Random(f"{spec.seed}:{layout}"), on, layout, get_profile(spec.profile), wrap=wrap)
    text = "\n".join(_RENDERERS[layout](spec, ctx)).rstrip("\n") + "\n"
    if "crlf" in on:
        text = text.replace("\n", "\r\n")
    if "bom" in on:
        text = "\ufeff" + text
    return text


def render_run_on(spec: ReportSpec, sep: str = " ") -> str:
    """The report as a crawler captures a page: one line, its parts joined by ``sep``, and
    each table flattened with nothing between its cells (行政规范性文件3015)."""
    ctx = RenderCtx(random.Random(f"{spec.seed}:run-on"), frozenset(), "run-on", get_profile(spec.profile))
    parts = ["".join(_title_lines(spec, ctx))]
    for kind, text in _items(spec):
        if kind == "table":
            grid = _grid(spec, text, ctx)
            parts.append("".join(c.text for row in grid.rows for c in row.cells if c.kind not in ("h", "v")))
        else:
            parts.append(text)
    parts += _signature_lines(spec)
    return sep.join(parts) + "\n"


def blocks(spec: ReportSpec) -> list[tuple[str, str | Grid]]:
    """The report as document blocks, for writers of other formats (PDF, DOCX, HTML):
    (kind, content) with kind title | heading | sub | para | signature and a str, or kind
    table and a Grid whose cells say which are merged (``h``: covered by the cell to the
    left, ``v``: by the cell above)."""
    ctx = RenderCtx(random.Random(f"{spec.seed}:blocks"), frozenset(), "blocks", get_profile(spec.profile))
    out: list[tuple[str, str | Grid]] = [("title", line) for line in _title_lines(spec, ctx)]
    for kind, text in _items(spec):
        if kind == "table":
            out.append(("table", _grid(spec, text, ctx)))
        else:
            out.append(("sub" if kind == "sub" else kind, text))
    out += [("signature", line) for line in _signature_lines(spec)]
    return out


# --- a portal page's metadata block -----------------------------------------------------------

PORTAL_STYLES = ("table", "lines", "inline", "printed")


def portal_fields(agency: str, title: str, published: date | None, seed: int = 0) -> list[tuple[str, str]]:
    """The metadata a government portal shows above a report (all invented): 名称, 索引号,
    分类, 发布机构, 公开日期, 文号, 关键词, as (label, value) pairs."""
    rng = random.Random(f"{seed}:portal")
    year = published.year if published else 2024
    index = f"{rng.randint(10**8, 10**9 - 1)}/{year}-{rng.randint(1, 99):05d}"
    return [("名称", title), ("索引号", index), ("分类", "政府信息公开年报"), ("发布机构", agency),
            ("公开日期", published.isoformat() if published else ""), ("文号", ""), ("关键词", "年度报告")]


def portal_text(spec: ReportSpec, style: str = "table", published: date | None = None) -> list[str]:
    """The metadata block as text copied out of a portal page: ``table`` as the browser
    copies a table (label, value, label, value with TABs), ``lines`` one ``label：value`` a
    line, ``inline`` several pairs on a line, ``printed`` the table's rows as a page printed to
    PDF gives them back (each label run into its value, no colons). ``published`` defaults to the signature date."""
    fields = portal_fields(spec.agency, spec.title, published or spec.signature_date, spec.seed)
    if style == "table":
        pairs = [fields[:1], fields[1:3], fields[3:5], fields[5:]]
        return ["\t".join(x for pair in row for x in pair) for row in pairs]
    if style == "lines":
        return [f"{label}：{value}" for label, value in fields]
    if style == "inline":
        line = "　".join(f"{label}：{value}" for label, value in fields[3:5])
        return [f"{label}：{value}" for label, value in fields[:2]] + [line]
    if style == "printed":  # the table of a page printed to PDF, read back: no cells, no colons
        pairs = [fields[:1], fields[1:3], fields[3:5], fields[5:]]
        return ["".join(f"{label}{value}" for label, value in row) for row in pairs]
    raise ValueError(f"unknown style {style!r} (known: {', '.join(PORTAL_STYLES)})")
