"""Numbers the text states, against the tables and against each other: a count in the prose
against its cells, a stated total against its parts, amounts in the wrong unit.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ..facts import cn_number
from ..labels import core
from ..rulepack import Rule
from ..scopes import scope_text
from .arithmetic import bound_plans, cell_pairs
from .describe import cell_name, fmt_number
from .registry import Context, Hit, kind
from .text import excluded, scopes_of


@kind("text-number")
def text_number(rule: Rule, ctx: Context) -> Iterator[Hit]:
    text = scope_text(ctx.report.document, scopes_of(rule.check))
    if text is None:
        return
    pairs = cell_pairs(ctx)
    for i, statement in enumerate(rule.check["statements"]):
        regex = rule.pattern(statement["pattern"])
        unless = [rule.pattern(p) for p in statement.get("unless", ())]
        # What RE2 has no look-around for: words right before, right after, or inside the match.
        before = [rule.pattern(f"(?:{p})$") for p in statement.get("not_before", ())]
        after = [rule.pattern(f"^(?:{p})") for p in statement.get("not_after", ())]
        within = [rule.pattern(p) for p in statement.get("not_within", ())]
        outcome = None
        for m in regex.finditer(text.text):
            if unless and any(u.search(_clause(text.text, m.start(), m.end())) for u in unless):
                continue  # a part of the count (one channel, new + carried over), not the count
            if excluded(text.text, m.start(), m.end(), before, after, within):
                continue
            if outcome is None:
                ((_, bound),) = bound_plans(rule, ctx, ctx.profile, statement["expr"], for_each=False)
                outcome = bound.evaluate(pairs)
            if not outcome.checkable:
                break
            stated = statement.get("value")
            if stated is None:
                stated = cn_number(m.group("n"))
            if stated is None or Decimal(stated) == outcome.value:
                continue
            yield Hit(text.span(m.start(), m.end()),
                      {"stated": stated, "expected": fmt_number(outcome.value), "text": m.group(0)},
                      cells=outcome.cells, key=f"{i}:{statement['expr']}")


_CLAUSE_START = "，,。；;！？\n"
_SENTENCE_STOP = "。；;！？\n"


def _clause(text: str, start: int, end: int) -> str:
    """The words a statement's ``unless`` patterns look at: its clause up to the match (from
    the last comma), the match, and the rest of its sentence."""
    begin = max(text.rfind(c, 0, start) for c in _CLAUSE_START) + 1
    stops = [i for i in (text.find(c, end) for c in _SENTENCE_STOP) if i >= 0]
    return text[begin:min(stops, default=len(text))]


@kind("parts-sum")
def parts_sum(rule: Rule, ctx: Context) -> Iterator[Hit]:
    text = scope_text(ctx.report.document, scopes_of(rule.check))
    if text is None:
        return
    total_re = rule.pattern(rule.check["total"])
    part_res = [rule.pattern(p) for p in rule.check["parts"]]
    # Any count in the enumeration; more of them than the parts: the list is not exhaustive.
    any_part = rule.pattern(rule.check.get("any_part", r"<NUM>\s*(?:件|个|条|项)"))
    window = rule.check.get("window", 80)
    for m in total_re.finditer(text.text):
        tail = text.text[m.end():m.end() + window]
        stop = min((i for i in (tail.find("。"), tail.find("\n")) if i >= 0), default=len(tail))
        tail = tail[:stop]
        found = [r.search(tail) for r in part_res]
        if not all(found):
            continue
        if len(any_part.findall(tail)) > len(found):
            continue  # a category beyond the parts (群众来信…): they need not add up
        total = cn_number(m.group("n"))
        parts = [cn_number(f.group("n")) for f in found if f]
        if total is None or None in parts:
            continue
        if total != sum(parts):
            yield Hit(text.span(m.start(), m.end()),
                      {"total": total, "sum": sum(parts), "parts": "、".join(f.group(0) for f in found if f),
                       "text": m.group(0)}, key=core(m.group(0)))


@kind("unit")
def unit(rule: Rule, ctx: Context) -> Iterator[Hit]:
    """Amounts in a column counted in one unit (表二's 万元): a cell written in another unit,
    and amounts the text states in another unit that, converted, contradict the cell."""
    check = rule.check
    scale = {u: Decimal(str(f)) for u, f in check["scale"].items()}
    unit_re = rule.pattern(check["cell_unit"])
    zh = ctx.lang == "zh"

    def amount(value: Decimal, written: str) -> str:
        return f"{fmt_number(value.normalize())}{written}"

    for key in check["cells"]:
        cell = ctx.report.cells.get(key)
        spec = ctx.profile.cells.get(key)
        if cell is None or spec is None or not spec.column.unit:
            continue
        m = unit_re.search(cell.raw)
        written = m.group("unit") if m else None
        if written and written != spec.column.unit:
            raw = cell.raw.strip()
            stated = _decimal(m.group("n")) if "n" in m.groupdict() and m.group("n") else None
            if stated is not None and written in scale and spec.column.unit in scale:
                means = amount(stated * scale[written] / scale[spec.column.unit], spec.column.unit)
                detail = (f"填写的“{raw}”不是以{spec.column.unit}计的金额（{raw}即{means}）" if zh
                          else f"“{raw}” is not an amount in {spec.column.unit} ({raw} is {means})")
            else:
                detail = (f"填写的“{raw}”不是以{spec.column.unit}计的金额" if zh
                          else f"“{raw}” is not an amount in {spec.column.unit}")
            yield Hit(cell.span, {"cell": cell_name(ctx.profile, key, ctx.lang), "detail": detail},
                      cells=[key], key=key)
            continue  # the cell is wrong; the text cannot be compared with it
        if cell.kind != "number" or cell.value is None:
            continue
        text = scope_text(ctx.report.document, scopes_of(check)) if "scope" in check else None
        for statement in check.get("statements", ()) if text is not None else ():
            if statement["cell"] != key:
                continue
            for m in rule.pattern(statement["pattern"]).finditer(text.text):
                stated = _decimal(m.group("n"))
                written = m.group("unit")
                if stated is None or written not in scale or written == spec.column.unit:
                    continue
                converted = stated * scale[written] / scale[spec.column.unit]
                # Agrees if it rounds to the table's figure (0.35 for 3456元; 12 for 123000元).
                places = min(cell.value.as_tuple().exponent, 0)
                if abs(converted - cell.value) <= Decimal(5).scaleb(places - 1):
                    continue
                table = amount(cell.value, spec.column.unit)
                detail = (f"正文“{m.group(0)}”折合{amount(converted, spec.column.unit)}，表中填写的是{table}"
                          if zh else f"the text's “{m.group(0)}” is {amount(converted, spec.column.unit)}, "
                                     f"the table says {table}")
                yield Hit(text.span(m.start(), m.end()),
                          {"cell": cell_name(ctx.profile, key, ctx.lang), "detail": detail},
                          cells=[key], key=f"text:{key}")
                break


def _decimal(text: str) -> Decimal | None:
    from ..lexer import fold

    folded = fold(text).replace(",", "").replace("，", "")
    try:
        return Decimal(folded)
    except ArithmeticError:
        n = cn_number(folded)
        return Decimal(n) if n is not None else None
