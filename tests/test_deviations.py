"""Template deviations and files that are no report: each reported once, as what it is."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lint.engine import Options, lint_file, lint_text
from lint.pipeline import parse_text
from lint.profiles import get_profile
from lint.rulepack import load_rules
from tests.generate import LAYOUTS, generate, profile_for, render

RULES = load_rules()
REAL = Path(__file__).resolve().parents[1].parent / "shared" / "real"


def _path(layout: str) -> str:
    return "r.md" if layout == "markdown" else "r.txt"


def _ids(text: str, path: str = "r.txt", minimum: str = "warning") -> list[str]:
    rank = {"error": 3, "warning": 2, "info": 1}
    return sorted(f.rule_id for f in lint_text(text, path, RULES) if rank[f.severity] >= rank[minimum])


def _real(name: str) -> Path:
    path = REAL / name
    if not path.is_file():
        pytest.skip(f"../shared/real/{name} is not here")
    return path


# --- GX100: not an annual report ----------------------------------------------------------------


NOT_REPORTS = {
    "readme": "# 使用说明\n\n本目录存放各单位报送的材料。\n\n| 文件 | 说明 |\n|---|---|\n| a.txt | 样例 |\n",
    "list": "材料清单\n- 工作总结\n- 统计表格\n- 会议纪要\n",
}


@pytest.mark.parametrize("name", sorted(NOT_REPORTS))
def test_a_file_that_is_no_report_gets_gx100_alone(name):
    findings = lint_text(NOT_REPORTS[name], "notes.md" if name == "readme" else "notes.txt", RULES)
    assert [f.rule_id for f in findings] == ["GX100"]
    assert findings[0].severity == "error"


def test_gxlints_own_output_is_no_report(tmp_path):
    spec = generate(7, year=2023)
    spec.sections = [s for s in spec.sections if s.key != "other"]
    report = tmp_path / "r.txt"
    report.write_text(render(spec, "tabs"), encoding="utf-8")
    for fmt in ("text", "json", "sarif"):
        from click.testing import CliRunner

        from lint.cli import main

        out = CliRunner().invoke(main, ["--format", fmt, str(report)]).output
        assert "GX101" in out
        saved = tmp_path / f"out-{fmt}.txt"
        saved.write_text(out, encoding="utf-8")
        result = lint_file(saved, RULES, Options())
        assert [f.rule_id for f in result.findings] == ["GX100"], fmt


def test_a_report_is_not_gx100():
    spec = generate(3, year=2023)
    assert "GX100" not in _ids(render(spec, "tabs"), minimum="info")
    # A report reduced to its title, or to one section, is still a (poor) report.
    assert "GX100" not in _ids(f"{spec.title}\n本机关认真落实条例。\n")
    assert "GX100" not in _ids("一、总体情况\n本机关认真落实条例。\n")


def test_gx100_can_be_suppressed_and_other_comments_are_text():
    text = ("<!-- gxlint-disable GX100 -- 本文件是说明 -->\n# 说明\n"
            "示例：<!-- gxlint-disable-next-line GX601 -->\n")
    assert lint_text(text, "notes.md", RULES) == []


def test_real_readme_is_no_report():
    result = lint_file(_real("README.md"), RULES, Options())
    assert [f.rule_id for f in result.findings] == ["GX100"]


# --- GX309: a group of 表三 as one row -----------------------------------------------------------


def _folded(spec) -> dict[str, Decimal]:
    """The spec's values as a report with its one-row groups binds them."""
    profile = get_profile(spec.profile)
    out: dict[str, Decimal] = {}
    for key, value in spec.values.items():
        group = profile.folded_by.get(key)
        if group is not None and group.split(".")[1] in spec.one_row_groups:
            out[group] = out.get(group, Decimal(0)) + value
        else:
            out[key] = value
    return out


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("seed", range(6))
def test_other_handling_as_one_row_binds_as_the_group_total(layout, seed):
    spec = generate(seed, year=2023, one_row_groups=("other",))
    text = render(spec, layout)
    report = parse_text(text, _path(layout))
    assert report.profile == "gov-2021" and report.missing == []
    assert {k: c.value for k, c in report.cells.items()} == _folded(spec)
    findings = [f for f in lint_text(text, _path(layout), RULES) if f.severity != "info"]
    assert [(f.rule_id, f.severity) for f in findings] == [("GX309", "warning")]
    assert "（六）其他处理" in findings[0].message


@pytest.mark.parametrize("layout", ["tabs", "cells", "markdown"])
def test_the_reconciliation_uses_the_group_total(layout):
    spec = generate(11, year=2023, one_row_groups=("other",), new_applications=9)
    spec.values["t3.other.other.natural"] += 2  # the one row says 2 more than 表三 adds up to
    spec.values["t3.other.other.total"] += 2
    assert _ids(render(spec, layout), _path(layout)) == ["GX309", "GX402", "GX402"]
    spec.values["t3.total.natural"] += 2  # now (七)总计 agrees, but 一 + 二 ≠ 三 + 四
    spec.values["t3.total.total"] += 2
    assert _ids(render(spec, layout), _path(layout)) == ["GX309", "GX401", "GX401"]


def test_a_group_split_as_the_template_has_it_is_not_gx309():
    spec = generate(4, year=2023)
    assert "GX309" not in _ids(render(spec, "tabs"), minimum="info")


def test_hongze_single_other_row_is_one_warning():
    result = lint_file(_real("hongze-2023.pdf"), RULES, Options())
    ids = [f.rule_id for f in result.findings]
    assert ids.count("GX309") == 1 and "GX302" not in ids
    gx309 = next(f for f in result.findings if f.rule_id == "GX309")
    assert gx309.severity == "warning"


# --- sections: one slip is GX101/GX102, an outline of the report's own is one GX110 -------------

SECTIONS = ("overview", "proactive", "requests", "review", "problems", "other")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 5000), layout=st.sampled_from(LAYOUTS), key=st.sampled_from(SECTIONS),
       year=st.integers(2019, 2025))
def test_removing_one_section_gives_that_sections_finding_and_no_other_error(seed, layout, key, year):
    spec = generate(seed, year=year, profile=profile_for(year))
    spec.sections = [s for s in spec.sections if s.key != key]
    errors = [f for f in lint_text(render(spec, layout), _path(layout), RULES) if f.severity == "error"]
    assert [(f.rule_id, f.fingerprint_key) for f in errors] == [("GX101", key)]


def _outline(spec, order: list[str], numbers: str = "一二三四五六", extra: dict | None = None):
    """The spec's sections in ``order``, numbered in turn, with sections of the report's own
    (``extra``: position -> heading) put in."""
    from tests.generate import Para, SectionText

    by_key = {s.key: s for s in spec.sections}
    sections = [by_key[k] for k in order]
    for at, heading in sorted((extra or {}).items()):
        sections.insert(at, SectionText("own", "", heading, [Para("本机关健全工作机制，明确专人负责。")]))
    for section, number in zip(sections, numbers, strict=False):
        section.number = number
    spec.sections = sections
    return spec


@pytest.mark.parametrize("layout", ["tabs", "pipes", "markdown"])
def test_an_outline_of_its_own_is_one_structural_finding(layout):
    spec = _outline(generate(21, year=2024), ["overview", "proactive", "requests", "review", "other"],
                    extra={1: "工作机制保障"})
    findings = lint_text(render(spec, layout), _path(layout), RULES)
    ids = [f.rule_id for f in findings]
    assert ids.count("GX110") == 1
    assert not {"GX101", "GX102", "GX103", "GX105"} & set(ids)
    assert [f.rule_id for f in findings if f.severity == "error"] == ["GX110"]
    message = next(f.message for f in findings if f.rule_id == "GX110")
    assert "五、存在的主要问题及改进情况" in message and "工作机制保障" in message
    assert "三、主动公开政府信息情况" in message  # 二 numbered 三


def test_one_swap_is_still_gx102_and_the_english_message():
    spec = _outline(generate(22, year=2024),
                    ["overview", "requests", "proactive", "review", "problems", "other"],
                    numbers="一三二四五六")
    assert [f.rule_id for f in lint_text(render(spec, "tabs"), "r.txt", RULES)
            if f.severity == "error"] == ["GX102"]
    spec = _outline(generate(22, year=2024),
                    ["overview", "requests", "proactive", "review", "problems", "other"])
    findings = lint_text(render(spec, "tabs"), "r.txt", RULES, Options(lang="en"))
    assert [f.rule_id for f in findings if f.severity == "error"] == ["GX110"]
    assert "moved or renumbered" in findings[0].message or "moved or renumbered" in " ".join(
        f.message for f in findings)


def test_shanghai_outline_is_one_finding():
    result = lint_file(_real("shanghai-kewei-2024.md"), RULES, Options())
    ids = [f.rule_id for f in result.findings]
    assert ids.count("GX110") == 1
    assert not {"GX101", "GX102", "GX103", "GX105"} & set(ids)


def test_shanghai_table2_rows_with_spaces_bind():
    """表二's blocks （五）（六）（八） are copied as ``label value`` lines: their cells bind,
    and 表二 is not reported as missing cells."""
    path = _real("shanghai-kewei-2024.md")
    report = parse_text(path.read_text(encoding="utf-8"), str(path))
    values = {k: report.cells[k].value for k in
              ("t2.license.decisions", "t2.penalty.decisions", "t2.enforcement.decisions", "t2.fees.amount")}
    assert values == {"t2.license.decisions": 97, "t2.penalty.decisions": 0,
                      "t2.enforcement.decisions": 0, "t2.fees.amount": 0}
    assert not [k for k in report.missing if k.startswith("t2.")]
    result = lint_file(path, RULES, Options())
    assert not [f for f in result.findings if f.rule_id == "GX302" and "表二" in f.message]


# --- GX306: 2019 headings in 表二 of a later report ----------------------------------------------


def _with_2019_table2(seed: int, layout: str, **overrides):
    """A 2023 report in the 2021 template whose 表二 is written in the 2019 template."""
    new = generate(seed, year=2023, **overrides)
    old = generate(seed, profile="gov-2019", year=2023)
    start, end = "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"
    text, old_text = render(new, layout), render(old, layout)
    text = (text[:text.index(start)] + old_text[old_text.index(start):old_text.index(end)]
            + text[text.index(end):])
    values = {k: v for k, v in old.values.items() if k.startswith("t2.")}
    values.update({k: v for k, v in new.values.items() if not k.startswith("t2.")})
    return text, values


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("seed", range(4))
def test_2019_table2_binds_by_its_own_headings_and_is_one_gx306(layout, seed):
    text, values = _with_2019_table2(seed, layout)
    report = parse_text(text, _path(layout))
    assert report.missing == []
    assert {k: c.value for k, c in report.cells.items()} == values  # never 2021 keys by position
    assert report.table_profiles["t2"] == "gov-2019" and report.table_profiles["t3"] == "gov-2021"
    findings = [f for f in lint_text(text, _path(layout), RULES) if f.severity != "info"]
    assert [f.rule_id for f in findings] == ["GX306"]
    assert "表二" in findings[0].message and "本年新制作数量" in findings[0].message
    assert "表三" not in findings[0].message


def test_tables_read_by_their_own_template_are_still_reconciled():
    spec = generate(5, year=2023)
    spec.values["t3.disclosed.natural"] += 1
    spec.values["t3.disclosed.total"] += 1
    old = generate(5, profile="gov-2019", year=2023)
    start, end = "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"
    text, old_text = render(spec, "tabs"), render(old, "tabs")
    text = text[:text.index(start)] + old_text[old_text.index(start):old_text.index(end)] + text[text.index(end):]
    assert _ids(text) == ["GX306", "GX402", "GX402"]


def test_a_whole_2019_report_for_2023_is_one_gx306_naming_table2():
    spec = generate(6, profile="gov-2019", year=2023)
    findings = [f for f in lint_text(render(spec, "tabs"), "r.txt", RULES) if f.severity != "info"]
    assert [f.rule_id for f in findings] == ["GX306"]
    assert "表二" in findings[0].message


def test_a_2021_table2_with_one_old_label_is_gx303_not_gx306():
    spec = generate(8, year=2023)
    text = render(spec, "pipes").replace("行政规范性文件", "规范性文件")
    assert _ids(text) == ["GX303"]


# --- gxlint parse: how each table was read -------------------------------------------------------

READ_AS = {"tabs": "tab-rows", "cells": "cell-per-line", "pipes": "pipe-rows",
           "pipecells": "cell-per-line", "markdown": "pipe-rows"}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_table_says_how_it_was_read(layout):
    from lint.formatters.parsed import tables_read, to_text

    report = parse_text(render(generate(2, year=2023), layout, wrapped_labels=True), _path(layout))
    read = tables_read(report)
    assert set(read) == {"t2", "t3", "t4"}
    assert all(how["layout"] == [READ_AS[layout]] and how["profile"] == "gov-2021" for how in read.values())
    assert f"t3  read as {READ_AS[layout]}, bound with gov-2021" in to_text(report)


def test_tables_of_a_word_file_or_a_web_page_are_ruled_grids(tmp_path):
    from click.testing import CliRunner

    from lint.cli import main
    from tests.docxbuild import write_docx
    from tests.generate import blocks
    from tests.htmlbuild import write_html

    items = blocks(generate(9, year=2023))
    write_docx(items, tmp_path / "r.docx")
    write_html(items, tmp_path / "r.html")
    for name in ("r.docx", "r.html"):
        out = CliRunner().invoke(main, ["parse", "--format", "json", str(tmp_path / name)]).output
        import json

        read = json.loads(out)["tables_read"]
        assert {k: v["layout"] for k, v in read.items()} == {k: ["ruled-grid"] for k in ("t2", "t3", "t4")}


def test_parse_names_the_template_a_table_was_bound_with():
    from lint.formatters.parsed import to_text

    text, _ = _with_2019_table2(1, "tabs")
    shown = to_text(parse_text(text, "r.txt"))
    assert "t2  read as tab-rows, bound with gov-2019 (its labels are that template's: 本年新制作数量" in shown


def test_a_table_none_of_whose_cells_can_be_read_is_one_gx301():
    spec = generate(12, year=2023)
    text = render(spec, "pipes")
    start, end = text.index("二、主动公开政府信息情况"), text.index("三、收到和处理政府信息公开申请情况")
    # 表二 with its labels but every number gone (a table drawn as an image, a broken export)
    table2 = re.sub(r"[0-9]+(?:\.[0-9]+)?", "", text[start:end])
    findings = lint_text(text[:start] + table2 + text[end:], "r.txt", RULES)
    assert [f.rule_id for f in findings if f.severity != "info"] == ["GX301"]
    assert "表二" in findings[0].message
