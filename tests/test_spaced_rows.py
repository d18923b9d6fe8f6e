"""Tables copied out of a PDF with their cells separated by single spaces.

Text copied out of a PDF may write a table row as ``行政许可 97`` and a block's header with its
labels run together (``信息内容本年处理决定数量``). Such a line is a row when it is a row label of
the table of its section followed by values only, inside the table (next to its label lines,
its rows or another such row); anything else stays prose.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lint.engine import Options, lint_text
from lint.labels import spaced_row_labels
from lint.lexer import LexContext, lex
from lint.pipeline import parse_text
from lint.profiles import section_keywords, section_table_labels
from lint.rulepack import load_rules
from tests.generate import generate, render
from tests.test_deviations import _with_2019_table2
from tests.test_faults import FAULTS, faulted_spec

RULES = load_rules(use_cache=False)
SPEC_FAULTS = sorted(k for k, (spec_fault, _text_fault) in FAULTS.items() if spec_fault)
START = "二、主动公开政府信息情况"


def spaced_table2(text: str) -> str:
    """The tab layout's 表二 as text copied out of a PDF: label lines as they are, a header's
    labels run together, a row's cells separated by single spaces. Line for line, so findings
    stay on the same lines."""
    a = text.index("第二十条第（一）项\t")
    lines = []
    rest = text[a:].split("\n")
    b = a
    for line in rest:
        if line.strip() and "\t" not in line:
            break  # the table ends at the first line of text after it
        b += len(line) + 1
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        if "\t" not in line or not cells:
            lines.append(line)
        elif all(not any(ch.isdigit() for ch in c) or "第" in c or "（" in c for c in cells):
            lines.append("".join(cells))  # a block label or a header
        else:
            lines.append(" ".join(cells))
    return text[:a] + "".join(line + "\n" for line in lines) + text[b:]


def _findings(text: str) -> list[tuple[str, str, int, str]]:
    return [(f.rule_id, f.severity, f.location.line, f.message)
            for f in lint_text(text, "r.txt", RULES, Options())]


def _bound(text: str) -> dict[str, tuple[int, object]]:
    report = parse_text(text, "r.txt")
    return {k: (c.line, c.value) for k, c in report.cells.items()}


def _tokens(text: str):
    ctx = LexContext(section_keywords(), table_labels=section_table_labels(), spaced=spaced_row_labels())
    return lex(text, ctx).tokens


def test_the_transformation_writes_table2_with_spaces():
    text = render(generate(3), "tabs")
    spaced = spaced_table2(text)
    part = spaced[spaced.index(START):spaced.index("三、收到和处理政府信息公开申请情况")]
    assert "\t" not in part
    assert "信息内容本年处理决定数量" in part.splitlines()
    assert any(line.startswith("行政许可 ") for line in part.splitlines())
    assert len(spaced.splitlines()) == len(text.splitlines())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 5000), year=st.sampled_from([2019, 2020, 2023]),
       fault=st.sampled_from([None, *SPEC_FAULTS]))
def test_table2_with_spaces_binds_and_lints_like_the_tab_layout(seed, year, fault):
    spec = generate(seed, year=year)
    if fault:
        spec = faulted_spec(fault, seed)
    text = render(spec, "tabs")
    spaced = spaced_table2(text)
    report = parse_text(spaced, "r.txt")
    assert report.missing == parse_text(text, "r.txt").missing
    assert "space-rows" in {t.layout for s in report.document.sections for t in s.tables}
    assert _bound(spaced) == _bound(text)
    assert _findings(spaced) == _findings(text)


@pytest.mark.parametrize("seed", range(3))
def test_a_2019_table2_with_spaces_binds_by_its_run_together_headings(seed):
    text, values = _with_2019_table2(seed, "tabs")
    spaced = spaced_table2(text)
    assert "信息内容上一年项目数量本年增/减处理决定数量" in spaced
    report = parse_text(spaced, "r.txt")
    assert report.missing == []
    assert {k: c.value for k, c in report.cells.items()} == values  # never 2021 keys by position
    assert report.table_profiles["t2"] == "gov-2019"
    assert _findings(spaced) == _findings(text)


def _para_lines(text: str) -> set[int]:
    return {t.line for t in _tokens(text) if t.type == "PARA"}


PROSE = ["行政许可 事项办理 97 件，办结率100%",
         "行政处罚 0 件，比上年减少",
         "行政许可 97 件",
         "行政强制 共 3"]


@pytest.mark.parametrize("prose", PROSE)
def test_a_sentence_starting_with_a_row_label_stays_a_paragraph(prose):
    """Right after a block's header line and before its row: still prose, and the table
    binds as before."""
    spaced = spaced_table2(render(generate(5), "tabs"))
    lines = spaced.split("\n")
    at = lines.index("信息内容本年处理决定数量") + 1
    with_prose = "\n".join([*lines[:at], prose, *lines[at:]])
    assert at + 1 in _para_lines(with_prose)
    assert {k: v for k, (_line, v) in _bound(with_prose).items()} == \
        {k: v for k, (_line, v) in _bound(spaced).items()}


def test_a_lone_label_and_value_among_paragraphs_is_prose():
    text = ("某县农业局2023年政府信息公开工作年度报告\n\n二、主动公开政府信息情况\n\n"
            "本年度主动公开信息情况如下。\n行政许可 97\n以上数据均已公开。\n")
    assert 6 in _para_lines(text)
    # Next to a label line of its table, the same line is a row.
    table = text.replace("本年度主动公开信息情况如下。", "第二十条第（五）项")
    assert 6 not in _para_lines(table)
    assert _bound(table)["t2.license.decisions"][1] == 97


def test_a_label_of_another_sections_table_is_not_a_row():
    """规章 is a row of 表二: in section 四, next to 表四's rows, ``规章 3`` is prose."""
    text = render(generate(8), "tabs")
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("行政复议\t")) + 1
    with_line = "\n".join([*lines[:at], "规章 3", *lines[at:]])
    assert at + 1 in _para_lines(with_line)
    assert _findings(with_line) == _findings(text)


@settings(max_examples=200, deadline=None)
@given(label=st.sampled_from(["行政许可", "行政处罚", "行政强制", "行政事业性收费", "规章"]),
       value=st.integers(0, 9999), word=st.sampled_from(["件。", "项，同比", "余件", "起", "%"]),
       sep=st.sampled_from([" ", "  ", "\u3000", ""]))
def test_a_label_with_a_value_and_a_word_after_it_is_never_a_row(label, value, word, sep):
    line = f"{label} {value}{sep}{word}"
    text = f"二、主动公开政府信息情况\n第二十条第（五）项\n信息内容本年处理决定数量\n{line}\n"
    assert 4 in _para_lines(text)


def test_a_mistyped_row_label_with_spaces_is_read_as_in_the_tab_layout():
    text = render(generate(11), "tabs").replace("行政许可\t", "行政许司\t", 1)
    spaced = spaced_table2(text)
    assert "\n行政许司 " in spaced
    assert _bound(spaced) == _bound(text)
    found = _findings(spaced)
    assert found == _findings(text)
    assert any(f[0] == "GX303" and "行政许司" in f[3] for f in found)


@pytest.mark.parametrize("label", ["行政许可", "行 政 许 可"])
def test_a_row_with_spaces_among_tab_rows_binds(label):
    """Next to the table's other rows (here its tab rows), with its label spaced apart too."""
    text = render(generate(4), "tabs")
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("行政许可\t"))
    value = lines[at].split("\t")[1]
    lines[at] = f"{label} {value}"
    mixed = "\n".join(lines)
    assert at + 1 not in _para_lines(mixed)
    assert _bound(mixed) == _bound(text)
    assert _findings(mixed) == _findings(text)


def _spaced_section(text: str, start: str, end: str) -> str:
    """Every tab row between two headings with single spaces between its cells."""
    a = text.index(start)
    b = text.index(end, a)
    lines = []
    for line in text[a:b].split("\n"):
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        lines.append(" ".join(cells) if "\t" in line and cells else line)
    return text[:a] + "\n".join(lines) + text[b:]


@pytest.mark.parametrize("seed", range(4))
def test_table3_rows_with_their_group_labels_and_spaces_bind(seed):
    """表三's rows carry their group labels before the row label: each is a label of 表三."""
    text = render(generate(seed), "tabs")
    spaced = _spaced_section(text, "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议")
    assert "（三）不予公开 1.属于国家秘密 " in spaced
    assert _bound(spaced) == _bound(text)
    assert _findings(spaced) == _findings(text)


def test_a_word_before_a_row_label_that_is_no_label_keeps_the_line_prose():
    text = render(generate(2), "tabs")
    spaced = _spaced_section(text, "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议")
    lines = spaced.split("\n")
    at = next(i for i, line in enumerate(lines) if "1.属于国家秘密 " in line)
    lines[at] = lines[at].replace("（三）不予公开", "其中不予公开的")
    assert at + 1 in _para_lines("\n".join(lines))


def _glued(text: str, start: str, end: str) -> str:
    """Between two headings, every space between a Chinese character (or bracket, quote) and
    a digit removed: a PDF whose cells were set with TABs, a tab stop right after a label."""
    a, b = text.index(start), text.index(end, text.index(start))
    return text[:a] + re.sub(r"(?<=[^\x00-\x7f]) (?=[0-9])", "", text[a:b]) + text[b:]


@pytest.mark.parametrize("seed", range(4))
def test_labels_run_into_their_values_or_numbered_labels_bind(seed):
    text = render(generate(seed), "tabs")
    spaced = _spaced_section(spaced_table2(text), "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议")
    glued = _glued(_glued(spaced, START, "三、收到和处理"), "三、收到和处理", "四、政府信息公开行政复议")
    assert "（三）不予公开1.属于国家秘密" in glued and "\n规章" in glued and "\n规章 " not in glued
    assert _bound(glued) == _bound(text)
    assert _findings(glued) == _findings(text)


@pytest.mark.parametrize("line", ["行政许可97件，办结率100%", "行政处罚0件，比上年减少", "共收到申请3件"])
def test_a_label_run_into_a_figure_in_a_sentence_stays_prose(line):
    text = f"二、主动公开政府信息情况\n第二十条第（五）项\n信息内容本年处理决定数量\n{line}\n"
    assert 4 in _para_lines(text)
