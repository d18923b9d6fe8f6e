"""The injected faults of tests/test_faults.py, applied to document blocks (for the DOCX and
HTML writers) instead of rendered text: spec faults as they are, text faults redone on the
blocks' paragraphs and table cells."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import replace

from tests.generate import Grid, ReportSpec, blocks, render_run_on
from tests.test_faults import FAULTS, _spec_for

Items = list[tuple[str, object]]


def _texts(items: Items, edit: Callable[[str], str]) -> Items:
    """Every paragraph and cell text through ``edit``; a paragraph left empty is dropped."""
    out: Items = []
    for kind, content in items:
        if isinstance(content, Grid):
            rows = [replace(row, cells=[replace(c, text=edit(c.text)) for c in row.cells])
                    for row in content.rows]
            out.append((kind, replace(content, rows=rows)))
        elif text := edit(content):
            out.append((kind, text))
    return out


def _drop_title_agency(items: Items, spec: ReportSpec) -> Items:
    out, done = [], False
    for kind, content in items:
        if kind == "title" and not done and spec.agency in content:
            head, sep, rest = content.partition(f"{spec.year}年")
            content, done = head.replace(spec.agency, "", 1) + sep + rest, True
            if not content.strip():
                continue
        out.append((kind, content))
    return out


def _remove_row(label: str) -> Callable[[Items, ReportSpec], Items]:
    def fault(items: Items, spec: ReportSpec) -> Items:
        out: Items = []
        for kind, content in items:
            if isinstance(content, Grid):
                rows = [r for r in content.rows if not any(label in c.text for c in r.cells)]
                content = replace(content, rows=rows)
            out.append((kind, content))
        return out
    return fault


def _replace(old: str, new: str, count: int = -1) -> Callable[[Items, ReportSpec], Items]:
    def fault(items: Items, spec: ReportSpec) -> Items:
        left = [count]

        def edit(text: str) -> str:
            if left[0] == 0 or old not in text:
                return text
            left[0] -= 1
            return text.replace(old, new, 1 if count > 0 else -1)
        edited = _texts(items, edit)
        assert left[0] != count, f"{old!r} not in the report"
        return edited
    return fault


def _comment_before_section_six(comment: str) -> Callable[[Items, ReportSpec], Items]:
    """A ("comment", text) block before 六、…: HTML writes it as <!-- text -->; Word files have
    no comments a report's author could type, so the DOCX tests leave these faults out."""
    def fault(items: Items, spec: ReportSpec) -> Items:
        at = next(i for i, (kind, text) in enumerate(items)
                  if kind == "heading" and str(text).startswith("六、"))
        return [*items[:at], ("comment", comment), *items[at:]]
    return fault


def _prose_only(items: Items, spec: ReportSpec) -> Items:
    """Only the paragraphs: no title, no section heading, no table (GX100)."""
    return [(kind, content) for kind, content in items if kind == "para"]


# Faults that are HTML comments (see tests/test_faults.py).
COMMENT_FAULTS = {"GX901", "GX902"}
# A crawler's run-on text is one line of a text form: a DOCX paragraph or an HTML block can
# hold it, a PDF page wraps it into lines (tested in text, DOCX and HTML).
RUN_ON_FAULTS = {"GX310"}

BLOCK_FAULTS: dict[str, Callable[[Items, ReportSpec], Items]] = {
    "GX100": _prose_only,
    "GX104": _drop_title_agency,
    "GX302": _remove_row("2.重复申请"),
    "GX303": _replace("本年废止件数", "本年度止件数"),
    "GX310": lambda items, spec: [("para", render_run_on(spec).strip())],
    "GX801": _replace("。", "。[bookmark: _Hlk12345678]", count=1),
    "GX802": _replace("年度报告", "年度 报告", count=1),
    "GX901": _comment_before_section_six("gxlint-disable-next-line GX601"),
    "GX902": _comment_before_section_six("gxlint-disable-next-line GX601 -- 理由"),
}


def fault_items(rule_id: str, seed: int) -> tuple[Items, Items]:
    """(the report's blocks, the blocks with the fault for ``rule_id`` injected)."""
    spec = _spec_for(rule_id, seed)
    spec_fault, text_fault = FAULTS[rule_id]
    faulty = copy.deepcopy(spec)
    if spec_fault:
        spec_fault(faulty)
    items = blocks(faulty)
    if text_fault:
        items = BLOCK_FAULTS[rule_id](items, faulty)
    return blocks(spec), items
