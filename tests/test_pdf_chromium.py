"""PDFs as a browser prints a report's web page: generated reports written as web pages
(tests/htmlbuild.py) printed by headless Chromium (tests/chromebuild.py), read back to exactly
the numbers the generator wrote, with the findings of the report's text layout; the injected
faults of every rule found in them and nothing else.

Chromium's prints differ from the other exporters': each cell's border drawn as its own box a
few points from its neighbour's, tables only as wide as their text, and a running header (date
and page title) and footer (the file's address and ``2/5``) on every page.
All pages are printed once per session.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lint.adapters import read_source
from lint.adapters.pdf import extract
from lint.engine import Options, lint_file, lint_text
from lint.pipeline import parse_text
from lint.rulepack import load_rules
from tests.blockfaults import COMMENT_FAULTS, fault_items
from tests.chromebuild import chromium, print_pdf, write_page
from tests.docxbuild import text_form
from tests.generate import ReportSpec, blocks, generate, render
from tests.lobuild import has_cjk_font
from tests.test_faults import FAULTS

RULES = load_rules()
# name: seed, profile, the page around the report (htmlbuild's chromes)
CASES = {"c1": (1, "gov-2021", "bare"), "c7": (7, "gov-2019", "bare"), "c21": (21, "gov-2021", "bare"),
         "c2": (2, "gov-2021", "divs")}
FAULT_SEED = 8
FAULT_RULES = sorted(set(FAULTS) - COMMENT_FAULTS)  # a print has no comments


def _spec(seed: int, profile: str) -> ReportSpec:
    return generate(seed, profile=profile, year=2020 if profile == "gov-2019" else 2023)


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, Path]:
    if chromium() is None:
        pytest.skip("Chromium is not installed: apt-get install chromium")
    if not has_cjk_font():
        pytest.skip("no CJK font for Chromium: apt-get install fonts-wqy-zenhei")
    src = tmp_path_factory.mktemp("chromium-src")
    files: dict[str, Path] = {}
    for name, (seed, profile, chrome) in CASES.items():
        files[name] = write_page(blocks(_spec(seed, profile)), src / f"{name}.html", chrome)
    for rule_id in FAULT_RULES:
        files[rule_id] = write_page(fault_items(rule_id, FAULT_SEED)[1], src / f"{rule_id}.html")
    pdfs = print_pdf(list(files.values()), tmp_path_factory.mktemp("chromium-pdf"))
    return {name: pdfs[path] for name, path in files.items()}


def _said(findings) -> set[tuple[str, str]]:
    return {(f.rule_id, f.message) for f in findings}


@pytest.mark.parametrize("name", sorted(CASES))
def test_chromium_pdf_binds_every_value_the_generator_wrote(printed, name):
    seed, profile, _ = CASES[name]
    spec = _spec(seed, profile)
    source = read_source(printed[name])
    assert source.kind == "pdf" and len(source.origins) == source.text.count("\n")
    report = parse_text(source.text, name)
    assert report.profile == spec.profile and report.missing == []
    assert {k: c.value for k, c in report.cells.items()} == spec.values
    assert report.document.agency == spec.agency and report.document.year == spec.year
    assert [s.key for s in report.document.sections] == [s.key for s in spec.sections]
    findings = lint_file(printed[name], RULES, Options()).findings
    assert [f.rule_id for f in findings if f.severity != "info"] == []
    assert _said(findings) == _said(lint_text(render(spec, "tabs"), f"{name}.txt", RULES))


def test_the_prints_really_have_the_hard_layouts(printed):
    """Chromium printed its running header and footer on every page and kept the cells' borders
    apart; neither reaches the text form, and 表三 is read whole across its page break."""
    for name in CASES:
        pages = extract(name, printed[name].read_bytes())
        assert len(pages) >= 3
        for page in pages:
            foot = "".join(c.text for c in sorted(page.chars, key=lambda c: c.x0)
                           if c.top > 0.95 * page.height)
            assert foot.endswith(f"{page.number}/{len(pages)}"), foot
        # Neighbouring cells' vertical borders 2 to 3 points apart: the separate border boxes.
        xs = sorted({round(r[0], 1) for p in pages for r in p.rules if r[2] - r[0] < 0.1})
        assert any(1.5 < b - a < 3.5 for a, b in zip(xs, xs[1:], strict=False))
        source = read_source(printed[name])
        text = source.text
        assert "file:" not in text and "ﬁle:" not in text and "年政府信息公开工作年度报告_" not in text
        assert not re.search(rf"\d+/{len(pages)}$", text, re.M)
        t3 = [i for i, line in enumerate(text.split("\n")) if line.count("\t") >= 9]
        assert len({source.origin(i + 1).page for i in t3}) >= 2  # 表三 broken by a page end


@pytest.mark.parametrize("rule_id", FAULT_RULES)
def test_fault_in_a_chromium_print_says_what_its_text_says(printed, rule_id):
    result = lint_file(printed[rule_id], RULES, Options())
    assert result.error is None
    text = lint_text(text_form(fault_items(rule_id, FAULT_SEED)[1]), f"{rule_id}.txt", RULES)
    assert rule_id in {f.rule_id for f in result.findings}
    assert _said(result.findings) == _said(text), \
        (_said(result.findings) - _said(text), _said(text) - _said(result.findings))
