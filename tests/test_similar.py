"""gxlint --similar: a report copied by another agency (lightly edited) is found; MinHash
signatures come from the shingle samples of the per-file pass."""

from __future__ import annotations

import copy
import json

from click.testing import CliRunner

from lint.cli import main
from lint.generate import generate, render


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
    result = CliRunner().invoke(main, ["--no-cache", "--similar", "--format", "json", str(folder)])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    pair = {doc["pairs"][0]["first"], doc["pairs"][0]["second"]}
    assert pair == {str(folder / "a.txt"), str(folder / "b.txt")} and doc["pairs"][0]["share"] > 0.9
    assert doc["pairs"][0]["passage"]


def test_similar_text_output_names_the_pair(tmp_path):
    folder = _planted(tmp_path)
    result = CliRunner().invoke(main, ["--no-cache", "--similar", "--lang", "en", str(folder)])
    assert result.exit_code == 0 and "≈" in result.output and "1 pair of near-identical reports" in result.output


def test_one_agency_over_years_is_not_a_pair(tmp_path):
    from lint.generate import generate_series

    for spec in generate_series(3, years=2, first_year=2022):
        (tmp_path / f"{spec.year}.txt").write_text(render(spec), encoding="utf-8")
    result = CliRunner().invoke(main, ["--no-cache", "--similar", "--format", "json", str(tmp_path)])
    assert json.loads(result.output)["count"] == 0
