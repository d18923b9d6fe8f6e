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
    lines = [f"{rule.id} {rule.name}  [{h['severity']}: {rule.severity}]"
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
