"""How long the adapters take: reading one generated report as text, DOCX and HTML, a
large HTML page, and refusing a zip bomb — plus a cold ``gxlint`` run per format.

Run: python bench/bench_adapters.py
"""

from __future__ import annotations

import io
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lint.adapters import InputError, read_source  # noqa: E402
from tests.docxbuild import write_docx  # noqa: E402
from tests.generate import blocks, generate, render  # noqa: E402
from tests.htmlbuild import page_html, write_html  # noqa: E402


def median_ms(fn, repeat: int = 15) -> float:
    fn()  # warm: imports, caches
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def refuse(path: Path) -> None:
    try:
        read_source(path)
    except InputError:
        return
    raise AssertionError(f"{path} was not refused")


def main() -> None:
    spec = generate(3)
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        txt = d / "r.txt"
        txt.write_text(render(spec, "tabs"), "utf-8")
        docx = write_docx(blocks(spec), d / "r.docx")
        html = write_html(blocks(spec), d / "r.html", "divs")
        gb = d / "gb.html"
        gb.write_bytes(page_html(blocks(spec), "divs", None).encode("gb18030"))
        # A page of about 20 MB: the report followed by many copies of its paragraphs.
        page = page_html(blocks(spec), "semantic")
        filler = "".join(f"<p>{text}</p>\n" for kind, text in blocks(spec) if kind == "para")
        big = d / "big.html"
        copies = 20 * 1024 * 1024 // len(filler.encode())
        big.write_text(page.replace("</article>", filler * copies + "</article>"), "utf-8")
        bomb = d / "bomb.docx"
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            with archive.open("word/document.xml", "w", force_zip64=True) as member:
                for _ in range(1024):
                    member.write(bytes(1 << 20))  # 1 GB of zeros
        bomb.write_bytes(out.getvalue())

        rows = [
            ("read .txt", median_ms(lambda: read_source(txt))),
            ("read .docx", median_ms(lambda: read_source(docx))),
            ("read .html (utf-8)", median_ms(lambda: read_source(html))),
            ("read .html (gb18030, guessed)", median_ms(lambda: read_source(gb))),
            (f"read .html of {big.stat().st_size // (1024 * 1024)} MB", median_ms(lambda: read_source(big), 3)),
            (f"refuse a zip bomb ({bomb.stat().st_size // 1024} KB → 1 GB)", median_ms(lambda: refuse(bomb))),
        ]
        for name, ms in rows:
            print(f"{name:<40} {ms:9.1f} ms")
        gxlint = [sys.executable, "-m", "lint"]  # this checkout's, whatever gxlint is installed
        base = median_ms(lambda: subprocess.run([sys.executable, "-c", "pass"], capture_output=True), 7)
        print(f"{'python -c pass':<40} {base:9.1f} ms")
        for path in (txt, docx, html):
            ms = median_ms(lambda p=path: subprocess.run([*gxlint, str(p)], capture_output=True, cwd=ROOT), 7)
            print(f"{'cold gxlint ' + path.name:<40} {ms:9.1f} ms  ({ms / base:.1f}× python -c pass)")


if __name__ == "__main__":
    main()
