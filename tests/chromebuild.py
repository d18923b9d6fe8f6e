"""Print generated reports' web pages (tests/htmlbuild.py) to PDF with headless Chromium, as a
user who saves a portal page with "Print → Save as PDF" does.

Chromium draws what LibreOffice and reportlab do not: each table cell's own border box a few
points from its neighbour's (``<table border="1">`` keeps its cells' borders apart), narrow
tables with text left at its natural width, and a running header (the date and the page's
``<title>``) and footer (the file's address and ``1/5``) on every page. Needs ``chromium``
(Debian: ``chromium``) and a CJK font; :func:`chromium` is None without it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

_SCRIPT = re.compile(r"<script\b.*?</script>", re.S | re.I)


def write_page(items: list, path: Path, chrome: str = "bare") -> Path:
    """tests/htmlbuild.py's page of ``generate.blocks`` items without its scripts: the page's
    statistics snippet writes text (统计代码) that a browser would print above the title."""
    from tests.htmlbuild import page_html

    path.write_text(_SCRIPT.sub("", page_html(items, chrome)), encoding="utf-8")
    return path


FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def print_pdf(files: list[Path], outdir: Path, timeout: float = 120.0, jobs: int = 2) -> dict[Path, Path]:
    """Each page printed to ``outdir/<stem>.pdf`` (stems must be distinct), a few at a time,
    each Chromium with its own throwaway profile."""
    exe = chromium()
    if exe is None:
        raise RuntimeError("chromium is not installed")
    outdir.mkdir(parents=True, exist_ok=True)

    def one(page: Path) -> Path:
        out = outdir / f"{page.stem}.pdf"
        with tempfile.TemporaryDirectory(prefix="gxlint-chromium-") as profile:
            proc = subprocess.run([exe, *FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={out}",
                                   page.resolve().as_uri()],
                                  capture_output=True, text=True, timeout=timeout, check=False)
        if proc.returncode or not out.is_file():
            raise RuntimeError(f"chromium failed ({proc.returncode}) for {page.name}: {proc.stderr[-2000:]}")
        return out

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return dict(zip(files, pool.map(one, files), strict=True))
