"""Convert generated reports to PDF with LibreOffice, as a real exporter draws them: DOCX from
tests/docxbuild.py and web pages from tests/htmlbuild.py, many files in one ``soffice`` call.

LibreOffice draws tables its own way (stroked border lines, its cell padding, rows broken
across pages, labels wrapped by its CJK line breaking) and page-number footers from a DOCX
PAGE field, which is what the PDF adapter must read. Needs ``soffice`` (Debian:
``libreoffice-writer-nogui``) and a CJK font (``fonts-wqy-zenhei``); :func:`soffice` is None
without it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

# Web pages are opened as Writer documents (as "Open with LibreOffice Writer" would): the
# Writer/Web filter that .html picks by default puts the first paragraph on a blank page.
_HTML_FILTER = "HTML (StarWriter)"
# A .txt opened in Writer as a clerk pastes a report: UTF-8, each TAB a tab stop.
_TEXT_FILTER = "Text (encoded):UTF8,,,"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def has_cjk_font() -> bool:
    """Whether fontconfig knows a font with Chinese glyphs (else LibreOffice draws boxes)."""
    fc = shutil.which("fc-list")
    if fc is None:
        return False
    out = subprocess.run([fc, ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(out.stdout.strip())


def to_pdf(files: list[Path], outdir: Path, timeout: float = 300.0) -> dict[Path, Path]:
    """Each file converted to ``outdir/<stem>.pdf`` (stems must be distinct): the files split
    among a few LibreOffice processes run at once (one per CPU, at most four), each with its
    own profile so that they do not clash."""
    exe = soffice()
    if exe is None:
        raise RuntimeError("soffice is not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    html = [f for f in files if f.suffix.lower() in (".html", ".htm")]
    text = [f for f in files if f.suffix.lower() == ".txt"]
    other = [f for f in files if f not in html and f not in text]
    jobs = max(1, min(os.cpu_count() or 1, 4))
    batches = [(infilter, g[i::jobs]) for infilter, g in ((_HTML_FILTER, html), (_TEXT_FILTER, text), (None, other))
               for i in range(jobs) if g[i::jobs]]
    with tempfile.TemporaryDirectory(prefix="gxlint-lo-") as profiles:
        running = []
        for n, (infilter, group) in enumerate(batches):
            profile = Path(profiles, str(n)).as_uri()
            args = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore"]
            if infilter:
                args.append(f"--infilter={infilter}")
            args += ["--convert-to", "pdf", "--outdir", str(outdir), *map(str, group)]
            running.append((group, subprocess.Popen(args, stdout=subprocess.DEVNULL,
                                                    stderr=subprocess.PIPE, text=True)))
        for group, proc in running:
            _, err = proc.communicate(timeout=timeout)
            missing = [f.name for f in group if not (outdir / f"{f.stem}.pdf").is_file()]
            if proc.returncode or missing:
                raise RuntimeError(f"soffice failed ({proc.returncode}) for {missing}: {err[-2000:]}")
    return {f: outdir / f"{f.stem}.pdf" for f in files}
