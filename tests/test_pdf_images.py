"""PDFs with pages that are pictures (scanned, no text layer): one warning (GX311) names them,
and nothing they could hold is reported missing; what the other pages hold is still checked.
Generated reports drawn by tests/pdfbuild.py with some pages scanned (``scanned=``)."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from lint.adapters import InputError, read_source
from lint.cli import main
from lint.engine import Options, lint_file
from lint.rulepack import load_rules
from tests.generate import blocks, generate
from tests.pdfbuild import build_pdf, layout

RULES = load_rules()
GX311 = next(r for r in RULES if r.id == "GX311")
SPEC = generate(1)  # four pages: 表二 on 1-2, 表三 on 2-3, 表四 on 3


def _lint(tmp_path, data: bytes, lang: str = "zh", name: str = "r.pdf"):
    path = tmp_path / name
    path.write_bytes(data)
    result = lint_file(path, RULES, Options(lang=lang))
    assert result.error is None, result.error
    return result


def _pages(example: str) -> tuple[int, frozenset[int]]:
    """The rule's example: one line a page, ``第N页：文字`` or ``第N页：图片``."""
    pages = re.findall(r"第(\d+)页：(文字|图片)", example)
    assert pages and len(pages) == len(example.strip().splitlines())
    return len(pages), frozenset(int(n) for n, kind in pages if kind == "图片")


@pytest.mark.parametrize("key", ["bad", "good"])
def test_the_rules_examples(tmp_path, key):
    count, scanned = _pages(GX311.examples[key])
    assert layout(SPEC)[1].pages >= count
    found = [f for f in _lint(tmp_path, build_pdf(SPEC, scanned=scanned)[0]).findings
             if f.rule_id == "GX311"]
    if key == "good":
        assert found == []
    else:
        assert len(found) == 1 and found[0].location.page == min(scanned)
        assert found[0].message.startswith("第" + "、".join(map(str, sorted(scanned))) + "页是图片")


def test_scanned_pages_are_named_and_what_they_hold_is_not_reported_missing(tmp_path):
    placed = layout(SPEC)[1]
    assert placed.table_pages["t4"] == [3] and 3 in placed.table_pages["t3"]
    result = _lint(tmp_path, build_pdf(SPEC, scanned=frozenset({3}))[0])
    # Page 3 held the end of 表三 and all of 表四: no GX301 "table missing", no GX302 cells,
    # no sums over what was not read; one warning says why.
    assert [(f.rule_id, f.severity) for f in result.findings] == [("GX311", "warning")]
    assert result.findings[0].message == "第3页是图片，没有文字层，其中的内容无法检查"
    assert "第 3 页" in " ".join(result.notes)
    english = _lint(tmp_path, build_pdf(SPEC, scanned=frozenset({2, 3}))[0], "en", "e.pdf")
    assert [f.message for f in english.findings] == \
        ["pages that are images with no text layer, so what they hold cannot be checked: 2, 3"]
    source = read_source(tmp_path / "e.pdf")
    assert source.unread_pages == (2, 3) and source.pages == 4
    assert "\t" in source.text  # 表二's first rows, on page 1, are still read


def test_what_the_scanned_pages_cannot_hold_is_still_reported(tmp_path):
    """Section 六 is missing from a report whose page 1 is scanned: 六 would come after 五,
    which is on a page that was read, so GX101 stands; a wrong sum on a page read stands too."""
    items = blocks(SPEC)
    six = next(i for i, (kind, text) in enumerate(items) if kind == "heading" and text.startswith("六"))
    cut = items[:six] + [it for it in items[six:] if it[0] == "signature"]
    data, placed = build_pdf(cut, scanned=frozenset({1}))
    assert placed.pages >= 3
    result = _lint(tmp_path, data)
    ids = [f.rule_id for f in result.findings]
    assert "GX311" in ids and "GX101" in ids
    assert any("六、其他需要报告的事项" in f.message for f in result.findings if f.rule_id == "GX101")
    # the title and the period were on page 1: not reported missing
    assert "GX104" not in ids and "GX201" not in ids
    # with no page scanned, the same cut report also lacks nothing else
    clean = _lint(tmp_path, build_pdf(cut)[0], name="c.pdf")
    assert {f.rule_id for f in clean.findings if f.severity == "error"} == {"GX101"}


def test_a_pdf_of_only_scanned_pages_is_refused(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(build_pdf(SPEC, scanned=frozenset({1, 2, 3, 4}))[0])
    with pytest.raises(InputError) as caught:
        read_source(path)
    assert caught.value.code == "pdf_no_text"


def test_parse_shows_the_pages_without_text(tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(build_pdf(SPEC, scanned=frozenset({2, 3}))[0])
    out = CliRunner().invoke(main, ["parse", str(path)])
    assert out.exit_code == 0
    assert "  pages     4 (no text layer, not read: 2, 3)" in out.output.splitlines()
    data = json.loads(CliRunner().invoke(main, ["parse", "--format", "json", str(path)]).stdout)
    assert data["pdf_pages"] == {"count": 4, "without_text": [2, 3]}
    path.write_bytes(build_pdf(SPEC)[0])
    data = json.loads(CliRunner().invoke(main, ["parse", "--format", "json", str(path)]).stdout)
    assert data["pdf_pages"] == {"count": 4, "without_text": []}


def test_a_statement_missing_from_pages_that_were_read_is_still_reported(tmp_path):
    """总体情况 lacks 监督保障 (GX105): with the last page scanned, 总体情况 (page 1) was read
    and the finding stands; with page 1 scanned it could be there, and is withheld."""
    from tests.blockfaults import fault_items

    _, items = fault_items("GX105", 8)
    data, placed = build_pdf(items)
    assert "GX105" in {f.rule_id for f in _lint(tmp_path, data).findings}
    last = _lint(tmp_path, build_pdf(items, scanned=frozenset({placed.pages}))[0], name="l.pdf")
    assert sorted(f.rule_id for f in last.findings) == ["GX105", "GX311"]
    first = _lint(tmp_path, build_pdf(items, scanned=frozenset({1}))[0], name="f.pdf")
    assert [f.rule_id for f in first.findings] == ["GX311"]


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 10_000), data=st.data())
def test_scanning_any_pages_of_a_correct_report_gives_only_the_warning(tmp_path_factory, seed, data):
    """Whatever pages of a report without faults are scans, the one finding is GX311: every
    other finding could only have come from what those pages hold."""
    spec = generate(seed)
    count = layout(spec)[1].pages
    scanned = data.draw(st.sets(st.integers(1, count), min_size=1, max_size=count - 1))
    result = _lint(tmp_path_factory.mktemp("scan"), build_pdf(spec, scanned=frozenset(scanned))[0])
    assert [f.rule_id for f in result.findings] == ["GX311"], \
        (sorted(scanned), [(f.rule_id, f.message) for f in result.findings])


def test_a_report_whose_only_text_page_is_an_appendix_is_not_called_no_report(tmp_path):
    """Pages 1-4 scanned, page 5 (附件) text: what was read is no report (GX100), but the report
    is on the scanned pages; the one finding says so."""
    data = build_pdf(SPEC, scanned=frozenset({1, 2, 3, 4}), pad_pages=1)[0]
    result = _lint(tmp_path, data)
    assert [(f.rule_id, f.message) for f in result.findings] == \
        [("GX311", "第1、2、3、4页是图片，没有文字层，其中的内容无法检查")]
    from lint.engine import lint_text

    assert [f.rule_id for f in lint_text("附件\n", "a.txt", RULES)] == ["GX100"]


def test_a_table_pasted_as_a_picture_in_a_pdf_is_said_once_not_missing(tmp_path):
    # Word document → LibreOffice → PDF, its 表三 a picture: a text page with a large image
    # where the table would be (a seal or logo is too small to count).
    from tests.docxbuild import table_as_picture, write_docx
    from tests.lobuild import has_cjk_font, soffice, to_pdf

    if soffice() is None or not has_cjk_font():
        pytest.skip("LibreOffice with a CJK font is needed to export the PDF")
    path = table_as_picture(write_docx(blocks(generate(6)), tmp_path / "r.docx"))
    _add_seal(path)
    pdf = to_pdf([path], tmp_path / "out")[path]
    source = read_source(pdf)
    assert len(source.pictures) == 1 and source.unread_pages == ()
    assert [f.rule_id for f in lint_file(pdf, RULES, Options()).findings] == ["GX312"]
    # The picture stands after 表三's section heading, in the text form's order.
    heading = source.text.split("\n").index("三、收到和处理政府信息公开申请情况") + 1
    assert heading <= source.pictures[0] < heading + 3


def _add_seal(path) -> None:
    """A 4 cm picture at the end, as a scanned seal over the signature."""
    import io

    import docx
    from docx.shared import Cm
    from PIL import Image

    document = docx.Document(str(path))
    png = io.BytesIO()
    Image.new("RGB", (200, 200), "red").save(png, "PNG")
    document.add_paragraph().add_run().add_picture(io.BytesIO(png.getvalue()), width=Cm(4))
    document.save(str(path))
