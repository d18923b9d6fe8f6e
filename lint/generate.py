"""Generate internally consistent annual reports, in every layout real text exports come in.

``generate(seed)`` draws a :class:`ReportSpec`: every cell value of the format profile, plus
what the text states (application count, 行政复议/行政诉讼 counts, 信息处理费, 建议提案,
statistics period, signature date) and the text itself as structured pieces, so that a test
can drop a sentence or a section, swap sections or change one value and render again.
``render(spec, layout, **quirks)`` writes the report text in one of :data:`LAYOUTS`.

Every name, number and sentence here is invented. Only the template's fixed labels (taken
from the format profile) and the six section headings are the real ones.

``python -m lint.generate fixtures`` rewrites the checked-in ``fixtures/gen-*`` files.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from .profiles import DEFAULT_PROFILE, BlockSpec, Profile, get_profile

LAYOUTS: tuple[str, ...] = ("tabs", "cells", "pipes", "pipecells", "markdown")
QUIRKS: tuple[str, ...] = (
    "crlf",  # CRLF line ends
    "bom",  # a leading U+FEFF
    "fullwidth_digits",  # table numbers as １２
    "fullwidth_spaces",  # U+3000 padding around cells and at paragraph starts
    "spaced_headers",  # header cells with characters spaced apart: 结 果 维 持
    "bold_debris",  # **一是** marks in paragraphs
    "split_title",  # agency on one line, year + report name on the next
    "title_space",  # a stray space in the title: 年度 报告
    "wrapped_labels",  # long row labels broken over two lines
    "halfwidth_brackets",  # (一) 予以公开, 第二十条第(一)项 in tables
    "bookmarks",  # [bookmark: _Hlk…] debris before a few labels (always on in "cells")
)
ISSUERS: tuple[str, ...] = ("department", "government", "township")
REPORT_NAME = "政府信息公开工作年度报告"


# --- the spec -------------------------------------------------------------------------------


@dataclass
class Para:
    text: str


@dataclass
class SubHeading:
    text: str


@dataclass
class Fact:
    """A sentence stating a number the tables must agree with.

    It is worded at render time from the spec's stated fields (``applications``, ``reviews``,
    ``fee_yuan`` …), so changing such a field and rendering again changes the text only.
    """

    name: str  # period | applications | disputes | fee | proposals
    wording: int = 0  # which phrasing
    lead: str = ""  # text before the sentence, in the same paragraph
    tail: str = ""  # text after it
    chinese: bool = False  # small counts in Chinese numerals: 两件, 十二件


@dataclass
class TableSlot:
    key: str  # t2 | t3 | t4


Piece = Para | SubHeading | Fact | TableSlot


@dataclass
class SectionText:
    key: str  # the profile's section key
    number: str  # 一 … 六
    heading: str
    body: list[Piece] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.number}、{self.heading}"


@dataclass
class ReportSpec:
    agency: str
    year: int
    issuer: str  # department | government | township
    values: dict[str, Decimal]  # every cell key of the profile
    profile: str = DEFAULT_PROFILE
    # What the text states:
    period: tuple[date, date] | None = None  # None: no statistics-period sentence
    applications: int = 0  # 本年新收申请 stated in the text
    reviews: int = 0  # 行政复议 stated
    lawsuits: int = 0  # 行政诉讼 stated (direct + after review)
    fee_yuan: Decimal = Decimal(0)  # 信息处理费 collected, in yuan
    proposals: tuple[int, int] | None = None  # (人大建议, 政协提案); None: not mentioned
    proposals_total: int | None = None  # the stated N; None: the sum of the parts
    signature_date: date | None = None  # None: no signature block
    signer: str | None = None  # the signature's name line; None: the agency
    speaker: str = "本机关"  # how the text names the agency: 我局, 我区, 本街道 …
    title_spaced: bool = False  # "某局 2023 年…" as Word exports often have it
    # 表三 groups written as one row holding the group's total, their items not split (the
    # 2019 layout of （六）其他处理, still common later): e.g. ("other",).
    one_row_groups: tuple[str, ...] = ()
    preamble: list[Piece] = field(default_factory=list)
    sections: list[SectionText] = field(default_factory=list)
    seed: int = 0  # also drives render-time layout choices

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year}年{REPORT_NAME}"

    @property
    def deadline(self) -> date:
        """第四十九条: departments by 31 January, governments (and here townships) by 31 March."""
        return _deadline(self.year, self.issuer)

    @property
    def stated_proposals_total(self) -> int | None:
        if self.proposals is None:
            return None
        return self.proposals_total if self.proposals_total is not None else sum(self.proposals)

    def section(self, key: str) -> SectionText:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    def restate(self) -> None:
        """Make the stated counts agree with the tables again (after editing ``values``)."""
        v = self.values
        self.applications = int(v["t3.new.total"])
        self.reviews = int(v["t4.review.total"])
        self.lawsuits = int(v["t4.litigation_direct.total"] + v["t4.litigation_after_review.total"])


# --- numbers ---------------------------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_ORDINALS = "一二三四五六七八九十"


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


def _count(n: int, chinese: bool) -> str:
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


def _values(rng: random.Random, profile: Profile, issuer: str,
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
    _t3_handle(rng, block, values, new, carried)


def _t3_handle(rng: random.Random, block: BlockSpec, values: dict[str, Decimal],
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

_COUNTIES = ("青禾县", "云岫县", "白鹭县", "丹枫县", "望川县", "柳溪县", "石楠县", "栖霞岭县")
_CITIES = ("临川市", "岚州市", "澄川市", "枫林市", "霁阳市", "沧浪市")
_DISTRICTS = ("北岭区", "南屏区", "东岸区", "枫桥区", "星河区", "翠微区")
_TOWNS = ("石桥镇", "杏花镇", "白沙镇", "松岗乡", "芦荡乡", "东湖街道", "桃源街道", "云门街道")
_DEPARTMENTS = (
    "文化和旅游局", "生态环境局", "自然资源和规划局", "交通运输局", "市场监督管理局",
    "卫生健康委员会", "住房和城乡建设局", "农业农村局", "水利局", "民政局",
    "人力资源和社会保障局", "教育体育局", "应急管理局", "统计局", "医疗保障局", "司法局",
    "审计局", "林业局", "商务局", "退役军人事务局",
)
_ROADS = ("文昌路", "滨江大道", "建设路", "青石街", "望湖路", "育才路", "长乐街")


def _agency(rng: random.Random, issuer: str) -> tuple[str, str]:
    """An invented agency name and how its own report refers to it."""
    place = rng.choice(_COUNTIES + _CITIES + _DISTRICTS)
    if issuer == "government":
        short = {"县": "我县", "市": "我市", "区": "我区"}[place[-1]]
        return f"{place}人民政府", rng.choice((short, short, f"{place[-1]}政府"))
    if issuer == "township":
        town = rng.choice(_TOWNS)
        parent = rng.choice(_COUNTIES + _DISTRICTS)
        if town.endswith("街道"):
            return f"{parent}{town}办事处", rng.choice(("本街道", "我街道"))
        return f"{parent}{town}人民政府", rng.choice((f"我{town[-1]}", f"本{town[-1]}"))
    dept = rng.choice(_DEPARTMENTS)
    self_name = "我委" if dept.endswith("委员会") else rng.choice(("我局", "我局", "本局"))
    return f"{place}{dept}", rng.choice((self_name, self_name, "本机关"))


# --- text banks (all invented) ---------------------------------------------------------------
# Slots: {self} the agency's self-reference, {org} its name, {Y} the year, {Y1} the next one,
# {n} = {a} + {b} + {c}, {k} and {m} further small and large numbers.

_PREAMBLE_INTROS = (
    "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和上级有关要求，{org}编制了本年度政府信息公开工作年度报告。",
    "本报告依照《中华人民共和国政府信息公开条例》第五十条的规定编制，由总体情况、主动公开、依申请公开、行政复议和行政诉讼、存在的问题及改进、其他事项六部分组成。",
    "现将{org}{Y}年度政府信息公开工作情况报告如下。",
    "",
)
_CONTACTS = (  # every consistent report says how to ask about it (GX106)
    "如对本报告有疑问，请与{org}办公室联系（地址：{addr}）。",
    "本报告电子版可在政府门户网站政府信息公开专栏查阅和下载。如有疑问，请联系{org}办公室（电话：{tel}）。",
    "如对本报告有疑问，请与{org}联系，联系电话：{tel}，邮编：{zip}。",
)
_OVERVIEW_INTROS = (
    "{Y}年，{self}围绕中心工作推进政务公开，不断拓展公开领域、完善公开机制，各项工作取得新进展。",
    "{Y}年，{self}认真贯彻《中华人民共和国政府信息公开条例》，把政务公开工作纳入年度工作计划统筹推进，公开质量和群众满意度稳步提升。",
    "本年度，{self}按照上级关于政务公开工作的部署，聚焦群众关注的热点领域，持续提升政府信息公开的规范化水平。",
)
_PROACTIVE = (
    "{Y}年，{self}通过政府门户网站、政务新媒体等渠道主动公开政府信息{n}条，其中工作动态{a}条、通知公告{b}条、政策解读{c}条。",
    "{self}严格落实“五公开”要求，全年在政府信息公开专栏发布信息{n}条，及时更新机构职能、领导分工和办事指南等基础信息，确保公开内容准确完整。",
    "围绕年度重点工作，{self}持续加大主动公开力度：一是规范公开内容，全年发布政务信息{n}条；二是强化政策解读，采用图解、问答等形式解读政策文件{k}份；三是及时调整权责清单和公共服务事项清单。",
    "{self}把主动公开作为政务公开的基础工作，全年公开预决算、重大项目、行政执法等重点领域信息{n}条，做到应公开尽公开。",
)
_REQUEST_LEADS = (
    "{self}进一步规范依申请公开工作流程，落实登记、审核、答复、归档全过程管理。",
    "{self}畅通信函、网络、当面等申请渠道，明确专人负责受理和答复。",
    "",
)
_REQUEST_TAILS = (
    "办理中注重与申请人沟通，确保答复内容合法、准确、规范。",
    "答复文书均经法制审核后送达。",
    "",
)
_MANAGEMENT = (
    "建立健全信息发布审核机制，落实“先审后发”要求，对拟公开信息逐条进行保密审查。一是明确公开属性，在公文拟制环节同步确定公开方式；二是定期清理已公开文件，及时标注失效文件。",
    "{self}持续完善政府信息管理制度，组织对本机关制发的文件进行集中梳理，动态更新政府信息公开目录，确保公开信息准确、完整。",
    "严格执行政府信息公开保密审查制度，落实专人负责、分级审核，全年未发生泄密和不当公开问题。",
)
_PLATFORM = (
    "依托政府门户网站做好信息发布，优化栏目设置，新增“惠民政策”“办事指南”专栏，方便公众查阅。",
    "{self}加强政务新媒体管理，微信公众号全年推送信息{n}条，关注人数达{m}人，与政府门户网站形成信息发布合力。",
    "持续推进政府信息公开专栏标准化建设，对栏目内容进行全面梳理，及时清理空白栏目和过期信息，提升平台的权威性和便利性。",
)
_SUPERVISION = (
    "{self}调整充实政务公开工作领导小组，明确分管领导和专职工作人员，全年组织业务培训{k}次。",
    "将政务公开工作纳入年度目标考核，定期开展自查自纠，对发现的问题建立台账、限期整改。一是加强业务培训；二是强化日常督促检查；三是畅通社会评议渠道。",
    "建立健全政务公开监督机制，主动接受社会监督，全年未发生政务公开责任追究情况。",
)
_PROBLEMS = (
    "{self}政府信息公开工作虽取得一定成效，但仍存在一些不足：一是政策解读形式较为单一，图解、视频等方式运用不多；二是部分栏目信息更新不够及时；三是工作人员业务能力有待进一步提高。",
    "对照新形势新要求，工作中仍存在以下问题：主动公开的深度和广度有待拓展，公开内容与群众需求的契合度还不够高，基层工作人员对政府信息公开条例的理解还不够深入。",
    "存在的主要问题：一是信息公开的主动性还需增强；二是政务新媒体互动功能发挥不够充分。",
)
_IMPROVEMENTS = (
    "{Y1}年，{self}将重点做好以下工作：一是丰富解读方式，提升解读质量；二是建立栏目更新台账，确保信息发布及时准确；三是加强业务培训，提升工作人员能力水平。",
    "改进措施：一是加强学习培训，提升政务公开队伍专业化水平；二是围绕群众关切扩大公开范围；三是健全常态化检查机制，及时发现和整改问题。",
    "下一步，{self}将进一步压实工作责任，完善信息发布、审核、更新全流程管理，持续提升政府信息公开质量和实效。",
)
_KEYPOINTS = (
    "{self}对照年度政务公开工作要点，逐项细化任务分工，明确责任科室和完成时限，各项任务均按要求推进落实。",
    "围绕上级年度政务公开工作要点，{self}制定任务清单{k}项，按季度调度推进，年底前全部完成。",
)
_INNOVATION = (
    "{self}探索开展“政府开放日”活动，邀请群众代表走进机关，现场了解政务公开工作流程，增进了政府与群众的良性互动。",
    "{self}在办事大厅设置政务公开查阅点，提供文件查阅和政策咨询服务，全年接待群众{m}人次。",
)
_ASSESSMENT = (
    "{self}将政务公开工作纳入年度绩效考核，组织开展社会评议，全年未发生政务公开责任追究情况。",
)

_OVERVIEW_ITEMS = ("主动公开", "依申请公开", "政府信息管理", "政府信息公开平台建设", "监督保障")

# Detail sentences, one or two after each paragraph of 一, 五 and 六, drawn from a stream of their own
# (seeded by agency, year and seed): reports of different agencies, or of one agency's
# consecutive years, then share the banks' sentences only in part, as real ones do
# (GX703, --similar). Their words stay clear of every rule's: no numbers, nothing about
# requests, reviews, fees, proposals, supervision, appraisal, platforms or plans.
# Short parts (fewer characters than a shingle), so that two sentences share a shingle only
# where they share two neighbouring parts.
_DETAIL_PARTS = (
    ("此外", "同时", "另外", "其间", "年内", "平时", "日常", "随后", "为此", "对此"),
    ("科室", "股室", "专班", "专人", "骨干", "同志们", "各组", "信息员", "联络员", "工作组"),
    ("梳理了", "汇编了", "整理了", "编写了", "更新了", "细化了", "制作了", "归纳了", "校对了", "编排了",
     "补充了", "核对了"),
    ("民生类", "涉企类", "惠农类", "便民", "常用", "重点", "基层", "历年", "专题", "简明", "图文", "通俗"),
    ("政策目录", "问答手册", "办事提示", "案例汇编", "解读材料", "文件清单", "事项指引", "流程图", "宣讲稿",
     "明白卡", "服务手册", "资料汇编", "要点摘编", "口袋书"),
    ("群众", "企业", "办事人", "老年人", "基层干部", "村民", "居民", "市民", "经营主体", "外来务工人员"),
    ("查找更便捷", "反映较好", "普遍认可", "用得更顺手", "少跑了路", "看得更明白", "理解更透彻", "获取更及时",
     "知晓率提高", "关注度上升", "咨询变少", "收获较大"),
)


def _vary(sections: list[SectionText], rng: random.Random) -> None:
    for section in sections:
        if section.key not in ("overview", "problems", "other"):
            continue
        for piece in section.body:
            if not isinstance(piece, Para):
                continue
            for _ in range(rng.choice((1, 2, 2))):
                opener, who, verb, kind, what, whom, how = (rng.choice(p) for p in _DETAIL_PARTS)
                piece.text += f"{opener}，{who}{verb}{kind}{what}，{whom}{how}。"


@dataclass
class _Writer:
    """Fills text templates for one report."""

    rng: random.Random
    slots: dict[str, str]

    def fill(self, template: str) -> str:
        a, b, c = self.rng.randint(8, 60), self.rng.randint(5, 40), self.rng.randint(2, 20)
        numbers = {"a": a, "b": b, "c": c, "n": a + b + c,
                   "k": self.rng.randint(2, 9), "m": self.rng.randint(800, 9000)}
        return template.format(**self.slots, **numbers)

    def pick(self, bank: tuple[str, ...]) -> str:
        return self.fill(self.rng.choice(bank))


def _preamble(w: _Writer) -> list[Piece]:
    intro, contact = w.pick(_PREAMBLE_INTROS), w.pick(_CONTACTS)
    period = Fact("period", w.rng.randrange(len(_PERIOD_WORDINGS)))
    if intro and w.rng.random() < 0.3:  # sometimes the period is a paragraph of its own
        return [Para(intro), replace(period, tail=contact)]
    return [replace(period, lead=intro, tail=contact)]


def _overview(w: _Writer) -> list[Piece]:
    rng = w.rng
    body: list[Piece] = []
    if rng.random() < 0.6:
        body.append(Para(w.pick(_OVERVIEW_INTROS)))
    suffix = rng.choice(("情况", "情况", "方面", "工作"))
    banks = {"主动公开": _PROACTIVE, "政府信息管理": _MANAGEMENT,
             "政府信息公开平台建设": _PLATFORM, "监督保障": _SUPERVISION}
    for i, item in enumerate(_OVERVIEW_ITEMS):
        body.append(SubHeading(f"（{_ORDINALS[i]}）{item}{suffix}"))
        if item in banks:
            body.append(Para(w.pick(banks[item])))
        else:
            body.append(Fact("applications", rng.randrange(3), lead=w.pick(_REQUEST_LEADS),
                             tail=w.pick(_REQUEST_TAILS), chinese=rng.random() < 0.35))
    return body


def _problems(w: _Writer) -> list[Piece]:
    problem, improvement = w.pick(_PROBLEMS), w.pick(_IMPROVEMENTS)
    style = w.rng.randrange(3)
    if style == 0:
        return [Para(problem), Para(improvement)]
    if style == 1:
        return [SubHeading("（一）存在的主要问题"), Para(problem),
                SubHeading("（二）改进情况"), Para(improvement)]
    first, second = w.rng.sample(_IMPROVEMENTS, 2)
    return [Para(problem), Para(w.fill(first)), Para(w.fill(second))]


def _other_matters(w: _Writer, issuer: str, proposals: bool) -> list[Piece]:
    rng = w.rng
    items: list[tuple[str, Piece]] = [
        ("信息处理费收取情况", Fact("fee", rng.randrange(3))),
        ("落实上级年度政务公开工作要点情况", Para(w.pick(_KEYPOINTS))),
    ]
    if proposals:
        items.insert(rng.randint(1, 2), ("人大代表建议和政协提案办理结果公开情况",
                                          Fact("proposals", rng.randrange(3))))
    if issuer != "department":
        items.append(("工作考核、社会评议和责任追究结果情况", Para(w.pick(_ASSESSMENT))))
    if rng.random() < 0.6:
        items.append(("政务公开工作创新情况", Para(w.pick(_INNOVATION))))
    if rng.random() < 0.3:  # the fee last, as some reports have it
        items.append(items.pop(0))
    style = rng.randrange(3)
    body: list[Piece] = []
    for i, (label, piece) in enumerate(items):
        if style == 0:  # sub-heading, then the paragraph
            body += [SubHeading(f"（{_ORDINALS[i]}）{label}"), piece]
        elif style == 1:  # "1.label：text" in one paragraph
            prefix = f"{i + 1}.{label}："
            body.append(replace(piece, lead=prefix + piece.lead) if isinstance(piece, Fact)
                        else Para(prefix + piece.text))
        else:
            body.append(piece)
    return body


def _sections(w: _Writer, profile: Profile, issuer: str, proposals: bool) -> list[SectionText]:
    rng = w.rng
    review: list[Piece] = [Fact("disputes", rng.randrange(2), chinese=rng.random() < 0.3)]
    review.insert(0 if rng.random() < 0.3 else 1, TableSlot("t4"))
    bodies: dict[str, list[Piece]] = {
        "overview": _overview(w),
        "proactive": [TableSlot("t2")],
        "requests": [TableSlot("t3")],
        "review": review,
        "problems": _problems(w),
        "other": _other_matters(w, issuer, proposals),
    }
    return [SectionText(s.key, s.number, s.heading, bodies[s.key]) for s in profile.sections]


# --- generate --------------------------------------------------------------------------------


def generate(seed: int, **overrides: object) -> ReportSpec:
    """A consistent report drawn from ``seed``.

    ``overrides`` are ReportSpec fields (agency, year, issuer, profile, values, applications …)
    plus two generation knobs: ``new_applications`` (the 表三 new total, may be 0) and
    ``disputes`` (False: 表四 all zero). profile/year/issuer/agency/values are used while
    drawing, so the stated counts follow them; other fields are set afterwards as given.
    """
    rng = random.Random(seed)
    profile = get_profile(str(overrides.pop("profile", DEFAULT_PROFILE)))
    new_applications = overrides.pop("new_applications", None)
    if new_applications is not None:
        new_applications = int(new_applications)
    disputes = bool(overrides.pop("disputes", True))
    issuer = str(overrides.pop("issuer", rng.choices(ISSUERS, (55, 25, 20))[0]))
    if issuer not in ISSUERS:
        raise ValueError(f"issuer must be one of {ISSUERS}, not {issuer!r}")
    first, last = profile.year_from, profile.year_to or 2025
    year = int(overrides.pop("year", rng.randint(first, last)))
    agency, speaker = _agency(rng, issuer)
    agency = str(overrides.pop("agency", agency))
    speaker = str(overrides.pop("speaker", speaker))  # before the text is written with it
    values = _values(rng, profile, issuer, new_applications, disputes)
    values = overrides.pop("values", values)

    proposals = None
    if rng.random() < {"department": 0.55, "government": 0.8, "township": 0.3}[issuer]:
        scale = 60 if issuer == "government" else 12
        proposals = (rng.randint(1, scale), rng.randint(1, scale + scale // 2))
    fee = Decimal(0) if rng.random() < 0.85 else Decimal(rng.choice((10, 20, 35, 50, 100, 160, 300)))
    start = date(year + 1, 1, 8)
    signed = start + timedelta(rng.randint(0, (_deadline(year, issuer) - start).days))

    w = _Writer(rng, {"self": speaker, "org": agency, "Y": str(year), "Y1": str(year + 1),
                      "addr": f"{agency[:3]}{rng.choice(_ROADS)}{rng.randint(1, 200)}号",
                      **_phone(agency)})
    spec = ReportSpec(
        agency=agency, year=year, issuer=issuer, values=values, profile=profile.id,
        period=(date(year, 1, 1), date(year, 12, 31)),
        fee_yuan=fee, proposals=proposals, signature_date=signed, speaker=speaker,
        title_spaced=rng.random() < 0.25,
        preamble=_preamble(w), sections=_sections(w, profile, issuer, proposals is not None),
        seed=seed,
    )
    _vary(spec.sections, random.Random(f"prose:{seed}:{agency}:{year}"))
    spec.restate()
    known = {f.name for f in fields(ReportSpec)}
    for name, value in overrides.items():
        if name not in known:
            raise TypeError(f"generate() got an unknown override {name!r}")
        setattr(spec, name, value)
    return spec


def _phone(agency: str) -> dict[str, str]:
    """An invented telephone number and postcode, from the name (no draw from the generator's
    random stream, so that everything else drawn stays as it was)."""
    h = zlib.crc32(agency.encode("utf-8"))
    return {"tel": f"0{570 + h % 30}-{8000000 + h % 1999999}", "zip": f"3{h % 100000:05d}"}


def profile_for(year: int) -> str:
    """The template a report for ``year`` is written in: 2019's for 2019–2020, else 2021's."""
    return "gov-2019" if year <= 2020 else DEFAULT_PROFILE


def generate_series(seed: int, years: int = 3, first_year: int | None = None,
                    **overrides: object) -> list[ReportSpec]:
    """One agency's reports for ``years`` consecutive years, consistent across years: each
    year's 表三 上年结转 is the year before's 结转下年度继续办理, column by column, and 表二's
    现行有效 rolls forward (last year's + 本年制发 − 本年废止) while the template stays 2021's.

    Each year is drawn by ``generate`` (with the first year's agency, issuer and
    self-reference); ``overrides`` go to every year. The template follows the year unless
    ``profile`` is given."""
    rng = random.Random(f"series:{seed}")
    if first_year is None:
        first_year = rng.randint(2019, 2025 - years + 1)
    specs: list[ReportSpec] = []
    for i in range(years):
        year = first_year + i
        fixed = dict(overrides)
        fixed.setdefault("profile", profile_for(year))
        if specs:
            first = specs[0]
            fixed.update(agency=first.agency, issuer=first.issuer, speaker=first.speaker)
        spec = generate(seed if not specs else rng.randrange(1 << 30), year=year, **fixed)
        # An agency that writes its report afresh: last year's paragraphs of 一 and 五 are
        # not drawn again (GX703 reports prose copied forward).
        while specs and _repeats(specs[-1], spec):
            spec = generate(rng.randrange(1 << 30), year=year, **fixed)
        if specs:
            _chain(rng, specs[-1], spec)
        specs.append(spec)
    return specs


def _paragraphs(spec: ReportSpec, key: str) -> set[str]:
    texts = (getattr(p, "text", "") or getattr(p, "lead", "") for p in spec.section(key).body)
    # The bank's sentence, not the detail sentences after it: its first characters.
    return {"".join(ch for ch in t if not ch.isdigit())[:24] for t in texts if len(t) > 20}


def _repeats(prev: ReportSpec, spec: ReportSpec) -> bool:
    """Whether ``spec`` repeats a paragraph of ``prev``'s 五, or two of its 一."""
    return bool(_paragraphs(prev, "problems") & _paragraphs(spec, "problems")) or \
        len(_paragraphs(prev, "overview") & _paragraphs(spec, "overview")) > 1


def _chain(rng: random.Random, prev: ReportSpec, spec: ReportSpec) -> None:
    """Make ``spec`` continue ``prev``: carried-over requests and the stock in force."""
    profile = get_profile(spec.profile)
    block = profile.table("t3").blocks[0]
    applicants = [c.key for c in block.columns if "applicant" in c.tags]
    v = spec.values
    new = {c: int(v[f"t3.new.{c}"]) for c in applicants}
    carried = {c: int(prev.values[f"t3.carried_forward.{c}"]) for c in applicants}
    _t3_handle(rng, block, v, new, carried)
    for row in ("rules", "normative"):
        before = prev.values.get(f"t2.{row}.in_force")
        if before is None or f"t2.{row}.in_force" not in v:
            continue  # the 2019 template has no 现行有效: nothing to roll forward
        issued = v[f"t2.{row}.issued"]
        repealed = min(v[f"t2.{row}.repealed"], before + issued)
        v[f"t2.{row}.repealed"] = repealed
        v[f"t2.{row}.in_force"] = before + issued - repealed
    spec.restate()


def generate_corpus(agencies: int, years: int = 3, seed: int = 0) -> list[ReportSpec]:
    """Series (see generate_series) for ``agencies`` distinct invented agencies."""
    rng = random.Random(f"corpus:{seed}")
    out: list[ReportSpec] = []
    names: set[str] = set()
    while len(names) < agencies:
        series_seed = rng.randrange(1 << 30)
        series = generate_series(series_seed, years)
        if series[0].agency in names:
            # Two agencies of one name would pair with each other, and the word banks hold a
            # few hundred names: the same series again, under an invented place's name.
            series = generate_series(series_seed, years, agency=_fresh_name(series[0].agency, names, rng))
        names.add(series[0].agency)
        out.extend(series)
    return out


# Characters of invented place names, for corpora larger than the word banks' names.
_PLACE_HEADS = "青云白丹望柳石临岚澄枫霁沧翠星松杏芦桃雁鹤溪泉兰梅竹荷朗清明安和宁康乐泰嘉瑞"
_PLACE_TAILS = "禾岫鹭川溪楠霞州浦林阳浪岭屏岸桥河湾原山峰谷塘湖源江洲坪城亭堤渡"


def _fresh_name(name: str, taken: set[str], rng: random.Random) -> str:
    """``name`` with its place (县, 市 or 区; a township's county) replaced by an invented one
    not yet in ``taken``: random first, then by counting, so any number of names exist."""
    place = next((p for p in sorted(_COUNTIES + _CITIES + _DISTRICTS, key=len, reverse=True)
                  if name.startswith(p)), name[:3])
    rest, kind = name[len(place):], place[-1]
    for _ in range(50):
        fresh = rng.choice(_PLACE_HEADS) + rng.choice(_PLACE_TAILS) + kind + rest
        if fresh not in taken:
            return fresh
    n = 0
    while True:  # heads and tails as digits of a number: never runs out
        digits, k = "", n
        while True:
            digits = _PLACE_TAILS[k % len(_PLACE_TAILS)] + digits
            k //= len(_PLACE_TAILS)
            if not k:
                break
        fresh = _PLACE_HEADS[n % len(_PLACE_HEADS)] + digits + kind + rest
        if fresh not in taken:
            return fresh
        n += 1


def _deadline(year: int, issuer: str) -> date:
    return date(year + 1, 1, 31) if issuer == "department" else date(year + 1, 3, 31)


# --- facts -----------------------------------------------------------------------------------

_PERIOD_WORDINGS = (
    # (with both years, with the second year left out or None when a wording always has it)
    ("本报告中所列数据的统计期限自{y1}年{m1}月{d1}日起至{y2}年{m2}月{d2}日止。", None),
    ("报告中所列数据统计期限自 {y1} 年 {m1} 月 {d1} 日起，至 {y2} 年 {m2} 月 {d2} 日止。", None),
    ("本报告统计数据从 {y1} 年 {m1} 月 {d1} 日至 {y2} 年 {m2} 月 {d2} 日。",
     "本报告统计数据从 {y1} 年 {m1} 月 {d1} 日至 {m2} 月 {d2} 日。"),
    ("本报告所列数据统计期限为{y1}年{m1}月{d1}日至{y2}年{m2}月{d2}日。",
     "本报告所列数据统计期限为{y1}年{m1}月{d1}日至{m2}月{d2}日。"),
)


def _period_sentence(spec: ReportSpec, wording: int) -> str:
    if spec.period is None:
        return ""
    start, end = spec.period
    full, short = _PERIOD_WORDINGS[wording % len(_PERIOD_WORDINGS)]
    template = short if short and start.year == end.year else full
    return template.format(y1=start.year, m1=start.month, d1=start.day,
                           y2=end.year, m2=end.month, d2=end.day)


def _applications_sentence(spec: ReportSpec, wording: int, chinese: bool) -> str:
    n, s, y = spec.applications, spec.speaker, spec.year
    if n == 0:
        return (f"{y}年，{s}未收到政府信息公开申请。",
                "本年度未收到政府信息公开申请。",
                f"全年{s}未收到公民、法人或其他组织提出的政府信息公开申请。")[wording % 3]
    count = _count(n, chinese)
    return (f"{y}年，{s}共收到政府信息公开申请{count}件。",
            f"全年新收政府信息公开申请{count}件，均按法定程序受理。",
            f"本年度{s}收到政府信息公开申请{count}件，均按规定予以办理。")[wording % 3]


def _disputes_sentence(spec: ReportSpec, wording: int, chinese: bool) -> str:
    r, lw, s, y = spec.reviews, spec.lawsuits, spec.speaker, spec.year
    if r == 0 and lw == 0:
        return ("本年度未发生因政府信息公开引起的行政复议、行政诉讼。",
                f"{y}年，{s}未发生因政府信息公开引起的行政复议、行政诉讼案件。")[wording % 2]
    if lw == 0:
        return f"本年度发生因政府信息公开引起的行政复议{_count(r, chinese)}件，未发生行政诉讼。"
    if r == 0:
        return f"本年度未发生因政府信息公开引起的行政复议，发生行政诉讼{_count(lw, chinese)}件。"
    return (f"本年度发生因政府信息公开引起的行政复议{_count(r, chinese)}件、行政诉讼{_count(lw, chinese)}件。",
            f"{y}年，{s}因政府信息公开被申请行政复议{_count(r, chinese)}件，被提起行政诉讼{_count(lw, chinese)}件。",
            )[wording % 2]


def _fee_sentence(spec: ReportSpec, wording: int) -> str:
    s, y = spec.speaker, spec.year
    if spec.fee_yuan == 0:
        return ("本年度未收取信息处理费。",
                f"依据《政府信息公开信息处理费管理办法》，{y}年{s}未收取信息处理费。",
                f"{y}年，{s}在办理政府信息公开申请过程中未收取信息处理费。")[wording % 3]
    x = fmt_decimal(spec.fee_yuan)
    return (f"本年度共收取信息处理费{x}元。",
            f"依据《政府信息公开信息处理费管理办法》，{y}年{s}收取信息处理费{x}元。",
            f"{y}年，{s}向申请人收取信息处理费{x}元。")[wording % 3]


def _proposals_sentence(spec: ReportSpec, wording: int) -> str:
    if spec.proposals is None:
        return ""
    (a, b), n, s, y = spec.proposals, spec.stated_proposals_total, spec.speaker, spec.year
    core = f"共收到建议、提案{n}件，其中人大建议{a}件、政协提案{b}件"
    return (f"{y}年，{s}{core}，均已按期办结，答复内容已按规定公开。",
            f"本年度{core}，办复率100%。",
            f"{s}{core}。办理结果均在政府门户网站公开。")[wording % 3]


def fact_text(spec: ReportSpec, fact: Fact) -> str:
    """The paragraph a Fact renders to (empty when there is nothing to say)."""
    sentence = {
        "period": lambda: _period_sentence(spec, fact.wording),
        "applications": lambda: _applications_sentence(spec, fact.wording, fact.chinese),
        "disputes": lambda: _disputes_sentence(spec, fact.wording, fact.chinese),
        "fee": lambda: _fee_sentence(spec, fact.wording),
        "proposals": lambda: _proposals_sentence(spec, fact.wording),
    }[fact.name]()
    return f"{fact.lead}{sentence}{fact.tail}"


# --- tables as grids -------------------------------------------------------------------------


@dataclass(frozen=True)
class GCell:
    text: str
    kind: str  # label | head | num | h (covered by a cell to its left) | v (by one above)


_H = GCell("", "h")
_V = GCell("", "v")


@dataclass
class GRow:
    cells: list[GCell]
    lead: int  # how many leading columns hold row labels
    kind: str  # caption | head | data
    key: str = ""  # the profile's row key (data rows) or block key (captions)


@dataclass
class Grid:
    key: str  # t2 | t3 | t4
    width: int
    rows: list[GRow]


def _pad(cells: list[GCell], width: int) -> list[GCell]:
    return cells + [_H] * (width - len(cells))


def _num(value: Decimal | str, signed: bool, plus: bool) -> GCell:
    if isinstance(value, str):
        return GCell(value, "num")  # a fault injected by a test: "/", "—", "" or text
    text = fmt_decimal(value)
    return GCell("+" + text if signed and plus and value > 0 else text, "num")


def _grid_t2(spec: ReportSpec, profile: Profile, plus: bool) -> Grid:
    table = profile.table("t2")
    width = 1 + max(len(b.columns) for b in table.blocks)
    rows: list[GRow] = []
    for block in table.blocks:
        rows.append(GRow(_pad([GCell(block.label, "label")], width), 1, "caption", block.key))
        head = [GCell(block.headers[0] if block.headers else "", "head")]
        head += [GCell(c.label, "head") for c in block.columns]
        rows.append(GRow(_pad(head, width), 1, "head"))
        for row in block.rows:
            cells = [GCell(row.label, "label")]
            cells += [_num(spec.values[block.cell_key(row, c)], c.signed, plus) for c in block.columns]
            rows.append(GRow(_pad(cells, width), 1, "data", row.key))
    return Grid("t2", width, rows)


def _group_chain(block: BlockSpec, parent: str) -> list[str]:
    groups = {g.key: g for g in block.groups}
    chain: list[str] = []
    while parent:
        chain.insert(0, parent)
        parent = groups[parent].parent
    return chain


def _grid_t3(spec: ReportSpec, profile: Profile) -> Grid:
    block = profile.table("t3").blocks[0]
    labels = {g.key: g.label for g in block.groups}
    applicants = [c for c in block.columns if "applicant" in c.tags]
    totals = [c for c in block.columns if "applicant" not in c.tags]
    lead = 1 + max(len(_group_chain(block, r.parent)) for r in block.rows)
    width = lead + len(block.columns)
    note, applicant_head, org_head = block.headers
    first, *orgs = applicants
    head = lambda text: GCell(text, "head")  # noqa: E731
    rows = [
        GRow([head(note), *[_H] * (lead - 1), head(applicant_head), *[_H] * (len(applicants) - 1),
              *[head(c.label) for c in totals]], lead, "head"),
        GRow([_V, *[_H] * (lead - 1), head(first.label), head(org_head), *[_H] * (len(orgs) - 1),
              *[_V] * len(totals)], lead, "head"),
        GRow([_V, *[_H] * (lead - 1), _V, *[head(c.label) for c in orgs], *[_V] * len(totals)],
             lead, "head"),
    ]
    seen: set[str] = set()
    one_row = {g.key: g for g in block.group_rows if g.key in spec.one_row_groups}
    for row in block.rows:
        values = [spec.values[block.cell_key(row, c)] for c in block.columns]
        if row.parent in one_row:
            if row.parent in seen:
                continue
            # The group as one row: its label, the sums of its items.
            row = one_row[row.parent]
            values = [sum((spec.values[block.cell_key(i, c)] for i in block.items_of(row)), Decimal(0))
                      for c in block.columns]
        # A group's label sits in the first row of the group; the rows below are merged into it.
        cells = []
        for group in _group_chain(block, row.parent):
            cells.append(_V if group in seen else GCell(labels[group], "label"))
            seen.add(group)
        seen.add(row.key)
        cells = _pad([*cells, GCell(row.label, "label")], lead)
        cells += [_num(v, False, False) for v in values]
        rows.append(GRow(cells, lead, "data", row.key))
    return Grid("t3", width, rows)


def _grid_t4(spec: ReportSpec, profile: Profile) -> Grid:
    block = profile.table("t4").blocks[0]
    groups: dict[str, list] = {}
    for col in block.columns:
        groups.setdefault(col.group_label, []).append(col)
    (_, first), *rest = groups.items()
    rest_width = sum(len(cols) for _, cols in rest)
    head = lambda text: GCell(text, "head")  # noqa: E731
    r1 = [head(block.headers[0]), *[_H] * (len(first) - 1), head(block.headers[1]), *[_H] * (rest_width - 1)]
    r2 = [head(c.label) for c in first]
    r3 = [_V] * len(first)
    for label, cols in rest:
        r2 += [head(label), *[_H] * (len(cols) - 1)]
        r3 += [head(c.label) for c in cols]
    row = block.rows[0]
    data = [_num(spec.values[block.cell_key(row, c)], False, False) for c in block.columns]
    rows = [GRow(r1, 0, "head"), GRow(r2, 0, "head"), GRow(r3, 0, "head"), GRow(data, 0, "data", "t4")]
    return Grid("t4", len(block.columns), rows)


# --- dressing cells: layout habits and quirks ------------------------------------------------


@dataclass
class _Ctx:
    rng: random.Random
    quirks: frozenset[str]
    layout: str
    profile: Profile
    first_para: str = ""  # debris put before the first paragraph, once
    wrap: Wrap | None = None
    paragraphs: int = 0  # paragraphs written so far (which ones Wrap breaks)
    page: int = 0  # the last page footer written

    def on(self, quirk: str) -> bool:
        return quirk in self.quirks

    def para(self, text: str, bold: bool = False) -> str:
        if self.first_para:
            text, self.first_para = self.first_para + text, ""
        if bold or self.on("bold_debris"):
            for marker in ("一是", "二是", "三是", "四是"):
                text = text.replace(marker, f"**{marker}**")
        if self.on("fullwidth_spaces"):
            text = "\u3000\u3000" + text
        return text


@dataclass(frozen=True)
class Wrap:
    """Hard line breaks as text copied out of a PDF keeps them: the chosen paragraphs
    (None: all) broken every ``width`` characters, with ``footer_every`` a page footer
    (``— 3 —``) after every so many of those lines, and the title broken in two."""

    width: int
    paragraphs: frozenset[int] | None = None
    footer_every: int = 0
    title_at: int = 0  # break a one-line title after this many characters (0: keep it whole)


_DEBRIS_IN_TEXT = ("**", "[bookmark:")


def _break_points(text: str, width: int) -> list[int]:
    """Where to break ``text`` every ``width`` characters, never inside editing debris (a PDF
    has none: what a copy keeps are the breaks, not markup)."""
    inside = [False] * (len(text) + 1)
    for mark, end in (("**", "**"), ("[bookmark:", "]")):
        i = text.find(mark)
        while i >= 0:
            j = text.find(end, i + len(mark)) + len(end) if mark != "**" else i + 2
            for k in range(i + 1, max(j, i + 1)):
                inside[k] = True
            i = text.find(mark, max(j, i + 1))
    points, pos = [], width
    while pos < len(text):
        while pos < len(text) and inside[pos]:
            pos += 1
        if pos < len(text):
            points.append(pos)
        pos += width
    return points


def _wrapped(text: str, ctx: _Ctx) -> str:
    wrap = ctx.wrap
    n, ctx.paragraphs = ctx.paragraphs, ctx.paragraphs + 1
    if wrap is None or (wrap.paragraphs is not None and n not in wrap.paragraphs):
        return text
    cuts = [0, *_break_points(text, wrap.width), len(text)]
    lines: list[str] = []
    for i, (a, b) in enumerate(zip(cuts, cuts[1:], strict=False)):
        if i and wrap.footer_every and i % wrap.footer_every == 0:
            ctx.page += 1  # numbered as reports are, in at most three digits (every line a page: many)
            lines.append(f"— {(ctx.page - 1) % 999 + 1} —")
        lines.append(text[a:b])
    return "\n".join(lines)


def _result_labels(profile: Profile) -> set[str]:
    """表四's column labels (结果维持 … 总计): the narrow cells Word breaks or spaces."""
    return {c.label for c in profile.table("t4").blocks[0].columns}


def _halfwidth(text: str) -> str:
    text = text.replace("（", "(").replace("）", ")")
    if text.startswith("(") and text.find(")") in (2, 3):  # "(一)予以公开" → "(一) 予以公开"
        end = text.find(")") + 1
        text = text[:end] + " " + text[end:]
    return text


def wrap_label(text: str, width: int = 13) -> str:
    """Break a long label over two lines as a narrow Word cell does: after the punctuation
    nearest the middle, or else after ``width`` characters."""
    if len(text) <= 16:
        return text
    middle = len(text) / 2
    marks = [i + 1 for i, ch in enumerate(text) if ch in "，、," and 4 < i + 1 < len(text) - 3]
    cut = min(marks, key=lambda i: abs(i - middle)) if marks else width
    return text[:cut] + "\n" + text[cut:]


def _spaced(text: str) -> str:
    return " ".join(text.replace(" ", ""))


def _bookmark(rng: random.Random) -> str:
    return f"[bookmark: _Hlk{rng.randint(60000000, 69999999)}]"


@dataclass
class _Dress:
    """What a layout does to table cells besides the quirks."""

    wrap_rows: frozenset[str] = frozenset()  # row keys (and "note") whose label is wrapped
    t4_heads: str = ""  # "" | "gap" (结果 维持) | "break" (结果 / 维持 on two lines)
    bookmarks: int = 0  # how many labels get [bookmark: …] debris
    pad_t2: bool = False  # pad 表二 numbers with full-width spaces


def _dress(grid: Grid, ctx: _Ctx, how: _Dress) -> Grid:
    rng = ctx.rng
    wrap_all = ctx.on("wrapped_labels")
    labels = [(i, j) for i, row in enumerate(grid.rows) for j, c in enumerate(row.cells)
              if c.kind == "label" and row.kind == "data"]
    count = how.bookmarks or (3 if ctx.on("bookmarks") else 0)
    marked = set(rng.sample(labels, min(count, len(labels))))
    rows = []
    for i, row in enumerate(grid.rows):
        own = max((j for j, c in enumerate(row.cells[: row.lead]) if c.kind == "label"), default=-1)
        cells = []
        for j, cell in enumerate(row.cells):
            text = cell.text
            if cell.kind == "num":
                text = _dress_number(text, grid.key, ctx, how)
            elif cell.kind == "label":
                if ctx.on("halfwidth_brackets"):
                    text = _halfwidth(text)
                if wrap_all or (row.key in how.wrap_rows and j == own):
                    text = wrap_label(text)
                if (i, j) in marked:
                    text = _bookmark(rng) + text
                if ctx.on("fullwidth_spaces") and rng.random() < 0.3:
                    text += "\u3000"
            elif cell.kind == "head":
                text = _dress_header(text, grid.key, ctx, how, wrap_all)
            cells.append(GCell(text, cell.kind))
        rows.append(GRow(cells, row.lead, row.kind, row.key))
    return Grid(grid.key, grid.width, rows)


def _dress_number(text: str, table: str, ctx: _Ctx, how: _Dress) -> str:
    if ctx.on("fullwidth_digits"):
        text = text.translate(_FULLWIDTH)
    if ctx.on("fullwidth_spaces") or (how.pad_t2 and table == "t2"):
        # Word keeps the padding typed into centred cells, sometimes with a no-break space.
        text = ctx.rng.choice(("\u3000\u3000", "\u3000\u3000", "\u3000", "\xa0\u3000")) + text
    return text


def _dress_header(text: str, table: str, ctx: _Ctx, how: _Dress, wrap_all: bool) -> str:
    long = len(text) > 16
    if ctx.on("halfwidth_brackets") and long:
        text = _halfwidth(text)
    if long and (wrap_all or "note" in how.wrap_rows):
        return wrap_label(text)
    if ctx.on("spaced_headers") and not long and table != "t2":
        return _spaced(text)
    if table == "t4" and text in _result_labels(ctx.profile):
        if how.t4_heads == "gap" and len(text) == 4:
            return text[:2] + " " + text[2:]
        if how.t4_heads == "break" and (text.startswith("结果") or ctx.rng.random() < 0.5):
            return text[: len(text) // 2] + "\n" + text[len(text) // 2:]
    return text


# --- table serialisers, one per layout --------------------------------------------------------


def _tabs_table(grid: Grid, ctx: _Ctx) -> list[str]:
    """Word's text export: TAB-separated rows, merged cells as empty cells, some rows whose
    leading empty cells shift and some with a trailing empty cell (seeds 000/002/004)."""
    rng = ctx.rng
    padded = grid.key == "t3" and rng.random() < 0.5
    trim = grid.key == "t2" and rng.random() < 0.4  # the blocks after the first lose padding
    shifted: set[str] = set()
    blank_after = ""
    if grid.key == "t3":
        keys = [r.key for r in grid.rows if r.kind == "data"]
        runs = [[k for k in keys if k.startswith("not_processed.")][2:],
                [k for k in keys if k.startswith("other")][-1:], ["total"]]
        for run in rng.sample(runs, rng.randint(1, 2)):
            shifted.update(run)
        if rng.random() < 0.5:
            blank_after = rng.choice(keys[:-1])
    lines: list[str] = []
    blocks = 0
    for row in grid.rows:
        if row.kind == "caption":
            blocks += 1
            if lines and rng.random() < 0.3:
                lines.append("")
        if row.key in shifted:
            label = [c.text for c in row.cells[: row.lead] if c.text][-1]
            cells = [label, "", *(c.text for c in row.cells[row.lead:]), ""]
        else:
            cells = _tabs_cells(row, padded, grid.width)
        if trim and blocks > 1:
            while len(cells) > 2 and cells[-1] == "":
                cells.pop()
        lines.append("\t".join(cells))
        if row.key and row.key == blank_after:
            lines.append("")
    return lines


def _tabs_cells(row: GRow, padded: bool, width: int) -> list[str]:
    lead = row.cells[: row.lead]
    while len(lead) > 1 and lead[-1].kind == "h":  # a label merged rightwards is written once
        lead = lead[:-1]
    cells = [c.text for c in lead]
    if padded and row.lead > 1 and len(cells) == 1:
        cells.append("")
    cells += [c.text for c in row.cells[row.lead:]]
    if padded:
        cells += [""] * (width - len(cells))
    return cells


def _cells_table(grid: Grid, ctx: _Ctx) -> list[str]:
    """One cell per line, each starting with a TAB; a cell merged into the one above is a line
    holding just a TAB, one merged into the left is left out; blank lines between rows."""
    lines = []
    for row in grid.rows:
        lines += ["\t" + c.text for c in row.cells if c.kind != "h"]
        lines.append("")
    return lines + [""]


def _pipes_table(grid: Grid, ctx: _Ctx) -> list[str]:
    """A web page copied as text: cells joined by " | ", a trailing " |", merged cells empty."""
    return [" | ".join(c.text for c in row.cells) + " |" for row in grid.rows]


def _pipecells_table(grid: Grid, ctx: _Ctx) -> list[str]:
    """Each cell on its own line ending in " |", a "|||" line for each run of merged cells,
    a blank line between rows."""
    lines = []
    for row in grid.rows:
        merged = False
        for cell in row.cells:
            if cell.kind in ("h", "v"):
                if not merged:
                    lines.append("|||")
                merged = True
                continue
            merged = False
            lines.append(f"{cell.text} |")
        lines.append("")
    return lines


def _markdown_table(grid: Grid, ctx: _Ctx) -> list[str]:
    """A GitHub pipe table; the first row is the header row, merged cells are empty."""
    lines = []
    for i, row in enumerate(grid.rows):
        texts = [c.text.replace("\n", "<br>").replace("|", "\\|") for c in row.cells]
        lines.append("| " + " | ".join(texts) + " |")
        if i == 0:
            lines.append("|" + "---|" * grid.width)
    return lines


# --- documents, one renderer per layout ------------------------------------------------------


def _items(spec: ReportSpec) -> Iterator[tuple[str, str]]:
    """The document in reading order: (kind, text) with kind para | heading | sub | table."""
    for piece in spec.preamble:
        yield from _piece(spec, piece)
    for section in spec.sections:
        yield "heading", section.title
        for piece in section.body:
            yield from _piece(spec, piece)


def _piece(spec: ReportSpec, piece: Piece) -> Iterator[tuple[str, str]]:
    if isinstance(piece, Para):
        yield "para", piece.text
    elif isinstance(piece, SubHeading):
        yield "sub", piece.text
    elif isinstance(piece, TableSlot):
        yield "table", piece.key
    else:
        text = fact_text(spec, piece)
        if text:
            yield "para", text


def _title_lines(spec: ReportSpec, ctx: _Ctx, split_default: bool = False) -> list[str]:
    year = f" {spec.year} 年" if spec.title_spaced else f"{spec.year}年"
    if ctx.on("split_title"):
        lines = [spec.agency, f"{year.strip()}{REPORT_NAME}"]
    elif split_default:  # as seed 003: broken inside the report name
        lines = [f"{spec.agency}{year}{REPORT_NAME[:6]}", REPORT_NAME[6:]]
    else:
        lines = [f"{spec.agency}{year}{REPORT_NAME}"]
    if ctx.on("title_space"):
        lines[-1] = lines[-1].replace("年度报告", "年度 报告")
    cut = ctx.wrap.title_at if ctx.wrap else 0
    if len(lines) == 1 and 0 < cut < len(lines[0]) and lines[0][cut - 1:cut + 1].strip() == lines[0][cut - 1:cut + 1]:
        lines = [lines[0][:cut], lines[0][cut:]]
    return lines


def _signature_lines(spec: ReportSpec) -> list[str]:
    if spec.signature_date is None:
        return []
    return [spec.signer or spec.agency, fmt_date(spec.signature_date)]


def _grid(spec: ReportSpec, key: str, ctx: _Ctx) -> Grid:
    if key == "t2":
        return _grid_t2(spec, ctx.profile, plus=ctx.rng.random() < 0.5)
    if key == "t3":
        return _grid_t3(spec, ctx.profile)
    if key == "t4":
        return _grid_t4(spec, ctx.profile)
    raise KeyError(key)


def _flow(spec: ReportSpec, ctx: _Ctx, *, table: Callable[[Grid, _Ctx], list[str]], dress: _Dress,
          heading: Callable[[str], str] = str, sub: Callable[[str], str] = str,
          gap: bool = True, bold: Callable[[], bool] = lambda: False) -> list[str]:
    """The report's lines: a shared walk, with the layout's ways of writing each part."""
    lines: list[str] = []
    for kind, text in _items(spec):
        if kind == "table":
            if lines and lines[-1] != "":
                lines.append("")
            lines += table(_dress(_grid(spec, text, ctx), ctx, dress), ctx)
            if lines[-1] != "":
                lines.append("")
            continue
        if kind == "heading":
            lines.append(heading(text))
        elif kind == "sub":
            lines.append(sub(text))
        else:
            lines.append(_wrapped(ctx.para(text, bold=bold()), ctx))
        if gap:
            lines.append("")
    return lines


def _render_tabs(spec: ReportSpec, ctx: _Ctx) -> list[str]:
    dress = _Dress(t4_heads="gap" if ctx.rng.random() < 0.7 else "")
    lines = ["", "", *_title_lines(spec, ctx), ""]
    return lines + _flow(spec, ctx, table=_tabs_table, dress=dress) + _signature_lines(spec)


def _render_cells(spec: ReportSpec, ctx: _Ctx) -> list[str]:
    dress = _Dress(wrap_rows=frozenset({"note", "not_processed.confirmation"}), t4_heads="break",
                   bookmarks=ctx.rng.randint(3, 5), pad_t2=True)
    ctx.first_para = "[bookmark: _GoBack]"
    lines = [*_title_lines(spec, ctx, split_default=True), ""]
    body = _flow(spec, ctx, table=_cells_table, dress=dress, gap=False)
    return lines + body + _signature_lines(spec)


def _render_pipes(spec: ReportSpec, ctx: _Ctx) -> list[str]:
    lines = [*_title_lines(spec, ctx), ""]
    return lines + _flow(spec, ctx, table=_pipes_table, dress=_Dress()) + _signature_lines(spec)


def _render_pipecells(spec: ReportSpec, ctx: _Ctx) -> list[str]:
    lines = [*_title_lines(spec, ctx), ""]
    return lines + _flow(spec, ctx, table=_pipecells_table, dress=_Dress()) + _signature_lines(spec)


def _render_markdown(spec: ReportSpec, ctx: _Ctx) -> list[str]:
    title = _title_lines(spec, ctx)
    lines = [x for line in title for x in (f"# {line}", "")]
    body = _flow(spec, ctx, table=_markdown_table, dress=_Dress(),
                 heading=lambda t: f"## {t}", sub=lambda t: f"### {t}",
                 bold=lambda: ctx.rng.random() < 0.5)
    return lines + body + _signature_lines(spec)


_RENDERERS: dict[str, Callable[[ReportSpec, _Ctx], list[str]]] = {
    "tabs": _render_tabs,
    "cells": _render_cells,
    "pipes": _render_pipes,
    "pipecells": _render_pipecells,
    "markdown": _render_markdown,
}


def render(spec: ReportSpec, layout: str = "tabs", wrap: Wrap | None = None, **quirks: bool) -> str:
    """The report text in ``layout`` with the given quirks (see QUIRKS) switched on, and its
    paragraphs hard-wrapped as ``wrap`` says.

    Deterministic: layout habits (which rows shift, where debris goes) are drawn from a
    generator seeded with the spec's seed and the layout (wrapping draws nothing).
    """
    if layout not in _RENDERERS:
        raise ValueError(f"unknown layout {layout!r} (known: {', '.join(LAYOUTS)})")
    unknown = sorted(set(quirks) - set(QUIRKS))
    if unknown:
        raise ValueError(f"unknown quirks {unknown} (known: {', '.join(QUIRKS)})")
    on = frozenset(name for name, flag in quirks.items() if flag)
    ctx = _Ctx(random.Random(f"{spec.seed}:{layout}"), on, layout, get_profile(spec.profile), wrap=wrap)
    text = "\n".join(_RENDERERS[layout](spec, ctx)).rstrip("\n") + "\n"
    if "crlf" in on:
        text = text.replace("\n", "\r\n")
    if "bom" in on:
        text = "\ufeff" + text
    return text


def render_run_on(spec: ReportSpec, sep: str = " ") -> str:
    """The report as a crawler captures a page: one line, its parts joined by ``sep``, and
    each table flattened with nothing between its cells (行政规范性文件3015)."""
    ctx = _Ctx(random.Random(f"{spec.seed}:run-on"), frozenset(), "run-on", get_profile(spec.profile))
    parts = ["".join(_title_lines(spec, ctx))]
    for kind, text in _items(spec):
        if kind == "table":
            grid = _grid(spec, text, ctx)
            parts.append("".join(c.text for row in grid.rows for c in row.cells if c.kind not in ("h", "v")))
        else:
            parts.append(text)
    parts += _signature_lines(spec)
    return sep.join(parts) + "\n"


def blocks(spec: ReportSpec) -> list[tuple[str, str | Grid]]:
    """The report as document blocks, for writers of other formats (PDF, DOCX, HTML):
    (kind, content) with kind title | heading | sub | para | signature and a str, or kind
    table and a Grid whose cells say which are merged (``h``: covered by the cell to the
    left, ``v``: by the cell above)."""
    ctx = _Ctx(random.Random(f"{spec.seed}:blocks"), frozenset(), "blocks", get_profile(spec.profile))
    out: list[tuple[str, str | Grid]] = [("title", line) for line in _title_lines(spec, ctx)]
    for kind, text in _items(spec):
        if kind == "table":
            out.append(("table", _grid(spec, text, ctx)))
        else:
            out.append(("sub" if kind == "sub" else kind, text))
    out += [("signature", line) for line in _signature_lines(spec)]
    return out


# --- a portal page's metadata block -----------------------------------------------------------

PORTAL_STYLES = ("table", "lines", "inline")


def portal_fields(agency: str, title: str, published: date | None, seed: int = 0) -> list[tuple[str, str]]:
    """The metadata a government portal shows above a report (all invented): 名称, 索引号,
    分类, 发布机构, 公开日期, 文号, 关键词, as (label, value) pairs."""
    rng = random.Random(f"{seed}:portal")
    year = published.year if published else 2024
    index = f"{rng.randint(10**8, 10**9 - 1)}/{year}-{rng.randint(1, 99):05d}"
    return [("名称", title), ("索引号", index), ("分类", "政府信息公开年报"), ("发布机构", agency),
            ("公开日期", published.isoformat() if published else ""), ("文号", ""), ("关键词", "年度报告")]


def portal_text(spec: ReportSpec, style: str = "table", published: date | None = None) -> list[str]:
    """The metadata block as text copied out of a portal page: ``table`` as the browser
    copies a table (label, value, label, value with TABs), ``lines`` one ``label：value`` a
    line, ``inline`` several pairs on a line. ``published`` defaults to the signature date."""
    fields = portal_fields(spec.agency, spec.title, published or spec.signature_date, spec.seed)
    if style == "table":
        pairs = [fields[:1], fields[1:3], fields[3:5], fields[5:]]
        return ["\t".join(x for pair in row for x in pair) for row in pairs]
    if style == "lines":
        return [f"{label}：{value}" for label, value in fields]
    if style == "inline":
        line = "　".join(f"{label}：{value}" for label, value in fields[3:5])
        return [f"{label}：{value}" for label, value in fields[:2]] + [line]
    raise ValueError(f"unknown style {style!r} (known: {', '.join(PORTAL_STYLES)})")


# --- fixtures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FixtureSpec:
    layout: str
    n: int
    seed: int
    overrides: tuple[tuple[str, object], ...] = ()
    quirks: tuple[str, ...] = ()

    @property
    def stem(self) -> str:
        return f"gen-{self.layout}-{self.n}"

    @property
    def suffix(self) -> str:
        return ".md" if self.layout == "markdown" else ".txt"


FIXTURES: tuple[FixtureSpec, ...] = (
    FixtureSpec("tabs", 1, 101, (("issuer", "department"), ("year", 2023))),
    FixtureSpec("tabs", 2, 102, (("issuer", "government"), ("year", 2022)),
                ("crlf", "bom", "fullwidth_digits", "spaced_headers", "halfwidth_brackets")),
    FixtureSpec("tabs", 3, 103, (("profile", "gov-2019"), ("issuer", "department"), ("year", 2020))),
    FixtureSpec("cells", 1, 201, (("issuer", "department"), ("year", 2024))),
    FixtureSpec("cells", 2, 202, (("issuer", "township"), ("year", 2021)),
                ("crlf", "fullwidth_spaces", "bold_debris", "wrapped_labels", "split_title")),
    FixtureSpec("pipes", 1, 301, (("issuer", "government"), ("year", 2025))),
    FixtureSpec("pipes", 2, 302, (("issuer", "department"), ("year", 2022), ("new_applications", 0)),
                ("bom", "fullwidth_digits", "title_space", "wrapped_labels", "bookmarks")),
    FixtureSpec("pipecells", 1, 401, (("issuer", "township"), ("year", 2023))),
    FixtureSpec("pipecells", 2, 402, (("issuer", "department"), ("year", 2025)),
                ("crlf", "spaced_headers", "fullwidth_spaces", "split_title", "halfwidth_brackets")),
    FixtureSpec("markdown", 1, 501, (("issuer", "department"), ("year", 2021))),
    FixtureSpec("markdown", 2, 502, (("issuer", "government"), ("year", 2024)),
                ("bom", "bold_debris", "fullwidth_digits", "title_space", "wrapped_labels")),
)


def expected(spec: ReportSpec, layout: str, quirks: tuple[str, ...] = ()) -> dict:
    """What a fixture's .expected.json holds: the numbers the generator wrote."""
    return {
        "profile": spec.profile,
        "agency": spec.agency,
        "year": spec.year,
        "issuer": spec.issuer,
        "layout": layout,
        "quirks": sorted(quirks),
        "seed": spec.seed,
        "values": {key: fmt_decimal(value) for key, value in spec.values.items()},
        "stated": {
            "applications": spec.applications,
            "reviews": spec.reviews,
            "lawsuits": spec.lawsuits,
            "fee_yuan": fmt_decimal(spec.fee_yuan),
            "proposals": list(spec.proposals) if spec.proposals else None,
            "proposals_total": spec.stated_proposals_total,
            "period": [d.isoformat() for d in spec.period] if spec.period else None,
            "signature_date": spec.signature_date.isoformat() if spec.signature_date else None,
        },
    }


# The README's quick-start example: a report with deliberate faults, each with the rules it
# must make gxlint report (tests/test_cli.py checks that these, and only these, are found).
EXAMPLE_STEM = "gen-example-faults"
EXAMPLE_FAULTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("no sentence states the statistics period", ("GX201",)),
    ("表二's row 行政规范性文件 is labelled 规范性文件 (the 2019 wording)", ("GX303",)),
    ("表三: 自然人's new applications are one more than the row's total adds up to",
     ("GX401", "GX403")),
)


def example_with_faults() -> tuple[ReportSpec, str]:
    """The example report of EXAMPLE_FAULTS (an invented agency and numbers) and its text."""
    spec = generate(111, issuer="department", year=2023)
    spec.period = None
    spec.values["t3.new.natural"] += 1  # not restated: the table no longer adds up
    text = render(spec, "tabs")
    assert "\n行政规范性文件\t" in text
    return spec, text.replace("\n行政规范性文件\t", "\n规范性文件\t", 1)


def write_fixtures(out_dir: Path) -> list[Path]:
    """Write every fixture of FIXTURES (text and .expected.json) into out_dir, and the
    example with faults (its .expected.json also lists the faults and their rules)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for fx in FIXTURES:
        spec = generate(fx.seed, **dict(fx.overrides))
        text = render(spec, fx.layout, **dict.fromkeys(fx.quirks, True))
        report = out_dir / (fx.stem + fx.suffix)
        meta = out_dir / (fx.stem + ".expected.json")
        report.write_bytes(text.encode("utf-8"))  # bytes: keep CRLF and BOM exactly
        dump = json.dumps(expected(spec, fx.layout, fx.quirks), ensure_ascii=False, indent=2)
        meta.write_bytes((dump + "\n").encode("utf-8"))
        written += [report, meta]
    spec, text = example_with_faults()
    report, meta = out_dir / (EXAMPLE_STEM + ".txt"), out_dir / (EXAMPLE_STEM + ".expected.json")
    report.write_bytes(text.encode("utf-8"))
    data = expected(spec, "tabs") | {"faults": [{"fault": fault, "rules": list(rules)}
                                                for fault, rules in EXAMPLE_FAULTS]}
    meta.write_bytes((json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return [*written, report, meta]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lint.generate",
                                     description="Write the generated fixtures, or show one report.")
    parser.add_argument("out_dir", nargs="?", type=Path, help="write the fixtures here")
    parser.add_argument("--show", type=int, metavar="SEED", help="print the report for SEED")
    parser.add_argument("--layout", default="tabs", choices=LAYOUTS)
    parser.add_argument("--profile", default=DEFAULT_PROFILE)
    parser.add_argument("--quirk", action="append", default=[], choices=QUIRKS)
    args = parser.parse_args(argv)
    if args.show is not None:
        spec = generate(args.show, profile=args.profile)
        sys.stdout.write(render(spec, args.layout, **dict.fromkeys(args.quirk, True)))
        return 0
    if args.out_dir is None:
        parser.error("give an output folder or --show SEED")
    for path in write_fixtures(args.out_dir):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
