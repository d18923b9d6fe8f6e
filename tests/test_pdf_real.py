"""A real report as an agency published it: a WPS export (../shared/real, not ours: read in
place, never copied; skipped where absent). What ../shared/real/README.md says a reviewer finds
in it is found, and what it says is not wrong is not reported."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lint.adapters import read_source
from lint.engine import Options, lint_file
from lint.pipeline import parse_text
from lint.rulepack import load_rules

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "real"
HONGZE = REAL / "hongze-2023.pdf"
RULES = load_rules()

pytestmark = pytest.mark.skipif(not HONGZE.is_file(), reason=f"{HONGZE} is not here")


@pytest.fixture(scope="module")
def hongze():
    source = read_source(HONGZE)
    return source, parse_text(source.text, str(HONGZE)), lint_file(HONGZE, RULES, Options())


def test_wps_body_text_stays_paragraphs_and_wrapped_lines_are_rejoined(hongze):
    source, report, _ = hongze
    lines = source.text.split("\n")
    # WPS paints each body line's background as a rectangle: none of it is a table row.
    prose = [ln for ln in lines if "\t" not in ln and len(ln) > 60]
    assert len(prose) >= 6 and all("。" in ln for ln in prose)
    # Each run-in sub-heading of 总体情况 starts its paragraph, the paragraph's text with it.
    subs = [ln for ln in lines if re.match(r"（[一二三四五]）", ln)]
    assert [s[:3] for s in subs] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    assert all(len(s) > 60 for s in subs if s[:3] in ("（四）", "（五）"))
    doc = report.document
    assert [s.key for s in doc.sections] == [s.key for s in report_sections(report)]
    assert doc.period is not None and doc.period.start.isoformat() == "2023-01-01" \
        and doc.period.end.isoformat() == "2023-12-31"
    assert doc.year == 2023
    # the heading just above 表二 is a heading, not the first row of the table
    t2 = next(i for i, ln in enumerate(lines) if ln.startswith("二、"))
    assert "\t" not in lines[t2] and "\t" in "".join(lines[t2 + 1:t2 + 4])
    # a paragraph across the page break is one line, its page number gone
    assert not re.search(r"(?m)^-\s*\d+\s*-$", source.text)
    assert sum(1 for o in source.origins if o.page == 2 and o.bbox) >= 10


def report_sections(report):
    from lint.profiles import get_profile

    return get_profile(report.profile).sections


def test_wps_tables_bind_across_pages(hongze):
    source, report, _ = hongze
    lines = source.text.split("\n")
    # 表三 runs over pages 3 and 4, its merged 三、本年度办理结果 label one character a line
    t3 = [i for i, ln in enumerate(lines) if ln.count("\t") >= 9]
    assert {source.origin(i + 1).page for i in t3} == {3, 4}
    assert any(ln.startswith("三、本年度办理结果\t") for ln in lines)
    # （六）其他处理 as the one row the source has, its seven numbers with it
    other = [ln.split("\t") for ln in lines if "（六）其他处理" in ln]
    assert len(other) == 1 and sum(c.strip().isdigit() for c in other[0]) == 7
    values = {k: c.value for k, c in report.cells.items()}
    assert values["t3.new.natural"] == 21 and values["t3.new.total"] == 21
    assert values["t4.review.upheld"] == 10 and values["t4.review.total"] == 0


def test_hongze_findings_are_what_a_reviewer_finds(hongze):
    _, _, result = hongze
    ids = [f.rule_id for f in result.findings]
    for wrong in ("GX101", "GX105", "GX201", "GX501"):
        assert wrong not in ids, [f.message for f in result.findings if f.rule_id == wrong]
    gx303 = [f for f in result.findings if f.rule_id == "GX303"]
    assert len(gx303) == 1 and "其他法律行政止公开" in gx303[0].message
    assert gx303[0].location.page == 3
    gx404 = [f for f in result.findings if f.rule_id == "GX404"]
    assert len(gx404) == 2 and {f.location.page for f in gx404} == {4}


def test_hongze_findings_are_exactly_the_reviewers(hongze):
    """Nothing else: the typo, the single （六）其他处理 row as one warning, the two 表四 totals,
    and GX108: a government's report that nowhere gives its 工作考核、社会评议、责任追究 results
    (第五十条), which a reviewer agrees with."""
    _, _, result = hongze
    assert sorted((f.rule_id, f.severity) for f in result.findings) == [
        ("GX108", "warning"), ("GX303", "warning"), ("GX309", "warning"), ("GX404", "error"), ("GX404", "error")]


def test_hongze_without_its_unicode_maps_is_refused_with_the_reason(tmp_path):
    from lint.adapters import InputError
    from tests.pdfbuild import without_unicode_maps

    garbled = tmp_path / "garbled.pdf"
    garbled.write_bytes(without_unicode_maps(HONGZE.read_bytes()))
    with pytest.raises(InputError) as refused:
        read_source(garbled)
    assert refused.value.code == "pdf_garbled"
