"""Findings as JSON: a stable, versioned document described by docs/gxlint-output.schema.json."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .. import __version__
from ..findings import SEVERITIES, FileResult, Finding

# Bump only on an incompatible change (a field removed, renamed or retyped).
SCHEMA_VERSION = 1


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
    return hashlib.sha256("\0".join((rule_id, path, key)).encode("utf-8")).hexdigest()


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
    return _document(results, rules, lang, [_file(r) for r in sorted(results, key=lambda r: r.path)])


def _document(results: list[FileResult], rules: list, lang: str, files: Any) -> dict[str, Any]:
    """The document around ``files`` (the files' dicts, or a stand-in for them)."""
    totals = dict.fromkeys(SEVERITIES, 0)
    per_rule = dict.fromkeys((r.id for r in unique_rules(rules)), 0)
    unreadable = with_findings = 0
    for result in results:
        for f in result.findings:
            if f.severity in totals:
                totals[f.severity] += 1
            per_rule[f.rule_id] = per_rule.get(f.rule_id, 0) + 1
        unreadable += result.error is not None
        with_findings += bool(result.findings)
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "gxlint", "version": __version__},
        "files": files,
        "counts": totals,
        "summary": {
            "files": len(results),
            "unreadable": unreadable,
            "with_findings": with_findings,
            "findings": sum(totals.values()),
            "rules": dict(sorted(per_rule.items())),
        },
        "rules": [
            {"id": r.id, "name": r.name, "severity": r.severity,
             "summary": localized(r.summary, lang)}
            for r in unique_rules(rules)
        ],
        "suppressed": sum(len(r.suppressed) for r in results),
    }


_FILES = "\0files\0"  # stands for the files in the document while it is written


def format_json(results: list[FileResult], rules: list, lang: str = "zh") -> str:
    """The JSON document (no trailing newline). Files sorted by path, findings by
    ``Finding.sort_key()``, rules by id: the same input always gives the same bytes.

    Written file by file: each file's dict exists only while it is written, so a batch of
    thousands never holds them all (the bytes are those of one ``json.dumps(indent=2)``)."""
    head = json.dumps(_document(results, rules, lang, _FILES), ensure_ascii=False, indent=2)
    files = ["    " + json.dumps(_file(r), ensure_ascii=False, indent=2).replace("\n", "\n    ")
             for r in sorted(results, key=lambda r: r.path)]
    listed = "[\n" + ",\n".join(files) + "\n  ]" if files else "[]"
    return head.replace(json.dumps(_FILES), listed, 1)
