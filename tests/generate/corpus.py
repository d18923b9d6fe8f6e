"""Reports over several years and agencies: an agency's series (each year's report continuing
the last) and a corpus of many agencies' series, for cross-year rules and batch runs.
"""

from __future__ import annotations

import random

from lint.profiles import get_profile

from .draw import generate, profile_for
from .spec import ReportSpec
from .values import CITIES, COUNTIES, DISTRICTS, t3_handle


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
    t3_handle(rng, block, v, new, carried)
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
    place = next((p for p in sorted(COUNTIES + CITIES + DISTRICTS, key=len, reverse=True)
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
