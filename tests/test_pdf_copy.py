"""Text copied out of a PDF in a browser's viewer (Chrome and Edge draw PDFs with PDFium and
copy its text): each cell's text broken where the page broke its lines, so that a row label
wraps over several lines with the row's values at the end of the last or one value a line, a
merged label comes one character a line, 表四's values stand alone under its header words, and
a row broken by a page end has the rest of its label after the page's repeated header. Such a
copy reads as the PDF does: the same values, the same findings. Prose that ends in numbers,
labels without values, and rows with values missing stay what they are.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lint.adapters import read_source
from lint.engine import Options, lint_file, lint_text
from lint.labels import spaced_row_labels
from lint.lexer import LexContext, lex
from lint.pipeline import parse_text
from lint.profiles import section_keywords, section_table_labels
from lint.rulepack import load_rules
from tests.generate import blocks, generate, render
from tests.pdfbuild import build_pdf

RULES = load_rules()
REAL = Path(__file__).resolve().parents[1].parent / "shared" / "real"


def copied(data: bytes) -> str:
    """The text of every page as PDFium gives it for a selection of the whole page."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        pages = [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()
    return "\n".join(pages).replace("\r\n", "\n").replace("\r", "\n")


def _said(findings) -> set[tuple[str, str]]:
    return {(f.rule_id, f.message) for f in findings}


def _spec(seed: int, profile: str):
    return generate(seed, profile=profile, year=2020 if profile == "gov-2019" else 2023)


# seed, profile, how the PDF is drawn (tests/pdfbuild.py)
DRAWN = [
    (1, "gov-2021", {}),
    (2, "gov-2021", {"wps": True}),
    (6, "gov-2019", {"numbers_top": True}),
    (102, "gov-2019", {"flow": True}),  # 表三 broken by the page end inside （五）不予处理
    (13, "gov-2021", {"repeat_header": True, "wps": True}),
    (24, "gov-2019", {"seal": True}),
]


@pytest.mark.parametrize("seed, profile, drawn", DRAWN, ids=[f"{s}-{p}" for s, p, _ in DRAWN])
def test_a_copy_of_a_drawn_pdf_reads_as_the_pdf(tmp_path, seed, profile, drawn):
    spec = _spec(seed, profile)
    data, _ = build_pdf(spec, **drawn)
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(data)
    text = copied(data)
    report = parse_text(text, "r.txt")
    assert {k: c.value for k, c in report.cells.items()} == spec.values
    assert _said(lint_text(text, "r.txt", RULES)) == _said(lint_file(pdf, RULES, Options()).findings)


def test_the_drawn_copies_really_have_the_hard_layouts():
    text = copied(build_pdf(_spec(1, "gov-2021"))[0])
    lines = text.split("\n")
    assert all(ch in lines for ch in "本年度办理结果")  # 三、本年度办理结果 one character a line
    wrapped = [i for i, ln in enumerate(lines) if ln.startswith("2.其他法律行政法规禁止")]
    assert wrapped and lines[wrapped[0]] != "2.其他法律行政法规禁止公开"  # its label wraps
    assert any(len(ln.split()) == 15 and all(w.isdigit() for w in ln.split()) for ln in lines)  # 表四
    broken = copied(build_pdf(_spec(102, "gov-2019"), flow=True)[0])
    assert "（五）不予处 1.信访举报投诉类申请" in broken  # its group's label goes on below the page end


# --- as LibreOffice exports them ----------------------------------------------------------------

# name: seed, profile, how the DOCX is written: narrow label columns wrapped two characters a
# line, one value a line, rows broken by page ends under a repeated header
EXPORTED = {
    "c107": (107, "gov-2021", {"page_numbers": "-{n}-", "repeat_header": True}),
    "c115": (115, "gov-2021", {"page_numbers": "-{n}-"}),
    "c117": (117, "gov-2021", {"page_numbers": "{n}", "repeat_header": True}),
    "c118": (118, "gov-2021", {"page_numbers": "第 {n} 页", "agency": True, "repeat_header": True}),
    "c128": (128, "gov-2019", {"page_numbers": "- {n} -", "agency": True, "repeat_header": True}),
}


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, Path]:
    from tests.docxbuild import write_docx
    from tests.lobuild import has_cjk_font, soffice, to_pdf

    if soffice() is None or not has_cjk_font():
        pytest.skip("LibreOffice with a CJK font is needed to export the reports")
    src = tmp_path_factory.mktemp("copy-src")
    files = {name: write_docx(blocks(_spec(seed, profile)), src / f"{name}.docx", **options)
             for name, (seed, profile, options) in EXPORTED.items()}
    pdfs = to_pdf(list(files.values()), tmp_path_factory.mktemp("copy-pdf"))
    return {name: pdfs[path] for name, path in files.items()}


@pytest.mark.parametrize("name", sorted(EXPORTED))
def test_a_copy_of_a_libreoffice_export_reads_as_the_pdf(exported, name):
    pdf = exported[name]
    text = copied(pdf.read_bytes())
    seed, profile, _ = EXPORTED[name]
    assert {k: c.value for k, c in parse_text(text, "r.txt").cells.items()} == _spec(seed, profile).values
    assert _said(lint_text(text, "r.txt", RULES)) == _said(lint_file(pdf, RULES, Options()).findings)


def test_the_exported_copies_really_have_the_hard_layouts(exported):
    texts = {name: copied(pdf.read_bytes()).split("\n") for name, pdf in exported.items()}
    # one value a line: seven lines of a single number in a row
    assert any(all(ln.strip().isdigit() for ln in lines[i:i + 7])
               for lines in texts.values() for i in range(len(lines) - 7))
    # a row label cut by a page end, its end after the repeated header (补正后… / 明确)
    lines = texts["c107"]
    head = next(i for i, ln in enumerate(lines) if ln == "3.")
    assert "明确" in lines[head + 30:head + 60] and "申请人情况" in "".join(lines[head:head + 40])


# --- a report typed with TABs, as Writer exports it ----------------------------------------------


@pytest.mark.parametrize("seed, profile", [(1, "gov-2021"), (4, "gov-2019"), (9, "gov-2021")])
def test_a_report_typed_with_tabs_and_exported_reads_as_its_text(tmp_path, seed, profile):
    # no ruled table: each row a line of text whose tab stops LibreOffice sets, long rows run
    # on to the next line (（二）部分公开… 2 0 0 0 1 / 0 3), a group's label run into its first
    # row's (三、本年度办理结果（一）予以公开14 …), 表四's values over two lines
    from tests.lobuild import has_cjk_font, soffice, to_pdf

    if soffice() is None or not has_cjk_font():
        pytest.skip("LibreOffice with a CJK font is needed to export the report")
    spec = _spec(seed, profile)
    typed = tmp_path / f"t{seed}.txt"
    typed.write_text(render(spec, "tabs"), encoding="utf-8")
    pdf = to_pdf([typed], tmp_path / "pdf")[typed]
    assert {k: c.value for k, c in parse_text(read_source(pdf).text, str(pdf)).cells.items()} == spec.values
    assert _said(lint_file(pdf, RULES, Options()).findings) == _said(lint_file(typed, RULES, Options()).findings)


# --- a portal page as Chromium prints it --------------------------------------------------------


@pytest.mark.parametrize("seed", [211, 225])
def test_a_copy_of_a_printed_portal_page_reads_as_the_pdf(tmp_path, seed):
    # the page's menus above a title wrapped by the narrow page, Chromium's running header and
    # footer between pages, 三、本年度办理结果 broken by a page end: 果 level with （二）部分公开
    from tests.chromebuild import chromium, print_pdf, write_page
    from tests.lobuild import has_cjk_font

    if chromium() is None or not has_cjk_font():
        pytest.skip("Chromium with a CJK font is needed to print the page")
    spec = _spec(seed, "gov-2021")
    page = write_page(blocks(spec), tmp_path / f"s{seed}.html", chrome="semantic" if seed % 2 else "bare")
    pdf = print_pdf([page], tmp_path / "pdf")[page]
    text = copied(pdf.read_bytes())
    assert {k: c.value for k, c in parse_text(text, "r.txt").cells.items()} == spec.values
    assert _said(lint_text(text, "r.txt", RULES)) == _said(lint_file(pdf, RULES, Options()).findings)


# --- poppler's text (pdftotext), as crawlers and converters make it ------------------------------


def _pdftotext(pdf: Path, *args: str) -> str:
    import shutil
    import subprocess

    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.skip("pdftotext (Debian: poppler-utils) is needed for poppler's text")
    return subprocess.run([exe, *args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("name", sorted(EXPORTED))
def test_popplers_raw_text_of_an_export_reads_as_the_pdf(exported, name):
    # in the order the page draws it, a form feed at the top of each page
    pdf = exported[name]
    text = _pdftotext(pdf, "-raw")
    assert "\f" in text
    assert _said(lint_text(text, "r.txt", RULES)) == _said(lint_file(pdf, RULES, Options()).findings)


@pytest.mark.parametrize("name", sorted(EXPORTED))
def test_popplers_plain_text_of_an_export_is_never_guessed(exported, name):
    # its tables come a text box at a time, labels apart from their values: what is read
    # of them is checked, nothing is read by position
    pdf = exported[name]
    found = _said(lint_text(_pdftotext(pdf), "r.txt", RULES))
    assert not {r for r, _ in found if r.startswith("GX40")} - {r for r, _ in _said(lint_file(pdf, RULES, Options()).findings)}


# --- the real report -----------------------------------------------------------------------------


def test_a_copy_of_hongze_reads_as_the_pdf():
    path = REAL / "hongze-2023.pdf"
    if not path.is_file():
        pytest.skip(f"{path} is not here")
    text = copied(path.read_bytes())
    found = _said(lint_text(text, "hongze.txt", RULES))
    assert found == _said(lint_file(path, RULES, Options()).findings)
    # what ../shared/real/README.md says a reviewer finds: 表四's two totals, 表三's typo
    assert [r for r, _ in sorted(found)].count("GX404") == 2
    assert any(r == "GX303" and "其他法律行政止公开" in m for r, m in found)


# --- what stays as it is ---------------------------------------------------------------------------


def _rows(text: str) -> list[list[str]]:
    ctx = LexContext(section_keywords(), table_labels=section_table_labels(), spaced=spaced_row_labels())
    return [[c.text for c in r.cells] for t in lex(text, ctx).tokens if t.type == "ROWS" for r in t.rows]


def test_a_group_labels_piece_whose_end_is_lost_is_not_reported_as_a_typo(tmp_path):
    # （五）不予处 … and its end 理 after the page break; with 理 gone (a copy of the first page
    # only), the piece is not a label to check: the row binds, nothing says 不予处 is a typo
    data, _ = build_pdf(_spec(102, "gov-2019"), flow=True)
    lines = copied(data).split("\n")
    head = next(i for i, ln in enumerate(lines) if ln.startswith("（五）不予处 "))
    del lines[lines.index("理", head)]
    text = "\n".join(lines)
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(data)
    assert _said(lint_text(text, "r.txt", RULES)) == _said(lint_file(pdf, RULES, Options()).findings)


def test_a_changed_number_in_a_copy_is_caught():
    # the copy's cells are checked as the PDF's are: a row's total one off is reported
    lines = copied(build_pdf(_spec(1, "gov-2021"))[0]).split("\n")
    at = next(i for i, ln in enumerate(lines) if ln.startswith("（一）予以公开 "))
    *head, total = lines[at].split(" ")
    lines[at] = " ".join([*head, str(int(total) + 1)])
    assert "GX403" in {r for r, _ in _said(lint_text("\n".join(lines), "r.txt", RULES))}


def test_a_table_copied_column_by_column_is_not_guessed():
    # a copy that gives a table's labels, then its values a column at a time (pdfminer's and
    # poppler's plain text do): no row is read by position, so no sum is checked on a guess
    text = copied(build_pdf(_spec(1, "gov-2021"))[0])
    lines = text.split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.startswith("一、本年新收"))
    end = next(i for i, ln in enumerate(lines) if ln.startswith("四、结转下年度继续办理"))
    rows = [ln.split(" ") for ln in lines[start:end + 1] if len(ln.split(" ")) == 8]
    dumped = lines[:start]
    for n in range(0, len(rows), 4):  # a text box of four rows: their labels, then each column
        box = rows[n:n + 4]
        dumped += [r[0] for r in box] + [r[c] for c in range(1, 8) for r in box]
    dumped = "\n".join(dumped + lines[end + 1:])
    found = {r for r, _ in _said(lint_text(dumped, "r.txt", RULES))}
    assert not {r for r in found if r.startswith("GX40")} and found & {"GX301", "GX302"}


def test_prose_ending_in_numbers_stays_prose():
    text = copied(build_pdf(_spec(1, "gov-2021"))[0])
    head = "三、收到和处理政府信息公开申请情况\n"
    prose = "本年度本机关共收到申请\n64 件\n其中当面申请\n3 5\n"
    rows = _rows(text)
    assert _rows(text.replace(head, head + prose, 1)) == rows


def test_a_label_without_values_is_no_row():
    # a row's label, wrapped, with no values after it: not a row to bind the next values to
    text = copied(build_pdf(_spec(1, "gov-2021"))[0])
    head = "三、收到和处理政府信息公开申请情况\n"
    rows = _rows(text)
    assert _rows(text.replace(head, head + "2.其他法律行政法规禁止公\n开\n", 1)) == rows


def test_a_wrapped_row_with_values_missing_is_not_read_by_position():
    # two values for seven columns (blank cells left out by the copy): which columns they are
    # in cannot be told, so the row is not read
    lines = copied(build_pdf(_spec(1, "gov-2021"))[0]).split("\n")
    at = next(i for i, ln in enumerate(lines) if ln.startswith("3.补正后申请内容仍不明确 "))
    lines[at:at + 1] = ["3.补正后申请内容仍不明", "确", "5 5"]
    text = "\n".join(lines)
    assert not [r for r in _rows(text) if r[0].startswith("3.补正")]
    assert "GX302" in {r for r, _ in _said(lint_text(text, "r.txt", RULES))}


def test_table4_values_are_read_only_under_its_header_words():
    text = copied(build_pdf(_spec(1, "gov-2021"))[0])
    lines = text.split("\n")
    values = next(i for i, ln in enumerate(lines)
                  if len(ln.split()) == 15 and all(w.isdigit() for w in ln.split()))
    heading = next(i for i, ln in enumerate(lines) if ln.startswith("四、政府信息公开行政复议"))
    bare = "\n".join(lines[:heading + 1] + lines[values:])  # the header words left out
    assert "GX301" in {r for r, _ in _said(lint_text(bare, "r.txt", RULES))}
    assert "GX301" not in {r for r, _ in _said(lint_text(text, "r.txt", RULES))}


def test_a_numbered_row_whose_label_is_not_the_templates_between_rows_is_a_row():
    # as in a ruled table, the binder then says how its label differs (GX303), nothing else
    text = copied(build_pdf(_spec(1, "gov-2021"))[0])
    lines = text.split("\n")
    at = next(i for i, ln in enumerate(lines) if ln.startswith("7.属于行政执法案卷 "))
    original = lines[at]
    lines[at] = original.replace("7.属于行政执法案卷", "7.属于执法案卷")
    said = _said(lint_text("\n".join(lines), "r.txt", RULES)) - _said(lint_text(text, "r.txt", RULES))
    assert {r for r, _ in said} == {"GX303"}


# --- any cut of a copy ----------------------------------------------------------------------------

_NUMBER = "0123456789."
_COPY = copied(build_pdf(generate(1))[0]).split("\n")
_TABLE3 = next(i for i, ln in enumerate(_COPY) if ln.startswith("三、收到和处理"))
_TABLE4 = next(i for i, ln in enumerate(_COPY) if ln.startswith("四、政府信息公开行政复议"))


def _pieces_of(line: str, cuts: list[int]) -> list[str]:
    """``line`` cut at ``cuts`` (wrapped, any number of times), never inside a number: a copy
    breaks a cell's text, and a number in a cell is never broken."""
    points = sorted({c % (len(line) + 1) for c in cuts} | {0, len(line)})
    points = [c for c in points if not (0 < c < len(line) and line[c - 1] in _NUMBER and line[c] in _NUMBER)]
    return [line[a:b] for a, b in zip(points, points[1:], strict=False) if line[a:b].strip()]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cuts=st.lists(st.lists(st.integers(0, 80), max_size=3), min_size=1, max_size=40),
       extra=st.lists(st.sampled_from(["- 3 -", "3", "第 3 页", "无", "0", "开", "（三）", "总计"]),
                      max_size=6),
       at=st.integers(0, 60))
@example(cuts=[[1, 5], [3, 32]], extra=["（三）", "总计"], at=56)  # （三） 总计 before 1.属于国家秘密's values
def test_any_cut_of_a_copied_table_is_never_guessed(cuts, extra, at):
    # 表三's lines cut anywhere into pieces, stray pieces put in: what is read is checked, what
    # is not read is reported missing, no sum is checked on values read out of place
    body = _COPY[_TABLE3 + 1:_TABLE4]
    lines: list[str] = []
    for n, line in enumerate(body):
        lines += _pieces_of(line, cuts[n % len(cuts)])
    # stray pieces stand between rows or inside labels, never before or among a row's values
    # (those are level with the label's first line, so a copy keeps them with it)
    places = [k for k in range(len(lines) + 1) if k == len(lines) or not lines[k].strip()[:1].isdigit()]
    at = places[at % len(places)]
    lines[at:at] = extra
    text = "\n".join(_COPY[:_TABLE3 + 1] + lines + _COPY[_TABLE4:])
    found = {r for r, _ in _said(lint_text(text, "r.txt", RULES))}
    assert not {r for r in found if r.startswith("GX40")}, found
