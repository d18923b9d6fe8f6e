"""What the per-file supervision costs, and how each hostile input of issue 11 ends.

1. Supervision: generated text reports linted in this process (``lint_one``, no limits)
   against the same files through ``lint_many`` (a supervised worker with a deadline and a
   memory cap), per file; the target is ≤ 5% of a text report's lint.
2. Attacks (tests/attacks.py, and hostile rule packs): each run as ``gxlint --lang en`` in a
   fresh process under a 2 GiB address-space cap, with its wall time, the peak resident
   memory of the run (the largest of gxlint and its workers), the exit code and the first
   line it printed.

Run: python bench/bench_hostile.py [--reports 100] [--only NAME]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

CAP = 2 << 30


def _cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime  # workers once joined


def supervision(reports: int) -> None:
    from lint.batch import lint_many, lint_one
    from lint.engine import Options
    from tests.generate import generate, render

    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i in range(reports):
            p = Path(tmp) / f"r{i:03d}.txt"
            p.write_text(render(generate(i)), encoding="utf-8")
            paths.append(str(p))
        tasks = [(p, Options()) for p in paths]
        for task in tasks[:5]:
            lint_one(task)  # rules, parser and caches loaded before either is timed
        wall: dict[str, list[float]] = {"plain": [], "supervised": []}
        cpu: dict[str, list[float]] = {"plain": [], "supervised": []}
        for _ in range(3):
            for kind in ("plain", "supervised"):
                start, used = time.perf_counter(), _cpu()
                if kind == "plain":
                    for task in tasks:
                        lint_one(task)
                else:
                    for _ in lint_many(tasks, 1):
                        pass
                wall[kind].append((time.perf_counter() - start) / reports)
                cpu[kind].append((_cpu() - used) / reports)
        start = time.perf_counter()
        list(lint_many(tasks[:1], 1))
        one = time.perf_counter() - start
        # Steady state: what one more file costs, the run's start (fork, warm-up) excluded:
        # the supervised run's extra CPU for all files less that for a fifth of them.
        fifth = tasks[:max(1, reports // 5)]
        extra: dict[int, list[float]] = {len(tasks): [], len(fifth): []}
        for _ in range(3):
            for part in (tasks, fifth):
                used = _cpu()
                for task in part:
                    lint_one(task)
                plain = _cpu() - used
                used = _cpu()
                for _ in lint_many(part, 1):
                    pass
                extra[len(part)].append(_cpu() - used - plain)
    print(f"{reports} text reports, per file (median of 3 runs; a busy machine makes wall "
          "time noisy, CPU time less so):")
    for label, data in (("wall", wall), ("CPU", cpu)):
        a, b = statistics.median(data["plain"]), statistics.median(data["supervised"])
        print(f"  {label:4}  in process, no limits {a * 1000:6.2f} ms   supervised worker "
              f"{b * 1000:6.2f} ms   cost {(b - a) * 1000:+.2f} ms = {(b - a) / a * 100:+.1f}% "
              "(target ≤ 5%)")
    print(f"  one file alone, starting its worker included: {one * 1000:.1f} ms")
    big, small = len(tasks), len(fifth)
    slope = (statistics.median(extra[big]) - statistics.median(extra[small])) / (big - small)
    start = statistics.median(extra[small]) - slope * small
    lint = statistics.median(cpu["plain"])
    print(f"  CPU per file, steady state: {slope * 1000:+.3f} ms = {slope / lint * 100:+.1f}% of a "
          f"text report's lint (target ≤ 5%); once per run (fork, warm-up): {start * 1000:.1f} ms")


_UNSUPERVISED = ("import sys, lint.batch as b; "
                 "b.lint_many = lambda tasks, jobs=None, tables=False: "
                 "(b.lint_one(t, tables) for t in tasks); "
                 "from lint.cli import main; sys.argv[0] = 'gxlint'; main()")


def cold_run(repeat: int = 12) -> None:
    """One report, a whole cold `gxlint` run: CPU of the process and its worker, with the
    supervision and with linting in the main process instead (same code otherwise)."""
    report = str(ROOT / "fixtures" / "gen-tabs-1.txt")
    commands = {"supervised": [sys.executable, "-m", "lint", report],
                "in process": [sys.executable, "-c", _UNSUPERVISED, report]}
    cpu: dict[str, list[float]] = {k: [] for k in commands}
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for i in range(repeat + 1):
        for name, command in commands.items():
            proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
            _, _, usage = os.wait4(proc.pid, 0)
            if i:  # the first round warms the caches
                cpu[name].append(usage.ru_utime + usage.ru_stime)
    a, b = statistics.median(cpu["in process"]), statistics.median(cpu["supervised"])
    print(f"one report, a cold gxlint run (CPU, median of {repeat}): in process {a * 1000:.0f} ms, "
          f"supervised {b * 1000:.0f} ms, cost {(b - a) * 1000:+.0f} ms = {(b - a) / a * 100:+.1f}%")


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))


def measure(args: list[str], cwd: Path) -> tuple[float, float, int, str]:
    """(seconds, peak MB, exit code, first line) of one gxlint run under the cap."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "lint", "--lang", "en", *args], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, preexec_fn=_capped,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    out = proc.stdout.read().decode("utf-8", "replace") if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)  # its maxrss covers the workers it waited for
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    first = next((line for line in out.splitlines() if line.strip()), "")
    return elapsed, usage.ru_maxrss / 1024, code, first


def attacks_table(only: str | None) -> None:
    import attacks
    from test_hostile import ASSERT, PACK, TEXT_NUMBER, _laughs

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for case in attacks.CASES:
            if only and only not in case.name:
                continue
            path = case.build(tmp / case.file)
            rows.append((case.name, path.stat().st_size, *measure([str(path)], tmp)))
        packs = {
            "pack-redos-(a+)+$": PACK.replace("REGEX", "(a+)+$"),
            "pack-billion-laughs": _laughs(),
            "pack-format-spec": PACK.replace("团队规则：{item}", "{item:>2000000000}"),
            "pack-1000-terms": ASSERT.replace("EXPR", "+".join(["1"] * 1000) + " == t3.new.total"),
            "pack-1000-deep": ASSERT.replace("EXPR", "-" * 1000 + "t3.new.total == 0"),
            "pack-division-by-zero": ASSERT.replace("EXPR", "t3.new.total / 0 == 1"),
            "pack-text-number-no-n": TEXT_NUMBER,
        }
        for name, pack in packs.items():
            if only and only not in name:
                continue
            folder = tmp / name
            (folder / "team").mkdir(parents=True)
            (folder / "team" / "p.yaml").write_text(pack, encoding="utf-8")
            (folder / ".gxlint.toml").write_text('rule-dirs = ["team"]\n', encoding="utf-8")
            report = folder / "r.txt"
            report.write_text(attacks.report_text() + "\n" + "a" * 40 + "!\n", encoding="utf-8")
            rows.append((name, len(pack.encode()), *measure([str(report)], folder)))
        if not only or "batch" in only:
            batch = tmp / "batch"
            batch.mkdir()
            for i in range(20):
                (batch / f"good{i:02d}.txt").write_text(attacks.report_text(40 + i), encoding="utf-8")
            slow = attacks.pdf_nested_forms(batch / "zz-slow.pdf")
            rows.append(("batch -j 4, 20 good + 1 slow, --timeout 1", slow.stat().st_size,
                         *measure(["-j", "4", "--timeout", "1", str(batch)], tmp)))
    print(f"\n{'case':44} {'bytes':>9} {'time':>7} {'peak':>8}  exit  first line")
    for name, size, seconds, peak, code, first in rows:
        print(f"{name:44} {size:9d} {seconds:6.2f}s {peak:6.0f}MB  {code:4d}  {first[:90]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--only", default=None, help="only the attacks whose name has this")
    args = parser.parse_args()
    if not args.only:
        supervision(args.reports)
        cold_run()
    attacks_table(args.only)


if __name__ == "__main__":
    main()
