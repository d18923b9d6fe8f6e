"""Encodings end to end: GB18030 and UTF-16 copies of a report — text or web page — give the
findings of the UTF-8 one, and ``gxlint -v`` says when an encoding was guessed."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from lint.adapters import read_source
from lint.cli import main
from lint.engine import Options, lint_file
from lint.rulepack import load_rules
from tests.conftest import FIXTURES
from tests.generate import blocks, generate
from tests.htmlbuild import page_html

RULES = load_rules()
FIXTURE = FIXTURES / "gen-tabs-1.txt"


def _findings(path) -> list[tuple]:
    result = lint_file(path, RULES, Options())
    assert result.error is None, result.error
    return [(f.rule_id, f.message, f.location.line, f.location.column) for f in result.findings]


def _faulty_fixture() -> str:
    text = FIXTURE.read_text("utf-8")
    assert "行政规范性文件\t10\t4\t24" in text
    return text.replace("行政规范性文件\t10\t4\t24", "行政规范性文件\t40\t4\t24")  # GX405


@pytest.mark.parametrize("encoding, guessed", [
    ("utf-8-sig", False), ("gb18030", True), ("gbk", True), ("utf-16", False), ("utf-16-le", True),
])
def test_text_copies_of_a_fixture_give_the_same_findings(tmp_path, encoding, guessed):
    text = _faulty_fixture()
    reference = tmp_path / "utf8.txt"
    reference.write_bytes(text.encode("utf-8"))
    copy = tmp_path / f"{encoding}.txt"
    copy.write_bytes(text.encode(encoding))
    expected = _findings(reference)
    assert any(f[0] == "GX405" for f in expected)
    assert _findings(copy) == expected
    assert bool(read_source(copy).notes) == guessed


# (bytes encoding, declared charset, note expected)
PAGES = [
    ("utf-8-sig", None, None),
    ("gb18030", "gb2312", None),  # declared GB2312, holding GB18030: read as its superset
    ("gb18030", "gbk", None),
    ("gb18030", None, "encoding guessed: gb18030"),
    ("utf-16", "utf-16", None),  # with a BOM
    ("utf-16-le", None, "encoding guessed: utf-16-le"),
    ("gb18030", "utf-8", "declares charset utf-8 but is not; read as gb18030"),
    ("utf-8", "utf-16", None),  # a meta one can read is not UTF-16: HTML reads it as UTF-8
]


@pytest.mark.parametrize("encoding, charset, note", PAGES)
def test_page_copies_give_the_same_findings(tmp_path, encoding, charset, note):
    spec = generate(7)
    spec.values["t4.review.upheld"] += 1  # GX404
    items = blocks(spec)
    reference = tmp_path / "utf8.html"
    reference.write_bytes(page_html(items, "divs", "utf-8").encode("utf-8"))
    copy = tmp_path / f"{encoding}-{charset}.html"
    copy.write_bytes(page_html(items, "divs", charset).encode(encoding))
    expected = _findings(reference)
    assert any(f[0] == "GX404" for f in expected)
    assert _findings(copy) == expected
    source = read_source(copy)
    assert source.notes == ([] if note is None else [n for n in source.notes if note in str(n)])
    assert bool(source.notes) == bool(note)


def test_verbose_says_when_the_encoding_was_guessed(tmp_path):
    text = _faulty_fixture()
    (tmp_path / "gb.txt").write_bytes(text.encode("gb18030"))
    (tmp_path / "utf8.txt").write_bytes(text.encode("utf-8"))
    (tmp_path / "page.html").write_bytes(page_html(blocks(generate(2)), "bare", None).encode("gb18030"))
    chinese = CliRunner().invoke(main, ["-v", "--fail-on", "warning", str(tmp_path)])
    assert f"{tmp_path / 'gb.txt'}: note: 编码为推测：gb18030" in chinese.stderr.splitlines()
    result = CliRunner().invoke(main, ["-v", "--lang", "en", "--fail-on", "warning", str(tmp_path)])
    assert result.exit_code == 1  # GX405 is a warning
    notes = result.stderr.splitlines()
    assert f"{tmp_path / 'gb.txt'}: note: encoding guessed: gb18030" in notes
    assert f"{tmp_path / 'page.html'}: note: encoding guessed: gb18030" in notes
    assert not [n for n in notes if "utf8.txt" in n]
    assert "GX405" in result.stdout
    quiet = CliRunner().invoke(main, [str(tmp_path)])
    assert "note:" not in quiet.stderr
