"""The review page (``--format html``): standalone, the same bytes whatever the workers, and —
in headless Chromium — loading without errors or requests, sorting and filtering its report
list, and drawing each table in the template's grid so that a highlighted cell sits under the
header of the column its finding names (for a tab-layout text report and for a PDF, whose page
picture outlines the cell inside that column too)."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from lint.cli import main
from lint.profiles import get_profile
from tests.generate import generate, generate_series, render

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(n)), None)


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory) -> Path:
    """Reports and an unreadable file: a 2022/2023 pair whose carry-over disagrees (GX701), a
    表三 that does not balance (GX401), a mistyped 表二 label (GX303), and files named _1, _2,
    _10 for natural order."""
    out = tmp_path_factory.mktemp("html")
    prev, cur = generate_series(9, years=2, first_year=2022)
    for row in ("carried_over", "disclosed", "total"):
        cur.values[f"t3.{row}.natural"] += 2
        cur.values[f"t3.{row}.total"] += 2
    (out / "2022 <prev>.txt").write_text(render(prev), encoding="utf-8")
    (out / "2023.txt").write_text(render(cur, "pipes"), encoding="utf-8")
    unbalanced = generate(21)
    unbalanced.values["t3.new.business"] += 3
    unbalanced.restate()
    (out / "t3.md").write_text(render(unbalanced, "markdown"), encoding="utf-8")
    (out / "label.txt").write_text(render(generate(4)).replace("本年废止件数", "本年度止件数"),
                                   encoding="utf-8")
    for n in (1, 2, 10):
        (out / f"r_{n}.txt").write_text(render(generate(100 + n)), encoding="utf-8")
    (out / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    return out


def _page(paths: list[Path], target: Path, *extra: str) -> str:
    result = CliRunner().invoke(main, ["--format", "html", "--output", str(target), *extra,
                                       *map(str, paths)])
    assert result.exit_code in (0, 1, 2), result.output
    assert result.output == ""
    return target.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def page(batch_dir, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("page") / "report.html"
    result = CliRunner().invoke(main, ["--format", "html", "--output", str(target), "-j", "2",
                                       str(batch_dir)])
    assert result.exit_code == 2, result.output  # the unreadable file
    return target


def _data(html: str) -> tuple[dict, dict[int, dict]]:
    """The page's list payload and each report's detail block."""
    data = json.loads(re.search(r'<script type="application/json" id="gx-data">(.*?)</script>',
                                html, re.S).group(1))
    details = {int(m.group(1)): json.loads(m.group(2)) for m in
               re.finditer(r'<script type="application/json" id="d(\d+)">(.*?)</script>', html, re.S)}
    return data, details


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name in ("src", "href"):
            if a.get(name) and not a[name].startswith(("#", "data:image/png;base64,")):
                self.external.append(a[name])
        if tag == "link":
            self.external.append(str(a))


def test_page_is_standalone_and_carries_every_report(page, batch_dir):
    html = page.read_text(encoding="utf-8")
    parser = _Links()
    parser.feed(html)
    assert parser.external == [] and not re.search(r"url\(|@import|https?://", html)
    data, details = _data(html)
    paths = [Path(r[0]).name for r in data["rows"]]
    assert paths == sorted(p.name for p in batch_dir.iterdir())
    assert len(details) == len(paths)
    # Text from files never reaches the markup as markup: the name is only in JSON, escaped.
    assert "2022 <prev>.txt" not in html and "2022 \\u003cprev>.txt" in html
    by_name = {Path(r[0]).name: (r, details[i]) for i, r in enumerate(data["rows"])}
    row, det = by_name["2023.txt"]
    assert row[2] == 2023 and row[1] and row[8] == paths.index("2022 <prev>.txt")
    assert det["m"]["agency"] == row[1] and det["m"]["period"] and det["m"]["signed"]
    gx701 = [f for f in det["f"] if data["rules"][f[0]][0] == "GX701"]
    assert gx701 and all(f[5] and f[5][0] is not None for f in gx701)  # last year's value
    assert by_name["binary.txt"][0][10] == 1 and by_name["binary.txt"][1]["m"]["error"]
    # The label finding (no cells) points at the template's row label it mistyped.
    gx303 = [f for f in by_name["label.txt"][1]["f"] if data["rules"][f[0]][0] == "GX303"]
    assert gx303 and gx303[0][6].startswith("t2.")


def test_page_is_the_same_for_any_number_of_workers(page, batch_dir, tmp_path):
    other = tmp_path / "one.html"
    CliRunner().invoke(main, ["--format", "html", "-o", str(other), "-j", "1", str(batch_dir)])
    assert other.read_bytes() == page.read_bytes()


def test_a_review_page_saved_among_the_reports_is_not_linted_as_one(page, batch_dir, tmp_path):
    folder = tmp_path / "reports"
    shutil.copytree(batch_dir, folder)
    shutil.copy(page, folder / "review.html")

    def files(path: Path) -> list:
        return json.loads(CliRunner().invoke(main, ["--format", "json", str(path)]).output)["files"]

    assert len(files(folder)) == len(files(batch_dir))
    assert not any(f["path"].endswith("review.html") for f in files(folder))
    assert (page.stat().st_mode & 0o777) != 0o600  # an output file, not a private temp file
    named = CliRunner().invoke(main, ["--format", "json", str(folder / "review.html")])
    assert named.exit_code == 1  # named on the command line, it is still read


# --- in a browser -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (CI installs it: apt-get install chromium)")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


class _Tab:
    """A page in the browser, with every console error and every request recorded."""

    def __init__(self, browser, path: Path, hash_: str = "") -> None:
        self.page = browser.new_page(viewport={"width": 1300, "height": 900})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.url = path.as_uri()
        self.page.goto(self.url + hash_)

    def files(self) -> list[str]:
        return self.page.eval_on_selector_all("#list-body tr.r td.c0", "tds => tds.map(t => t.title)")

    def close(self) -> None:
        self.page.close()


def test_page_loads_without_errors_or_requests_and_its_list_sorts_and_filters(browser, page):
    tab = _Tab(browser, page)
    try:
        names = [Path(p).name for p in tab.files()]
        assert tab.errors == [] and tab.requests == [tab.url]
        assert names.index("r_2.txt") < names.index("r_10.txt")  # natural order, not r_10 < r_2
        tab.page.click('#reports th button[data-col="0"]')  # the same column again: descending
        assert [Path(p).name for p in tab.files()] == names[::-1]
        tab.page.click('#reports th button[data-col="5"]')  # errors, most first
        errors = tab.page.eval_on_selector_all("#list-body tr.r td.c5", "t => t.map(x => +x.textContent)")
        assert errors == sorted(errors, reverse=True) and errors[0] > 0
        tab.page.click('#reports th button[data-col="2"]')  # year
        assert tab.page.get_attribute('#reports th.c2', "aria-sort") == "ascending"
        years = [y for y in tab.page.eval_on_selector_all("#list-body tr.r td.c2", "t => t.map(x => x.textContent)") if y]
        assert years == sorted(years) and len(set(years)) > 1
        total = len(tab.files())
        tab.page.select_option("#f-sev", "error")
        with_errors = tab.files()
        assert 0 < len(with_errors) < total and not any(p.endswith("r_1.txt") for p in with_errors)
        tab.page.select_option("#f-sev", "")
        tab.page.select_option("#f-rule", label=next(o for o in tab.page.eval_on_selector_all(
            "#f-rule option", "os => os.map(o => o.textContent)") if o.startswith("GX303")))
        assert [Path(p).name for p in tab.files()] == ["label.txt"]
        tab.page.select_option("#f-rule", "")
        agency = tab.page.eval_on_selector("#list-body tr.r td.c1", "t => t.textContent")
        tab.page.fill("#f-text", agency)
        assert 1 <= len(tab.files()) < total
        assert tab.page.text_content("#f-count").startswith("显示")
        # Keyboard: the list takes arrows and Enter opens the report under focus.
        tab.page.fill("#f-text", "")
        tab.page.focus("#list-scroll")
        tab.page.keyboard.press("ArrowDown")
        tab.page.keyboard.press("Enter")
        tab.page.wait_for_selector("#detail", state="visible", timeout=10_000)  # a busy machine
        assert tab.page.text_content("#detail h2")
        assert tab.errors == [] and tab.requests == [tab.url]
    finally:
        tab.close()


_GEOMETRY = """() => {
  const out = [];
  for (const td of document.querySelectorAll('#detail table.grid td.hit[data-cell]')) {
    const table = td.closest('table'), r = td.getBoundingClientRect();
    const heads = [...table.querySelectorAll('thead th[data-col]')].map(th => {
      const b = th.getBoundingClientRect();
      return {text: th.textContent, x0: b.left, x1: b.right};
    });
    out.push({key: td.dataset.cell, x0: r.left, x1: r.right, heads: heads});
  }
  return out;
}"""


def _check_columns(tab: _Tab, rules: dict, findings: list) -> int:
    """Every highlighted cell lies within the header naming its template column, and that
    header is the column the finding's message names. Returns how many were checked."""
    profile = get_profile("gov-2021")
    cells = tab.page.evaluate(_GEOMETRY)
    checked = 0
    for cell in cells:
        label = profile.cell(cell["key"]).column.label
        under = [h for h in cell["heads"] if h["x0"] - 0.5 <= cell["x0"] and cell["x1"] <= h["x1"] + 0.5]
        assert [h["text"] for h in under if h["text"]] == [label], cell
        checked += 1
    for f in findings:  # GX401 names its column: the highlighted cells sit under that header
        if rules[f[0]][0] == "GX401":
            named = re.search(r"“(.+?)”列", f[2]).group(1)
            assert all(profile.cell(k).column.label == named for k in f[4])
    return checked


def _faulty(seed: int = 21):
    spec = generate(seed)
    spec.values["t3.new.business"] += 3
    spec.restate()
    return spec


def test_a_tab_layout_report_is_drawn_in_the_templates_grid(browser, tmp_path):
    spec = _faulty()
    report = tmp_path / "tabs.txt"
    report.write_text(render(spec, "tabs"), encoding="utf-8")
    # The tab layout writes the column headers over two rows (merged cells): drawn as written,
    # no header row alone would stand over all the values.
    lines = report.read_text(encoding="utf-8").splitlines()
    assert not any("自然人" in line and "商业企业" in line for line in lines)
    html = _page([report], tmp_path / "tabs.html")
    data, details = _data(html)
    tab = _Tab(browser, tmp_path / "tabs.html", "#r0")
    try:
        assert _check_columns(tab, data["rules"], details[0]["f"]) >= 3
        assert "t3.new.business" in tab.page.eval_on_selector_all(
            "td.hit", "t => t.map(x => x.dataset.cell)")
        notes = tab.page.text_content("#detail table.grid[data-table=t3] td.notes")
        assert "GX401" in notes and "GX403" in notes  # the messages beside the cells
        assert tab.errors == [] and tab.requests == [tab.url]
    finally:
        tab.close()


def test_a_pdf_report_has_its_page_drawn_with_the_cells_outlined_in_their_columns(browser, tmp_path):
    pytest.importorskip("reportlab")
    import pdfplumber

    from tests.pdfbuild import build_pdf

    report = tmp_path / "report.pdf"
    report.write_bytes(build_pdf(_faulty())[0])
    html = _page([report], tmp_path / "pdf.html")
    data, details = _data(html)
    pictures = details[0]["p"]
    located = {f[3] for f in details[0]["f"] if f[3].startswith("p.")}
    # Only the pages with findings or the cells they name (表三 goes on over a page break).
    assert located <= {f"p.{p[0]}" for p in pictures} and 1 not in {p[0] for p in pictures}
    assert all(p[4] for p in pictures) and all(p[3].startswith("data:image/png;base64,") for p in pictures)
    tab = _Tab(browser, tmp_path / "pdf.html", "#r0")
    try:
        assert _check_columns(tab, data["rules"], details[0]["f"]) >= 3
        assert tab.errors == [] and tab.requests == [tab.url]
        drawn = tab.page.evaluate("""() => [...document.querySelectorAll('figure.page')].map(fig => {
            const img = fig.querySelector('img'), svg = fig.querySelector('svg');
            const b = img.getBoundingClientRect();
            return {page: +svg.dataset.page, img: [b.left, b.top, b.right, b.bottom],
                    loaded: img.complete && img.naturalWidth > 0,
                    rects: [...svg.querySelectorAll('rect')].map(r => {
                      const q = r.getBoundingClientRect();
                      return {f: +r.dataset.f, box: [q.left, q.top, q.right, q.bottom]}; })}; })""")
    finally:
        tab.close()
    rules = data["rules"]
    findings = details[0]["f"]
    profile = get_profile("gov-2021")
    checked = 0
    heads: dict[str, tuple] = {}  # the ruled header cells (the table goes on over a page break)
    with pdfplumber.open(report) as pdf:
        width = float(pdf.pages[0].width)
        for page in pdf.pages:
            for table in page.find_tables():
                for box in table.cells:
                    if box:
                        heads.setdefault(re.sub(r"\s", "", page.crop(box).extract_text() or ""), box)
    for fig in drawn:
        assert fig["loaded"]
        scale = (fig["img"][2] - fig["img"][0]) / width
        for rect in fig["rects"]:
            x0, top, x1, bottom = rect["box"]
            assert fig["img"][0] - 1 <= x0 and x1 <= fig["img"][2] + 1  # on the picture
            f = findings[rect["f"]]
            if rules[f[0]][0] != "GX401":
                continue
            label = profile.cell(f[4][0]).column.label
            hx0, _, hx1, _ = heads[label]  # the ruled header cell of that column in the PDF
            assert fig["img"][0] + hx0 * scale - 1.5 <= x0 and x1 <= fig["img"][0] + hx1 * scale + 1.5
            checked += 1
    assert checked >= 3


def test_a_long_list_draws_the_rows_in_view_and_prints_them_all(browser, batch_dir, tmp_path):
    import copy

    from lint.batch import lint_many
    from lint.config import selected_rules
    from lint.formatters.html import format_html
    from lint.options import Options

    options = Options()
    files = sorted(p for p in batch_dir.iterdir() if p.name != "binary.txt")
    results = list(lint_many([(str(p), options) for p in files], 1, tables=True))
    many = [copy.deepcopy(r).moved_to(f"copy{k:03d}/{r.path}") for k in range(40) for r in results]
    target = tmp_path / "long.html"
    target.write_text(format_html(many, selected_rules(options)), encoding="utf-8")
    tab = _Tab(browser, target)
    try:
        assert 0 < len(tab.files()) < len(many) // 2  # a screenful, not every row
        tab.page.evaluate("document.getElementById('list-scroll').scrollTop = 1e6")
        tab.page.wait_for_timeout(100)
        assert tab.files()[-1].startswith("copy039/")  # scrolled to the end: the last rows drawn
        tab.page.select_option("#f-sev", "clean")
        kept = int(re.search(r"显示 (\d+)", tab.page.text_content("#f-count")).group(1))
        assert kept > 100 and len(tab.files()) < kept
        tab.page.emulate_media(media="print")
        tab.page.wait_for_timeout(100)
        assert not tab.page.is_visible("#filters")
        assert len(tab.files()) == kept  # printed: every report the filters keep
        assert tab.errors == [] and tab.requests == [tab.url]
    finally:
        tab.close()


def test_label_and_cross_year_findings_are_shown_where_they_are(browser, page):
    html = page.read_text(encoding="utf-8")
    data, _ = _data(html)
    names = [Path(r[0]).name for r in data["rows"]]
    tab = _Tab(browser, page, f"#r{names.index('label.txt')}")
    try:
        # The mistyped 表二 column label: the template's header is highlighted, the message beside it.
        head = tab.page.eval_on_selector_all("#detail table.grid th.hit", "ts => ts.map(t => [t.dataset.col, t.textContent])")
        assert head == [["t2.item1:repealed", "本年废止件数"]]
        assert "GX303" in tab.page.text_content("#detail table.grid[data-table=t2] td.notes")
        # GX701: this year's carry-over highlighted with last year's carry-forward beside it.
        tab.page.goto(f"{tab.url}#r{names.index('2023.txt')}")
        cell = tab.page.eval_on_selector('#detail td.hit[data-cell="t3.carried_over.natural"]',
                                         "td => [td.firstChild.textContent, td.querySelector('.prev').textContent]")
        assert cell[1].startswith("上年 ") and cell[1].split()[1] != cell[0]
        assert tab.errors == []
    finally:
        tab.close()
