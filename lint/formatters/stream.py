"""Output written as files complete: text, GitHub, JSON, JSON Lines and SARIF, one file at a time.

A writer gets each file's settled result in input order (:meth:`Writer.file`), then, after
the last file, the cross-year parts of paired reports in input order (:meth:`Writer.cross`),
then :meth:`Writer.close`, which writes what only the whole run knows (the summary line,
JSON's totals, SARIF's rule descriptors and artifacts). It keeps counts, never results, so a
batch of any size is written in flat memory. The bytes depend only on the results and their
order, never on how many workers made them or when (docs/output.md, "Order").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..findings import FileResult, Finding
from .safe import visible
from .writer import Write, Writer, drive

# --- text and GitHub ------------------------------------------------------------------------------


class TextWriter(Writer):
    """Compiler-style lines (lint/formatters/text.py), the summary line last."""

    def __init__(self, write: Write, lang: str = "zh", summary: bool = True,
                 color: bool = False) -> None:
        super().__init__(write)
        self.lang, self.summary, self.color = lang, summary, color
        self.lines = 0

    def _emit(self, line: str) -> None:
        self.write(line + "\n")
        self.lines += 1

    def _file(self, result: FileResult) -> None:
        from .text import _coloured, _finding_line

        if result.error is not None:
            self._emit(visible(f"{result.path}: error: {result.error}"))
        for f in sorted(result.findings, key=Finding.sort_key):
            line = visible(_finding_line(f, self.lang))  # a file name cannot forge a line
            self._emit(_coloured(line, f, self.lang) if self.color else line)

    def close(self) -> None:
        from .text import _summary

        if self.summary:
            self._emit(_summary(self.counts, self.files, self.unreadable, self.lang))


class GithubWriter(TextWriter):
    """GitHub workflow commands (lint/formatters/github.py)."""

    def __init__(self, write: Write, lang: str = "zh") -> None:
        super().__init__(write, lang, summary=False)

    def _file(self, result: FileResult) -> None:
        from .github import _command, _finding

        if result.error is not None:
            self._emit(visible(_command("error", [("file", result.path), ("title", "gxlint")],
                                        result.error)))
        for f in sorted(result.findings, key=Finding.sort_key):
            self._emit(visible(_finding(f, self.lang)))


def writer_for(fmt: str, write: Write, rules: list, lang: str, *, quiet: bool = False,
               color: bool = False, base_dir: Path | None = None) -> Writer:
    if fmt == "github":
        return GithubWriter(write, lang)
    if fmt == "json":
        from .json_out import JsonWriter

        return JsonWriter(write, rules, lang)
    if fmt == "jsonl":
        from .json_out import JsonLinesWriter

        return JsonLinesWriter(write, rules, lang)
    if fmt == "sarif":
        from .sarif import SarifWriter

        return SarifWriter(write, rules, base_dir or Path.cwd(), lang)
    return TextWriter(write, lang, summary=not quiet, color=color)


def render(fmt: str, results: list[FileResult], cross: list[FileResult] | None, rules: list,
           lang: str, **kwargs: Any) -> str:
    """The whole output as one string (no trailing newline), as the writers stream it.
    ``cross`` None: ``results`` are settled whole (cross-year findings in them), and are split
    here as a streamed run writes them."""
    parts: list[str] = []
    return drive(writer_for(fmt, parts.append, rules, lang, **kwargs), results, cross, rules, parts)
