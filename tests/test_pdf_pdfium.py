"""The PDFium layer of the PDF reader (lint/adapters/pdf_pdfium.py): it calls the PDFium that
pypdfium2_raw bundles through prototypes of its own (checked here against pypdfium2_raw's), so
it must refuse what PDFium cannot open as clearly as the rest, and live in one process with
pypdfium2's own helpers (the review page renders pages with them)."""

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


# --- our own declarations of PDFium's functions, checked against pypdfium2_raw's ------------------


def _kind(t):
    """A ctypes type as the C ABI passes it: every pointer (typed or not, char* too) alike."""
    import ctypes

    if t is None:
        return None
    if t in (ctypes.c_void_p, ctypes.c_char_p) or issubclass(t, ctypes._Pointer):
        return "pointer"
    return ctypes.sizeof(t), t._type_  # c_size_t is c_ulong here: both "L"


def test_each_prototype_is_pypdfium2s():
    import pypdfium2_raw as raw

    from lint.adapters.pdf_pdfium import PROTOTYPES

    for name, (restype, *argtypes) in PROTOTYPES.items():
        theirs = getattr(raw, name)
        assert _kind(restype) == _kind(theirs.restype), name
        assert [_kind(t) for t in argtypes] == [_kind(t) for t in theirs.argtypes], name


def test_the_structures_and_constants_are_pypdfium2s():
    import ctypes

    import pypdfium2_raw as raw

    from lint.adapters import pdf_pdfium as ours

    for name in ("FS_RECTF", "FS_MATRIX", "FPDF_LIBRARY_CONFIG"):
        mine, theirs = getattr(ours, name), getattr(raw, name)
        assert [(f, _kind(t)) for f, t in mine._fields_] == \
            [(f, _kind(t)) for f, t in theirs._fields_], name
        assert ctypes.sizeof(mine) == ctypes.sizeof(theirs), name
    constants = [n for n in dir(ours) if n.startswith(("FPDF_ERR_", "FPDF_PAGEOBJ_", "FPDF_SEGMENT_"))]
    assert len(constants) == 12
    for name in constants:
        assert getattr(ours, name) == getattr(raw, name), name


_READ = ("import hashlib, sys\nimport lint.adapters.pdf as P\n"
         "pages = P.extract(sys.argv[1], open(sys.argv[1], 'rb').read())\n"
         "print(len(pages), hashlib.sha256(repr(pages).encode()).hexdigest(),"
         " sorted(m for m in sys.modules if m.startswith('pypdfium2')))\n")
# the same, with the bundled library not to be found: pypdfium2_raw's bindings serve
_NOT_FOUND = ("import importlib.util\nreal = importlib.util.find_spec\n"
              "importlib.util.find_spec = lambda name, *a: None if name == 'pypdfium2_raw' else real(name, *a)\n")


def test_pdfium_is_loaded_from_pypdfium2_raws_folder_without_its_bindings(tmp_path):
    from lint.adapters.pdf_pdfium import bundled_library

    path = bundled_library()
    assert path is not None and "pypdfium2_raw" in path
    data = tmp_path / "r.pdf"
    data.write_bytes(build_pdf(generate(2))[0])
    runs = [subprocess.run([sys.executable, "-c", code, str(data)], capture_output=True, text=True,
                           cwd=ROOT, timeout=120) for code in (_READ, _NOT_FOUND + _READ)]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr + runs[1].stderr
    (pages, digest, loaded), (pages2, digest2, loaded2) = (r.stdout.split(" ", 2) for r in runs)
    assert loaded.strip() == "[]" and loaded2.strip() == "['pypdfium2_raw', 'pypdfium2_raw.bindings']"
    assert int(pages) >= 2 and (pages, digest) == (pages2, digest2)  # the same pages either way
