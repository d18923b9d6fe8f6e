"""gxlint on a PDF against the PDF library's own extraction of the same file, in the same run.

The reference is PDFium's text floor: pypdfium2 opens the PDF and extracts the text of every
page (``PdfTextPage.get_text_range()``). gxlint's
whole run on the file (read the PDF and rebuild the text form, parse, bind, lint) is reported
as a ratio of it; the target is at most 1.25 (gxlint adds at most 25%).

Also per page, in process: the structure pass (pdfminer's parser, bounding the file before PDFium
parses a page), PDFium's reading, and the rebuild of lines and tables; and what the PDF path's
imports cost a process that has linted a text report already (the rest of a whole run's PDF cost):
gxlint's PDF modules with PDFium, and pdfminer's parser for the structure pass.

Run: python bench/bench_pdf.py [FILES.pdf...]   (default: generated reports, 4 and ~12 pages,
and the real reports' PDFs in ../shared/real where present: read in place, never copied)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pypdfium2  # noqa: E402

from lint.engine import Options, lint_file  # noqa: E402
from lint.rulepack import load_rules  # noqa: E402
from tests.generate import Para, generate  # noqa: E402
from tests.pdfbuild import build_pdf  # noqa: E402

TARGET = 1.25  # kept from the pdfplumber yardstick; PDFium text alone is a harder floor
REAL = ROOT.parent / "shared" / "real"


def reference(path: Path) -> int:
    """pypdfium2's own text extraction of every page."""
    n = 0
    pdf = pypdfium2.PdfDocument(path.read_bytes())
    for page in pdf:
        n += len(page.get_textpage().get_text_range())
    pdf.close()
    return n


def paired(ref, ours, repeat: int) -> tuple[float, float, float]:
    """Median seconds of each, and the median of their ratios, over ``repeat`` back-to-back
    pairs after one warm-up each: pairing keeps a busy machine from favouring either side."""
    ref()
    ours()
    refs, ourss, ratios = [], [], []
    for _ in range(repeat):
        start = time.perf_counter()
        ref()
        middle = time.perf_counter()
        ours()
        end = time.perf_counter()
        refs.append(middle - start)
        ourss.append(end - middle)
        ratios.append((end - middle) / (middle - start))
    return statistics.median(refs), statistics.median(ourss), statistics.median(ratios)


def stages(path: Path, repeat: int = 9) -> tuple[float, float, float]:
    """Fastest CPU seconds per page of the structure pass, PDFium's reading and the layout."""
    import lint.adapters.pdf as P
    from lint.adapters.pdf_limits import bounded_streams, check_structure

    name, data = str(path), path.read_bytes()
    pages = P.extract(name, data)

    def structure() -> None:
        with bounded_streams(name):
            check_structure(name, data, P.MAX_PAGES)

    def best(fn) -> float:
        times = []
        for _ in range(repeat):
            start = time.process_time()
            fn()
            times.append(time.process_time() - start)
        return min(times) / len(pages)

    return (best(structure), best(lambda: P._extract_pdfium(name, data, {})),
            best(lambda: P.build(pages)))


IMPORTS = """
import sys, time
from pathlib import Path
from lint.engine import Options, lint_file
from lint.rulepack import load_rules
lint_file(Path(sys.argv[1]), load_rules(), Options())  # the text path warm, as in any run
start = time.process_time()
import lint.adapters.pdf, lint.adapters.pdf_pdfium  # gxlint's PDF modules and PDFium
middle = time.process_time()
import pdfminer.pdfdocument, pdfminer.pdfpage  # the structure pass's parser
print(middle - start, time.process_time() - middle)
"""


def import_cost(repeat: int = 7) -> tuple[float, float]:
    """Median CPU seconds of the PDF path's imports in a new process that has linted a text
    report (no result cache), byte-compiled: gxlint's PDF modules with PDFium, and pdfminer's
    parser (with what its package imports: importlib.metadata, charset_normalizer, cryptography)."""
    import os
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(ROOT)
    report = str(ROOT / "fixtures" / "gen-tabs-1.txt")
    runs = []
    with tempfile.TemporaryDirectory() as cache:
        env["GXLINT_CACHE_DIR"] = cache
        for _ in range(repeat + 1):
            done = subprocess.run([sys.executable, "-c", IMPORTS, report], env=env, cwd=ROOT,
                                  capture_output=True, text=True, check=True)
            runs.append(tuple(map(float, done.stdout.split())))
    return statistics.median(r[0] for r in runs[1:]), statistics.median(r[1] for r in runs[1:])


def generated(folder: Path) -> list[Path]:
    """A typical report (4 pages) and a long one (each section padded with more text)."""
    paths = []
    short = generate(1)
    long = generate(2)
    for section in long.sections:
        prose = [p for p in section.body if isinstance(p, Para)] or [Para("本部分内容较多，" * 20)]
        section.body += [Para(p.text * 3) for p in prose * 3]
    for name, spec in (("report-typical.pdf", short), ("report-long.pdf", long)):
        path = folder / name
        path.write_bytes(build_pdf(spec)[0])
        paths.append(path)
    return paths


def main(argv: list[str]) -> None:
    rules = load_rules()
    options = Options()
    with tempfile.TemporaryDirectory() as tmp:
        files = [Path(a) for a in argv] or generated(Path(tmp)) + sorted(REAL.glob("*.pdf"))
        print(f"{'report':<28} {'pages':>5} {'pdfium text ms':>14} {'gxlint ms':>10} {'ratio':>6}"
              f"   per page, CPU ms: {'structure':>9} {'read':>6} {'layout':>6}")
        ratios = []
        for path in files:
            pages = len(pypdfium2.PdfDocument(str(path)))
            result = lint_file(path, rules, options)
            if result.error:
                sys.exit(f"{path}: {result.error}")
            ref, ours, ratio = paired(lambda p=path: reference(p),
                                      lambda p=path: lint_file(p, rules, options), repeat=15)
            ratios.append(ratio)
            structure, read, layout = stages(path)
            print(f"{path.name[:28]:<28} {pages:>5} {ref * 1e3:>14.1f} {ours * 1e3:>10.1f} {ratio:>6.2f}"
                  f"   {'':>18} {structure * 1e3:>9.2f} {read * 1e3:>6.2f} {layout * 1e3:>6.2f}")
        worst = max(ratios)
        verdict = "within" if worst <= TARGET else "OVER"
        print(f"worst ratio {worst:.2f} ({verdict} the target of {TARGET:.2f}: gxlint read + parse + "
              "lint against pypdfium2's text extraction)")
        ours, pdfminer = import_cost()
        print(f"the PDF path's imports in a process that linted a text report (CPU, median): "
              f"gxlint's PDF modules and PDFium {ours * 1e3:.1f} ms, pdfminer's parser "
              f"{pdfminer * 1e3:.1f} ms, together {(ours + pdfminer) * 1e3:.1f} ms")


if __name__ == "__main__":
    main(sys.argv[1:])
