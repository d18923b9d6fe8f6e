"""What every streaming writer shares (lint/formatters/stream.py): counts, JSON written an
element at a time, and results settled whole split as a streamed run writes them."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from ..findings import SEVERITIES, FileResult

Write = Callable[[str], None]  # takes text to append to the output


class Writer:
    def __init__(self, write: Write) -> None:
        self.write = write
        self.files = 0
        self.unreadable = 0
        self.counts = dict.fromkeys(SEVERITIES, 0)

    def _count(self, result: FileResult, whole: bool) -> None:
        if whole:
            self.files += 1
            self.unreadable += result.error is not None
        for f in result.findings:
            if f.severity in self.counts:
                self.counts[f.severity] += 1

    def file(self, result: FileResult) -> None:
        self._count(result, True)
        self._file(result)

    def cross(self, part: FileResult, had_findings: bool = False) -> None:
        """A paired report's cross-year findings; ``had_findings``: its own part had some."""
        self._count(part, False)
        self._cross(part, had_findings)

    def _file(self, result: FileResult) -> None:
        raise NotImplementedError

    def _cross(self, part: FileResult, had_findings: bool) -> None:
        self._file(part)

    def close(self) -> None:
        pass


def _indented(value: Any, depth: int) -> str:
    """``value`` as ``json.dumps(indent=2)`` writes it ``depth`` levels down a document."""
    pad = "  " * depth
    return pad + json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + pad)


class _Array:
    """A JSON array written element by element at ``depth`` (its elements one deeper)."""

    def __init__(self, write: Write, depth: int) -> None:
        self.write, self.depth, self.count = write, depth, 0

    def add(self, value: Any) -> None:
        self.write(("[\n" if self.count == 0 else ",\n") + _indented(value, self.depth + 1))
        self.count += 1

    def end(self) -> None:
        self.write("\n" + "  " * self.depth + "]" if self.count else "[]")


def split(results: Iterable[FileResult], cross_ids: frozenset[str]) -> tuple[list[FileResult], list[FileResult]]:
    """Results settled all at once (crossyear.apply, then suppress.apply) as the streaming
    writers take them: each file's own part, and the cross-year parts of paired reports."""
    own, cross = [], []
    for r in results:
        if not cross_ids or r.previous is None:
            own.append(r)
            continue
        mine = [f for f in r.findings if f.rule_id not in cross_ids]
        theirs = [f for f in r.findings if f.rule_id in cross_ids]
        kept = [f for f in r.suppressed if f.rule_id not in cross_ids]
        gone = [f for f in r.suppressed if f.rule_id in cross_ids]
        part = FileResult(r.path, findings=theirs, suppressed=gone, previous=r.previous, kind=r.kind)
        cross.append(part)
        copy = FileResult(**{**r.__dict__, "findings": mine, "suppressed": kept, "previous": None})
        own.append(copy)
    return own, cross


def drive(writer: Writer, results: list[FileResult], cross: list[FileResult] | None,
          rules: list, parts: list[str]) -> str:
    """Feed ``writer`` (writing into ``parts``) and return the whole output (no trailing
    newline). ``cross`` None: ``results`` are settled whole, cross-year findings in them."""
    if cross is None:
        from ..crossyear import cross_year_rules

        results, cross = split(results, frozenset(r.id for r in cross_year_rules(rules)))
    for r in results:
        writer.file(r)
    for part in cross:
        writer.cross(part, any(r.path == part.path and r.findings for r in results))
    writer.close()
    return "".join(parts).removesuffix("\n")
