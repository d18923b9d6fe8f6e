"""Suppressions: inline ``<!-- gxlint-… -->`` comments and baseline files.

Two halves, run at different times:

- ``scan`` (per file, during the per-file pass): find the gxlint comments of a Markdown, HTML
  or text file and blank comments out of the text form, so that a comment's words are never
  read as the report's. What the comments say is stored on ``FileResult.directives``.
- ``apply`` (once, after every finding is in, including those made across files): move the
  findings a comment or the baseline covers to ``FileResult.suppressed``, and report the
  comments that are invalid or unused and the baseline entries that are stale, as findings
  of the rules GX901–GX903 (``rules/suppressions.yaml``).

A comment::

    <!-- gxlint-disable-next-line GX304 -- 本表数据由上级部门统一填报 -->
    <!-- gxlint-disable GX303,GX801 -- 沿用上级模板 -->  …  <!-- gxlint-enable -->

names rules (ids, id prefixes such as ``GX3``, or rule names) and, after ``--``, the reason,
which is required.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .findings import FileResult, Finding, Location, MessageArgs, Suppression

if TYPE_CHECKING:
    from .options import Options
    from .rulepack import Rule

# Rules whose findings this module makes; they are never suppressed or baselined themselves.
INVALID, UNUSED, STALE = "invalid", "unused", "stale"
BASELINE_VERSION = 1

# Compiled on first use (re keeps them): a run the result cache answers scans no comment.
_DIRECTIVE = r"\s*gxlint-([A-Za-z-]*)(.*)\Z"
_CODE = r"^(?:GX\d{1,3}|[a-z0-9]+(?:-[a-z0-9]+)*)$"
DIRECTIVES = ("disable-next-line", "disable", "enable")


@dataclass
class Directive:
    """One gxlint comment. Plain data: results travel between processes pickled."""

    kind: str  # disable-next-line | disable | enable, or what was written when invalid
    codes: tuple[str, ...]
    reason: str
    line: int  # where the comment starts (1-based line, column in code points)
    column: int
    end_line: int
    end_column: int
    comment: str  # the comment as written, shortened, for messages
    first: int = 0  # the lines it covers, first..last; last 0: to the end of the file
    last: int = -1
    problem: str | None = None  # why it is invalid: directive | rules | reason
    used: bool = False

    @property
    def valid(self) -> bool:
        return self.problem is None

    def covers(self, finding: Finding) -> bool:
        if not self.valid or self.kind == "enable" or not finding.location.has_lines:
            return False
        if not any(_matches(code, finding.rule_id, finding.rule_name) for code in self.codes):
            return False
        line = finding.location.line
        if line < 1:  # a finding about the whole file: only an unterminated disable covers it
            return self.kind == "disable" and self.last == 0
        return self.first <= line and (self.last == 0 or line <= self.last)


def _matches(code: str, rule_id: str, rule_name: str) -> bool:
    return rule_id.startswith(code.upper()) or code == rule_name


# --- scanning a file ---------------------------------------------------------------------------


def scan(text: str, markdown: bool = False) -> tuple[list[Directive], str]:
    """The gxlint comments of ``text`` and the text with comments blanked out (each character
    but line breaks becomes a space, so that offsets, lines and columns stay the same).

    In Markdown every HTML comment is blanked (a reader never sees one); in plain text only
    gxlint's own."""
    if "<!--" not in text:
        return [], text
    directives: list[Directive] = []
    blank: list[tuple[int, int]] = []
    starts = _line_starts(text)
    for m in _comments(text):
        d = re.match(_DIRECTIVE, m.group(1), re.S)
        if d is None:
            if markdown:
                blank.append(m.span())
            continue
        blank.append(m.span())
        line, column = _position(starts, m.start())
        end_line, end_column = _position(starts, m.end())
        directives.append(_directive(d.group(1), d.group(2), m.group(0), line, column,
                                     end_line, end_column))
    _resolve_ranges(directives, text, starts)
    if not blank:
        return directives, text
    parts, pos = [], 0
    for a, b in blank:
        parts.append(text[pos:a])
        parts.append(re.sub(r"[^\r\n]", " ", text[a:b]))
        pos = b
    parts.append(text[pos:])
    return directives, "".join(parts)


class _Comment:
    """One ``<!-- … -->`` as the parts of a match scan() uses."""

    __slots__ = ("text", "a", "b")

    def __init__(self, text: str, a: int, b: int) -> None:
        self.text, self.a, self.b = text, a, b

    def group(self, i: int) -> str:
        return self.text[self.a:self.b] if i == 0 else self.text[self.a + 4:self.b - 3]

    def span(self) -> tuple[int, int]:
        return self.a, self.b

    def start(self) -> int:
        return self.a

    def end(self) -> int:
        return self.b


def _comments(text: str):
    """Every ``<!-- … -->`` in linear time: an opening without a close ends the search
    (a regex would try each later ``<!--`` against the rest of the text again)."""
    pos = 0
    while True:
        a = text.find("<!--", pos)
        if a < 0:
            return
        b = text.find("-->", a + 4)
        if b < 0:
            return
        yield _Comment(text, a, b + 3)
        pos = b + 3


def scan_html(data: bytes, encoding: str = "utf-8") -> list[Directive]:
    """The gxlint comments of an HTML file, at the file's own lines (where findings point);
    ``encoding`` is the one the HTML adapter read the page in."""
    try:
        text = data.decode(encoding, errors="replace")
    except LookupError:
        text = data.decode("utf-8", errors="replace")
    return scan(text.removeprefix("\ufeff"))[0]


def _directive(word: str, rest: str, comment: str, line: int, column: int,
               end_line: int, end_column: int) -> Directive:
    codes_text, sep, reason = rest.partition("--")
    codes = tuple(c for c in re.split(r"[\s,，、]+", codes_text.strip()) if c)
    shown = " ".join(comment.split())
    shown = shown if len(shown) <= 120 else shown[:117] + "…"
    d = Directive(word, codes, reason.strip() if sep else "", line, column, end_line, end_column,
                  shown)
    if word not in DIRECTIVES:
        d.problem = "directive"
    elif word != "enable" and not codes:
        d.problem = "rules"
    elif not all(re.match(_CODE, c, re.I) for c in codes):
        d.problem = "rules"
    elif word != "enable" and not d.reason:
        d.problem = "reason"
    return d


def _resolve_ranges(directives: list[Directive], text: str, starts: list[int]) -> None:
    """Which lines each valid comment covers: the next line with content for
    disable-next-line; up to the matching enable (or the end of the file) for disable."""
    comment_lines = {n for d in directives for n in range(d.line, d.end_line + 1)}
    open_ranges: list[Directive] = []
    for d in directives:
        if not d.valid:
            continue
        if d.kind == "disable-next-line":
            n = d.end_line + 1
            while n <= len(starts) and (n in comment_lines or not _line(text, starts, n).strip()):
                n += 1
            d.first = d.last = n
        elif d.kind == "disable":
            d.first, d.last = d.line, 0
            open_ranges.append(d)
        else:  # enable: closes the disables it names (all open ones when it names none)
            names = {c.upper() for c in d.codes}
            for o in open_ranges:
                if o.last == 0 and (not names or names & {c.upper() for c in o.codes}):
                    o.last = d.line
            d.used = True  # an enable suppresses nothing by design


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer(r"\r\n|\r|\n", text))
    return starts


def _position(starts: list[int], offset: int) -> tuple[int, int]:
    from bisect import bisect_right

    i = max(bisect_right(starts, offset) - 1, 0)
    return i + 1, offset - starts[i] + 1


def _line(text: str, starts: list[int], n: int) -> str:
    end = starts[n] if n < len(starts) else len(text)
    return text[starts[n - 1]:end]


# --- baselines ---------------------------------------------------------------------------------


class BaselineError(Exception):
    """A baseline file that cannot be read; the message names the file and the reason."""


def fingerprint(finding: Finding) -> str:
    """What identifies a finding in a baseline: its rule and fingerprint key (cell keys,
    the matched text, a section key) — never its line or message, so that re-flowed text,
    another table layout, a moved paragraph or ``--lang`` keep it."""
    import hashlib

    return hashlib.sha256(f"{finding.rule_id}\0{finding.fingerprint_key}".encode()).hexdigest()


class Baseline:
    def __init__(self, path: Path) -> None:
        self.path = path
        # (path relative to the baseline's folder, rule id) -> fingerprint -> count
        self.entries: dict[tuple[str, str], Counter] = {}
        self.messages: dict[tuple[str, str, str], str] = {}

    def key_path(self, path: str) -> str:
        """A report's path as the baseline stores it: relative to the baseline's folder, so
        that the baseline works from any working directory."""
        absolute = os.path.abspath(path)
        try:
            rel = os.path.relpath(absolute, os.path.abspath(self.path.parent))
        except ValueError:  # another drive (Windows)
            rel = absolute
        return rel.replace(os.sep, "/")

    def contains(self, finding: Finding) -> bool:
        counter = self.entries.get((self.key_path(finding.path), finding.rule_id))
        return bool(counter and counter[fingerprint(finding)] > 0)


def read_baseline(path: str | Path) -> Baseline:
    import json

    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BaselineError(f"{p}: baseline file not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{p}: cannot read baseline: {exc}") from exc
    except ValueError as exc:
        raise BaselineError(f"{p}: not a gxlint baseline (invalid JSON: {exc})") from exc
    if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION \
            or not isinstance(data.get("entries"), list):
        raise BaselineError(f"{p}: not a gxlint baseline (expected version {BASELINE_VERSION} "
                            "with a list of entries; write one with --write-baseline)")
    baseline = Baseline(p)
    for i, e in enumerate(data["entries"]):
        try:
            key = (str(e["path"]), str(e["rule"]))
            fp, count = str(e["fingerprint"]), int(e.get("count", 1))
        except (KeyError, TypeError, ValueError) as exc:
            raise BaselineError(f"{p}: entry {i + 1} lacks path, rule or fingerprint") from exc
        baseline.entries.setdefault(key, Counter())[fp] += count
        baseline.messages[(*key, fp)] = str(e.get("message", ""))
    return baseline


def write_baseline(path: str | Path, results: list[FileResult], previous: Baseline | None = None,
                   skip: frozenset[str] = frozenset()) -> int:
    """Write the reported findings of ``results`` as a baseline (atomically). Entries of
    ``previous`` for files not linted in this run are kept, so that a run over some files
    does not forget the others; findings of the rules in ``skip`` (GX901–GX903, about
    suppressions themselves) are not recorded. Returns the number of findings recorded."""
    p = Path(path)
    baseline = Baseline(p)
    linted = {baseline.key_path(r.path) for r in results}
    rows: dict[tuple[str, str, str], list] = {}
    for result in results:
        for f in result.findings:
            if f.rule_id in skip:
                continue
            key = (baseline.key_path(f.path), f.rule_id, fingerprint(f))
            row = rows.setdefault(key, [0, f.message])
            row[0] += 1
    if previous is not None:
        for (rel, rule), counter in previous.entries.items():
            if rel in linted:
                continue
            for fp, count in counter.items():
                rows[(rel, rule, fp)] = [count, previous.messages.get((rel, rule, fp), "")]
    entries = [{"path": rel, "rule": rule, "fingerprint": fp, "count": n, "message": msg}
               for (rel, rule, fp), (n, msg) in sorted(rows.items())]
    import json

    from . import __version__
    from .safefile import write_atomic

    doc = {"version": BASELINE_VERSION, "tool": f"gxlint {__version__}", "entries": entries}
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    p.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(str(p), text.encode("utf-8"))
    return sum(n for n, _ in rows.values())


# --- applying, after every finding is in --------------------------------------------------------

def own_rules(rules: list[Rule]) -> frozenset[str]:
    """The rules this module reports for (check kind ``suppression``)."""
    return frozenset(r.id for r in rules if r.kind == "suppression")


def covered(result: FileResult, finding: Finding, baseline: Baseline | None = None) -> bool:
    """Whether a comment or the baseline covers ``finding`` (used by --fix to leave
    suppressed findings alone)."""
    return any(d.covers(finding) for d in result.directives) or \
        (baseline is not None and baseline.contains(finding))


def apply(results: list[FileResult], rules: list[Rule], options: Options,
          baseline: Baseline | None = None, all_rules: list[Rule] | None = None,
          write_to: str | Path | None = None, ran_on_file: set[str] | None = None) -> int:
    """Move suppressed findings of ``results`` to ``FileResult.suppressed`` (in place) and add
    the findings of GX901 (invalid comment), GX902 (unused comment) and GX903 (stale
    baseline entry) when those rules are among ``rules`` (the rules that ran).

    With ``write_to``, the findings left after the comments are written there as the new
    baseline (keeping the entries of files not in ``results``), which is then applied in
    place of ``baseline``. Returns the number of findings written.

    ``ran_on_file``: every rule that ran on the files when ``rules`` are only some of them (a
    report's cross-year part): a comment is unused only if all the rules it names ran."""
    events = {r.check.get("event"): r for r in rules if r.kind == "suppression"}
    known = all_rules or rules
    own = own_rules(known)
    ran = {r.id for r in rules}
    named_ran = ran if ran_on_file is None else ran | ran_on_file
    for result in results:
        if result.error is None:
            for d in result.directives:  # a code that names no rule is a typo, not a no-op
                if d.valid and not all(any(_matches(c, r.id, r.name) for r in known) for c in d.codes):
                    d.problem = "rules"
            _apply_comments(result, own)
    written = 0
    if write_to is not None:
        previous = None
        if Path(write_to).exists():
            try:
                previous = read_baseline(write_to)
            except BaselineError:
                previous = None  # not a baseline we can keep entries from: replaced whole
        written = write_baseline(write_to, results, previous, own)
        baseline = read_baseline(write_to)
    for result in results:
        if result.error is not None:
            continue
        if baseline is not None:
            _apply_baseline(result, baseline, ran, own, events.get(STALE), options)
        state = "new" if baseline is not None else None
        for d in result.directives:
            if not d.valid and INVALID in events:
                invalid = events[INVALID]
                misspelt = invalid.check.get("misspelt") if d.problem == "directive" else None
                result.findings.append(_own(invalid, result.path, options, _where(d),
                                            comment=d.comment, key=d.comment, baseline_state=state,
                                            template=misspelt, directive=d.kind,
                                            expected=_closest_directive(d.kind)))
            elif d.valid and not d.used and UNUSED in events and _all_ran(d.codes, known, named_ran):
                result.findings.append(_own(events[UNUSED], result.path, options, _where(d),
                                            comment=d.comment, rules=", ".join(d.codes),
                                            key=d.comment, baseline_state=state))
        result.findings.sort(key=Finding.sort_key)
    return written


def _apply_comments(result: FileResult, own: frozenset[str]) -> None:
    kept: list[Finding] = []
    for f in result.findings:
        directive = None if f.rule_id in own else \
            next((d for d in result.directives if d.covers(f)), None)
        if directive is not None:
            directive.used = True
            f.suppression = Suppression("inSource", directive.reason)
            result.suppressed.append(f)
        else:
            kept.append(f)
    result.findings = kept


def _apply_baseline(result: FileResult, baseline: Baseline, ran: set[str], own: frozenset[str],
                    stale_rule: Rule | None, options: Options) -> None:
    rel = baseline.key_path(result.path)
    left = {rule: Counter(c) for (p, rule), c in baseline.entries.items() if p == rel}
    for f in result.suppressed:  # suppressed by a comment: SARIF still wants their state
        if f.baseline_state is None:
            f.baseline_state = "unchanged" if baseline.contains(f) else "new"
    kept: list[Finding] = []
    for f in result.findings:
        if f.rule_id in own:
            f.baseline_state = "new"
            kept.append(f)
            continue
        counter = left.get(f.rule_id)
        fp = fingerprint(f)
        if counter and counter[fp] > 0:
            counter[fp] -= 1
            f.baseline_state = "unchanged"
            f.suppression = Suppression("external", str(baseline.path))
            result.suppressed.append(f)
        else:
            f.baseline_state = "new"
            kept.append(f)
    result.findings = kept
    for rule_id in sorted(left):
        if rule_id not in ran:
            continue  # the rule did not run (--select/--ignore): nothing to say about it
        for fp, count in sorted(left[rule_id].items()):
            if count <= 0:
                continue
            message = baseline.messages.get((rel, rule_id, fp), "")
            result.stale.append((rule_id, fp, count, message))
            if stale_rule is not None:
                result.findings.append(_own(stale_rule, result.path, options, Location(0, 0, 0, 0, 0, 0),
                                            rule=rule_id, count=count, baseline=str(baseline.path),
                                            message=message, key=f"{rule_id}:{fp}",
                                            baseline_state="new"))


def _all_ran(codes: tuple[str, ...], known: list[Rule], ran: set[str]) -> bool:
    """Whether every rule a comment names ran, so that "it suppressed nothing" is true."""
    named = {r.id for r in known if any(_matches(c, r.id, r.name) for c in codes)}
    return bool(named) and named <= ran


def _where(d: Directive) -> Location:
    return Location(d.line, d.column, d.end_line, d.end_column, d.column, d.end_column,
                    snippet=d.comment)


def _closest_directive(word: str) -> str:
    import difflib

    return (difflib.get_close_matches(word.lower(), DIRECTIVES, n=1, cutoff=0) or DIRECTIVES)[0]


def _own(own_rule: Rule, path: str, options: Options, location: Location, key: str,
         baseline_state: str | None = None, template: dict | None = None,
         **args: object) -> Finding:
    """A finding of one of GX901–GX903, worded by the rule's message template (or by
    ``template``, another pair of the rule's wordings)."""
    severity = options.severities.get(own_rule.id, own_rule.severity)
    messages = template or own_rule.message
    template = messages.get(options.lang) or messages["zh"]
    finding = Finding(own_rule.id, own_rule.name, severity, template.format_map(MessageArgs(args)), path,
                      location, fingerprint_key=key)
    finding.baseline_state = baseline_state
    return finding
