"""Safe fixes as a user runs them: ``gxlint --fix`` writes text and Markdown files atomically,
keeping encoding, BOM and line ends; ``--diff`` previews; numbers never change."""

from __future__ import annotations

import codecs
import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lint import fixes
from lint.cli import main
from lint.engine import Options, lint_file
from lint.findings import FileResult, Finding, Location
from lint.pipeline import parse_text
from lint.rulepack import load_rules
from tests.generate import LAYOUTS, generate, render

RULES = load_rules()
FIXABLE = {r.id for r in RULES if r.fixable}
# (template label, how reports misspell it): each a GX303 finding with a fix.
MISSPELT = [("本年废止件数", "本年度止件数"), ("行政规范性文件", "规范性文件"),
            ("本年制发件数", "本年制发件"), ("现行有效件数", "现行有效件救")]
QUIRKY = ("bookmarks", "bold_debris", "title_space", "crlf", "bom", "fullwidth_spaces",
          "fullwidth_digits", "halfwidth_brackets", "spaced_headers", "wrapped_labels")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _report(layout: str = "tabs", seed: int = 5, misspell: tuple[int, ...] = (0, 1), **quirks: bool) -> str:
    text = render(generate(seed), layout, **quirks)
    for i in misspell:
        text = text.replace(*MISSPELT[i])
    return text


def _bound(path: Path) -> dict:
    raw = path.read_bytes()
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")):
        if raw.startswith(bom):
            raw, encoding = raw[len(bom):], codec
            break
    else:
        encoding = "gb18030" if path.suffix == ".gbk" else "utf-8"
    report = parse_text(raw.decode(encoding), str(path), markdown=path.suffix == ".md")
    doc = report.document
    return {"cells": {k: c.value for k, c in report.cells.items()}, "period": doc.period and
            (doc.period.start, doc.period.end), "year": doc.year,
            "signature": doc.signature and doc.signature.date and doc.signature.date.value}


def _fixable(path: Path) -> list[Finding]:
    return [f for f in lint_file(path, RULES, Options()).findings if f.fix]


def test_fix_corrects_labels_debris_and_title_keeping_bom_crlf_and_numbers(tmp_path):
    path = tmp_path / "报告.txt"
    path.write_bytes(_report(bookmarks=True, bold_debris=True, title_space=True, crlf=True,
                             bom=True).encode("utf-8"))
    before, numbers = path.read_bytes(), _bound(path)
    assert {f.rule_id for f in _fixable(path)} == {"GX303", "GX801", "GX802"}

    code, out, err = run("--fix", str(path))
    after = path.read_bytes()
    assert "已修复" in err
    assert after.startswith(codecs.BOM_UTF8) and after.count(b"\r\n") == before.count(b"\r\n")
    assert after.replace(b"\r\n", b"").count(b"\n") == 0  # no bare LF crept in
    assert b"[bookmark:" not in after and b"**" not in after and "年度 报告".encode() not in after
    assert "本年废止件数".encode() in after and "本年度止件数".encode() not in after
    assert _bound(path) == numbers
    # The output is the re-lint of the fixed file: no fixable finding is left.
    assert not any(f" {rule} " in out for rule in FIXABLE)
    assert _fixable(path) == []
    assert list(tmp_path.iterdir()) == [path]  # the temporary file was renamed, not left


def test_diff_prints_a_patch_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = Path("r.md")
    path.write_text(_report("markdown", title_space=True), encoding="utf-8")
    before = path.read_bytes()
    code, out, err = run("--diff", "r.md")
    assert code == 1 and path.read_bytes() == before
    assert out.startswith("--- a/r.md\n+++ b/r.md\n@@ ")
    assert "年度 报告" in out and "本年废止件数" in out and "个问题可自动修复" in err
    Path("fixed.md").write_bytes(before)
    assert run("--fix", "fixed.md")[0] == 0
    if shutil.which("patch"):  # the patch applies and gives what --fix writes
        applied = subprocess.run(["patch", "-p1", "-o", "-", "r.md"], input=out.encode(),
                                 capture_output=True)
        assert applied.returncode == 0 and applied.stdout == Path("fixed.md").read_bytes()
    # Nothing left to fix: exit 0 and an empty diff.
    assert run("--diff", "fixed.md")[:2] == (0, "")


def test_fix_and_diff_exclude_each_other(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(_report(), encoding="utf-8")
    assert run("--fix", "--diff", str(path))[0] == 2


@pytest.mark.parametrize("encoding,suffix", [("gb18030", ".txt"), ("utf-16", ".txt"), ("utf-16-be", ".txt")])
def test_fix_keeps_the_files_encoding(tmp_path, encoding, suffix):
    path = tmp_path / f"r{suffix}"
    text = _report(bookmarks=True)
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    path.write_bytes(data)
    code, _, err = run("--fix", str(path))
    after = path.read_bytes()
    assert after[:2] == data[:2]
    decoded = after.decode("utf-16-be" if encoding == "utf-16-be" else encoding).lstrip("\ufeff")
    assert "[bookmark:" not in decoded and "本年废止件数" in decoded
    assert len(decoded.splitlines()) == len(text.splitlines())


def test_fix_leaves_suppressed_findings_alone(tmp_path):
    path = tmp_path / "r.md"
    text = _report("markdown", misspell=(0,))
    lines = text.split("\n")
    row = next(i for i, line in enumerate(lines) if "本年度止件数" in line)
    lines.insert(row, "<!-- gxlint-disable-next-line GX303 -- 上级下发的表格就是这样写的 -->")
    path.write_text("\n".join(lines), encoding="utf-8")
    code, out, err = run("--diff", str(path))
    assert code == 0 and out == ""
    assert run("--fix", str(path))[0] == 0 and "本年度止件数" in path.read_text(encoding="utf-8")


def test_sarif_carries_fixes_as_replacements(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("r.txt").write_text(_report(misspell=(0,)), encoding="utf-8")
    log = json.loads(run("--format", "sarif", "r.txt")[1])
    result = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "GX303")
    change = result["fixes"][0]["artifactChanges"][0]
    assert change["artifactLocation"]["uri"] == "r.txt"
    (replacement,) = change["replacements"]
    region = replacement["deletedRegion"]
    line = Path("r.txt").read_text(encoding="utf-8").split("\n")[region["startLine"] - 1]
    assert line[region["startColumn"] - 1:region["endColumn"] - 1] == "本年度止件数"
    assert replacement["insertedContent"]["text"] == "本年废止件数"
    data = json.loads(run("--format", "json", "r.txt")[1])
    assert any(f["fixable"] for f in data["files"][0]["findings"])


def test_pdf_docx_html_fixes_are_suggestions_only(tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(b"%PDF-1.4 not linted here")
    edit = fixes.Edit(10, 16, "本年废止件数", 3, 1, 3, 7, "本年度止件数")
    finding = Finding("GX303", "label-nonstandard", "warning", "m", str(path),
                      Location(3, 1, 3, 7, 1, 7, page=2), fix=[edit])
    result = FileResult(str(path), [finding], kind="pdf")
    done = fixes.run([result], write=True)
    assert done.fixed == {} and path.read_bytes() == b"%PDF-1.4 not linted here"
    assert done.suggestions == [f"{path}:2: GX303 建议将“本年度止件数”改为“本年废止件数”"
                                "（PDF 文件不会被修改，请在原文件中修改）"]
    assert "PDF files are not modified" in fixes.run([result], write=True, lang="en").suggestions[0]


def test_a_file_changed_after_linting_is_not_written(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(_report(), encoding="utf-8")
    result = lint_file(path, RULES, Options())
    path.write_text(_report() + "\n补充一句。\n", encoding="utf-8")
    changed = path.read_bytes()
    done = fixes.run([result], write=True)
    assert done.fixed == {} and "changed" in done.problems[0] and path.read_bytes() == changed


def test_unsafe_edits_are_refused():
    assert fixes.safe_edit("[bookmark: _Hlk123]", "")
    assert fixes.safe_edit("本年度止件数", "本年废止件数")
    assert not fixes.safe_edit("12", "13")
    assert not fixes.safe_edit("第（一）项", "第（二）项")
    assert not fixes.safe_edit("规章\n", "规章")


# --- property: fixing never changes a number, and leaves nothing fixable ----------------------


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 3000), layout=st.sampled_from(LAYOUTS),
       quirks=st.sets(st.sampled_from(QUIRKY), max_size=5),
       misspell=st.sets(st.integers(0, len(MISSPELT) - 1), max_size=3))
def test_fixing_generated_reports_removes_fixable_findings_and_keeps_numbers(
        tmp_path_factory, seed, layout, quirks, misspell):
    path = tmp_path_factory.mktemp("fix") / ("r.md" if layout == "markdown" else "r.txt")
    text = _report(layout, seed, tuple(sorted(misspell)), **dict.fromkeys(quirks, True))
    path.write_bytes(text.encode("utf-8"))
    before = lint_file(path, RULES, Options())
    numbers, lines = _bound(path), text.splitlines(keepends=True)
    done = fixes.run([before], write=True)
    assert done.problems == []
    after_text = path.read_bytes().decode("utf-8")
    after = lint_file(path, RULES, Options())
    fixed = Counter((f.rule_id, f.fingerprint_key) for f in before.findings if f.fix)
    left = Counter((f.rule_id, f.fingerprint_key) for f in after.findings)
    assert not fixed & left, "a fixed finding is still reported"
    assert [f for f in after.findings if f.fix] == []
    assert _bound(path) == numbers
    # Line ends and the number of lines are the file's own.
    assert [line[len(line.rstrip("\r\n")):] for line in after_text.splitlines(keepends=True)] == \
        [line[len(line.rstrip("\r\n")):] for line in lines]


def test_fix_through_the_installed_entry_point(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(_report(title_space=True), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "lint", "--lang", "en", "--fix", str(path)],
                          capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
    assert proc.returncode == 0, proc.stderr
    assert "fixed 3 findings in 1 files" in proc.stderr
    assert "年度 报告" not in path.read_text(encoding="utf-8")


def test_fix_through_a_symlink_writes_the_target(tmp_path):
    target = tmp_path / "real.txt"
    target.write_text(_report(misspell=(0,)), encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert run("--fix", str(link))[0] == 0
    assert link.is_symlink() and "本年度止件数" not in target.read_text(encoding="utf-8")
    assert target.stat().st_mode & 0o777 == 0o640


def test_fixing_the_real_seed_reports_keeps_every_number(seeds, tmp_path):
    copies = []
    for seed in seeds:
        copy = tmp_path / seed.name
        copy.write_bytes(seed.read_bytes())
        copies.append(copy)
    before = {p: (_bound(p), lint_file(p, RULES, Options()).findings) for p in copies}
    assert any(f.fix for _, findings in before.values() for f in findings)
    code, out, err = run("--fix", *map(str, copies))
    assert "已修复" in err
    for path, (numbers, findings) in before.items():
        assert _bound(path) == numbers, path.name
        after = lint_file(path, RULES, Options()).findings
        assert [f for f in after if f.fix] == []
        kept = Counter(f.rule_id for f in findings if not f.fix)
        assert Counter(f.rule_id for f in after) == kept, path.name
