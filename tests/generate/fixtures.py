"""The checked-in fixtures (``fixtures/gen-*``) and the README's example with faults;
``python -m tests.generate fixtures`` rewrites them.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from lint.profiles import DEFAULT_PROFILE

from .draw import generate
from .layouts import render
from .spec import LAYOUTS, QUIRKS, ReportSpec
from .values import fmt_decimal


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
    parser = argparse.ArgumentParser(prog="python -m tests.generate",
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
