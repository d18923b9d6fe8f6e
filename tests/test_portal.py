"""Portal pages and text copied from them: the site's metadata block gives the publisher and
the publication date and is not the report's title; footers below the signature leave its
date readable. The kind of issuer, from everything the report says, decides GX204's deadline."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from lint import portal
from lint.cli import main
from lint.engine import Options, lint_file, lint_text
from lint.facts import issuer_kind, name_kind, title_agency
from lint.pipeline import parse_text
from lint.rulepack import load_rules
from tests.generate import PORTAL_STYLES, blocks, generate, portal_text, render
from tests.htmlbuild import page_html, write_html

RULES = load_rules()
GX204 = [r for r in RULES if r.id == "GX204"]
REAL = Path(__file__).resolve().parents[1].parent / "shared" / "real"


def _findings(text: str, rules=None, options: Options | None = None, path: str = "r.txt"):
    return {(f.rule_id, f.message) for f in lint_text(text, path, rules or RULES, options)}


# --- reading the block ---------------------------------------------------------------------


def test_label_lines_several_to_a_line_and_bracketed():
    text = ("【发布机构】：青禾县文化和旅游局　【公开日期】：2024年1月20日\n"
            "**索引号：** 123456789/2024-00003\n"
            "发布时间：2024/01/20 09:30  来源：青禾县文化和旅游局  浏览次数：12\n")
    page = portal.read(text)
    assert page.lines == [1, 2, 3]
    assert page.publisher.value == "青禾县文化和旅游局"
    assert page.published.value == date(2024, 1, 20)
    # The span is the date's own, in the text form.
    span = page.published.span
    assert text[span.offset:span.end_offset] == "2024年1月20日" and span.line == 1
    assert [f.label for f in page.fields] == ["发布机构", "公开日期", "索引号", "发布时间", "来源", "浏览次数"]


def test_metadata_table_rows_with_tabs():
    text = "名称\t青禾县文化和旅游局2023年政府信息公开工作年度报告\t\t\n索引号\t1/2024-1\t分类\t年报\n" \
           "发布机构\t青禾县文化和旅游局\t公开日期\t2024-01-20\n文号\t\t关键词\t\n"
    page = portal.read(text)
    assert page.lines == [1, 2, 3, 4]
    assert page.name.value.endswith("年度报告")
    assert (page.publisher.value, page.published.value) == ("青禾县文化和旅游局", date(2024, 1, 20))


@pytest.mark.parametrize("line", [
    "本报告由青禾县文化和旅游局编制，来源：本局统计。",  # a sentence that mentions a label
    "联系电话：0000-00000000",  # not a portal's label
    "标题：" + "很长的一行" * 60,  # a crawler's run-on page, not a metadata line
    "名称\t本年新收政府信息公开申请数量\t3",  # a report table's row: a value where a label should be
    "一、总体情况",
])
def test_lines_that_are_not_metadata(line):
    assert portal.read(line + "\n").lines == []


def test_a_printed_metadata_table_that_lost_its_cells():
    # A portal page printed to PDF and read back: labels run into their values, no colons.
    text = ("来源：\nhttp://example.invalid/a/very/long/address/of/the/page/that/wraps/onto/a/line/of/its/own.html\n"
            "名称青禾县文化和旅游局2023年政府信息公开年度报告\n索引号 1/2024-1分类年报 其他\n"
            "发布机构青禾县文化和旅游局公开日期2024-01-20\n文号 关键词\n")
    page = portal.read(text)
    assert page.lines == [1, 3, 4, 5, 6]
    assert page.name.value == "青禾县文化和旅游局2023年政府信息公开年度报告"
    assert (page.publisher.value, page.published.value) == ("青禾县文化和旅游局", date(2024, 1, 20))
    assert [f.label for f in page.fields][-2:] == ["文号", "关键词"]


def test_pieces_of_wrapped_metadata_values_are_metadata_but_a_title_never():
    # LibreOffice's print of a saved page: the address and the index number wrapped in their
    # cells, their pieces on lines of their own between the block's lines.
    text = ("来源：http://example.invalid/nb/\n202401/0123456789abcdef.shtml\n采集时间：2025-01-01T08:00:00\n"
            "名称青禾县文化和旅游局2023年政府信息公开年度报告\n014314799/2024-\n索引号 分类年报\n00002\n"
            "发布机构青禾县文化和旅游局公开日期2024-01-20\n文号 关键词\n")
    assert portal.read(text).lines == list(range(1, 10))
    title = "来源：甲\n青禾县文化和旅游局2023年政府信息公开年度报告\n发布机构青禾县文化和旅游局公开日期2024-01-20\n"
    assert portal.read(title).lines == [1, 3]


@pytest.mark.parametrize("line", ["分类推进政务公开，成效明显。", "名称变更后，本局继续做好信息公开工作。"])
def test_a_lone_line_starting_with_a_table_label_is_text(line):
    assert portal.read(f"青禾县文化和旅游局2023年政府信息公开工作年度报告\n{line}\n一、总体情况\n").lines == []


def test_a_printed_page_reads_as_its_report_when_the_title_says_no_gongzuo():
    # The page's address wrapped onto a line of its own above the title: not the title, and
    # not in the way of the report's structure (before: the six sections went missing).
    spec = generate(5)
    body = render(spec, "tabs").replace("政府信息公开工作年度报告", "政府信息公开年度报告", 1)
    head = ["来源：", "http://example.invalid/" + "x" * 70 + ".html",
            *(line.replace("工作年度报告", "年度报告") for line in portal_text(spec, "printed"))]
    report = parse_text("\n".join(head) + "\n" + body, "r.txt")
    doc = report.document
    assert doc.errors == [] and len(doc.sections) == 6
    at = next(n for n, line in enumerate(body.split("\n"), start=1) if "年度报告" in line)
    assert doc.title.span.line == len(head) + at and (doc.agency, doc.year) == (spec.agency, spec.year)
    assert doc.publisher == spec.agency and doc.published.value == spec.signature_date
    assert report.missing == []


def test_nothing_below_the_first_section_heading_is_metadata():
    text = "一、总体情况\n发布机构：青禾县文化和旅游局\n"
    assert portal.read(text).fields == []


def test_blank_keeps_every_position():
    text = "标题：某报告\r\n正文\n发布机构\t甲局\n一、总体情况\n"
    page = portal.read(text)
    assert page.lines == [1, 2, 3]
    blanked = portal.blank(text, page.lines)
    assert len(blanked) == len(text) and blanked.split("\n")[3] == "一、总体情况"
    assert blanked.replace(" ", "") == "\r\n\n\n一、总体情况\n"


# --- text copied from a portal page --------------------------------------------------------------


@pytest.mark.parametrize("style", PORTAL_STYLES)
@pytest.mark.parametrize("seed", range(3))
def test_copied_page_reads_as_the_report_with_its_metadata(style, seed):
    spec = generate(seed)
    body = render(spec, "tabs")
    text = "\n".join(portal_text(spec, style)) + "\n" + body
    report, plain = parse_text(text, "r.txt"), parse_text(body, "r.txt")
    doc = report.document
    assert doc.title.text == plain.document.title.text  # the report's own title line
    assert (doc.agency, doc.year, doc.issuer) == (spec.agency, spec.year, spec.issuer)
    assert doc.publisher == spec.agency and doc.published.value == spec.signature_date
    assert {k: c.value for k, c in report.cells.items()} == {k: c.value for k, c in plain.cells.items()}
    assert _findings(text) == _findings(body)


@pytest.mark.parametrize("style", PORTAL_STYLES)
def test_late_publication_is_reported_at_the_portals_date(style):
    spec = generate(7, issuer="department")
    late = date(spec.year + 1, 2, 20)
    text = "\n".join(portal_text(spec, style, published=late)) + "\n" + render(spec, "tabs")
    found = lint_text(text, "r.txt", GX204)
    assert [f.rule_id for f in found] == ["GX204"]
    assert found[0].message.startswith(f"网站公开日期{spec.year + 1}年2月20日晚于")
    line = text.split("\n")[found[0].location.line - 1]
    assert "公开日期" in line and late.isoformat() in line
    en = lint_text(text, "r.txt", GX204, Options(lang="en"))
    assert en[0].message.startswith(f"the portal's publication date {late.isoformat()} is after")


def test_publication_date_on_time_decides_and_signature_date_without_one():
    spec = generate(7, issuer="department")
    body = render(spec, "tabs")
    assert spec.signature_date <= date(spec.year + 1, 1, 31)
    assert lint_text(body, "r.txt", GX204) == []
    spec.signature_date = date(spec.year + 1, 2, 20)
    late = render(spec, "tabs")
    found = lint_text(late, "r.txt", GX204)
    assert len(found) == 1 and found[0].message.startswith(f"落款日期{spec.year + 1}年2月20日")
    # Published by the deadline: the site's date is the publication, not the signature's.
    on_time = "\n".join(portal_text(spec, "lines", published=date(spec.year + 1, 1, 30))) + "\n" + late
    assert lint_text(on_time, "r.txt", GX204) == []


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 200), style=st.sampled_from(PORTAL_STYLES), days=st.integers(-40, 120))
def test_gx204_fires_exactly_when_the_portal_date_is_past_the_kinds_deadline(seed, style, days):
    spec = generate(seed)
    published = spec.deadline + timedelta(days)
    text = "\n".join(portal_text(spec, style, published=published)) + "\n" + render(spec, "tabs")
    doc = parse_text(text, "r.txt").document
    assert (doc.issuer, doc.published.value) == (spec.issuer, published)
    assert len(lint_text(text, "r.txt", GX204)) == (published > spec.deadline)


@pytest.mark.parametrize("trailer", [
    "— 5 —",
    "5",
    "第5页 共5页",
    "主办单位：东临市人民政府办公室　版权所有\n网站标识码：3300000000　浙ICP备00000000号",
    "【打印本页】【关闭窗口】\n\n分享到：",
])
def test_signature_date_is_found_above_page_numbers_and_site_footers(trailer):
    spec = generate(3)
    body = render(spec, "tabs")
    doc = parse_text(body + trailer + "\n", "r.txt").document
    assert doc.signature is not None and doc.signature.date.value == spec.signature_date
    assert _findings(body + trailer + "\n") == _findings(body)


def test_metadata_below_the_signature_is_read_too():
    spec = generate(3, issuer="department")
    late = date(spec.year + 1, 3, 2)
    text = render(spec, "tabs") + f"发布日期：{late.isoformat()}　浏览次数：35\n- 3 -\n"
    doc = parse_text(text, "r.txt").document
    assert doc.signature.date.value == spec.signature_date and doc.published.value == late
    found = lint_text(text, "r.txt", GX204)
    assert len(found) == 1 and found[0].location.line == text.count("\n") - 1


# --- generated portal pages ---------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(4))
def test_portal_page_gives_title_agency_publisher_and_date(tmp_path, seed):
    spec = generate(seed)
    path = write_html(blocks(spec), tmp_path / "r.html", "portal")
    result = lint_file(path, RULES, Options())
    from lint.adapters import read_source

    doc = parse_text(read_source(path).text, str(path)).document
    assert doc.title.text.startswith(spec.agency) and "标题" not in doc.title.text
    assert (doc.agency, doc.publisher, doc.issuer) == (spec.agency, spec.agency, spec.issuer)
    assert doc.published.value == spec.signature_date
    assert {(f.rule_id, f.message) for f in result.findings} == _findings(render(spec, "tabs"))


def test_portal_page_published_late_points_at_the_metadata_table(tmp_path):
    spec = generate(5, issuer="department")
    late = date(spec.year + 1, 2, 3)
    path = write_html(blocks(spec), tmp_path / "r.html", "portal", published=late)
    found = [f for f in lint_file(path, GX204, Options()).findings]
    assert [f.rule_id for f in found] == ["GX204"] and "网站公开日期" in found[0].message
    line = path.read_text("utf-8").split("\n")[found[0].location.line - 1]
    assert "公开日期" in line and late.isoformat() in line


def test_lines_above_the_title_heading_are_not_the_report(tmp_path):
    """A menu the page does not mark as one, above a title that omits 工作 (so the title's
    wording alone does not tell it from the menu)."""
    spec = generate(2)
    items = [(k, v.replace("工作年度报告", "年度报告") if k == "title" else v) for k, v in blocks(spec)]
    menu = "<div>首页　政务公开　政府信息公开年度报告</div>\n<div>分享到：微信　微博</div>"
    page = page_html(items, "portal").replace('<div class="header">云上东临</div>', menu)
    path = tmp_path / "r.html"
    path.write_text(page, encoding="utf-8")
    from lint.adapters import read_source

    source = read_source(path)
    assert "首页" not in source.text and "分享到" not in source.text
    doc = parse_text(source.text, str(path)).document
    assert doc.title.text == "".join(t for k, t in items if k == "title").replace(" ", "")
    assert doc.published.value == spec.signature_date and doc.agency == spec.agency


@pytest.mark.parametrize("cut", [3, 8, 14])
def test_a_title_broken_anywhere_below_a_pages_menus_is_the_title(cut):
    # a portal page printed narrow, then copied: the menus above, the title wrapped wherever
    # the line was full (…工作年 / 度报告), the page's 发布时间 line below it
    spec = generate(3)
    text = render(spec)
    title = spec.title
    end = title[-cut:]
    page = "云上东临 · 东临市人民政府门户网站\n首页\n政务公开\n政务服务\n互动交流\n" \
        + text.replace(title, f"{title[:-cut]}\n{end}\n发布时间：{spec.signature_date.isoformat()} 10:20", 1)
    doc = parse_text(page, "r.txt").document
    assert doc.title.text == title and doc.agency == spec.agency
    assert "GX104" not in {f.rule_id for f in lint_text(page, "r.txt", RULES)}


def test_page_meta_pubdate_is_the_publication_date_when_the_page_shows_none(tmp_path):
    spec = generate(5, issuer="department")
    late = date(spec.year + 1, 2, 3)
    meta = f'<meta name="PubDate" content="{late.isoformat()} 09:30">\n<meta name="ContentSource" content="本网">'
    path = tmp_path / "r.html"
    path.write_text(page_html(blocks(spec), "bare").replace("<title>", meta + "\n<title>", 1), encoding="utf-8")
    from lint.adapters import read_source

    assert read_source(path).metadata == {"PubDate": f"{late.isoformat()} 09:30", "ContentSource": "本网"}
    found = lint_file(path, GX204, Options()).findings
    assert [f.rule_id for f in found] == ["GX204"] and f"网站公开日期{late.year}年2月3日" in found[0].message
    # Said outside the text: the finding points at the report's title.
    assert spec.agency in path.read_text("utf-8").split("\n")[found[0].location.line - 1]
    # The date the page shows outranks its <meta>.
    shown = page_html(blocks(spec), "portal").replace("<title>", meta + "\n<title>", 1)
    path.write_text(shown, encoding="utf-8")
    assert lint_file(path, GX204, Options()).findings == []


# --- the kind of issuer -------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "kind"), [
    ("青禾县", "government"), ("青禾区", "government"), ("青禾市", "government"),
    ("青禾省", "government"), ("青禾旗", "government"), ("青禾盟", "government"),
    ("青禾自治州", "government"), ("青禾州", "government"), ("青禾县人民政府", "government"),
    ("青禾镇", "township"), ("青禾乡", "township"), ("青禾街道", "township"), ("青禾苏木", "township"),
    ("青禾县青禾镇人民政府", "township"), ("青禾区青禾街道办事处", "township"),
    ("青禾县文化和旅游局", "department"), ("青禾市科委", "department"),
    ("青禾县人民政府办公室", "department"),  # the office's own report
    ("青禾县市场监督管理局", "department"),
])
def test_kind_from_the_agency_name(name, kind):
    assert name_kind(name)[0] == kind and issuer_kind(name) == kind


@pytest.mark.parametrize(("title", "agency"), [
    ("青禾县2023年政府信息公开工作年度报告", "青禾县"),
    ("2023年青禾市政府信息公开工作年度报告", "青禾市"),
    ("2023年度青禾市人民政府信息公开工作年度报告", "青禾市人民政府"),
    ("《2023年青禾县文化和旅游局政府信息公开工作年度报告》", "青禾县文化和旅游局"),
    ("2023年政府信息公开工作年度报告", None),
])
def test_agency_in_either_order_of_title(title, agency):
    assert title_agency(title) == agency


def _report(title: str, signer: str, signed: str) -> str:
    return (f"{title}\n本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。\n"
            f"六、其他需要报告的事项\n本年度未收取信息处理费。\n{signer}\n{signed}\n")


# Every wording the issue names: (title, signature, kind).
WORDINGS = [
    ("青禾县2023年政府信息公开工作年度报告", "青禾县人民政府", "government"),
    ("青禾区2023年政府信息公开工作年度报告", "青禾区人民政府", "government"),
    ("青禾市2023年政府信息公开工作年度报告", "青禾市人民政府办公室", "government"),
    ("青禾自治州2023年政府信息公开工作年度报告", "青禾自治州人民政府", "government"),
    ("2023年青禾市政府信息公开工作年度报告", "青禾市人民政府办公室", "government"),
    ("2023年政府信息公开工作年度报告", "青禾县人民政府办公室", "government"),
    ("青禾镇2023年政府信息公开工作年度报告", "青禾镇人民政府", "township"),
    ("青禾乡2023年政府信息公开工作年度报告", "青禾乡人民政府", "township"),
    ("青禾街道2023年政府信息公开工作年度报告", "青禾街道办事处", "township"),
    ("青禾苏木2023年政府信息公开工作年度报告", "青禾苏木", "township"),
    ("青禾县文化和旅游局2023年政府信息公开工作年度报告", "青禾县文化和旅游局", "department"),
    ("2023年青禾县文化和旅游局政府信息公开工作年度报告", "青禾县文化和旅游局", "department"),
]


@pytest.mark.parametrize(("title", "signer", "kind"), WORDINGS)
def test_each_wording_gets_its_kind_and_deadline(title, signer, kind):
    march = _report(title, signer, "2024年3月20日")
    assert parse_text(march).document.issuer == kind
    found = lint_text(march, "r.txt", GX204)
    if kind == "department":  # 1月31日
        assert len(found) == 1 and "政府部门" in found[0].message and "法定" not in found[0].message
        assert "2024年1月31日" in found[0].message
    else:  # 3月31日: governments by law, townships by the default configuration
        assert found == []
    assert lint_text(_report(title, signer, "2024年1月20日"), "r.txt", GX204) == []
    april = lint_text(_report(title, signer, "2024年4月2日"), "r.txt", GX204)
    assert len(april) == 1
    if kind == "township":
        assert "配置的乡镇（街道）" in april[0].message and "条例" not in april[0].message
    elif kind == "government":
        assert "《条例》第四十九条规定的人民政府" in april[0].message


def test_township_deadline_is_the_configurations():
    text = _report("青禾镇2023年政府信息公开工作年度报告", "青禾镇人民政府", "2024年3月20日")
    found = lint_text(text, "r.txt", GX204, Options(deadlines={"township": "02-28"}))
    assert len(found) == 1 and "配置的乡镇（街道）年度报告公布期限2024年2月28日" in found[0].message


def test_portals_publisher_decides_when_the_title_names_no_agency():
    body = _report("2023年政府信息公开工作年度报告", "办公室", "2024年3月20日")
    text = "发布机构：青禾县人民政府\n公开日期：2024-03-25\n" + body
    doc = parse_text(text).document
    assert (doc.issuer, doc.issuer_why) == ("government", ("publisher", "青禾县人民政府", "government"))
    assert doc.agency == "青禾县人民政府"
    assert lint_text(text, "r.txt", GX204) == []
    dept = text.replace("青禾县人民政府", "青禾县文化和旅游局")
    assert parse_text(dept).document.issuer == "department"
    assert [f.rule_id for f in lint_text(dept, "r.txt", GX204)] == ["GX204"]


def test_parse_shows_the_kind_and_why(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(_report("2023年青禾市政府信息公开工作年度报告", "青禾市人民政府办公室", "2024年3月20日"),
                    encoding="utf-8")
    out = CliRunner().invoke(main, ["parse", str(path)]).stdout
    assert "issuer government (the title names 青禾市: a place name" in out
    path.write_text("发布机构：青禾县人民政府办公室\n公开日期：2024-03-25\n"
                    + _report("2023年政府信息公开工作年度报告", "", "2024年3月20日"), encoding="utf-8")
    out = CliRunner().invoke(main, ["parse", str(path)]).stdout
    assert "the portal's 发布机构 is 青禾县人民政府办公室: a people's government's office" in out
    assert "published 2:6  2024-03-25   publisher 青禾县人民政府办公室" in out
    data = json.loads(CliRunner().invoke(main, ["parse", "--format", "json", str(path)]).stdout)
    assert data["issuer_why"] == {"source": "publisher", "name": "青禾县人民政府办公室",
                                  "reason": "government-office"}
    assert data["published"]["date"] == "2024-03-25" and data["publisher"] == "青禾县人民政府办公室"


# --- the real portal page -----------------------------------------------------------------------


def _real(name: str) -> Path:
    path = REAL / name
    if not path.is_file():
        pytest.skip(f"../shared/real/{name} is not here")
    return path


def test_shuyang_portal_page():
    from lint.adapters import read_source

    path = _real("shuyang-fgj-2023.html")
    doc = parse_text(read_source(path).text, str(path)).document
    assert doc.agency == "沭阳县发展和改革局" and doc.publisher == "沭阳县发展和改革局"
    assert doc.title.text == "沭阳县发展和改革局2023年政府信息公开年度报告"  # the <h1>
    assert doc.issuer == "department" and doc.published.value == date(2024, 1, 17)
    assert doc.signature.date.value == date(2024, 1, 17)
    findings = lint_file(path, RULES, Options()).findings
    assert "GX204" not in {f.rule_id for f in findings}
    title = [f for f in findings if f.rule_id == "GX104"]  # the title omits 工作: fair
    assert len(title) == 1 and "<h1" in path.read_text("utf-8").split("\n")[title[0].location.line - 1]


def test_shuyang_portal_page_printed_by_chromium_reads_as_the_page(tmp_path):
    # "Print → Save as PDF" of the saved page: its metadata table comes back without cells or
    # colons, the page's address on a line of its own above the title (before: the report's
    # six sections went missing).
    from tests.chromebuild import chromium, print_pdf
    from tests.lobuild import has_cjk_font

    path = _real("shuyang-fgj-2023.html")
    if chromium() is None or not has_cjk_font():
        pytest.skip("Chromium with a CJK font is needed to print the page")
    pdf = print_pdf([path], tmp_path)[path]
    from lint.adapters import read_source

    printed = parse_text(read_source(pdf).text, str(pdf)).document
    page = parse_text(read_source(path).text, str(path)).document
    assert printed.errors == [] and len(printed.sections) == 6
    assert (printed.title.text, printed.agency, printed.publisher, printed.published.value) == (
        page.title.text, page.agency, page.publisher, page.published.value)
    said = {(f.rule_id, f.message) for f in lint_file(pdf, RULES, Options()).findings}
    assert said == {(f.rule_id, f.message) for f in lint_file(path, RULES, Options()).findings}


def test_shuyang_portal_page_exported_by_libreoffice_reads_as_the_page(tmp_path):
    # LibreOffice breaks 表三's first header row across a page: 申请人情况 ends one page and
    # 自然人 starts the next under it (before: read as one header, GX303 "申请人情况自然人").
    from tests.lobuild import has_cjk_font, soffice, to_pdf

    path = _real("shuyang-fgj-2023.html")
    if soffice() is None or not has_cjk_font():
        pytest.skip("LibreOffice with a CJK font is needed to export the page")
    pdf = to_pdf([path], tmp_path)[path]
    said = {(f.rule_id, f.message) for f in lint_file(pdf, RULES, Options()).findings}
    assert said == {(f.rule_id, f.message) for f in lint_file(path, RULES, Options()).findings}


@pytest.mark.parametrize("name", ["pingtan-2021.txt", "pingtan-2022.txt"])
def test_crawled_page_capture_note_is_not_the_agency(name):
    path = _real(name)
    doc = parse_text(path.read_text("utf-8"), str(path)).document
    assert doc.agency == "平潭综合实验区" and doc.issuer == "government"
