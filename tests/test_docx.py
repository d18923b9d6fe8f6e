"""DOCX: generated reports written as Word documents with merged cells bind exactly what the
generator wrote; every injected fault is found, pointing at its paragraph; bad files are
refused with a reason."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal

import pytest

from lint.adapters import InputError, read_source
from lint.adapters import docx_reader as reader
from lint.adapters.docx_numbering import chinese
from lint.engine import Options, lint_file
from lint.formatters.text import format_text
from lint.pipeline import parse_text
from lint.rulepack import load_rules
from tests.blockfaults import COMMENT_FAULTS, fault_items
from tests.conftest import assert_binds_spec, assert_refused
from tests.docxbuild import merged_regions, write_docx
from tests.generate import Grid, blocks, generate, render
from tests.test_faults import FAULTS, SEEDS, _ids, _lint

RULES = load_rules()


def _bound(report) -> dict[str, Decimal | None]:
    return {k: c.value for k, c in report.cells.items()}


@pytest.mark.parametrize("seed", range(6))
def test_docx_with_merged_cells_binds_every_value(tmp_path, seed):
    spec = generate(seed, profile="gov-2019" if seed == 5 else "gov-2021")
    items = blocks(spec)
    path = write_docx(items, tmp_path / "r.docx", styled=seed % 2 == 0)
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    # The writer really merged: as many merged regions as the grids have, both directions.
    regions = sum(len(merged_regions(g)) for _, g in items if isinstance(g, Grid))
    assert xml.count('w:vMerge w:val="restart"') + xml.count("<w:gridSpan") >= regions > 0
    source = read_source(path)
    assert source.kind == "docx"
    assert_binds_spec(source, spec)


def test_docx_gives_the_findings_of_the_text_export(tmp_path):
    for seed in range(4):
        spec = generate(seed)
        path = write_docx(blocks(spec), tmp_path / f"r{seed}.docx")
        from_docx = {(f.rule_id, f.message) for f in lint_file(path, RULES, Options()).findings}
        from_text = {(f.rule_id, f.message) for f in _lint(render(spec, "tabs"), "tabs")}
        assert from_docx == from_text


_CLEAN: dict = {}


@pytest.mark.parametrize("rule_id", sorted(set(FAULTS) - COMMENT_FAULTS))
def test_fault_in_docx_fires_its_rule_and_no_other(tmp_path, rule_id):
    clean_items, faulty_items = fault_items(rule_id, SEEDS[0])
    key = repr(clean_items)
    if key not in _CLEAN:  # most rules share the unfaulted report
        _CLEAN[key] = _ids(lint_file(write_docx(clean_items, tmp_path / "clean.docx"), RULES,
                                     Options()).findings)
    clean = _CLEAN[key]
    result = lint_file(write_docx(faulty_items, tmp_path / "faulty.docx"), RULES, Options())
    assert result.error is None
    assert _ids(result.findings) - (clean - {rule_id}) == {rule_id}, \
        [(f.rule_id, f.message) for f in result.findings]
    assert all(f.location.paragraph for f in result.findings if f.location.line >= 1)


def test_numbered_headings_read_with_their_numbers(tmp_path):
    spec = generate(2)
    path = write_docx(blocks(spec), tmp_path / "r.docx", numbered=True)
    body = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert "一、总体情况" not in body and "<w:numPr>" in body  # the numbers are Word's
    source = read_source(path)
    lines = source.text.split("\n")
    assert "一、总体情况" in lines and "六、其他需要报告的事项" in lines
    assert any(line.startswith("（二）") for line in lines)
    report = parse_text(source.text, str(path))
    assert [s.key for s in report.document.sections] == [
        "overview", "proactive", "requests", "review", "problems", "other"]
    assert _bound(report) == spec.values
    from_text = {(f.rule_id, f.message) for f in _lint(render(spec, "tabs"), "tabs")}
    assert {(f.rule_id, f.message) for f in lint_file(path, RULES, Options()).findings} == from_text


@pytest.mark.parametrize("n, text", [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (99, "九十九"),
                                     (100, "一百"), (105, "一百零五"), (110, "一百一十")])
def test_chinese_counting(n, text):
    assert chinese(n) == text


def _visible_blocks(path) -> list[str]:
    """The document's blocks as Word shows them, counted with python-docx's own API:
    paragraphs holding text, and table rows."""
    import docx

    out = []
    for item in docx.Document(str(path)).iter_inner_content():
        if isinstance(item, docx.table.Table):
            out += ["\t".join(c.text for c in row.cells) for row in item.rows]
        elif item.text.strip():
            out.append(item.text)
    return out


def test_findings_point_at_their_paragraph(tmp_path):
    spec = generate(4)
    spec.applications += 2  # GX501: the stated count no longer matches 表三
    spec.values["t4.review.upheld"] += 1  # GX404: 表四's row does not add up
    path = write_docx(blocks(spec), tmp_path / "r.docx")
    result = lint_file(path, RULES, Options())
    shown = _visible_blocks(path)
    by_rule = {f.rule_id: f for f in result.findings}
    gx501 = by_rule["GX501"].location.paragraph
    assert f"{spec.applications}件" in shown[gx501 - 1]
    gx404 = by_rule["GX404"].location.paragraph
    assert shown[gx404 - 1].startswith(str(spec.values["t4.review.upheld"]))
    out = format_text([result])
    assert re.search(rf"r\.docx:{gx501}: GX501 警告 .*\(第{gx501}段\)", out), out
    assert f"(paragraph {gx404})" in format_text([result], "en")


@pytest.mark.parametrize("table", [True, False])
def test_breaks_tabs_and_empty_paragraphs(tmp_path, table):
    import docx

    document = docx.Document()
    document.add_paragraph("")
    run = document.add_paragraph().add_run("东临市统计局")
    run.add_break()
    run.add_text("2023年政府信息公开工作年度报告")
    document.add_paragraph("落款\t单位  二\t")
    if table:
        document.add_table(rows=1, cols=2).rows[0].cells[0].text = "规章\t甲"
    document.save(str(tmp_path / "r.docx"))
    source = read_source(tmp_path / "r.docx")
    # A TAB is spacing where the tables are Word's; where there is none, it separates the
    # cells of a row typed as a paragraph, as in Word's text export (inside a cell: a space).
    head = "东临市统计局\n2023年政府信息公开工作年度报告\n"
    assert source.text == head + ("落款 单位 二\n规章 甲\t\n" if table else "落款\t单位 二\t\n")
    assert [o.paragraph for o in source.origins] == [1, 1, 2, 3][:3 + table]


def _typed(lines: list[str], path):
    """A Word document with no table: each line a paragraph, its TABs Word's (w:tab)."""
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(path))
    assert "<w:tab/>" in zipfile.ZipFile(path).read("word/document.xml").decode()
    return path


@pytest.mark.parametrize("seed", range(4))
def test_tables_typed_as_tab_paragraphs_read_as_the_text_export(tmp_path, seed):
    # Word's text export pasted back into Word, or tables typed with TAB: no w:tbl at all.
    spec = generate(seed)
    text = render(spec, "tabs")
    path = _typed(text.split("\n"), tmp_path / "r.docx")
    assert_binds_spec(read_source(path), spec)
    from_docx = {(f.rule_id, f.message) for f in lint_file(path, RULES, Options()).findings}
    assert from_docx == {(f.rule_id, f.message) for f in _lint(text, "tabs")}


def test_tables_typed_as_tab_paragraphs_inside_a_layout_box_read_as_well(tmp_path):
    from tests.docxbuild import in_a_layout_table

    spec = generate(2)
    text = render(spec, "tabs")
    path = in_a_layout_table(_typed(text.split("\n"), tmp_path / "r.docx"))
    assert_binds_spec(read_source(path), spec)


def test_real_reports_typed_as_paragraphs_give_their_own_findings(tmp_path, seeds):
    for seed in seeds:
        path = _typed(seed.read_text(encoding="utf-8").split("\n"), tmp_path / f"{seed.stem}.docx")
        from_docx = {(f.rule_id, f.message) for f in lint_file(path, RULES, Options()).findings}
        from_text = {(f.rule_id, f.message) for f in lint_file(seed, RULES, Options()).findings}
        assert from_docx == from_text, seed.name


# --- bad input ---------------------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _bomb(size_mb: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(size_mb):
                member.write(chunk)
    return out.getvalue()


@pytest.mark.parametrize("content, reason", [
    (b"PK\x03\x04 this is not really a zip", "not a zip archive"),
    ("这是一份文本文件，不是Word文档。".encode(), "not a zip archive"),
    (reader.OLE_MAGIC + bytes(600), "Word 97-2003"),
    (_zip({"hello.txt": b"hello"}), "no word/document.xml"),
    (_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document"}),
     "not a readable Word document"),
    (_bomb(120), "would unpack to 120 MB"),
    (_bomb(20), "compressed"),
    (b"", "empty file"),
])
def test_bad_docx_is_refused_with_a_reason(tmp_path, content, reason):
    assert_refused(tmp_path / "报告.docx", content, reason)


def test_a_docx_without_text_is_refused(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("")
    document.add_table(rows=2, cols=2)
    document.save(str(tmp_path / "empty.docx"))
    with pytest.raises(InputError, match="holds no text"):
        read_source(tmp_path / "empty.docx")


@pytest.mark.parametrize("columns", [1, 2])
def test_a_report_inside_a_layout_table_reads_as_the_report(tmp_path, columns):
    # Pasted into a bordered one-cell box, or laid out beside a narrow column: the outer
    # table is the page's layout, not a table of the report (before: one run-on line, its
    # statistics tables lost).
    from tests.docxbuild import in_a_layout_table

    spec = generate(5)
    spec.values["t4.review.upheld"] += 1  # GX404
    path = in_a_layout_table(write_docx(blocks(spec), tmp_path / "r.docx"), columns)
    assert zipfile.ZipFile(path).read("word/document.xml").decode().count("<w:tbl>") >= 4
    source = read_source(path)
    assert_binds_spec(source, spec)
    findings = lint_file(path, RULES, Options()).findings
    assert {(f.rule_id, f.message) for f in findings} == {
        (f.rule_id, f.message) for f in _lint(render(spec, "tabs"), "tabs")}
    # The finding's paragraph number is the block of 表四's row (what --annotate comments on).
    import docx

    gx404 = next(f for f in findings if f.rule_id == "GX404").location.paragraph
    numbered = {n: (lines, element) for n, kind, lines, element in reader.blocks(docx.Document(str(path)))
                if kind != "picture"}
    lines, element = numbered[gx404]
    assert element.tag.endswith("}tr") and lines[0].startswith(str(spec.values["t4.review.upheld"]))


def test_a_statistics_table_with_a_long_remark_stays_a_table(tmp_path):
    import docx

    spec = generate(3)
    path = write_docx(blocks(spec), tmp_path / "r.docx")
    document = docx.Document(str(path))
    widest = max(document.tables, key=lambda t: len(t.columns))
    widest.add_row().cells[0].text = "备注：" + "本表数据依据本机关政府信息公开申请登记台账统计。" * 20
    document.save(str(path))
    assert_binds_spec(read_source(path), spec)


def test_a_table_pasted_as_a_picture_is_said_once_not_missing(tmp_path):
    from tests.docxbuild import table_as_picture

    path = table_as_picture(write_docx(blocks(generate(6)), tmp_path / "r.docx"))
    source = read_source(path)
    assert len(source.pictures) == 1
    assert [f.rule_id for f in lint_file(path, RULES, Options()).findings] == ["GX312"]
