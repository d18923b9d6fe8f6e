"""The rule catalogue: every rule's own examples, the seeds' exact findings, load errors."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from lint.crossyear import check_pair, year_facts
from lint.engine import Options, lint_file, lint_text
from lint.pipeline import parse_text
from lint.rulepack import RuleLoadError, load_pack, load_rules
from tests.conftest import seed_files

RULES = load_rules(use_cache=False)
CATALOGUE = ["GX100", "GX101", "GX102", "GX103", "GX104", "GX105", "GX106", "GX107", "GX108", "GX109", "GX110", "GX111",
             "GX201", "GX202", "GX203", "GX204", "GX205", "GX301", "GX302", "GX303", "GX304", "GX305", "GX306",
             "GX307", "GX308", "GX309", "GX310", "GX311", "GX312", "GX401", "GX402", "GX403",
             "GX404", "GX405", "GX501", "GX502", "GX503", "GX601", "GX701", "GX702", "GX703", "GX801", "GX802",
             "GX901", "GX902", "GX903"]


def test_catalogue_is_complete():
    assert [r.id for r in RULES] == CATALOGUE


def _facts(text: str, path: str, rules: list, options: Options):
    report = parse_text(text, path, profile=options.profile)
    return year_facts(report, None, rules)


def _lint_example(rule, key: str, options: Options) -> list:
    """Lint one of the rule's examples; a cross-year rule's example is the current year's
    report, paired with the rule's ``previous`` example."""
    text, path = rule.examples[key], f"{key}.txt"
    if rule.kind not in ("cross-year", "text-repeated"):
        return lint_text(text, path, [rule], options)
    previous = _facts(rule.examples["previous"], "previous.txt", [rule], options)
    current = _facts(text, path, [rule], options)
    return check_pair(current, previous, [rule], options)


# Suppression rules judge comments and baselines; tests/test_suppress.py runs their examples.
# GX311's examples are pages of a PDF; tests/test_pdf_images.py builds and runs them. GX312's
# mark pictures (［图片］), which lint/ruletest.py places as a reader would: run below.
@pytest.mark.parametrize("rule", [r for r in RULES
                                  if r.kind not in ("suppression", "unread-pages", "table-picture")],
                         ids=lambda r: r.id)
def test_bad_example_fails_and_good_example_passes(rule):
    profile = rule.examples.get("profile")
    options = Options(profile=profile)
    bad = _lint_example(rule, "bad", options)
    good = _lint_example(rule, "good", options)
    assert [f.rule_id for f in bad], f"{rule.id}'s bad example raises nothing"
    assert good == [], f"{rule.id}'s good example raises {[f.message for f in good]}"


def _more_examples(kind: str) -> list:
    return [pytest.param(rule, text, id=f"{rule.id}-{i}") for rule in RULES
            for i, text in enumerate(rule.examples.get(kind, ()))]


@pytest.mark.parametrize("rule, text", _more_examples("also_bad"))
def test_every_further_bad_example_fails(rule, text):
    findings = lint_text(text, "bad.txt", [rule], Options(profile=rule.examples.get("profile")))
    assert [f.rule_id for f in findings] == [rule.id], text


@pytest.mark.parametrize("rule, text", _more_examples("also_good"))
def test_every_further_good_example_passes(rule, text):
    findings = lint_text(text, "good.txt", [rule], Options(profile=rule.examples.get("profile")))
    assert findings == [], [f.message for f in findings]


def _wordings() -> list:
    return [pytest.param(rule, i, w, id=f"{rule.id}-{i}") for rule in RULES
            for i, w in enumerate(rule.check.get("wordings", ()))]


@pytest.mark.parametrize("rule, index, wording", _wordings())
def test_each_wording_is_needed_and_its_example_passes(rule, index, wording):
    """A wording's example is read by that wording (none before it), and passes the rule."""
    from lint.facts import period_wordings

    first = next(i for i, r in enumerate(period_wordings()) if r.search(wording["example"]))
    assert first == index
    assert lint_text(wording["example"], "good.txt", [rule], Options()) == []


EXPECTED_SEEDS = {"000": ["GX303", "GX304"], "001": ["GX303"], "002": ["GX201"], "003": [], "004": []}


@pytest.mark.parametrize("path", seed_files(), ids=lambda p: p.name[:3])
def test_seed_findings_at_warning_or_above(path):
    result = lint_file(path, RULES, Options())
    found = sorted(f.rule_id for f in result.findings if f.severity != "info")
    assert found == EXPECTED_SEEDS[path.name[:3]]


def test_seed_messages_say_what_is_wrong(seeds):
    by_name = {p.name[:3]: p for p in seeds}
    findings = lint_file(by_name["000"], RULES, Options()).findings
    gx303 = next(f for f in findings if f.rule_id == "GX303")
    assert "规范性文件" in gx303.message and "行政规范性文件" in gx303.message
    gx304 = [f for f in findings if f.rule_id == "GX304"]
    assert len(gx304) == 1 and len(gx304[0].cells) == 5
    assert all(c.startswith("t4.review.") for c in gx304[0].cells)
    assert not any(f.rule_id.startswith("GX4") for f in findings)
    findings = lint_file(by_name["001"], RULES, Options(lang="en")).findings
    assert any("本年度止件数" in f.message and "本年废止件数" in f.message for f in findings)


# --- load errors name the file and the line ------------------------------------------------

GOOD_RULE = """\
rules:
  - id: TM901
    name: custom-check
    severity: warning
    summary: {zh: 摘要, en: summary}
    description: {zh: 说明, en: description}
    basis: 测试
    message: {zh: "表三“{col_label}”列不平衡", en: "column {col} does not balance"}
    check:
      kind: assert
      for_each: {var: col, over: columns, table: t3}
      expr: t3.new.{col} <= t3.total.{col} + t3.carried_forward.{col}
    examples: {bad: x, good: y}
"""


def _pack(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "custom.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_valid_custom_pack_loads(tmp_path):
    (rule,) = load_pack(_pack(tmp_path, GOOD_RULE))
    assert rule.id == "TM901" and rule.kind == "assert"


@pytest.mark.parametrize("change, line, words", [
    (("    basis: 测试\n", "    basis: 测试\n    colour: red\n"), 8, "colour"),
    (("expr: t3.new.{col} <=", "expr: t3.new.{col} <= ("), 12, "does not parse"),
    (("expr: t3.new.{col}", "expr: t3.newest.{col}"), 12, "names no cell"),
    (("over: columns, table: t3", "over: columns, table: t9"), 11, "unknown table"),
    (("{col_label}", "{colour}"), 8, "unknown placeholder"),
    (("severity: warning", "severity: fatal"), 4, "fatal"),
])
def test_load_errors_name_file_and_line(tmp_path, change, line, words):
    path = _pack(tmp_path, GOOD_RULE.replace(*change))
    with pytest.raises(RuleLoadError) as info:
        load_pack(path)
    assert info.value.path == str(path)
    assert info.value.line == line, str(info.value)
    assert words in str(info.value)


def test_a_regex_that_does_not_compile_is_a_load_error(tmp_path):
    text = GOOD_RULE.replace("""      kind: assert
      for_each: {var: col, over: columns, table: t3}
      expr: t3.new.{col} <= t3.total.{col} + t3.carried_forward.{col}""", """      kind: pattern
      scope: other
      require_any: ['信息处理费(']""").replace("{col_label}", "{item}").replace("{col}", "{scope}")
    with pytest.raises(RuleLoadError) as info:
        load_pack(_pack(tmp_path, text))
    assert "does not compile" in str(info.value) and info.value.line == 12


CROSS_YEAR_RULE = GOOD_RULE.replace("kind: assert", "kind: cross-year").replace(
    "expr: t3.new.{col} <= t3.total.{col} + t3.carried_forward.{col}",
    "expr: t3.carried_over.{col} == prev.t3.carried_forward.{col}")


def test_a_cross_year_pack_loads_and_checks_its_prev_cells(tmp_path):
    (rule,) = load_pack(_pack(tmp_path, CROSS_YEAR_RULE))
    assert rule.kind == "cross-year"
    with pytest.raises(RuleLoadError) as info:
        load_pack(_pack(tmp_path, CROSS_YEAR_RULE.replace("prev.t3.carried_forward", "prev.t3.carried_back")))
    assert "names no cell" in str(info.value) and info.value.line == 12
    with pytest.raises(RuleLoadError) as info:
        load_pack(_pack(tmp_path, CROSS_YEAR_RULE.replace("prev.t3.carried_forward", "t3.carried_forward")))
    assert "must read the previous report" in str(info.value)
    with pytest.raises(RuleLoadError) as info:  # prev. cells mean nothing to a one-report rule
        load_pack(_pack(tmp_path, GOOD_RULE.replace("t3.total.{col}", "prev.t3.total.{col}")))
    assert "names no cell" in str(info.value)


def test_table_picture_examples_fire_and_pass():
    from lint.ruletest import run_rule

    rule = next(r for r in RULES if r.kind == "table-picture")
    outcomes = run_rule(rule, RULES)
    assert [(o.key, o.passed) for o in outcomes] == [("bad", True), ("good", True)], outcomes
    assert "表三" not in outcomes[0].messages[0] and "表二" in outcomes[0].messages[0]
