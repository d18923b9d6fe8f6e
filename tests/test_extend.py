"""Configuration `extend` (ruff's meaning: inherit another file, paths relative to the file
that names them, cycles refused) and `extend-select` in configuration (issue 14 §3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lint.cli import main
from lint.config import ConfigError, Overrides, clear_cache, load_config, resolve
from tests.generate import generate, render
from tests.teampack import PACK


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _fresh(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    clear_cache()
    yield
    clear_cache()


BASE = """\
select = ["GX1", "GX3"]
ignore = ["GX103"]
fail-on = "warning"
rule-dirs = ["team"]
[severity]
GX101 = "info"
GX303 = "error"
[per-file-ignores]
"old/" = ["GX304"]
"""


def _org(tmp_path: Path, child: str) -> Path:
    write(tmp_path / "org" / ".gxlint.toml", BASE)
    write(tmp_path / "org" / "team" / "p.yaml", PACK)
    write(tmp_path / "org" / "dept" / ".gxlint.toml", child)
    return write(tmp_path / "org" / "dept" / "old" / "r.txt", render(generate(5)))


def test_a_configuration_inherits_the_one_it_extends(tmp_path):
    report = _org(tmp_path, 'extend = "../.gxlint.toml"\nignore = ["GX102"]\n[severity]\nGX101 = "warning"\n')
    config = load_config(tmp_path / "org" / "dept" / ".gxlint.toml")
    assert config.extends == (tmp_path / "org" / ".gxlint.toml",)
    assert config.select == ("GX1", "GX3") and config.ignore == ("GX102",)  # its own replaces
    assert config.fail_on == "warning"
    assert config.severity == {"GX101": "warning", "GX303": "error"}  # tables merge, its own win
    # rule-dirs relative to the file that names them, not to the one that extends it
    assert config.rule_dirs == (str(tmp_path / "org" / "team"),)
    options = resolve(report).options
    # per-file-ignores: "old/" is anchored at the base's folder (org/), and matches at any depth
    assert options.ignore == ("GX102", "GX304")
    resolved = resolve(tmp_path / "org" / "dept" / "x.txt")
    assert resolved.options.ignore == ("GX102",)
    assert "(extends " in resolved.sources["select"]


def test_patterns_stay_relative_to_their_own_file(tmp_path):
    write(tmp_path / "org" / ".gxlint.toml", '[per-file-ignores]\n"dept/*.txt" = ["GX304"]\n')
    write(tmp_path / "org" / "dept" / ".gxlint.toml",
          'extend = "../.gxlint.toml"\n[per-file-ignores]\n"*-draft.txt" = ["GX601"]\n')
    inside = resolve(tmp_path / "org" / "dept" / "a-draft.txt").options
    assert inside.ignore == ("GX304", "GX601")
    nested = resolve(tmp_path / "org" / "dept" / "sub" / "b.txt").options
    assert nested.ignore == ()  # dept/*.txt, from org/, does not reach dept/sub/


def test_extend_select_adds_to_the_select_in_force(tmp_path):
    _org(tmp_path, 'extend = "../.gxlint.toml"\nextend-select = ["GX4", "TM1"]\n')
    options = resolve(tmp_path / "org" / "dept" / "r.txt").options
    assert options.select == ("GX1", "GX3", "GX4", "TM1")
    # --select replaces the configuration's select and its extend-select; --extend-select adds
    cli = resolve(tmp_path / "org" / "dept" / "r.txt", Overrides(select=("GX2",))).options
    assert cli.select == ("GX2",)
    both = resolve(tmp_path / "org" / "dept" / "r.txt", Overrides(extend_select=("GX5",))).options
    assert both.select == ("GX1", "GX3", "GX4", "TM1", "GX5")


def test_a_select_resets_the_extend_select_it_inherits(tmp_path):
    write(tmp_path / "org" / ".gxlint.toml", 'select = ["GX1"]\nextend-select = ["GX4"]\n')
    write(tmp_path / "org" / "dept" / ".gxlint.toml", 'extend = "../.gxlint.toml"\nselect = ["GX2"]\n')
    write(tmp_path / "org" / "sub" / ".gxlint.toml", 'extend = "../.gxlint.toml"\nextend-select = ["GX5"]\n')
    assert resolve(tmp_path / "org" / "dept" / "r.txt").options.select == ("GX2",)
    assert resolve(tmp_path / "org" / "sub" / "r.txt").options.select == ("GX1", "GX4", "GX5")
    assert resolve(tmp_path / "org" / "r.txt").options.select == ("GX1", "GX4")


def test_extend_select_on_the_command_line_and_in_gxlint_config(tmp_path):
    report = _org(tmp_path, 'extend = "../.gxlint.toml"\nextend-select = ["TM1"]\n')
    code, out, _ = run("config", str(report))
    assert code == 0 and 'select = ["GX1", "GX3", "TM1"]' in out and "+ extend-select" in out
    code, out, _ = run(str(report))
    assert "TM101" in out and "GX401" not in out


@pytest.mark.parametrize("files, words", [
    ({"a/.gxlint.toml": 'extend = "../b/.gxlint.toml"\n', "b/.gxlint.toml": 'extend = "../a/.gxlint.toml"\n'},
     "configurations that extend each other in a cycle"),
    ({"a/.gxlint.toml": 'extend = ".gxlint.toml"\n'}, "in a cycle"),
    ({"a/.gxlint.toml": 'extend = "../missing.toml"\n'}, "is not a configuration file"),
    ({"a/.gxlint.toml": 'extend = "../pyproject.toml"\n', "pyproject.toml": "[project]\nname = 'x'\n"},
     "has no [tool.gxlint] table"),
    ({"a/.gxlint.toml": "extend = 3\n"}, "expected the path of a configuration file"),
    ({"a/.gxlint.toml": 'extend = "../b.toml"\n', "b.toml": 'select = ["GX999"]\n'}, "no rule matches 'GX999'"),
    ({"a/.gxlint.toml": 'extend-select = ["GX999"]\n'}, "extend-select: no rule matches 'GX999'"),
])
def test_a_bad_extend_is_an_error_naming_the_file(tmp_path, files, words):
    for name, text in files.items():
        write(tmp_path / name, text)
    report = write(tmp_path / "a" / "r.txt", render(generate(5)))
    code, out, _ = run(str(report))
    assert code == 2 and words in out and str(tmp_path / "a" / ".gxlint.toml") in out, out
    with pytest.raises(ConfigError):
        clear_cache()
        resolve(report)


def test_extend_in_pyproject(tmp_path):
    write(tmp_path / "base.toml", 'fail-on = "info"\n')
    write(tmp_path / "proj" / "pyproject.toml", '[tool.gxlint]\nextend = "../base.toml"\n')
    assert resolve(tmp_path / "proj" / "r.txt").options.fail_on == "info"
