"""Batch throughput and memory: 1,000 generated text reports (250 agencies × 4 years), linted
as `gxlint --format json -j N DIR` does — per-file pass, cross-year pairing, JSON output.

Each measurement runs in a fresh process and reports its wall time for the batch (imports
excluded), reports per second, and the peak resident memory of the main process and of the
largest worker. A run on the first quarter of the reports shows whether memory grows with
the batch. Run: python bench/bench_batch.py [--reports 1000] [--repeat 2] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def write_corpus(out: Path, reports: int) -> list[Path]:
    from tests.generate import generate_corpus, render

    layouts = ("tabs", "cells", "pipes", "pipecells")  # the .txt layouts
    specs = generate_corpus(reports // 4, years=4, seed=2024)
    paths = []
    for i, spec in enumerate(specs):
        path = out / f"r{i:05d}.txt"
        path.write_text(render(spec, layouts[i % len(layouts)]), encoding="utf-8")
        paths.append(path)
    return paths


def measure(folder: str, jobs: int, limit: int, extra: list[str]) -> None:
    """Child mode: lint the first ``limit`` reports of ``folder`` and print one JSON line."""
    from lint.cli import main

    files = sorted(str(p) for p in Path(folder).iterdir())[:limit]
    start = time.perf_counter()
    try:
        main(["--format", "json", "-j", str(jobs), "-o", os.devnull, *extra, *files],
             standalone_mode=False)
    except SystemExit:
        pass
    elapsed = time.perf_counter() - start
    # ru_maxrss is in KiB on Linux; RUSAGE_CHILDREN is the largest worker waited for.
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"seconds": elapsed, "reports": len(files),
                      "main_cpu": me.ru_utime + me.ru_stime, "worker_cpu": kids.ru_utime + kids.ru_stime,
                      "main_mib": _peak_rss_kib() / 1024, "worker_mib": kids.ru_maxrss / 1024}))


def _peak_rss_kib() -> float:
    """This process's peak resident memory. Not ru_maxrss: Linux carries that over exec from
    the parent (subprocess's vfork), so a child would report the bench's own peak."""
    try:
        status = Path("/proc/self/status").read_text()
        return float(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run(folder: Path, jobs: int, limit: int, *extra: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--measure", str(folder), str(jobs), str(limit), *extra],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> None:
    if argv[:1] == ["--measure"]:
        measure(argv[1], int(argv[2]), int(argv[3]), argv[4:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="write the corpus here and keep it")
    parser.add_argument("--repeat", type=int, default=2,
                        help="runs per configuration, the fastest counts (other load on the "
                             "machine only ever slows a run down)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        paths = write_corpus(folder, args.reports)
        size = sum(p.stat().st_size for p in paths)
        print(f"{len(paths)} reports, {size / 1e6:.1f} MB, {os.cpu_count()} cores, "
              f"load average before: {os.getloadavg()[0]:.2f}")
        print(f"{'jobs':>4} {'reports':>7} {'seconds':>8} {'reports/s':>9} {'main CPU s':>10} "
              f"{'workers CPU s':>13} {'main MiB':>9} {'worker MiB':>10}")
        results = {}
        for jobs, limit in ((1, len(paths)), (2, len(paths)), (2, len(paths) // 4)):
            r = min((run(folder, jobs, limit, "--no-cache") for _ in range(args.repeat)), key=lambda x: x["seconds"])
            results[(jobs, limit)] = r
            print(f"{jobs:>4} {r['reports']:>7} {r['seconds']:>8.2f} {r['reports'] / r['seconds']:>9.1f} "
                  f"{r['main_cpu']:>10.2f} {r['worker_cpu']:>13.2f} {r['main_mib']:>9.1f} {r['worker_mib']:>10.1f}")
        one, two = results[(1, len(paths))], results[(2, len(paths))]
        quarter = results[(2, len(paths) // 4)]
        print(f"-j 2 / -j 1 throughput: {one['seconds'] / two['seconds']:.2f}× (target ≥ 1.6× on two cores)")
        # Other processes on the machine stretch wall times; CPU seconds are what the work costs.
        one_cpu = one["main_cpu"] + one["worker_cpu"]
        two_cpu = two["main_cpu"] + two["worker_cpu"]
        bound = one_cpu / (two["main_cpu"] + two["worker_cpu"] / 2)
        print(f"CPU seconds: -j 1 {one_cpu:.2f}, -j 2 {two_cpu:.2f} (parallel overhead "
              f"{(two_cpu / one_cpu - 1) * 100:+.0f}%); on an otherwise idle machine -j 2 would be "
              f"≥ {bound:.2f}× (main process's CPU taken as fully serial)")
        print(f"peak memory, main process: {quarter['main_mib']:.1f} MiB for {quarter['reports']} reports, "
              f"{two['main_mib']:.1f} MiB for {two['reports']}; largest worker {two['worker_mib']:.1f} MiB")


if __name__ == "__main__":
    main(sys.argv[1:])
