"""The report generator: consistent values, text that agrees with them, every layout, and
checked-in fixtures that match what the generator writes now."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lint.profiles import get_profile
from tests.generate import (
    FIXTURES,
    LAYOUTS,
    QUIRKS,
    REPORT_NAME,
    Fact,
    Para,
    ReportSpec,
    SubHeading,
    TableSlot,
    chinese_count,
    fmt_date,
    fmt_decimal,
    generate,
    render,
    wrap_label,
    write_fixtures,
)

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"
PROFILES = ("gov-2021", "gov-2019")

seeds = st.integers(min_value=0, max_value=2**32 - 1)
profiles = st.sampled_from(PROFILES)
many = settings(max_examples=80, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])
some = settings(max_examples=15, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])


def total(values: dict[str, Decimal], keys: list[str]) -> Decimal:
    return sum((values[k] for k in keys), Decimal(0))


_CN = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def count_value(text: str) -> int:
    """An Arabic or Chinese count (一, 两, 十二, 二十三)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_CN[tens] if tens else 1) * 10 + (_CN[units] if units else 0)
    return _CN[text]


COUNT = r"([0-9]+|[一两二三四五六七八九十]+)"


# --- values ---------------------------------------------------------------------------------


@many
@given(seeds, profiles)
def test_values_cover_exactly_the_profile(seed: int, profile_id: str) -> None:
    spec = generate(seed, profile=profile_id)
    profile = get_profile(profile_id)
    assert list(spec.values) == list(profile.cells)
    assert all(isinstance(v, Decimal) for v in spec.values.values())


@many
@given(seeds, profiles)
def test_t3_identities(seed: int, profile_id: str) -> None:
    spec = generate(seed, profile=profile_id)
    p, v = get_profile(profile_id), spec.values
    block = p.table("t3").blocks[0]
    for col in block.columns:
        c = col.key
        assert v[f"t3.new.{c}"] + v[f"t3.carried_over.{c}"] == v[f"t3.total.{c}"] + v[f"t3.carried_forward.{c}"]
        assert v[f"t3.total.{c}"] == total(v, p.expand(f"t3.[outcome].{c}"))
    for row in block.rows:
        assert v[f"t3.{row.key}.total"] == total(v, p.expand(f"t3.{row.key}.[applicant]"))
    assert 1 <= v["t3.total.total"] + v["t3.carried_forward.total"] <= 300
    assert all(v[k] >= 0 and v[k] == int(v[k]) for k in p.expand("t3.*.*") + p.expand("t3.*.*.*"))


@many
@given(seeds, profiles)
def test_t4_identities(seed: int, profile_id: str) -> None:
    v = generate(seed, profile=profile_id).values
    for group in ("review", "litigation_direct", "litigation_after_review"):
        parts = [f"t4.{group}.{r}" for r in ("upheld", "corrected", "other", "pending")]
        assert v[f"t4.{group}.total"] == total(v, parts)


@many
@given(seeds, profiles)
def test_t2_counts_and_stock(seed: int, profile_id: str) -> None:
    spec = generate(seed, profile=profile_id)
    for key, cell in get_profile(profile_id).cells.items():
        if cell.table != "t2":
            continue
        value = spec.values[key]
        if not cell.column.decimal:
            assert value == int(value), key
        if not cell.column.signed:
            assert value >= 0, key
        else:
            assert spec.values[key.replace(".change", ".previous")] + value >= 0
    if profile_id == "gov-2021":
        for row in ("rules", "normative"):
            v = spec.values
            assert v[f"t2.{row}.issued"] <= v[f"t2.{row}.in_force"] + v[f"t2.{row}.repealed"]


@many
@given(seeds, profiles)
def test_every_table_has_non_zero_cells(seed: int, profile_id: str) -> None:
    spec = generate(seed, profile=profile_id)
    for table in ("t2", "t3", "t4"):
        assert any(v for k, v in spec.values.items() if k.startswith(table + ".")), table


def test_a_fee_amount_can_be_fractional() -> None:
    amounts = {generate(seed).values["t2.fees.amount"] for seed in range(60)}
    assert any(a != int(a) for a in amounts)


@many
@given(seeds, profiles)
def test_stated_counts_agree_with_the_tables(seed: int, profile_id: str) -> None:
    spec = generate(seed, profile=profile_id)
    v = spec.values
    assert spec.applications == v["t3.new.total"]
    assert spec.reviews == v["t4.review.total"]
    assert spec.lawsuits == v["t4.litigation_direct.total"] + v["t4.litigation_after_review.total"]
    if spec.proposals is not None:
        assert spec.stated_proposals_total == sum(spec.proposals)
    assert spec.period == (date(spec.year, 1, 1), date(spec.year, 12, 31))
    assert spec.signature_date is not None
    assert date(spec.year, 12, 31) < spec.signature_date <= spec.deadline


@many
@given(seeds, profiles)
def test_years_and_issuers(seed: int, profile_id: str) -> None:
    spec = generate(seed, profile=profile_id)
    profile = get_profile(profile_id)
    assert profile.covers(spec.year)
    assert spec.issuer in ("department", "government", "township")
    month = 1 if spec.issuer == "department" else 3
    assert spec.deadline == date(spec.year + 1, month, 31)


def test_seeds_vary_agencies_years_issuers_and_wording() -> None:
    specs = [generate(seed) for seed in range(40)]
    assert len({s.agency for s in specs}) > 25
    assert {s.year for s in specs} == set(range(2021, 2026))
    assert {s.issuer for s in specs} == {"department", "government", "township"}
    texts = [render(s, "tabs") for s in specs]
    openings = {t.split("（一）")[1][:30] for t in texts}
    assert len(openings) > 3


# --- overrides and structured editing --------------------------------------------------------


def test_overrides() -> None:
    spec = generate(5, profile="gov-2019", year=2020, issuer="government", agency="北岭区人民政府")
    assert (spec.profile, spec.year, spec.issuer, spec.agency) == ("gov-2019", 2020, "government", "北岭区人民政府")
    assert spec.deadline == date(2021, 3, 31)
    assert "t2.procurement.amount" in spec.values
    quiet = generate(5, new_applications=0, disputes=False)
    assert quiet.applications == 0 and quiet.values["t3.new.total"] == 0
    assert quiet.values["t3.carried_over.total"] > 0
    assert quiet.reviews == quiet.lawsuits == 0
    text = render(quiet, "tabs")
    assert re.search(r"未收到[^。]*政府信息公开申请", text)
    assert re.search(r"未发生[^。]*行政复议、行政诉讼", text)
    assert generate(5, applications=99).applications == 99
    with pytest.raises(TypeError):
        generate(5, colour="red")
    with pytest.raises(ValueError):
        generate(5, issuer="ministry")


def test_editing_the_spec_changes_the_text() -> None:
    spec = generate(11)
    before = render(spec, "pipes")
    spec.applications += 1  # the text now disagrees with 表三
    after = render(spec, "pipes")
    assert before != after
    assert [ln for ln in before.splitlines() if " | " in ln] == [ln for ln in after.splitlines() if " | " in ln]

    spec = generate(11)
    spec.values["t3.new.natural"] += 1  # the table now disagrees with itself
    assert render(spec, "pipes") != before

    spec = generate(11)
    spec.sections = [s for s in spec.sections if s.key != "other"]
    assert "六、其他需要报告的事项" not in render(spec, "pipes")

    spec = generate(11)
    spec.sections[4], spec.sections[5] = spec.sections[5], spec.sections[4]
    text = render(spec, "pipes")
    assert text.index("六、其他需要报告的事项") < text.index("五、存在的主要问题及改进情况")

    spec = generate(11)
    spec.sections[0].body = [p for p in spec.sections[0].body
                             if not (isinstance(p, Fact) and p.name == "applications")]
    assert "政府信息公开申请" not in render(spec, "pipes").split("二、主动公开政府信息情况")[0]

    spec = generate(11)
    spec.period = None
    spec.signature_date = None
    text = render(spec, "pipes")
    assert "12 月 31 日" not in text and "12月31日" not in text
    assert not text.rstrip().endswith("日")


def test_restate_follows_edited_values() -> None:
    spec = generate(3)
    for key in spec.values:
        if key.startswith("t4."):
            spec.values[key] = Decimal(0)
    spec.restate()
    assert spec.reviews == spec.lawsuits == 0
    assert re.search(r"未发生[^。]*行政复议、行政诉讼", render(spec, "tabs"))


def test_structure_of_the_text() -> None:
    spec = generate(21)
    assert [s.number for s in spec.sections] == list("一二三四五六")
    overview = spec.section("overview").body
    subs = [i for i, p in enumerate(overview) if isinstance(p, SubHeading)]
    for i, item in zip(subs, ("主动公开", "依申请公开", "政府信息管理", "平台建设", "监督保障"), strict=True):
        assert item in overview[i].text
        assert isinstance(overview[i + 1], Para | Fact)
    assert any(isinstance(p, TableSlot) and p.key == "t2" for p in spec.section("proactive").body)
    assert any(isinstance(p, Fact) and p.name == "fee" for p in spec.section("other").body)
    assert any(isinstance(p, Para) for p in spec.section("problems").body)


# --- the rendered text ----------------------------------------------------------------------


def rows_of(text: str, sep: str) -> list[tuple[list[str], list[str]]]:
    """Each table line as (label cells, number cells)."""
    out = []
    for line in text.splitlines():
        if sep not in line:
            continue
        if sep != "\t":  # pipes and markdown: drop the outer bars
            line = line.strip().removeprefix("|").removesuffix("|")
        cells = [c.strip() for c in line.split(sep.strip() or sep)]
        cells = [c for c in cells if c and c != "---"]
        numbers = [c for c in cells if re.fullmatch(r"[+-]?\d+(\.\d+)?", c)]
        out.append(([c for c in cells if c not in numbers], numbers))
    return out


def check_tables(spec: ReportSpec, text: str, sep: str) -> None:
    profile = get_profile(spec.profile)
    rows = rows_of(text, sep)
    for table_key in ("t2", "t3"):
        for block in profile.table(table_key).blocks:
            for row in block.rows:
                want = [spec.values[block.cell_key(row, c)] for c in block.columns]
                found = [nums for labels, nums in rows if labels and labels[-1] == row.label]
                assert len(found) == 1, row.label
                assert [Decimal(n) for n in found[0]] == want, row.label
    t4 = [nums for labels, nums in rows if not labels and len(nums) == 15]
    assert [[Decimal(n) for n in t4[0]]] == [[v for k, v in spec.values.items() if k.startswith("t4.")]]


@some
@given(seeds, profiles)
def test_tables_render_the_values(seed: int, profile_id: str) -> None:
    spec = generate(seed, profile=profile_id)
    check_tables(spec, render(spec, "tabs"), "\t")
    check_tables(spec, render(spec, "pipes"), " | ")
    check_tables(spec, render(spec, "markdown"), " | ")


@many
@given(seeds, profiles, st.sampled_from(LAYOUTS))
def test_text_states_what_the_tables_hold(seed: int, profile_id: str, layout: str) -> None:
    spec = generate(seed, profile=profile_id)
    text = render(spec, layout)
    flat = text.replace("**", "")
    if spec.applications == 0:
        assert re.search(r"未收到[^。]*政府信息公开申请", flat)
    else:
        stated = re.findall(r"政府信息公开申请" + COUNT + "件", flat)
        assert [count_value(n) for n in stated] == [spec.applications]
    for word, n in (("行政复议", spec.reviews), ("行政诉讼", spec.lawsuits)):
        if n:
            assert [count_value(x) for x in re.findall(word + COUNT + "件", flat)] == [n]
        else:
            assert re.search("未发生[^。]*" + word, flat)
    found = re.findall(r"共收到建议、提案(\d+)件，其中人大建议(\d+)件、政协提案(\d+)件", flat)
    if spec.proposals is None:
        assert not found and "人大建议" not in flat
    else:
        (n, a, b), = found
        assert (int(a), int(b)) == spec.proposals and int(n) == int(a) + int(b)
    six = flat.split("六、其他需要报告的事项")[1]
    if spec.fee_yuan:
        assert f"收取信息处理费{fmt_decimal(spec.fee_yuan)}元" in six
    else:
        assert "未收取信息处理费" in six
    period = re.search(r"(\d{4}) ?年 ?1 ?月 ?1 ?日[^。]*12 ?月 ?31 ?日", flat)
    assert period and int(period.group(1)) == spec.year
    head = flat.split("一、总体情况")[0].replace("\n", "").replace("# ", "").replace(" ", "")
    assert f"{spec.agency}{spec.year}年{REPORT_NAME}" in head
    lines = [ln for ln in text.splitlines() if ln.strip()]
    assert lines[-2:] == [spec.agency, fmt_date(spec.signature_date)]


@many
@given(seeds, profiles, st.sampled_from(LAYOUTS))
def test_headings_in_template_order(seed: int, profile_id: str, layout: str) -> None:
    spec = generate(seed, profile=profile_id)
    text = render(spec, layout)
    lines = [ln.removeprefix("## ") for ln in text.splitlines()]
    positions = [lines.index(f"{s.number}、{s.heading}") for s in get_profile(profile_id).sections]
    assert positions == sorted(positions)
    overview = "\n".join(lines[positions[0]:positions[1]])
    for i, item in enumerate(("主动公开", "依申请公开", "政府信息管理", "平台建设", "监督保障")):
        assert re.search(f"^(### )?（{'一二三四五'[i]}）[^\n]*{item}", overview, re.M)


@some
@given(seeds, profiles, st.sampled_from(LAYOUTS),
       st.lists(st.sampled_from(QUIRKS), unique=True, max_size=len(QUIRKS)))
def test_every_layout_and_quirk_renders_deterministically(seed: int, profile_id: str, layout: str,
                                                          quirks: list[str]) -> None:
    spec = generate(seed, profile=profile_id)
    flags = dict.fromkeys(quirks, True)
    text = render(spec, layout, **flags)
    assert text == render(spec, layout, **flags)
    assert text == render(generate(seed, profile=profile_id), layout, **flags)
    assert text.startswith("\ufeff") == ("bom" in quirks)
    assert ("\r\n" in text) == ("crlf" in quirks)
    if "crlf" in quirks:
        assert "\n" not in text.replace("\r\n", "")
    assert spec.agency in text.replace(" ", "")


def test_generation_is_deterministic() -> None:
    assert generate(42) == generate(42)
    assert generate(42) != generate(43)


def test_unknown_layout_or_quirk() -> None:
    spec = generate(1)
    with pytest.raises(ValueError):
        render(spec, "pdf")
    with pytest.raises(ValueError):
        render(spec, "tabs", sparkles=True)


# --- layout shapes --------------------------------------------------------------------------


def test_tabs_shape() -> None:
    spec = generate(7)
    text = render(spec, "tabs")
    assert "第二十条第（一）项\t\t\t\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n" in text
    assert "\n\t（三）不予公开\t1.属于国家秘密\t" in text
    assert "\n\t\t2.其他法律行政法规禁止公开\t" in text
    assert re.search(r"\n三、本年度办理结果\t（一）予以公开\t\d", text)
    assert "\n行政复议\t\t\t\t\t行政诉讼\t" in text
    assert re.search(r"\n\t{5}结果 ?维持\t", text)
    assert re.search(r"\n(\d+\t){14}\d+\n", text)
    shifted = [ln for seed in range(10) for ln in render(generate(seed), "tabs").splitlines()
               if re.match(r"(3\.要求提供公开出版物|3\.其他|（六）其他处理|（七）总计)\t\t\d", ln)]
    assert shifted and all(ln.endswith("\t") for ln in shifted)
    padded = [ln for seed in range(10) for ln in render(generate(seed), "tabs").splitlines()
              if re.match(r"二、上年结转政府信息公开申请数量\t\t\d.*\t$", ln)]
    assert padded


def test_cells_shape() -> None:
    spec = generate(7)
    text = render(spec, "cells")
    lines = text.splitlines()
    assert lines[1] == "工作年度报告" and lines[0].endswith("政府信息公开")
    assert re.search(r"\n\t(\[bookmark: _Hlk\d+\])?5\.要求行政机关确认或重新\n出具已获取信息\n", text)
    assert "\t结果\n维持\n" in text
    assert "[bookmark: _Hlk" in text
    assert re.search(r"\n\t[\u3000\xa0]+\d+\n", text)
    assert re.search(r"\n\t\n\t\n\t(\[bookmark: _Hlk\d+\])?2\.其他法律行政法规禁止公开\n", text)
    table = text.split("二、主动公开政府信息情况")[1].split("三、收到")[0]
    assert all(ln.startswith("\t") or not ln for ln in table.splitlines()[1:])


def test_pipes_shapes() -> None:
    spec = generate(7)
    pipes = render(spec, "pipes")
    assert re.search(r"\n规章 \| \d+ \| \d+ \| \d+ \|\n", pipes)
    assert "\n第二十条第（一）项 |  |  |  |\n" in pipes
    cells = render(spec, "pipecells")
    assert "\n规章 |\n" in cells and "\n|||\n" in cells
    table = cells.split("三、收到和处理政府信息公开申请情况")[1].split("四、政府信息公开")[0]
    assert all(ln == "|||" or ln.endswith(" |") or not ln for ln in table.splitlines())


def test_markdown_shape() -> None:
    text = render(generate(7), "markdown")
    assert text.startswith("# ")
    assert "\n## 一、总体情况\n" in text and "\n### （一）" in text
    assert "\n|---|---|---|---|\n" in text
    assert "\n|---|---|---|---|---|---|---|---|---|---|\n" in text
    bold = "".join(render(generate(seed), "markdown") for seed in range(6))
    assert "**一是**" in bold


def test_quirks_show() -> None:
    spec = generate(7)
    assert "１" in render(spec, "tabs", fullwidth_digits=True) or "０" in render(spec, "tabs", fullwidth_digits=True)
    assert "结 果 维 持" in render(spec, "tabs", spaced_headers=True)
    assert "自 然 人" in render(spec, "pipes", spaced_headers=True)
    split = render(spec, "tabs", split_title=True).lstrip("\n").splitlines()
    assert split[0] == spec.agency and split[1].endswith(REPORT_NAME)
    assert "年度 报告" in render(spec, "markdown", title_space=True).splitlines()[0]
    assert "\n出具已获取信息" in render(spec, "pipes", wrapped_labels=True)
    assert "重新<br>出具已获取信息" in render(spec, "markdown", wrapped_labels=True)
    assert "第二十条第(一)项" in render(spec, "tabs", halfwidth_brackets=True)
    assert "(一) 予以公开" in render(spec, "tabs", halfwidth_brackets=True)
    assert "\u3000\u3000" in render(spec, "pipes", fullwidth_spaces=True)
    assert "[bookmark: _Hlk" in render(spec, "pipes", bookmarks=True)
    debris = [render(generate(seed), "tabs", bold_debris=True) for seed in range(6)]
    assert any("**一是**" in t for t in debris)
    assert all("**" not in render(generate(seed), "tabs") for seed in range(6))


def test_helpers() -> None:
    assert [chinese_count(n) for n in (1, 2, 10, 12, 20, 23)] == ["一", "两", "十", "十二", "二十", "二十三"]
    assert wrap_label("5.要求行政机关确认或重新出具已获取信息") == "5.要求行政机关确认或重新\n出具已获取信息"
    assert wrap_label("规章") == "规章"
    assert fmt_date(date(2024, 1, 26)) == "2024年1月26日"


# --- fixtures -------------------------------------------------------------------------------


def test_fixture_plan() -> None:
    by_layout: dict[str, list] = {}
    for fx in FIXTURES:
        by_layout.setdefault(fx.layout, []).append(fx)
    assert set(by_layout) == set(LAYOUTS)
    for layout, fxs in by_layout.items():
        assert len(fxs) >= 2, layout
        assert len({fx.seed for fx in fxs}) == len(fxs)
        assert len({dict(fx.overrides).get("issuer") for fx in fxs}) >= 2, layout
        assert len({dict(fx.overrides).get("year") for fx in fxs}) >= 2, layout
        assert any(len(fx.quirks) >= 3 for fx in fxs), layout
    old = [fx for fx in FIXTURES if dict(fx.overrides).get("profile") == "gov-2019"]
    assert any(fx.layout == "tabs" and dict(fx.overrides).get("year") == 2020 for fx in old)


def test_checked_in_fixtures_are_current(tmp_path: Path) -> None:
    written = write_fixtures(tmp_path)
    names = sorted(p.name for p in written)
    checked_in = sorted(p.name for p in FIXTURES_DIR.glob("gen-*"))
    assert checked_in == names, "run: python -m tests.generate fixtures"
    for path in written:
        assert (FIXTURES_DIR / path.name).read_bytes() == path.read_bytes(), (
            f"{path.name} is stale; run: python -m tests.generate fixtures")


def test_gov_2019_fixture_uses_the_old_labels() -> None:
    text = (FIXTURES_DIR / "gen-tabs-3.txt").read_text(encoding="utf-8")
    for label in ("规范性文件", "本年新制作数量", "第二十条第（九）项", "政府集中采购"):
        assert label in text
    assert "行政规范性文件" not in text
    assert re.search(r"\n(\t)?（六）其他处理\t+\d", text)


def test_a_corpus_outgrows_the_word_banks_names() -> None:
    """More agencies than the word banks can name (a few hundred): every one still gets a name
    of its own, under which its reports parse and pair."""
    from lint.crossyear import agency_key
    from lint.pipeline import parse_text
    from tests.generate import generate_corpus

    specs = generate_corpus(700, years=1, seed=3)
    names = [s.agency for s in specs]
    assert len(specs) == 700 and len({agency_key(n) for n in names}) == 700
    invented = [s for s in specs if not any(s.agency.startswith(p) for p in _KNOWN_PLACES)]
    assert invented  # beyond the banks: invented places
    for spec in invented[:5]:
        doc = parse_text(render(spec, "tabs")).document
        assert doc.agency == spec.agency and doc.year == spec.year


def test_fresh_names_never_run_out() -> None:
    import random

    from tests.generate.corpus import _fresh_name

    taken: set[str] = set()
    for _ in range(3000):
        taken.add(_fresh_name("青禾县文化和旅游局", taken, random.Random(0)))
    assert len(taken) == 3000 and all(n.endswith("县文化和旅游局") for n in taken)


_KNOWN_PLACES = ("青禾县", "云岫县", "白鹭县", "丹枫县", "望川县", "柳溪县", "石楠县", "栖霞岭县",
                 "临川市", "岚州市", "澄川市", "枫林市", "霁阳市", "沧浪市",
                 "北岭区", "南屏区", "东岸区", "枫桥区", "星河区", "翠微区")
