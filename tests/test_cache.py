"""The result cache (lint/cache.py): the same output with and without it, in every format;
entries keyed by content, options and rules; corrupt entries, concurrent runs, the size bound,
`gxlint clean` and `--no-cache`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from lint import cache
from lint.cli import main
from tests.generate import generate, generate_series, render

ROOT = Path(__file__).resolve().parent.parent
FORMATS = [("--format", "text"), ("--format", "json"), ("--format", "sarif"),
           ("--format", "github"), ("--format", "html"), ("--statistics",),
           ("--format", "json", "--lang", "en")]


def run(cwd: Path, *args: str) -> tuple[int, str]:
    old = os.getcwd()
    os.chdir(cwd)  # SARIF and the HTML page name files relative to here
    try:
        result = CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The fixtures, an agency's two years (cross-year rules), a report with a suppression
    comment, one that cannot be read, and the same bytes at two paths; the cache in a
    configured cache-dir."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for f in sorted((ROOT / "fixtures").glob("*.txt")) + sorted((ROOT / "fixtures").glob("*.md")):
        shutil.copy(f, folder / f.name)
    first, second = generate_series(11, years=2)
    second.values["t3.carried_over.natural"] += 3  # GX701 against last year's report
    second.restate()
    (folder / "a-2022.txt").write_text(render(first, "tabs"), encoding="utf-8")
    (folder / "a-2023.txt").write_text(render(second, "tabs"), encoding="utf-8")
    spec = generate(5)
    spec.values["t3.new.natural"] += 1
    text = render(spec, "markdown")
    (folder / "suppressed.md").write_text(
        "<!-- gxlint-disable GX403 -- 测试用的说明 -->\n" + text, encoding="utf-8")
    (folder / "copy").mkdir()
    shutil.copy(folder / "suppressed.md", folder / "copy" / "suppressed.md")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / ".gxlint.toml").write_text('cache-dir = "cache"\n', encoding="utf-8")
    return tmp_path


def entries(base: Path, cross_year: bool = False) -> list[Path]:
    """The entries of files' results (``cross_year``: those of pairs' cross-year findings)."""
    return sorted(p for p in (base / "cache" / "results").rglob("*.json")
                  if (b'"cross-year":' in p.read_bytes()[:32]) == cross_year)


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: "-".join(a.strip("-") for a in f))
def test_same_output_with_and_without_the_cache(corpus: Path, fmt: tuple[str, ...]) -> None:
    fresh = run(corpus, *fmt, "--no-cache", "reports")
    assert not entries(corpus)  # --no-cache writes nothing
    first = run(corpus, *fmt, "reports")  # fills the cache
    stored = entries(corpus)
    assert len(stored) == len([f for f in (corpus / "reports").rglob("*") if f.is_file()]) - 1
    second = run(corpus, *fmt, "reports")  # answered from it
    assert entries(corpus) == stored
    assert fresh == first == second
    assert fresh[0] == 2  # the unreadable file
    assert len(entries(corpus, cross_year=True)) == 1  # a-2023 against a-2022
    if fmt == ("--format", "text"):  # pairing and suppression ran on cached results too
        assert "GX701" in second[1] and "copy/suppressed.md" in second[1]
        assert "GX403" not in "".join(x for x in second[1].splitlines() if "suppressed.md" in x)


def test_cache_hits_need_no_linting(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, before = run(corpus, "--format", "json", "reports")
    import lint.batch

    def fail(tasks, *args, **kwargs):
        raise AssertionError(f"linted although cached: {tasks}")

    monkeypatch.setattr(lint.batch, "lint_many", fail)
    _, after = run(corpus, "--format", "json", "reports")
    assert after == before


def test_key_follows_content_and_options(corpus: Path) -> None:
    run(corpus, "reports")
    count = len(entries(corpus))
    run(corpus, "--lang", "en", "reports")  # other options: other entries
    assert len(entries(corpus)) == 2 * count
    target = corpus / "reports" / "a-2023.txt"
    target.write_text(target.read_text(encoding="utf-8").replace("。", "。 ", 1), encoding="utf-8")
    run(corpus, "reports")  # one file changed: one new entry
    assert len(entries(corpus)) == 2 * count + 1
    run(corpus, "--select", "GX4", "reports")
    assert len(entries(corpus)) > 2 * count + 1


def test_corrupt_entries_are_ignored_and_replaced(corpus: Path) -> None:
    expected = run(corpus, "--format", "json", "--no-cache", "reports")
    run(corpus, "--format", "json", "reports")
    fmt = cache.FORMAT
    damage = [b"", b"{", b"\xff\xfe garbage", b'{"format": %d, "result": {"@": "Nope"}}' % fmt,
              b'{"format": %d, "result": {"@": "FileResult", "path": 3, "bogus": 1}}' % fmt, b"[]",
              b'{"format": %d, "result": {"@": "FileResult", "path": "x", "facts": {"@md": 3}}}' % fmt]
    for i, entry in enumerate(entries(corpus)):
        entry.write_bytes(damage[i % len(damage)])
    assert run(corpus, "--format", "json", "reports") == expected
    assert run(corpus, "--format", "json", "reports") == expected  # rewritten whole
    assert all(e.read_bytes().startswith(b'{"format":%d' % fmt) for e in entries(corpus))


def test_entries_round_trip() -> None:
    """What an entry holds comes back equal: a report's facts (numbers, locations as tuples),
    kept serialised until read, and findings."""
    import json
    from decimal import Decimal

    from lint.crossyear import YearFacts
    from lint.findings import FileResult, Finding, Location

    facts = YearFacts("r.txt", "某局", 2023, "gov-2021",
                      values={"t3.new.total": Decimal("12"), "t3.new.natural": None,
                              "t2.fee": Decimal("0.50")},
                      locations={"t3.new.total": (3, 1, 3, 3, 1, 3, None, "12 |", None, None)})
    result = FileResult("r.txt", findings=[Finding("GX401", "t3-balance", "error", "消息", "r.txt",
                                                   Location(3, 1, 3, 3, 1, 3), ["t3.new.total"], "k")],
                        facts=facts, kind="text")
    text = json.dumps(cache._encode(result), ensure_ascii=False)
    assert '"@y"' in text
    back = json.loads(text, object_hook=cache._hook)
    assert "values" not in back.facts.__dict__  # not decoded by reading the entry
    assert back.facts.digest() == facts.digest() and back.facts.agency == "某局"
    assert "values" not in back.facts.__dict__
    assert back == result and back.facts.values == facts.values
    assert cache._decode(json.loads(text)) == result


def test_only_listed_types_are_built() -> None:
    with pytest.raises(ValueError):
        cache._decode({"@": "Popen", "args": ["true"]})


def test_concurrent_runs(corpus: Path) -> None:
    """Two runs filling one cache at once both print what a run without it prints."""
    expected = run(corpus, "--format", "json", "--no-cache", "reports")[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "lint", "--format", "json", "-j", "1", "reports"]
    procs = [subprocess.Popen(cmd, cwd=corpus, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(2)]
    outs = [p.communicate(timeout=600)[0].decode("utf-8") for p in procs]
    assert outs == [expected, expected]
    assert not list((corpus / "cache" / "results").rglob(".tmp-*"))  # no leftovers


def test_size_bound(corpus: Path) -> None:
    run(corpus, "reports")
    folder = str(corpus / "cache")
    sizes = [e.stat().st_size for e in entries(corpus)]
    bound = sum(sizes) // 2
    assert cache.prune(folder, max_bytes=bound, force=True) > 0
    assert sum(e.stat().st_size for e in entries(corpus)) <= bound * 3 // 4
    assert cache.prune(folder, max_bytes=1) == 0  # checked at most once an hour
    expected = run(corpus, "--no-cache", "reports")
    assert run(corpus, "reports") == expected  # what was dropped is linted again


def test_clean(corpus: Path) -> None:
    run(corpus, "reports")
    assert entries(corpus)
    code, out = run(corpus, "clean")
    assert code == 0 and str(corpus / "cache") in out
    assert not entries(corpus)


def test_clean_leaves_nothing_gxlint_wrote_in_its_own_folder(tmp_path: Path) -> None:
    """`gxlint clean` on the default folder removes the compiled rules, expressions, profiles,
    parser tables and regexes too, whatever a run over each kind of report left there."""
    report = tmp_path / "r.txt"
    report.write_text(render(generate(1), "tabs"), encoding="utf-8")
    env = {**os.environ, "GXLINT_CACHE_DIR": str(tmp_path / "home")}
    root = Path(__file__).resolve().parents[1]
    for args in ([str(report)], ["clean"]):
        subprocess.run([sys.executable, "-m", "lint", *args], cwd=root, env=env,
                       capture_output=True, check=False, timeout=300)
    left = [p.name for p in (tmp_path / "home").rglob("*") if p.is_file()]
    assert left == []


def test_cache_dir_must_be_a_name(tmp_path: Path) -> None:
    (tmp_path / ".gxlint.toml").write_text("cache-dir = 3\n", encoding="utf-8")
    (tmp_path / "r.txt").write_text(render(generate(1), "tabs"), encoding="utf-8")
    code, _ = run(tmp_path, "r.txt")
    assert code == 2


def test_config_names_the_cache_folder(corpus: Path) -> None:
    code, out = run(corpus, "config", "reports")
    assert code == 0
    line = next(x for x in out.splitlines() if x.startswith("cache-dir"))
    assert str(corpus / "cache") in line and ".gxlint.toml" in line


# --- what a cold start keeps besides results (issue 12) ------------------------------------------


def test_code_digest_is_kept_and_follows_the_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The digest of gxlint's code is kept under a stamp of the files (names, sizes, times,
    inodes): unchanged files are not read again, an edited one is."""
    monkeypatch.setenv("GXLINT_CACHE_DIR", str(tmp_path / "cache"))
    from lint import resources

    resources.cache_dir.cache_clear()
    code = tmp_path / "code"
    code.mkdir()
    files = [str(code / "a.py"), str(code / "b.py")]
    for f in files:
        Path(f).write_text(f"# {f}\n", encoding="utf-8")
    monkeypatch.setattr(cache, "_code_files", lambda: files)
    try:
        cache._code_digest.cache_clear()
        first = cache._code_digest()
        assert first == cache._read_code(files)
        reads = []
        real = cache._read_code
        monkeypatch.setattr(cache, "_read_code", lambda fs: reads.append(fs) or real(fs))
        cache._code_digest.cache_clear()
        assert cache._code_digest() == first and reads == []  # from the memo
        Path(files[1]).write_text("# edited: another length\n", encoding="utf-8")
        cache._code_digest.cache_clear()
        second = cache._code_digest()
        assert second != first and second == real(files) and len(reads) == 1
        for memo in (tmp_path / "cache" / "gxlint").glob("code-*.digest"):
            memo.write_bytes(b"damaged")
        cache._code_digest.cache_clear()
        assert cache._code_digest() == second  # a damaged memo: read the files again
    finally:
        cache._code_digest.cache_clear()
        resources.cache_dir.cache_clear()


def test_parsed_configuration_is_kept_by_its_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A configuration file is parsed once per content (kept as JSON in the cache folder): an
    edit takes effect at once, invalid TOML is reported every time, a damaged memo is parsed
    afresh."""
    monkeypatch.setenv("GXLINT_CACHE_DIR", str(tmp_path / "cache"))
    from lint import resources

    resources.cache_dir.cache_clear()
    try:
        spec = generate(3)
        spec.values["t3.new.natural"] += 1  # GX401 and GX403
        (tmp_path / "r.txt").write_text(render(spec, "tabs"), encoding="utf-8")
        config = tmp_path / "pyproject.toml"
        config.write_text('[project]\nname = "x"\n', encoding="utf-8")
        _, everything = run(tmp_path, "--no-cache", "r.txt")
        ids = {line.split()[1] for line in everything.splitlines() if line.startswith("r.txt:")}
        assert ids, everything
        memos = sorted((tmp_path / "cache" / "gxlint").glob("toml-*.json"))
        assert len(memos) == 1
        ignored = sorted(ids)[0]
        config.write_text(f'[project]\nname = "x"\n[tool.gxlint]\nignore = ["{ignored}"]\n',
                          encoding="utf-8")
        _, fewer = run(tmp_path, "--no-cache", "r.txt")
        assert ignored not in fewer and fewer != everything
        assert len(sorted((tmp_path / "cache" / "gxlint").glob("toml-*.json"))) == 2
        _, again = run(tmp_path, "--no-cache", "r.txt")  # from the memo: the same
        assert again == fewer
        for memo in (tmp_path / "cache" / "gxlint").glob("toml-*.json"):
            memo.write_text("[1, 2", encoding="utf-8")  # damaged
        _, damaged = run(tmp_path, "--no-cache", "r.txt")
        assert damaged == fewer
        config.write_text("[tool.gxlint\n", encoding="utf-8")
        for _ in range(2):  # invalid TOML is never kept: an error each time
            code, out = run(tmp_path, "--no-cache", "r.txt")
            assert code == 2 and "invalid TOML" in out
    finally:
        resources.cache_dir.cache_clear()


def test_cross_year_findings_follow_both_reports(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pair's cross-year findings are kept like a file's result: answered from the cache
    while both reports are unchanged (no rule engine), checked again when last year's report
    changes."""
    reports = ["reports/a-2022.txt", "reports/a-2023.txt"]
    _, before = run(corpus, *reports)
    assert "GX701" in before
    import lint.crossyear

    def fail(*args, **kwargs):
        raise AssertionError("a pair checked again although both reports are unchanged")

    with monkeypatch.context() as m:
        m.setattr(lint.crossyear, "check_pair", fail)
        import lint.stream

        m.setattr(lint.stream, "check_pair", fail)
        _, again = run(corpus, *reports)
    assert again == before
    last_year = corpus / "reports" / "a-2022.txt"
    first, _ = generate_series(11, years=2)
    first.values["t3.carried_forward.natural"] += 3  # what a-2023 says was carried over
    first.restate()
    last_year.write_text(render(first, "tabs"), encoding="utf-8")
    _, after = run(corpus, *reports)
    _, fresh = run(corpus, "--no-cache", *reports)
    assert after == fresh and after != before
    assert "GX701" not in "".join(x for x in after.splitlines() if x.startswith("reports/a-2023"))


# --- a report's cross-year facts: one serialised form, decoded only when a pair is checked ----

_KEYS = st.sampled_from(["t3.new.total", "t3.carried_over.natural", "t2.fee", "键", "a\"b\\c"])
_SCALAR = st.one_of(st.none(), st.integers(-5, 10**6), st.text(max_size=12))
_FACTS = st.builds(
    lambda path, agency, year, profile, values, locations, sent, sh: _year_facts(
        path, agency, year, profile, values, locations,
        {"sh": sh, "chars": {k: len(v) for k, v in sh.items()}, "sent": sent} if sent or sh else {}),
    st.text(min_size=1, max_size=10), st.none() | st.text(max_size=10),
    st.none() | st.integers(1990, 2100), st.sampled_from(["gov-2021", "gov-2019"]),
    st.dictionaries(_KEYS, st.none() | st.decimals(allow_nan=False, allow_infinity=False, places=3)),
    st.dictionaries(_KEYS, st.tuples(st.integers(0, 999), st.integers(0, 99), _SCALAR, _SCALAR)),
    st.lists(st.tuples(st.integers(0, 2**32 - 1), st.integers(1, 500), st.integers(0, 80),
                       st.integers(1, 300), st.text(max_size=20), st.none() | st.integers(1, 9)),
             max_size=4),
    st.dictionaries(st.sampled_from(["document", "problems"]), st.text(max_size=8), max_size=2))


def _year_facts(*args):
    from lint.crossyear import YearFacts

    return YearFacts(*args)


FIELDS_OF_FACTS = ("path", "agency", "year", "profile", "values", "locations", "prose")


def _same(a, b) -> bool:
    """Equal, and of the same types all the way down (tuples stay tuples, Decimals Decimals)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b and (not isinstance(a, Decimal) or str(a) == str(b))


@settings(max_examples=200, deadline=None)
@given(_FACTS)
def test_facts_round_trip_exactly_through_their_serialised_form(facts) -> None:
    """Facts read back — from a batch's store (PackedFacts) or from a cache entry — are the
    facts written, types and order included, decoded only when read; the digest follows the
    content and not the path."""
    import json
    import pickle

    from lint.crossyear import YearFacts
    from lint.findings import FileResult

    packed = facts.pack()
    again = YearFacts.lazy(facts.path, packed.data[64:], packed.data[:64].decode(), year=facts.year)
    assert again.digest() == facts.digest() and "values" not in again.__dict__
    result = FileResult(facts.path, facts=facts)
    back = json.loads(json.dumps(cache._encode(result), ensure_ascii=False), object_hook=cache._hook)
    for other in (again, back.facts, pickle.loads(pickle.dumps(again))):
        assert all(_same(getattr(other, f), getattr(facts, f)) for f in FIELDS_OF_FACTS)
    moved = YearFacts(**{f: getattr(facts, f) for f in FIELDS_OF_FACTS})
    moved.path = facts.path + "/elsewhere"
    assert moved.digest() == facts.digest()
    if facts.values:
        changed = dict(facts.values)
        first = next(iter(changed))
        changed[first] = Decimal(7) if changed[first] is None else None
        assert YearFacts(facts.path, facts.agency, facts.year, facts.profile, changed,
                         facts.locations, facts.prose).digest() != facts.digest()


def test_a_reports_facts_round_trip(tmp_path: Path) -> None:
    """Facts of a generated report (numbers, locations, GX703's prose) come back equal."""
    from lint.batch import lint_one
    from lint.options import Options

    report = tmp_path / "r.txt"
    report.write_text(render(generate(3), "tabs"), encoding="utf-8")
    facts = lint_one((str(report), Options())).facts
    assert facts.values and facts.locations and facts.prose["sent"]
    back = facts.pack().unpack()
    assert all(_same(getattr(back, f), getattr(facts, f)) for f in FIELDS_OF_FACTS)


def test_an_unchanged_pair_decodes_no_facts(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A re-run whose pairs' findings are cached reads both reports' facts as digests only."""
    reports = ["reports/a-2022.txt", "reports/a-2023.txt"]
    _, before = run(corpus, *reports)
    import lint.crossyear

    def fail(self):
        raise AssertionError("facts decoded although the pair's findings are cached")

    with monkeypatch.context() as m:
        m.setattr(lint.crossyear.YearFacts, "_decode", fail)
        assert run(corpus, *reports)[1] == before


def test_damaged_facts_in_an_entry_are_a_miss(corpus: Path) -> None:
    """An entry whose facts were changed (a digit of a number, still valid JSON) is not
    used: the report is linted again and its pair checked with its true facts."""
    import re

    reports = ["--format", "json", "reports/a-2022.txt", "reports/a-2023.txt"]
    expected = run(corpus, "--no-cache", *reports)[1]
    assert run(corpus, *reports)[1] == expected
    last_year = next(e for e in entries(corpus) if b"a-2022.txt" in e.read_bytes())
    data = last_year.read_bytes()
    damaged, count = re.subn(rb'(\\"t3\.carried_forward\.natural\\":\\")(\d+)',
                             lambda m: m.group(1) + str(int(m.group(2)) + 5).encode(), data)
    assert count == 1
    last_year.write_bytes(damaged)
    for pair in entries(corpus, cross_year=True):
        pair.unlink()  # the pair must be checked again, from the facts
    assert run(corpus, *reports)[1] == expected
    assert last_year.read_bytes() == data  # linted again and stored whole


def test_an_entry_read_is_marked_used_at_most_hourly(corpus: Path) -> None:
    """A hit marks its entry used (pruning drops the least recently used) unless it was
    within the hour: a re-run of a batch writes nothing to the cache folder."""
    import time

    run(corpus, "reports")
    files = entries(corpus)
    old = time.time() - 2 * 3600
    os.utime(files[0], (old, old))
    recent = time.time() - 600
    for f in files[1:]:
        os.utime(f, (recent, recent))
    run(corpus, "reports")
    assert files[0].stat().st_mtime > time.time() - 60  # touched
    assert all(f.stat().st_mtime == recent for f in files[1:])  # left alone


def test_content_digests_are_sha256_whichever_implementation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CPython's SHA-256 for a few small files, OpenSSL's for a large one or once a batch
    has hashed enough: the same digests."""
    import hashlib
    import random

    rng = random.Random(3)
    files = []
    for i, size in enumerate([0, 1, 5000, cache._LARGE - 1, cache._LARGE, 3 * cache._LARGE + 7]):
        f = tmp_path / f"f{i}"
        f.write_bytes(rng.randbytes(size))
        files.append(f)
    monkeypatch.setattr(cache, "_hashed", [0])
    for f in files + files:  # the second time round, past _LARGE hashed
        assert cache.content_digest(str(f)) == hashlib.sha256(f.read_bytes()).hexdigest()
    assert cache._hashed[0] >= cache._LARGE
    assert cache.content_digest(str(tmp_path / "missing")) is None
