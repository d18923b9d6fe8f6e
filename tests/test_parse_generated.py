"""Generated reports bind exactly the numbers the generator wrote, in every layout."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lint.lexer import fold
from lint.pipeline import parse_text
from tests.conftest import FIXTURES
from tests.generate import LAYOUTS, QUIRKS, generate, render

FIXTURE_FILES = sorted(p for p in FIXTURES.glob("gen-*") if not p.name.endswith(".json"))


def _bound(report) -> dict[str, Decimal | None]:
    return {k: c.value for k, c in report.cells.items()}


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.name)
def test_checked_in_fixture_binds_what_the_generator_wrote(path):
    expected = json.loads(path.with_name(path.name.rsplit(".", 1)[0] + ".expected.json").read_text("utf-8"))
    text = path.read_bytes().decode("utf-8-sig")
    report = parse_text(text, str(path))
    assert report.profile == expected["profile"]
    assert report.missing == []
    assert _bound(report) == {k: Decimal(v) for k, v in expected["values"].items()}
    assert report.document.agency == expected["agency"]
    assert report.document.year == expected["year"]
    assert report.document.issuer == expected["issuer"]
    assert [s.key for s in report.document.sections] == [
        "overview", "proactive", "requests", "review", "problems", "other"]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("seed", range(12))
def test_generated_report_binds_in_every_layout(layout, seed):
    spec = generate(seed, profile="gov-2019" if seed % 6 == 5 else "gov-2021")
    report = parse_text(render(spec, layout), f"r.{'md' if layout == 'markdown' else 'txt'}")
    assert report.profile == spec.profile
    assert _bound(report) == spec.values


quirk_sets = st.sets(st.sampled_from(QUIRKS), max_size=4)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), quirks=quirk_sets,
       layouts=st.lists(st.sampled_from(LAYOUTS), min_size=2, max_size=2, unique=True))
def test_relaying_out_never_changes_a_bound_value(seed, quirks, layouts):
    spec = generate(seed)
    flags = dict.fromkeys(quirks, True)
    values = []
    for layout in layouts:
        text = render(spec, layout, **flags)
        values.append(_bound(parse_text(text, "r.md" if layout == "markdown" else "r.txt")))
    assert values[0] == values[1] == spec.values


_PIECES = list("一二三四五六、（）()0123456789|\t\r\n 　*#-—/无年月日章表计总") + [
    "行政复议", "总体情况", "[bookmark: x]", "政府信息公开工作年度报告", "\ufeff", "（七）总计",
    "一、本年新收政府信息公开申请数量", "规章", "第二十条第（一）项", "2023年1月20日"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=200).map("".join))
def test_parser_never_raises_on_report_like_garbage(text):
    report = parse_text(text)
    assert isinstance(report.cells, dict)


# Lines that stand above a title on saved or printed pages: a long address, a metadata field.
_ABOVE = ["http://example.invalid/" + "x" * 70, "名称某局2023年政府信息公开年度报告", "来源：", "正文",
          "某局2023年政府信息公开年度报告", "某某局", "长" * 70]


@settings(max_examples=300, deadline=None)
@given(seed=st.integers(0, 1000), cut=st.integers(0, 10_000), gongzuo=st.booleans(),
       junk=st.lists(st.sampled_from(_PIECES + _ABOVE), max_size=8).map("".join))
def test_the_grammar_takes_whatever_the_lexer_makes(seed, cut, gongzuo, junk):
    # The lexer orders the title and the page around it as the grammar wants: a document is
    # never left to the fallback, which keeps no section (six GX101 for one misplaced line).
    text = render(generate(seed), "tabs")
    if not gongzuo:  # a title that does not name 工作 is found by its place, not its form
        text = text.replace("工作年度报告", "年度报告")
    cut %= len(text)
    assert parse_text(junk + "\n" + text[:cut] + junk + text[cut:]).document.errors == []


@settings(max_examples=100, deadline=None)
@given(seed=st.integers(0, 1000), cut=st.integers(0, 10_000), junk=st.text(max_size=30))
def test_parser_never_raises_on_damaged_reports(seed, cut, junk):
    text = render(generate(seed), "tabs")
    cut %= len(text)
    parse_text(text[:cut] + junk + text[cut + len(junk):])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_parser_never_raises_on_arbitrary_text(text):
    parse_text(text)


@pytest.mark.parametrize("layout", ["tabs", "pipes"])
def test_title_below_site_menus_is_found(layout):
    # A saved portal page printed or exported with its menus and links above the report.
    spec = generate(12)
    menus = ["首页", "政务公开", "当前位置：首页 > 政务公开 > 年度报告",
             f"{spec.year - 1}年政府信息公开工作年度报告", f"{spec.year - 2}年政府信息公开工作年度报告", ""]
    report = parse_text("\n".join(menus) + "\n" + render(spec, layout), "r.txt")
    assert report.document.title is not None and report.document.title.text == fold(spec.title)
    assert not report.document.errors
    assert report.document.agency == spec.agency and report.document.year == spec.year
    assert {key: cell.value for key, cell in report.cells.items()} == spec.values


@pytest.mark.parametrize("layout", ["tabs", "cells", "pipes"])
@pytest.mark.parametrize("seed", range(4))
def test_a_tab_indenting_headings_title_sentences_and_signature_changes_nothing(layout, seed):
    # Typed with the TAB key in Word, saved as text: "\t一、总体情况", the signature pushed
    # right with several. A line of one cell after TABs is otherwise a table cell (seed 003's
    # layout, rows with leading empty cells); these lines never are.
    from lint.engine import Options, lint_text
    from lint.lexer.lines import DATE_RE
    from lint.rulepack import load_rules

    spec = generate(seed)
    text = render(spec, layout)
    lines = text.split("\n")
    foot = [n for n, line in enumerate(lines) if line.strip()][-2:]  # agency, date
    indented = ["\t" * (4 if n in foot else 1) + line if line.strip() and "\t" not in line
                and "|" not in line and (n in foot or line[1:2] == "、" or "。" in line
                                         or "年度报告" in line or DATE_RE.match(line))
                else line for n, line in enumerate(lines)]
    assert sum(a != b for a, b in zip(lines, indented, strict=True)) >= 10  # the six headings, title, prose
    report = parse_text("\n".join(indented), "r.txt")
    assert report.document.title is not None and report.document.title.text == fold(spec.title)
    assert [s.key for s in report.document.sections] == [
        "overview", "proactive", "requests", "review", "problems", "other"]
    signed = parse_text(text, "r.txt").document.signature
    assert _bound(report) == spec.values and signed is not None
    assert (report.document.signature.agency, report.document.signature.date.value) == (
        signed.agency, signed.date.value)
    rules = load_rules()
    found = {(f.rule_id, f.message) for f in lint_text("\n".join(indented), "r.txt", rules, Options())}
    assert found == {(f.rule_id, f.message) for f in lint_text(text, "r.txt", rules, Options())}
