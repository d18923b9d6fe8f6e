"""A cold ``gxlint`` run on one text report, against ``python -c pass`` in the same run.

Each command is started as a new process, so this measures what a user waits for:
interpreter start, imports, loading the rules, parsing and linting.
Run: python bench/bench_cold.py [REPORT]
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(cmd: list[str], repeat: int) -> float:
    subprocess.run(cmd, capture_output=True)  # warm the OS file cache, and gxlint's rule cache
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main(argv: list[str]) -> None:
    report = Path(argv[0]) if argv else ROOT / "fixtures" / "gen-tabs-1.txt"
    exe = shutil.which("gxlint")
    gxlint = [exe] if exe else [sys.executable, "-m", "lint"]
    base = timed([sys.executable, "-c", "pass"], 15)
    run = timed([*gxlint, str(report)], 15)
    print(f"python -c pass      {base * 1000:8.1f} ms")
    print(f"gxlint {report.name:<12} {run * 1000:8.1f} ms")
    print(f"ratio               {run / base:8.1f}× (target ≤ 8×)")


if __name__ == "__main__":
    main(sys.argv[1:])
