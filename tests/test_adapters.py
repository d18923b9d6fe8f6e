"""Reading text files: encodings detected, bad input refused with a clear reason."""

from __future__ import annotations

import pytest

import lint.adapters as adapters
from lint.adapters import InputError, read_source
from lint.engine import Options, lint_file
from lint.rulepack import load_rules
from tests.conftest import assert_refused
from tests.generate import generate, render

RULES = load_rules()


@pytest.mark.parametrize("encoding, guessed", [
    ("utf-8", False), ("utf-8-sig", False), ("utf-16", False), ("utf-16-le", True),
    ("utf-16-be", True), ("gb18030", True), ("gbk", True),
])
def test_encodings_give_the_same_findings(tmp_path, encoding, guessed):
    spec = generate(6)
    spec.values["t4.review.upheld"] += 1
    text = render(spec, "tabs")
    reference = tmp_path / "ref.txt"
    reference.write_text(text, encoding="utf-8")
    copy = tmp_path / f"copy-{encoding}.txt"
    copy.write_bytes(text.encode(encoding))
    source = read_source(copy)
    assert source.text == text
    assert bool(source.notes) == guessed
    expected = [(f.rule_id, f.location, f.message) for f in lint_file(reference, RULES, Options()).findings]
    found = [(f.rule_id, f.location, f.message) for f in lint_file(copy, RULES, Options()).findings]
    assert found == expected and any(f[0] == "GX404" for f in found)


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file"),
    (b"   \n\t\n", "no text"),
    (bytes(range(256)) * 8, "binary file"),
    (b"\x89PNG\r\n\x1a\n" + bytes(200), "binary file"),
])
def test_bad_input_is_refused_with_a_reason(tmp_path, content, reason):
    assert_refused(tmp_path / "report.txt", content, reason)


def test_a_file_over_the_size_limit_is_refused_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"x" * 2048)
    monkeypatch.setattr(adapters, "MAX_BYTES", 1024)
    with pytest.raises(InputError) as info:
        read_source(path)
    assert "too large" in str(info.value)


def test_a_directory_or_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        read_source(tmp_path)
    with pytest.raises(InputError, match="no such file or directory"):
        read_source(tmp_path / "missing.txt")


@pytest.mark.parametrize("name", ["DownloadFile.do", "attach.jsp", "report", "r.txt"])
@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_a_download_saved_under_a_portals_name_is_read_by_its_content(tmp_path, name, kind):
    # A portal's attachment link (DownloadFile.do?id=…) saves a PDF or a DOCX under that name.
    from tests.docxbuild import write_docx
    from tests.generate import blocks
    from tests.pdfbuild import build_pdf

    spec = generate(4)
    spec.values["t4.review.upheld"] += 1  # GX404
    proper = tmp_path / f"proper.{kind}"
    if kind == "pdf":
        proper.write_bytes(build_pdf(spec)[0])
    else:
        write_docx(blocks(spec), proper)
    saved = tmp_path / name
    saved.write_bytes(proper.read_bytes())
    assert read_source(saved).kind == kind
    said = [(f.rule_id, f.message) for f in lint_file(saved, RULES, Options()).findings]
    assert "GX404" in {rule for rule, _ in said}
    assert said == [(f.rule_id, f.message) for f in lint_file(proper, RULES, Options()).findings]


def test_a_zip_that_is_no_docx_under_another_name_is_not_text(tmp_path):
    from tests.test_docx import _zip

    assert_refused(tmp_path / "DownloadFile.do", _zip({"a.csv": b"1,2\n"}), "binary file")
