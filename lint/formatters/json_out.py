"""Findings as JSON: a stable, versioned document described by docs/gxlint-output.schema.json."""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..findings import SEVERITIES, FileResult, Finding
from ..resources import sha256
from .writer import Write, Writer, _Array, drive

# Bump only on an incompatible change (a field removed, renamed or retyped).
SCHEMA_VERSION = 2  # 2: cross-year findings in their own list, after the files


def localized(text: dict[str, str] | str | None, lang: str) -> str:
    """The text in `lang`, else in the other language, so a half-translated rule still shows."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    for key in (lang, "zh", "en"):
        if text.get(key):
            return text[key]
    return next((v for v in text.values() if v), "")


def fingerprint(rule_id: str, path: str, key: str) -> str:
    """sha256 hex of rule id, path and fingerprint key, NUL-separated so that the parts cannot
    run into each other ("GX1" + "01a" vs "GX10" + "1a")."""
    return sha256("\0".join((rule_id, path, key)).encode("utf-8")).hexdigest()


def finding_fingerprint(f: Finding, path: str) -> str:
    # The message is the fallback key: it depends on --lang, so rules should set a key.
    return fingerprint(f.rule_id, path, f.fingerprint_key or f.message)


def severity_counts(findings: list[Finding]) -> dict[str, int]:
    counts = dict.fromkeys(SEVERITIES, 0)
    for f in findings:
        if f.severity in counts:
            counts[f.severity] += 1
    return counts


def _finding(f: Finding) -> dict[str, Any]:
    loc = f.location
    return {
        "rule": f.rule_id,
        "name": f.rule_name,
        "severity": f.severity,
        "message": f.message,
        "line": loc.line,
        "column": loc.column,
        "end_line": loc.end_line,
        "end_column": loc.end_column,
        "page": loc.page,
        "paragraph": loc.paragraph,
        "cells": list(f.cells),
        "fingerprint": finding_fingerprint(f, f.path),
        "fixable": bool(f.fix),
    }


def unique_rules(rules: list) -> list:
    """Rules by id, each once (the first wins), for a deterministic listing."""
    seen: dict[str, Any] = {}
    for rule in rules:
        seen.setdefault(rule.id, rule)
    return [seen[k] for k in sorted(seen)]


def rule_counts(findings: list[Finding]) -> dict[str, int]:
    """Findings per rule id, ids sorted."""
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.rule_id] = counts.get(f.rule_id, 0) + 1
    return dict(sorted(counts.items()))


def _file(result: FileResult) -> dict[str, Any]:
    findings = sorted(result.findings, key=Finding.sort_key)
    return {
        "path": result.path,
        "profile": result.profile,
        "error": result.error,
        "counts": severity_counts(findings),
        "rules": rule_counts(findings),
        "previous": result.previous,
        "findings": [_finding(f) for f in findings],
        "suppressed": len(result.suppressed),  # counted, never shown
    }


def to_dict(results: list[FileResult], rules: list, lang: str = "zh") -> dict[str, Any]:
    return json.loads(format_json(results, rules, lang))


def format_json(results: list[FileResult], rules: list, lang: str = "zh") -> str:
    """The JSON document (no trailing newline). Files sorted by path, findings by
    ``Finding.sort_key()``, rules by id: the same input always gives the same bytes. Written
    file by file as `gxlint --format json` streams it (lint/formatters/stream.py)."""
    parts: list[str] = []
    return drive(JsonWriter(parts.append, rules, lang), sorted(results, key=lambda r: r.path), None,
                 rules, parts)


def format_jsonl(results: list[FileResult], rules: list, lang: str = "zh") -> str:
    """The JSON Lines form of :func:`format_json` (no trailing newline), in the same order."""
    parts: list[str] = []
    return drive(JsonLinesWriter(parts.append, rules, lang), sorted(results, key=lambda r: r.path),
                 None, rules, parts)


class _Members(Writer):
    """What the JSON document and its JSON Lines form hold: the head, each file's entry, each
    paired report's cross-year entry, and the totals that only the whole run knows."""

    def __init__(self, write: Write, rules: list, lang: str = "zh") -> None:
        super().__init__(write)
        self.rules, self.lang = unique_rules(rules), lang
        self.per_rule = dict.fromkeys((r.id for r in self.rules), 0)
        self.with_findings = self.suppressed = 0

    @staticmethod
    def _head() -> dict[str, Any]:
        return {"version": SCHEMA_VERSION, "tool": {"name": "gxlint", "version": __version__}}

    def _tally(self, result: FileResult) -> None:
        for f in result.findings:
            self.per_rule[f.rule_id] = self.per_rule.get(f.rule_id, 0) + 1
        self.suppressed += len(result.suppressed)

    def _entry(self, result: FileResult) -> dict[str, Any]:
        self._tally(result)
        self.with_findings += bool(result.findings)
        entry = _file(result)
        del entry["previous"]  # cross_year says which report each was paired with
        return entry

    def _cross_entry(self, part: FileResult, had_findings: bool) -> dict[str, Any]:
        self._tally(part)
        self.with_findings += bool(part.findings) and not had_findings
        entry = _file(part)
        for key in ("profile", "error"):
            del entry[key]
        return entry

    def _tail(self) -> dict[str, Any]:
        return {
            "counts": self.counts,
            "summary": {"files": self.files, "unreadable": self.unreadable,
                        "with_findings": self.with_findings, "findings": sum(self.counts.values()),
                        "rules": dict(sorted(self.per_rule.items()))},
            "rules": [{"id": r.id, "name": r.name, "severity": r.severity,
                       "summary": localized(r.summary, self.lang)} for r in self.rules],
            "suppressed": self.suppressed,
        }


class JsonWriter(_Members):
    """The JSON document (docs/gxlint-output.schema.json), ``files`` written as they come."""

    def __init__(self, write: Write, rules: list, lang: str = "zh") -> None:
        super().__init__(write, rules, lang)
        self.write(json.dumps(self._head(), ensure_ascii=False, indent=2)[:-2] + ',\n  "files": ')
        self.array = _Array(write, 1)
        self.crossing: _Array | None = None

    def _file(self, result: FileResult) -> None:
        self.array.add(self._entry(result))

    def _cross(self, part: FileResult, had_findings: bool) -> None:
        if self.crossing is None:
            self.array.end()
            self.write(',\n  "cross_year": ')
            self.crossing = _Array(self.write, 1)
        self.crossing.add(self._cross_entry(part, had_findings))

    def close(self) -> None:
        if self.crossing is None:
            self.array.end()
            self.write(',\n  "cross_year": ')
            self.crossing = _Array(self.write, 1)
        self.crossing.end()
        self.write(",\n" + json.dumps(self._tail(), ensure_ascii=False, indent=2)[2:] + "\n")


class JsonLinesWriter(_Members):
    """JSON Lines (``--format jsonl``): the JSON document's members one line each, so that a
    consumer can take each file as it completes — first ``version`` and ``tool``, then
    ``{"file": …}`` per file and ``{"cross_year": …}`` per paired report (the elements of
    ``files`` and ``cross_year``), last ``counts``, ``summary``, ``rules`` and ``suppressed``."""

    def __init__(self, write: Write, rules: list, lang: str = "zh") -> None:
        super().__init__(write, rules, lang)
        self._line(self._head())

    def _line(self, value: dict[str, Any]) -> None:
        self.write(json.dumps(value, ensure_ascii=False) + "\n")

    def _file(self, result: FileResult) -> None:
        self._line({"file": self._entry(result)})

    def _cross(self, part: FileResult, had_findings: bool) -> None:
        self._line({"cross_year": self._cross_entry(part, had_findings)})

    def close(self) -> None:
        self._line(self._tail())
