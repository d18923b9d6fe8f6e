"""Findings as SARIF 2.1.0, for code-review tools (GitHub code scanning, VS Code SARIF viewer)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..findings import FileResult, Finding
from .json_out import finding_fingerprint, localized, unique_rules
from .writer import Write, Writer, _Array, drive

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/gxlint/"
FINGERPRINT_NAME = "gxlint/v1"
BASE_ID = "SRCROOT"

# SARIF has no "info" level; "note" is its equivalent.
LEVELS = {"error": "error", "warning": "warning", "info": "note"}

_LABELS = {
    "zh": {"basis": "依据", "bad": "不符合的写法", "good": "符合的写法", "unreadable": "无法读取",
           "previous": "上年报告（跨年度规则）",
           "colon": "："},
    "en": {"basis": "Basis", "bad": "Non-compliant", "good": "Compliant", "unreadable": "cannot read",
           "previous": "Last year's report (cross-year rule)",
           "colon": ": "},
}


def _labels(lang: str) -> dict[str, str]:
    return _LABELS.get(lang, _LABELS["en"])


def _fence(snippet: str) -> str:
    """A fenced block whose fence is longer than any backtick run in the snippet."""
    longest, run = 0, 0
    for ch in snippet:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{snippet.rstrip(chr(10))}\n{fence}"


def _help(rule: Any, lang: str) -> dict[str, str]:
    lab = _labels(lang)
    desc = localized(rule.description, lang) or localized(rule.summary, lang)
    basis = getattr(rule, "basis", "") or ""
    examples = getattr(rule, "examples", None) or {}
    text_parts, md_parts = [desc], [desc]
    if basis:
        text_parts.append(f"{lab['basis']}{lab['colon']}{basis}")
        md_parts.append(f"**{lab['basis']}**{lab['colon']}{basis}")
    for kind in ("previous", "bad", "good"):  # previous: cross-year rules only
        snippet = examples.get(kind)
        if snippet:
            text_parts.append(f"{lab[kind]}{lab['colon'].rstrip()}\n{snippet.rstrip(chr(10))}")
            md_parts.append(f"**{lab[kind]}**{lab['colon'].rstrip()}\n\n{_fence(snippet)}")
    return {"text": "\n\n".join(text_parts), "markdown": "\n\n".join(md_parts)}


def _rule_descriptor(rule: Any, lang: str) -> dict[str, Any]:
    summary = localized(rule.summary, lang)
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": localized(rule.description, lang) or summary},
        "help": _help(rule, lang),
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
        "properties": {"basis": getattr(rule, "basis", "") or ""},
    }


class _Artifacts:
    """run.artifacts, each file once, with the URI the results point at."""

    def __init__(self, base_dir: Path) -> None:
        # abspath, not resolve(): a symlinked report under the base stays under the base.
        self.base = Path(os.path.abspath(base_dir))
        self.entries: list[dict[str, Any]] = []
        self._index: dict[str, int] = {}

    def relative(self, path: str) -> tuple[str, bool]:
        """(the path as POSIX text relative to the base, True) or (absolute POSIX, False)."""
        absolute = Path(os.path.abspath(path))
        try:
            return absolute.relative_to(self.base).as_posix(), True
        except ValueError:
            return absolute.as_posix(), False

    def location(self, path: str) -> dict[str, Any]:
        """An artifactLocation for `path`, registering the artifact on first sight."""
        rel, inside = self.relative(path)
        if inside:
            # quote() encodes everything but unreserved characters and "/": non-ASCII names,
            # spaces, "#", "?", "%" and a ":" that would otherwise read as a URI scheme.
            loc = {"uri": quote(rel), "uriBaseId": BASE_ID}
        else:
            loc = {"uri": Path(os.path.abspath(path)).as_uri()}
        key = loc["uri"]
        if key not in self._index:
            self._index[key] = len(self.entries)
            self.entries.append({"location": dict(loc)})
        return {**loc, "index": self._index[key]}

    def fingerprint_path(self, path: str) -> str:
        return self.relative(path)[0]


def _region(f: Finding) -> dict[str, Any] | None:
    loc = f.location
    if not loc.has_lines:
        # PDF and DOCX have no lines, and a SARIF region needs a line or an offset: none here;
        # properties.page/paragraph (+ bbox) say where and properties.snippet what.
        return None
    if loc.line < 1:
        return None  # a finding about the whole file
    start_col = max(loc.utf16_column, 1)
    region: dict[str, Any] = {"startLine": loc.line, "startColumn": start_col}
    # Keep the region well-formed even if a rule produced an inverted end.
    end_line = max(loc.end_line, loc.line)
    end_col = max(loc.utf16_end_column, 1)
    if end_line == loc.line:
        end_col = max(end_col, start_col)
    region["endLine"] = end_line
    region["endColumn"] = end_col
    if loc.snippet:
        region["snippet"] = {"text": loc.snippet}
    return region


def _fix_and_suppression(item: dict[str, Any], props: dict[str, Any], f: Finding,
                         result: FileResult, artifact: dict[str, Any], lang: str) -> None:
    """A result's suppressions, baselineState and fixes (lint/suppress.py, lint/fixes.py)."""
    from ..fixes import WRITABLE_KINDS, suggestion

    if f.suppression is not None:
        item["suppressions"] = [{"kind": f.suppression.kind, "status": "accepted",
                                 "justification": f.suppression.justification}]
    if f.baseline_state is not None:
        item["baselineState"] = f.baseline_state
    if not f.fix:
        return
    words = "; ".join(suggestion(e, lang) for e in f.fix)
    if result.kind not in WRITABLE_KINDS:
        props["suggestion"] = words  # PDF, DOCX, HTML: gxlint never writes these files
        return
    item["fixes"] = [{
        "description": {"text": words},
        "artifactChanges": [{
            "artifactLocation": artifact,
            "replacements": [{
                "deletedRegion": {"startLine": e.line, "startColumn": e.column,
                                  "endLine": e.end_line, "endColumn": e.end_column},
                "insertedContent": {"text": e.replacement},
            } for e in f.fix],
        }],
    }]


def _absent(result: FileResult, rule_index: dict[str, int], descriptors: list,
            artifacts: _Artifacts) -> list[dict[str, Any]]:
    """Baseline entries that matched nothing this run: results whose baselineState is absent."""
    out = []
    for rule_id, fingerprint, count, message in result.stale:
        if rule_id not in rule_index:
            rule_index[rule_id] = len(descriptors)
            descriptors.append({"id": rule_id})
        for _ in range(count):
            out.append({
                "ruleId": rule_id,
                "ruleIndex": rule_index[rule_id],
                "message": {"text": message or rule_id},
                "locations": [{"physicalLocation": {"artifactLocation": artifacts.location(result.path)}}],
                "baselineState": "absent",
                "partialFingerprints": {"gxlint/baseline/v1": fingerprint},
            })
    return out


def result_items(result: FileResult, rule_index: dict[str, int], descriptors: list,
                 artifacts: _Artifacts, lang: str) -> list[dict[str, Any]]:
    """The SARIF results of one file: its findings (suppressed ones too, with their
    suppressions, SARIF §3.27.23) and its stale baseline entries."""
    items: list[dict[str, Any]] = []
    artifacts.location(result.path)  # every file is an artifact, with findings or not
    for f in sorted(result.findings + result.suppressed, key=Finding.sort_key):
        if f.rule_id not in rule_index:
            # A finding from a rule the caller did not list: describe it minimally so
            # that ruleIndex stays valid.
            rule_index[f.rule_id] = len(descriptors)
            descriptors.append({"id": f.rule_id, "name": f.rule_name,
                                "defaultConfiguration": {"level": LEVELS.get(f.severity, "warning")}})
        physical: dict[str, Any] = {"artifactLocation": artifacts.location(f.path)}
        region = _region(f)
        if region is not None:
            physical["region"] = region
        item: dict[str, Any] = {
            "ruleId": f.rule_id,
            "ruleIndex": rule_index[f.rule_id],
            "level": LEVELS.get(f.severity, "warning"),
            "message": {"text": f.message},
            "locations": [{"physicalLocation": physical}],
            "partialFingerprints": {
                FINGERPRINT_NAME: finding_fingerprint(f, artifacts.fingerprint_path(f.path)),
            },
        }
        props: dict[str, Any] = {}
        if f.location.page is not None:
            props["page"] = f.location.page
        if f.location.bbox is not None:
            props["bbox"] = list(f.location.bbox)
        if f.location.paragraph is not None:
            props["paragraph"] = f.location.paragraph
        if not f.location.has_lines and f.location.snippet:
            props["snippet"] = f.location.snippet
        if f.cells:
            props["cells"] = list(f.cells)
        _fix_and_suppression(item, props, f, result, physical["artifactLocation"], lang)
        if props:
            item["properties"] = props
        items.append(item)
    items.extend(_absent(result, rule_index, descriptors, artifacts))
    return items


def run_members(descriptors: list, notifications: list, artifacts: _Artifacts,
                lang: str) -> dict[str, Any]:
    """The run's members other than ``results``."""
    base_uri = artifacts.base.as_uri()
    if not base_uri.endswith("/"):
        base_uri += "/"  # a base URI without "/" would drop its last segment on resolution
    return {
        "tool": {"driver": {
            "name": "gxlint",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": INFORMATION_URI,
            "rules": descriptors,
        }},
        "invocations": [{
            # Unreadable files are reported, not fatal: the run itself completed.
            "executionSuccessful": True,
            "toolExecutionNotifications": notifications,
        }],
        "language": "zh-CN" if lang == "zh" else "en-US",
        "columnKind": "utf16CodeUnits",
        "originalUriBaseIds": {BASE_ID: {"uri": base_uri}},
        "artifacts": artifacts.entries,
    }


def to_dict(results: list[FileResult], rules: list, base_dir: Path,
            lang: str = "zh") -> dict[str, Any]:
    """The log as a dict: results in the order given, as `gxlint --format sarif` streams them
    (lint/formatters/stream.py)."""
    return json.loads(format_sarif(results, rules, base_dir, lang))


def format_sarif(results: list[FileResult], rules: list, base_dir: Path,
                 lang: str = "zh") -> str:
    """A SARIF 2.1.0 log with one run (no trailing newline). Paths under `base_dir` become
    URIs relative to the SRCROOT base; paths outside it absolute file URIs."""
    parts: list[str] = []
    return drive(SarifWriter(parts.append, rules, base_dir, lang),
                 sorted(results, key=lambda r: r.path), None, rules, parts)


class SarifWriter(Writer):
    """A SARIF 2.1.0 log (lint/formatters/sarif.py): ``runs[0].results`` written as they
    come; the rule descriptors, artifacts and notifications, which grow with the run, after
    them (the order of an object's members carries no meaning in SARIF)."""

    def __init__(self, write: Write, rules: list, base_dir: Path, lang: str = "zh") -> None:
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
        self.array.end()
        members = run_members(self.descriptors, self.notifications, self.artifacts, self.lang)
        body = json.dumps(members, ensure_ascii=False, indent=2)[2:-2]  # the members, at depth 1
        self.write(",\n    " + body.replace("\n", "\n    ") + "\n    }\n  ]\n}\n")
