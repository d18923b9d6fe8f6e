"""Configuration files, `gxlint config`, --format github, --statistics, --output and the
generated rules reference, all through the command line as a user runs them."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from lint.cli import main
from lint.formatters.github import escape_data, escape_property
from tests.generate import generate, render

ROOT = Path(__file__).resolve().parent.parent

USER_PACK = """\
rules:
  - id: TM951
    name: enquiry-phone
    severity: warning
    summary: {zh: 报告未提供咨询电话, en: The report gives no enquiry phone number}
    description: {zh: 本单位要求年度报告写明咨询电话。, en: Our office asks for the enquiry phone number.}
    basis: 本单位内部要求
    message: {zh: 报告未写明“咨询电话”, en: the report gives no enquiry phone number}
    check:
      kind: pattern
      scope: other
      require_any: ['咨询电话']
    examples:
      bad: |
        六、其他需要报告的事项
        本年度未收取信息处理费。
      good: |
        六、其他需要报告的事项
        本年度未收取信息处理费。咨询电话：0000-1234567。
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def faulty_text() -> str:
    spec = generate(2)
    spec.values["t3.new.natural"] += 1  # GX401 and GX403, errors
    return render(spec, "pipes")


def clean_text() -> str:
    return render(generate(1), "tabs")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def rules_by_file(out: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for line in out.splitlines():
        m = re.match(r"(.+?):\d+:\d+: (GX\d+) ", line)
        if m:
            found.setdefault(Path(m[1]).parent.name + "/" + Path(m[1]).name, set()).add(m[2])
    return found


# --- discovery and precedence ------------------------------------------------------------------


def test_nearest_configuration_wins_and_gxlint_toml_beats_pyproject(tmp_path):
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n[tool.gxlint]\nignore = ["GX403"]\n')
    write(tmp_path / "a" / "r.txt", faulty_text())
    # .gxlint.toml and pyproject.toml in one folder: .gxlint.toml is the configuration.
    write(tmp_path / "b" / ".gxlint.toml", 'select = ["GX403"]\n')
    write(tmp_path / "b" / "pyproject.toml", '[tool.gxlint]\nselect = ["GX401"]\n')
    write(tmp_path / "b" / "r.txt", faulty_text())
    # A pyproject.toml without [tool.gxlint] does not count: the one above applies.
    write(tmp_path / "c" / "pyproject.toml", '[project]\nname = "c"\n')
    write(tmp_path / "c" / "r.txt", faulty_text())
    # The nearest pyproject.toml with [tool.gxlint] applies, not the one above it.
    write(tmp_path / "d" / "pyproject.toml", '[tool.gxlint]\nignore = ["GX401"]\n')
    write(tmp_path / "d" / "deep" / "r.txt", faulty_text())
    code, out, _ = run(str(tmp_path))
    assert code == 1
    assert rules_by_file(out) == {"a/r.txt": {"GX401"}, "b/r.txt": {"GX403"},
                                  "c/r.txt": {"GX401"}, "deep/r.txt": {"GX403"}}
    # --isolated: no configuration at all.
    _, out, _ = run("--isolated", str(tmp_path / "b"))
    assert rules_by_file(out) == {"b/r.txt": {"GX401", "GX403"}}
    # --config: one named file for every path.
    _, out, _ = run("--config", str(tmp_path / "b" / "pyproject.toml"), str(tmp_path / "a"))
    assert rules_by_file(out) == {"a/r.txt": {"GX401"}}
    code, out, err = run("--config", str(tmp_path / "c" / "pyproject.toml"), str(tmp_path / "a"))
    assert code == 2 and out == "" and "no [tool.gxlint] table" in err
    code, _, err = run("--config", str(tmp_path / "nothing.toml"), str(tmp_path / "a"))
    assert code == 2 and "nothing.toml" in err and "cannot read" in err


def test_command_line_overrides_the_configuration(tmp_path):
    write(tmp_path / ".gxlint.toml", 'select = ["GX403"]\nfail-on = "info"\n')
    noted = generate(3)
    noted.section("proactive").heading = "行政机关主动公开政府信息情况"  # GX103, info
    report = write(tmp_path / "r.md", render(noted, "markdown"))
    assert run(str(report))[0] == 0  # GX103 is not selected
    write(tmp_path / ".gxlint.toml", 'select = ["GX103"]\nfail-on = "info"\n')
    code, out, _ = run(str(report))
    assert code == 1 and "GX103 提示" in out  # the configuration's fail-on
    assert run("--fail-on", "warning", str(report))[0] == 0  # the command line's
    code, out, _ = run("--select", "GX401", str(report))
    assert code == 0 and "GX103" not in out


def test_severity_profile_and_deadlines_from_configuration(tmp_path):
    write(tmp_path / ".gxlint.toml", '[severity]\nGX401 = "warning"\nGX403 = "info"\n')
    faulty = write(tmp_path / "faulty.txt", faulty_text())
    code, out, _ = run(str(faulty))
    assert code == 0  # no error left
    assert " GX401 警告 " in out and " GX403 提示 " in out

    late_spec = generate(7, issuer="department")
    late_spec.signature_date = date(late_spec.year + 1, 2, 20)
    late = write(tmp_path / "late" / "late.txt", render(late_spec, "tabs"))
    assert "GX204" in run("--select", "GX204", str(late))[1]
    write(tmp_path / "late" / ".gxlint.toml", '[deadlines]\ndepartment = "03-31"\n')
    assert "GX204" not in run("--select", "GX204", str(late))[1]
    out = run("--select", "GX204", "--deadline", "department=02-01", str(late))[1]
    assert "GX204" in out and f"{late_spec.year + 1}年2月1日" in out and "配置的" in out

    clean = write(tmp_path / "old" / "r.txt", clean_text())
    assert run(str(clean))[0] == 0
    write(tmp_path / "old" / ".gxlint.toml", 'profile = "gov-2019"\n')
    code, out, _ = run(str(clean))
    assert code == 1 and "GX302" in out  # read with the 2019 template, rows are missing
    assert run("--profile", "gov-2021", str(clean))[0] == 0


def test_per_file_ignores_are_patterns_relative_to_the_configuration(tmp_path):
    write(tmp_path / ".gxlint.toml",
          '[per-file-ignores]\n"archive/" = ["GX4"]\n"*-draft.txt" = ["GX403"]\n"/top.txt" = ["GX401"]\n')
    for name in ("archive/2019/r.txt", "now/r.txt", "now/x-draft.txt", "top.txt", "now/top.txt"):
        write(tmp_path / name, faulty_text())
    code, out, _ = run(str(tmp_path))
    assert code == 1
    assert rules_by_file(out) == {"now/r.txt": {"GX401", "GX403"}, "now/x-draft.txt": {"GX401"},
                                  f"{tmp_path.name}/top.txt": {"GX403"},
                                  "now/top.txt": {"GX401", "GX403"}}


def test_user_rule_packs_from_rule_dirs(tmp_path):
    write(tmp_path / "team-rules" / "local.yaml", USER_PACK)
    write(tmp_path / "pyproject.toml", '[tool.gxlint]\nrule-dirs = ["team-rules"]\n')
    report = write(tmp_path / "reports" / "r.txt", clean_text())
    code, out, _ = run(str(report))
    assert code == 0 and " TM951 警告 报告未写明“咨询电话”" in out
    assert run("--fail-on", "warning", str(report))[0] == 1
    code, out, _ = run("--select", "TM951", str(report))  # a user rule is a known code
    assert code == 0 and "TM951" in out
    # `gxlint rules` and `gxlint rule` in that project know the rule too.
    import os

    cwd = os.getcwd()
    os.chdir(tmp_path / "reports")
    try:
        assert "TM951" in run("rules")[1]
        assert "Our office asks" in run("rule", "TM951", "--lang", "en")[1]
    finally:
        os.chdir(cwd)
    # A user pack is validated like the built-in ones; other files are still linted.
    write(tmp_path / "team-rules" / "local.yaml", USER_PACK.replace("kind: pattern", "kind: patern"))
    other = write(tmp_path / "elsewhere" / ".gxlint.toml", "")
    faulty = write(other.parent / "f.txt", faulty_text())
    code, out, _ = run(str(report), str(faulty))
    assert code == 2
    assert f"{report}: error: 配置文件有误：{tmp_path / 'pyproject.toml'}" in out
    assert "local.yaml" in out and "patern" in out
    assert f"{faulty}:" in out and " GX401 错误 " in out


@pytest.mark.parametrize(("config", "names"), [
    ('selct = ["GX4"]\n', ["selct", "unknown key"]),
    ('select = "GX4"\n', ["select", "expected a list of strings, got a string"]),
    ('fail-on = "fatal"\n', ["fail-on", "expected one of error, warning, info"]),
    ('[severity]\nGX401 = "high"\n', ["severity.GX401", "expected one of"]),
    ('[severity]\nGX999 = "info"\n', ["severity.GX999", "no such rule"]),
    ('ignore = ["GX77"]\n', ["ignore", "no rule matches 'GX77'"]),
    ('profile = "gov-1999"\n', ["profile", "unknown profile"]),
    ('[deadlines]\ncounty = "01-31"\n', ["deadlines.county", "unknown issuer"]),
    ('[deadlines]\ndepartment = "1-31"\n', ["deadlines.department", "MM-DD"]),
    ('rule-dirs = ["nowhere"]\n', ["rule-dirs", "is not a directory"]),
    ('[per-file-ignores]\n"a/" = "GX4"\n', ["per-file-ignores", "expected a list"]),
    ("select = [\n", ["invalid TOML"]),
])
def test_bad_configuration_is_an_error_naming_file_and_key(tmp_path, config, names):
    write(tmp_path / "bad" / ".gxlint.toml", config)
    bad = write(tmp_path / "bad" / "r.txt", clean_text())
    good = write(tmp_path / "good" / "r.txt", faulty_text())
    code, out, _ = run("--lang", "en", str(bad), str(good))
    assert code == 2
    (line,) = [line for line in out.splitlines() if line.startswith(f"{bad}: error: ")]
    assert f"configuration: {tmp_path / 'bad' / '.gxlint.toml'}" in line
    assert all(name in line for name in names), line
    assert f"{good}:" in out and "GX401" in out  # the other file is still linted
    code, _, err = run("config", str(bad))
    assert code == 2 and str(tmp_path / "bad" / ".gxlint.toml") in err and "Traceback" not in err


def test_pyproject_keys_are_named_with_their_table(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.gxlint]\nfail_on = "info"\n')
    code, _, err = run("config", str(tmp_path))
    assert code == 2 and "pyproject.toml: tool.gxlint.fail_on: unknown key" in err


# --- gxlint config -----------------------------------------------------------------------------


def test_config_command_says_where_each_value_comes_from(tmp_path, monkeypatch):
    config = write(tmp_path / ".gxlint.toml",
                   'ignore = ["GX8"]\nfail-on = "warning"\n[severity]\nGX204 = "error"\n'
                   '[per-file-ignores]\n"archive/" = ["GX5"]\n')
    write(tmp_path / "archive" / "r.txt", clean_text())
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("config", "--select", "GX4,GX5", "--deadline", "township=02-28")
    assert code == 0

    def source(key: str) -> str:
        (line,) = [line for line in out.splitlines() if line.startswith(f"{key} = ")]
        return line.split("# ", 1)[1]

    assert f"configuration file: {config}" in out
    assert source("select") == "command line"
    assert source("ignore") == str(config)
    assert source("fail-on") == str(config)
    assert source("profile") == "default"
    assert source("township") == "command line" and '"02-28"' in out
    assert source("department") == "default (rule GX204)"
    assert source("GX204") == str(config)
    assert "does not match this path" in source('"archive/"')
    code, out, _ = run("config", "archive/r.txt")
    assert 'ignore = ["GX8", "GX5"]' in out
    assert source("ignore") == f"{config} (ignore + per-file-ignores)"
    assert "matches this path" in source('"archive/"')
    from lint.rulepack import load_rules

    every = [r.id for r in load_rules()]
    kept = [i for i in every if not i.startswith(("GX8", "GX5"))]
    assert f"# {len(kept)} of {len(every)} rules run: {' '.join(kept)}\n" in out
    code, out, _ = run("config", "--ignore", "GX3", "archive/r.txt")
    assert 'ignore = ["GX3", "GX5"]' in out
    assert source("ignore") == f"command line + per-file-ignores of {config}"
    code, out, _ = run("config", "--isolated")
    assert "configuration file: (none)" in out and source("ignore") == "default"


# --- output: github, statistics, --output ---------------------------------------------------------


def test_github_escaping():
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_data("a:b,c") == "a:b,c"
    assert escape_property("d:/x,y%\n") == "d%3A/x%2Cy%25%0A"


def test_github_format_annotates_lines_and_escapes_properties(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a,b:c%.txt", faulty_text())
    noted = generate(3)
    noted.section("proactive").heading = "行政机关主动公开政府信息情况"
    write(tmp_path / "n.md", render(noted, "markdown"))
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)))
    code, out, _ = run("--format", "github", "a,b:c%.txt", "n.md", "bin.txt")
    assert code == 2
    lines = out.splitlines()
    assert all(line.startswith("::") for line in lines)
    assert lines[0].startswith("::error file=a%2Cb%3Ac%25.txt,line=51,endLine=51,col=26,")
    assert ",title=GX401 t3-balance::表三“自然人”列：" in lines[0]
    assert "::error file=bin.txt,title=gxlint::二进制文件，不是文本（含有 NUL 字节）" in lines
    assert any(line.startswith("::notice file=n.md,line=") and "title=GX103 " in line
               for line in lines)


def test_statistics_counts_each_rule(tmp_path):
    for i in range(3):
        write(tmp_path / f"f{i}.txt", faulty_text())
    noted = generate(3)
    noted.section("proactive").heading = "行政机关主动公开政府信息情况"
    write(tmp_path / "n.md", render(noted, "markdown"))
    _, data, _ = run("--format", "json", str(tmp_path))
    expected: dict[str, int] = {}
    for file in json.loads(data)["files"]:
        for f in file["findings"]:
            expected[f["rule"]] = expected.get(f["rule"], 0) + 1
    code, out, _ = run("--statistics", "--lang", "en", str(tmp_path))
    assert code == 1
    *rows, total = out.splitlines()
    got = {row.split()[1]: int(row.split()[0]) for row in rows}
    assert got == expected and got["GX401"] == 3
    assert rows[-1].split()[1] == "GX103"  # most frequent first
    assert total == f"{sum(expected.values())} findings from {len(expected)} rules in 4 files"
    code, out, _ = run("--statistics", "--format", "json", str(tmp_path))
    stats = json.loads(out)
    assert code == 1 and {s["rule"]: s["count"] for s in stats["statistics"]} == expected
    assert run("--statistics", "--format", "sarif", str(tmp_path))[0] == 2


def test_output_file_is_written_and_exit_code_kept(tmp_path):
    faulty = write(tmp_path / "f.txt", faulty_text())
    target = tmp_path / "out" / "report.sarif"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    code, _, err = run("--format", "sarif", "--output", str(target), str(faulty))
    assert code == 2 and "is not gxlint output" in err and target.read_text("utf-8") == "old"
    code, out, _ = run("--format", "sarif", "--force", "--output", str(target), str(faulty))
    assert code == 1 and out == ""
    assert json.loads(target.read_text("utf-8"))["runs"][0]["results"]
    assert [p.name for p in target.parent.iterdir()] == ["report.sarif"]  # no temporary left
    code, out, _ = run("--output", str(target), str(tmp_path / "clean.txt"))
    assert code == 2 and "clean.txt: error: 文件或文件夹不存在" in target.read_text("utf-8")
    code, _, err = run("--output", str(faulty), str(tmp_path))
    assert code == 2 and "is a report being linted" in err
    assert faulty.read_text("utf-8") == faulty_text()  # never written over
    code, _, err = run("--output", str(tmp_path / "missing" / "o.txt"), str(faulty))
    assert code == 2 and "missing does not exist" in err and "Traceback" not in err


# --- the rules reference and the pre-commit hook definition -------------------------------------


def test_docs_rules_md_is_current():
    code, out, _ = run("rules", "--format", "markdown", "--isolated")
    assert code == 0
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == out, "docs/rules.md is out of date: gxlint rules --format markdown > docs/rules.md"
    for rule_id in re.findall(r"^  - id: (GX\d+)$", "".join(
            p.read_text("utf-8") for p in sorted((ROOT / "rules").glob("*.yaml"))), re.M):
        assert f"\n## {rule_id} " in current


def test_pre_commit_hook_definition_matches_report_files():
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hook["id"] == "gxlint" and hook["language"] == "python" and hook["entry"] == "gxlint --force-exclude"
    pattern = re.compile(hook["files"])
    for name in ("r.txt", "r.md", "r.markdown", "r.html", "r.htm", "r.pdf", "r.docx", "R.PDF"):
        assert pattern.search(name), name
    for name in ("r.py", "r.doc", "r.txt.bak", "pdf"):
        assert not pattern.search(name), name


def test_per_file_options_carry_everything_and_pickle(tmp_path):
    """Worker processes get (path, Options): the options alone must lint the file as the CLI
    would, user rule packs included."""
    import pickle

    from lint.config import Overrides, clear_cache, options_for, selected_rules
    from lint.engine import lint_file

    write(tmp_path / "team-rules" / "local.yaml", USER_PACK)
    write(tmp_path / ".gxlint.toml", 'rule-dirs = ["team-rules"]\nfail-on = "warning"\n'
                                     '[severity]\nGX401 = "info"\n[per-file-ignores]\n"*.txt" = ["GX403"]\n')
    report = write(tmp_path / "r.txt", faulty_text())
    clear_cache()
    options = options_for(report, Overrides(lang="en"))
    copy = pickle.loads(pickle.dumps(options))
    assert copy == options
    assert copy.rule_dirs == (str(tmp_path / "team-rules"),) and copy.fail_on == "warning"
    clear_cache()  # as in a fresh worker
    found = {(f.rule_id, f.severity) for f in lint_file(report, selected_rules(copy), copy).findings}
    assert found == {("GX401", "info"), ("TM951", "warning")}
