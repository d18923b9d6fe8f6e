"""gxlint --similar: a report copied by another agency (lightly edited) is found; MinHash
signatures come from the shingle samples of the per-file pass."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from lint.cli import main
from tests.generate import generate, render

ROOT = Path(__file__).resolve().parents[1]


def _planted(tmp_path):
    source = generate(11, agency="青禾县文化和旅游局", speaker="本局")
    copied = copy.deepcopy(source)
    copied.agency = "云岫县交通运输局"  # another agency; the numbers and layout differ too
    copied.values = generate(12, agency=copied.agency).values
    (tmp_path / "a.txt").write_text(render(source), encoding="utf-8")
    (tmp_path / "b.txt").write_text(render(copied, "pipes"), encoding="utf-8")
    return tmp_path


def test_similar_finds_a_planted_copy_as_json(tmp_path):
    folder = _planted(tmp_path)
    (folder / "broken.pdf").write_bytes(b"not a pdf")
    result = CliRunner().invoke(main, ["--no-cache", "--similar", "--format", "json", str(folder)])
    assert result.exit_code == 2, result.output  # an unreadable file: exit 2, the pairs still listed
    doc = json.loads(result.output)
    schema = json.loads((ROOT / "docs" / "gxlint-similar.schema.json").read_text("utf-8"))
    jsonschema.validate(doc, schema)
    assert [u["path"] for u in doc["unreadable"]] == [str(folder / "broken.pdf")]
    pair = {doc["pairs"][0]["first"], doc["pairs"][0]["second"]}
    assert pair == {str(folder / "a.txt"), str(folder / "b.txt")} and doc["pairs"][0]["share"] > 0.9
    assert doc["pairs"][0]["passage"]


def test_similar_text_output_names_the_pair(tmp_path):
    folder = _planted(tmp_path)
    result = CliRunner().invoke(main, ["--no-cache", "--similar", "--lang", "en", str(folder)])
    assert result.exit_code == 1 and "≈" in result.output and "1 pair of near-identical reports" in result.output


def test_similar_html_is_a_page_of_its_own(tmp_path):
    folder = _planted(tmp_path)
    result = CliRunner().invoke(main, ["--no-cache", "--similar", "--format", "html", str(folder)])
    assert result.exit_code == 1 and result.output.startswith("<!DOCTYPE html>")
    assert result.output.count("<tr><td>") == 1 and "b.txt" in result.output


def test_one_agency_over_years_is_not_a_pair(tmp_path):
    from tests.generate import generate_series

    for spec in generate_series(3, years=2, first_year=2022):
        (tmp_path / f"{spec.year}.txt").write_text(render(spec), encoding="utf-8")
    result = CliRunner().invoke(main, ["--no-cache", "--similar", "--format", "json", str(tmp_path)])
    assert json.loads(result.output)["count"] == 0


def _corpus_with_copies(reports: int, copies: int, seed: int = 7):
    """A generated corpus and ``copies`` of its reports planted under other agencies' names,
    lightly edited: their own numbers, one paragraph of 一 rewritten, another layout."""
    import random

    from tests.generate import Para as GenPara
    from tests.generate import generate_corpus

    specs = generate_corpus((reports - copies) // 4, years=4, seed=seed)
    rng = random.Random(seed)
    planted = []
    for k, source in enumerate(rng.sample(specs, copies)):
        copied = copy.deepcopy(source)
        copied.agency, copied.speaker = f"雁{k}鹤县审计局", "本局"
        copied.values = generate(rng.randrange(10**6), profile=copied.profile, year=copied.year).values
        body = copied.section("overview").body
        i = next(i for i, p in enumerate(body) if isinstance(p, GenPara))
        body[i] = GenPara("本局结合工作实际，认真谋划全年政务公开重点任务。")
        copied.restate()
        planted.append((source, copied))
    return specs, planted


def test_a_thousand_reports_with_twenty_copies_give_those_twenty_pairs():
    from lint.crossyear import year_facts
    from lint.pipeline import parse_text
    from lint.rulepack import load_rules
    from lint.similar import find_pairs
    from tests.generate import LAYOUTS

    rules = [r for r in load_rules() if r.id == "GX703"]
    specs, planted = _corpus_with_copies(1000, 20)
    everything = [*specs, *(c for _, c in planted)]
    assert len(everything) == 1000
    facts = []
    for i, spec in enumerate(everything):
        layout = LAYOUTS[i % len(LAYOUTS)]
        name = f"{i}.md" if layout == "markdown" else f"{i}.txt"
        facts.append(year_facts(parse_text(render(spec, layout), name), None, rules))
    index = {id(s): str(i) for i, s in enumerate(everything)}
    expected = {frozenset({index[id(src)], index[id(cp)]}) for src, cp in planted}
    found = {frozenset({p.first.split(".")[0], p.second.split(".")[0]}) for p in find_pairs(facts)}
    assert found == expected
