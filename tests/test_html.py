"""HTML: generated reports saved as web pages — inside a site's header, navigation and footer,
with rowspan/colspan tables — bind exactly what the generator wrote; every injected fault is
found, pointing at the line and column of its element; furniture is left out."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from lint import portal, suppress
from lint.adapters import read_source
from lint.adapters.grid import expand, row_line
from lint.engine import Options, lint_file
from lint.formatters.text import format_text
from lint.rulepack import load_rules
from tests.blockfaults import fault_items
from tests.conftest import assert_binds_spec, assert_refused
from tests.generate import blocks, generate, render
from tests.htmlbuild import CHROMES, page_html, write_html
from tests.test_faults import FAULTS, SEEDS, _ids, _lint

RULES = load_rules()
FURNITURE = ("云上东临", "首页", "当前位置", "相关链接", "主办：", "版权所有", "统计代码", "隐藏",
             "打印本页", "无障碍", "English")


def _bound(report) -> dict[str, Decimal | None]:
    return {k: c.value for k, c in report.cells.items()}


@pytest.mark.parametrize("chrome", CHROMES)
@pytest.mark.parametrize("seed", range(4))
def test_page_binds_every_value_and_drops_the_furniture(tmp_path, chrome, seed):
    spec = generate(seed, profile="gov-2019" if seed == 3 else "gov-2021")
    path = write_html(blocks(spec), tmp_path / "r.html", chrome)
    page = path.read_text("utf-8")
    assert 'rowspan="' in page and 'colspan="' in page
    source = read_source(path)
    assert source.kind == "html"
    assert_binds_spec(source, spec)
    assert not [w for w in FURNITURE if w in source.text]
    # The report starts at its title (below a portal's metadata block, which is not the report).
    block = set(portal.read(source.text).lines)
    first = next(line for n, line in enumerate(source.text.split("\n"), start=1) if n not in block)
    assert first.startswith(spec.agency)


@pytest.mark.parametrize("chrome", CHROMES)
def test_page_gives_the_findings_of_the_text_export(tmp_path, chrome):
    for seed in range(3):
        spec = generate(seed)
        path = write_html(blocks(spec), tmp_path / f"r{seed}.html", chrome)
        from_html = {(f.rule_id, f.message) for f in lint_file(path, RULES, Options()).findings}
        assert from_html == {(f.rule_id, f.message) for f in _lint(render(spec, "tabs"), "tabs")}


_CLEAN: dict = {}


@pytest.mark.parametrize("rule_id", sorted(FAULTS))
def test_fault_in_page_fires_its_rule_and_no_other(tmp_path, rule_id):
    chrome = CHROMES[sorted(FAULTS).index(rule_id) % len(CHROMES)]
    clean_items, faulty_items = fault_items(rule_id, SEEDS[1])
    key = (chrome, repr(clean_items))
    if key not in _CLEAN:  # rules share the unfaulted report
        _CLEAN[key] = _ids(lint_file(write_html(clean_items, tmp_path / "c.html", chrome), RULES,
                                     Options()).findings)
    clean = _CLEAN[key]
    result = lint_file(write_html(faulty_items, tmp_path / "f.html", chrome), RULES, Options())
    assert result.error is None
    suppress.apply([result], RULES, Options())  # the CLI's step for gxlint comments
    assert _ids(result.findings) - (clean - {rule_id}) == {rule_id}, \
        [(f.rule_id, f.message) for f in result.findings]


@pytest.mark.parametrize("chrome", ["semantic", "bare"])
def test_findings_point_at_the_element_line_and_column(tmp_path, chrome):
    spec = generate(4)
    spec.applications += 2  # GX501 on the paragraph stating the count
    spec.values["t4.review.upheld"] += 1  # GX404 on 表四's data row
    path = write_html(blocks(spec), tmp_path / "r.html", chrome)
    lines = path.read_text("utf-8").split("\n")
    result = lint_file(path, RULES, Options())
    by_rule = {f.rule_id: f.location for f in result.findings}
    at = lambda loc: lines[loc.line - 1][loc.column - 1:]  # noqa: E731
    assert at(by_rule["GX501"]).startswith("<p>") and f"{spec.applications}件" in at(by_rule["GX501"])
    row = at(by_rule["GX404"])
    assert row.startswith("<tr>")
    if chrome == "bare":  # the whole row on one line, after other rows' tags
        assert row.startswith(f"<tr><td><p>{spec.values['t4.review.upheld']}</p></td>")
    loc = by_rule["GX501"]
    assert f"r.html:{loc.line}:{loc.column}: GX501" in format_text([result])
    assert (loc.end_line, loc.end_column) > (loc.line, loc.column)  # not an empty region


def test_columns_of_several_elements_on_one_line(tmp_path):
    path = tmp_path / "p.html"
    path.write_text("<html><body><div><p>第一段</p> <p>第二段</p></div>\n"
                    "<table><tr><td>甲</td><td rowspan=2>乙</td></tr><tr><td>丙</td></tr></table>"
                    "<p>末段<br>另起一行</p></body></html>", "utf-8")
    source = read_source(path)
    assert source.text == "第一段\n第二段\n甲\t乙\n丙\t\n末段\n另起一行\n"
    assert [(o.line, o.column) for o in source.origins] == [
        (1, 18), (1, 29), (2, 8), (2, 47), (2, 74), (2, 79)]


def test_layout_tables_and_word_html():
    html = ("<html><body><table><tr><td><p>东临市统计局2023年政府信息公开工作年度报告</p>"
            "<table><tr><td>行政许可</td><td>12</td></tr></table></td></tr></table>"
            "<p class=MsoNormal><span>本年度\n收到申请</span><span>&nbsp;3件。</span></p></body></html>")
    import lxml.html  # noqa: F401  (the adapter's own import; here only to fail clearly)

    from lint.adapters.html_reader import read
    source = read("x.html", html.encode())
    assert source.text == "东临市统计局2023年政府信息公开工作年度报告\n行政许可\t12\n本年度收到申请 3件。\n"


def test_expand_spans():
    assert expand([[("a", 2, 1), ("b", 1, 2)], [("c", 1, 1), ("d", 1, 1)]]) == [
        ["a", "b", ""], ["", "c", "d"]]
    # rowspan=0: to the end of the table; a huge colspan is clamped.
    grid = expand([[("a", 0, 1), ("b", 1, 10_000)], [("c", 1, 1)], [("d", 1, 1)]])
    assert [row[:2] for row in grid] == [["a", "b"], ["", "c"], ["", "d"]] and len(grid[0]) == 101
    assert row_line(["", " ", ""]) is None and row_line(["a\tb", "c\nd"]) == "a b\tc d"


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file"),
    (bytes(range(256)) * 8, "binary file"),
    (b"<html><body><script>var a = 1;</script><nav><a href=/>home</a></nav></body></html>",
     "no report text"),
    (b"<html><head><title>t</title></head></html>", "no report text"),
])
def test_bad_page_is_refused_with_a_reason(tmp_path, content, reason):
    assert_refused(tmp_path / "报告.html", content, reason)


def test_page_html_is_what_write_html_writes(tmp_path):
    items = blocks(generate(1))
    path = write_html(items, tmp_path / "r.htm", "divs", encoding="gb18030", charset="gb2312")
    assert path.read_bytes() == page_html(items, "divs", "gb2312").encode("gb18030")
    assert re.search(r"<meta charset=\"gb2312\">", path.read_bytes().decode("gb18030"))


@pytest.mark.parametrize("name", ["r.shtml", "r.xhtml", "1.jsp", "index.aspx", "r.txt", "r"])
def test_a_page_saved_under_another_name_reads_as_a_page(tmp_path, name):
    # Portals' addresses end in .shtml, .jsp, .aspx…: a saved page may keep that name. A file
    # not named as a page is one when it starts with <!DOCTYPE html or <html.
    spec = generate(9)
    path = write_html(blocks(spec), tmp_path / name, "portal")
    source = read_source(path)
    assert source.kind == "html"
    assert_binds_spec(source, spec)
    xml = tmp_path / f"x-{name}"
    xml.write_bytes(b'\xef\xbb\xbf<?xml version="1.0" encoding="utf-8"?>\n' + path.read_bytes())
    assert read_source(xml).kind == "html"
    text = tmp_path / f"t-{name}"
    text.write_text("<p>不是网页的开头</p>\n" + render(spec), encoding="utf-8")  # HTML-like, not a page
    assert read_source(text).kind == ("html" if name.endswith(("html", "shtml")) else "text")


def test_a_table_pasted_as_a_picture_is_said_once_not_missing(tmp_path):
    # A portal page whose 表三 is a screenshot: GX312 once, never GX301 "missing", and no
    # finding on the figures the picture holds.
    spec = generate(4)
    page = page_html(blocks(spec), "semantic")
    t3 = next(m for m in re.finditer(r"<table.*?</table>", page, re.S)
              if "本年新收政府信息公开申请数量" in m.group(0))
    path = tmp_path / "r.html"
    path.write_text(page[:t3.start()] + '<p><img src="t3.png" alt=""></p>' + page[t3.end():],
                    encoding="utf-8")
    source = read_source(path)
    assert len(source.pictures) == 1
    from lint.formatters.parsed import to_dict, to_text
    from lint.pipeline import parse_text

    report = parse_text(source.text, str(path))
    assert to_dict(report, source)["pictures"] == list(source.pictures)
    assert f"  pictures  after line {source.pictures[0]}  (" in to_text(report, source)
    found = lint_file(path, RULES, Options(lang="en")).findings
    assert [(f.rule_id, f.message) for f in found] == [
        ("GX312", "table 3 is not in the text: its section holds a picture instead, and figures "
                  "in a picture cannot be checked")]
    # A banner above the title is the page's, and a picture beside a table that is there is
    # only a picture.
    banner = page.replace("<body>", '<body><img src="banner.png">', 1)
    assert read_source(_written(tmp_path / "b.html", banner)).pictures == ()
    chart = page.replace(t3.group(0), t3.group(0) + '<p><img src="chart.png"></p>')
    assert {f.rule_id for f in lint_file(_written(tmp_path / "c.html", chart), RULES, Options()).findings} \
        <= {f.rule_id for f in lint_file(_written(tmp_path / "d.html", page), RULES, Options()).findings}


def _written(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path
