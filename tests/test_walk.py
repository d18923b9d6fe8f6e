"""Which files a run lints (lint/walk.py) and files of formats gxlint does not read itself
(lint/adapters/formats.py): refused naming the format, or converted with LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import event, given, settings
from hypothesis import strategies as st

from lint.adapters import formats
from lint.adapters.formats import OLE_MAGIC
from lint.cli import main
from lint.config import clear_cache
from lint.walk import Exclusions, walk
from tests.generate import blocks, generate, render
from tests.lobuild import soffice
from tests.test_docx import _zip

ZIP = b"PK\x03\x04" + b"\x00" * 60
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 60


@pytest.fixture
def no_soffice(monkeypatch):
    """As on a machine without LibreOffice (forked workers inherit the patch)."""
    monkeypatch.setattr(formats, "soffice", lambda: None)


def _report(seed: int = 1) -> str:
    return render(generate(seed), "tabs")


def _tree(root: Path) -> Path:
    """reports/ with two reports, a draft folder the .gitignore leaves out, a spreadsheet,
    an image, a Word 97-2003 file and files that are no report's format."""
    reports = root / "reports"
    (reports / "drafts").mkdir(parents=True)
    (reports / "2022").mkdir()
    (reports / "a.txt").write_text(_report(1), encoding="utf-8")
    (reports / "2022" / "b.md").write_text(_report(2), encoding="utf-8")
    (reports / "drafts" / "c.txt").write_text(_report(3), encoding="utf-8")
    (reports / "tables.xlsx").write_bytes(ZIP)
    (reports / "scan.png").write_bytes(PNG)
    (reports / "old.doc").write_bytes(OLE_MAGIC + b"\x00" * 500)
    (reports / "tool.py").write_text("print(1)\n", encoding="utf-8")
    (reports / ".hidden.txt").write_text(_report(4), encoding="utf-8")
    (root / ".gitignore").write_text("drafts/\n", encoding="utf-8")
    (root / ".git").mkdir()
    return reports


def test_walk_respects_gitignore_and_exclusions(tmp_path, monkeypatch, no_soffice):
    reports = _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    found = walk(["reports"])
    assert found.files == ["reports/2022/b.md", "reports/a.txt"]
    assert sorted(found.skipped) == ["reports/old.doc", "reports/scan.png", "reports/tables.xlsx"]
    assert found.excluded == ["reports/drafts"]
    assert walk(["reports"], Exclusions(gitignore=False)).files[-1] == "reports/drafts/c.txt"
    assert walk(["reports"], Exclusions(exclude=("2022",))).files == ["reports/a.txt"]
    assert walk(["reports"], Exclusions(extend_exclude=("a.txt",))).files == ["reports/2022/b.md"]
    # A file named on the command line is linted unless --force-exclude (ruff's meaning).
    assert walk(["reports/drafts/c.txt"]).files == ["reports/drafts/c.txt"]
    assert walk(["reports/drafts/c.txt"], Exclusions(force=True)).files == []
    # The configuration's exclude (relative to its folder) and extend-exclude.
    (tmp_path / ".gxlint.toml").write_text('extend-exclude = ["reports/2022/"]\n', encoding="utf-8")
    clear_cache()  # as each run does
    assert walk(["reports"]).files == ["reports/a.txt"]
    (tmp_path / ".gxlint.toml").write_text('exclude = ["a.*"]\n', encoding="utf-8")
    clear_cache()
    assert walk([str(reports)]).files == [str(reports / "2022" / "b.md")]
    (tmp_path / ".gxlint.toml").write_text('exclude = ["reports/2022/*.md"]\n', encoding="utf-8")
    clear_cache()
    monkeypatch.chdir(reports)  # anchored at the configuration's folder, not the current one
    assert walk(["."]).files == ["./a.txt"]
    assert walk(["."], Exclusions(exclude=("2022/*.md",))).files == ["./a.txt"]
    assert walk(["."], Exclusions(exclude=())).files == ["./2022/b.md", "./a.txt"]


def test_the_run_says_what_it_skipped_and_warns_when_it_finds_nothing(tmp_path, monkeypatch,
                                                                    no_soffice):
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["--lang", "en", "reports"])
    lines = [line for line in result.output.splitlines() if "skipped" in line]
    assert lines == ["gxlint: skipped 3 files of formats gxlint does not read "
                     "(1 × .doc, 1 × .png, 1 × .xlsx; -v lists each with the reason)"]
    verbose = runner.invoke(main, ["-v", "reports"]).output
    assert "reports/old.doc: 跳过: Word 97-2003 文档（.doc），请另存为 .docx" in verbose
    assert "reports/tables.xlsx: 跳过: Excel 表格（.xlsx）" in verbose
    assert "reports/drafts: 已排除" in verbose
    ruff_like = runner.invoke(main, ["--exclude", "reports", "."])
    assert ruff_like.exit_code == 0 and "警告：所给路径下没有找到报告文件" in ruff_like.output
    (tmp_path / "empty").mkdir()
    empty = runner.invoke(main, ["--lang", "en", "empty"])
    assert empty.exit_code == 0 and "warning: no report files found" in empty.output


@pytest.mark.parametrize(("name", "content", "zh", "en"), [
    ("r.doc", OLE_MAGIC + b"\x00" * 100, "Word 97-2003 文档（.doc），请另存为 .docx",
     "Word 97-2003 document (.doc): save it as .docx"),
    ("r.wps", OLE_MAGIC + b"\x00" * 100, "WPS 文字文档（.wps），请另存为 .docx", "WPS Writer document (.wps)"),
    ("r.odt", _zip({"mimetype": b"application/vnd.oasis.opendocument.text"}),
     "OpenDocument 文本（.odt），请另存为 .docx", "OpenDocument text (.odt): save it as .docx"),
    ("r.rtf", b"{\\rtf1\\ansi " + "报告".encode("gbk") + b"}", "RTF 文档（.rtf），请另存为 .docx",
     "RTF document (.rtf): save it as .docx"),
    ("r.et", OLE_MAGIC + b"\x00" * 100, "WPS 表格（.et），不是报告正文", "WPS spreadsheet (.et), not a report"),
    ("r.xls", OLE_MAGIC + b"\x00" * 100, "Excel 97-2003 表格（.xls）", "Excel 97-2003 spreadsheet (.xls)"),
    ("r.xlsx", ZIP, "Excel 表格（.xlsx），不是报告正文", "Excel spreadsheet (.xlsx), not a report"),
    ("r.ofd", ZIP, "OFD 版式文档（.ofd），gxlint 无法读取；请导出为 PDF", "export it as PDF"),
    ("r.png", PNG, "图片（.png），没有可读的文字", "image (.png), no text to read"),
    ("r.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 60, "图片（.jpg）", "image (.jpg)"),
    ("r.tif", b"II*\x00" + b"\x00" * 60, "图片（.tif）", "image (.tif)"),
    # a Word 97-2003 file under a text name: told by its OLE signature, not called binary
    ("r.txt", OLE_MAGIC + b"\x00" * 100, "这是 Word 97-2003、Excel 97-2003 或 WPS 文件（OLE 格式）",
     "(OLE), not text: save it as .docx"),
])
def test_a_named_file_of_another_format_is_refused_naming_it(tmp_path, no_soffice, name, content,
                                                             zh, en):
    path = tmp_path / name
    path.write_bytes(content)
    runner = CliRunner()
    good = tmp_path / "good.txt"
    good.write_text(_report(), encoding="utf-8")
    result = runner.invoke(main, [str(path), str(good)])
    assert result.exit_code == 2 and f"{path}: error: {zh}" in result.output, result.output
    assert "NUL" not in result.output and "1 个无法读取" in result.output  # the other is linted
    english = runner.invoke(main, ["--lang", "en", str(path)])
    assert english.exit_code == 2 and en in english.output


def test_a_docx_saved_under_a_doc_name_is_read_as_docx(tmp_path, no_soffice):
    from tests.docxbuild import write_docx

    docx = write_docx(blocks(generate(5)), tmp_path / "r.docx")
    shutil.copy(docx, tmp_path / "r.doc")
    result = CliRunner().invoke(main, [str(tmp_path / "r.doc")])
    assert result.exit_code == 0 and "共 0 个问题" in result.output, result.output


def test_an_odt_that_is_no_zip_is_refused_naming_it(tmp_path, no_soffice):
    path = tmp_path / "r.odt"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 60)
    result = CliRunner().invoke(main, ["--lang", "en", str(path)])
    assert result.exit_code == 2 and "not an OpenDocument file (not a zip archive" in result.output


def test_a_zip_bomb_under_an_odt_name_never_reaches_libreoffice(tmp_path, no_soffice):
    path = tmp_path / "r.odt"
    path.write_bytes(_zip({"content.xml": b"<" * 50_000_000}))
    result = CliRunner().invoke(main, ["--lang", "en", str(path)])
    assert result.exit_code == 2 and "content.xml is compressed" in result.output, result.output


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("suffix, magic", [("doc", OLE_MAGIC), ("odt", b"PK\x03\x04"), ("rtf", b"{\\rtf")])
def test_a_doc_is_converted_with_libreoffice(tmp_path, suffix, magic):
    """A .doc (.odt, .rtf) written by LibreOffice from a generated DOCX is converted back and
    linted, with the same findings as the DOCX, and a note saying so."""
    from tests.docxbuild import write_docx

    spec = generate(7)
    spec.values["t3.new.natural"] += 1  # GX401, GX403
    (tmp_path / "src").mkdir()
    docx = write_docx(blocks(spec), tmp_path / "src" / "r.docx")
    out = tmp_path / "doc"
    subprocess.run([soffice(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--norestore", "--convert-to", suffix, "--outdir", str(out), str(docx)],
                   check=True, capture_output=True, timeout=300)
    doc = out / f"r.{suffix}"
    assert doc.read_bytes().startswith(magic)
    runner = CliRunner()
    as_doc = runner.invoke(main, ["--no-cache", str(doc)])
    as_docx = runner.invoke(main, ["--no-cache", str(docx)])
    assert as_doc.exit_code == 1, as_doc.output
    assert f"{doc}: note: 已用 LibreOffice 将 .{suffix} 文件转换为 .docx 后读取" in as_doc.output
    findings = [line.split(":", 2)[2] for line in as_doc.output.splitlines() if " GX" in line]
    assert findings and findings == [line.split(":", 2)[2] for line in as_docx.output.splitlines()
                                     if " GX" in line]
    # In a folder walk the .doc is a report now, not a skipped file.
    walked = runner.invoke(main, ["--lang", "en", str(out)])
    assert "skipped" not in walked.output and f"{doc}:" in walked.output


# --- plain names without the pattern library --------------------------------------------------

_PART = st.text(alphabet="abv_-. 中x*?[]!#/\\", min_size=1, max_size=6)


@settings(max_examples=400, deadline=None)
@given(patterns=st.lists(st.sampled_from(["venv", "a", "b.txt", "中", "v", "a b", " a", "a ", "..", ".x"])
                        | _PART, min_size=1, max_size=4),
       parts=st.lists(st.sampled_from(["venv", "a", "node_modules", "b.txt", "中", "v", ".x"])
                      | _PART.filter(lambda p: "/" not in p and p not in (".", "..")),
                      min_size=1, max_size=5),
       inside=st.booleans(), is_dir=st.booleans())
def test_plain_names_match_as_gitignore_does(patterns, parts, inside, is_dir):
    """Plain names (the built-in excludes) are matched by path part without pathspec: the same
    verdict as pathspec's gitignore meaning, inside the base folder or outside it."""
    import os

    from lint.walk import _match, _match_spec, _plain, _spec

    patterns = tuple(patterns)
    base = "/w/base"
    absolute = os.path.normpath(os.path.join(base if inside else "/elsewhere", *parts))
    event("plain" if _plain(patterns) is not None else "patterns")
    if _plain(patterns) is None:
        assert any(not p or p != p.strip() or not p.strip(".") or set(p) & set("*?[]\\/!#")
                   for p in patterns)
        return
    assert _match(base, patterns, absolute, is_dir) == \
        _match_spec(_spec(patterns), base, absolute, is_dir), (patterns, absolute)


def test_default_excludes_need_no_pattern_library(tmp_path):
    """A folder searched with the built-in excludes and no .gitignore loads no pathspec (its
    import costs tens of ms); a real pattern does load it."""
    import os
    import sys

    reports = tmp_path / "reports"
    (reports / "venv").mkdir(parents=True)
    (reports / "a.txt").write_text("x", encoding="utf-8")
    (reports / "venv" / "b.txt").write_text("x", encoding="utf-8")
    probe = ("import sys; from lint.walk import walk, Exclusions; "
             "w = walk([sys.argv[1]], Exclusions(extend_exclude=tuple(sys.argv[2:]))); "
             "print(len(w.files), 'pathspec' in sys.modules)")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    run = lambda *extra: subprocess.run([sys.executable, "-c", probe, str(reports), *extra],  # noqa: E731
                                        capture_output=True, text=True, env=env, cwd=tmp_path,
                                        check=True).stdout.split()
    assert run() == ["1", "False"]
    assert run("a.*") == ["0", "True"]
