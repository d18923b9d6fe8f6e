"""The PDFium layer of the PDF reader (lint/adapters/pdf_pdfium.py): it opens documents through
pypdfium2's raw bindings, so it must refuse what PDFium cannot open as clearly as the rest, and
live in one process with pypdfium2's own helpers (the review page renders pages with them)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from lint.adapters import InputError
from lint.adapters.pdf_pdfium import document, loaded_page, page_content, page_count
from tests.conftest import ROOT
from tests.generate import generate
from tests.pdfbuild import build_pdf


def test_a_file_pdfium_cannot_open_is_refused_with_its_reason():
    with pytest.raises(InputError) as caught, document("x.pdf", b"%PDF-1.4\nnot a PDF at all"):
        pass
    assert caught.value.code == "pdf_damaged"
    assert "x.pdf" in str(caught.value) and "Data format error" in str(caught.value)


def test_pages_are_read_and_closed_in_turn():
    data = build_pdf(generate(3))[0]
    with document("r.pdf", data) as handle:
        count = page_count(handle)
        assert count >= 2
        texts = []
        for number in range(1, count + 1):
            with loaded_page("r.pdf", handle, number) as page:
                content = page_content("r.pdf", number, page, {})
            assert content.number == number and content.width > 0 and content.height > 0
            texts.append("".join(c.text for c in content.chars))
        with pytest.raises(InputError) as caught, loaded_page("r.pdf", handle, count + 1):
            pass
        assert caught.value.code == "pdf_damaged" and f"page {count + 1}" in str(caught.value)
    assert "政府信息公开" in "".join(texts)


@pytest.mark.parametrize("first", ["gxlint", "pypdfium2"])
def test_pypdfium2_and_the_reader_share_one_process_either_way_round(tmp_path, first):
    """PDFium is set up once per process, whichever imports it first; both then work."""
    path = tmp_path / "r.pdf"
    path.write_bytes(build_pdf(generate(2))[0])
    ours = "import lint.adapters.pdf as P; n = len(P.extract(p, open(p, 'rb').read()))"
    theirs = ("import pypdfium2; d = pypdfium2.PdfDocument(p); "
              "w = d[0].render(scale=0.2).to_pil().size[0]; d.close()")
    steps = [ours, theirs] if first == "gxlint" else [theirs, ours]
    script = f"p = {str(path)!r}\n" + "\n".join(steps + steps) + "\nprint(n, w)"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    pages, width = map(int, done.stdout.split())
    assert pages >= 2 and width > 0
