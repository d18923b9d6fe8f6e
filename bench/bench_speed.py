"""Issue 12's figures, side by side in one run:

1. cold start: `gxlint REPORT` against `python -c pass` and against `import lark, yaml, click`
   (with the result cache answering, an unseen report, and with --no-cache), and the floor
   under an unseen report's run: a process that only imports what that run imports;
2. the result cache: an unchanged re-run of 400 reports against the first run;
3. throughput on 1,000 text reports and 100 PDFs: -j 1, -j 2, and Dask with two local workers;
4. PDF: gxlint's whole run per page on the real PDFs against a process that imports pypdfium2
   and extracts their text, against gxlint with the pages drawn by pdfminer
   (GXLINT_PDF_ENGINE=pdfminer, the reader before; in-process figures: `bench_pdf.py`), and
   against a process that only imports what the run imports;
5. main-process peak memory for 1,000 and 10,000 reports (-j 2).

Every gxlint run is a fresh process, byte-compiled as an installed gxlint is, with a cache
folder of its own. Wall times are the fastest of a few runs (other load only slows a run down);
CPU times are given too, since a busy machine stretches wall times.
Run: python bench/bench_speed.py [--quick] [--skip-10k] [--skip-dask] [--parts cold,cache,…]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def env(cache: Path) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    e["GXLINT_CACHE_DIR"] = str(cache)
    e["PYTHONPATH"] = str(ROOT)
    return e


def gxlint() -> list[str]:
    return [sys.executable, "-m", "lint"]


def timed(cmd: list[str], e: dict[str, str], repeat: int, cwd: Path = ROOT) -> tuple[float, float]:
    """(fastest wall seconds, median CPU seconds) of ``cmd``, after one run to warm up."""
    subprocess.run(cmd, capture_output=True, env=e, cwd=cwd)
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = _once(cmd, e, cwd)
        walls.append(wall)
        cpus.append(cpu)
    return min(walls), statistics.median(cpus)


def _once(cmd: list[str], e: dict[str, str], cwd: Path = ROOT) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its children) of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, capture_output=True, env=e, cwd=cwd)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def imports_of(cmd: list[str], e: dict[str, str]) -> list[str]:
    """The modules a run of ``cmd`` (``python …``) imports, its forked workers' too, in the
    order ``-X importtime`` reports them."""
    run = subprocess.run([cmd[0], "-X", "importtime", *cmd[1:]], capture_output=True, env=e,
                         text=True, cwd=ROOT)
    names = [line.rsplit("|", 1)[1].strip() for line in run.stderr.splitlines()
             if line.startswith("import time:") and line.count("|") == 2]
    return list(dict.fromkeys(n for n in names if n != "__main__"))


# A process that only imports the modules named on its command line (nothing is run), and
# ends as gxlint does (lint.console.exit_now: no teardown of every module): the floor under a
# gxlint run that imports them.
IMPORT_ONLY = """import importlib, os, sys
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except Exception:
        pass
os._exit(0)
"""


def write_corpus(out: Path, reports: int) -> Path:
    from tests.generate import generate_corpus, render

    out.mkdir(parents=True, exist_ok=True)
    layouts = ("tabs", "cells", "pipes", "pipecells")
    for i, spec in enumerate(generate_corpus(max(1, reports // 4), years=4, seed=2024)):
        (out / f"r{i:05d}.txt").write_text(render(spec, layouts[i % len(layouts)]), encoding="utf-8")
    return out


def cold_start(work: Path, repeat: int, report: str | None = None) -> None:
    print(f"== cold start: one report, a new process each time (median of {repeat} rounds, "
          "each running every row once)")
    report = report or str(ROOT / "fixtures" / "gen-tabs-1.txt")
    e = env(work / "cache-cold")
    unseen = sorted(write_corpus(work / "unseen", 4 * (repeat + 1)).glob("*.txt"))
    # The same report outside any git repository: no history of last year's reports to look
    # up (lint/history.py asks git for the tracked reports of a repository).
    alone = work / "alone" / Path(report).name
    alone.parent.mkdir()
    shutil.copyfile(report, alone)
    # what a miss imports (the compiled rules warm), loaded by a process that runs nothing
    # else: the floor under a miss
    subprocess.run([*gxlint(), str(unseen[-1])], capture_output=True, env=e)
    miss_imports = imports_of([*gxlint(), str(unseen[-2])], e)
    rows = [("python -c pass", [sys.executable, "-c", "pass"]),
            ("python -c 'import lark, yaml, click'", [sys.executable, "-c", "import lark, yaml, click"]),
            ("python -c 'import lark, click'", [sys.executable, "-c", "import lark, click"]),
            (f"a miss's {len(miss_imports)} imports, nothing run",
             [sys.executable, "-c", IMPORT_ONLY, *miss_imports]),
            ("gxlint REPORT (hit, in a git repository)", [*gxlint(), report]),
            ("gxlint REPORT (hit, outside any git repo)", [*gxlint(), str(alone)]),
            # a pre-commit hook's case: the file changed, so the result cache cannot answer,
            # but the compiled rules, profiles and parser tables are there
            ("gxlint UNSEEN (miss, compiled rules warm)", None),
            ("gxlint --no-cache REPORT", [*gxlint(), "--no-cache", report])]
    for _label, cmd in rows:  # warm: compiled rules, parser tables, this report's result
        subprocess.run(cmd or [*gxlint(), str(unseen[-1])], capture_output=True, env=e)
    # Round-robin: each round runs every row once, so that the machine's drift (it can move a
    # row by a third within minutes) falls on all rows alike and the ratios stay comparable.
    runs: dict[str, list[tuple[float, float]]] = {label: [] for label, _ in rows}
    for i in range(repeat):
        for label, cmd in rows:
            # the miss row: each run a report this cache folder has not seen
            runs[label].append(_once(cmd or [*gxlint(), str(unseen[i])], e))
    results = [(label, statistics.median(w for w, _ in runs[label]),
                statistics.median(c for _, c in runs[label])) for label, _ in rows]
    base_wall, base_cpu = results[0][1], results[0][2]
    libs_wall, libs_cpu = results[1][1], results[1][2]
    print(f"{'':42} {'wall ms':>8} {'× pass':>7} {'× libs':>7} {'CPU ms':>8} {'× pass':>7} {'× libs':>7}")
    for label, wall, cpu in results:
        print(f"{label:42} {wall * 1000:8.1f} {wall / base_wall:7.1f} {wall / libs_wall:7.2f} "
              f"{cpu * 1000:8.1f} {cpu / base_cpu:7.1f} {cpu / libs_cpu:7.2f}")
    print("target: ≤ 8× python -c pass (medians; CPU includes the worker process a miss forks)")
    walls = {label: wall for label, wall, _ in results}
    floor = walls[rows[3][0]]
    miss = walls["gxlint UNSEEN (miss, compiled rules warm)"]
    print(f"a miss: {floor * 1000:.1f} ms importing ({walls[rows[2][0]] * 1000:.1f} of them Python's "
          f"start and lark and click), {(miss - floor) * 1000:.1f} ms of work; the 8× budget is "
          f"{8 * base_wall * 1000:.1f} ms")


def cache_hit_miss(work: Path, repeat: int) -> None:
    print("\n== result cache: 400 reports, -j 1, JSON output")
    folder = write_corpus(work / "c400", 400)
    ratios, cpu_ratios, misses, hits = [], [], [], []
    for i in range(repeat):
        e = env(work / f"cache-400-{i}")
        out = work / f"out-400-{i}.json"
        cmd = [*gxlint(), "-j", "1", "--format", "json", "-o", str(out), str(folder)]
        # compiled rules and parser tables, as any earlier run leaves them
        subprocess.run([*gxlint(), "--no-cache", str(ROOT / "fixtures" / "gen-tabs-1.txt")],
                       env=e, capture_output=True)
        miss, miss_cpu = _once(cmd, e)
        hit, hit_cpu = _once(cmd, e)
        misses.append(miss)
        hits.append(hit)
        ratios.append(hit / miss)
        cpu_ratios.append(hit_cpu / miss_cpu)
    print(f"first run (every file a miss)     {statistics.median(misses):6.2f} s  (median of {repeat})")
    print(f"unchanged re-run (every file hit) {statistics.median(hits):6.2f} s")
    print(f"re-run / first run, wall          {statistics.median(ratios):6.3f}× median, "
          f"{max(ratios):.3f}× worst (target ≤ 0.15×)")
    print(f"re-run / first run, CPU           {statistics.median(cpu_ratios):6.3f}× median, "
          f"{max(cpu_ratios):.3f}× worst")


def write_pdfs(out: Path, reports: int) -> Path:
    """``reports`` generated reports as PDFs drawn the way Word/WPS exports draw them
    (tests/pdfbuild.py), a third of them WPS-style."""
    from tests.generate import generate_corpus
    from tests.pdfbuild import build_pdf

    out.mkdir(parents=True, exist_ok=True)
    for i, spec in enumerate(generate_corpus(max(1, reports // 4), years=4, seed=2025)[:reports]):
        (out / f"p{i:04d}.pdf").write_bytes(build_pdf(spec, wps=i % 3 == 0)[0])
    return out


def throughput(work: Path, repeat: int, dask: bool) -> None:
    e = env(work / "cache-tp")
    corpora = [("1,000 text reports", write_corpus(work / "c1000", 1000), 1000)]
    corpora.append(("100 PDF reports", write_pdfs(work / "p100", 100), 100))
    for title, folder, count in corpora:
        print(f"\n== throughput: {title}, --no-cache, JSON output")
        _throughput(work, e, folder, count, repeat, dask)


def _throughput(work: Path, e: dict[str, str], folder: Path, count: int, repeat: int,
                dask: bool) -> None:
    base = [*gxlint(), "--no-cache", "--format", "json", "-o"]
    outputs: dict[str, Path] = {}

    def one(label: str, extra: list[str]) -> None:
        out = work / f"out-{folder.name}-{label.replace(' ', '_')}.json"
        wall, cpu = timed([*base, str(out), *extra, str(folder)], e, repeat)
        outputs[label] = out
        print(f"{label:22} {wall:7.2f} s {count / wall:8.1f} reports/s   (CPU of the gxlint process and its -j workers {cpu:6.2f} s)")

    one("-j 1", ["-j", "1"])
    one("-j 2", ["-j", "2"])
    if dask:
        try:
            from distributed import LocalCluster
        except ImportError:
            print("Dask: not installed (pip install 'gxlint[dask]')")
        else:
            with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                              dashboard_address=":0", silence_logs=40) as cluster:
                one("Dask, 2 local workers", ["--dask", cluster.scheduler_address])
            same = outputs["Dask, 2 local workers"].read_bytes() == outputs["-j 1"].read_bytes()
            print(f"Dask output byte-identical to -j 1: {same}")


FLOOR = ("import sys, pypdfium2\n"
         "for f in sys.argv[1:]:\n"
         "    d = pypdfium2.PdfDocument(f)\n"
         "    [p.get_textpage().get_text_range() for p in d]\n")


def pdf(work: Path, repeat: int) -> None:
    """gxlint per page on the real PDFs and on two generated ones (4 and 16 pages), a new process
    each, wall and CPU: against the run on the same text saved as a .txt (what reading the PDF
    costs beyond it), against pypdfium2's text floor, and against the same run with the pages
    drawn by pdfminer (``GXLINT_PDF_ENGINE=pdfminer``, the reader before issue 12)."""
    import pypdfium2
    from bench_pdf import generated

    from lint.adapters.pdf import read

    print(f"\n== PDF: whole run per page, a new process each time (--no-cache; wall the fastest, "
          f"CPU the median of {repeat})")
    files = sorted((ROOT.parent / "shared" / "real").glob("*.pdf"))
    if not files:
        print("no real PDFs in ../shared/real")
    files += generated(work)
    e = env(work / "cache-pdf")
    old = {**e, "GXLINT_PDF_ENGINE": "pdfminer"}
    print(f"{'report':<22} {'pages':>5} {'gxlint ms/page':>15} {'beyond text':>12} "
          f"{'pdfminer engine':>16} {'speed-up':>8} {'pypdfium2':>10} {'ratio':>6} {'imports':>8}")
    print(f"{'':<22} {'':>5} {'wall / CPU':>15} {'wall / CPU':>12} {'wall / CPU':>16} "
          f"{'(wall)':>8} {'wall':>10} {'(wall)':>6} {'wall':>8}")
    for path in files:
        pages = len(pypdfium2.PdfDocument(str(path)))
        # the same report as text: gxlint's own text form of the PDF, linted as a .txt
        text = work / f"{path.stem}.txt"
        text.write_text(read(str(path), path.read_bytes()).text, encoding="utf-8")
        ours, ours_cpu = timed([*gxlint(), "--no-cache", str(path)], e, repeat)
        plain, plain_cpu = timed([*gxlint(), "--no-cache", str(text)], e, repeat)
        before, before_cpu = timed([*gxlint(), "--no-cache", str(path)], old, repeat)
        floor, _ = timed([sys.executable, "-c", FLOOR, str(path)], e, repeat)
        loads, _ = timed([sys.executable, "-c", IMPORT_ONLY,
                          *imports_of([*gxlint(), "--no-cache", str(path)], e)], e, repeat)

        def per_page(wall: float, cpu: float, pages: int = pages) -> str:
            return f"{wall * 1e3 / pages:.1f} / {cpu * 1e3 / pages:.1f}"

        print(f"{path.name[:22]:<22} {pages:>5} {per_page(ours, ours_cpu):>15} "
              f"{per_page(ours - plain, ours_cpu - plain_cpu):>12} "
              f"{per_page(before, before_cpu):>16} {before / ours:>8.2f} "
              f"{floor * 1e3 / pages:>10.1f} {ours / floor:>6.2f} {loads * 1e3 / pages:>8.1f}")
    print("beyond text: the run on the PDF less the run on its own text form saved as a .txt")
    print("imports: a process that only imports what the run imports, nothing read (ms/page)")
    print("in-process figures (reading, structure pass, layout): python bench/bench_pdf.py")


def memory(work: Path, skip_10k: bool) -> None:
    print("\n== main-process peak memory (-j 2, --no-cache, JSON output)")
    from bench_batch import run  # noqa: PLC0415 - its child mode measures VmHWM

    sizes = [1000] if skip_10k else [1000, 10000]
    folder = write_corpus(work / "c10000", max(sizes))
    peaks = {}
    for n in sizes:
        os.environ["GXLINT_CACHE_DIR"] = str(work / "cache-mem")
        r = run(folder, 2, n, "--no-cache")
        peaks[n] = r["main_mib"]
        print(f"{n:>6} reports: main process {r['main_mib']:7.1f} MiB, largest worker "
              f"{r['worker_mib']:6.1f} MiB, {r['seconds']:6.1f} s")
    if len(peaks) == 2:
        print(f"10,000 / 1,000: {peaks[10000] / peaks[1000]:.2f}× (target ≤ 1.2×)")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--skip-10k", action="store_true", help="memory for 1,000 reports only")
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--parts", default="cold,cache,throughput,pdf,memory",
                        help="comma-separated: cold, cache, throughput, pdf, memory (default: all)")
    args = parser.parse_args(argv)
    parts = set(args.parts.split(","))
    repeat = 1 if args.quick else 3
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}, Python {sys.version.split()[0]}")
    work = Path(tempfile.mkdtemp(prefix="gxlint-bench-"))
    try:
        if "cold" in parts:
            cold_start(work, 10 if args.quick else 15)
        if "cache" in parts:
            cache_hit_miss(work, repeat)
        if "throughput" in parts:
            throughput(work, repeat, not args.skip_dask)
        if "pdf" in parts:
            pdf(work, repeat)
        if "memory" in parts:
            memory(work, args.skip_10k)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
