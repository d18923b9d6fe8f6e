"""Annotated copies (``gxlint --annotate OUTDIR``): for whoever fixes a report in Word, WPS or
a PDF reader, a copy of each DOCX with every finding as a Word comment on its paragraph or
table cell, and of each PDF with a highlight over each offending cell or line and the message
as its note. Text, Markdown and HTML reports get no copy: their findings already point at
lines. A finding with no place in the file is listed at the top of the copy.

The copies go to OUTDIR under the path each report has below the folder the annotated reports
share (``a/2023/r.docx`` and ``a/2024/r.docx`` → ``OUTDIR/2023/r.docx``,
``OUTDIR/2024/r.docx``), so reports of the same name do not collide. Nothing is written over
a report being linted nor into a report's own folder; the originals are only read.

Loaded only when --annotate is given; python-docx and pypdf load only for such files.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module

from ..findings import FileResult, Finding

AUTHOR, INITIALS = "gxlint", "GX"
# The kind of file (FileResult.kind) -> module in this package whose
# ``annotate(path, findings, lang) -> Annotated`` makes its copy.
WRITERS = {"docx": "docx_comments", "pdf": "pdf_notes"}
_KIND_OF_SUFFIX = {".docx": "docx", ".pdf": "pdf"}

_WORDS = {
    "zh": {
        "written": "已写入批注副本 {target}：{placed} 条批注{listed}",
        "listed": "，{count} 个无法定位的问题列于开头",
        "not_written": "未写批注副本：{kind}报告的问题已指明行号",
        "input": "未写批注副本：{target} 是正在检查的报告",
        "own_folder": "未写批注副本：{target} 在所检查报告的文件夹中，请另选输出文件夹",
        "failed": "无法写批注副本 {target}：{detail}",
        "unplaced": "gxlint：以下问题无法定位到文中位置：",
        "kinds": {"text": "文本", "markdown": "Markdown ", "html": "HTML "},
    },
    "en": {
        "written": "annotated copy written to {target}: {placed} annotations{listed}",
        "listed": ", {count} findings with no place listed at the top",
        "not_written": "no annotated copy: the findings of a {kind} report point at its lines",
        "input": "no annotated copy: {target} is a report being linted",
        "own_folder": "no annotated copy: {target} is in the folder of a report being linted; "
                      "name another output folder",
        "failed": "cannot write the annotated copy {target}: {detail}",
        "unplaced": "gxlint: findings with no place in the document:",
        "kinds": {"text": "text", "markdown": "Markdown", "html": "HTML"},
    },
}


class AnnotateError(Exception):
    """A copy that cannot be made (an encrypted PDF, a file changed since it was linted)."""


@dataclass
class Annotated:
    """An annotated copy: its bytes, how many findings were placed in the text and how many
    listed at the top for want of a place."""

    data: bytes
    placed: int
    listed: int


def words(lang: str) -> dict:
    return _WORDS["en" if lang == "en" else "zh"]


def comment_text(finding: Finding, lang: str) -> str:
    """A finding as its comment or note says it: ``GX401 错误 表三…``."""
    from ..formatters.text import severity_word

    return f"{finding.rule_id} {severity_word(finding.severity, lang)} {finding.message}"


def unplaced_text(findings: list[Finding], lang: str) -> str:
    """The findings with no place in the document, one per line under a heading."""
    return "\n".join([words(lang)["unplaced"], *(comment_text(f, lang) for f in findings)])


def column_of(line: str, column: int) -> int:
    """Which TAB-separated cell of a text-form ``line`` the 1-based ``column`` is in."""
    return line[:max(column - 1, 0)].count("\t")


def targets(paths: Iterable[str], outdir: str) -> dict[str, str]:
    """Where each report's copy goes: OUTDIR plus the report's path below the folder all of
    ``paths`` share (its name alone when they share none, as on two Windows drives)."""
    paths = list(paths)
    folders = [os.path.dirname(os.path.abspath(p)) for p in paths]
    try:
        common = os.path.commonpath(folders) if folders else ""
    except ValueError:
        common = ""
    return {p: os.path.join(outdir, os.path.relpath(os.path.abspath(p), common) if common
                            else os.path.basename(p))
            for p in paths}


def _kind(result: FileResult) -> str:
    return result.kind or _KIND_OF_SUFFIX.get(os.path.splitext(result.path)[1].lower(), "text")


def _refusal(target: str, inputs: list[str], folders: set[str]) -> str | None:
    """Why ``target`` must not be written: it is a report being linted, or it lies in the
    folder of one (where the next run would lint the copy as a report)."""
    real = os.path.realpath(target)
    for path in inputs:
        if os.path.realpath(path) == real or _same_file(path, target):
            return "input"
    if os.path.dirname(real) in folders:
        return "own_folder"
    return None


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _detail(exc: Exception) -> str:
    """Why a copy was not written. Anything but a refusal or an OS error is a bug in making
    the copy: it costs that copy (exit code 2), never the run, which, ended by the exception,
    would exit with 1 as if there were only findings."""
    if isinstance(exc, AnnotateError):
        return str(exc)
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return f"{type(exc).__name__}: {exc}"[:200]


def annotate_results(results: list[FileResult], outdir: str, inputs: list[str], lang: str,
                     say: Callable[[str], None], notes: bool = True) -> bool:
    """Write the annotated copy of each DOCX and PDF of ``results`` (those that could be read)
    into ``outdir``; ``inputs`` are all the files of the run, none of which is ever written.
    ``say`` gets one line per report (``notes`` False: only the errors). Returns whether some
    copy could not be written."""
    from ..safefile import write_atomic

    w = words(lang)
    readable = [r for r in results if not r.error]
    where = targets((r.path for r in readable if _kind(r) in WRITERS), outdir)
    folders = {os.path.dirname(os.path.realpath(p)) for p in inputs}
    failed = False
    for r in readable:
        if r.path not in where:
            if notes:
                kind = w["kinds"].get(_kind(r), _kind(r))
                say(f"{r.path}: note: " + w["not_written"].format(kind=kind))
            continue
        target = where[r.path]
        refusal = _refusal(target, inputs, folders)
        if refusal is not None:
            say(f"{r.path}: error: " + w[refusal].format(target=target))
            failed = True
            continue
        try:
            copy = import_module(f".{WRITERS[_kind(r)]}", __name__).annotate(r.path, r.findings, lang)
            os.makedirs(os.path.dirname(os.path.abspath(target)), exist_ok=True)
            write_atomic(target, copy.data)
        except Exception as exc:  # noqa: BLE001 - a bug costs its copy, never the run
            say(f"{r.path}: error: " + w["failed"].format(target=target, detail=_detail(exc)))
            failed = True
            continue
        listed = w["listed"].format(count=copy.listed) if copy.listed else ""
        if notes:
            say(f"{r.path}: note: " + w["written"].format(target=target, placed=copy.placed,
                                                        listed=listed))
    return failed
