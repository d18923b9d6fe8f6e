"""Every rule fires on its own fault, injected into generated reports, in every layout — and
no unrelated rule does. Consistent generated reports give no warning or error at all."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lint.engine import Options, lint_text
from lint.rulepack import load_rules
from tests.generate import LAYOUTS, ReportSpec, SectionText, generate, render, render_run_on
from tests.generate import Para as GenPara
from tests.generate import SubHeading as GenSubHeading

RULES = load_rules(use_cache=False)
SEEDS = (3, 8, 21)


def _lint(text: str, layout: str) -> list:
    return lint_text(text, "r.md" if layout == "markdown" else "r.txt", RULES, Options())


def _ids(findings, at_least: str = "info") -> set[str]:
    rank = {"info": 1, "warning": 2, "error": 3}
    return {f.rule_id for f in findings if rank[f.severity] >= rank[at_least]}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("seed", range(10))
def test_consistent_reports_have_no_warning_or_error(layout, seed):
    spec = generate(seed, profile="gov-2019", year=2020) if seed == 9 else generate(seed)
    findings = _lint(render(spec, layout), layout)
    assert _ids(findings, "warning") == set(), [f.message for f in findings if f.severity != "info"]


# --- faults --------------------------------------------------------------------------------
# A fault edits the spec (before rendering) or the rendered text (after).

SpecFault = Callable[[ReportSpec], None]
TextFault = Callable[[str, ReportSpec, str], str]


def _drop_section(key: str) -> SpecFault:
    def fault(spec: ReportSpec) -> None:
        spec.sections = [s for s in spec.sections if s.key != key]
    return fault


def _swap_sections(spec: ReportSpec) -> None:
    i = next(i for i, s in enumerate(spec.sections) if s.key == "problems")
    spec.sections[i], spec.sections[i + 1] = spec.sections[i + 1], spec.sections[i]


def _heading(spec: ReportSpec) -> None:
    spec.section("proactive").heading = "行政机关主动公开政府信息情况"


def _drop_supervision(spec: ReportSpec) -> None:
    """The overview's 监督保障 item: its sub-heading and the paragraph under it."""
    body = spec.section("overview").body
    i = next(i for i, p in enumerate(body) if "监督" in getattr(p, "text", ""))
    spec.section("overview").body = body[:i] + body[i + 2:]


def _problems_only(spec: ReportSpec) -> None:
    spec.section("problems").body = [GenPara("工作中仍存在一些不足：部分栏目信息更新不够及时，工作人员业务能力有待提高。")]


def _drop_appraisal(spec: ReportSpec) -> None:
    """A government's report that says nothing of 社会评议 (nor of what shares a paragraph)."""
    for key in ("overview", "other"):
        section = spec.section(key)
        section.body = [p for p in section.body
                        if "评议" not in getattr(p, "text", "") + getattr(p, "lead", "")]


def _cite_2019_template(spec: ReportSpec) -> None:
    spec.preamble.append(GenPara("本报告根据国办公开办函〔2019〕60号的要求编制。"))


def _drop_contact(spec: ReportSpec) -> None:
    """No address, telephone or e-mail anywhere (GX106): the preface's contact sentence goes."""
    spec.preamble = [replace(p, tail="") if hasattr(p, "tail") else p for p in spec.preamble]


def _announce_five_parts(spec: ReportSpec) -> None:
    spec.preamble.insert(0, GenPara("本报告共分五个部分。"))


def _stale_keypoints(spec: ReportSpec) -> None:
    spec.section("other").body.append(GenPara(f"按照{spec.year - 1}年政务公开工作要点，本机关细化任务分工。"))


def _drop_fact(section: str, kind: str) -> SpecFault:
    def fault(spec: ReportSpec) -> None:
        body = spec.section(section).body
        spec.section(section).body = [p for p in body if getattr(p, "name", None) != kind]
    return fault


def _drop_table(section: str) -> SpecFault:
    def fault(spec: ReportSpec) -> None:
        body = spec.section(section).body
        spec.section(section).body = [p for p in body if type(p).__name__ != "TableSlot"]
    return fault


def _values(**changes: Callable[[dict], None]) -> SpecFault:
    def fault(spec: ReportSpec) -> None:
        for change in changes.values():
            change(spec.values)
    return fault


def _shift_row_between(spec: ReportSpec) -> None:
    """+1 natural in one outcome row, −1 in another: columns still add up, rows don't."""
    v = spec.values
    donor = next(k for k in spec.values if k.startswith("t3.") and k.endswith(".natural")
                 and v[k] > 0 and k not in ("t3.new.natural", "t3.carried_over.natural",
                                            "t3.total.natural", "t3.carried_forward.natural"))
    taker = next(k for k in spec.values if k.endswith(".natural") and k != donor
                 and k.startswith(("t3.disclosed", "t3.partial", "t3.unavailable", "t3.withheld")))
    v[donor] -= 1
    v[taker] += 1


def _remove_row(label: str) -> TextFault:
    def fault(text: str, spec: ReportSpec, layout: str) -> str:
        lines = text.split("\n")
        i = next(i for i, line in enumerate(lines) if label in line)
        if layout in ("cells", "pipecells"):
            j = i
            while j < len(lines) and lines[j].strip("\r"):
                j += 1
            return "\n".join(lines[:i] + lines[j:])
        return "\n".join(lines[:i] + lines[i + 1:])
    return fault


def _replace(old: str, new: str) -> TextFault:
    def fault(text: str, spec: ReportSpec, layout: str) -> str:
        assert old in text
        return text.replace(old, new)
    return fault


def _drop_title_agency(text: str, spec: ReportSpec, layout: str) -> str:
    head, sep, rest = text.partition(f"{spec.year}年")
    return head.replace(spec.agency, "", 1) + sep + rest


def _add_debris(text: str, spec: ReportSpec, layout: str) -> str:
    return text.replace("。", "。[bookmark: _Hlk12345678]", 1)


def _before_section_six(comment: str) -> TextFault:
    def fault(text: str, spec: ReportSpec, layout: str) -> str:
        m = re.search(r"(?m)^(?:## )?六、", text)
        assert m
        return text[:m.start()] + comment + "\n" + text[m.start():]
    return fault


def _prose_only(text: str, spec: ReportSpec, layout: str) -> str:
    """Only the sentences: no title, no section heading, no table (GX100)."""
    return "\n".join(line.lstrip("#* ") for line in text.split("\n")
                     if "。" in line and "|" not in line and "\t" not in line)


def _own_outline(spec: ReportSpec) -> None:
    """A section of the report's own after 一, the rest renumbered, 五 left out (GX110)."""
    own = SectionText("own", "", "工作机制保障", [GenPara("本机关健全工作机制，明确专人负责。")])
    spec.sections = [s for s in spec.sections if s.key != "problems"]
    spec.sections.insert(1, own)
    for section, number in zip(spec.sections, "一二三四五六", strict=True):
        section.number = number


FAULTS: dict[str, tuple[SpecFault | None, TextFault | None]] = {
    "GX100": (None, _prose_only),
    "GX110": (_own_outline, None),
    "GX309": (lambda s: setattr(s, "one_row_groups", ("other",)), None),
    "GX101": (_drop_section("problems"), None),
    "GX102": (_swap_sections, None),
    "GX103": (_heading, None),
    "GX104": (None, _drop_title_agency),
    "GX105": (_drop_supervision, None),
    "GX111": (_problems_only, None),
    "GX106": (_drop_contact, None),
    "GX107": (_announce_five_parts, None),
    "GX205": (_stale_keypoints, None),
    "GX108": (_drop_appraisal, None),
    "GX109": (lambda s: setattr(s.section("problems"), "body", [GenPara("无。")]), None),
    "GX201": (lambda s: setattr(s, "period", None), None),
    "GX202": (lambda s: setattr(s, "period", (date(s.year, 1, 1), date(s.year, 6, 30))), None),
    "GX203": (lambda s: setattr(s, "signature_date", date(s.year, 12, 28)), None),
    "GX204": (lambda s: setattr(s, "signature_date", date(s.year + 1, 4, 15)), None),
    "GX301": (_drop_table("review"), None),
    "GX302": (None, _remove_row("2.重复申请")),
    "GX303": (None, _replace("本年废止件数", "本年度止件数")),
    "GX304": (_values(na=lambda v: v.__setitem__("t4.review.pending", "/")), None),
    "GX305": (_values(neg=lambda v: v.__setitem__("t2.license.decisions", Decimal(-3))), None),
    "GX306": (None, None),  # generated in the 2019 template for a 2023 report, below
    "GX307": (_cite_2019_template, None),
    "GX308": (_values(unit=lambda v: v.__setitem__("t2.fees.amount", "3500元")), None),
    "GX401": (_values(a=lambda v: v.__setitem__("t3.carried_over.natural", v["t3.carried_over.natural"] + 2),
                      b=lambda v: v.__setitem__("t3.carried_over.total", v["t3.carried_over.total"] + 2)), None),
    "GX402": (_values(a=lambda v: v.__setitem__("t3.disclosed.natural", v["t3.disclosed.natural"] + 1),
                      b=lambda v: v.__setitem__("t3.disclosed.total", v["t3.disclosed.total"] + 1)), None),
    "GX403": (_shift_row_between, None),
    "GX404": (_values(a=lambda v: v.__setitem__("t4.review.upheld", v["t4.review.upheld"] + 1)), None),
    "GX405": (_values(a=lambda v: v.__setitem__(
        "t2.normative.issued", v["t2.normative.in_force"] + v["t2.normative.repealed"] + 5)), None),
    "GX501": (lambda s: setattr(s, "applications", s.applications + 2), None),
    "GX502": (lambda s: setattr(s, "reviews", s.reviews + 1), None),
    "GX503": (lambda s: setattr(s, "proposals_total", sum(s.proposals) + 3), None),
    "GX310": (None, lambda text, spec, layout: render_run_on(spec)),  # a crawler's one-line page
    "GX601": (_drop_fact("other", "fee"), None),
    "GX801": (None, _add_debris),
    "GX802": (None, lambda text, spec, layout: text.replace("年度报告", "年度 报告", 1)),
    # A comment without a reason does not suppress, and is reported.
    "GX901": (None, _before_section_six("<!-- gxlint-disable-next-line GX601 -->")),
    # A comment with a reason that suppresses nothing: there is no GX601 finding.
    "GX902": (None, _before_section_six("<!-- gxlint-disable-next-line GX601 -- 理由 -->")),
}


def faulted_spec(rule_id: str, seed: int) -> ReportSpec:
    """A report for ``seed`` with ``rule_id``'s fault injected; hypothesis skips a seed whose
    report has nothing that fault can change."""
    from hypothesis import assume

    spec = copy.deepcopy(_spec_for(rule_id, seed))
    try:
        FAULTS[rule_id][0](spec)
    except StopIteration:
        assume(False)
    return spec


def _spec_for(rule_id: str, seed: int) -> ReportSpec:
    if rule_id == "GX306":
        return generate(seed, profile="gov-2019", year=2023)
    if rule_id == "GX108":  # governments' reports only
        return generate(seed, issuer="government")
    spec = generate(seed)
    if rule_id == "GX503":
        s = seed
        while spec.proposals is None:
            s += 100
            spec = generate(s)
    if rule_id == "GX502":
        while spec.reviews == 0:  # a stated count of 行政复议 to contradict
            seed += 100
            spec = generate(seed)
    return spec


def test_every_rule_has_a_fault():
    # GX903 (stale baseline entry) needs a baseline file: tests/test_suppress.py; cross-year
    # rules need two reports: tests/test_batch.py injects their faults; GX311 (pages with no
    # text layer) needs a PDF: tests/test_pdf_images.py scans pages of one; GX312 (a table
    # pasted as a picture) needs a picture: tests/test_html.py, test_docx.py, test_pdf_images.py.
    assert set(FAULTS) == {r.id for r in RULES if r.check.get("event") != "stale" and r.kind not in (
        "cross-year", "text-repeated", "unread-pages", "table-picture")}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("rule_id", sorted(FAULTS))
def test_fault_fires_its_rule_and_no_other(rule_id, layout):
    for seed in SEEDS:
        spec = _spec_for(rule_id, seed)
        clean = _ids(_lint(render(spec, layout), layout))
        spec_fault, text_fault = FAULTS[rule_id]
        faulty = copy.deepcopy(spec)
        if spec_fault:
            spec_fault(faulty)
        text = render(faulty, layout)
        if text_fault:
            text = text_fault(text, faulty, layout)
        findings = _lint(text, layout)
        new = _ids(findings) - (clean - {rule_id})
        assert new == {rule_id}, (seed, [(f.rule_id, f.message) for f in findings])


# --- any single changed number of 表三 or 表四 is caught, naming the cell ----------------------

_T34 = [k for k in generate(0).values if k.startswith(("t3.", "t4."))]


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 5000), key=st.sampled_from(_T34), delta=st.integers(1, 40),
       layout=st.sampled_from(LAYOUTS))
def test_any_changed_number_is_caught_naming_the_cell(seed, key, delta, layout):
    spec = generate(seed)
    spec.values[key] += delta
    findings = _lint(render(spec, layout), layout)
    reconciliation = [f for f in findings if re.fullmatch(r"GX40[1-4]", f.rule_id)]
    assert reconciliation, f"{key} +{delta} not caught"
    assert any(key in f.cells for f in reconciliation)


def test_subheadings_are_what_the_generator_calls_them():
    # The GX105 fault above relies on the overview's sub-items being SubHeading pieces.
    assert any(isinstance(p, GenSubHeading) for p in generate(1).section("overview").body)
