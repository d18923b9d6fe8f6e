"""Batch mode: a generated corpus of one agency's reports over consecutive years, with
cross-year faults injected; worker processes; pairing; crashes that cost one file only."""

from __future__ import annotations

import json
import os
import random
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from lint import batch, crossyear
from lint.batch import lint_many
from lint.cli import main
from lint.config import selected_rules
from lint.crossyear import YearFacts, agency_key, check_pair, pair, year_facts
from lint.engine import Options
from lint.pipeline import parse_text
from tests.generate import LAYOUTS, ReportSpec, generate_corpus, generate_series, render

SEVERE = {"error", "warning"}


def _carryover_fault(spec: ReportSpec, col: str, delta: int) -> None:
    """This year's 上年结转 in one column no longer matches last year's 结转下年度; the year
    itself still balances (the extra requests were disclosed), so only GX701 can tell."""
    v = spec.values
    for row in ("carried_over", "disclosed", "total"):
        v[f"t3.{row}.{col}"] += delta
        v[f"t3.{row}.total"] += delta


def _stock_fault(spec: ReportSpec, delta: int) -> None:
    """现行有效 off by ``delta`` (the last year of a series, so no later year inherits it)."""
    spec.values["t2.normative.in_force"] += delta


def _write_corpus(out: Path, agencies: int, years: int, seed: int):
    """Write the corpus in every layout under shuffled names; return the expected cross-year
    findings {(path, rule, key)} and pairs {path: previous path}."""
    specs = generate_corpus(agencies, years, seed)
    rng = random.Random(seed)
    names = list(range(len(specs)))
    rng.shuffle(names)
    paths, expected, pairs = {}, set(), {}
    for i, spec in enumerate(specs):
        layout = LAYOUTS[i % len(LAYOUTS)]
        path = out / f"r{names[i]:04d}{'.md' if layout == 'markdown' else '.txt'}"
        paths[i] = str(path)
        first = i % years == 0
        if not first:
            pairs[str(path)] = paths[i - 1]
            prev = specs[i - 1]
            if i % 7 == 1:
                col = rng.choice(("natural", "business", "other_org"))
                _carryover_fault(spec, col, rng.randint(1, 3))
                expected |= {(str(path), "GX701", col), (str(path), "GX701", "total")}
            if i % years == years - 1 and i % 5 == 2 and spec.profile == prev.profile == "gov-2021":
                _stock_fault(spec, rng.choice((-2, 1, 4)))
                expected.add((str(path), "GX702", "normative"))
        path.write_text(render(spec, layout), encoding="utf-8")
    return expected, pairs


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    expected, pairs = _write_corpus(out, agencies=100, years=3, seed=6)
    return out, expected, pairs


def _severe_or_cross_year(results) -> set:
    return {(f.path, f.rule_id, f.fingerprint_key) for r in results for f in r.findings
            if f.severity in SEVERE or f.rule_id.startswith("GX7")}


def test_corpus_every_cross_year_fault_is_found_and_nothing_else(corpus):
    out, expected, pairs = corpus
    files = sorted(str(p) for p in out.iterdir())
    assert len(files) == 300 and len({p for p, _, _ in expected}) >= 20
    assert {r for _, r, _ in expected} == {"GX701", "GX702"}
    options = Options()
    results = list(lint_many([(f, options) for f in files], jobs=2))
    assert [r.path for r in results] == files  # input order
    crossyear.apply(results, selected_rules, lambda _p: options)
    assert _severe_or_cross_year(results) == expected
    assert {r.path: r.previous for r in results if r.previous} == pairs


def test_j2_output_equals_j1_byte_for_byte(corpus):
    out, _, _ = corpus
    runner = CliRunner()
    one = runner.invoke(main, ["--format", "json", "-j", "1", str(out)])
    two = runner.invoke(main, ["--format", "json", "-j", "2", str(out)])
    assert one.exit_code == two.exit_code == 1, one.output[-500:]
    assert one.stdout_bytes == two.stdout_bytes
    doc = json.loads(one.output)
    assert doc["summary"]["rules"]["GX701"] > 0 and doc["summary"]["files"] == 300


def test_generated_series_chain_across_years():
    specs = generate_series(11, years=4, first_year=2020)
    assert [s.profile for s in specs] == ["gov-2019", "gov-2021", "gov-2021", "gov-2021"]
    assert len({s.agency for s in specs}) == 1
    for prev, cur in zip(specs, specs[1:], strict=False):
        for col in ("natural", "business", "total"):
            assert cur.values[f"t3.carried_over.{col}"] == prev.values[f"t3.carried_forward.{col}"]
        if prev.profile == "gov-2021":
            v, p = cur.values, prev.values
            assert v["t2.normative.in_force"] == (p["t2.normative.in_force"] + v["t2.normative.issued"]
                                                  - v["t2.normative.repealed"])


# --- pairing ---------------------------------------------------------------------------------


def _facts(path: str, agency: str | None, year: int | None) -> YearFacts:
    return YearFacts(path, agency, year, "gov-2021")


def test_pairing_by_normalised_agency_and_consecutive_years():
    facts = [_facts("a21", "青禾县 民政局", 2021), _facts("a22", "青禾县民政局", 2022),
             _facts("a24", "《青禾县民政局》", 2024),  # 2023 missing: no pair
             _facts("b22", "云岫县民政局", 2022), _facts("b23", "云岫县民政局", 2023),
             _facts("b23bis", "云岫县民政局", 2023),  # two 2023 reports: ambiguous
             _facts("c22", None, 2022), _facts("c23", "澄川市统计局", None)]
    pairs = pair(facts)
    assert {k: v.path for k, v in pairs.items()} == {"a22": "a21"}
    assert agency_key("青禾县　民政局（ ）") == agency_key("青禾县民政局")


# --- crashes cost one file --------------------------------------------------------------------


@pytest.fixture
def three_reports(tmp_path):
    paths = []
    for i, spec in enumerate(generate_series(5, years=3, first_year=2022)):
        p = tmp_path / f"{i}.txt"
        p.write_text(render(spec), encoding="utf-8")
        paths.append(str(p))
    return paths


def _crash_on(monkeypatch, victim: str, how) -> None:
    real = batch.lint_file

    def lint_file(path, *args, **kwargs):
        if path == victim:
            how()
        return real(path, *args, **kwargs)
    # Workers are forked: they inherit the patched module.
    monkeypatch.setattr(batch, "lint_file", lint_file)


def _boom() -> None:
    raise RecursionError("maximum recursion depth exceeded")


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_exception_in_one_file_becomes_its_error(monkeypatch, three_reports, jobs):
    _crash_on(monkeypatch, three_reports[1], _boom)
    results = list(lint_many([(p, Options(lang="en")) for p in three_reports], jobs))
    assert [r.path for r in results] == three_reports
    assert results[1].error and "internal error" in results[1].error and "RecursionError" in results[1].error
    assert results[0].error is None and results[2].error is None and results[2].facts is not None


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the worker is replaced through fork")
def test_a_worker_that_dies_costs_only_its_file(monkeypatch, three_reports):
    _crash_on(monkeypatch, three_reports[0], lambda: os._exit(3))
    results = list(lint_many([(p, Options()) for p in three_reports * 3], 2))
    assert [r.path for r in results] == three_reports * 3
    failed = [i for i, r in enumerate(results) if r.error]
    assert failed == [0, 3, 6] and "工作进程" in results[0].error


def test_a_worker_left_running_is_killed_when_gxlint_exits(three_reports):
    import subprocess
    import sys
    import time

    # the batch's consumer stops after the first result and never closes it: the worker,
    # stuck on the second file, must not outlive the process (which ends with os._exit)
    code = ("import sys, time\nfrom lint import batch\nfrom lint.engine import Options\n"
            "real = batch.lint_file\n"
            "def stuck(path, *a, **k):\n"
            f"    if path == {three_reports[1]!r}:\n        time.sleep(600)\n"
            "    return real(path, *a, **k)\n"
            "batch.lint_file = stuck\n"
            f"results = batch.lint_many([(p, Options()) for p in {three_reports!r}], 1)\n"
            "next(results)\n"
            "import multiprocessing\n"
            "print(*(p.pid for p in multiprocessing.active_children()), flush=True)\n"
            "from lint.console import exit_now\nexit_now(0)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[1], timeout=120)
    assert done.returncode == 0, done.stderr
    pids = [int(p) for p in done.stdout.split()]
    assert pids

    def running(pid: int) -> bool:
        try:
            with open(f"/proc/{pid}/status") as fh:
                return "\nState:\tZ" not in fh.read()  # a zombie has ended
        except OSError:
            return False

    deadline = time.monotonic() + 10
    while any(map(running, pids)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(running, pids))


def test_a_worker_past_its_deadline_is_killed_and_reaped(monkeypatch, three_reports):
    import time

    _crash_on(monkeypatch, three_reports[1], lambda: time.sleep(60))
    start = time.monotonic()
    results = list(lint_many([(p, Options(lang="en", timeout=1.0)) for p in three_reports], 1))
    assert time.monotonic() - start < 30
    assert [bool(r.error) for r in results] == [False, True, False]
    assert "time limit" in results[1].error or "seconds" in results[1].error
    with pytest.raises(ChildProcessError):  # no worker left running or unreaped
        os.waitpid(-1, os.WNOHANG)


def test_cli_crash_is_exit_2_not_a_traceback(monkeypatch, three_reports):
    _crash_on(monkeypatch, three_reports[2], _boom)
    result = CliRunner().invoke(main, ["-j", "1", *three_reports])
    assert result.exit_code == 2 and result.exception is None or isinstance(result.exception, SystemExit)
    assert f"{three_reports[2]}: error: gxlint 内部错误" in result.output
    assert "Traceback" not in result.output


# --- --previous ------------------------------------------------------------------------------


def test_previous_pairs_explicitly(tmp_path):
    prev, cur = generate_series(9, years=2, first_year=2022)
    _carryover_fault(cur, "natural", 2)
    (tmp_path / "prev.txt").write_text(render(prev), encoding="utf-8")
    (tmp_path / "cur.txt").write_text(render(cur), encoding="utf-8")
    runner = CliRunner()
    alone = runner.invoke(main, ["--select", "GX7", str(tmp_path / "cur.txt")])
    assert alone.exit_code == 0  # not in a git repository, no `history`: nothing to pair with
    paired = runner.invoke(main, ["--select", "GX7", "--lang", "en", "--previous",
                                  str(tmp_path / "prev.txt"), str(tmp_path / "cur.txt")])
    assert paired.exit_code == 1
    lines = [line for line in paired.output.splitlines() if "GX701" in line]
    assert len(lines) == 2 and "column “自然人”:" in lines[0] and "prev.txt" in lines[0]
    reverse = runner.invoke(main, ["--previous", str(tmp_path / "cur.txt"), str(tmp_path / "prev.txt")])
    assert reverse.exit_code == 2 and "the year before" in reverse.output
    assert "cur.txt is of 2023, " in reverse.output and "prev.txt of 2022" in reverse.output
    other = generate_series(10, years=2, first_year=2022)[0]
    other.agency = "另一个名字的机关"
    (tmp_path / "other.txt").write_text(render(other), encoding="utf-8")
    wrong = runner.invoke(main, ["--previous", str(tmp_path / "other.txt"), str(tmp_path / "cur.txt")])
    assert wrong.exit_code == 2
    assert "other.txt is a report of 另一个名字的机关" in wrong.output and prev.agency in wrong.output
    two = runner.invoke(main, ["--previous", str(tmp_path / "prev.txt"), str(tmp_path)])
    assert two.exit_code == 2 and "exactly one report" in two.output
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    bad = runner.invoke(main, ["--previous", str(tmp_path / "empty.txt"), str(tmp_path / "cur.txt")])
    assert bad.exit_code == 2 and "empty.txt: error: 空文件" in bad.output


def test_cross_year_rules_respect_select_and_severity_overrides(tmp_path):
    prev, cur = generate_series(9, years=2, first_year=2022)
    _carryover_fault(cur, "natural", 1)
    for name, spec in (("a.txt", prev), ("b.txt", cur)):
        (tmp_path / name).write_text(render(spec), encoding="utf-8")
    options = Options(ignore=("GX701",))
    results = list(lint_many([(str(tmp_path / n), options) for n in ("a.txt", "b.txt")], 1))
    crossyear.apply(results, selected_rules, lambda _p: options)
    assert not any(f.rule_id == "GX701" for r in results for f in r.findings)
    options = Options(severities={"GX701": "info"})
    results = list(lint_many([(str(tmp_path / n), options) for n in ("a.txt", "b.txt")], 1))
    crossyear.apply(results, selected_rules, lambda _p: options)
    gx701 = [f for f in results[1].findings if f.rule_id == "GX701"]
    assert {f.severity for f in gx701} == {"info"} and results[1].previous == str(tmp_path / "a.txt")
    assert all(f.location.line > 0 and "t3.carried_over" in f.cells[0] for f in gx701)
    assert Decimal(1) == cur.values["t3.carried_over.natural"] - prev.values["t3.carried_forward.natural"]


# --- the progress bar ---------------------------------------------------------------------


def _run_with_stderr_on_a_terminal(args: list[str]) -> tuple[int, bytes, bytes]:
    import pty
    import subprocess
    import sys

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "lint", *args], stdout=subprocess.PIPE,
                            stderr=slave, cwd=Path(__file__).resolve().parent.parent)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    out = proc.stdout.read()
    proc.wait()
    os.close(master)
    return proc.returncode, out, b"".join(chunks)


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_a_progress_bar_on_a_terminal_only_and_never_in_the_output(tmp_path, corpus):
    out, _, _ = corpus
    files = sorted(str(p) for p in out.iterdir())[:24]
    code, stdout, stderr = _run_with_stderr_on_a_terminal(["-j", "2", "--format", "json", *files])
    assert code in (0, 1) and json.loads(stdout)["summary"]["files"] == 24
    assert b"gxlint" in stderr and b"24/24" in stderr
    piped = CliRunner().invoke(main, ["-j", "2", "--format", "json", *files])
    assert piped.stderr_bytes in (b"", None) and piped.stdout_bytes == stdout


# --- any broken chain is caught, naming the cell ---------------------------------------------

_COLUMNS = ("natural", "business", "research", "public_interest", "legal_service", "other_org")


def _text_facts(text: str, path: str, rules: list) -> YearFacts:
    return year_facts(parse_text(text, path), None, rules)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), col=st.sampled_from(_COLUMNS), delta=st.integers(-3, 5),
       year=st.integers(2020, 2024), layout=st.sampled_from(LAYOUTS))
def test_any_broken_carryover_is_caught_naming_the_column(seed, col, delta, year, layout):
    prev, cur = generate_series(seed, years=2, first_year=year)
    rules = selected_rules(Options(select=("GX7",)))
    if delta < 0:  # take requests away only where there are some
        delta = -min(-delta, int(cur.values[f"t3.carried_over.{col}"]),
                     int(cur.values[f"t3.disclosed.{col}"]))
    _carryover_fault(cur, col, delta)
    before = _text_facts(render(prev, layout), "a", rules)
    after = _text_facts(render(cur, layout), "b", rules)
    found = {f.fingerprint_key for f in check_pair(after, before, rules, Options())}
    assert found == ({col, "total"} if delta else set())


# --- one call under the same limits (gxlint parse) ---------------------------------------------


def _sleeps() -> None:
    import time

    time.sleep(60)


def _dies() -> None:
    os._exit(5)


def test_a_supervised_call_returns_its_value_or_why_it_has_none():
    from lint.batch import call_supervised

    options = Options(lang="en", timeout=1.0)
    assert call_supervised(sorted, ([3, 1, 2],), options, "x.txt") == ([1, 2, 3], None)
    value, why = call_supervised(_sleeps, (), options, "x.txt")
    assert value is None and "1" in why and "time" in why.lower()
    value, why = call_supervised(_dies, (), options, "x.txt")
    assert value is None and "died" in why
    with pytest.raises(ChildProcessError):  # every worker reaped
        os.waitpid(-1, os.WNOHANG)
