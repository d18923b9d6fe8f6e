"""``generate(seed, **overrides)``: one consistent report drawn from a seed.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import fields
from datetime import date, timedelta
from decimal import Decimal

from lint.profiles import DEFAULT_PROFILE, get_profile

from .prose import Writer, preamble_pieces, section_texts, vary
from .spec import ISSUERS, ReportSpec, deadline_of
from .values import ROADS, draw_agency, draw_values


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
    agency, speaker = draw_agency(rng, issuer)
    agency = str(overrides.pop("agency", agency))
    speaker = str(overrides.pop("speaker", speaker))  # before the text is written with it
    values = draw_values(rng, profile, issuer, new_applications, disputes)
    values = overrides.pop("values", values)

    proposals = None
    if rng.random() < {"department": 0.55, "government": 0.8, "township": 0.3}[issuer]:
        scale = 60 if issuer == "government" else 12
        proposals = (rng.randint(1, scale), rng.randint(1, scale + scale // 2))
    fee = Decimal(0) if rng.random() < 0.85 else Decimal(rng.choice((10, 20, 35, 50, 100, 160, 300)))
    start = date(year + 1, 1, 8)
    signed = start + timedelta(rng.randint(0, (deadline_of(year, issuer) - start).days))

    w = Writer(rng, {"self": speaker, "org": agency, "Y": str(year), "Y1": str(year + 1),
                      "addr": f"{agency[:3]}{rng.choice(ROADS)}{rng.randint(1, 200)}号",
                      **_phone(agency)})
    spec = ReportSpec(
        agency=agency, year=year, issuer=issuer, values=values, profile=profile.id,
        period=(date(year, 1, 1), date(year, 12, 31)),
        fee_yuan=fee, proposals=proposals, signature_date=signed, speaker=speaker,
        title_spaced=rng.random() < 0.25,
        preamble=preamble_pieces(w), sections=section_texts(w, profile, issuer, proposals is not None),
        seed=seed,
    )
    vary(spec.sections, random.Random(f"prose:{seed}:{agency}:{year}"))
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
