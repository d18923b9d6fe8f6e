"""Hostile inputs, built at test time (issue 11): files and rule packs meant to hang gxlint,
exhaust its memory, run code or destroy a file. Each builder writes a small file (a few
kilobytes where the attack allows) and returns its path; ``CASES`` lists the files with the
reason gxlint must give. tests/test_hostile.py runs them; bench/bench_hostile.py measures them.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.generate import generate, render

TITLE = "某某县统计局2023年政府信息公开工作年度报告"


def report_text(seed: int = 11) -> str:
    """A consistent generated report (invented agency and numbers) to carry an attack."""
    return render(generate(seed))


# --- PDF, written object by object -------------------------------------------------------------


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (object 1 is the catalogue), with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def _stream(data: bytes, extra: bytes = b"", compress: bool = True) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _page_pdf(content: bytes, resources: bytes, more: list[bytes] | None = None,
              compress: bool = True) -> bytes:
    """Catalogue, pages, one page (object 3) with ``content`` (object 4), a font (object 5)."""
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources "
        + resources + b" >>",
        _stream(content, compress=compress),
        _FONT,
        *(more or []),
    ])


def pdf_nested_forms(path: Path, depth: int = 9, fan_out: int = 10) -> Path:
    """Form XObjects each drawing the next ``fan_out`` times, ``depth`` deep: 10⁹ figures
    from 3 KB (the page is checked only between pages otherwise)."""
    forms = []
    first = 6
    for level in range(depth):
        number = first + level
        if level + 1 < depth:
            body = b" ".join(b"q 1 0 0 1 %d 0 cm /X Do Q" % i for i in range(fan_out))
            resources = b"<< /XObject << /X %d 0 R >> >>" % (number + 1)
        else:
            body = b"BT /F1 12 Tf 72 700 Td (deep) Tj ET"
            resources = b"<< /Font << /F1 5 0 R >> >>"
        forms.append(_stream(body, b" /Type /XObject /Subtype /Form /BBox [0 0 595 842] "
                                   b"/Resources " + resources, compress=False))
    data = _page_pdf(b"/X Do", b"<< /XObject << /X %d 0 R >> /Font << /F1 5 0 R >> >>" % first,
                     forms, compress=False)
    path.write_bytes(data)
    return path


def pdf_flate_bomb(path: Path, megabytes: int = 100) -> Path:
    """A content stream that inflates to ``megabytes`` MB of spaces (1,000:1)."""
    squeeze = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    packed = b"".join(squeeze.compress(chunk) for _ in range(megabytes)) + squeeze.flush()
    body = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"
    data = _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        body,
        _FONT,
    ])
    path.write_bytes(data)
    return path


def pdf_many_chars(path: Path, count: int = 3_000_000) -> Path:
    """One page that draws ``count`` characters (a few KB compressed)."""
    content = b"BT /F1 1 Tf 0 0 Td (" + b"a" * count + b") Tj ET"
    path.write_bytes(_page_pdf(content, b"<< /Font << /F1 5 0 R >> >>"))
    return path


# --- HTML ----------------------------------------------------------------------------------------

_HEAD = f'<html><head><meta charset="utf-8"><title>t</title></head><body><h1>{TITLE}</h1>'


def html_cells(path: Path, cells: int = 2000, span: int = 1000) -> Path:
    row = "".join(f'<td rowspan="{span}" colspan="{span}">x</td>' for _ in range(cells))
    path.write_text(_HEAD + f"<table><tr>{row}</tr>" + "<tr><td>y</td></tr>" * 50
                    + "</table></body></html>", encoding="utf-8")
    return path


def html_attributes(path: Path, count: int = 300_000) -> Path:
    attributes = " ".join(f"a{i}=1" for i in range(count))
    path.write_text(_HEAD + f"<div {attributes}>x</div></body></html>", encoding="utf-8")
    return path


def html_deep(path: Path, depth: int = 20_000) -> Path:
    path.write_text(_HEAD + "<div>" * depth + "文字" + "</div>" * depth + "</body></html>",
                    encoding="utf-8")
    return path


# --- DOCX ----------------------------------------------------------------------------------------

_LIST = """<w:abstractNum %s w:abstractNumId="91"><w:multiLevelType w:val="singleLevel"/>
<w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="%%1、"/></w:lvl>
</w:abstractNum>"""


def docx_list(path: Path, start: int, fmt: str, items: int = 3) -> Path:
    """A Word document whose list counts from ``start`` in format ``fmt`` (upperLetter,
    upperRoman, chineseCounting…)."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.add_paragraph(TITLE)
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(_LIST.replace("{start}", str(start)).replace("{fmt}", fmt)
                                  % nsdecls("w")))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="91"/></w:num>'))
    for i in range(items):
        p = document.add_paragraph(f"第{i}项工作")
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="91"/></w:numPr>'))
    document.save(str(path))
    return path


# --- text ----------------------------------------------------------------------------------------


def text_unclosed_comments(path: Path, size: int = 160_000) -> Path:
    path.write_text(TITLE + "\n" + "<!--" * (size // 4) + "\n", encoding="utf-8")
    return path


def text_continuations(path: Path, count: int = 4000) -> Path:
    """A one-cell-per-line table label followed by ``count`` short lines that could continue it."""
    lines = [TITLE, "三、收到和处理政府信息公开申请情况", "\t一、本年新收政府信息公开申请数量"]
    path.write_text("\n".join(lines + ["继续"] * count) + "\n", encoding="utf-8")
    return path


def text_long_line(path: Path, length: int = 3_000_000) -> Path:
    path.write_text(TITLE + "\n" + "一" * length + "\n", encoding="utf-8")
    return path


def text_stray_nul(path: Path) -> Path:
    text = report_text()
    cut = text.index("。") + 1  # in the prose of the first section
    path.write_text(text[:cut] + "\x00" + text[cut:], encoding="utf-8")
    return path


def text_year_zero(path: Path) -> Path:
    text = report_text()
    year = text.split("年政府信息公开", 1)[0][-4:]
    path.write_text(text.replace(year + "年政府信息公开", "0000年政府信息公开", 1), encoding="utf-8")
    return path


def text_metadata_labels(path: Path, count: int = 100_000) -> Path:
    """``count`` lines above the report that each start with a label of a portal's metadata
    table (read as a printed page's block that lost its cells), the last one holding two."""
    path.write_text("分类甲\n" * count + "索引号 1分类2\n" + report_text(), encoding="utf-8")
    return path


def text_broken_labels(path: Path, count: int = 33_000) -> Path:
    """Section 三 of a report as ``count`` rows copied out of a PDF with their labels broken
    by page ends that never end: each starts a label, holds a row of values and a piece
    that could continue it, so every row looks ahead for its label's end."""
    text = report_text()
    head = "三、收到和处理政府信息公开申请情况\n"
    rows = "（五）不予处 1.信访举报投诉类申\n0 0 0 0 0 0 0\n诉\n" * count
    path.write_text(text.replace(head, head + rows, 1), encoding="utf-8")
    return path


def text_injection(path: Path) -> Path:
    """Terminal sequences and a bidi override inside a sentence that a finding quotes (the
    request count stated in the text, changed so that it disagrees with table 3)."""
    text = report_text()
    evil = "\x1b]0;pwned\x07\u202e"
    stated = re.search(r"全年新收(政府信息公开申请)\d+件", text)
    assert stated is not None, "the generated report words its request count differently"
    path.write_text(text[:stated.start()] + f"全年新收{evil}政府信息公开申请999件"
                    + text[stated.end():], encoding="utf-8")
    return path


# --- the catalogue -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    file: str  # file name to write
    build: Callable[[Path], Path]
    reason: str  # what the output must say (English, --lang en)
    code: int  # the exit code expected


CASES = [
    Case("pdf-nested-forms", "forms.pdf", pdf_nested_forms, "figures drawn on page 1", 2),
    Case("pdf-deep-forms", "deep.pdf", lambda p: pdf_nested_forms(p, depth=60, fan_out=1),
         "figures nested over 16 deep", 2),
    Case("pdf-flate-bomb", "bomb.pdf", pdf_flate_bomb, "unpacks to over", 2),
    Case("pdf-3M-chars", "chars.pdf", pdf_many_chars, "too much text on page 1", 2),
    Case("html-rowspan-colspan", "cells.html", html_cells, "expand to over", 2),
    Case("html-300k-attributes", "attrs.html", html_attributes, "too many attributes", 2),
    Case("html-deep", "deep.html", html_deep, "nested over", 2),
    Case("docx-letter-start", "letter.docx", lambda p: docx_list(p, 2_000_000_000, "upperLetter"),
         "numbered up to 2000000000", 2),
    Case("docx-roman-start", "roman.docx", lambda p: docx_list(p, 10 ** 15, "upperRoman"),
         "numbered up to", 2),
    Case("txt-unclosed-comment", "comment.txt", text_unclosed_comments, "finding", 1),
    Case("txt-4000-continuations", "cont.txt", text_continuations, "finding", 1),
    Case("txt-long-line", "long.txt", text_long_line, "characters long", 2),
    Case("txt-stray-nul", "nul.txt", text_stray_nul, "in 1 file", 0),
    Case("txt-year-0", "year0.txt", text_year_zero, "GX202", 1),
    Case("txt-100k-metadata-lines", "meta.txt", text_metadata_labels, "in 1 file", 0),
    Case("txt-100k-broken-table-labels", "broken.txt", text_broken_labels, "in 1 file", 0),
]
