"""The prose of a generated report (all invented): the sections' paragraphs drawn from text
banks, and the sentences stating facts the tables must agree with, worded at render time.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from lint.profiles import Profile

from .spec import Fact, Para, Piece, ReportSpec, SectionText, SubHeading, TableSlot
from .values import ORDINALS, count_text, fmt_decimal

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


def vary(sections: list[SectionText], rng: random.Random) -> None:
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
class Writer:
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


def preamble_pieces(w: Writer) -> list[Piece]:
    intro, contact = w.pick(_PREAMBLE_INTROS), w.pick(_CONTACTS)
    period = Fact("period", w.rng.randrange(len(_PERIOD_WORDINGS)))
    if intro and w.rng.random() < 0.3:  # sometimes the period is a paragraph of its own
        return [Para(intro), replace(period, tail=contact)]
    return [replace(period, lead=intro, tail=contact)]


def _overview(w: Writer) -> list[Piece]:
    rng = w.rng
    body: list[Piece] = []
    if rng.random() < 0.6:
        body.append(Para(w.pick(_OVERVIEW_INTROS)))
    suffix = rng.choice(("情况", "情况", "方面", "工作"))
    banks = {"主动公开": _PROACTIVE, "政府信息管理": _MANAGEMENT,
             "政府信息公开平台建设": _PLATFORM, "监督保障": _SUPERVISION}
    for i, item in enumerate(_OVERVIEW_ITEMS):
        body.append(SubHeading(f"（{ORDINALS[i]}）{item}{suffix}"))
        if item in banks:
            body.append(Para(w.pick(banks[item])))
        else:
            body.append(Fact("applications", rng.randrange(3), lead=w.pick(_REQUEST_LEADS),
                             tail=w.pick(_REQUEST_TAILS), chinese=rng.random() < 0.35))
    return body


def _problems(w: Writer) -> list[Piece]:
    problem, improvement = w.pick(_PROBLEMS), w.pick(_IMPROVEMENTS)
    style = w.rng.randrange(3)
    if style == 0:
        return [Para(problem), Para(improvement)]
    if style == 1:
        return [SubHeading("（一）存在的主要问题"), Para(problem),
                SubHeading("（二）改进情况"), Para(improvement)]
    first, second = w.rng.sample(_IMPROVEMENTS, 2)
    return [Para(problem), Para(w.fill(first)), Para(w.fill(second))]


def _other_matters(w: Writer, issuer: str, proposals: bool) -> list[Piece]:
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
            body += [SubHeading(f"（{ORDINALS[i]}）{label}"), piece]
        elif style == 1:  # "1.label：text" in one paragraph
            prefix = f"{i + 1}.{label}："
            body.append(replace(piece, lead=prefix + piece.lead) if isinstance(piece, Fact)
                        else Para(prefix + piece.text))
        else:
            body.append(piece)
    return body


def section_texts(w: Writer, profile: Profile, issuer: str, proposals: bool) -> list[SectionText]:
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
    count = count_text(n, chinese)
    return (f"{y}年，{s}共收到政府信息公开申请{count}件。",
            f"全年新收政府信息公开申请{count}件，均按法定程序受理。",
            f"本年度{s}收到政府信息公开申请{count}件，均按规定予以办理。")[wording % 3]


def _disputes_sentence(spec: ReportSpec, wording: int, chinese: bool) -> str:
    r, lw, s, y = spec.reviews, spec.lawsuits, spec.speaker, spec.year
    if r == 0 and lw == 0:
        return ("本年度未发生因政府信息公开引起的行政复议、行政诉讼。",
                f"{y}年，{s}未发生因政府信息公开引起的行政复议、行政诉讼案件。")[wording % 2]
    if lw == 0:
        return f"本年度发生因政府信息公开引起的行政复议{count_text(r, chinese)}件，未发生行政诉讼。"
    if r == 0:
        return f"本年度未发生因政府信息公开引起的行政复议，发生行政诉讼{count_text(lw, chinese)}件。"
    return (f"本年度发生因政府信息公开引起的行政复议{count_text(r, chinese)}件、行政诉讼{count_text(lw, chinese)}件。",
            f"{y}年，{s}因政府信息公开被申请行政复议{count_text(r, chinese)}件，被提起行政诉讼{count_text(lw, chinese)}件。",
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
