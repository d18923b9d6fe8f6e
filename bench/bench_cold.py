"""A cold ``gxlint`` run on one text report, against ``python -c pass`` and against
``import lark, yaml, click`` in the same run: with the result cache answering (the report in
its git repository, where last year's report is looked up, and a copy outside any), on a
report the cache has not seen (compiled rules warm: a pre-commit hook's case), and with
--no-cache.

Each command is started as a new process, so this measures what a user waits for:
interpreter start, imports, loading the rules, parsing and linting. Medians of wall and CPU
time (CPU: the process and the worker it forks; less stretched by other load).
Run: python bench/bench_cold.py [REPORT] [--repeat N]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_speed import cold_start  # noqa: E402 - the same measurement as issue 12's bench


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("report", nargs="?", default=None)
    parser.add_argument("--repeat", type=int, default=15, help="runs per row (default 15)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="gxlint-cold-"))
    try:
        cold_start(work, max(args.repeat, 1),
                   str(Path(args.report).resolve()) if args.report else None)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
