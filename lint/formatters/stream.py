"""Output written as files complete: text, GitHub, JSON and SARIF, one file at a time.

A writer gets each file's settled result in input order (:meth:`Writer.file`), then, after
the last file, the cross-year parts of paired reports in input order (:meth:`Writer.cross`),
then :meth:`Writer.close`, which writes what only the whole run knows (the summary line,
JSON's totals, SARIF's rule descriptors and artifacts). It keeps counts, never results, so a
batch of any size is written in flat memory. The bytes depend only on the results and their
order, never on how many workers made them or when (docs/output.md, "Order").
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .. import __version__
from ..findings import SEVERITIES, FileResult, Finding
from .safe import visible

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


# --- JSON -----------------------------------------------------------------------------------------


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


class JsonWriter(Writer):
    """The JSON document (docs/gxlint-output.schema.json), ``files`` written as they come."""

    def __init__(self, write: Write, rules: list, lang: str = "zh") -> None:
        from .json_out import SCHEMA_VERSION, unique_rules

        super().__init__(write)
        self.rules, self.lang = unique_rules(rules), lang
        self.per_rule = dict.fromkeys((r.id for r in self.rules), 0)
        self.with_findings = self.suppressed = 0
        head = json.dumps({"version": SCHEMA_VERSION, "tool": {"name": "gxlint", "version": __version__}},
                          ensure_ascii=False, indent=2)
        self.write(head[:-2] + ',\n  "files": ')
        self.array = _Array(write, 1)
        self.crossing: _Array | None = None

    def _tally(self, result: FileResult) -> None:
        for f in result.findings:
            self.per_rule[f.rule_id] = self.per_rule.get(f.rule_id, 0) + 1
        self.suppressed += len(result.suppressed)

    def _file(self, result: FileResult) -> None:
        from .json_out import _file

        self._tally(result)
        self.with_findings += bool(result.findings)
        entry = _file(result)
        del entry["previous"]  # cross_year says which report each was paired with
        self.array.add(entry)

    def _cross(self, part: FileResult, had_findings: bool) -> None:
        from .json_out import _file

        self._tally(part)
        self.with_findings += bool(part.findings) and not had_findings
        if self.crossing is None:
            self.array.end()
            self.write(',\n  "cross_year": ')
            self.crossing = _Array(self.write, 1)
        entry = _file(part)
        for key in ("profile", "error"):
            del entry[key]
        self.crossing.add(entry)

    def close(self) -> None:
        from .json_out import localized

        if self.crossing is None:
            self.array.end()
            self.write(',\n  "cross_year": ')
            self.crossing = _Array(self.write, 1)
        self.crossing.end()
        tail = {
            "counts": self.counts,
            "summary": {"files": self.files, "unreadable": self.unreadable,
                        "with_findings": self.with_findings, "findings": sum(self.counts.values()),
                        "rules": dict(sorted(self.per_rule.items()))},
            "rules": [{"id": r.id, "name": r.name, "severity": r.severity,
                       "summary": localized(r.summary, self.lang)} for r in self.rules],
            "suppressed": self.suppressed,
        }
        self.write(",\n" + json.dumps(tail, ensure_ascii=False, indent=2)[2:] + "\n")


# --- SARIF ----------------------------------------------------------------------------------------


class SarifWriter(Writer):
    """A SARIF 2.1.0 log (lint/formatters/sarif.py): ``runs[0].results`` written as they
    come; the rule descriptors, artifacts and notifications, which grow with the run, after
    them (the order of an object's members carries no meaning in SARIF)."""

    def __init__(self, write: Write, rules: list, base_dir: Path, lang: str = "zh") -> None:
        from .json_out import unique_rules
        from .sarif import SARIF_SCHEMA, _Artifacts, _rule_descriptor

        super().__init__(write)
        self.lang = lang
        self.descriptors = [_rule_descriptor(r, lang) for r in unique_rules(rules)]
        self.rule_index = {d["id"]: i for i, d in enumerate(self.descriptors)}
        self.artifacts = _Artifacts(base_dir)
        self.notifications: list[dict[str, Any]] = []  # unreadable files only
        self.write('{\n  "$schema": ' + json.dumps(SARIF_SCHEMA) + ',\n  "version": "2.1.0",\n'
                   '  "runs": [\n    {\n      "results": ')
        self.array = _Array(write, 3)

    def _file(self, result: FileResult) -> None:
        from .sarif import _labels, result_items

        if result.error is not None:
            lab = _labels(self.lang)
            self.notifications.append({
                "level": "error",
                "message": {"text": f"{lab['unreadable']} {result.path}{lab['colon']}{result.error}"},
                "locations": [{"physicalLocation": {"artifactLocation": self.artifacts.location(result.path)}}],
            })
        for item in result_items(result, self.rule_index, self.descriptors, self.artifacts, self.lang):
            self.array.add(item)

    def close(self) -> None:
        from .sarif import run_members

        self.array.end()
        members = run_members(self.descriptors, self.notifications, self.artifacts, self.lang)
        body = json.dumps(members, ensure_ascii=False, indent=2)[2:-2]  # the members, at depth 1
        self.write(",\n    " + body.replace("\n", "\n    ") + "\n    }\n  ]\n}\n")


def writer_for(fmt: str, write: Write, rules: list, lang: str, *, quiet: bool = False,
               color: bool = False, base_dir: Path | None = None) -> Writer:
    if fmt == "github":
        return GithubWriter(write, lang)
    if fmt == "json":
        return JsonWriter(write, rules, lang)
    if fmt == "sarif":
        return SarifWriter(write, rules, base_dir or Path.cwd(), lang)
    return TextWriter(write, lang, summary=not quiet, color=color)


def render(fmt: str, results: list[FileResult], cross: list[FileResult] | None, rules: list,
           lang: str, **kwargs: Any) -> str:
    """The whole output as one string (no trailing newline), as the writers stream it.
    ``cross`` None: ``results`` are settled whole (cross-year findings in them), and are split
    here as a streamed run writes them."""
    if cross is None:
        results, cross = split(results, frozenset(r.id for r in rules if getattr(r, "kind", None) == "cross-year"))
    parts: list[str] = []
    writer = writer_for(fmt, parts.append, rules, lang, **kwargs)
    for r in results:
        writer.file(r)
    for part in cross:
        writer.cross(part, any(r.path == part.path and r.findings for r in results))
    writer.close()
    return "".join(parts).removesuffix("\n")


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
