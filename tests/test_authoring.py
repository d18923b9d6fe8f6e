"""Rule authoring as a documented, tested path (issue 14 §5): docs/rule-authoring.md is true
(its generated parts current, every kind described, its worked example builds and runs), team
packs keep their own id prefix, a rule whose examples fail cannot load, `gxlint test-rules`
reports like a test runner, a bad pack is told once a run."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from lint.cli import main
from lint.config import clear_cache
from lint.formatters import authoring
from lint.rulepack import RuleLoadError, load_rules
from lint.ruletest import run_rule
from tests.generate import generate, render
from tests.teampack import PACK

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "rule-authoring.md"
BUILT_IN = len(load_rules())  # test-rules runs the examples of every built-in rule


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(autouse=True)
def _fresh(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    clear_cache()
    yield
    clear_cache()


# --- the page is true ---------------------------------------------------------------------


def test_generated_parts_are_current():
    text = DOC.read_text(encoding="utf-8")
    parts = authoring.parts(text)
    assert set(parts) == set(authoring.PARTS)
    assert text == authoring.render(text), \
        "docs/rule-authoring.md is out of date: python -m lint.formatters.authoring docs/rule-authoring.md"


def test_every_kind_and_every_cell_key_is_documented():
    text = DOC.read_text(encoding="utf-8")
    kinds = authoring.kinds()
    from lint.checks import KINDS

    assert set(kinds) == set(KINDS)
    headings = set(re.findall(r"^#### `([a-z-]+)`$", text, re.M))
    assert headings == set(kinds)
    from lint.profiles import load_profiles

    cells = authoring.parts(text)["cells"]
    for profile in load_profiles().values():
        for spec in profile.cells.values():
            assert f"`{spec.row.key or spec.column.key.rpartition('.')[2]}`" in cells


def _worked_example() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    return dict(re.findall(r"<!-- example: ([^>]+?) -->\n```[a-z]*\n(.*?)```", text, re.S))


def _build(tmp_path: Path) -> dict[str, str]:
    blocks = _worked_example()
    for name, body in blocks.items():
        if "/" in name or name.startswith("."):
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name).write_text(body, encoding="utf-8")
    return blocks


def test_the_worked_example_builds_and_runs(tmp_path):
    blocks = _build(tmp_path)
    code, out, _ = run("test-rules", "team-rules")
    assert code == 0, out
    shown = blocks["test-rules output"].strip().splitlines()
    assert out.strip().splitlines()[-len(shown):] == shown
    # In the project its rules run with the others and select by prefix.
    report = tmp_path / "reports" / "r.txt"
    report.parent.mkdir()
    text = render(generate(3))
    assert "咨询电话" not in text and "XXX" not in text
    report.write_text(text, encoding="utf-8")
    code, out, _ = run("--select", "TM", str(report))
    assert code == 0 and " TM101 警告 “其他需要报告的事项”未写明咨询电话" in out and "TM102" not in out
    report.write_text(text.replace("六、其他需要报告的事项\n", "六、其他需要报告的事项\n咨询电话：0000-7654321。\n")
                      .replace("一、总体情况\n", "一、总体情况\n待补充。\n"), encoding="utf-8")
    code, out, _ = run("--select", "TM", str(report))
    assert code == 1 and "TM101" not in out and " TM102 错误 报告中留有起草标记“待补充”" in out
    assert "TM101" in run("rules")[1] and "Our office asks" in run("rule", "TM101", "--lang", "en")[1]


def test_the_worked_example_refused_as_the_page_says(tmp_path):
    blocks = _build(tmp_path)
    pack = tmp_path / "team-rules" / "office.yaml"
    pack.write_text(blocks["team-rules/office.yaml"].replace("(?:咨询|联系)电话", "信息处理费"), encoding="utf-8")
    report = tmp_path / "r.txt"
    report.write_text(render(generate(3)), encoding="utf-8")
    code, out, _ = run(str(report))
    assert code == 2 and "team-rules/office.yaml:3: rule TM101: its bad example does not make it fire" in out
    code, out, _ = run("test-rules")  # the configuration's rule-dirs
    assert code == 1 and "未通过 TM101 enquiry-phone" in out and f"{BUILT_IN + 1} 条规则通过，1 条未通过" in out


# --- ids and names ----------------------------------------------------------------------------


def _team(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "team"
    folder.mkdir(exist_ok=True)
    (folder / "p.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


@pytest.mark.parametrize("change, line, words", [
    (("id: TM101", "id: GX990"), 2, "GX ids are gxlint's own"),
    (("id: TM101", "id: tm101"), 2, "does not match"),
    (("id: TM101", "id: TM"), 2, "does not match"),
    (("name: enquiry-phone", "name: fee-disclosure-missing"), 2, "the name 'fee-disclosure-missing' is taken (by GX601"),
])
def test_team_ids_and_names_stay_clear_of_the_built_in_ones(tmp_path, change, line, words):
    folder = _team(tmp_path, PACK.replace(*change))
    with pytest.raises(RuleLoadError) as info:
        load_rules(extra_dirs=[folder], use_cache=False)
    assert info.value.path == str(folder / "p.yaml") and info.value.line == line
    assert words in str(info.value)


def test_the_built_in_packs_keep_gx(tmp_path):
    assert all(re.fullmatch(r"GX\d{3}", r.id) for r in load_rules())
    from lint.rulepack import _check_prefix

    with pytest.raises(RuleLoadError, match="GX and three digits"):
        _check_prefix("TM101", True, "rules/x.yaml", 2)


def test_two_team_packs_cannot_share_an_id_or_a_name(tmp_path):
    folder = _team(tmp_path, PACK)
    (folder / "q.yaml").write_text(PACK.replace("TM101", "TM102"), encoding="utf-8")
    with pytest.raises(RuleLoadError, match="is taken"):
        load_rules(extra_dirs=[folder], use_cache=False)


# --- examples -------------------------------------------------------------------------------


@pytest.mark.parametrize("change, words", [
    (("require_any: ['咨询电话']", "require_any: ['咨询热线']"), "its good example"),  # fires on good
    (("require_any: ['咨询电话']", "require_any: ['本机关']"), "its bad example does not make it fire"),
])
def test_a_rule_whose_examples_fail_cannot_load(tmp_path, change, words):
    folder = _team(tmp_path, PACK.replace(*change))
    from lint import ruletest

    with pytest.raises(RuleLoadError) as info:
        load_rules(extra_dirs=[folder], use_cache=False, verify=ruletest.verify)
    assert info.value.path == str(folder / "p.yaml") and info.value.line == 2
    assert "rule TM101: " in str(info.value) and words in str(info.value)


def test_the_verdict_is_cached_with_the_pack(tmp_path, monkeypatch):
    """A second run (a fresh process: nothing in memory) reads the verdict, running no example."""
    from lint import rulepack, ruletest

    folder = _team(tmp_path, PACK)
    calls = []

    def counting(rules):
        calls.append(1)
        ruletest.verify(rules)

    for _ in range(2):
        rulepack._loaded.clear()
        load_rules(extra_dirs=[folder], verify=counting, verify_key=ruletest.code_key())
    assert calls == [1]
    (folder / "p.yaml").write_text(PACK.replace("require_any: ['咨询电话']", "require_any: ['本机关']"),
                                   encoding="utf-8")
    for _ in range(2):  # a refusal is kept as well
        rulepack._loaded.clear()
        with pytest.raises(RuleLoadError, match="does not make it fire"):
            load_rules(extra_dirs=[folder], verify=counting, verify_key=ruletest.code_key())
    assert calls == [1, 1]


def test_every_built_in_rule_passes_its_examples():
    rules = load_rules()
    failed = [(o.rule.id, o.key) for r in rules for o in run_rule(r, rules) if not o.passed]
    assert failed == []


def test_examples_of_every_kind_are_run(tmp_path):
    """The kinds that do not read report text still have their examples judged: swapping a
    built-in rule's bad and good examples makes it fail."""
    from copy import copy

    rules = load_rules()
    for rule_id in ("GX311", "GX312", "GX901", "GX902", "GX903", "GX701"):
        rule = next(r for r in rules if r.id == rule_id)
        swapped = copy(rule)  # pickling's state: nothing compiled from the original comes along
        swapped.examples = {**rule.examples, "bad": rule.examples["good"], "good": rule.examples["bad"]}
        outcomes = run_rule(swapped, rules)
        assert [o.passed for o in outcomes[:2]] == [False, False], rule_id


# --- gxlint test-rules ----------------------------------------------------------------------


def test_test_rules_reports_like_a_test_runner(tmp_path):
    code, out, _ = run("test-rules", "--lang", "en")
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0].startswith("PASS GX100 not-an-annual-report (")
    assert re.fullmatch(rf"{BUILT_IN} rules passed, 0 failed \(\d+ examples\)", lines[-1])
    folder = _team(tmp_path, PACK.replace("require_any: ['咨询电话']", "require_any: ['本机关|咨询电话']"))
    code, out, _ = run("test-rules", "-v", "--lang", "en", str(folder))
    assert code == 1
    assert "FAIL TM101 enquiry-phone (2 examples)\n     bad: failed — its bad example does not make it fire\n" \
           "     good: ok\n     defined at " in out
    assert f"{BUILT_IN} rules passed, 1 failed" in out


def test_test_rules_on_a_pack_that_does_not_load(tmp_path):
    folder = _team(tmp_path, PACK.replace("scope: other", "scope: elsewhere"))
    code, _, err = run("test-rules", str(folder))
    assert code == 2 and "p.yaml:9: rule TM101: unknown scope 'elsewhere'" in err
    assert run("test-rules", str(tmp_path / "nowhere"))[0] == 2
    (tmp_path / "empty").mkdir()
    code, _, err = run("test-rules", str(tmp_path / "empty"))
    assert code == 0 and "empty holds no rule pack (*.yaml)" in err


def test_a_bad_pack_is_told_once_a_run(tmp_path):
    folder = _team(tmp_path, PACK.replace("require_any: ['咨询电话']", "require_any: ['本机关']"))
    (tmp_path / ".gxlint.toml").write_text(f'rule-dirs = ["{folder.name}"]\n', encoding="utf-8")
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(render(generate(2)), encoding="utf-8")
    code, out, err = run("--lang", "en", "a.txt", "b.txt", "c.txt")
    assert code == 2
    assert (out + err).count("does not make it fire") == 1
    assert "b.txt: error: not linted: the configuration error told for a.txt" in out
    assert "c.txt: error: not linted: the configuration error told for a.txt" in out


def test_team_codes_select_and_suppress(tmp_path):
    folder = _team(tmp_path, PACK)
    (tmp_path / ".gxlint.toml").write_text('rule-dirs = ["team"]\nextend-select = ["TM1"]\n'
                                           'select = ["GX6"]\n', encoding="utf-8")
    text = render(generate(3))
    (tmp_path / "r.md").write_text(text, encoding="utf-8")
    code, out, _ = run("r.md")
    assert "TM101" in out and all(" GX6" in line or " TM1" in line for line in out.splitlines()[:-1])
    assert folder.is_dir()


def test_a_table_example_as_the_page_shows_it(tmp_path):
    """The page's table example makes a team `assert` rule fire; with 总计 5 it passes."""
    text = DOC.read_text(encoding="utf-8")
    bad = re.search(r"      bad: \|\n((?:        .*\n)+)```", text).group(1)
    good = bad.replace("（七）总计 | 4 | 0 | 0 | 0 | 0 | 0 | 4 |", "（七）总计 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |")
    assert good != bad
    pack = PACK.replace("check: {kind: pattern, scope: other, require_any: ['咨询电话']}",
                        "check: {kind: assert, expr: 't3.total.total + t3.carried_forward.total == "
                        "t3.new.total + t3.carried_over.total'}")
    pack = re.sub(r"      bad: .*\n      good: .*\n", "      bad: |\n" + bad + "      good: |\n" + good, pack)
    folder = _team(tmp_path, pack)
    from lint import ruletest

    (rule,) = [r for r in load_rules(extra_dirs=[folder], use_cache=False, verify=ruletest.verify)
               if r.id == "TM101"]
    assert [o.passed for o in run_rule(rule, [rule])] == [True, True]
