"""GX703 (text repeated from last year's report) on generated series in every layout, and the
shingle facts it keeps."""

from __future__ import annotations

import copy

import pytest
from click.testing import CliRunner

from lint.cli import main
from lint.crossyear import check_pair, year_facts
from lint.engine import Options
from lint.pipeline import parse_text
from lint.rulepack import load_rules
from tests.generate import LAYOUTS, generate_series, render

RULES = load_rules(use_cache=False)
GX703 = [r for r in RULES if r.id == "GX703"]


def _facts(spec, layout, path):
    text = render(spec, layout)
    return year_facts(parse_text(text, path + (".md" if layout == "markdown" else ".txt")), None, GX703)


def _copied_forward(prev, cur):
    """This year's 一 and 五 are last year's, the year changed: what evaluators find."""
    faulty = copy.deepcopy(cur)
    for key in ("overview", "problems"):
        faulty.section(key).body = copy.deepcopy(prev.section(key).body)
    return faulty


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("seed", [1, 4, 9])
def test_consistent_series_repeat_nothing_and_copies_are_found(seed, layout):
    prev, cur = generate_series(seed, years=2, first_year=2022)
    before = _facts(prev, layout, "prev")
    assert check_pair(_facts(cur, layout, "cur"), before, GX703, Options()) == []
    found = check_pair(_facts(_copied_forward(prev, cur), layout, "cur"), before, GX703, Options())
    assert [f.rule_id for f in found] == ["GX703"]
    assert "第五部分" in found[0].message and "%" in found[0].message and "上年报告" in found[0].message


def test_prose_facts_are_small():
    prev, cur = generate_series(3, years=2, first_year=2023)
    facts = _facts(cur, "tabs", "cur")
    import pickle
    assert 0 < len(pickle.dumps(facts.prose)) < 8000


def test_boilerplate_alone_is_no_repeat():
    # Two years whose only shared sentences are the template's: preface, period, contact.
    prev, cur = generate_series(6, years=2, first_year=2022)
    cur.preamble = copy.deepcopy(prev.preamble)
    assert check_pair(_facts(cur, "tabs", "cur"), _facts(prev, "tabs", "prev"), GX703, Options()) == []


def test_cli_pairs_and_reports_the_copy(tmp_path):
    prev, cur = generate_series(2, years=2, first_year=2023)
    (tmp_path / "a-2023.txt").write_text(render(prev), encoding="utf-8")
    (tmp_path / "a-2024.txt").write_text(render(_copied_forward(prev, cur)), encoding="utf-8")
    result = CliRunner().invoke(main, ["--no-cache", "--lang", "en", "--select", "GX703", str(tmp_path)])
    assert result.exit_code == 0, result.output  # a warning fails nothing by default
    assert "GX703" in result.output and "a-2024.txt" in result.output and "section 五" in result.output
