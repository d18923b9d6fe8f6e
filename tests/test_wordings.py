"""What reports really say, each wording in the direction a reviewer would judge it: the prose
rules (GX5xx), the overview's synonyms (GX105), year-first titles (GX104), the checks of
issue 16 (GX111, GX108, GX109, GX307, GX308), the 2019 template, and messages in plain words.
Every report here is invented (青禾…); the labels are the template's."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lint.engine import Options, lint_text
from lint.formatters.text import format_text
from lint.rulepack import load_rules
from tests.generate import generate, render

RULES = {r.id: r for r in load_rules(use_cache=False)}
T3_NEW = "一、本年新收政府信息公开申请数量 | {n} | 0 | 0 | 0 | 0 | 0 | {n} |"


def _ids(text: str, *rule_ids: str, lang: str = "zh", profile: str | None = None) -> list[str]:
    return [f.rule_id for f in _findings(text, *rule_ids, lang=lang, profile=profile)]


def _findings(text: str, *rule_ids: str, lang: str = "zh", profile: str | None = None) -> list:
    rules = [RULES[r] for r in rule_ids] if rule_ids else list(RULES.values())
    return lint_text(text, "r.txt", rules, Options(lang=lang, profile=profile))


def _applications(sentence: str, new: int) -> str:
    return f"一、总体情况\n{sentence}\n三、收到和处理政府信息公开申请情况\n{T3_NEW.format(n=new)}\n"


# --- GX501 ----------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, new", [
    ("本年度无因政府信息公开引发的行政复议。", 3),  # a negation of reviews, not of requests
    ("本年度无政府信息公开工作责任追究情况。", 3),
    ("本年度无依申请公开行政复议案件。", 3),
    ("其中，通过网站收到政府信息公开申请1件。", 3),  # one channel
    ("通过网站收到政府信息公开申请1件，通过信函收到2件。", 3),
    ("本年度共受理政府信息公开申请3件（含上年结转1件）。", 2),  # new + carried over
    ("本年度受理政府信息公开申请3件，其中上年结转1件。", 2),
    ("本年度通过网站、信函等方式共收到政府信息公开申请3件。", 3),
    ("本年度未收到政府信息公开申请。", 0),
    ("本年度共收到政府信息公开申请三件。", 3),
])
def test_gx501_does_not_misread(sentence, new):
    assert _ids(_applications(sentence, new), "GX501") == []


@pytest.mark.parametrize("sentence, new", [
    ("本年度共收到政府信息公开申请5件。", 3),
    ("本年度通过各种渠道收到政府信息公开申请5件。", 3),  # all channels: the total
    ("本年度未收到政府信息公开申请。", 3),
    ("本年度没有收到公民、法人或其他组织提出的政府信息公开申请。", 2),
])
def test_gx501_reports_a_real_disagreement(sentence, new):
    assert _ids(_applications(sentence, new), "GX501") == ["GX501"]


# --- GX502 ----------------------------------------------------------------------------------

T4 = "{r} | 0 | 0 | 0 | {r} | {d} | 0 | 0 | 0 | {d} | 0 | 0 | 0 | 0 | 0 |"


def _disputes(sentence: str, review: int, direct: int = 0) -> str:
    return f"四、政府信息公开行政复议、行政诉讼情况\n{sentence}\n{T4.format(r=review, d=direct)}\n"


@pytest.mark.parametrize("sentence, review, direct", [
    ("本年度没有尚未审结的行政复议、行政诉讼。", 1, 0),
    ("本年度未发生因政府信息公开被行政复议、行政诉讼纠错的情况。", 1, 1),
    ("本年度发生政府信息公开行政复议、行政诉讼共1件。", 0, 1),  # the combined total
    ("本年度发生政府信息公开行政复议、行政诉讼共2件。", 1, 1),
    ("本年度共有行政诉讼案件1件、行政复议案件1件。", 1, 1),
    ("本年度收到行政复议申请1件，被提起行政诉讼1件。", 1, 1),
    ("本年度未发生政府信息公开行政复议、行政诉讼案件。", 0, 0),
])
def test_gx502_does_not_misread(sentence, review, direct):
    assert _ids(_disputes(sentence, review, direct), "GX502") == []


@pytest.mark.parametrize("sentence, review, direct", [
    ("本年度未发生政府信息公开行政复议、行政诉讼案件。", 1, 0),
    ("本年度发生政府信息公开行政复议、行政诉讼共1件。", 1, 1),
    ("本年度被申请行政复议2件。", 1, 0),
    ("本年度收到政府信息公开行政复议申请2件。", 1, 0),
    ("本年度发生行政诉讼1件。", 1, 0),
])
def test_gx502_reports_a_real_disagreement(sentence, review, direct):
    assert _ids(_disputes(sentence, review, direct), "GX502") == ["GX502"]


# --- GX503 ----------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, expected", [
    ("本年度共承办人大代表建议和政协提案10件，其中人大代表建议6件、政协提案4件。", []),
    ("本年度共承办人大代表建议和政协提案10件，其中人大代表建议6件、政协提案3件。", ["GX503"]),
    ("本年度共办理人大建议、政协提案12件，其中人大建议5件，政协提案6件。", ["GX503"]),
    ("共收到建议、提案10件，其中人大建议4件、政协提案5件、群众来信1件。", []),  # not exhaustive
    ("共收到建议、提案65件，其中人大建议25件、政协提案40件。", []),
])
def test_gx503_totals_over_exhaustive_parts(sentence, expected):
    assert _ids(f"六、其他需要报告的事项\n{sentence}\n", "GX503") == expected


# --- GX104, GX105 ---------------------------------------------------------------------------

@pytest.mark.parametrize("title, expected", [
    ("2023年青禾市政府信息公开工作年度报告", []),
    ("2023年度青禾县人民政府政府信息公开工作年度报告", []),
    ("青禾县文化和旅游局2023年政府信息公开工作年度报告", []),
    ("2023年政府信息公开工作年度报告", ["GX104"]),
    ("2023年度政府信息公开工作年度报告", ["GX104"]),
    ("青禾县文化和旅游局2023年政府信息公开年度报告", ["GX104"]),
])
def test_gx104_titles(title, expected):
    assert _ids(f"{title}\n一、总体情况\n", "GX104") == expected


def test_gx105_accepts_the_templates_synonyms():
    overview = ("一、总体情况\n（一）主动公开情况\n主动公开政府信息120条。\n（二）依申请公开情况\n"
                "收到申请3件。\n（三）信息管理情况\n落实先审后发。\n（四）公开载体建设\n优化专栏。\n"
                "（五）监督考核情况\n纳入年度绩效评价。\n")
    assert _ids(overview, "GX105") == []
    assert _ids(overview.replace("（五）监督考核情况", "（五）组织保障"), "GX105") == []
    assert _ids(overview.replace("（五）监督考核情况\n", ""), "GX105") == ["GX105"]


def test_gx105_is_not_asked_of_the_2019_template():
    assert _ids("一、总体情况\n本年主动公开政府信息120条。\n", "GX105", profile="gov-2019") == []


# --- GX108 ----------------------------------------------------------------------------------

def _government(agency: str, overview: str) -> str:
    return f"{agency}2023年政府信息公开工作年度报告\n一、总体情况\n{overview}\n六、其他需要报告的事项\n本年度未收取信息处理费。\n"


@pytest.mark.parametrize("agency, overview, expected", [
    ("青禾县人民政府", "将政务公开纳入年度绩效考核。", ["GX108"]),
    ("青禾镇人民政府", "将政务公开纳入年度绩效考核。", ["GX108"]),
    ("青禾县人民政府", "将政务公开纳入年度考评，开展群众评议，全年未发生问责情况。", []),
    ("青禾县人民政府", "将政务公开纳入绩效考核，组织社会评议，未发生责任追究情况。", []),
    ("青禾县文化和旅游局", "将政务公开纳入年度绩效考核。", []),  # departments: not asked
])
def test_gx108_governments_only(agency, overview, expected):
    assert _ids(_government(agency, overview), "GX108") == expected


def test_gx108_names_what_is_missing_once():
    (finding,) = _findings(_government("青禾县人民政府", "做好政务公开。"), "GX108")
    assert "工作考核" in finding.message and "社会评议" in finding.message and "责任追究" in finding.message


# --- GX111, GX109 ---------------------------------------------------------------------------

def test_gx109_empty_or_only_none_and_no_second_finding():
    text = "五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无\n"
    findings = _findings(text, "GX111", "GX109", "GX601")
    assert [(f.rule_id, f.severity) for f in findings] == [("GX109", "warning"), ("GX109", "warning")]
    assert _ids("五、存在的主要问题及改进情况\n六、其他需要报告的事项\n本年度未收取信息处理费。\n",
                "GX109") == ["GX109"]
    assert _ids("六、其他需要报告的事项\n本年度无其他需要报告的事项。\n", "GX109", "GX601") == ["GX109"]
    assert _ids("六、其他需要报告的事项\n本年度未收取信息处理费，无其他需要报告的事项。\n", "GX109", "GX601") == []


@pytest.mark.parametrize("body, expected", [
    ("部分栏目信息更新不够及时，工作人员业务能力有待加强。", ["GX111"]),
    ("部分栏目信息更新不够及时。下一步，将建立栏目更新台账。", []),
    ("部分栏目信息更新不够及时。我局将进一步完善信息发布机制。", []),
    ("一是栏目更新不及时。二是加强业务培训，健全检查机制。", []),
])
def test_gx106_problems_without_improvement_is_info(body, expected):
    findings = _findings(f"五、存在的主要问题及改进情况\n{body}\n", "GX111")
    assert [f.rule_id for f in findings] == expected
    assert all(f.severity == "info" for f in findings)


# --- GX307 ----------------------------------------------------------------------------------

@pytest.mark.parametrize("year, basis, expected", [
    (2023, "国办公开办函〔2019〕60号", ["GX307"]),
    (2022, "《中华人民共和国政府信息公开工作年度报告格式（试行）》", ["GX307"]),
    (2021, "国办公开办函[2019]60号", ["GX307"]),
    (2020, "国办公开办函〔2019〕60号", []),  # the template of its time
    (2023, "国办公开办函〔2021〕30号", []),
])
def test_gx307_outdated_basis(year, basis, expected):
    text = f"青禾县文化和旅游局{year}年政府信息公开工作年度报告\n本报告根据{basis}的要求编制。\n"
    assert _ids(text, "GX307") == expected


# --- GX308 ----------------------------------------------------------------------------------

def _fees(cell: str, sentence: str = "") -> str:
    return (f"二、主动公开政府信息情况\n{sentence}\n第二十条第（八）项\n"
            f"信息内容 | 本年收费金额（单位：万元） |\n行政事业性收费 | {cell} |\n")


@pytest.mark.parametrize("cell, sentence, expected", [
    ("3500元", "", ["GX308"]),
    ("3500", "本年度收取行政事业性收费3500元。", ["GX308"]),  # 3,500 万元 in the table
    ("0.35", "本年度收取行政事业性收费3500元。", []),
    ("0.35", "本年度收取行政事业性收费0.35万元。", []),
    ("0.35", "本年度收取行政事业性收费3456元。", []),  # rounds to the table's figure
    ("12", "本年度收取行政事业性收费123000元。", []),
    ("0.34", "本年度收取行政事业性收费3600元。", ["GX308"]),
    ("0.35", "本年度落实行政事业性收费减免政策，减免3500元。", []),
    ("0.35", "本年度行政事业性收费减免1200元。", []),
    ("12.5", "", []),
])
def test_gx308_units(cell, sentence, expected):
    assert _ids(_fees(cell, sentence), "GX308") == expected


def test_gx308_says_what_the_amount_means():
    (finding,) = _findings(_fees("3500元"), "GX308")
    assert "3500元" in finding.message and "0.35万元" in finding.message


# --- the 2019 template ---------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("year", [2019, 2020])
def test_a_consistent_2019_template_report_gives_no_finding(seed, year):
    spec = generate(seed, profile="gov-2019", year=year)
    for layout in ("tabs", "pipes"):
        text = render(spec, layout)
        assert _findings(text, profile="gov-2019") == []
        assert _findings(text) == []  # detected as the 2019 template


def test_2019_fees_row_has_no_decisions_column():
    spec = generate(1, profile="gov-2019", year=2020)
    text = render(spec, "pipes")
    row = next(line for line in text.splitlines() if line.startswith("行政事业性收费"))
    assert len([c for c in row.split("|")[1:] if c.strip()]) == 2  # 上一年项目数量 · 本年增/减
    assert "t2.fees.decisions" not in spec.values


# --- messages a civil servant reads at once ------------------------------------------------

def test_template_names_not_profile_ids():
    spec = generate(3, profile="gov-2019", year=2023)
    for lang, words in (("zh", "2019年版格式（国办公开办函〔2019〕60号）"), ("en", "the 2019 template")):
        (finding,) = _findings(render(spec, "tabs"), "GX306", lang=lang)
        assert words in finding.message and "gov-20" not in finding.message


def test_dates_and_years_as_written():
    text = ("青禾县文化和旅游局2021年政府信息公开工作年度报告\n"
            "本报告中所列数据的统计期限自2020年1月1日起至2020年12月31日止。\n")
    gx202 = _findings(text, "GX202")[0].message
    assert "2020年1月1日至2020年12月31日" in gx202 and "-" not in gx202
    gx203 = _findings(text, "GX203")[0].message
    assert "标题年度（2021年）" in gx203 and "统计期限（2020年1月1日至2020年12月31日）" in gx203
    assert "?" not in gx203 and "落款" not in gx203
    gx201 = _findings("青禾县文化和旅游局2021年政府信息公开工作年度报告\n一、总体情况\n", "GX201")[0].message
    assert "2021年1月1日" in gx201 and "2023" not in gx201


def test_section_heading_and_severity_words():
    text = "二、行政机关主动公开政府信息情况\n"
    findings = _findings(text, "GX103")
    assert findings[0].message.startswith("第二部分标题")
    from lint.findings import FileResult

    line = format_text([FileResult("r.txt", findings)], "zh").splitlines()[0]
    assert " GX103 提示 " in line
    assert " GX103 info " in format_text([FileResult("r.txt", findings)], "en")


def test_english_messages_use_labels_and_plurals():
    text = ("二、主动公开政府信息情况\n第二十条第（五）项\n信息内容 | 本年处理决定数量 |\n行政许可 | / |\n")
    messages = [f.message for f in _findings(text, "GX302", "GX304", lang="en")]
    assert messages and not any("t2." in m or "t3." in m or "t4." in m for m in messages)
    gx304 = next(m for m in messages if "not a number" in m)
    assert "1 cell that is not a number" in gx304 and "行政许可" in gx304


def test_suppression_rules_say_ignore_comment():
    assert "忽略检查注释" in RULES["GX901"].message["zh"] and "抑制注释" not in RULES["GX901"].summary["zh"]


# --- precise on the real reports and the seeds ---------------------------------------------

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "real"
# The rules of issue 16 that read prose: on the development set, only what a reviewer signs.
# (GX104 on a wrapped title and GX105 in a report whose sections moved depend on how the title
# and the sections are found, not on these rules' wordings: the seeds test them.)
PROSE_RULES = ("GX111", "GX108", "GX109", "GX307", "GX308", "GX501", "GX502", "GX503")
EXPECTED_REAL = {
    # 洪泽区人民政府 is a government; its report nowhere mentions 考核, 评议 or 追究.
    "hongze-2023.pdf": ["GX108"],
    "shuyang-fgj-2023.html": [],
    "shanghai-kewei-2024.md": [],
    # Its 2021 text covers 考核 and a third-party evaluation, but no 责任追究 result.
    "pingtan-2021.txt": ["GX108"],
    "pingtan-2022.txt": [],
}


def _real_files() -> list[Path]:
    return sorted(p for p in REAL.glob("*") if p.name in EXPECTED_REAL) if REAL.is_dir() else []


@pytest.mark.parametrize("path", _real_files(), ids=lambda p: p.name)
def test_prose_rules_on_real_reports(path):
    from lint.engine import lint_file

    result = lint_file(path, [RULES[r] for r in PROSE_RULES], Options())
    assert result.error is None
    assert sorted(f.rule_id for f in result.findings) == EXPECTED_REAL[path.name], \
        [f.message for f in result.findings]


def test_prose_rules_on_the_seeds(seeds):
    from lint.engine import lint_file

    for path in seeds:
        findings = lint_file(path, [RULES[r] for r in (*PROSE_RULES, "GX104", "GX105")], Options()).findings
        assert findings == [], (path.name, [f.message for f in findings])


# --- the new check parameters are validated when a pack is loaded ---------------------------

PACK = """\
rules:
  - id: TM951
    name: custom-check
    severity: warning
    summary: {zh: 摘要, en: summary}
    description: {zh: 说明, en: description}
    basis: 测试
    message: {zh: "{item}", en: "{item}"}
    check:
      kind: pattern
      scope: overview
      for_each: {var: item, in: [监督保障]}
      synonyms: {监督保障: [监督考核]}
      require_any: ['{item}']
    examples: {bad: x, good: y}
"""


@pytest.mark.parametrize("change, words", [
    (("synonyms: {监督保障: [监督考核]}", "synonyms: {平台建设: [公开载体]}"), "not one of for_each's items"),
    (("synonyms: {监督保障: [监督考核]}", "synonyms: {监督保障: ['监督(']}"), "does not compile"),
    (("      require_any: ['{item}']\n", ""), "require_any"),
    (("kind: pattern", "kind: pattern\n      issuers: [county]"), "county"),
])
def test_new_pattern_parameters_are_checked_at_load(tmp_path, change, words):
    from lint.rulepack import RuleLoadError, load_pack

    path = tmp_path / "custom.yaml"
    path.write_text(PACK, encoding="utf-8")
    assert load_pack(path)[0].id == "TM951"
    path.write_text(PACK.replace(*change), encoding="utf-8")
    with pytest.raises(RuleLoadError) as info:
        load_pack(path)
    assert words in str(info.value) and str(path) in str(info.value)


def test_a_unit_check_needs_its_groups_and_cells(tmp_path):
    from lint.rulepack import RuleLoadError, load_pack

    unit = PACK.replace('{zh: "{item}", en: "{item}"}', '{zh: "{cell}：{detail}", en: "{cell}: {detail}"}').replace(
        """      kind: pattern
      scope: overview
      for_each: {var: item, in: [监督保障]}
      synonyms: {监督保障: [监督考核]}
      require_any: ['{item}']""", """      kind: unit
      cells: [t2.fees.amount]
      cell_unit: '(?P<unit>万元|元)'
      scale: {元: 1, 万元: 10000}""")
    path = tmp_path / "unit.yaml"
    path.write_text(unit, encoding="utf-8")
    assert load_pack(path)[0].kind == "unit"
    for old, new, words in (("(?P<unit>万元|元)", "(万元|元)", "(?P<unit>"),
                            ("t2.fees.amount", "t2.fees.total", "names no cell")):
        path.write_text(unit.replace(old, new), encoding="utf-8")
        with pytest.raises(RuleLoadError) as info:
            load_pack(path)
        assert words in str(info.value)


# --- properties -----------------------------------------------------------------------------

@settings(max_examples=40, deadline=None)
@given(yuan=st.integers(min_value=100, max_value=10_000_000))
def test_gx308_yuan_in_the_text_against_the_wan_yuan_cell(yuan):
    sentence = f"本年度收取行政事业性收费{yuan}元。"
    wan = (Decimal(yuan) / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert _ids(_fees(str(wan), sentence), "GX308") == []  # converted and rounded: agrees
    assert _ids(_fees(str(yuan), sentence), "GX308") == ["GX308"]  # 元 written as 万元
    assert _ids(_fees(f"{yuan}元", sentence), "GX308") == ["GX308"]  # one finding: the cell


@settings(max_examples=40, deadline=None)
@given(total=st.integers(min_value=2, max_value=500), data=st.data())
def test_gx501_a_channel_or_carried_over_count_is_never_the_total(total, data):
    part = data.draw(st.integers(min_value=1, max_value=total - 1))
    channel = data.draw(st.sampled_from(["网站", "信函", "当面", "电子邮件", "政府网站在线申请系统"]))
    for sentence in (f"其中，通过{channel}收到政府信息公开申请{part}件。",
                     f"本年度共受理政府信息公开申请{total + part}件（含上年结转{part}件）。"):
        assert _ids(_applications(sentence, total), "GX501") == []
    assert _ids(_applications(f"本年度共收到政府信息公开申请{total + part}件。", total), "GX501") == ["GX501"]
