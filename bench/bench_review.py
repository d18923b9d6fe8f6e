"""The review page (``--format html``) at scale: how long headless Chromium takes to load a page
of 5,000 reports and to apply a filter (aims: under 5 s and under 200 ms).

The reports are a generated corpus (invented agencies, three years each, a share of them with
faults: unbalanced 表三, a mistyped 表二 label, no statistics period, a carry-over that
disagrees with last year's). Linting 5,000 files would take minutes on a small machine and is
measured elsewhere (bench_batch.py), so ``--lint`` reports are linted and their results repeated
under other paths up to ``--reports``: the page holds as many rows and detail blocks as a real
5,000-report run. Chromium is Debian's (``/usr/bin/chromium``) driven by playwright.

Run: python bench/bench_review.py [--reports 5000] [--lint 300] [--keep DIR]
     python bench/bench_review.py --shots docs/   # the 300-report screenshots of docs/review.md
"""

from __future__ import annotations

import argparse
import copy
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEEDS = ROOT.parent / "shared" / "seeds"


def write_corpus(out: Path, reports: int, seed: int = 2026) -> list[Path]:
    """``reports`` generated reports (a third of the agencies' years), one in four faulty."""
    from tests.generate import generate_corpus, render

    layouts = ("tabs", "cells", "pipes", "markdown")
    specs = generate_corpus(max(1, reports // 3), years=3, seed=seed)[:reports]
    paths = []
    for i, spec in enumerate(specs):
        fault = i % 8
        if fault == 1:  # 表三 does not balance: GX401, GX403
            spec.values["t3.new.business"] += 2
            spec.restate()
        elif fault == 3:  # last year's carry-over disagrees: GX701
            for row in ("carried_over", "disclosed", "total"):
                spec.values[f"t3.{row}.natural"] += 1
                spec.values[f"t3.{row}.total"] += 1
        layout = layouts[i % len(layouts)]
        text = render(spec, layout)
        if fault == 5:  # a mistyped 表二 label: GX303
            text = text.replace("本年废止件数", "本年度止件数")
        elif fault == 7:  # no statistics period: GX201
            text = text.replace("统计期限", "统计范围")
        path = out / f"report_{i + 1}.{'md' if layout == 'markdown' else 'txt'}"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def lint(paths: list[Path], lang: str = "zh"):
    """The results ``gxlint --format html`` gets (per-file pass, cross-year pairing)."""
    from lint import crossyear
    from lint.batch import lint_many
    from lint.config import selected_rules
    from lint.options import Options

    options = Options(lang=lang)
    rules = selected_rules(options)
    results = list(lint_many([(str(p), options) for p in paths], None, tables=True))
    crossyear.apply(results, lambda o: rules, lambda p: options)
    return results, rules


def repeated(results: list, reports: int) -> list:
    """``results`` under other folders until there are ``reports`` of them."""
    out = []
    k = 0
    while len(out) < reports:
        for r in results:
            if len(out) == reports:
                break
            c = copy.deepcopy(r)
            folder = f"batch{k:02d}/"
            c.moved_to(folder + r.path)
            if c.previous:
                c.previous = folder + c.previous
            out.append(c)
        k += 1
    return out


def measure(page: Path) -> tuple[float, float, float]:
    """Seconds to load the page until its list is drawn; milliseconds to apply a text filter
    and an error filter (each until layout is done)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                    args=["--no-sandbox"])
        tab = browser.new_page(viewport={"width": 1300, "height": 900})
        start = time.perf_counter()
        tab.goto(page.as_uri(), wait_until="load")
        tab.wait_for_selector("#list-body tr.r")
        load = time.perf_counter() - start
        agency = tab.eval_on_selector("#list-body tr.r td.c1", "t => t.textContent")
        text_ms = tab.evaluate("""(agency) => {
            const t = performance.now(), input = document.getElementById('f-text');
            input.value = agency; input.dispatchEvent(new Event('input'));
            document.body.offsetHeight; return performance.now() - t; }""", agency[:3])
        sev_ms = tab.evaluate("""() => {
            document.getElementById('f-text').value = '';
            const t = performance.now(), sel = document.getElementById('f-sev');
            sel.value = 'error'; sel.dispatchEvent(new Event('change'));
            document.body.offsetHeight; return performance.now() - t; }""")
        browser.close()
    return load, text_ms, sev_ms


def shots(folder: Path, work: Path) -> None:
    """docs/review-*.png: the page for a 300-report generated corpus."""
    import os

    from playwright.sync_api import sync_playwright

    from lint.formatters.html import format_html

    here = os.getcwd()
    os.chdir(work)  # the paths (and the messages naming last year's report) as a user types them
    try:
        results, rules = lint(write_corpus(Path("."), 300))
    finally:
        os.chdir(here)
    page = work / "review.html"
    page.write_text(format_html(results, rules, "zh"), encoding="utf-8")
    faulty = next(i for i, r in enumerate(sorted(results, key=lambda r: r.path))
                  if {f.rule_id for f in r.findings} >= {"GX401", "GX403"})
    paired = next(i for i, r in enumerate(sorted(results, key=lambda r: r.path))
                  if any(f.rule_id == "GX701" for f in r.findings))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                    args=["--no-sandbox"])
        tab = browser.new_page(viewport={"width": 1280, "height": 1000})
        tab.goto(page.as_uri())
        tab.screenshot(path=str(folder / "review-corpus-summary.png"))
        tab.select_option("#f-sev", "error")
        tab.click('#reports th button[data-col="2"]')
        tab.locator("#list").screenshot(path=str(folder / "review-corpus-list.png"))
        tab.goto(f"{page.as_uri()}#r{faulty}")
        tab.locator("#detail").screenshot(path=str(folder / "review-corpus-detail.png"))
        tab.goto(f"{page.as_uri()}#r{paired}")
        tab.locator("#detail table.grid[data-table=t3]").screenshot(path=str(folder / "review-corpus-crossyear.png"))
        pdf = _faulty_pdf(work)
        if pdf is not None:
            results, rules = lint([pdf])
            page.write_text(format_html(results, rules, "zh"), encoding="utf-8")
            tab.goto("about:blank")  # the same URL with another hash would not load the new page
            tab.goto(f"{page.as_uri()}#r0")
            tab.locator("#detail figure.page").first.screenshot(path=str(folder / "review-pdf-page.png"))
        if SEEDS.is_dir():  # the seeds as they are (their text stays out of the repository)
            os.chdir(SEEDS)
            try:
                results, rules = lint(sorted(Path(".").glob("*.txt")))
            finally:
                os.chdir(here)
            page.write_text(format_html(results, rules, "zh"), encoding="utf-8")
            tab.goto("about:blank")
            tab.goto(page.as_uri())
            tab.screenshot(path=str(folder / "review-seeds-summary.png"), full_page=True)
            ordered = sorted(results, key=lambda r: r.path)
            worst = max(range(len(ordered)), key=lambda i: sum(
                f.severity != "info" for f in ordered[i].findings))
            tab.goto(f"{page.as_uri()}#r{worst}")
            tab.locator("#detail").screenshot(path=str(folder / "review-seeds-detail.png"))
        browser.close()


def _faulty_pdf(work: Path) -> Path | None:
    """A generated report whose 表三 does not balance, as a PDF (tests/pdfbuild.py)."""
    try:
        from tests.pdfbuild import build_pdf
    except ImportError:  # reportlab: pip install '.[test]'
        return None
    from tests.generate import generate

    spec = generate(21)
    spec.values["t3.new.business"] += 3
    spec.restate()
    path = work / "report.pdf"
    path.write_bytes(build_pdf(spec)[0])
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=5000)
    ap.add_argument("--lint", type=int, default=300, help="reports actually linted")
    ap.add_argument("--keep", type=Path, help="keep the page in this folder")
    ap.add_argument("--shots", type=Path, help="write docs screenshots into this folder instead")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.shots:
            shots(args.shots, work)
            return
        from lint.formatters.html import format_html

        t = time.perf_counter()
        results, rules = lint(write_corpus(work, args.lint))
        print(f"linted {len(results)} reports in {time.perf_counter() - t:.1f} s")
        many = repeated(results, args.reports)
        t = time.perf_counter()
        html = format_html(many, rules, "zh")
        page = (args.keep or work) / "review.html"
        page.write_text(html, encoding="utf-8")
        print(f"page of {args.reports} reports: {len(html.encode()) / 1e6:.1f} MB, "
              f"written in {time.perf_counter() - t:.1f} s")
        load, text_ms, sev_ms = measure(page)
        print(f"chromium: loaded and drew the list in {load:.2f} s (aim < 5 s)")
        print(f"filter by agency text: {text_ms:.0f} ms, by severity: {sev_ms:.0f} ms (aim < 200 ms)")


if __name__ == "__main__":
    main()
