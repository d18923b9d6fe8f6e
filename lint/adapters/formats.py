"""Files gxlint cannot read itself: say which format a file is and what to do, and convert
Word 97-2003 (.doc), WPS (.wps), OpenDocument (.odt) and RTF (.rtf) documents to DOCX with
LibreOffice when it is installed.

A conversion runs ``soffice --headless --convert-to docx`` in a temporary folder of its own,
with a private LibreOffice profile (so that it neither touches the user's nor clashes with a
LibreOffice already running) and a time limit; the DOCX it writes is read by docx_reader.py
under the original file's name.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import InputError, Note, Source

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003, Excel 97-2003, WPS, .et
ZIP_MAGIC = b"PK\x03\x04"
CONVERT_TIMEOUT = 45.0  # seconds; under the default per-file limit of 60 s

# Word-processor documents LibreOffice turns into DOCX: Word 97-2003, WPS, OpenDocument, RTF.
CONVERTIBLE = (".doc", ".wps", ".odt", ".rtf")
IMAGES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".gif", ".webp")
SPREADSHEETS = (".et", ".xls", ".xlsx")
UNSUPPORTED = (*CONVERTIBLE, *SPREADSHEETS, ".ofd", *IMAGES)  # suffixes refused by name


def soffice() -> str | None:
    """LibreOffice's command, if installed."""
    import shutil  # not at import: a walk asks `readable` of every name it finds

    return shutil.which("soffice") or shutil.which("libreoffice")


def readable(suffix: str) -> bool:
    """Whether a file with this suffix can be linted here (a .doc only with LibreOffice)."""
    return suffix in CONVERTIBLE and soffice() is not None


def refusal(path: str, data: bytes = b"") -> InputError | None:
    """Why a file of a format gxlint does not read is refused, naming the format and what to
    do (None: not such a file)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".doc":
        return InputError(path, "format_doc", suffix=suffix)
    if suffix == ".wps":
        return InputError(path, "format_wps", suffix=suffix)
    if suffix == ".odt":
        return InputError(path, "format_odt", suffix=suffix)
    if suffix == ".rtf":
        return InputError(path, "format_rtf", suffix=suffix)
    if suffix == ".et":
        return InputError(path, "format_et", suffix=suffix)
    if suffix == ".xls":
        return InputError(path, "format_xls", suffix=suffix)
    if suffix == ".xlsx":
        return InputError(path, "format_xlsx", suffix=suffix)
    if suffix == ".ofd":
        return InputError(path, "format_ofd", suffix=suffix)
    if suffix in IMAGES:
        return InputError(path, "format_image", suffix=suffix)
    if data.startswith(OLE_MAGIC):  # e.g. a .doc renamed .txt
        return InputError(path, "format_ole")
    return None


def refuse(path: str, data: bytes) -> None:
    """Raise the reason a file of a format gxlint does not read is refused, if it is one."""
    error = refusal(path, data)
    if error is not None:
        raise error


def read(path: str, data: bytes) -> Source:
    """A .doc, .wps, .odt or .rtf: read as DOCX when it is one under another name, else
    converted by LibreOffice, else refused with the reason."""
    import tempfile

    from . import docx_reader

    suffix = Path(path).suffix.lower()
    if data.startswith(ZIP_MAGIC) and suffix in (".doc", ".wps"):  # a DOCX saved as .doc
        return docx_reader.read(path, data)
    if suffix == ".odt":  # a zip: no zip bomb reaches LibreOffice
        docx_reader.check_archive(path, data, odt=True)
    exe = soffice()
    if exe is None:
        refuse(path, data)
    with tempfile.TemporaryDirectory(prefix="gxlint-convert-") as tmp:
        source = Path(tmp, "report" + suffix)
        source.write_bytes(data)
        out = Path(tmp, "out")
        args = [exe, f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}", "--headless",
                "--norestore", "--convert-to", "docx", "--outdir", str(out), str(source)]
        detail = _run(args)
        converted = out / "report.docx"
        if not converted.is_file():
            raise InputError(path, "convert_failed", suffix=suffix, detail=detail or "no output")
        result = docx_reader.read(path, converted.read_bytes())
    result.notes.insert(0, Note.of("converted", suffix=suffix))
    return result


def _run(args: list[str]) -> str:
    """Run LibreOffice; what it said when it failed ("" when it wrote its file)."""
    import signal
    import subprocess

    try:
        proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, preexec_fn=_child_limits,
                                start_new_session=True)
    except OSError as exc:
        return exc.strerror or str(exc)
    said = None
    try:
        said, _ = proc.communicate(timeout=CONVERT_TIMEOUT)
    except subprocess.TimeoutExpired:
        pass
    finally:  # soffice starts helper processes: end its whole session, not just the first
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass
        proc.wait()
    if said is None:
        return f"timed out after {CONVERT_TIMEOUT:g} s"
    lines = [line.strip() for line in said.decode("utf-8", "replace").splitlines()
             if line.strip() and "javaldx" not in line]  # its start-up noise says nothing here
    return "; ".join(lines)[-300:]


def _child_limits() -> None:
    """In the LibreOffice process, before it starts. It maps far more address space than a
    report needs: the worker's cap (lint/batch.py) is for gxlint's own parsing, not for it. A
    CPU-time limit, which its helper processes inherit, ends a conversion that spins even if
    the worker that started it was killed (past --timeout) and cannot end it."""
    try:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
        cpu = int(CONVERT_TIMEOUT * 2)
        _, cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)
        if cpu_hard == resource.RLIM_INFINITY or cpu_hard > cpu:
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu_hard))
    except (ImportError, ValueError, OSError):
        pass
    os.umask(0o077)  # the converted copy is the user's report: private while it exists
