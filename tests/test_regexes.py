"""lint/regexes.py: gxlint's patterns rebuilt from the compiled form kept in the cache folder
are the patterns re.compile makes, and the table stops changing once a run has filled it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lint import regexes, resources

ROOT = Path(__file__).resolve().parents[1]

PATTERNS = [
    (r"(?P<y1>(?:[0-9０-９]{1,4}|[〇零○一二三四五六七八九十]{1,4}))\s*年\s*(?P<m1>[0-9]{1,2})\s*月", 0),
    (r"(?:^|(?<=[\s】\]*#>\-•·]))[【\[]?(发布机构|发文机关)[】\]]?\s*[:：]", 0),
    (r"^[-—－–]\s*\d{1,3}\s*[-—－–]$|^第\s*\d{1,3}\s*页$", re.MULTILINE),
    (r"gxlint-(disable|enable)(?=\s|$)", re.IGNORECASE),
    (r"(\w+)\s+\1", 0),
]
TEXTS = ["统计期限为2023年1月", "二〇二三年 12 月", "【发布机构】：某某局", "x 发文机关:", "— 3 —\n第 2 页",
         "GXLINT-DISABLE next", "the the", ""]


@pytest.fixture
def fresh_table(tmp_path, monkeypatch):
    monkeypatch.setenv("GXLINT_CACHE_DIR", str(tmp_path))
    resources.cache_dir.cache_clear()
    monkeypatch.setattr(regexes, "_table", None)
    monkeypatch.setattr(regexes, "_new", False)
    yield tmp_path
    resources.cache_dir.cache_clear()


def _same(a: re.Pattern, b: re.Pattern) -> None:
    assert a == b  # pattern, flags and compiled code
    assert (a.groups, a.groupindex, a.flags) == (b.groups, b.groupindex, b.flags)
    for text in TEXTS:
        assert [m.groupdict() | {"": m.span()} for m in a.finditer(text)] == \
            [m.groupdict() | {"": m.span()} for m in b.finditer(text)]


def test_patterns_from_the_table_are_those_re_compiles(fresh_table):
    first = [regexes.regex(p, f) for p, f in PATTERNS]
    regexes.save()
    files = list((fresh_table / "gxlint").glob("regex-*.marshal"))
    if not regexes._FAST:
        pytest.skip("not CPython: regex() is re.compile")
    assert len(files) == 1
    regexes._table = None  # a new run: everything comes from the file
    again = [regexes.regex(p, f) for p, f in PATTERNS]
    assert regexes._new is False  # nothing compiled afresh
    for (p, f), a, b in zip(PATTERNS, first, again, strict=True):
        _same(a, re.compile(p, f))
        _same(b, re.compile(p, f))


def test_a_damaged_table_is_compiled_afresh(fresh_table):
    regexes.regex(*PATTERNS[0])
    regexes.save()
    for f in (fresh_table / "gxlint").glob("regex-*.marshal"):
        f.write_bytes(f.read_bytes()[:50])  # truncated
    regexes._table = None
    _same(regexes.regex(*PATTERNS[0]), re.compile(*PATTERNS[0]))
    # an entry that loads but whose code is wrong
    regexes._table = {PATTERNS[1]: (0, [1, 2, 3], 0, {}, (None,))}
    _same(regexes.regex(*PATTERNS[1]), re.compile(*PATTERNS[1]))


def test_the_table_settles(tmp_path):
    """gxlint's patterns are the same in every process (hash seeds differ between them), so
    a second run over the same report compiles nothing new and leaves the table alone."""
    report = ROOT / "fixtures" / "gen-tabs-1.txt"
    env = {**os.environ, "GXLINT_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}

    def run(seed: str) -> bytes:
        done = subprocess.run([sys.executable, "-m", "lint", "--no-cache", str(report)],
                              env={**env, "PYTHONHASHSEED": seed}, capture_output=True, timeout=120)
        assert done.returncode in (0, 1), done.stderr
        return done.stdout

    out = run("1")
    if not regexes._FAST:
        pytest.skip("not CPython: no table")
    [table] = (tmp_path / "gxlint").glob("regex-*.marshal")
    before = table.read_bytes()
    assert run("2") == out
    assert table.read_bytes() == before
