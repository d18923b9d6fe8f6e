"""Drawing the numbers: every cell of the template's tables, consistent with one another
(totals, carried-over counts, outcomes), and invented agency names.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import date
from decimal import Decimal

from lint.profiles import BlockSpec, Profile

# --- numbers ---------------------------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ORDINALS = "一二三四五六七八九十"


def chinese_count(n: int) -> str:
    """A count as written before a measure word: 1 → 一, 2 → 两, 12 → 十二, 23 → 二十三."""
    if n < 0 or n >= 100:
        return str(n)
    if n == 2:
        return "两"
    if n < 10:
        return _CN_DIGITS[n]
    tens, units = divmod(n, 10)
    head = "十" if tens == 1 else _CN_DIGITS[tens] + "十"
    return head + (_CN_DIGITS[units] if units else "")


def count_text(n: int, chinese: bool) -> str:
    return chinese_count(n) if chinese and 0 < n <= 30 else str(n)


def fmt_decimal(value: Decimal) -> str:
    return format(value, "f")


def fmt_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _log_int(rng: random.Random, lo: int, hi: int) -> int:
    """An integer in [lo, hi], small values likelier (as counts in real reports are)."""
    x = math.exp(rng.uniform(math.log(lo + 1), math.log(hi + 1))) - 1
    return min(hi, max(lo, round(x)))


def _money(rng: random.Random, hi: int) -> Decimal:
    """An amount in 万元 with at most two decimals, written without trailing zeros."""
    cents = rng.randint(1, hi * 100)
    if cents % 100 == 0:
        return Decimal(cents // 100)
    if cents % 10 == 0:
        return Decimal(cents // 10).scaleb(-1)
    return Decimal(cents).scaleb(-2)


def _spread(rng: random.Random, n: int, keys: list[str], weights: dict[str, float]) -> dict[str, int]:
    """Split n among keys at random, in proportion to weights."""
    drawn = Counter(rng.choices(keys, [weights.get(k, 1.0) for k in keys], k=n)) if n else Counter()
    return {k: drawn[k] for k in keys}


# --- values ----------------------------------------------------------------------------------

_APPLICANT_WEIGHTS = {"natural": 70, "business": 14, "research": 1, "public_interest": 2,
                      "legal_service": 4, "other_org": 9}
_OUTCOME_WEIGHTS = {
    "disclosed": 34, "partial": 8, "withheld.state_secret": 0.3, "withheld.law_prohibited": 1,
    "withheld.three_safety": 0.5, "withheld.third_party": 2, "withheld.internal_affairs": 2,
    "withheld.process_info": 3, "withheld.enforcement_file": 1, "withheld.query_matter": 1,
    "unavailable.not_held": 24, "unavailable.needs_creation": 4, "unavailable.unclear": 3,
    "not_processed.complaint": 3, "not_processed.repeated": 2, "not_processed.publication": 1,
    "not_processed.mass_repeated": 0.5, "not_processed.confirmation": 1,
    "other.overdue_correction": 3, "other.overdue_fee": 0.5, "other.other": 3, "other": 6,
}
_RESULT_WEIGHTS = {"upheld": 5, "corrected": 2, "other": 2, "pending": 2}
# Upper bounds of the decisions counts in 表二, by row.
_DECISIONS_MAX = {"license": 2500, "penalty": 600, "enforcement": 40, "other_services": 300, "fees": 40}


def draw_values(rng: random.Random, profile: Profile, issuer: str,
            new_applications: int | None, disputes: bool) -> dict[str, Decimal]:
    values = {key: Decimal(0) for key in profile.cells}
    _t2_values(rng, profile, issuer, values)
    _t3_values(rng, profile, values, new_applications)
    _t4_values(rng, profile, values, disputes)
    return values


def _t2_values(rng: random.Random, profile: Profile, issuer: str, values: dict[str, Decimal]) -> None:
    for block in profile.table("t2").blocks:
        cols = tuple(c.key for c in block.columns)
        for row in block.rows:
            drawn = _t2_row(rng, row.key, cols, issuer)
            for col in block.columns:
                values[block.cell_key(row, col)] = Decimal(drawn[col.key])


def _t2_row(rng: random.Random, row: str, cols: tuple[str, ...], issuer: str) -> dict[str, Decimal | int]:
    # Only governments of 设区的市 and above make 规章; most reports have zeros there.
    quiet = row == "rules" and not (issuer == "government" and rng.random() < 0.4)
    if cols == ("issued", "repealed", "in_force"):  # 2021: 制发 · 废止 · 现行有效
        if quiet:
            return dict.fromkeys(cols, 0)
        issued, repealed = rng.randint(0, 12), rng.randint(0, 6)
        return {"issued": issued, "repealed": repealed, "in_force": issued + rng.randint(1, 45)}
    if cols == ("made", "published", "public_total"):  # 2019: 新制作 · 新公开 · 对外公开总数
        if quiet:
            return dict.fromkeys(cols, 0)
        made = rng.randint(0, 10)
        published = made - rng.randint(0, min(made, 2))
        return {"made": made, "published": published, "public_total": published + rng.randint(1, 80)}
    if cols == ("previous", "change", "decisions"):  # 2019: 上一年项目数 · 本年增/减 · 处理决定
        previous = rng.randint(0, 60)
        change = rng.randint(-min(previous, 5), 8)
        decisions = 0 if rng.random() < 0.25 else _log_int(rng, 1, _DECISIONS_MAX.get(row, 100))
        return {"previous": previous, "change": change, "decisions": decisions}
    if cols == ("previous", "change"):  # 2019 行政事业性收费: 上一年项目数 · 本年增/减
        previous = rng.randint(0, 30)
        return {"previous": previous, "change": rng.randint(-min(previous, 3), 3)}
    if cols == ("projects", "amount"):  # 2019: 政府集中采购
        projects = 0 if rng.random() < 0.3 else rng.randint(1, 60)
        return {"projects": projects, "amount": _money(rng, 2000) if projects else 0}
    if cols == ("decisions",):
        return {"decisions": 0 if rng.random() < 0.25 else _log_int(rng, 1, _DECISIONS_MAX.get(row, 100))}
    if cols == ("amount",):  # 行政事业性收费, 万元
        return {"amount": 0 if rng.random() < 0.5 else _money(rng, 800)}
    raise ValueError(f"表二: no generator for columns {cols}")


def _t3_values(rng: random.Random, profile: Profile, values: dict[str, Decimal],
               new_applications: int | None) -> None:
    block = profile.table("t3").blocks[0]
    applicants = [c.key for c in block.columns if "applicant" in c.tags]
    new_total = _log_int(rng, 1, 300) if new_applications is None else new_applications
    carried_total = rng.choice((0, 0, 1, 2, 3)) + (new_total // 25 if rng.random() < 0.5 else 0)
    if new_total == 0:  # keep 表三 non-zero: something was carried over
        carried_total = max(carried_total, rng.randint(1, 4))
    carried_total = min(carried_total, max(300 - new_total, 0))  # keep totals within 1–300
    new = _spread(rng, new_total, applicants, _APPLICANT_WEIGHTS)
    carried = _spread(rng, carried_total, applicants, _APPLICANT_WEIGHTS)
    t3_handle(rng, block, values, new, carried)


def t3_handle(rng: random.Random, block: BlockSpec, values: dict[str, Decimal],
               new: dict[str, int], carried: dict[str, int]) -> None:
    """表三 from the new and carried-over requests per applicant column: what was carried
    forward, how the rest was handled, and the totals."""
    applicants = [c.key for c in block.columns if "applicant" in c.tags]
    outcomes = [r.key for r in block.rows if "outcome" in r.tags]
    for col in applicants:
        at_hand = new[col] + carried[col]
        forward = rng.randint(0, min(at_hand, 1 + at_hand // 6)) if rng.random() < 0.45 else 0
        handled = _spread(rng, at_hand - forward, outcomes, _OUTCOME_WEIGHTS)
        values[f"t3.new.{col}"] = Decimal(new[col])
        values[f"t3.carried_over.{col}"] = Decimal(carried[col])
        values[f"t3.carried_forward.{col}"] = Decimal(forward)
        for row in outcomes:
            values[f"t3.{row}.{col}"] = Decimal(handled[row])
        values[f"t3.total.{col}"] = Decimal(at_hand - forward)
    for row in block.rows:
        values[f"t3.{row.key}.total"] = sum((values[f"t3.{row.key}.{c}"] for c in applicants), Decimal(0))


def _t4_values(rng: random.Random, profile: Profile, values: dict[str, Decimal], disputes: bool) -> None:
    block = profile.table("t4").blocks[0]
    spans = {"review": (1, 4), "litigation_direct": (0, 2), "litigation_after_review": (0, 2)}
    for group in dict.fromkeys(c.key.split(".")[0] for c in block.columns):
        results = [c.key.split(".")[1] for c in block.columns
                   if c.key.startswith(group + ".") and "result" in c.tags]
        total = rng.randint(*spans.get(group, (0, 2))) if disputes else 0
        for key, n in _spread(rng, total, results, _RESULT_WEIGHTS).items():
            values[f"t4.{group}.{key}"] = Decimal(n)
        values[f"t4.{group}.total"] = Decimal(total)


# --- names -----------------------------------------------------------------------------------

COUNTIES = ("青禾县", "云岫县", "白鹭县", "丹枫县", "望川县", "柳溪县", "石楠县", "栖霞岭县")
CITIES = ("临川市", "岚州市", "澄川市", "枫林市", "霁阳市", "沧浪市")
DISTRICTS = ("北岭区", "南屏区", "东岸区", "枫桥区", "星河区", "翠微区")
_TOWNS = ("石桥镇", "杏花镇", "白沙镇", "松岗乡", "芦荡乡", "东湖街道", "桃源街道", "云门街道")
_DEPARTMENTS = (
    "文化和旅游局", "生态环境局", "自然资源和规划局", "交通运输局", "市场监督管理局",
    "卫生健康委员会", "住房和城乡建设局", "农业农村局", "水利局", "民政局",
    "人力资源和社会保障局", "教育体育局", "应急管理局", "统计局", "医疗保障局", "司法局",
    "审计局", "林业局", "商务局", "退役军人事务局",
)
ROADS = ("文昌路", "滨江大道", "建设路", "青石街", "望湖路", "育才路", "长乐街")


def draw_agency(rng: random.Random, issuer: str) -> tuple[str, str]:
    """An invented agency name and how its own report refers to it."""
    place = rng.choice(COUNTIES + CITIES + DISTRICTS)
    if issuer == "government":
        short = {"县": "我县", "市": "我市", "区": "我区"}[place[-1]]
        return f"{place}人民政府", rng.choice((short, short, f"{place[-1]}政府"))
    if issuer == "township":
        town = rng.choice(_TOWNS)
        parent = rng.choice(COUNTIES + DISTRICTS)
        if town.endswith("街道"):
            return f"{parent}{town}办事处", rng.choice(("本街道", "我街道"))
        return f"{parent}{town}人民政府", rng.choice((f"我{town[-1]}", f"本{town[-1]}"))
    dept = rng.choice(_DEPARTMENTS)
    self_name = "我委" if dept.endswith("委员会") else rng.choice(("我局", "我局", "本局"))
    return f"{place}{dept}", rng.choice((self_name, self_name, "本机关"))
