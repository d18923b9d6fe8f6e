"""Hostile input (issue 11): files, rule packs and command lines built to hang gxlint, exhaust
its memory, run code or destroy a file. Each must end within bounds — a run under a 2 GiB
address-space cap, stopped by the test after 60 s at most — with exit 0, 1 or 2, the right
reason and no traceback. Attacks are built at test time by tests/attacks.py."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lint import batch, safefile
from lint.batch import lint_many
from lint.cli import main
from lint.engine import Options
from lint.formatters.safe import visible
from tests.generate import generate, render

sys.path.insert(0, str(Path(__file__).resolve().parent))
import attacks  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CAP = 2 << 30  # the address-space cap the issue sets for every case
BOUND = 60  # seconds: a stuck run fails the test instead of hanging the suite


def gxlint(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """gxlint in a fresh process under a 2 GiB address-space cap."""

    def cap() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))

    return subprocess.run([sys.executable, "-m", "lint", *args], capture_output=True, text=True,
                          timeout=BOUND, cwd=cwd or ROOT, preexec_fn=cap,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


# --- hostile files -----------------------------------------------------------------------------


@pytest.mark.parametrize("case", attacks.CASES, ids=lambda c: c.name)
def test_a_hostile_file_ends_with_its_reason(tmp_path, case):
    path = case.build(tmp_path / case.file)
    done = gxlint("--lang", "en", str(path))
    output = done.stdout + done.stderr
    assert done.returncode == case.code, output
    assert case.reason in output and "Traceback" not in output


def test_hostile_files_do_not_stop_a_batch(tmp_path):
    """The attacks together with good reports, in worker processes: every good report is
    linted and every attack is reported in its place."""
    good = []
    for i in range(3):
        good.append(tmp_path / f"good{i}.txt")
        good[-1].write_text(attacks.report_text(20 + i), encoding="utf-8")
    bad = [c.build(tmp_path / c.file) for c in attacks.CASES if c.code == 2][:6]
    done = gxlint("--lang", "en", "-j", "2", *map(str, good + bad))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stdout.count(": error: ") == len(bad)
    assert f"in {len(good) + len(bad)} files ({len(bad)} unreadable)" in done.stdout


def test_chinese_list_numbers_past_999(tmp_path):
    from lint.adapters import read_source

    path = attacks.docx_list(tmp_path / "long.docx", 998, "chineseCounting", items=4)
    lines = read_source(path).text.splitlines()
    assert lines[1:] == ["九百九十八、第0项工作", "九百九十九、第1项工作", "一千、第2项工作",
                         "一千零一、第3项工作"]


def test_a_stray_nul_is_not_binary_but_many_are(tmp_path):
    path = attacks.text_stray_nul(tmp_path / "nul.txt")
    code, out, _ = run("--lang", "en", str(path))
    assert code in (0, 1) and "binary" not in out
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\x01\x02" * 2000)
    code, out, _ = run("--lang", "en", str(binary))
    assert code == 2 and "binary file" in out


# --- the per-file deadline and memory cap ------------------------------------------------------


def _stuck_on(monkeypatch, victim: str, how) -> None:
    real = batch.lint_file

    def lint_file(path, *args, **kwargs):
        if path == victim:
            how()
        return real(path, *args, **kwargs)
    monkeypatch.setattr(batch, "lint_file", lint_file)  # workers are forked: they inherit it


def _hang() -> None:
    import time

    while True:
        time.sleep(1)


def _reports(tmp_path: Path, n: int) -> list[str]:
    paths = []
    for i in range(n):
        p = tmp_path / f"r{i:02d}.txt"
        p.write_text(attacks.report_text(100 + i), encoding="utf-8")
        paths.append(str(p))
    return paths


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the patched worker is inherited through fork")
@pytest.mark.parametrize("jobs", [1, 4])
def test_a_stuck_file_delays_but_never_loses_the_others(monkeypatch, tmp_path, jobs):
    paths = _reports(tmp_path, 21 if jobs > 1 else 3)
    _stuck_on(monkeypatch, paths[1], _hang)
    options = Options(lang="en", timeout=2)
    results = list(lint_many([(p, options) for p in paths], jobs))
    assert [r.path for r in results] == paths  # in input order, whatever -j
    assert results[1].error == "time limit exceeded (2 s): file not checked (--timeout)"
    assert all(r.error is None for i, r in enumerate(results) if i != 1)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the patched worker is inherited through fork")
def test_the_command_line_reports_a_file_past_its_limit(monkeypatch, tmp_path):
    paths = _reports(tmp_path, 2)
    _stuck_on(monkeypatch, paths[0], _hang)
    code, out, _ = run("--timeout", "1.5", paths[0], paths[1])
    assert code == 2
    assert f"{paths[0]}: error: 超过时间限制（1.5 秒）" in out and "2 个文件，其中 1 个无法读取" in out
    (tmp_path / ".gxlint.toml").write_text("timeout = 1\nmemory-limit = 300\n", encoding="utf-8")
    code, out, _ = run("--lang", "en", paths[0])
    assert code == 2 and "time limit exceeded (1 s)" in out
    code, out, _ = run("config", paths[0])
    assert "timeout = 1 " in out and "memory-limit = 300 " in out


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the patched worker is inherited through fork")
@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="address space read from /proc")
def test_a_file_past_its_memory_limit_costs_only_itself(monkeypatch, tmp_path):
    paths = _reports(tmp_path, 3)

    def hog() -> None:
        chunks = []
        while True:
            chunks.append(bytearray(64 << 20))

    _stuck_on(monkeypatch, paths[1], hog)
    options = Options(lang="en", memory_limit=256)
    results = list(lint_many([(p, options) for p in paths], 1))
    assert results[1].error == "memory limit exceeded (256 MB): file not checked (--memory-limit)"
    assert results[0].error is None and results[2].error is None


# --- rule packs that cannot hurt ---------------------------------------------------------------

PACK = """\
rules:
  - id: TM990
    name: team-check
    severity: warning
    summary: {zh: 团队规则, en: A team rule}
    description: {zh: 团队规则。, en: A team rule.}
    basis: 本单位内部要求
    message: {zh: "团队规则：{item}", en: "team rule: {item}"}
    check:
      kind: pattern
      scope: document
      require_any: ['REGEX']
    examples:
      bad: "x"
      good: "aaaa"
"""

ASSERT = PACK.replace("""      kind: pattern
      scope: document
      require_any: ['REGEX']""", """      kind: assert
      expr: EXPR""").replace("{item}", "{left}")

TEXT_NUMBER = PACK.replace("""      kind: pattern
      scope: document
      require_any: ['REGEX']""", """      kind: text-number
      scope: document
      statements:
        - pattern: '收到申请'
          expr: t3.new.total""").replace("{item}", "{stated}")


def _project(tmp_path: Path, pack: str) -> Path:
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "p.yaml").write_text(pack, encoding="utf-8")
    (tmp_path / ".gxlint.toml").write_text('rule-dirs = ["team"]\n', encoding="utf-8")
    report = tmp_path / "r.txt"
    report.write_text(attacks.report_text() + "\n" + "a" * 40 + "!\n", encoding="utf-8")
    return report


def _laughs(levels: int = 9) -> str:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, levels):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join([f"*{chr(96 + i)}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("name", "pack", "says"), [
    ("redos", PACK.replace("REGEX", "(a+)+$"), None),
    ("re2-cannot", PACK.replace("REGEX", "(?<=a)b"), "p.yaml:12: rule TM990: regex does not compile (RE2 syntax)"),
    ("billion-laughs", _laughs(), "p.yaml:1: YAML anchors and aliases"),
    ("format-spec", PACK.replace("团队规则：{item}", "{item:>2000000000}"),
     "placeholder {item:>2000000000} in the zh message: only plain {name}"),
    ("attribute", PACK.replace("team rule: {item}", "{item.__class__}"), "placeholder {item.__class__}"),
    ("index", PACK.replace("team rule: {item}", "{item[0]}"), "placeholder {item[0]}"),
    ("1000-terms", ASSERT.replace("EXPR", "+".join(["1"] * 1000) + " == t3.new.total"),
     "expression nested too deeply"),
    ("1000-deep", ASSERT.replace("EXPR", "-" * 1000 + "t3.new.total == 0"), "nested too deeply"),
    ("long-expression", ASSERT.replace("EXPR", "t3.new.total == " + "1" * 5000),
     "expression too long (5016 characters; at most 4000): 't3.new.total == 111"),
    ("text-number-without-n", TEXT_NUMBER, "needs a (?P<n>…) group"),
    ("deep-yaml", "rules: " + "[" * 40 + "]" * 40 + "\n", "p.yaml:1: nested too deeply (over 32 levels)"),
    ("very-deep-yaml", "rules: " + "[" * 5000 + "]" * 5000 + "\n", "nesting depth"),
])
def test_a_hostile_rule_pack_cannot_hurt(tmp_path, name, pack, says):
    report = _project(tmp_path, pack)
    done = gxlint("--lang", "en", str(report), cwd=tmp_path)
    output = done.stdout + done.stderr
    assert "Traceback" not in output and "RecursionError" not in output
    if says is None:  # RE2 answers in linear time: the rule just runs
        assert done.returncode in (0, 1) and "TM990" in output
    else:
        assert done.returncode == 2 and says in output, output


def _ratio_pack() -> str:
    """A team rule (natural persons are not every applicant) that divides by 表三's new total:
    its examples pass, and a report with no new application makes it divide by zero."""
    import json

    from tests.generate import generate, render

    good = generate(1, new_applications=40)
    bad = generate(1, new_applications=40)
    bad.values = {k: (0 if k.startswith("t3.new.") and k != "t3.new.total" else v)
                  for k, v in bad.values.items()}
    bad.values["t3.new.natural"] = bad.values["t3.new.total"]
    pack = ASSERT.replace("EXPR", "t3.new.natural / t3.new.total < 1")
    return pack.replace('bad: "x"', "bad: " + json.dumps(render(bad), ensure_ascii=False)).replace(
        'good: "aaaa"', "good: " + json.dumps(render(good), ensure_ascii=False))


def test_a_rule_that_fails_on_one_file_is_not_checked_there(tmp_path):
    report = _project(tmp_path, _ratio_pack())
    from tests.generate import generate, render

    report.write_text(render(generate(11, new_applications=0)), encoding="utf-8")
    done = gxlint("--lang", "en", str(report), cwd=tmp_path)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    assert "internal error" not in done.stdout
    assert "rule TM990 could not be checked on this file: division by zero" in done.stderr
    assert " 0 info in 1 file" in done.stdout  # the file itself was linted by the other rules


def test_the_built_in_packs_compile_under_re2():
    from lint.rulepack import load_rules
    from lint.scopes import compile_pattern

    patterns = []
    for rule in load_rules(use_cache=False):
        check = rule.check
        patterns += check.get("require_any", []) + check.get("parts", [])
        patterns += [s["pattern"] for s in check.get("statements", [])]
        patterns += [check["total"]] if "total" in check else []
    assert len(patterns) > 10
    for pattern in patterns:
        compile_pattern(pattern.replace("{item}", "x"), safe=True)


def test_user_patterns_run_on_re2():
    from lint.scopes import compile_pattern

    compiled = compile_pattern("(?P<n><NUM>)件", safe=True)
    match = compiled.search("共收到申请 12件")
    assert type(compiled).__module__.startswith("re2")
    assert match.group("n") == "12" and match.start() == 6  # positions in characters


# --- nothing overwritten by mistake ----------------------------------------------------------


def test_write_baseline_never_replaces_a_report(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    for p in (a, b):
        p.write_text(attacks.report_text(), encoding="utf-8")
    before = a.read_bytes()
    code, _, err = run("--write-baseline", str(a), str(b))  # the baseline's name forgotten
    assert code == 2 and "is not a gxlint baseline" in err and a.read_bytes() == before
    code, _, err = run("--write-baseline", str(a), str(a), str(b))
    assert code == 2 and "is a report being linted" in err and a.read_bytes() == before
    code, _, err = run("--force", "--write-baseline", str(a), str(a))
    assert code == 2 and "is a report being linted" in err and a.read_bytes() == before
    baseline = tmp_path / "base.json"
    assert run("--write-baseline", str(baseline), str(b))[0] == 0
    assert oct(baseline.stat().st_mode & 0o777) != oct(0o600)  # not private like a temp file
    assert run("--write-baseline", str(baseline), str(b))[0] == 0  # its own baseline: replaced


def test_output_never_replaces_what_gxlint_did_not_write(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(attacks.report_text(), encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n", encoding="utf-8")
    code, _, err = run("-o", str(notes), str(report))
    assert code == 2 and "is not gxlint output" in err and notes.read_text("utf-8") == "my notes\n"
    for fmt in ("text", "json", "sarif", "github", "html"):
        out = tmp_path / f"out.{fmt}"
        assert run("--format", fmt, "-o", str(out), str(report))[0] in (0, 1)
        assert run("--format", fmt, "-o", str(out), str(report))[0] in (0, 1), fmt  # ours
    assert run("--force", "-o", str(notes), str(report))[0] in (0, 1)
    assert "my notes" not in notes.read_text("utf-8")


def _fixable(tmp_path: Path, name: str = "r.txt") -> Path:
    text = render(generate(5), "tabs", bold_debris=True)  # editing debris: a safe fix
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_fix_refuses_read_only_files_and_hard_links(tmp_path):
    path = _fixable(tmp_path)
    before = path.read_bytes()
    assert run("--diff", str(path))[0] == 1  # something to fix
    path.chmod(0o444)
    code, _, err = run("--fix", "--lang", "en", str(path))
    assert "read-only" in err and path.read_bytes() == before
    path.chmod(0o644)
    link = tmp_path / "link.txt"
    os.link(path, link)
    code, _, err = run("--fix", "--lang", "en", str(path))
    assert "hard links" in err and path.read_bytes() == before and os.path.samefile(path, link)


def test_an_interrupted_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "r.txt"
    target.write_text("old", encoding="utf-8")
    real_fsync = os.fsync

    def killed(fd):
        real_fsync(fd)
        os.kill(os.getpid(), signal.SIGTERM)  # arrives while the temporary file is open

    monkeypatch.setattr(os, "fsync", killed)
    with pytest.raises(safefile.Interrupted):
        safefile.write_atomic(str(target), b"new")
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"] and target.read_text() == "old"
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_output_to_a_device_or_fifo_is_written_to_not_replaced(tmp_path):
    """`gxlint -o /dev/null` as root renamed a regular file over /dev/null; a FIFO stands
    in for the device here (same rule: not a regular file)."""
    import stat
    import threading

    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    safefile.write_atomic(str(fifo), b"findings\n")
    reader.join(10)
    assert got == [b"findings\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["out.fifo"]  # no temporary file left



@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("fmt", ["text", "json", "html"])
def test_streamed_and_held_output_to_a_fifo_is_written_to_not_replaced(tmp_path, fmt):
    """The same through the command line: -o streams text and JSON as files complete (not
    through write_atomic) and writes the held HTML page at the end; neither may rename a
    file over the target."""
    import stat
    import threading

    report = tmp_path / "r.txt"
    report.write_text(render(generate(3)), encoding="utf-8")
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = CliRunner().invoke(main, ["--no-cache", "--format", fmt, "-o", str(fifo), str(report)])
    reader.join(30)
    assert result.exit_code in (0, 1), result.output
    assert got and got[0].strip()
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.fifo", "r.txt"]

def test_a_folder_that_cannot_be_entered_is_reported(tmp_path, monkeypatch):
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "r.txt").write_text(attacks.report_text(), encoding="utf-8")
    (tmp_path / "closed").mkdir()
    real = os.scandir

    def scandir(path="."):
        if str(path).endswith("closed"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)  # root may enter any folder: simulate it
    code, out, _ = run("--lang", "en", str(tmp_path))
    assert code == 2 and f"{tmp_path / 'closed'}: error: cannot read: permission denied" in out
    assert "in 2 files (1 unreadable)" in out


# --- safe output -------------------------------------------------------------------------------


def test_control_characters_never_reach_the_terminal(tmp_path):
    path = attacks.text_injection(tmp_path / "x\ny:1:1: GX101 error forged.txt")
    for fmt in ("text", "github"):
        code, out, err = run("--format", fmt, "--lang", "en", "--fail-on", "warning", str(path))
        assert code == 1  # GX501, a warning, quotes the sentence
        for raw in ("\x1b", "\x07", "\u202e"):
            assert raw not in out and raw not in err
        assert "\\x1b]0;pwned\\x07" in out and "\\u202e" in out
        assert "x\\ny:1:1" in out or "x%0Ay" in out  # the newline cannot forge a line
        assert not any(line.startswith("y:1:1:") for line in out.splitlines())
    page = tmp_path / "page.html"
    assert run("--format", "html", "--fail-on", "warning", "-o", str(page), str(path))[0] == 1
    html = page.read_text("utf-8")
    assert "\x1b" not in html and "\u202e" not in html and "\\x1b]0;pwned" in html


def test_visible_escapes_every_control_character():
    assert visible("a\x1b[2Jb\u202ec\nd") == "a\\x1b[2Jb\\u202ec\\nd"
    assert visible("表三\t合计\n", keep_lines=True) == "表三\t合计\n"
    assert visible("plain 报告") == "plain 报告"


# --- anything report-like: never a crash -----------------------------------------------------

_HOSTILE_LINES = st.sampled_from([
    "<!--", "-->", "<!-- gxlint-disable", "\t", "|", "||||", "一、", "（一）", "0000年", "9999年",
    "\x00", "\x1b[2J", "\u202e", "继续", "合计", "总计\t1\t2", "2023年1月1日至2023年13月32日",
    "收到申请999999999999999999999件", "一千万亿", "**", "#", "- 4 -", "\r", "\u3000" * 50,
])


@st.composite
def reportish(draw) -> str:
    """A generated report with hostile lines and characters spliced in, up to 200 KB."""
    text = attacks.report_text(draw(st.integers(0, 30)))
    pieces = draw(st.lists(st.tuples(st.integers(0, len(text)),
                                     st.lists(_HOSTILE_LINES, min_size=1, max_size=5),
                                     st.integers(1, 2000)), max_size=8))
    for at, words, times in sorted(pieces, reverse=True):
        text = text[:at] + ("".join(words) * times)[:25_000] + text[at:]
    return text[:200_000]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.data_too_large])
@given(text=reportish())
def test_report_like_input_never_crashes(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("h") / "r.txt"
    path.write_text(text, encoding="utf-8")
    (result,) = lint_many([(str(path), Options(lang="en", timeout=30))], 1)
    assert result.error is None or "internal error" not in result.error, result.error
    assert result.error is None or "worker process died" not in result.error


def test_attacks_stay_small():
    """The attacks are cheap to build: what is large is what gxlint would make of them."""
    for case in attacks.CASES:
        assert case.file and case.reason
    assert yaml.safe_load(_laughs(2))["b"][0] == ["x"] * 9
