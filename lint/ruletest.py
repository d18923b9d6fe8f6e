"""Running a rule's own examples: ``gxlint test-rules``, and the check that a team pack's rules
do what their examples say before the pack loads.

Every rule carries a ``bad`` example (the rule must fire on it) and a ``good`` one (it must
not), and may add ``also_bad`` / ``also_good``. Most examples are report text, linted with the
rule alone (and ``examples.profile``, if given); a cross-year rule's example is this year's
report, paired with its ``previous`` example. The kinds that do not judge a report's text
have examples of what they judge: ``suppression`` rules a file with gxlint comments (events
``invalid``, ``unused``) or a baseline (event ``stale``, against a report named
``report.md``); ``unread-pages`` one line a page, ``第N页：文字`` or ``第N页：图片``;
``table-picture`` report text in which a line ``［图片］`` stands for a picture (a web page's
``<img>``, a Word document's drawing).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .crossyear import check_pair, cross_year_rules, year_facts
from .engine import Options, lint_text
from .findings import FileResult
from .rulepack import Rule, RuleLoadError

# (example key, whether the rule must fire on it)
KEYS = (("bad", True), ("good", False), ("also_bad", True), ("also_good", False))


@dataclass
class Outcome:
    """One example of one rule: whether the rule did what the example says."""

    rule: Rule
    key: str  # bad, good, also_bad[1] …
    expected: bool  # the rule must fire
    fired: bool
    error: str = ""  # the example could not be run (e.g. malformed)
    messages: tuple[str, ...] = ()  # what the rule said on it

    @property
    def passed(self) -> bool:
        return not self.error and self.fired == self.expected


def examples(rule: Rule) -> Iterator[tuple[str, str, bool]]:
    """(key, text, must fire) for each example of ``rule``."""
    for key, expected in KEYS:
        value = rule.examples.get(key)
        if isinstance(value, str):
            yield key, value, expected
        elif isinstance(value, list):
            for i, text in enumerate(value):
                yield f"{key}[{i + 1}]", text, expected


def run_rule(rule: Rule, all_rules: list[Rule]) -> list[Outcome]:
    """Every example of ``rule``; ``all_rules`` are those a suppression example may name."""
    out = []
    for key, text, expected in examples(rule):
        try:
            said = _findings(rule, key.partition("[")[0], text, all_rules)
        except _Malformed as exc:
            out.append(Outcome(rule, key, expected, False, error=str(exc)))
            continue
        out.append(Outcome(rule, key, expected, bool(said), messages=tuple(said)))
    return out


class _Malformed(ValueError):
    """An example that is not what the rule's kind reads."""


def _findings(rule: Rule, key: str, text: str, all_rules: list[Rule]) -> list[str]:
    """The messages ``rule`` gives on one example."""
    options = Options(profile=rule.examples.get("profile"))
    if cross_year_rules([rule]):  # cross-year and text-repeated: a pair of reports
        previous = rule.examples.get("previous")
        if previous is None:
            raise _Malformed("a cross-year rule's examples need `previous` (last year's report)")
        found = check_pair(_facts(text, f"{key}.txt", rule, options),
                           _facts(previous, "previous.txt", rule, options), [rule], options)
    elif rule.kind == "suppression":
        found = _suppression(rule, text, all_rules)
    elif rule.kind == "unread-pages":
        found = _unread(rule, text, options)
    elif rule.kind == "table-picture":
        found = _pictured(rule, text, options, key)
    else:
        found = lint_text(text, f"{key}.txt", [rule], options)
    return [f.message for f in found if f.rule_id == rule.id]


def _facts(text: str, path: str, rule: Rule, options: Options):
    from .pipeline import parse_text

    return year_facts(parse_text(text, path, profile=options.profile), None, [rule])


def _suppression(rule: Rule, text: str, all_rules: list[Rule]) -> list:
    from . import suppress

    event = rule.check.get("event")
    rules = [r for r in all_rules if r.kind != "suppression"] + [rule]
    if event != "stale":  # a file with gxlint comments, linted with every rule
        return lint_text(text, "example.md", rules, Options())
    with tempfile.TemporaryDirectory(prefix="gxlint-example-") as folder:
        base = Path(folder) / "baseline.json"
        base.write_text(text, encoding="utf-8")
        try:
            baseline = suppress.read_baseline(base)
        except suppress.BaselineError as exc:
            raise _Malformed(str(exc)) from exc
        result = FileResult(str(Path(folder) / "report.md"))  # a report with no findings left
        suppress.apply([result], rules, Options(), baseline)
        return result.findings


PICTURE = "［图片］"  # a picture's line in a table-picture example


def _pictured(rule: Rule, text: str, options: Options, key: str) -> list:
    """The rule on a report whose ``［图片］`` lines are pictures, as an HTML or DOCX reader
    places them (Source.pictures), not text."""
    from .adapters import Source
    from .engine import lint_report
    from .pipeline import parse_text

    lines, pictures = [], []
    for line in text.splitlines():
        if line.strip() == PICTURE:
            pictures.append(len(lines))
        else:
            lines.append(line)
    if not pictures:
        raise _Malformed(f"a table-picture example has a picture: a line {PICTURE}")
    kept = "\n".join(lines) + "\n"
    source = Source(f"{key}.html", kept, "html", pictures=tuple(pictures))
    return lint_report(parse_text(kept, source.path, profile=options.profile), [rule], options, source)


_PAGE_RE = re.compile(r"第(\d+)页：(文字|图片)")


def _unread(rule: Rule, text: str, options: Options) -> list:
    """The rule on a document whose pages are as the example lists them."""
    from .checks import KINDS, Context
    from .engine import MessageArgs
    from .findings import Finding, Location
    from .pipeline import parse_text
    from .profiles import get_profile

    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    pages = [_PAGE_RE.fullmatch(line) for line in lines]
    if not pages or not all(pages):
        raise _Malformed("an unread-pages example is one line a page: 第N页：文字 or 第N页：图片")
    unread = tuple(int(m.group(1)) for m in pages if m and m.group(2) == "图片")
    report = parse_text("", "example.pdf", profile=options.profile)
    ctx = Context(report, get_profile(report.profile), options.lang, unread_pages=unread)
    return [Finding(rule.id, rule.name, rule.severity, rule.message["zh"].format_map(MessageArgs(h.args)),
                    "example.pdf", Location(0, 0, 0, 0, 0, 0)) for h in KINDS[rule.kind](rule, ctx)]


# --- loading a team pack --------------------------------------------------------------------


def verify(rules: list[Rule]) -> None:
    """Refuse a team pack whose rule does not do what its examples say (a load error naming
    the rule, its pack and the example). The built-in rules are tested with gxlint itself."""
    for rule in rules:
        if rule.builtin:
            continue
        for outcome in run_rule(rule, rules):
            if not outcome.passed:
                path, _, line = rule.source.rpartition(":")
                raise RuleLoadError(path, int(line) or None, f"rule {rule.id}: {describe(outcome, 'en')}")


def describe(outcome: Outcome, lang: str = "en") -> str:
    """Why an example failed, in a sentence."""
    if outcome.error:
        return f"its {outcome.key} example cannot be run: {outcome.error}"
    if outcome.expected:
        return f"its {outcome.key} example does not make it fire"
    said = outcome.messages[0] if outcome.messages else ""
    return f"it fires on its {outcome.key} example ({said})"


def code_key() -> str:
    """What the verdict on a team pack's examples depends on besides the pack: gxlint's code
    (a parser that reads differently may change it)."""
    from .cache import code_digest

    return "examples:" + code_digest()


# --- gxlint test-rules ----------------------------------------------------------------------


def run_all(rules: list[Rule]) -> list[list[Outcome]]:
    """Every rule's examples, per rule, in id order."""
    return [run_rule(rule, rules) for rule in rules]


def report(outcomes: list[list[Outcome]], lang: str = "zh", verbose: bool = False) -> str:
    """A test runner's account: a line per rule (each example with ``verbose``), what failed
    and why, and a summary."""
    zh = lang == "zh"
    lines = []
    for per_rule in outcomes:
        if not per_rule:
            continue
        rule = per_rule[0].rule
        failed = [o for o in per_rule if not o.passed]
        word = ("未通过" if zh else "FAIL") if failed else ("通过" if zh else "PASS")
        pad = " " * ((6 - 2 * len(word)) if zh else 0)  # a CJK character is two columns
        lines.append(f"{word}{pad} {rule.id} {rule.name} ({len(per_rule)} "
                     f"{'个示例' if zh else 'examples'})")
        for o in per_rule if verbose else failed:
            mark = ("通过" if zh else "ok") if o.passed else ("未通过" if zh else "failed")
            lines.append(f"     {o.key}: {mark}" + ("" if o.passed else f" — {_why(o, lang)}"))
        if failed:
            lines.append(f"     {'规则定义于' if zh else 'defined at'} {rule.source}")
    rules = [r for r in outcomes if r]
    bad = sum(1 for r in rules if any(not o.passed for o in r))
    examples = sum(len(r) for r in rules)
    lines.append(f"{len(rules) - bad} 条规则通过，{bad} 条未通过（共 {examples} 个示例）" if zh else
                 f"{len(rules) - bad} rules passed, {bad} failed ({examples} examples)")
    return "\n".join(lines)


def _why(o: Outcome, lang: str) -> str:
    if lang != "zh":
        return describe(o, lang)
    if o.error:
        return f"示例无法运行：{o.error}"
    if o.expected:
        return "规则在此示例上没有报告问题（应当报告）"
    return f"规则在此示例上报告了问题（不应报告）：{o.messages[0] if o.messages else ''}"
