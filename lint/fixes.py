"""Safe fixes: building edits for fixable findings, applying them atomically, diffs.

A fix is a list of ``Edit``s of the text form. For text and Markdown files the text form is
the decoded file, so an edit maps straight onto the file: the file is decoded again, the
edits applied, and the result encoded back with the file's encoding and BOM (line ends are
never touched: an edit never spans a line break) and written atomically (a temporary file
in the same folder, then ``os.replace``). PDF, DOCX and HTML files are never written: their
fixes are shown as suggestions.

What is safe: replacing a table label by the template's (no digit may change), deleting
editing debris (``[bookmark: …]``, ``**``) and deleting spaces. Numbers are never touched.
"""

from __future__ import annotations

import codecs
import hashlib
import os
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .findings import Edit, FileResult, Finding
from .regexes import regex

WRITABLE_KINDS = ("text", "markdown")  # the text form is the file itself
_DIGITS = regex(r"[0-9０-９〇零一二三四五六七八九十百千万亿两]")
_DEBRIS = regex(r"\[bookmark:[^\]]*\]|\*\*")
_EOL = regex(r"\r\n|\r|\n")


# --- building ---------------------------------------------------------------------------------


class LineIndex:
    """Line starts of a text (line breaks as the lexer counts them), for edit positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in _EOL.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column in UTF-16 code units), both 1-based."""
        i = max(bisect_right(self.starts, offset) - 1, 0)
        start = self.starts[i]
        column = 1 + sum(2 if ord(ch) > 0xFFFF else 1 for ch in self.text[start:offset])
        return i + 1, column


def safe_edit(original: str, replacement: str) -> bool:
    """Whether replacing ``original`` by ``replacement`` is a safe fix: on one line, and
    either deleting editing debris or spaces, or leaving every digit as it was."""
    if any(ch in "\r\n" for ch in original + replacement):
        return False
    if not replacement and (_DEBRIS.fullmatch(original) or not original.strip()):
        return True
    return _DIGITS.findall(original) == _DIGITS.findall(replacement)


def make_fix(text: str, raw: list[tuple[int, int, str]], index: LineIndex) -> list[Edit] | None:
    """The edits of a hit's fix, or None when any of them is not safe (then the finding is
    reported without a fix rather than with half of one)."""
    edits = []
    for start, end, replacement in raw:
        original = text[start:end]
        if not 0 <= start <= end <= len(text) or not safe_edit(original, replacement) \
                or original == replacement:
            return None
        line, column = index.position(start)
        end_line, end_column = index.position(end)
        edits.append(Edit(start, end, replacement, line, column, end_line, end_column, original))
    return edits or None


# --- applying ---------------------------------------------------------------------------------


class FixError(Exception):
    """A file whose fixes cannot be applied; the message says why."""


@dataclass
class FileFix:
    """The fixes of one file: the edits, the findings they fix, its text before and after."""
    path: str
    edits: list[Edit] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    old: str = ""
    new: str = ""


def plan(result: FileResult, skip: Callable[[Finding], bool] = lambda f: False) -> FileFix:
    """The non-overlapping edits of a file's reported findings (those ``skip`` does not
    exclude, e.g. suppressed ones), in file order."""
    fix = FileFix(result.path)
    taken: list[tuple[int, int]] = []
    for f in sorted(result.findings, key=lambda f: min((e.start for e in f.fix or []), default=0)):
        if not f.fix or skip(f):
            continue
        spans = [(e.start, e.end) for e in f.fix]
        if any(a < d and c < b or a == b == c == d for a, b in spans for c, d in taken):
            continue  # overlaps an edit already taken: the next run fixes it
        taken.extend(spans)
        fix.edits.extend(f.fix)
        fix.findings.append(f)
    fix.edits.sort(key=lambda e: e.start)
    return fix


def _decode(data: bytes, path: str) -> tuple[str, Callable[[str], bytes]]:
    """The file's text as the adapter decoded it, and how to encode text back to the same
    encoding and BOM."""
    from .adapters.text import decode

    text, encoding, _ = decode(data, path)
    if encoding == "utf-16":
        bom = codecs.BOM_UTF16_LE if data.startswith(codecs.BOM_UTF16_LE) else codecs.BOM_UTF16_BE
        codec = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
        return text, lambda t: bom + t.encode(codec)
    return text, lambda t: t.encode(encoding)


def _apply_edits(text: str, edits: list[Edit]) -> str:
    out, pos = [], 0
    for e in edits:
        if text[e.start:e.end] != e.original:
            raise FixError("the text at a fix is not what was linted")
        out.append(text[pos:e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def prepare(result: FileResult, fix: FileFix) -> tuple[bytes, FileFix]:
    """Read the file again and compute the fixed bytes (raises FixError)."""
    if result.kind not in WRITABLE_KINDS:
        raise FixError(f"{result.kind} files are not written")
    try:
        data = Path(result.path).read_bytes()
    except OSError as exc:
        raise FixError(f"cannot read: {exc.strerror or exc}") from exc
    if result.digest is not None and hashlib.sha256(data).hexdigest() != result.digest:
        raise FixError("the file changed while it was being linted")
    from .adapters import InputError

    try:
        text, encode = _decode(data, result.path)
    except InputError as exc:
        raise FixError(exc.reason) from exc
    try:
        if encode(text) != data:
            raise FixError("the file's encoding does not round-trip; not written")
        new = _apply_edits(text, fix.edits)
        new_data = encode(new)
    except UnicodeEncodeError as exc:
        raise FixError(f"a fix cannot be written in the file's encoding: {exc.reason}") from exc
    fix.old, fix.new = text, new
    return new_data, fix


def write_atomic(path: str, data: bytes) -> None:
    """Replace the file's content in one step (lint/safefile.py), keeping its permissions.
    A symbolic link is followed: its target gets the new content. A read-only file, or one
    with other hard links (which a rename would split from this name), is not written."""
    import stat

    from .safefile import write_atomic as replace_file

    target = os.path.realpath(path)
    info = os.stat(target)
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise FixError("the file is read-only; not written")
    if info.st_nlink > 1:
        raise FixError(f"the file has {info.st_nlink} hard links, which a fix would split; "
                       "not written (fix it by hand or with --diff)")
    replace_file(target, data, stat.S_IMODE(info.st_mode))


def unified_diff(path: str, old: str, new: str) -> str:
    """A unified diff of one file (``a/PATH`` → ``b/PATH``), ready for ``patch -p1``/``git apply``."""
    import difflib

    name = Path(path).as_posix().lstrip("/")
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                 f"a/{name}", f"b/{name}")
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def suggestion(edit: Edit, lang: str) -> str:
    """An edit in words, for files gxlint does not write."""
    if not edit.replacement:
        what = f"“{edit.original}”" if edit.original.strip() else ("空格" if lang == "zh" else "spaces")
        return f"删除{what}" if lang == "zh" else f"delete {what}"
    if lang == "zh":
        return f"将“{edit.original}”改为“{edit.replacement}”"
    return f"replace \"{edit.original}\" with \"{edit.replacement}\""


# --- the --fix / --diff step over a run's results ----------------------------------------------

_KIND_NAMES = {"pdf": "PDF", "docx": "DOCX", "html": "HTML"}


@dataclass
class FixRun:
    """What a --fix or --diff run did, file by file."""
    fixed: dict[str, int] = field(default_factory=dict)  # path -> findings fixed (or to fix)
    diffs: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # files that could not be fixed, why
    suggestions: list[str] = field(default_factory=list)  # fixes for files never written
    applied: list[Finding] = field(default_factory=list)  # what was fixed (--show-fixes)


def run(results: list[FileResult], write: bool, lang: str = "zh",
        skip: Callable[[FileResult, Finding], bool] = lambda r, f: False) -> FixRun:
    """Apply (``write``) or preview the fixes of every file's reported findings. Findings
    that ``skip`` says are suppressed are left alone."""
    out = FixRun()
    for result in results:
        if result.error is not None:
            continue
        fix = plan(result, lambda f, r=result: skip(r, f))
        if not fix.edits:
            continue
        if result.kind not in WRITABLE_KINDS:
            kind = _KIND_NAMES.get(result.kind or "", result.kind or "")
            for f in fix.findings:
                words = "；".join(suggestion(e, lang) for e in f.fix or [])
                note = (f"（{kind} 文件不会被修改，请在原文件中修改）" if lang == "zh"
                        else f" ({kind} files are not modified: change the original)")
                label = "建议" if lang == "zh" else "suggestion: "
                out.suggestions.append(f"{f.where()}: {f.rule_id} {label}{words}{note}")
            continue
        try:
            data, fix = prepare(result, fix)
            if write:
                write_atomic(result.path, data)
        except (FixError, OSError) as exc:
            reason = str(exc) if isinstance(exc, FixError) else (exc.strerror or str(exc))
            out.problems.append(f"{result.path}: {'无法修复' if lang == 'zh' else 'not fixed'}: {reason}")
            continue
        out.fixed[result.path] = len(fix.findings)
        out.applied.extend(fix.findings)
        out.diffs.append(unified_diff(result.path, fix.old, fix.new))
    return out
