"""``gxlint --annotate OUTDIR``: annotated copies of generated faulty reports.

DOCX: one Word comment per located finding, holding its text, anchored on the paragraph or
table cell the finding's line and column point at (checked in the copy's XML, and after
LibreOffice opened and converted it). PDF: one highlight per located finding on its page,
covering exactly the characters of its cell (or the start of its line). Findings with no
place are listed at the top; text reports get no copy; originals are never written.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import tempfile
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from lint.adapters import read_source
from lint.annotate import Annotated, column_of, comment_text, targets, unplaced_text
from lint.cli import main
from lint.engine import Options, lint_file
from lint.findings import Finding, Location
from lint.rulepack import load_rules
from tests.blockfaults import COMMENT_FAULTS, RUN_ON_FAULTS, fault_items
from tests.docxbuild import write_docx
from tests.generate import blocks, generate, render
from tests.lobuild import has_cjk_font, soffice
from tests.pdfbuild import build_pdf
from tests.test_faults import FAULTS

RULES = load_rules(use_cache=False)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
# Faults that block writers can inject (gxlint comments are not in DOCX or PDF).
BLOCK_RULES = sorted(set(FAULTS) - COMMENT_FAULTS - RUN_ON_FAULTS)


def run(*args: str) -> tuple[int, str, str]:
    """gxlint in this process: (exit code, stdout, stderr). CliRunner turns an exception that
    escapes the command into exit code 1 with nothing on stderr, which reads as "findings";
    it is raised here instead, so a crash fails the test with its traceback."""
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _anchor(finding: Finding, lines: list[str]) -> tuple[str, bool]:
    """What a finding points at in the text form: (its cell's text, True) in a table row,
    (its line, False) elsewhere."""
    line = lines[finding.location.line - 1]
    if "\t" in line:
        return line.split("\t")[column_of(line, finding.location.column)], True
    return line, False


def _faulty(rule_id: str, seed: int = 8):
    return fault_items(rule_id, seed)[1]


def _cell_fault():
    """A report whose 表三 does not add up (GX401, GX403 on its cells) and whose 表二 row is
    labelled with the 2019 wording (GX303 on that label's cell)."""
    spec = generate(5)
    spec.values["t3.new.natural"] += 1
    items = []
    for kind, content in blocks(spec):
        if not isinstance(content, str):
            rows = [replace(row, cells=[replace(c, text="规范性文件") if c.text == "行政规范性文件"
                                        else c for c in row.cells]) for row in content.rows]
            content = replace(content, rows=rows)
        items.append((kind, content))
    return spec, items


# --- DOCX ----------------------------------------------------------------------------------------


def _annotate(path: Path, lang: str = "zh") -> tuple[list[Finding], Annotated]:
    from lint.annotate import docx_comments, pdf_notes

    findings = lint_file(path, RULES, Options(lang=lang)).findings
    module = docx_comments if path.suffix == ".docx" else pdf_notes
    return findings, module.annotate(str(path), findings, lang)


def _docx_comments(data: bytes) -> tuple[dict[str, str], dict[str, etree._Element]]:
    """The copy's comments (id -> text) and the w:p each comment's range starts in."""
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as z:
        comments = etree.fromstring(z.read("word/comments.xml"))
        document = etree.fromstring(z.read("word/document.xml"))
    texts = {c.get(W + "id"): "\n".join("".join(t.text or "" for t in p.iter(W + "t"))
                                         for p in c.iter(W + "p"))
             for c in comments.iter(W + "comment")}
    starts = {s.get(W + "id"): s.getparent() for s in document.iter(W + "commentRangeStart")}
    ends = {e.get(W + "id") for e in document.iter(W + "commentRangeEnd")}
    refs = {r.get(W + "id") for r in document.iter(W + "commentReference")}
    assert set(texts) == set(starts) == ends == refs  # every comment anchored, once
    return texts, starts


def _xml_text(element) -> str:
    return "".join(t.text or "" for t in element.iter(W + "t"))


def _check_docx(path: Path, findings: list[Finding], copy: Annotated, lang: str = "zh") -> None:
    lines = read_source(path).text.split("\n")
    texts, starts = _docx_comments(copy.data)
    located = [f for f in findings if f.location.paragraph is not None and f.location.line >= 1]
    unplaced = [f for f in findings if f not in located]
    assert (copy.placed, copy.listed) == (len(located), len(unplaced))
    assert len(texts) == len(located) + bool(unplaced)
    by_text: dict[str, list[str]] = {}
    for cid, text in texts.items():
        by_text.setdefault(text, []).append(cid)
    for f in located:
        cid = by_text[comment_text(f, lang)].pop()
        p = starts[cid]
        anchor, in_cell = _anchor(f, lines)
        tc = next(p.iterancestors(W + "tc"), None)
        if in_cell:
            assert tc is not None and p.getparent() is tc, f
            assert _norm(_xml_text(tc)) == _norm(anchor), (f.rule_id, anchor)
        else:
            assert tc is None and p.getparent().tag == W + "body", f
            assert _norm(anchor) in _norm(_xml_text(p)), (f.rule_id, anchor)
    if unplaced:
        assert by_text[unplaced_text(unplaced, lang)]


@pytest.mark.parametrize("rule_id", BLOCK_RULES)
def test_docx_copy_has_a_comment_on_each_findings_paragraph_or_cell(rule_id, tmp_path):
    path = write_docx(_faulty(rule_id), tmp_path / "r.docx")
    before = _digest(path)
    findings, copy = _annotate(path)
    assert any(f.rule_id == rule_id for f in findings)
    _check_docx(path, findings, copy)
    assert _digest(path) == before


def test_docx_cells_get_their_own_comments(tmp_path):
    path = write_docx(_cell_fault()[1], tmp_path / "r.docx")
    findings, copy = _annotate(path, "en")
    assert {"GX303", "GX401", "GX403"} <= {f.rule_id for f in findings}
    _check_docx(path, findings, copy, "en")
    texts, starts = _docx_comments(copy.data)
    cells = {_xml_text(next(starts[cid].iterancestors(W + "tc"))) for cid, text in texts.items()
             if text.startswith(("GX401", "GX303"))}
    assert "规范性文件" in cells  # the label's cell, not the whole row


def _whole_file(finding: Finding) -> Finding:
    return replace(finding, location=Location(0, 0, 0, 0, 0, 0))


def test_findings_without_a_place_are_listed_at_the_top(tmp_path):
    from lint.annotate import docx_comments, pdf_notes

    spec, items = _cell_fault()
    docx_path = write_docx(items, tmp_path / "r.docx")
    pdf_path = tmp_path / "r.pdf"
    pdf_path.write_bytes(build_pdf(spec)[0])
    for path, module in ((docx_path, docx_comments), (pdf_path, pdf_notes)):
        findings = lint_file(path, RULES, Options()).findings
        nowhere = [_whole_file(findings[0]), _whole_file(findings[-1])]
        copy = module.annotate(str(path), [*findings, *nowhere], "zh")
        assert (copy.placed, copy.listed) == (len(findings), 2)
        if module is docx_comments:
            texts, starts = _docx_comments(copy.data)
            top = next(cid for cid, text in texts.items() if text == unplaced_text(nowhere, "zh"))
            body = starts[top].getparent()
            assert body.tag == W + "body" and body.index(starts[top]) == 0  # the first paragraph
        else:
            notes = [a for a in _pdf_annotations(copy.data) if a["subtype"] == "/Text"]
            assert [(a["page"], a["contents"]) for a in notes] == [(1, unplaced_text(nowhere, "zh"))]


# --- PDF -----------------------------------------------------------------------------------------


def _pdf_annotations(data: bytes) -> list[dict]:
    """The copy's annotations with their page, kind, note and the characters they cover. The
    rectangle is taken to the page as shown the way pdfminer takes the page's content there
    (its ``process_page``), independently of how lint/annotate did the reverse."""
    import io

    import pdfplumber
    from pdfminer.utils import decode_text

    out = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in page.page_obj.mediabox)
            a, b, c, d, e, f = {90: (0, -1, 1, 0, -y0, x1), 180: (-1, 0, 0, -1, x1, y1),
                                270: (0, 1, -1, 0, y1, -x0)}.get(page.page_obj.rotate % 360,
                                                                  (1, 0, 0, 1, -x0, -y0))
            for annot in page.annots:
                raw = annot["data"]
                rx0, ry0, rx1, ry1 = (float(v) for v in raw["Rect"])
                corners = [(a * x + c * y + e, b * x + d * y + f) for x in (rx0, rx1) for y in (ry0, ry1)]
                left, right = min(x for x, _ in corners), max(x for x, _ in corners)
                top = page.height - max(y for _, y in corners)
                bottom = page.height - min(y for _, y in corners)
                covered = "".join(ch["text"] for ch in page.chars
                                  if left <= (ch["x0"] + ch["x1"]) / 2 <= right
                                  and top <= (ch["top"] + ch["bottom"]) / 2 <= bottom)
                contents = raw.get("Contents")
                contents = decode_text(contents) if isinstance(contents, bytes) else contents
                out.append({"page": page.page_number, "subtype": "/" + raw["Subtype"].name,
                            "contents": contents, "covered": covered,
                            "drawn": "AP" in raw, "author": raw.get("T")})
    return out


def _check_pdf(path: Path, findings: list[Finding], copy: Annotated, lang: str = "zh") -> None:
    lines = read_source(path).text.split("\n")
    annotations = _pdf_annotations(copy.data)
    located = [f for f in findings if f.location.page is not None and f.location.bbox]
    assert copy.placed == len([f for f in findings if f.location.page is not None])
    highlights = [a for a in annotations if a["subtype"] == "/Highlight"]
    assert len(highlights) == len(located)
    for f in located:
        a = next(a for a in highlights if a["contents"] == comment_text(f, lang)
                 and a["page"] == f.location.page)
        highlights.remove(a)
        assert a["drawn"] and a["author"] == b"gxlint"  # drawn the same in every viewer
        anchor, in_cell = _anchor(f, lines)
        if in_cell:  # exactly the cell's characters
            assert _norm(a["covered"]) == _norm(anchor), (f.rule_id, anchor, a["covered"])
        else:  # the line (a paragraph broken by a page end: its part on this page)
            assert a["covered"] and _norm(anchor).startswith(_norm(a["covered"])), (f.rule_id, anchor)


@pytest.mark.parametrize("rule_id", BLOCK_RULES)
def test_pdf_copy_highlights_each_findings_cell_or_line(rule_id, tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(build_pdf(_faulty(rule_id))[0])
    before = _digest(path)
    findings, copy = _annotate(path)
    assert any(f.rule_id == rule_id for f in findings)
    _check_pdf(path, findings, copy)
    assert _digest(path) == before


def test_pdf_cells_are_highlighted_one_by_one(tmp_path):
    spec, _ = _cell_fault()
    path = tmp_path / "r.pdf"
    path.write_bytes(build_pdf(spec, numbers_top=True)[0])
    findings, copy = _annotate(path)
    assert {"GX401", "GX403"} <= {f.rule_id for f in findings}
    _check_pdf(path, findings, copy)
    covered = {a["covered"] for a in _pdf_annotations(copy.data) if a["contents"].startswith("GX40")}
    assert all(len(_norm(c)) <= 3 for c in covered)  # numbers of single cells, not rows


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_pdf_boxes_on_rotated_pages(rotate, tmp_path):
    """Boxes are those of the page as shown (pdfminer reads a rotated page as shown); the
    highlight, in the page's own space, covers the characters of the box it was made for."""
    import io

    from pypdf import PdfReader, PdfWriter

    from lint.annotate import pdf_notes

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(build_pdf(_cell_fault()[0])[0])))
    for page in writer.pages:
        page.rotate(rotate)
    path = tmp_path / "r.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    source = read_source(path)
    boxes = [(o.page, box) for o in source.origins for box in (o.bbox, *(o.cells or ())) if box]
    assert len(boxes) > 100
    writer = PdfWriter(clone_from=PdfReader(path))
    for n, (page, box) in enumerate(boxes):
        pdf_notes._highlight(writer, page - 1, pdf_notes._user_space(writer.pages[page - 1], box),
                             str(n), "ffd040")
    out = io.BytesIO()
    writer.write(out)
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for a in _pdf_annotations(out.getvalue()):
            page, (x0, y0, x1, y1) = boxes[int(a["contents"])]
            shown = pdf.pages[page - 1]
            inside = "".join(ch["text"] for ch in shown.chars
                             if x0 <= (ch["x0"] + ch["x1"]) / 2 <= x1
                             and y0 <= shown.height - (ch["top"] + ch["bottom"]) / 2 <= y1)
            assert a["page"] == page and a["covered"] == inside


# --- LibreOffice: the DOCX copy opens, with its comments, and exports to PDF ----------------------


def _convert(files: list[Path], outdir: Path, to: str) -> None:
    with tempfile.TemporaryDirectory(prefix="gxlint-lo-") as profile:
        subprocess.run([soffice(), f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                        "--norestore", "--convert-to", to, "--outdir", str(outdir),
                        *map(str, files)], check=True, capture_output=True, timeout=300)


def _odt_annotations(path: Path) -> list[tuple[str, str, bool]]:
    """(comment text, text of the cell or paragraph it is anchored in, in a table cell)."""
    with zipfile.ZipFile(path) as z:
        content = etree.fromstring(z.read("content.xml"))
    out = []
    for a in content.iter(OFFICE + "annotation"):
        text = "\n".join("".join(p.itertext()) for p in a.iter(TEXT + "p"))
        cell = next(a.iterancestors(TABLE + "table-cell"), None)
        holder = cell if cell is not None else next(
            n for n in a.iterancestors() if n.tag in (TEXT + "p", TEXT + "h"))
        anchored = "".join(t for t in holder.xpath(".//text()[not(ancestor::office:annotation)]",
                                                   namespaces={"office": OFFICE[1:-1]}))
        out.append((text, anchored, cell is not None))
    return out


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_docx_copy_with_one_comment_per_finding(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    write_docx(_cell_fault()[1], reports / "cells.docx")
    write_docx(_faulty("GX601"), reports / "paragraph.docx", agency=True)
    write_docx(_faulty("GX201"), reports / "numbered.docx", numbered=True)
    code, out, err = run("--annotate", str(tmp_path / "out"), str(reports))
    assert code == 1, err
    converted = tmp_path / "odt"
    copies = sorted((tmp_path / "out").glob("*.docx"))
    assert [c.name for c in copies] == ["cells.docx", "numbered.docx", "paragraph.docx"], (out, err)
    _convert(copies, converted, "odt")
    for copy in copies:
        original = reports / copy.name
        findings = lint_file(original, RULES, Options()).findings
        lines = read_source(original).text.split("\n")
        comments = _odt_annotations(converted / f"{copy.stem}.odt")
        assert len(comments) == len(findings) > 0
        for f in findings:
            anchor, in_cell = _anchor(f, lines)
            match = [(text, held, cell) for text, held, cell in comments
                     if text == comment_text(f, "zh")]
            assert match, (copy.name, f.rule_id)
            text, held, cell = match[0]
            comments.remove(match[0])
            assert cell == in_cell
            if in_cell:
                assert _norm(anchor) == _norm(held), (copy.name, f.rule_id, anchor, held)
            else:
                assert _norm(anchor) in _norm(held), (copy.name, f.rule_id, anchor, held)


@pytest.mark.skipif(soffice() is None or not has_cjk_font(),
                    reason="LibreOffice (soffice) or a CJK font is not installed")
def test_pdf_exported_by_libreoffice_is_highlighted_cell_by_cell(tmp_path):
    """A PDF as a real exporter draws it (stroked borders, its own padding, rows broken over
    pages): each highlight covers its cell's characters."""
    docx = write_docx(_cell_fault()[1], tmp_path / "r.docx", agency=True)
    _convert([docx], tmp_path, "pdf")
    path = tmp_path / "r.pdf"
    findings, copy = _annotate(path)
    assert {"GX303", "GX401", "GX403"} <= {f.rule_id for f in findings}
    _check_pdf(path, findings, copy)


# --- the command ---------------------------------------------------------------------------------


def test_cli_writes_copies_and_says_so_and_skips_text_reports(tmp_path):
    spec, items = _cell_fault()
    docx = write_docx(items, tmp_path / "r.docx")
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(build_pdf(spec)[0])
    txt = tmp_path / "r.txt"
    txt.write_text(render(spec, "tabs"), encoding="utf-8")
    md = tmp_path / "r.md"
    md.write_text(render(spec, "markdown"), encoding="utf-8")
    digests = {p: _digest(p) for p in (docx, pdf, txt, md)}
    out = tmp_path / "annotated"
    code, stdout, err = run("--lang", "en", "--annotate", str(out), str(docx), str(pdf), str(txt),
                            str(md))
    assert code == 1, err  # the findings decide, as without --annotate
    assert sorted(p.name for p in out.iterdir()) == ["r.docx", "r.pdf"]
    assert f"{txt}: note: no annotated copy: the findings of a text report point at its lines" in err
    assert f"{md}: note: no annotated copy: the findings of a Markdown report point at" in err
    assert f"{docx}: note: annotated copy written to {out / 'r.docx'}" in err
    assert {p: _digest(p) for p in digests} == digests
    code, stdout, err = run("-q", "--annotate", str(out), str(txt))
    assert err == "" and not (out / "r.txt").exists()


def test_cli_never_writes_into_a_reports_folder(tmp_path):
    docx = write_docx(_cell_fault()[1], tmp_path / "r.docx")
    before = _digest(docx)
    code, _, err = run("--lang", "en", "--annotate", str(tmp_path), str(docx))
    assert code == 2 and "is a report being linted" in err and "Traceback" not in err
    assert _digest(docx) == before
    other = tmp_path / "sub"
    other.mkdir()
    write_docx(_cell_fault()[1], other / "x.docx")
    # Copies go to sub/r.docx (refused: next to sub/x.docx) and sub/sub/x.docx (written).
    code, _, err = run("--lang", "en", "--annotate", str(other), str(docx), str(other / "x.docx"))
    assert code == 2 and f"{other / 'r.docx'} is in the folder of a report being linted" in err
    assert sorted(p.name for p in other.iterdir()) == ["sub", "x.docx"]
    assert (other / "sub" / "x.docx").is_file()


def test_reports_of_the_same_name_keep_their_folders(tmp_path):
    a, b = tmp_path / "2023", tmp_path / "2024"
    assert targets([str(a / "r.pdf"), str(b / "r.pdf")], "out") == {
        str(a / "r.pdf"): str(Path("out", "2023", "r.pdf")),
        str(b / "r.pdf"): str(Path("out", "2024", "r.pdf"))}
    assert targets([str(a / "r.pdf")], "out") == {str(a / "r.pdf"): str(Path("out", "r.pdf"))}
    for folder in (a, b):
        folder.mkdir()
        write_docx(_cell_fault()[1], folder / "r.docx")
    code, _, err = run("--annotate", str(tmp_path / "out"), str(tmp_path))
    assert code == 1, err
    assert (tmp_path / "out" / "2023" / "r.docx").is_file()
    assert (tmp_path / "out" / "2024" / "r.docx").is_file()


def test_encrypted_pdf_is_refused_cleanly(tmp_path):
    import io

    from pypdf import PdfReader, PdfWriter

    spec, _ = _cell_fault()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(build_pdf(spec)[0])))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    path = tmp_path / "r.pdf"
    path.write_bytes(out.getvalue())
    code, _, err = run("--lang", "en", "--annotate", str(tmp_path / "out"), str(path))
    assert code == 2 and "cannot write the annotated copy" in err and "encrypted PDF" in err
    assert "Traceback" not in err and not (tmp_path / "out" / "r.pdf").exists()


def test_a_copy_that_fails_unexpectedly_costs_that_copy_not_the_run(tmp_path, monkeypatch):
    """A bug while making one copy is that copy's error (exit 2, named), the other copies are
    still written: escaping, it would end the run with exit code 1, as if only findings."""
    from lint.annotate import docx_comments

    made = docx_comments.annotate

    def annotate(path, findings, lang):
        if path.endswith("bad.docx"):
            raise KeyError("simulated bug")
        return made(path, findings, lang)

    monkeypatch.setattr(docx_comments, "annotate", annotate)
    reports = tmp_path / "reports"
    reports.mkdir()
    for name in ("bad.docx", "good.docx"):
        write_docx(_cell_fault()[1], reports / name)
    code, _, err = run("--lang", "en", "--annotate", str(tmp_path / "out"), str(reports))
    assert code == 2, err
    assert (f"{reports / 'bad.docx'}: error: cannot write the annotated copy "
            f"{tmp_path / 'out' / 'bad.docx'}: KeyError: 'simulated bug'") in err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["good.docx"]


def test_a_crash_is_never_read_as_findings(tmp_path, monkeypatch):
    """A bug that escapes the command exits 2 with one line naming it, never Python's 1,
    which would read as "findings" (and CliRunner would print nothing)."""
    import lint.annotate

    def crash(*args, **kwargs):
        raise RuntimeError("simulated crash")

    monkeypatch.setattr(lint.annotate, "annotate_results", crash)
    code, _, err = run("--annotate", str(tmp_path / "out"),
                       str(write_docx(_cell_fault()[1], tmp_path / "r.docx")))
    assert code == 2
    assert "internal error" in err and "RuntimeError: simulated crash" in err
    assert "Traceback" not in err
    monkeypatch.setenv("GXLINT_TRACEBACK", "1")  # where it happened, for the bug report
    code, _, err = run("--annotate", str(tmp_path / "out"), str(tmp_path / "r.docx"))
    assert code == 2 and "Traceback" in err and "in crash" in err


def test_stdin_cannot_be_annotated(tmp_path):
    code, _, err = run("--annotate", str(tmp_path), "-")
    assert code == 2 and "annotated" in err


def test_a_page_not_read_gets_a_note_on_that_page(tmp_path):
    spec, _ = _cell_fault()
    path = tmp_path / "r.pdf"
    path.write_bytes(build_pdf(spec, scanned=frozenset({2}))[0])
    findings, copy = _annotate(path)
    unread = [f for f in findings if f.rule_id == "GX311"]
    assert len(unread) == 1 and unread[0].location.page == 2
    notes = [a for a in _pdf_annotations(copy.data) if a["subtype"] == "/Text"]
    assert [(a["page"], a["contents"]) for a in notes] == [(2, comment_text(unread[0], "zh"))]
    _check_pdf(path, findings, copy)


@given(st.lists(st.lists(st.sampled_from(["a", "b", "年报", "x y", ".."]), min_size=1, max_size=4),
                min_size=1, max_size=8))
def test_copies_of_different_reports_never_share_a_path(parts):
    """Distinct reports (after ``..`` is resolved) get distinct copies, all inside OUTDIR."""
    paths = list(dict.fromkeys(os.path.normpath(os.path.join("/r", *p[:-1], p[-1] + ".pdf"))
                               for p in parts))
    where = targets(paths, "/out")
    assert len(set(where.values())) == len(paths)
    assert all(t.startswith("/out/") and ".." not in Path(t).parts for t in where.values())
