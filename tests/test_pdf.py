"""PDF reports: generated reports written as PDFs the way Word/WPS exports draw them
(tests/pdfbuild.py) read back to exactly the numbers the generator wrote; the injected faults
of every rule are found in PDF too; findings point at pages; bad PDFs are refused clearly."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from functools import cache

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import lint.adapters.pdf as pdf_adapter
from lint.adapters import InputError, read_source
from lint.cli import main
from lint.engine import Options, lint_file, lint_report, lint_text
from lint.pipeline import parse_text
from lint.rulepack import load_rules
from tests.blockfaults import COMMENT_FAULTS, RUN_ON_FAULTS, fault_items
from tests.conftest import ROOT
from tests.generate import blocks, generate, render
from tests.pdfbuild import Blocks, build_pdf, layout
from tests.test_faults import FAULTS

RULES = load_rules()


def _read(data: bytes, name: str = "r.pdf"):
    source = pdf_adapter.read(name, data)
    return source, parse_text(source.text, name)


def _bound(report) -> dict:
    return {k: c.value for k, c in report.cells.items()}


# --- what the generator wrote is what is read back ---------------------------------------------

CASES = [  # seed, profile, footer, numbers level with the first label line
    (1, "gov-2021", "- {n} -", False),
    (2, "gov-2021", "-{n}-", True),
    (7, "gov-2019", "- {n} -", True),
    (11, "gov-2021", "第 {n} 页", False),
]


@pytest.mark.parametrize("seed, profile, footer, numbers_top", CASES)
def test_pdf_binds_every_value_the_generator_wrote(seed, profile, footer, numbers_top):
    spec = generate(seed, profile=profile, year=2020 if profile == "gov-2019" else 2023)
    data, placed = build_pdf(spec, footer=footer, numbers_top=numbers_top)
    assert len(placed.table_pages["t3"]) >= 2, "表三 should break across pages in this test"
    source, report = _read(data)
    assert source.kind == "pdf"
    assert report.profile == profile and report.missing == []
    assert _bound(report) == spec.values
    assert report.document.agency == spec.agency and report.document.year == spec.year
    assert [s.key for s in report.document.sections] == [s.key for s in spec.sections]
    findings = lint_report(report, RULES, Options(), source)
    assert [f.rule_id for f in findings if f.severity != "info"] == []


@settings(max_examples=6, deadline=None)
@given(seed=st.integers(0, 10_000), numbers_top=st.booleans())
def test_any_generated_pdf_binds_exactly(seed, numbers_top):
    spec = generate(seed)
    _, report = _read(build_pdf(spec, numbers_top=numbers_top)[0])
    assert _bound(report) == spec.values


BREAKS = [  # where 表三 is broken, whether merged-cell text flows over the break, header repeated
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", True, False),  # 三、 | 本年度办理结果
    ("2.其他法律行政法规禁止公开", True, True),
    ("3.要求提供公开出版物", False, True),
    ("（七）总计", False, False),
]


@pytest.mark.parametrize("row, flow, repeat", BREAKS)
def test_tables_broken_anywhere_read_back_whole(row, flow, repeat):
    spec = generate(3)
    data, placed = build_pdf(spec, flow=flow, break_before=row, repeat_header=repeat)
    assert len(placed.table_pages["t3"]) >= 2
    source, report = _read(data)
    assert _bound(report) == spec.values and report.missing == []
    rows = [line.split("\t") for line in source.text.split("\n") if "\t" in line]
    # the vertical label is read whole, once, on the row where its cell starts
    (label,) = [r for r in rows if "三、本年度办理结果" in r]
    assert label[:2] == ["三、本年度办理结果", "（一）予以公开"]
    assert sum(1 for r in rows if "申请人情况" in r) == 1  # a repeated header is read once
    broken = next(i for i, r in enumerate(rows) if row in r)
    assert source.origin(source.text.split("\n").index("\t".join(rows[broken])) + 1).page > \
        placed.table_pages["t3"][0]


def test_the_pdf_really_has_the_hard_layouts():
    """The writer draws what real exports have, so the tests above cover it."""
    spec = generate(1)
    pages, placed = layout(spec)
    texts = [(n, t) for n, page in enumerate(pages, 1) for t in page.texts]
    # the merged 三、本年度办理结果 label one character per line (三、 squeezed), all at one x
    column = [t.x for _, t in texts if t.text in "三、本年度办理结果" and len(t.text) <= 2]
    assert any(column.count(x) >= 8 for x in column)
    # header texts broken into fragments inside narrow cells, and labels over 2–3 lines
    assert any(t.text == "商业企" for _, t in texts) and any(t.text == "业" for _, t in texts)
    label = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    starts = [i for i, (_, t) in enumerate(texts) if label.startswith(t.text) and len(t.text) > 6]
    assert starts and len(texts[starts[0] + 1][1].text) > 1
    # 表三 breaks across pages; each page has its number at the foot
    assert len(placed.table_pages["t3"]) == 2


def test_paragraphs_are_rejoined_and_lines_keep_page_and_box():
    spec = generate(1)
    data, placed = build_pdf(spec)
    source, report = _read(data)
    lines = source.text.split("\n")
    assert len(source.origins) == len(lines) - 1  # the text ends with a newline
    for para in (t for k, t in blocks(spec) if k == "para"):
        assert para in lines  # wrapped at the page width in the PDF, one line again here
    assert not any(re.fullmatch(r"-\s*\d+\s*-", line) for line in lines)  # page numbers dropped
    t3_pages = placed.table_pages["t3"]
    rows = {line.split("\t")[2] if line.startswith("\t\t") else "": source.origin(i + 1)
            for i, line in enumerate(lines) if "\t" in line}
    last = rows["3.其他"]  # the last rows of 表三 are on the page after the break
    assert last.page == t3_pages[-1]
    x0, y0, x1, y1 = last.bbox
    assert 0 < x0 < x1 <= 595.3 and 0 < y0 < y1 <= 841.9
    first = source.origin(1)
    assert first.page == 1 and first.bbox[3] > 700  # the title, near the top of page 1


# --- faults of every rule, in PDF -----------------------------------------------------------------


_CLEAN: dict[bytes, frozenset[str]] = {}


def _lint_pdf(data: bytes) -> list:
    source, report = _read(data)
    return lint_report(report, RULES, Options(), source)


def _clean_ids(doc: Blocks) -> frozenset[str]:
    data = build_pdf(doc)[0]  # the writer is deterministic: equal reports, equal bytes
    if data not in _CLEAN:
        _CLEAN[data] = frozenset(f.rule_id for f in _lint_pdf(data))
    return _CLEAN[data]


# A PDF has no comments: the faults that are gxlint comments are tested in text and HTML.
@pytest.mark.parametrize("rule_id", sorted(set(FAULTS) - COMMENT_FAULTS - RUN_ON_FAULTS))
def test_fault_fires_its_rule_and_no_other_in_pdf(rule_id):
    clean_doc, doc = fault_items(rule_id, 8)
    clean = _clean_ids(clean_doc)
    findings = _lint_pdf(build_pdf(doc)[0])
    new = {f.rule_id for f in findings} - (clean - {rule_id})
    assert new == {rule_id}, [(f.rule_id, f.message) for f in findings]
    assert all(f.location.page is not None for f in findings if f.rule_id == rule_id)


# --- locations: text and SARIF ----------------------------------------------------------------------


@pytest.fixture
def faulty_pdf(tmp_path):
    spec = generate(1)
    spec.values["t3.carried_over.natural"] += 2  # GX401 and GX403 in 表三, on a later page
    path = tmp_path / "报告.pdf"
    data, placed = build_pdf(spec)
    path.write_bytes(data)
    return path, placed


def test_text_output_names_the_page(faulty_pdf, monkeypatch):
    path, placed = faulty_pdf
    monkeypatch.chdir(path.parent)
    result = CliRunner().invoke(main, [path.name])
    assert result.exit_code == 1, result.output
    lines = [ln for ln in result.output.splitlines() if " GX40" in ln]
    assert lines and all(re.match(r"报告\.pdf:\d+: GX40\d 错误 .* \(第\d+页\)$", ln) for ln in lines)
    assert any(ln.startswith(f"报告.pdf:{placed.table_pages['t3'][0]}: ") for ln in lines)
    english = CliRunner().invoke(main, ["--lang", "en", path.name]).output
    assert re.search(r"\(page \d+\)$", english, re.M)


def test_sarif_on_a_pdf_carries_page_box_and_snippet(faulty_pdf, monkeypatch):
    path, placed = faulty_pdf
    monkeypatch.chdir(path.parent)
    result = CliRunner().invoke(main, ["--format", "sarif", path.name])
    log = json.loads(result.output)
    schema = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
    if schema.is_file():
        jsonschema.validate(log, json.loads(schema.read_text(encoding="utf-8")))
    results = [r for r in log["runs"][0]["results"] if r["ruleId"] in ("GX401", "GX403")]
    assert results
    for r in results:
        props = r["properties"]
        assert props["page"] in placed.table_pages["t3"]
        assert len(props["bbox"]) == 4
        # a PDF has no lines of its own, so no region; the row of 表三 is the snippet
        assert "region" not in r["locations"][0]["physicalLocation"]
        assert props["snippet"].startswith(("一、", "二、")) and re.search(r"\d", props["snippet"])
    assert log["runs"][0]["artifacts"][0]["location"]["uri"] == "%E6%8A%A5%E5%91%8A.pdf"


# --- bad input ------------------------------------------------------------------------------------


def _encrypted(user: str) -> bytes:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, encrypt=pdfencrypt.StandardEncryption(user, ownerPassword="owner", strength=128))
    c.drawString(100, 700, "report")
    c.showPage()
    c.save()
    return out.getvalue()


def _image_only() -> bytes:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out)
    for _ in range(2):
        c.drawImage(ImageReader(Image.new("L", (60, 80), 200)), 50, 50, 495, 742)
        c.showPage()
    c.save()
    return out.getvalue()


@cache
def _good() -> bytes:
    return build_pdf(generate(4))[0]


BAD = {
    "corrupt": (lambda: b"%PDF-1.7\n" + bytes(range(256)) * 40, "damaged PDF"),
    "not a pdf": (lambda: b"<html><body>report</body></html>", "not a PDF"),
    "truncated": (lambda: _good()[: len(_good()) // 2], "truncated"),
    "no trailer": (lambda: _good()[:-40], "damaged PDF"),
    "encrypted": (lambda: _encrypted("secret"), "needs a password"),
    "image only": (_image_only, "no text layer"),
    "too many pages": (lambda: build_pdf(generate(4), pad_pages=300)[0], "too many pages"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_pdf_is_refused_with_a_reason(tmp_path, case):
    make, reason = BAD[case]
    path = tmp_path / f"{case.replace(' ', '-')}.pdf"
    path.write_bytes(make())
    with pytest.raises(InputError) as info:
        read_source(path)
    assert reason in info.value.reason and str(path) in str(info.value)


def test_a_pdf_encrypted_without_a_user_password_is_read(tmp_path):
    path = tmp_path / "owner-only.pdf"
    path.write_bytes(_encrypted(""))
    assert "report" in read_source(path).text


def test_a_200_mb_pdf_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.pdf"
    with path.open("wb") as f:  # sparse: takes no disk space and no time
        f.write(b"%PDF-1.7\n")
        f.truncate(200 * 1024 * 1024)
    with pytest.raises(InputError, match="too large"):
        read_source(path)


def test_bad_pdfs_exit_2_and_the_other_files_are_still_linted(tmp_path, monkeypatch):
    for case, (make, _) in BAD.items():
        (tmp_path / f"{case.replace(' ', '-')}.pdf").write_bytes(make())
    spec = generate(1)
    spec.values["t4.review.upheld"] += 1
    (tmp_path / "good.pdf").write_bytes(build_pdf(spec)[0])
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["--lang", "en", "."])
    assert result.exit_code == 2
    out = result.output
    for case, (_, reason) in BAD.items():
        assert re.search(rf"^(\./)?{re.escape(case.replace(' ', '-'))}\.pdf: error: .*{reason}", out, re.M), out
    assert re.search(r"^(\./)?good\.pdf:\d+: GX404 error", out, re.M)
    assert "Traceback" not in out


def test_lint_file_reports_a_bad_pdf_as_a_file_error(tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(_encrypted("secret"))
    result = lint_file(path, RULES, Options(lang="en"))
    assert result.error and "password" in result.error and result.findings == []
    assert "需要密码" in lint_file(path, RULES, Options()).error  # the run's language


def test_pdf_libraries_load_only_when_a_pdf_is_read(tmp_path):
    txt = tmp_path / "r.txt"
    txt.write_text("一、总体情况\n", encoding="utf-8")
    code = ("import sys\nfrom lint.cli import main\nfrom lint.engine import lint_file, Options\n"
            f"lint_file({str(txt)!r}, [], Options())\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pdfminer', 'pdfplumber', 'pypdfium2', 'reportlab')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- as WPS draws: invisible boxes behind the text, tables open at a page break ----------------


@pytest.mark.parametrize("seed, profile", [(1, "gov-2021"), (7, "gov-2019"), (21, "gov-2021")])
def test_wps_line_backgrounds_are_no_table_and_open_page_breaks_bind(seed, profile):
    spec = generate(seed, profile=profile, year=2020 if profile == "gov-2019" else 2023)
    data, placed = build_pdf(spec, wps=True)
    pages = pdf_adapter.extract("r.pdf", data)
    # really drawn so: a white box per line of text; 表三's rows on the page it leaves have no
    # rule at their foot (the lowest horizontal rule there is above the lowest vertical end)
    assert sum(len(p.fills) for p in pages) > 50
    first = pages[placed.table_pages["t3"][0] - 1]
    flat = [r for r in first.rules if r[3] - r[1] < 0.1]
    upright = [r for r in first.rules if r[3] - r[1] >= 0.1]
    assert max(r[3] for r in upright) > max(r[1] for r in flat) + 5
    source, report = _read(data)
    assert report.profile == profile and report.missing == []
    assert _bound(report) == spec.values
    assert [s.key for s in report.document.sections] == [s.key for s in spec.sections]
    lines = source.text.split("\n")
    assert not any("\t" in ln and "。" in ln for ln in lines)  # no paragraph became a table row
    text = lint_text(render(spec, "tabs"), "r.txt", RULES)
    said = {(f.rule_id, f.message) for f in lint_report(report, RULES, Options(), source)}
    assert said == {(f.rule_id, f.message) for f in text}


def test_a_seal_over_the_signature_is_no_table():
    """A red seal drawn as vector paths (a circle of Bézier curves, a star of slanted lines) over
    the signature draws no ruling line: the signature is read as it is."""
    spec = generate(1)
    data = build_pdf(spec, seal=True)[0]
    pages = pdf_adapter.extract("r.pdf", data)
    assert not any(p.tables for p in pages if p.number == len(pages))
    source, report = _read(data)
    assert report.document.signature is not None
    assert report.document.signature.date.value == spec.signature_date
    assert source.text.rstrip("\n").split("\n")[-2:] == [spec.agency, f"{spec.signature_date.year}年"
                                                        f"{spec.signature_date.month}月{spec.signature_date.day}日"]


# --- PDFium (the reader) against pdfminer (GXLINT_PDF_ENGINE=pdfminer) ------------------------


def _both_engines(data: bytes, monkeypatch) -> tuple[tuple, tuple]:
    from lint.adapters.pdf_layout import build

    ours = build(pdf_adapter.extract("r.pdf", data))
    monkeypatch.setenv("GXLINT_PDF_ENGINE", "pdfminer")
    theirs = build(pdf_adapter.extract("r.pdf", data))
    monkeypatch.delenv("GXLINT_PDF_ENGINE")
    return ours, theirs


@pytest.mark.parametrize("seed, wps", [(3, False), (21, True)])
def test_pdfium_reads_the_text_form_pdfminer_reads(seed, wps, monkeypatch):
    """Same text, same pages, every line's box within 2 points: PDFium's text page leaves out
    nothing the page draws and adds nothing of its own."""
    data, _ = build_pdf(generate(seed), wps=wps)
    (text, origins), (their_text, their_origins) = _both_engines(data, monkeypatch)
    assert text == their_text
    for ours, theirs in zip(origins, their_origins, strict=True):
        assert ours.page == theirs.page
        assert (ours.bbox is None) == (theirs.bbox is None)  # a blank line around a table
        if ours.bbox:
            assert max(abs(a - b) for a, b in zip(ours.bbox, theirs.bbox, strict=True)) <= 2.0


def test_pdfium_keeps_a_space_drawn_as_a_text_object_of_its_own(monkeypatch):
    """LibreOffice and Chromium draw the space between runs of two fonts as a text object of
    its own, which PDFium's text page skips (putting a space of its own, or none, elsewhere):
    the space is read where it is drawn, as pdfminer reads it."""
    from tests.attacks import _page_pdf

    content = (b"BT /F1 12 Tf 72 700 Td (from) Tj ET BT /F1 12 Tf 96.5 700 Td ( ) Tj ET "
               b"BT /F1 12 Tf 99.8 700 Td (2024) Tj ET")
    data = _page_pdf(content, b"<< /Font << /F1 5 0 R >> >>")
    pages = pdf_adapter.extract("r.pdf", data)
    assert [c.text for c in sorted(pages[0].chars, key=lambda c: c.x0)] == list("from 2024")
    (text, _), (their_text, _) = _both_engines(data, monkeypatch)
    assert text == their_text == "from 2024\n"


# --- a table's header broken by a page end ------------------------------------------------------


def _header_broken_at(label_below: str) -> list[str]:
    """表三's first header row ends page 1 ([label | 申请人情况 over seven columns]); page 2 goes
    on with the label's merged cell beside 自然人 (two rows high), 法人或其他组织 over 商业企业…,
    and 总计, as LibreOffice draws a row broken by a page end."""
    from lint.adapters.pdf_layout import Cell, Fragment, _table_rows

    xs = [68.0, 380.0, 428.0, 470.0, 510.0, 550.0, 600.0, 640.0, 680.0]
    above = Fragment(1, (68, 700, 680, 740), [
        Cell((68, 700, 380, 740), "（本列数据的勾稽关系为：第一项加第二项之", 0, 0, room=2, size=10),
        Cell((380, 700, 680, 740), "申请人情况", 0, 0, room=250, size=10)], [700, 740])
    heads = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    below = Fragment(2, (68, 30, 680, 150), [
        Cell((68, 30, 380, 150), label_below, 0, 1, room=150, size=10),
        Cell((380, 30, 428, 150), "自然人", 0, 1, room=10, size=10),
        Cell((428, 30, 640, 60), "法人或其他组织", 0, 0, room=100, size=10),
        *(Cell((x0, 60, x1, 150), h, 1, 1, room=5, size=10)
          for x0, x1, h in zip(xs[2:7], xs[3:8], heads, strict=True)),
        Cell((640, 30, 680, 150), "总计", 0, 1, room=5, size=10)], [30, 60, 150])
    return [line for line, _ in _table_rows([above, below], {1: 842, 2: 842})]


def test_a_header_cell_over_many_columns_ending_a_page_is_not_continued_by_the_first_below():
    rows = _header_broken_at("和，等于第三项加第四项之和）")
    # the label's merged cell goes on across the break (same columns); 申请人情况 does not
    # swallow 自然人, the first of the cells under it (before: GX303 "申请人情况自然人")
    assert rows[0].split("\t")[:2] == ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                                       "申请人情况"]
    assert rows[1].split("\t")[1:3] == ["自然人", "法人或其他组织"]
    assert rows[2].split("\t")[2:7] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
