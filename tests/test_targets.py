"""What --output and --write-baseline may replace (lint/targets.py): the check that the
target is none of the inputs, by one stat per input, says what resolving every path said."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import click
import pytest

from lint.targets import _any_is, guard_target


def _by_resolving(inputs: list[str], target: str) -> bool:
    """The check as it was: each input's resolved path, and samefile."""
    real = os.path.realpath(target)

    def same(a: str, b: str) -> bool:
        try:
            return os.path.samefile(a, b)
        except OSError:
            return False

    return any(os.path.realpath(p) == real or same(p, target) for p in inputs)


def test_the_same_verdicts_as_resolving_every_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    Path("a.txt").write_text("a", encoding="utf-8")
    Path("sub/b.txt").write_text("b", encoding="utf-8")
    os.link("a.txt", "hard.txt")
    os.symlink("a.txt", "soft.txt")
    os.symlink("sub", "dirlink")
    os.symlink("missing.txt", "dangling.txt")
    paths = ["a.txt", "./a.txt", str(tmp_path / "a.txt"), "hard.txt", "soft.txt", "sub/b.txt",
             "dirlink/b.txt", "sub/../a.txt", "nope/../a.txt", "missing.txt", "dangling.txt",
             "sub/missing.txt", "sub", "out.json"]
    refused = 0
    for target in paths:
        for inputs in itertools.combinations(paths, 2):
            expected = _by_resolving(list(inputs), target)
            assert _any_is(list(inputs), target) == expected, (inputs, target)
            refused += expected
    assert refused > 50


def test_a_report_named_as_output_is_refused(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text("x", encoding="utf-8")
    os.symlink(report, tmp_path / "link.txt")
    for target in (report, tmp_path / "link.txt", tmp_path / "." / "r.txt"):
        with pytest.raises(click.BadParameter, match="is a report being linted"):
            guard_target(str(target), "--output", [str(tmp_path / "other.txt"), str(report)], False)
    guard_target(str(tmp_path / "out.json"), "--output", [str(report)], False)  # a new file: fine
