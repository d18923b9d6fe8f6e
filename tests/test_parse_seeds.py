"""The five real reports in ../shared/seeds bind completely (skipped where they are absent)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from lint.cli import main
from tests.conftest import seed_files

EXPECTED = {
    "000": {"agency": "沂源县工业和信息化局", "year": 2023},
    "001": {"agency": "淄博市工业和信息化局", "year": 2022},
    "002": {"agency": "中牟县科技工信局", "year": 2023},
    "003": {"agency": "泰山区工信局", "year": 2023},
    "004": {"agency": "吴忠市工业和信息化局", "year": 2023},
}
SECTIONS = ["overview", "proactive", "requests", "review", "problems", "other"]


def _parse(path) -> dict:
    result = CliRunner().invoke(main, ["parse", "--format", "json", str(path)])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("path", seed_files(), ids=lambda p: p.name[:3])
def test_seed_binds_every_number(path):
    data = _parse(path)
    cells = {c["key"]: c for c in data["cells"]}
    t2 = [k for k in cells if k.startswith("t2.")]
    t3 = [k for k in cells if k.startswith("t3.")]
    t4 = [k for k in cells if k.startswith("t4.")]
    assert (len(t2), len(t3), len(t4)) == (10, 175, 15)
    assert data["missing"] == []
    assert [s["key"] for s in data["sections"]] == SECTIONS
    expected = EXPECTED[path.name[:3]]
    assert data["agency"] == expected["agency"]
    assert data["year"] == expected["year"]
    assert data["profile"] == "gov-2021"
    blank = sorted(k for k, c in cells.items() if c["kind"] == "blank")
    if path.name.startswith("000"):
        assert blank == sorted(f"t4.review.{c}" for c in ("upheld", "corrected", "other", "pending", "total"))
    else:
        assert blank == []
        assert all(c["kind"] == "number" for c in cells.values())


def test_seed_values_where_they_are_not_zero(seeds):
    by_name = {p.name[:3]: p for p in seeds}
    cells = {c["key"]: c["value"] for c in _parse(by_name["001"])["cells"]}
    nonzero = {k: v for k, v in cells.items() if v not in ("0", None)}
    assert nonzero == {
        "t2.normative.issued": "1", "t2.normative.repealed": "1", "t2.normative.in_force": "5",
        "t3.new.natural": "3", "t3.new.total": "3",
        "t3.disclosed.natural": "1", "t3.disclosed.total": "1",
        "t3.withheld.process_info.natural": "1", "t3.withheld.process_info.total": "1",
        "t3.unavailable.not_held.natural": "1", "t3.unavailable.not_held.total": "1",
        "t3.total.natural": "3", "t3.total.total": "3",
    }
    cells = {c["key"]: c["value"] for c in _parse(by_name["004"])["cells"]}
    assert {k: v for k, v in cells.items() if v != "0"} == {
        "t2.normative.repealed": "3", "t2.normative.in_force": "4", "t2.license.decisions": "33"}


def test_seed_label_differences(seeds):
    by_name = {p.name[:3]: p for p in seeds}
    diffs = _parse(by_name["000"])["label_diffs"]
    assert [(d["found"], d["expected"], d["kind"]) for d in diffs] == [("规范性文件", "行政规范性文件", "wording")]
    diffs = _parse(by_name["001"])["label_diffs"]
    assert [(d["found"], d["expected"], d["kind"]) for d in diffs] == [("本年度止件数", "本年废止件数", "typo")]
    for name in ("002", "003", "004"):
        assert _parse(by_name[name])["label_diffs"] == []


def test_seed_periods_and_signatures(seeds):
    by_name = {p.name[:3]: p for p in seeds}
    data = _parse(by_name["000"])
    assert (data["period"]["start"], data["period"]["end"]) == ("2023-01-01", "2023-12-31")
    assert data["signature"]["date"] == "2024-01-30"
    assert _parse(by_name["002"])["period"] is None
    data = _parse(by_name["004"])
    assert (data["period"]["start"], data["period"]["end"]) == ("2023-01-01", "2023-12-31")
    assert data["signature"] is None
