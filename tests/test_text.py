"""Rules on text see sentences, not lines; crawled run-on pages are read inline.

- Text copied out of a PDF keeps its hard line breaks (and page footers like ``— 3 —``): the
  title, the period, the fee statement and every pattern or count stated in the text are read
  across them, and findings still point at the lines the text is on.
- A crawler's text of a page is one run-on line: its title, period and six headings are found
  inline; its tables cannot be read cell by cell, which GX310 says once per table.
- The real reports of ../shared/real (not ours: read from there, skipped where absent).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lint.engine import Options, lint_file, lint_text
from lint.lexer import LexContext, run_on_pieces
from lint.pipeline import parse_text
from lint.profiles import section_keywords, section_table_labels
from lint.rulepack import load_rules
from tests.generate import LAYOUTS, QUIRKS, Wrap, generate, render, render_run_on
from tests.test_faults import FAULTS, faulted_spec

RULES = load_rules(use_cache=False)
REAL = Path(__file__).resolve().parents[1].parent / "shared" / "real"
# The faults made on the spec (not on the rendered text): what a wrapped rendering keeps.
SPEC_FAULTS = sorted(k for k, (spec_fault, _text_fault) in FAULTS.items() if spec_fault)


def _only(*ids: str) -> list:
    return [r for r in RULES if r.id in ids]


def _path(layout: str) -> str:
    return "r.md" if layout == "markdown" else "r.txt"


def _said(findings) -> list[tuple[str, str]]:
    """What the findings say, wherever they are (wrapping moves lines). GX802 quotes the
    title as it is laid out (its lines joined by " / "), so only that it fired counts."""
    return sorted((f.rule_id, "" if f.rule_id == "GX802" else f.message) for f in findings)


# --- hard line breaks ------------------------------------------------------------------------


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 5000), layout=st.sampled_from(LAYOUTS),
       quirks=st.sets(st.sampled_from(QUIRKS), max_size=3),
       fault=st.sampled_from([None, *SPEC_FAULTS]), width=st.integers(1, 60),
       which=st.one_of(st.none(), st.sets(st.integers(0, 30), min_size=1, max_size=3)),
       footer_every=st.sampled_from([0, 1, 2, 5]), title_at=st.integers(0, 30))
def test_hard_wrapping_paragraphs_and_the_title_changes_no_finding(seed, layout, quirks, fault, width, which,
                                                     footer_every, title_at):
    spec = generate(seed)
    if fault:
        spec = faulted_spec(fault, seed)
    on = dict.fromkeys(quirks, True)
    plain = lint_text(render(spec, layout, **on), _path(layout), RULES, Options())
    # The title is broken after its agency name or later: a break inside the name, above a
    # line that reads as a whole title, is what a web page's menu above its title looks like.
    title_at = max(title_at, len(spec.agency)) if title_at else 0
    wrap = Wrap(width, frozenset(which) if which is not None else None, footer_every, title_at)
    wrapped_text = render(spec, layout, wrap=wrap, **on)
    wrapped = lint_text(wrapped_text, _path(layout), RULES, Options())
    assert _said(wrapped) == _said(plain)


def test_wrapping_does_wrap_and_adds_footers():
    spec = generate(3)
    plain = render(spec, "tabs")
    text = render(spec, "tabs", wrap=Wrap(7, None, 3))
    lines = text.splitlines()
    assert "— 1 —" in lines and len(lines) > 2 * len(plain.splitlines())
    # Only line breaks and footers were added.
    assert "".join(x for x in lines if not x.startswith("— ")) == "".join(plain.splitlines())


def test_a_wrapped_period_is_found_and_its_finding_spans_its_lines():
    text = ("青禾县文化和旅游局2023年政府信息公开工作年度报告\n"
            "本年度报告中所列数据的统计周期\n"
            "— 1 —\n"
            "为2022年1月1日至12月31日。\n")
    report = parse_text(text, "r.txt")
    period = report.document.period
    assert period is not None and period.start.isoformat() == "2022-01-01"
    assert period.end.isoformat() == "2022-12-31"
    findings = lint_text(text, "r.txt", _only("GX201", "GX202"), Options())
    assert [f.rule_id for f in findings] == ["GX202"]
    loc = findings[0].location
    # The statement starts at 所列数据 on line 2 and ends after 12月31日 on line 4.
    assert (loc.line, loc.column) == (2, 7)
    assert (loc.end_line, loc.end_column) == (4, 18)


def test_a_form_feed_starting_a_page_is_space():
    # pdftotext starts each page's first line with a form feed: a heading there is a heading
    spec = generate(4)
    text = render(spec)
    heading = next(line for line in text.split("\n") if line.startswith("四、政府信息公开行政复议"))
    paged = text.replace(heading, "\f" + heading, 1)
    assert [s.key for s in parse_text(paged, "r.txt").document.sections] == \
        [s.key for s in parse_text(text, "r.txt").document.sections]
    assert {f.rule_id for f in lint_text(paged, "r.txt", RULES)} == {f.rule_id for f in lint_text(text, "r.txt", RULES)}


def test_a_title_wrapped_over_two_lines_is_one_title():
    text = ("正文\n2023 年青禾县文化和旅游局政府信息公开工作\n年度报告\n"
            "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。\n")
    doc = parse_text(text, "r.txt").document
    assert doc.title is not None and doc.title.text == "2023年青禾县文化和旅游局政府信息公开工作年度报告"
    assert doc.agency == "青禾县文化和旅游局" and doc.year == 2023
    assert lint_text(text, "r.txt", _only("GX104", "GX201"), Options()) == []


def test_a_count_wrapped_over_two_lines_is_compared_and_located():
    spec = generate(5)
    spec.applications += 3
    plain = [f for f in lint_text(render(spec, "pipes"), "r.txt", RULES, Options()) if f.rule_id == "GX501"]
    wrapped = [f for f in lint_text(render(spec, "pipes", wrap=Wrap(5)), "r.txt", RULES, Options())
               if f.rule_id == "GX501"]
    assert len(plain) == len(wrapped) == 1 and plain[0].message == wrapped[0].message
    assert wrapped[0].location.end_line >= wrapped[0].location.line


# --- run-on text -----------------------------------------------------------------------------


@pytest.mark.parametrize("profile, year", [("gov-2021", 2023), ("gov-2019", 2020)])
@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("sep", [" ", ""])
def test_a_report_as_one_run_on_line_is_read_inline(seed, sep, profile, year):
    spec = generate(seed, profile=profile, year=year)
    text = render_run_on(spec, sep)
    assert text.count("\n") == 1
    report = parse_text(text, "r.txt")
    doc = report.document
    assert [s.key for s in doc.sections] == [s.key for s in spec.sections]
    assert doc.title is not None and doc.agency == spec.agency and doc.year == spec.year
    assert doc.period is not None and (doc.period.start, doc.period.end) == spec.period
    assert report.cells == {}  # never guessed
    findings = lint_text(text, "r.txt", RULES, Options())
    gx310 = [f for f in findings if f.rule_id == "GX310"]
    assert sorted(f.message for f in gx310) == sorted(
        f"{name}被压成连排的文字，单元格之间没有分隔，无法逐格读取；表内数字及勾稽关系未核对"
        for name in ("表二", "表三", "表四"))
    others = [(f.rule_id, f.message) for f in findings if f.rule_id != "GX310" and f.severity != "info"]
    assert others == []


@pytest.mark.parametrize("key", ["overview", "proactive", "requests", "review", "problems", "other"])
def test_a_section_missing_from_a_run_on_page_gives_the_errors_it_gives_in_lines(key):
    spec = generate(11)
    spec.sections = [s for s in spec.sections if s.key != key]

    def errors(text: str) -> list[tuple[str, str]]:
        return sorted((f.rule_id, f.message) for f in lint_text(text, "r.txt", RULES, Options())
                      if f.severity == "error")

    assert ("GX101", f"缺少“{spec_heading(key)}”部分") in errors(render_run_on(spec))
    assert errors(render_run_on(spec)) == errors(render(spec, "tabs"))


def spec_heading(key: str) -> str:
    section = next(s for s in generate(11).sections if s.key == key)
    return f"{section.number}、{section.heading}"


def test_a_run_on_title_without_gongzuo_is_found_and_reported():
    spec = generate(7)
    text = render_run_on(spec).replace("政府信息公开工作年度报告", "政府信息公开年度报告", 1)
    doc = parse_text(text, "r.txt").document
    assert doc.title is not None and doc.title.text.endswith("政府信息公开年度报告")
    assert doc.agency == spec.agency
    assert "GX104" in {f.rule_id for f in lint_text(text, "r.txt", RULES, Options())}


def test_parse_shows_run_on_tables_as_unreadable():
    from lint.formatters.parsed import to_dict, to_text

    report = parse_text(render_run_on(generate(8)), "r.txt")
    text = to_text(report)
    assert "  unreadable t2 1:" in text and "run-on" in text
    assert "missing   t3." not in text  # not listed cell by cell
    assert sorted(to_dict(report)["unreadable"]) == ["t2", "t3", "t4"]


def test_run_on_findings_point_into_the_line():
    spec = generate(2)
    text = render_run_on(spec)
    gx310 = [f for f in lint_text(text, "r.txt", RULES, Options()) if f.rule_id == "GX310"]
    labels = {"表二": "第二十条", "表三": "申请人情况", "表四": "行政复议"}
    for f in gx310:
        assert f.location.line == 1
        at = text[f.location.column - 1:]
        assert any(at.startswith(v[:2]) or at.startswith("（") for v in labels.values()), at[:20]


def test_a_long_paragraph_is_not_a_run_on_page():
    ctx = LexContext(section_keywords(), table_labels=section_table_labels())
    long_line = "本局持续完善政府信息管理制度，动态更新政府信息公开目录。" * 30
    assert run_on_pieces(long_line, ctx) is None
    one_heading = "一、总体情况 " + long_line
    assert run_on_pieces(one_heading, ctx) is None


def test_a_long_paragraph_naming_the_sections_in_a_report_with_headings_stays_prose():
    spec = generate(6)
    text = render(spec, "pipes")
    listing = ("本报告包括一、总体情况，二、主动公开政府信息情况，三、收到和处理政府信息公开申请情况，"
               "四、政府信息公开行政复议、行政诉讼情况，五、存在的主要问题及改进情况，六、其他需要报告的事项。")
    long_para = listing + "本局持续完善政府信息管理制度，动态更新政府信息公开目录。" * 12
    first_heading = text.index("一、总体情况")
    edited = text[:first_heading] + long_para + "\n\n" + text[first_heading:]
    assert _said(lint_text(edited, "r.txt", RULES, Options())) == _said(lint_text(text, "r.txt", RULES, Options()))


def test_a_run_on_section_without_a_table_gets_gx301_not_gx310():
    spec = generate(4)
    spec.section("review").body = [p for p in spec.section("review").body if type(p).__name__ != "TableSlot"]
    ids = sorted(f.rule_id for f in lint_text(render_run_on(spec), "r.txt", RULES, Options())
                 if f.severity != "info")
    assert ids == ["GX301", "GX310", "GX310"]


# --- the real reports ------------------------------------------------------------------------


def _real(name: str) -> Path:
    path = REAL / name
    if not path.exists():
        pytest.skip(f"{path} not present")
    return path


def _ids(path: Path) -> list[str]:
    return sorted(f.rule_id for f in lint_file(path, RULES, Options()).findings)


def test_shanghai_kewei_title_period_and_fee_are_read_across_line_breaks():
    path = _real("shanghai-kewei-2024.md")
    ids = _ids(path)
    assert not {"GX104", "GX201", "GX202", "GX601"} & set(ids)
    doc = parse_text(path.read_text(encoding="utf-8"), str(path)).document
    assert doc.year == 2024 and doc.agency == "上海市科委"
    assert doc.period is not None and doc.period.start.isoformat() == "2024-01-01"
    assert doc.period.end.isoformat() == "2024-12-31"
    assert doc.period.span.end_line == doc.period.span.line + 1  # wrapped over two lines


def test_shuyang_fee_statement_is_a_fee_disclosure():
    path = _real("shuyang-fgj-2023.html")
    assert "GX601" not in _ids(path)


@pytest.mark.parametrize("name, year, start", [
    ("pingtan-2021.txt", 2021, "2021-01-01"), ("pingtan-2022.txt", 2022, "2022-01-01")])
def test_pingtan_run_on_pages_are_read_inline(name, year, start):
    path = _real(name)
    report = parse_text(path.read_text(encoding="utf-8"), str(path))
    doc = report.document
    assert [s.key for s in doc.sections] == ["overview", "proactive", "requests", "review", "problems", "other"]
    assert doc.title is not None and doc.agency == "平潭综合实验区" and doc.year == year
    assert doc.period is not None and doc.period.start.isoformat() == start
    assert doc.period.end.isoformat() == f"{year}-12-31"
    assert report.cells == {} and sorted(report.unreadable) == ["t2", "t3", "t4"]
    findings = lint_file(path, RULES, Options()).findings
    assert sorted(f.rule_id for f in findings if f.rule_id == "GX310") == ["GX310"] * 3
    assert not [f for f in findings if f.severity == "error"]
    assert not {"GX101", "GX301", "GX302", "GX304"} & {f.rule_id for f in findings}


def test_pingtan_two_years_are_paired_and_say_nothing_wrong_across_years():
    import json

    from click.testing import CliRunner

    from lint.cli import main

    paths = [_real("pingtan-2021.txt"), _real("pingtan-2022.txt")]
    result = CliRunner().invoke(main, [str(p) for p in paths] + ["--format", "json"])
    doc = json.loads(result.output)
    files = {Path(f["path"]).name: f for f in doc["files"]}
    paired = {Path(c["path"]).name: c for c in doc["cross_year"]}
    assert paired["pingtan-2022.txt"]["previous"] == str(paths[0])  # one agency, consecutive years
    findings = [x for f in [*files.values(), *paired.values()] for x in f["findings"]]
    assert not [x for x in findings if x["rule"].startswith("GX7") or x["severity"] == "error"]
