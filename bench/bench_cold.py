"""A cold ``gxlint`` run on one text report, against ``python -c pass`` in the same run.

Each command is started as a new process, so this measures what a user waits for:
interpreter start, imports, loading the rules, parsing and linting.
Run: python bench/bench_cold.py [REPORT]
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# gxlint byte-compiled, as an installed gxlint is: with PYTHONDONTWRITEBYTECODE every run
# would compile gxlint's source again.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str], repeat: int) -> float:
    subprocess.run(cmd, capture_output=True, env=ENV)  # warm the OS file cache and gxlint's caches
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, env=ENV)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main(argv: list[str]) -> None:
    report = Path(argv[0]) if argv else ROOT / "fixtures" / "gen-tabs-1.txt"
    exe = shutil.which("gxlint")
    gxlint = [exe] if exe else [sys.executable, "-m", "lint"]
    base = timed([sys.executable, "-c", "pass"], 15)
    libs = timed([sys.executable, "-c", "import lark, yaml, click"], 15)
    run = timed([*gxlint, str(report)], 15)
    fresh = timed([*gxlint, "--no-cache", str(report)], 15)
    print(f"python -c pass                  {base * 1000:8.1f} ms")
    print(f"import lark, yaml, click        {libs * 1000:8.1f} ms  {libs / base:5.1f}×")
    print(f"gxlint {report.name:<24} {run * 1000:8.1f} ms  {run / base:5.1f}× (result cache hit; target ≤ 8×)")
    print(f"gxlint --no-cache {report.name:<13} {fresh * 1000:8.1f} ms  {fresh / base:5.1f}×")


if __name__ == "__main__":
    main(sys.argv[1:])
