"""The HTML page: standalone, complete, and — in headless Chromium — loads without errors with
the offending cells highlighted and visible."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from lint.cli import main
from lint.generate import generate, generate_series, render

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(n)), None)


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory) -> Path:
    """Four reports and an unreadable file: a 2022/2023 pair whose carry-over disagrees
    (GX701), a 表三 that does not balance (GX401), a mistyped 表二 label (GX303)."""
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
    (out / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    return out


@pytest.fixture(scope="module")
def page(batch_dir, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("page") / "report.html"
    result = CliRunner().invoke(main, ["--format", "html", "--output", str(target), "-j", "2",
                                       str(batch_dir)])
    assert result.exit_code == 2, result.output  # the unreadable file
    assert result.output == ""
    return target


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hits: list[dict] = []
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "td" and "hit" in (a.get("class") or "").split():
            self.hits.append(a)
        for name in ("src", "href"):
            if a.get(name) and not a[name].startswith("#"):
                self.external.append(a[name])
        if tag == "link":
            self.external.append(str(a))


def _json(batch_dir: Path) -> dict:
    result = CliRunner().invoke(main, ["--format", "json", str(batch_dir)])
    return json.loads(result.output)


def test_page_is_standalone_and_highlights_the_cells_findings_name(page, batch_dir):
    html = page.read_text(encoding="utf-8")
    parser = _Cells()
    parser.feed(html)
    assert parser.external == [] and not re.search(r"url\(|@import|//[a-z0-9.-]+\.[a-z]{2,}/", html)
    marked = {(a.get("data-cell"), a["class"]) for a in parser.hits}
    assert ("t3.carried_over.natural", "hit hit-error") in marked  # GX701
    assert ("t3.new.business", "hit hit-error") in marked  # GX401, GX403
    # Every finding that names cells of its own report highlights them.
    for file in _json(batch_dir)["files"]:
        for f in file["findings"]:
            for key in f["cells"]:
                if not key.startswith("prev."):
                    assert f'data-cell="{key}" class="hit' in html, (file["path"], f["rule"], key)
    # The label finding (no cells) marks the label it points at.
    assert any("GX303" in a["title"] and "data-cell" not in a for a in parser.hits)
    assert "2022 &lt;prev&gt;.txt" in html and "<prev>" not in html
    assert "binary.txt" in html and 'class="unreadable"' in html
    # Tables with highlights are unfolded, the others (the clean 2022 report's) folded.
    assert html.count("<details open>") == 3 and html.count("<details>") == 1


def test_page_is_the_same_for_any_number_of_workers(page, batch_dir, tmp_path):
    other = tmp_path / "one.html"
    CliRunner().invoke(main, ["--format", "html", "-o", str(other), "-j", "1", str(batch_dir)])
    assert other.read_bytes() == page.read_bytes()


def test_a_review_page_saved_among_the_reports_is_not_linted_as_one(page, batch_dir, tmp_path):
    folder = tmp_path / "reports"
    shutil.copytree(batch_dir, folder)
    shutil.copy(page, folder / "review.html")
    before = _json(batch_dir)
    after = _json(folder)
    assert len(after["files"]) == len(before["files"])
    assert not any(f["path"].endswith("review.html") for f in after["files"])
    assert (page.stat().st_mode & 0o777) != 0o600  # an output file, not a private temp file
    named = CliRunner().invoke(main, ["--format", "json", str(folder / "review.html")])
    assert named.exit_code == 1  # named on the command line, it is still read


# --- in a browser -----------------------------------------------------------------------------

# Injected around the page under test: record errors from the start, then (after the page's own
# script has run) measure every highlighted cell, use the severity filter, and write the
# verdict into the DOM that --dump-dom prints.
_PROBE_HEAD = """<script>window.__errors = [];
window.addEventListener('error', function (e) { __errors.push(String(e.message)); });
(function () { var orig = console.error; console.error = function () {
  __errors.push(Array.prototype.join.call(arguments, ' ')); orig.apply(console, arguments); }; })();
</script>"""
_PROBE_TAIL = """<script>(function () {
function shown(el) {
  var cs = getComputedStyle(el), r = el.getBoundingClientRect();
  return cs.display !== 'none' && cs.visibility === 'visible' && parseFloat(cs.opacity) > 0
    && r.width > 0 && r.height > 0;
}
var hits = Array.prototype.slice.call(document.querySelectorAll('td.hit'));
var visible = hits.filter(function (td) {
  var bg = getComputedStyle(td).backgroundColor;
  return shown(td) && bg !== 'rgba(0, 0, 0, 0)' && bg !== getComputedStyle(document.body).backgroundColor;
});
var rowsBefore = document.querySelectorAll('tr.f-error').length;
var box = document.querySelector('nav input[data-sev="error"]');
box.click();
var errorRowsShown = Array.prototype.filter.call(document.querySelectorAll('tr.f-error'), shown).length;
var hitsShownAfter = hits.filter(shown).length;
var out = {hits: hits.length, visible: visible.length, errors: window.__errors,
           resources: performance.getEntriesByType('resource').length,
           errorRows: rowsBefore, errorRowsShownAfterFilter: errorRowsShown,
           hitsShownAfterFilter: hitsShownAfter,
           keys: hits.map(function (td) { return td.dataset.cell || ''; })};
var pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(out);
document.body.appendChild(pre);
})();</script>"""
_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _probe(html: str, tmp_path: Path) -> dict:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (CI installs it: apt-get install chromium)")
    probed = html.replace("<head>", "<head>" + _PROBE_HEAD, 1).replace("</body>", _PROBE_TAIL + "</body>", 1)
    target = tmp_path / "probe.html"
    target.write_text(probed, encoding="utf-8")
    run = subprocess.run([CHROMIUM, *_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                          "--dump-dom", target.as_uri()], capture_output=True, text=True, timeout=120)
    m = re.search(r'<pre id="probe">(.*?)</pre>', run.stdout, re.S)
    assert m, f"no verdict in the dumped DOM; chromium said: {run.stderr[-2000:]}"
    import html as html_lib

    return json.loads(html_lib.unescape(m.group(1)))


def test_page_loads_in_chromium_without_errors_and_highlights_are_visible(page, tmp_path):
    verdict = _probe(page.read_text(encoding="utf-8"), tmp_path)
    assert verdict["errors"] == []
    assert verdict["resources"] == 0  # nothing fetched: the page is standalone
    assert verdict["hits"] >= 4 and verdict["visible"] == verdict["hits"]
    assert "t3.carried_over.natural" in verdict["keys"] and "t3.new.business" in verdict["keys"]
    # The severity filter hides error findings but leaves the highlighted cells.
    assert verdict["errorRows"] > 0 and verdict["errorRowsShownAfterFilter"] == 0
    assert verdict["hitsShownAfterFilter"] == verdict["hits"]


def test_the_browser_probe_sees_script_errors_and_hidden_cells(page, tmp_path):
    # The probe itself can fail: a broken script and hidden highlights are reported.
    html = page.read_text(encoding="utf-8")
    broken = html.replace("</style>", "td.hit { visibility: hidden; }</style>", 1)
    broken = broken.replace("</body>", "<script>undefinedFunction();</script></body>", 1)
    verdict = _probe(broken, tmp_path)
    assert verdict["errors"] and "undefinedFunction" in verdict["errors"][0]
    assert verdict["hits"] > 0 and verdict["visible"] == 0
