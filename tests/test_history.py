"""Last year's report from the history (lint/history.py) when only this year's is linted:
the files a git repository tracks, or the configuration's `history` patterns."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from lint import cache
from lint.cli import main
from lint.config import Overrides, options_for
from lint.history import _may_hold
from tests.generate import generate_series, render

GIT = shutil.which("git")


def _series(folder: Path, fault: int = 3) -> tuple[Path, Path]:
    """An agency's 2022 and 2023 reports; 2023's 上年结转 contradicts 2022's 结转下年度."""
    prev, cur = generate_series(21, years=2, first_year=2022)
    if fault:
        for row in ("carried_over", "disclosed", "total"):
            cur.values[f"t3.{row}.natural"] += fault
            cur.values[f"t3.{row}.total"] += fault
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2022.txt").write_text(render(prev, "tabs"), encoding="utf-8")
    (folder / "2023.txt").write_text(render(cur, "pipes"), encoding="utf-8")
    return folder / "2022.txt", folder / "2023.txt"


def _git(cwd: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.invalid", GIT_CONFIG_NOSYSTEM="1",
               HOME=str(cwd))
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def _gx701(output: str, path: str) -> list[str]:
    return [line for line in output.splitlines() if "GX701" in line and line.startswith(path)]


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_last_year_is_found_among_the_tracked_reports(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    prev, cur = _series(repo / "reports")
    (repo / "notes.md").write_text("# 2022 notes\n", encoding="utf-8")  # tracked, not a report
    _git(repo, "init", "-q")
    _git(repo, "add", "reports/2022.txt", "notes.md")
    monkeypatch.chdir(repo)
    runner = CliRunner()
    result = runner.invoke(main, ["-v", "--select", "GX7", "reports/2023.txt"])
    assert result.exit_code == 1, result.output
    assert len(_gx701(result.output, "reports/2023.txt")) == 2  # the column and the total
    assert "reports/2023.txt: note: 已与上年报告 reports/2022.txt 对照" in result.output
    # The history file was linted for its facts only, through the result cache.
    assert "reports/2022.txt:" not in result.output
    options = options_for(str(prev), Overrides(select=("GX7",), cache=True))
    digest = cache.content_digest(str(prev))
    assert cache.get(options.cache, cache.key(digest, str(prev), options, False), str(prev))
    # The history's own reports are not this run's: linting both pairs them as before.
    both = runner.invoke(main, ["--select", "GX7", "reports/"])
    assert len(_gx701(both.output, "reports/2023.txt")) == 2
    # A report that is not tracked is not history.
    _git(repo, "rm", "-q", "--cached", "reports/2022.txt")
    gone = runner.invoke(main, ["-v", "--select", "GX7", "reports/2023.txt"])
    assert gone.exit_code == 0, gone.output
    assert "reports/2023.txt: note: 历史报告" in gone.output and "2022 年度" in gone.output


def test_configured_history_outside_git(tmp_path, monkeypatch):
    _series(tmp_path / "archive")
    (tmp_path / "archive" / "2023.txt").rename(tmp_path / "2023.txt")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["--select", "GX7", "2023.txt"]).exit_code == 0
    (tmp_path / ".gxlint.toml").write_text('history = ["archive/**"]\n', encoding="utf-8")
    found = runner.invoke(main, ["--select", "GX7", "--lang", "en", "2023.txt"])
    assert found.exit_code == 1 and len(_gx701(found.output, "2023.txt")) == 2, found.output
    assert "archive/2022.txt" in found.output and str(tmp_path) not in found.output
    shown = runner.invoke(main, ["config", "2023.txt"]).output
    assert 'history = ["archive/**"]' in shown and str(tmp_path / ".gxlint.toml") in shown
    (tmp_path / ".gxlint.toml").write_text("history = []\n", encoding="utf-8")
    assert runner.invoke(main, ["--select", "GX7", "2023.txt"]).exit_code == 0
    (tmp_path / ".gxlint.toml").write_text('history = "archive"\n', encoding="utf-8")
    bad = runner.invoke(main, ["2023.txt"])
    assert bad.exit_code == 2 and "history: expected a list of strings" in bad.output


def test_without_git_the_default_history_is_empty_and_quiet(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    _series(repo)
    (repo / ".git").mkdir()  # looks like a repository, but there is no git to ask
    monkeypatch.chdir(repo)
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    result = CliRunner().invoke(main, ["--select", "GX7", "2023.txt"])
    assert result.exit_code == 0 and result.output.strip().startswith("共 0 个问题"), result.output


def test_text_history_that_does_not_mention_the_year_is_not_read(tmp_path):
    text = tmp_path / "r.txt"
    text.write_text("二〇二二年度报告", encoding="gb18030")
    assert _may_hold(str(text), {2022}) and not _may_hold(str(text), {2021})
    text.write_text("2021年", encoding="utf-16")
    assert _may_hold(str(text), {2021}) and not _may_hold(str(text), {2020})
    assert _may_hold(str(tmp_path / "r.pdf"), {1999})  # other formats are read to be known


def test_history_knows_the_report_suffixes():
    """lint/history.py filters `git ls-files` by the suffixes the adapters read, kept there so
    that a cache hit loads no reader's module: the same as the adapters'."""
    from lint import adapters, history
    from lint.adapters import formats

    assert sorted(history._REPORTS) == sorted(adapters.SUFFIXES)
    assert sorted(history._CONVERTIBLE) == sorted(formats.CONVERTIBLE)


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_what_git_tracks_is_asked_again_when_the_index_changes(tmp_path, monkeypatch):
    """`git ls-files` is kept under a stamp of the index file: an unchanged index asks no
    git process, `git add` and `git rm --cached` (a new index) ask again."""
    from lint import history, resources

    monkeypatch.setenv("GXLINT_CACHE_DIR", str(tmp_path / "cache"))
    resources.cache_dir.cache_clear()
    repo = tmp_path / "repo"
    _series(repo)
    _git(repo, "init", "-q")
    _git(repo, "add", "2022.txt")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    asked = []
    real = history._ls_files
    monkeypatch.setattr(history, "_ls_files", lambda root, e: asked.append(root) or real(root, e))
    try:
        assert history._listed(str(repo), env) == ["2022.txt"] and len(asked) == 1
        assert history._listed(str(repo), env) == ["2022.txt"] and len(asked) == 1  # kept
        _git(repo, "add", "2023.txt")
        assert history._listed(str(repo), env) == ["2022.txt", "2023.txt"] and len(asked) == 2
        _git(repo, "rm", "-q", "--cached", "2022.txt")
        assert history._listed(str(repo), env) == ["2023.txt"] and len(asked) == 3
        for memo in (tmp_path / "cache" / "gxlint").glob("git-*.json"):
            memo.write_text("{", encoding="utf-8")  # damaged: git is asked
        assert history._listed(str(repo), env) == ["2023.txt"] and len(asked) == 4
    finally:
        resources.cache_dir.cache_clear()
