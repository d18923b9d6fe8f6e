"""Rule documentation from the rule's own fields: ``gxlint rule``, docs/rules.md, SARIF help."""

from __future__ import annotations

from ..rulepack import Rule

_HEADINGS = {
    "zh": {"what": "检查内容", "why": "说明", "basis": "依据", "bad": "不合规示例", "good": "合规示例",
           "severity": "级别", "fixable": "可自动修复", "previous": "上年报告（跨年度规则）"},
    "en": {"what": "What it checks", "why": "Why", "basis": "Basis", "bad": "Example that fails",
           "good": "Example that passes", "severity": "Severity", "fixable": "fixable",
           "previous": "Last year's report (cross-year rule)"},
}


def explain(rule: Rule, lang: str = "zh") -> str:
    h = _HEADINGS[lang]
    from .text import severity_word

    lines = [f"{rule.id} {rule.name}  [{h['severity']}: {severity_word(rule.severity, lang)}]"
             + (f"  ({h['fixable']})" if rule.fixable else ""), "",
             f"{h['what']}: {rule.summary[lang]}", "", f"{h['why']}:", f"  {rule.description[lang]}", "",
             f"{h['basis']}: {rule.basis}", ""]
    for key in ("previous", "bad", "good"):
        if key not in rule.examples:
            continue  # previous: cross-year rules only
        lines.append(f"{h[key]}:")
        lines.extend(f"  | {line}" for line in rule.examples[key].rstrip("\n").split("\n"))
        lines.append("")
    return "\n".join(lines).rstrip()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _fence(text: str) -> str:
    fence = "```" if "```" not in text else "````"
    return f"{fence}text\n{text.rstrip()}\n{fence}"


def markdown(rules: list[Rule]) -> str:
    """docs/rules.md: the catalogue table, then every rule in both languages with its basis and
    examples — generated from the rule files, so it cannot drift from them."""
    out = ["# gxlint rules", "",
           "<!-- Generated from rules/*.yaml by `gxlint rules --format markdown > docs/rules.md`;",
           "     do not edit by hand. tests/test_workflow.py fails when it is out of date. -->", "",
           f"{len(rules)} rules. The severity is the default; a configuration file can change it "
           "(`[severity]`), select or ignore rules, and add rule packs of your own "
           "(see the README). `gxlint rule ID` prints one rule in the terminal.", "",
           "| id | name | severity | fixable | summary |", "|---|---|---|---|---|"]
    for r in rules:
        out.append(f"| [{r.id}](#{r.id.lower()}-{r.name}) | `{r.name}` | {r.severity} | "
                   f"{'yes' if r.fixable else 'no'} | {_cell(r.summary['zh'])}<br>"
                   f"{_cell(r.summary['en'])} |")
    for r in rules:
        out += ["", f"## {r.id} {r.name}", "",
                f"**Severity:** {r.severity} · **Fixable:** {'yes' if r.fixable else 'no'} · "
                f"**Profiles:** {', '.join(r.profiles) if r.profiles else 'all'}", "",
                f"**{r.summary['zh']}**", "", f"*{r.summary['en']}*", "",
                r.description["zh"].strip(), "", r.description["en"].strip(), "",
                f"**Basis:** {r.basis}", "",
                "Example that fails (不合规示例):", "", _fence(r.examples["bad"]), "",
                "Example that passes (合规示例):", "", _fence(r.examples["good"])]
        for key, heading in (("also_bad", "More examples that fail (其他不合规示例)"),
                             ("also_good", "More examples that pass (其他合规示例)")):
            if r.examples.get(key):
                out += ["", f"{heading}:", ""] + [_fence(text) for text in r.examples[key]]
        wordings = r.check.get("wordings")
        if wordings:
            out += ["", "Wordings read (可识别的写法):", ""]
            out += [f"- `{w['pattern']}` — {w['example']}" for w in wordings]
    return "\n".join(out)
