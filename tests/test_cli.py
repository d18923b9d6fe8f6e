"""The command line as a user runs it: exit codes, bad input, formats, selection."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from lint.cli import main
from lint.rulepack import load_rules
from tests.generate import generate, render

ROOT = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def reports(tmp_path: Path) -> dict[str, Path]:
    clean = tmp_path / "clean.txt"
    clean.write_text(render(generate(1), "tabs"), encoding="utf-8")
    spec = generate(2)
    spec.values["t3.new.natural"] += 1  # GX401 and GX403: errors
    faulty = tmp_path / "faulty.txt"
    faulty.write_text(render(spec, "pipes"), encoding="utf-8")
    spec = generate(3)
    spec.section("proactive").heading = "行政机关主动公开政府信息情况"  # GX103: info only
    noted = tmp_path / "noted.md"
    noted.write_text(render(spec, "markdown"), encoding="utf-8")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    return {"clean": clean, "faulty": faulty, "noted": noted, "binary": binary, "empty": empty}


def test_clean_report_exits_0(reports):
    code, out, _ = run(str(reports["clean"]))
    assert code == 0
    assert "0 个错误" in out


def test_findings_exit_1_with_compiler_style_lines(reports):
    code, out, _ = run(str(reports["faulty"]))
    assert code == 1
    lines = [line for line in out.splitlines() if " GX40" in line]
    assert lines and all(line.startswith(str(reports["faulty"]) + ":") for line in lines)
    assert any(" GX401 错误 表三" in line for line in lines)


def test_fail_on_sets_the_threshold(reports):
    assert run(str(reports["noted"]))[0] == 0
    assert run("--fail-on", "info", str(reports["noted"]))[0] == 1
    assert run("--fail-on", "warning", str(reports["noted"]))[0] == 0


def test_select_and_ignore_by_id_or_prefix(reports):
    code, out, _ = run("--select", "GX403", str(reports["faulty"]))
    assert code == 1 and "GX403" in out and "GX401" not in out
    code, out, _ = run("--ignore", "GX4", str(reports["faulty"]))
    assert code == 0 and "GX40" not in out


def test_english_messages(reports):
    _, out, _ = run("--lang", "en", str(reports["faulty"]))
    assert "table 3" in out and "errors" in out


def test_unreadable_files_exit_2_and_the_others_are_still_linted(reports):
    code, out, _ = run("--lang", "en", str(reports["binary"]), str(reports["empty"]),
                       str(reports["faulty"]), str(reports["clean"].parent / "missing.txt"))
    assert code == 2
    assert f"{reports['binary']}: error: binary file" in out
    assert f"{reports['empty']}: error: empty file" in out
    assert "missing.txt: error: no such file or directory" in out
    assert " GX401 error " in out


def test_folders_are_searched_recursively(reports, tmp_path):
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    (sub / "deep.txt").write_text(reports["faulty"].read_text("utf-8"), encoding="utf-8")
    (sub / "notes.docx.bak").write_text("ignored", encoding="utf-8")
    _, out, _ = run("--select", "GX401", str(tmp_path / "a"))
    assert "deep.txt" in out and "notes" not in out


def test_usage_errors_exit_2(reports):
    assert run()[0] == 2
    assert run("--format", "xml", str(reports["clean"]))[0] == 2
    assert run("--profile", "gov-1999", str(reports["clean"]))[0] == 2


def test_json_output_is_documented_and_complete(reports):
    jsonschema = pytest.importorskip("jsonschema")
    code, out, _ = run("--format", "json", str(reports["faulty"]), str(reports["binary"]))
    assert code == 2
    data = json.loads(out)
    schema = json.loads((ROOT / "docs" / "gxlint-output.schema.json").read_text("utf-8"))
    jsonschema.validate(data, schema)
    by_path = {f["path"]: f for f in data["files"]}
    assert by_path[str(reports["binary"])]["error"]
    assert any(f["rule"] == "GX401" and f["cells"] for f in by_path[str(reports["faulty"])]["findings"])


def test_sarif_multi_file_run_validates_and_counts_utf16(tmp_path, monkeypatch):
    jsonschema = pytest.importorskip("jsonschema")
    if not SARIF_SCHEMA.is_file():
        pytest.skip("../shared/schemas is not here")
    spec = generate(4)
    spec.section("problems").heading = "存在的主要问题及改进情况"
    text = render(spec, "tabs")
    # A character outside the BMP before a finding on the same line: the title line.
    text = text.replace(spec.agency, "𠮷" + spec.agency[1:], 1).replace("本年废止件数", "本年度止件数")
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if "本年度止件数" in line)
    lines[index] = "𠮷" + lines[index]
    (tmp_path / "报告一.txt").write_text("\n".join(lines), encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "two.txt").write_text(render(generate(5), "cells"), encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02" * 50)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("--format", "sarif", "报告一.txt", "sub", "bad.txt")
    assert code == 2
    log = json.loads(out)
    jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text("utf-8")))
    (sarif_run,) = log["runs"]
    assert sarif_run["columnKind"] == "utf16CodeUnits"
    rules = sarif_run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} >= {"GX101", "GX401", "GX801"}
    uris = {a["location"]["uri"] for a in sarif_run["artifacts"]}
    assert "sub/two.txt" in uris
    result = next(r for r in sarif_run["results"]
                  if r["ruleId"] == "GX303" and "本年度止件数" in r["message"]["text"])
    assert rules[result["ruleIndex"]]["id"] == "GX303"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uriBaseId"] == "SRCROOT"
    line = lines[index]
    code_points = line.index("本年度止件数") + 1
    assert location["region"]["startColumn"] == code_points + 1  # 𠮷 is two UTF-16 units
    assert result["partialFingerprints"]


def test_rules_and_rule_commands():
    code, out, _ = run("rules")
    assert code == 0 and out.count("\n") == len(load_rules()) and "GX401" in out
    # Severities as the reader says them: 错误/警告/提示 in Chinese, error/warning/info in English.
    assert "GX401  错误" in out and "GX303  警告" in out and "可自动修复" in out and " error " not in out
    en = run("rules", "--lang", "en")[1]
    assert "GX401  error" in en and "(fixable)" in en
    code, out, _ = run("rule", "GX401")
    assert code == 0 and "依据" in out and "不合规示例" in out and "合规示例" in out
    code, out, _ = run("rule", "t3-balance", "--lang", "en")
    assert code == 0 and "Example that fails" in out
    assert run("rule", "GX999")[0] == 2


def test_parse_command_text_and_errors(reports):
    code, out, _ = run("parse", str(reports["clean"]))
    assert code == 0 and "200 bound, 0 missing" in out
    code, _, err = run("parse", str(reports["binary"]))
    assert code == 2 and f"{reports['binary']}: error: 二进制文件" in err  # Chinese by default
    code, _, err = run("parse", "--lang", "en", str(reports["binary"]))
    assert code == 2 and f"{reports['binary']}: error: binary file" in err


def test_deadlines_are_configurable(tmp_path):
    from datetime import date

    spec = generate(7, issuer="department")
    spec.signature_date = date(spec.year + 1, 2, 20)
    path = tmp_path / "late.txt"
    path.write_text(render(spec, "tabs"), encoding="utf-8")
    code, out, _ = run("--select", "GX204", str(path))
    assert "GX204" in out and f"{spec.year + 1}年1月31日" in out and "《条例》第四十九条规定的" in out
    code, out, _ = run("--select", "GX204", "--lang", "en", str(path))
    assert f"the signature date {spec.year + 1}-02-20 is after the statutory deadline {spec.year + 1}-01-31" in out
    code, out, _ = run("--select", "GX204", "--deadline", "department=03-31", str(path))
    assert "GX204" not in out
    assert run("--deadline", "county=01-31", str(path))[0] == 2


# --- misuse: a clear message, exit 2, no traceback -------------------------------------------


@pytest.mark.parametrize("args, message", [
    (["--colour"], "No such option '--colour'"),
    (["--deadline", "township=2-28"], "expected ISSUER=MM-DD"),
    (["--fix", "--diff"], "--fix and --diff exclude each other"),
    (["--select", "GX999"], "no rule matches 'GX999'"),
    (["--select", "GX4,GX9O1"], "no rule matches 'GX9O1'"),
    (["--ignore", "t3-balanse"], "no rule matches 't3-balanse'"),
    (["--output", "no-such-folder/out.txt"], "the folder no-such-folder does not exist"),
    (["--profile", "gov-1999"], "unknown profile 'gov-1999'"),
])
def test_misuse_is_a_usage_error(reports, args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(*args, str(reports["clean"]))
    assert code == 2 and message in err and "Traceback" not in err + out
    assert out == "" and not (tmp_path / "no-such-folder").exists()


def test_previous_with_several_reports_is_a_usage_error(reports):
    code, _, err = run("--previous", str(reports["clean"]), str(reports["faulty"]),
                       str(reports["noted"]))
    assert code == 2 and "name exactly one report" in err


def test_rule_names_select_and_ignore_rules(reports):
    code, out, _ = run("--select", "t3-balance", str(reports["faulty"]))
    assert code == 1 and "GX401" in out and "GX403" not in out
    code, out, _ = run("--select", "gx4", "--ignore", "t3-balance", str(reports["faulty"]))
    assert code == 1 and "GX403" in out and "GX401" not in out


def test_config_command_refuses_unknown_rules(reports):
    code, _, err = run("config", "--select", "GX999", str(reports["clean"]))
    assert code == 2 and "no rule matches 'GX999'" in err


def test_diff_reports_unreadable_files(reports, tmp_path):
    code, _, err = run("--diff", str(tmp_path / "missing.txt"), str(reports["clean"]))
    assert code == 2 and "missing.txt: error: 文件或文件夹不存在" in err
    code, _, err = run("--diff", "--lang", "en", str(reports["binary"]))
    assert code == 2 and "binary.txt: error: binary file" in err


def test_misspelt_command_is_named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run("prase", "r.txt")
    assert code == 2 and "did you mean `gxlint parse`" in err and out == ""
    (tmp_path / "prase").write_text("", encoding="utf-8")  # a file of that name is linted
    assert "did you mean" not in run("prase")[2]
    code, out, err = run("config.md")  # a path, even one that does not exist
    assert code == 2 and "config.md: error:" in out and "did you mean" not in err


# --- help ----------------------------------------------------------------------------------


def test_top_level_help_lists_commands_and_common_options():
    code, out, _ = run("--help")
    assert code == 0
    for command in ("check", "parse", "rules", "rule", "config"):
        assert f"\n  {command} " in out
    assert "..." not in out.split("Commands:")[1]  # no short help cut off mid-sentence
    for option in ("--format", "--select", "--fail-on", "--lang", "--output", "--fix", "--jobs"):
        assert option in out


@pytest.mark.parametrize("command", ["check", "parse", "rules", "rule", "config"])
def test_every_option_has_help_text(command):
    cmd = main.commands[command]
    bare = [p.name for p in cmd.params if isinstance(p, click.Option) and not p.help]
    assert bare == []
    assert run(command, "--help")[0] == 0


def test_statistics_total_in_english_counts_in_the_singular_too(reports):
    code, out, _ = run("--statistics", "--lang", "en", "--select", "GX401", str(reports["faulty"]))
    assert code == 1 and out.splitlines()[-1] == "1 finding from 1 rule in 1 file"


# --- ruff's everyday options (issue 14 §3) ---------------------------------------------------


def test_exit_zero_and_fail_on_never_report_but_do_not_fail(reports):
    faulty = str(reports["faulty"])
    assert run(faulty)[0] == 1
    for option in (("--exit-zero",), ("--fail-on", "never")):
        code, out, _ = run(*option, faulty)
        assert code == 0 and " GX401 错误 " in out, (option, out, _)
    # An unreadable file is still exit 2: --exit-zero is about findings only.
    assert run("--exit-zero", faulty, str(reports["binary"]))[0] == 2


def test_fail_on_never_in_a_configuration_file(reports, tmp_path):
    (tmp_path / ".gxlint.toml").write_text('fail-on = "never"\n', encoding="utf-8")
    assert run(str(reports["faulty"]))[0] == 0
    (tmp_path / ".gxlint.toml").write_text('fail-on = "nevr"\n', encoding="utf-8")
    assert run(str(reports["faulty"]))[0] == 2


def test_quiet_prints_the_findings_and_nothing_else(reports):
    code, out, _ = run("-q", str(reports["faulty"]))
    assert code == 1 and " GX401 " in out and "共 " not in out
    code, out, _ = run("--quiet", str(reports["clean"]))
    assert code == 0 and out == ""


def test_output_format_is_another_name_of_format(reports):
    faulty = str(reports["faulty"])
    assert run("--output-format", "json", faulty)[1] == run("--format", "json", faulty)[1]
    assert json.loads(run("--output-format", "json", faulty)[1])["tool"]["name"] == "gxlint"


def test_capital_v_prints_the_version():
    from lint import __version__

    code, out, _ = run("-V")
    assert code == 0 and __version__ in out
    assert run("--version")[1] == out


def test_rules_as_json():
    code, out, _ = run("rules", "--format", "json", "--lang", "en")
    rows = json.loads(out)
    assert code == 0 and [r["id"] for r in rows] == [r.id for r in load_rules()]
    assert {"id", "name", "severity", "summary", "fixable"} <= set(rows[0])
    assert rows[0]["summary"] == load_rules()[0].summary["en"]


def test_options_before_a_subcommand_are_the_subcommands(reports):
    code, out, err = run("--lang", "en", "rules")
    assert code == 0 and "no such file" not in out + err
    assert out == run("rules", "--lang", "en")[1]
    code, out, _ = run("--lang", "en", "--format", "json", "rules")
    assert code == 0 and json.loads(out)[0]["summary"] == load_rules()[0].summary["en"]
    assert run("--lang", "en", "rule", "GX401")[1] == run("rule", "GX401", "--lang", "en")[1]
    # Options before paths still lint them, and an option the subcommand lacks is an error.
    assert run("--lang", "en", str(reports["faulty"]))[0] == 1
    code, _, err = run("--fix", "rules")
    assert code == 2 and "--fix" in err


# --- smaller points (issue 14 §7) -------------------------------------------------------------


def test_missing_sections_are_listed_in_template_order(tmp_path):
    bare = tmp_path / "bare.txt"  # a title and nothing of the template's six sections
    bare.write_text("示例县测试局2023年政府信息公开工作年度报告\n\n本年度工作情况如下。\n",
                    encoding="utf-8")
    code, out, _ = run("--select", "GX101", str(bare))
    numbers = [line.split("“", 1)[1][0] for line in out.splitlines() if " GX101 " in line]
    assert code == 1 and numbers == list("一二三四五六")


def test_parse_says_how_many_cells_are_blank(tmp_path):
    lines = render(generate(5), "tabs").splitlines()
    row = next(i for i, line in enumerate(lines) if "2.重复申请" in line)
    assert lines[row].count("\t0") >= 5
    lines[row] = lines[row].replace("\t0", "\t", 5)  # five cells left empty
    report = tmp_path / "blank.txt"
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, _ = run("parse", str(report))
    cells = next(line for line in out.splitlines() if line.strip().startswith("cells"))
    assert code == 0 and ", 5 blank: t3.not_processed.repeated.natural" in cells
    blank = json.loads(run("parse", "--format", "json", str(report))[1])["blank"]
    assert len(blank) == 5 and all(k.startswith("t3.not_processed.repeated.") for k in blank)
    assert "blank" not in run("parse", str(ROOT / "fixtures" / "gen-tabs-1.txt"))[1].split("cells", 1)[1] \
        .splitlines()[0]


@pytest.mark.parametrize("lang,expected", [("zh", "是否应为“gxlint-disable-next-line”"),
                                           ("en", "did you mean gxlint-disable-next-line?")])
def test_a_misspelt_directive_is_named(tmp_path, lang, expected):
    text = render(generate(7), "tabs").replace(
        "六、其他需要报告的事项", "<!-- gxlint-disable-nextline GX601 -- 已另行说明 -->\n六、其他需要报告的事项", 1)
    report = tmp_path / "typo.txt"
    report.write_text(text, encoding="utf-8")
    lines = [line for line in run("--lang", lang, str(report))[1].splitlines() if " GX901 " in line]
    assert len(lines) == 1 and expected in lines[0] and "gxlint-disable-nextline" in lines[0]
    # A comment without a reason keeps the general wording.
    report.write_text(text.replace("gxlint-disable-nextline GX601 -- 已另行说明",
                                   "gxlint-disable-next-line GX601"), encoding="utf-8")
    lines = [line for line in run("--lang", lang, str(report))[1].splitlines() if " GX901 " in line]
    assert len(lines) == 1 and "gxlint-disable-nextline" not in lines[0] and "did you mean" not in lines[0]


def test_statistics_json_matches_its_documented_schema(reports):
    import jsonschema

    schema = json.loads((ROOT / "docs" / "gxlint-statistics.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    code, out, _ = run("--statistics", "--format", "json", str(reports["faulty"]),
                       str(reports["noted"]), str(reports["binary"]))
    data = json.loads(out)
    jsonschema.validate(data, schema)
    assert code == 2 and data["files"] == 3 and {r["rule"] for r in data["statistics"]} >= {"GX401", "GX103"}
    assert "gxlint-statistics.schema.json" in (ROOT / "docs" / "output.md").read_text("utf-8")


def test_the_example_with_faults_shows_exactly_its_faults():
    """fixtures/gen-example-faults.txt (the README's quick start) has the faults its
    .expected.json lists, and gxlint finds those and nothing else."""
    meta = json.loads((ROOT / "fixtures" / "gen-example-faults.expected.json").read_text("utf-8"))
    code, out, _ = run("--fail-on", "info", str(ROOT / "fixtures" / "gen-example-faults.txt"))
    found = sorted(line.split()[1] for line in out.splitlines()[:-1])
    assert code == 1 and found == sorted(r for fault in meta["faults"] for r in fault["rules"])


def test_color_marks_the_rule_id_and_severity_only(reports):
    faulty = str(reports["faulty"])
    plain = run(faulty)[1]
    code, out, _ = run("--color", "always", faulty)
    assert code == 1 and "\x1b[1mGX401\x1b[0m \x1b[31m\x1b[1m错误\x1b[0m 表三" in out
    assert click.unstyle(out) == plain and out.splitlines()[-1] == plain.splitlines()[-1]
    assert "\x1b" not in run("--color", "never", faulty)[1]
    assert "\x1b" not in run(faulty)[1]  # auto: not a terminal here
    assert "\x1b" not in run("--color", "always", "--format", "json", faulty)[1]


def test_color_auto_follows_the_terminal_and_no_color(monkeypatch):
    from lint import cli

    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(cli.sys, "stdout", Terminal())
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert cli.use_colour("auto", None) and not cli.use_colour("auto", "out.txt")
    monkeypatch.setenv("NO_COLOR", "1")
    assert not cli.use_colour("auto", None) and cli.use_colour("always", None)
    monkeypatch.setenv("NO_COLOR", "")  # empty: as if unset (no-color.org)
    assert cli.use_colour("auto", None) and not cli.use_colour("never", None)


def test_extend_select_adds_to_the_selection(tmp_path):
    example = tmp_path / "example.txt"
    shutil.copy(ROOT / "fixtures" / "gen-example-faults.txt", example)

    def ids(*args: str) -> list[str]:
        return sorted({line.split()[1] for line in run(*args, str(example))[1].splitlines()[:-1]})

    assert ids("--select", "GX4") == ["GX401", "GX403"]
    assert ids("--select", "GX4", "--extend-select", "GX201") == ["GX201", "GX401", "GX403"]
    assert ids("--extend-select", "GX201") == ids()  # no select: every rule runs already
    (tmp_path / ".gxlint.toml").write_text('select = ["GX303"]\n', encoding="utf-8")
    assert ids("--extend-select", "t3-balance") == ["GX303", "GX401"]
    code, _, err = run("--extend-select", "GX2O1", str(example))
    assert code == 2 and "GX2O1" in err


def test_a_report_on_standard_input(tmp_path):
    data = (ROOT / "fixtures" / "gen-example-faults.txt").read_bytes()

    def run_stdin(*args: str, input: bytes = data) -> tuple[int, str, str]:
        result = CliRunner().invoke(main, list(args), input=input)
        return result.exit_code, result.stdout, result.stderr

    code, out, _ = run_stdin("-")
    assert code == 1 and out.startswith("-:3:1: GX201 ") and "-:53:19: GX401 " in out
    named = str(tmp_path / "reports" / "2023.txt")
    code, out, _ = run_stdin("--stdin-filename", named, "-")
    assert code == 1 and f"{named}:53:19: GX401 " in out and "gxlint-stdin-" not in out
    # The configuration is the one of the name given: here it ignores GX4.
    (tmp_path / ".gxlint.toml").write_text('ignore = ["GX4"]\n', encoding="utf-8")
    code, out, _ = run_stdin("--stdin-filename", named, "-")
    assert code == 1 and " GX201 " in out and " GX401 " not in out
    # Its suffix says the format; an empty input is refused under that name.
    code, out, err = run_stdin("--stdin-filename", "a.md", "-", input=b"")
    assert code == 2 and (out + err).count("a.md: error: ") == 1 and "gxlint-stdin-" not in out + err
    assert run_stdin("--stdin-filename", named, str(ROOT / "fixtures" / "gen-tabs-1.txt"))[0] == 2
    assert run_stdin("--fix", "-")[0] == 2


def test_show_fixes_lists_what_fix_would_fix_and_what_it_fixed(tmp_path):
    report = tmp_path / "r.txt"
    shutil.copy(ROOT / "fixtures" / "gen-example-faults.txt", report)
    code, out, err = run("--show-fixes", "--lang", "en", str(report))
    assert code == 1 and f"fixable with --fix:\n  {report}: 1 × GX303 (label-nonstandard)" in err
    assert " GX303 " in out and report.read_bytes() == (ROOT / "fixtures" / "gen-example-faults.txt").read_bytes()
    code, out, err = run("--fix", "--show-fixes", "--lang", "en", str(report))
    assert f"fixed:\n  {report}: 1 × GX303 (label-nonstandard)" in err and " GX303 " not in out
    code, out, err = run("--show-fixes", "--lang", "en", str(report))
    assert "fixable with --fix: none" in err
    assert "×" not in run("--lang", "en", str(report))[2]  # only when asked for
