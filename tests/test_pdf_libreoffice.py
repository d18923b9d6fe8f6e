"""PDFs as LibreOffice really exports them: generated reports written as DOCX (tests/docxbuild.py)
and as Word-saved web pages (tests/htmlbuild.py), converted by ``soffice``, read back to exactly
the numbers the generator wrote, with the findings of the file they were converted from; the
injected faults of every rule found in them and nothing else.

LibreOffice's exports differ from tests/pdfbuild.py's: its own cell padding and CJK line
breaking (labels wrapped two characters a line, 用、 kept together; paragraph lines left short
before 2023年), rows broken across pages (a label's first characters at the foot of one page,
the rest at the top of the next), header rows repeated on each page, bare page numbers (``3``)
as well as ``- 3 -`` and ``第 3 页`` footers, titles wrapped flush left.
And the way agencies style their reports (tests/docxbuild.py ``agency=True``): justified 三号
text with a two-character first-line indent, a two-line centred title, headings as runs in body
paragraphs, run-in sub-headings (``（一）主动公开情况。本机关…``), a centred footer page number.
Every value and every finding equals those of the report's text layout.
All files are converted once per session, in two ``soffice`` calls.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import lint.adapters.pdf_layout as layout
from lint.adapters import read_source
from lint.adapters.pdf import extract
from lint.engine import Options, lint_file, lint_text
from lint.pipeline import parse_text
from lint.rulepack import load_rules
from tests.blockfaults import COMMENT_FAULTS, RUN_ON_FAULTS, fault_items
from tests.docxbuild import text_form, write_docx
from tests.generate import ReportSpec, blocks, generate, render
from tests.htmlbuild import write_html
from tests.lobuild import has_cjk_font, soffice, to_pdf
from tests.test_faults import FAULTS

RULES = load_rules()

# name: seed, profile, how the DOCX is written (page_numbers: the footer's form)
DOCX_CASES = {
    "d1": (1, "gov-2021", {"page_numbers": "- {n} -"}),
    "d2": (2, "gov-2021", {"page_numbers": "{n}", "numbered": True}),
    "d32": (32, "gov-2021", {"page_numbers": "{n}", "styled": False}),  # 自 / 2023年
    "d7": (7, "gov-2019", {}),
    "d11": (11, "gov-2021", {"page_numbers": "第 {n} 页", "styled": False, "repeat_header": True}),
    "d15": (15, "gov-2019", {"page_numbers": "-{n}-"}),
    # as agencies style them
    "w1": (1, "gov-2021", {"agency": True, "page_numbers": "- {n} -"}),
    "w2": (2, "gov-2021", {"agency": True, "page_numbers": "-{n}-"}),
    "w7": (7, "gov-2019", {"agency": True, "page_numbers": "{n}"}),
    "w21": (21, "gov-2021", {"agency": True, "page_numbers": "- {n} -", "repeat_header": True}),
}
# Web pages as Word saves them (no site furniture: a printed site page has its menus first).
HTML_CASES = {"h1": (1, "gov-2021"), "h7": (7, "gov-2019"), "h21": (21, "gov-2021")}
FAULT_SEED = 8
FAULT_RULES = sorted(set(FAULTS) - COMMENT_FAULTS - RUN_ON_FAULTS)  # a PDF has no comments, wraps run-on text


def _spec(seed: int, profile: str) -> ReportSpec:
    return generate(seed, profile=profile, year=2020 if profile == "gov-2019" else 2023)


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """name -> (the file LibreOffice converted, its PDF): the cases above, and for each rule
    the report with its fault (``GX…``) and the reports without (``clean-N``)."""
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    if not has_cjk_font():
        pytest.skip("no CJK font for LibreOffice: apt-get install fonts-wqy-zenhei")
    src = tmp_path_factory.mktemp("lo-src")
    files: dict[str, Path] = {}
    for name, (seed, profile, options) in DOCX_CASES.items():
        files[name] = write_docx(blocks(_spec(seed, profile)), src / f"{name}.docx", **options)
    for name, (seed, profile) in HTML_CASES.items():
        files[name] = write_html(blocks(_spec(seed, profile)), src / f"{name}.html", chrome="bare")
    cleans: dict[str, str] = {}
    for rule_id in FAULT_RULES:
        clean, faulty = fault_items(rule_id, FAULT_SEED)
        key = cleans.setdefault(repr(clean), f"clean-{len(cleans)}")
        if key not in files:
            files[key] = write_docx(clean, src / f"{key}.docx", page_numbers="- {n} -")
        files[rule_id] = write_docx(faulty, src / f"{rule_id}.docx", page_numbers="- {n} -")
        files[f"{rule_id}-w"] = write_docx(faulty, src / f"{rule_id}-w.docx", agency=True)
        _FAULTY[rule_id] = faulty
        _CLEAN_OF[rule_id] = key
    pdfs = to_pdf(list(files.values()), tmp_path_factory.mktemp("lo-pdf"))
    return {name: (path, pdfs[path]) for name, path in files.items()}


_CLEAN_OF: dict[str, str] = {}
_FAULTY: dict[str, list] = {}
CASES = {**{k: (s, p) for k, (s, p, _) in DOCX_CASES.items()}, **HTML_CASES}


def _ids(findings) -> set[str]:
    return {f.rule_id for f in findings}


def _said(findings) -> set[tuple[str, str]]:
    return {(f.rule_id, f.message) for f in findings}


# --- what the generator wrote is what is read back ---------------------------------------------


@pytest.mark.parametrize("name", sorted(CASES))
def test_libreoffice_pdf_binds_every_value_the_generator_wrote(exported, name):
    spec = _spec(*CASES[name])
    original, pdf = exported[name]
    source = read_source(pdf)
    assert source.kind == "pdf" and len(source.origins) == source.text.count("\n")
    report = parse_text(source.text, str(pdf))
    assert report.profile == spec.profile and report.missing == []
    assert {k: c.value for k, c in report.cells.items()} == spec.values
    assert report.document.agency == spec.agency and report.document.year == spec.year
    assert [s.key for s in report.document.sections] == [s.key for s in spec.sections]
    # the table labels are read whole: the template's labels are checked (GX303) and pass
    findings = lint_file(pdf, RULES, Options()).findings
    assert [f.rule_id for f in findings if f.severity != "info"] == []
    # and the PDF says what the file it was exported from says, and the text layout
    assert _said(findings) == _said(lint_file(original, RULES, Options()).findings)
    assert _said(findings) == _said(lint_text(render(spec, "tabs"), f"{name}.txt", RULES))


def test_an_export_without_unicode_maps_is_refused_once_with_the_reason(exported, tmp_path):
    # Its copied text would be glyph numbers: gxlint says it cannot read it, not GX100 or a
    # cascade of missing sections.
    from lint.adapters import InputError
    from tests.pdfbuild import without_unicode_maps

    source, pdf = exported["d1"]
    garbled = tmp_path / "garbled.pdf"
    garbled.write_bytes(without_unicode_maps(pdf.read_bytes()))
    with pytest.raises(InputError) as refused:
        read_source(garbled)
    assert refused.value.code == "pdf_garbled"
    assert "no Unicode map" in refused.value.text("en")
    assert read_source(pdf).kind == "pdf"  # the export itself reads


def test_the_exports_really_have_the_hard_layouts(exported, monkeypatch):
    """LibreOffice broke rows across pages and drew each footer form, so the test above covers
    them: without joining the parts of a broken row (or of a cell it cut), labels come out
    cut (GX303)."""
    cut = set()
    monkeypatch.setattr(layout, "_continue_split_rows", lambda chain: None)
    monkeypatch.setattr(layout, "_continue_merged_cells", lambda chain: None)
    for name in DOCX_CASES:
        if "GX303" in _ids(lint_file(exported[name][1], RULES, Options()).findings):
            cut.add(name)
    assert len(cut) >= 2, cut
    monkeypatch.undo()
    for name, (_, _, options) in DOCX_CASES.items():
        pages = extract(name, exported[name][1].read_bytes())
        assert len(pages) >= 3
        form = options.get("page_numbers")
        for page in pages:
            feet = [c for c in page.chars if c.top > 0.9 * page.height]
            drawn = "".join(c.text for c in sorted(feet, key=lambda c: c.x0)).replace(" ", "")
            assert drawn == (form.format(n=page.number).replace(" ", "") if form else "")
        source = read_source(exported[name][1])
        assert not re.search(r"^(?:-\s*\d+\s*-|第 ?\d+ ?页|\d{1,3})$", source.text, re.M)  # footers dropped
        t3 = [i for i, line in enumerate(source.text.split("\n")) if line.count("\t") >= 9]
        assert len({source.origin(i + 1).page for i in t3}) >= 2  # 表三 broken by a page end
        # header rows LibreOffice repeats on each page (标题行重复) are read once
        drawn = sum("申请人情况" in "".join(c.text for c in page.chars) for page in pages)
        assert (drawn >= 2) == options.get("repeat_header", False)
        assert source.text.count("申请人情况") == 1


# --- faults of every rule, in LibreOffice's PDF ---------------------------------------------------


@pytest.mark.parametrize("rule_id", FAULT_RULES)
def test_fault_fires_its_rule_and_no_other_in_libreoffice_pdf(exported, rule_id):
    clean = _ids(lint_file(exported[_CLEAN_OF[rule_id]][1], RULES, Options()).findings)
    original, pdf = exported[rule_id]
    result = lint_file(pdf, RULES, Options())
    assert result.error is None
    assert _ids(result.findings) - (clean - {rule_id}) == {rule_id}, \
        [(f.rule_id, f.message) for f in result.findings]
    assert all(f.location.page is not None for f in result.findings if f.rule_id == rule_id)
    assert _said(result.findings) == _said(lint_file(original, RULES, Options()).findings)


@pytest.mark.parametrize("rule_id", FAULT_RULES)
def test_fault_in_an_agency_styled_export_says_what_its_text_says(exported, rule_id):
    """The same faulty report styled as agencies style it (run-in sub-headings, justified,
    indented): the PDF gives exactly the findings of its text layout."""
    result = lint_file(exported[f"{rule_id}-w"][1], RULES, Options())
    assert result.error is None
    text = lint_text(text_form(_FAULTY[rule_id]), f"{rule_id}.txt", RULES)
    assert rule_id in _ids(result.findings)
    assert _said(result.findings) == _said(text), \
        (_said(result.findings) - _said(text), _said(text) - _said(result.findings))
