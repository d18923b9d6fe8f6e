"""Output written as files complete (lint/stream.py, lint/formatters/stream.py): the same
bytes for any -j and with or without the result cache, cross-year findings after every
file, earlier files' output on stdout while a later file is still stuck, and `gxlint parse`
under the same deadline."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from lint.cli import main
from tests.generate import generate_corpus, render

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, env: dict | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.stdout


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Nine reports of three agencies over three years, one with a cross-year finding, and
    an unreadable file."""
    specs = generate_corpus(3, years=3, seed=7)
    specs[4].values["t3.carried_over.natural"] += 2  # last year's carried-forward no longer matches
    specs[4].restate()
    folder = tmp_path / "reports"
    folder.mkdir()
    for i, spec in enumerate(specs):
        (folder / f"r{i:02d}.txt").write_text(render(spec, "tabs"), encoding="utf-8")
    (folder / "r99.txt").write_bytes(b"\x00\x01" * 64)
    return folder


def test_the_same_bytes_for_any_jobs_and_with_or_without_the_cache(corpus: Path, tmp_path: Path) -> None:
    env = {"GXLINT_CACHE_DIR": str(tmp_path / "cache")}
    for fmt in ("text", "github", "json", "jsonl", "sarif"):
        base = ["--format", fmt, "--lang", "en", str(corpus)]
        one = run("--no-cache", "-j", "1", *base)
        assert one[0] == 2  # the unreadable file
        assert run("--no-cache", "-j", "2", *base) == one
        assert run("-j", "2", *base, env=env) == one  # misses, stored
        assert run("-j", "1", *base, env=env) == one  # hits


def test_cross_year_findings_come_after_every_file(corpus: Path) -> None:
    _, out = run("--no-cache", "-j", "2", "--lang", "en", str(corpus))
    lines = out.splitlines()
    cross = [i for i, line in enumerate(lines) if " GX7" in line]
    own = [i for i, line in enumerate(lines[:-1]) if " GX7" not in line]
    assert cross and min(cross) > max(own)
    assert lines[-1].endswith("in 10 files (1 unreadable)")
    # each file's own lines in input order
    paths = [line.split(":", 1)[0] for i, line in enumerate(lines[:-1]) if i in own]
    assert paths == sorted(paths)
    _, text = run("--no-cache", "--format", "json", str(corpus))
    doc = json.loads(text)
    assert [Path(f["path"]).name for f in doc["files"]] == [f"r{i:02d}.txt" for i in (*range(9), 99)]
    assert [c["path"] for c in doc["cross_year"] if c["findings"]] == [str(corpus / "r04.txt")]
    assert doc["summary"]["findings"] == sum(
        sum(f["counts"].values()) for f in (*doc["files"], *doc["cross_year"]))


def test_json_lines_hold_the_json_document_a_line_a_part(corpus: Path) -> None:
    """--format jsonl: each line validates against the schema's `line`, and the lines put
    back together are the JSON document (the same files, cross-year parts and totals)."""
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "docs" / "gxlint-output.schema.json").read_text("utf-8"))
    line_schema = jsonschema.Draft202012Validator(schema).evolve(schema=schema["$defs"]["line"])
    code, text = run("--no-cache", "-j", "2", "--format", "jsonl", str(corpus))
    assert code == 2 and text.endswith("\n")
    lines = [json.loads(line) for line in text.splitlines()]
    for line in lines:
        line_schema.validate(line)
    doc = {**lines[0], "files": [x["file"] for x in lines if "file" in x],
           "cross_year": [x["cross_year"] for x in lines if "cross_year" in x], **lines[-1]}
    assert doc == json.loads(run("--no-cache", "--format", "json", str(corpus))[1])
    assert [list(x) for x in lines[1:11]] == [["file"]] * 10  # a line per file, in input order
    with pytest.raises(jsonschema.ValidationError):  # the schema tells a line from another
        line_schema.validate({"file": lines[1]["file"], "cross_year": lines[-2]["cross_year"]})


def test_streamed_sarif_validates(corpus: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema_path = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
    if not schema_path.is_file():
        pytest.skip("../shared/schemas/sarif-schema-2.1.0.json is not here")
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)
    _, text = run("--no-cache", "-j", "2", "--format", "sarif", str(corpus))
    log = json.loads(text)
    validator(schema, format_checker=validator.FORMAT_CHECKER).validate(log)
    assert any(r["ruleId"].startswith("GX7") for r in log["runs"][0]["results"])


def test_a_comment_can_suppress_a_cross_year_finding(corpus: Path) -> None:
    target = corpus / "r04.txt"
    _, before = run("--no-cache", "--lang", "en", "--select", "GX7,GX9", str(corpus))
    rule = next(line.split()[1] for line in before.splitlines() if " GX7" in line)
    text = target.read_text(encoding="utf-8")
    target.write_text(f"<!-- gxlint-disable {rule} -- reviewed with last year's team -->\n" + text,
                      encoding="utf-8")
    code, after = run("--no-cache", "--lang", "en", "--select", "GX7,GX9", str(corpus))
    assert " GX7" not in after and "GX902" not in after and code == 2  # r99 is unreadable
    other = corpus / "r00.txt"  # paired with nothing before it: the comment suppresses nothing
    other.write_text(f"<!-- gxlint-disable {rule} -- reviewed -->\n"
                     + other.read_text(encoding="utf-8"), encoding="utf-8")
    _, unused = run("--no-cache", "--lang", "en", "--select", "GX7,GX9", str(corpus))
    assert [line for line in unused.splitlines() if "GX902" in line][0].startswith(str(other))


def test_a_comment_naming_a_cross_year_rule_and_another_is_reported_unused_once(corpus: Path) -> None:
    """A comment naming a cross-year rule and a per-file rule, on a paired report where it
    suppresses nothing: GX902 once, after pairing; where it suppresses a per-file finding, none."""
    target = corpus / "r05.txt"  # paired with r04, no finding of its own
    _, before = run("--no-cache", "--lang", "en", str(corpus))
    assert str(target) not in before
    text = target.read_text(encoding="utf-8")
    target.write_text("<!-- gxlint-disable GX701, GX401 -- reviewed -->\n" + text, encoding="utf-8")
    _, after = run("--no-cache", "--lang", "en", str(corpus))
    assert [line.split()[1] for line in after.splitlines() if line.startswith(str(target))] == ["GX902"]
    assert after.splitlines().index(next(x for x in after.splitlines() if "GX902" in x)) > \
        max(i for i, x in enumerate(after.splitlines()) if x.startswith(str(corpus / "r99.txt")))
    # now the comment covers a finding of GX401: used, so no GX902
    row = next(line for line in text.splitlines() if line.startswith("一、本年新收"))
    cells = row.split("\t")
    cells[1] = str(int(cells[1]) + 5)  # 表三 no longer balances in its first column
    target.write_text("<!-- gxlint-disable GX701, GX401 -- reviewed -->\n"
                      + text.replace(row, "\t".join(cells), 1), encoding="utf-8")
    _, used = run("--no-cache", "--lang", "en", "--select", "GX401,GX7,GX9", str(corpus))
    assert not [line for line in used.splitlines() if line.startswith(str(target))], used


_HANG_ON = """
import os, sys, time, lint.batch as b
real = b.lint_file
def lint_file(path, *args, **kwargs):
    if path.endswith(os.environ["GXLINT_TEST_STUCK"]):
        while True:
            time.sleep(1)
    return real(path, *args, **kwargs)
b.lint_file = lint_file
import lint.adapters as a
read = a.read_source
def read_source(path, *args, **kwargs):
    if str(path).endswith(os.environ["GXLINT_TEST_STUCK"]):
        while True:
            time.sleep(1)
    return read(path, *args, **kwargs)
a.read_source = read_source
from lint.cli import main
sys.argv[0] = "gxlint"
main()
"""


def _gxlint(*args: str, stuck: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GXLINT_TEST_STUCK": stuck, "NO_COLOR": "1"}
    return subprocess.Popen([sys.executable, "-c", _HANG_ON, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the patched worker is inherited through fork")
def test_earlier_files_are_printed_while_a_later_one_is_stuck(corpus: Path) -> None:
    proc = _gxlint("--no-cache", "-j", "2", "--timeout", "8", "--format", "json", "--lang", "en",
                   str(corpus), stuck="r05.txt")
    try:
        seen_alive = False
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if '"path": ' in line and "r04.txt" in line:
                seen_alive = proc.poll() is None  # r05 is stuck until its deadline
                break
        assert seen_alive, "".join(lines)
        out = proc.stdout.read()  # to the end: the stuck file's deadline, then the others
        err = proc.stderr.read()
        proc.wait(timeout=120)
    finally:
        proc.kill()
    doc = json.loads("".join(lines) + out)
    assert proc.returncode == 2, err
    files = {Path(f["path"]).name: f for f in doc["files"]}
    assert list(files) == [f"r{i:02d}.txt" for i in (*range(9), 99)]  # none lost, in order
    assert files["r05.txt"]["error"] == "time limit exceeded (8 s): file not checked (--timeout)"
    assert files["r06.txt"]["error"] is None and "Traceback" not in err


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the patched reader is inherited through fork")
def test_parse_has_the_same_deadline(tmp_path: Path) -> None:
    report = tmp_path / "stuck.txt"
    report.write_text(render(generate_corpus(1, years=1)[0], "tabs"), encoding="utf-8")
    (tmp_path / ".gxlint.toml").write_text("timeout = 1\n", encoding="utf-8")
    start = time.monotonic()
    proc = _gxlint("parse", "--lang", "en", str(report), stuck="stuck.txt")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2 and out == ""
    assert err.strip() == f"{report}: error: time limit exceeded (1 s): file not checked (--timeout)"
    assert time.monotonic() - start < 60


def test_parse_still_prints_what_it_understood(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(render(generate_corpus(1, years=1)[0], "tabs"), encoding="utf-8")
    code, out = run("parse", "--format", "json", str(report))
    assert code == 0 and json.loads(out)["profile"]


def test_facts_spill_to_disk_past_their_memory_share():
    """Past MEMORY the pieces go to a temporary file, compressed there (against the first
    piece), and come back whole, whatever their order of reading."""
    import random

    from lint.stream import _Spill

    spill = _Spill()
    rng = random.Random(7)
    count = _Spill.MEMORY // 40_000 + 30
    blobs = [bytes([i % 251]) * 70_000 if i % 3 else rng.randbytes(rng.randrange(0, 9000))
             for i in range(count)]
    where = [spill.put(b) for b in blobs]
    assert spill.spilled and 0 < spill.packed_from < spill.end
    written = sum(w & ((1 << _Spill.SIZE_BITS) - 1) for w in where)
    assert written < sum(map(len, blobs)) - 10 * 60_000  # what went to disk is compressed
    order = list(range(count))
    rng.shuffle(order)
    assert [spill.get(where[i]) for i in order] == [blobs[i] for i in order]
    spill.close()


def test_a_small_batch_keeps_its_facts_in_memory_as_they_are():
    from lint.stream import _Spill

    spill = _Spill()
    blobs = [b"x" * 1000, b"", "事实".encode() * 100]
    where = [spill.put(b) for b in blobs]
    assert not spill.spilled and spill.packed_from == -1
    assert [spill.get(w) for w in where] == blobs
    spill.close()


def test_a_reader_that_goes_away_ends_the_run_quietly(corpus: Path, tmp_path: Path) -> None:
    """`gxlint … | head`: once the pipe's reader has gone, gxlint stops with exit 2 and prints
    nothing at all (no "cannot write", no BrokenPipeError from Python's flush at exit)."""
    env = {**os.environ, "GXLINT_CACHE_DIR": str(tmp_path / "cache")}
    for fmt in ("text", "json", "html"):
        proc = subprocess.Popen([sys.executable, "-m", "lint", "--format", fmt, str(corpus)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        proc.stdout.close()  # gone before gxlint writes a byte
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 2, (fmt, err)
        assert err.decode() == "", fmt
