"""Suppression comments and baselines as a user runs them (click's CliRunner)."""

from __future__ import annotations

import copy
import json
import pickle
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from lint import suppress
from lint.cli import main
from lint.engine import Options, lint_file
from lint.findings import Finding, Location
from lint.rulepack import load_rules
from tests.generate import Para, ReportSpec, generate, render

ROOT = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
RULES = {r.id: r for r in load_rules()}
REASON = "上级部门下发的表格就是这样写的"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _lines_with(text: str, comment: str, before: str) -> str:
    """``comment`` on its own line before the first line containing ``before``."""
    lines = text.split("\n")
    i = next(i for i, line in enumerate(lines) if before in line)
    return "\n".join(lines[:i] + [comment] + lines[i:])


@pytest.fixture
def typo_md(tmp_path: Path) -> Path:
    """A Markdown report whose only warning is a GX303 typo in 表二."""
    path = tmp_path / "r.md"
    path.write_text(render(generate(4), "markdown").replace("本年废止件数", "本年度止件数"),
                    encoding="utf-8")
    return path


# --- inline comments -----------------------------------------------------------------------


def test_a_comment_with_a_reason_suppresses_the_next_line(typo_md):
    assert run("--fail-on", "warning", str(typo_md))[0] == 1
    text = typo_md.read_text(encoding="utf-8")
    typo_md.write_text(_lines_with(text, f"<!-- gxlint-disable-next-line GX303 -- {REASON} -->",
                                   "本年度止件数"), encoding="utf-8")
    code, out, _ = run("--fail-on", "warning", str(typo_md))
    assert code == 0 and "GX303" not in out and "GX90" not in out
    data = json.loads(run("--format", "json", str(typo_md))[1])
    assert data["suppressed"] == 1 and data["files"][0]["suppressed"] == 1
    assert not any(f["rule"] == "GX303" for f in data["files"][0]["findings"])


def test_sarif_shows_suppressed_results_in_source(typo_md, tmp_path, monkeypatch):
    text = typo_md.read_text(encoding="utf-8")
    typo_md.write_text(_lines_with(text, f"<!-- gxlint-disable-next-line label-nonstandard -- {REASON} -->",
                                   "本年度止件数"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    log = json.loads(run("--format", "sarif", "r.md")[1])
    if SARIF_SCHEMA.is_file():
        jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    result = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "GX303")
    assert result["suppressions"] == [{"kind": "inSource", "status": "accepted", "justification": REASON}]
    assert "baselineState" not in result  # no baseline given


def test_a_comment_without_a_reason_is_reported_and_suppresses_nothing(typo_md):
    text = typo_md.read_text(encoding="utf-8")
    typo_md.write_text(_lines_with(text, "<!-- gxlint-disable-next-line GX303 -->", "本年度止件数"),
                       encoding="utf-8")
    code, out, _ = run(str(typo_md))
    assert " GX303 警告 " in out and " GX901 警告 " in out
    assert "gxlint-disable-next-line GX303" in out
    code, out, _ = run("--lang", "en", str(typo_md))
    assert "invalid suppression comment" in out


def test_a_comment_naming_no_rule_is_invalid(typo_md):
    text = typo_md.read_text(encoding="utf-8")
    typo_md.write_text(_lines_with(text, f"<!-- gxlint-disable-next-line GX330 -- {REASON} -->",
                                   "本年度止件数"), encoding="utf-8")
    out = run(str(typo_md))[1]
    assert " GX901 警告 " in out and " GX303 警告 " in out


def test_disable_and_enable_bracket_a_region(typo_md):
    text = typo_md.read_text(encoding="utf-8")
    text = _lines_with(text, f"<!-- gxlint-disable GX3 -- {REASON} -->", "## 二、")
    text = _lines_with(text, "<!-- gxlint-enable GX3 -->", "## 三、")
    typo_md.write_text(text, encoding="utf-8")
    out = run(str(typo_md))[1]
    assert "GX303" not in out and "GX90" not in out
    # The enable ends the region: a typo after it is reported.
    typo_md.write_text(text.replace("本年新收政府信息公开申请数量", "本年新收政府信息公开申请数"),
                       encoding="utf-8")
    assert "GX303" in run(str(typo_md))[1]


def test_an_unused_comment_is_reported_as_info_unless_its_rule_did_not_run(typo_md):
    text = typo_md.read_text(encoding="utf-8")
    typo_md.write_text(_lines_with(text, f"<!-- gxlint-disable-next-line GX304 -- {REASON} -->",
                                   "本年度止件数"), encoding="utf-8")
    code, out, _ = run(str(typo_md))
    assert code == 0 and " GX902 提示 " in out and " GX303 警告 " in out
    assert run("--fail-on", "info", "--ignore", "GX303", str(typo_md))[0] == 1
    assert "GX902" not in run("--select", "GX4", str(typo_md))[1]  # GX304 did not run
    assert "GX902" not in run("--ignore", "GX902", str(typo_md))[1]


def test_comment_words_are_never_read_as_the_report(tmp_path):
    """A comment mentioning 信息处理费 must not satisfy GX601 once the fee sentence is gone."""
    spec = generate(6)
    section = spec.section("other")
    section.body = [p for p in section.body if getattr(p, "name", "") != "fee"]
    text = render(spec, "markdown").replace(
        "## 六、其他需要报告的事项\n", "## 六、其他需要报告的事项\n<!-- 待补充：本年度未收取信息处理费 -->\n"
        "<!-- gxlint-disable-next-line GX104 -- 信息处理费另行说明 -->\n")
    assert text.count("<!--") == 2
    path = tmp_path / "r.md"
    path.write_text(text, encoding="utf-8")
    assert " GX601 错误 " in run(str(path))[1]


@pytest.mark.parametrize("rule_id", ["GX901", "GX902"])
def test_comment_rules_own_examples(tmp_path, rule_id):
    rule = RULES[rule_id]
    for kind, expected in (("bad", True), ("good", False)):
        path = tmp_path / f"{kind}.md"
        path.write_text(rule.examples[kind], encoding="utf-8")
        assert (f" {rule_id} " in run(str(path))[1]) is expected, kind


def test_html_comments_point_at_the_files_own_lines():
    html = ("<html><body>\n<p>一、总体情况</p>\n"
            f"<!-- gxlint-disable-next-line GX303 -- {REASON} -->\n\n"
            "<tr><td>本年度止件数</td></tr>\n</body></html>\n").encode()
    (directive,) = suppress.scan_html(html)
    assert (directive.first, directive.last, directive.reason) == (5, 5, REASON)
    at = [Finding("GX303", "label-nonstandard", "warning", "m", "r.html",
                  Location(line, 9, line, 15, 9, 15)) for line in (4, 5, 6)]
    assert [directive.covers(f) for f in at] == [False, True, False]


def test_results_with_directives_pickle(typo_md):
    """The parallel runner sends FileResults between processes."""
    text = typo_md.read_text(encoding="utf-8")
    typo_md.write_text(_lines_with(text, f"<!-- gxlint-disable-next-line GX303 -- {REASON} -->",
                                   "本年度止件数"), encoding="utf-8")
    result = lint_file(typo_md, list(RULES.values()), Options())
    copy_ = pickle.loads(pickle.dumps(result))
    assert copy_.directives == result.directives and copy_.directives[0].reason == REASON


# --- baselines -----------------------------------------------------------------------------


def _faulty_spec(seed: int = 11) -> ReportSpec:
    spec = generate(seed)
    spec.values["t3.new.natural"] += 2  # GX401, GX403
    spec.values["t4.review.pending"] = "/"  # GX304
    body = spec.section("overview").body
    first = next(i for i, p in enumerate(body) if isinstance(p, Para))
    body[first] = Para(body[first].text + "[bookmark: _Hlk61234567]")  # GX801
    return spec


def _write(path: Path, spec: ReportSpec, layout: str) -> None:
    path.write_text(render(spec, layout).replace("本年废止件数", "本年度止件数"), encoding="utf-8")


def test_baseline_survives_relayout_a_moved_paragraph_and_lang(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    report = Path("r.txt")
    spec = _faulty_spec()
    _write(report, spec, "tabs")
    code, out, err = run("--format", "json", "--write-baseline", "base.json", "r.txt")
    recorded = json.loads(Path("base.json").read_text(encoding="utf-8"))
    rules = {e["rule"] for e in recorded["entries"]}
    assert {"GX303", "GX304", "GX401", "GX801"} <= rules
    assert code == 0 and json.loads(out)["counts"] == {"error": 0, "warning": 0, "info": 0}
    assert "写入基线" in err

    # The same report re-laid out with pipes, its debris paragraph moved to the section's end.
    moved = copy.deepcopy(spec)
    body = moved.section("overview").body
    i = next(i for i, p in enumerate(body) if isinstance(p, Para) and "[bookmark:" in p.text)
    body.append(body.pop(i))
    _write(report, moved, "pipes")
    code, out, _ = run("--baseline", "base.json", "--lang", "en", "--fail-on", "info", "r.txt")
    assert code == 0, out
    total = sum(e["count"] for e in recorded["entries"])
    data = json.loads(run("--baseline", "base.json", "--format", "json", "r.txt")[1])
    assert data["suppressed"] == total and data["files"][0]["findings"] == []

    # A new problem is still reported, marked new in SARIF; the old ones are unchanged.
    moved.values["t2.license.decisions"] = Decimal(-3)  # GX305
    _write(report, moved, "pipes")
    code, out, _ = run("--baseline", "base.json", "r.txt")
    assert code == 1 and " GX305 错误 " in out and "GX401" not in out
    log = json.loads(run("--baseline", "base.json", "--format", "sarif", "r.txt")[1])
    states = {(r["ruleId"], r["baselineState"]) for r in log["runs"][0]["results"]}
    assert ("GX305", "new") in states and ("GX401", "unchanged") in states
    suppressed = [r for r in log["runs"][0]["results"] if r.get("suppressions")]
    assert suppressed and all(r["suppressions"][0]["kind"] == "external" for r in suppressed)


def test_stale_entries_are_reported_as_info_and_absent_in_sarif(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = _faulty_spec()
    _write(Path("r.txt"), spec, "tabs")
    assert run("--write-baseline", "base.json", "r.txt")[0] == 0
    Path("r.txt").write_text(render(spec, "tabs"), encoding="utf-8")  # the typo corrected
    code, out, _ = run("--baseline", "base.json", "r.txt")
    assert code == 0 and " GX903 提示 " in out and "GX303" in out
    assert run("--baseline", "base.json", "--fail-on", "info", "r.txt")[0] == 1
    log = json.loads(run("--baseline", "base.json", "--format", "sarif", "r.txt")[1])
    if SARIF_SCHEMA.is_file():
        jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    absent = [r for r in log["runs"][0]["results"] if r.get("baselineState") == "absent"]
    assert [r["ruleId"] for r in absent] == ["GX303"]
    assert "本年度止件数" in absent[0]["message"]["text"]
    # Entries of rules that did not run are not stale: nothing can be said about them.
    assert "GX903" not in run("--baseline", "base.json", "--select", "GX4", "r.txt")[1]


def test_baseline_paths_are_relative_to_the_baseline_file(tmp_path, monkeypatch):
    (tmp_path / "reports").mkdir()
    _write(tmp_path / "reports" / "r.txt", _faulty_spec(), "tabs")
    monkeypatch.chdir(tmp_path)
    assert run("--write-baseline", "reports/base.json", "reports/r.txt")[0] == 0
    entries = json.loads((tmp_path / "reports" / "base.json").read_text(encoding="utf-8"))["entries"]
    assert {e["path"] for e in entries} == {"r.txt"}
    monkeypatch.chdir(tmp_path / "reports")
    assert run("--baseline", "base.json", "--fail-on", "info", "r.txt")[0] == 0


def test_writing_a_baseline_for_some_files_keeps_the_others(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(Path("a.txt"), _faulty_spec(11), "tabs")
    _write(Path("b.txt"), _faulty_spec(12), "pipes")
    assert run("--write-baseline", "base.json", "a.txt", "b.txt")[0] == 0
    first = json.loads(Path("base.json").read_text(encoding="utf-8"))["entries"]
    Path("a.txt").write_text(render(generate(11), "tabs"), encoding="utf-8")  # a.txt cleaned up
    assert run("--write-baseline", "base.json", "a.txt")[0] == 0
    second = json.loads(Path("base.json").read_text(encoding="utf-8"))["entries"]
    assert [e for e in second if e["path"] == "b.txt"] == [e for e in first if e["path"] == "b.txt"]
    assert not [e for e in second if e["path"] == "a.txt"]


def test_stale_rule_example(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("report.md").write_text(render(generate(4), "markdown"), encoding="utf-8")
    rule = RULES["GX903"]
    for kind, expected in (("bad", True), ("good", False)):
        Path("base.json").write_text(rule.examples[kind], encoding="utf-8")
        assert (" GX903 " in run("--baseline", "base.json", "report.md")[1]) is expected, kind


@pytest.mark.parametrize("content,words", [(None, "not found"), ("{not json", "invalid JSON"),
                                           ('{"version": 7}', "not a gxlint baseline")])
def test_a_bad_baseline_is_a_usage_error_naming_the_file(tmp_path, content, words):
    base = tmp_path / "base.json"
    if content is not None:
        base.write_text(content, encoding="utf-8")
    report = tmp_path / "r.txt"
    report.write_text(render(generate(1), "tabs"), encoding="utf-8")
    code, _, err = run("--baseline", str(base), str(report))
    assert code == 2 and str(base) in err and words in err and "Traceback" not in err
