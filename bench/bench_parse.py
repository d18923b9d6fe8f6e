"""Parse time per report against a floor measured in the same run.

The floor is the least any parser must do: read the file, split it into lines and run one
regex over each line. gxlint's parse (lex, Lark, AST, facts, binding) is reported as a
multiple of it. Run: python bench/bench_parse.py [FILES...]
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lint.pipeline import parse_text  # noqa: E402

_FLOOR_RE = re.compile(r"^\s*(?:[一二三四五六]、|\S+\t)")


def floor(path: Path) -> int:
    text = path.read_text(encoding="utf-8-sig")
    return sum(1 for line in text.splitlines() if _FLOOR_RE.search(line))


def parse(path: Path) -> int:
    text = path.read_text(encoding="utf-8-sig")
    return len(parse_text(text, str(path)).cells)


def timed(fn, path: Path, repeat: int) -> float:
    """Median seconds per call over ``repeat`` calls (after one warm-up call)."""
    fn(path)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(path)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main(argv: list[str]) -> None:
    files = [Path(a) for a in argv] or sorted((ROOT.parent / "shared" / "seeds").glob("*.txt")) \
        + sorted((ROOT / "fixtures").glob("gen-*.txt")) + sorted((ROOT / "fixtures").glob("gen-*.md"))
    if not files:
        sys.exit("no reports to measure: pass files, or run next to ../shared/seeds or fixtures/")
    print(f"{'report':<40} {'bytes':>7} {'floor µs':>9} {'parse µs':>9} {'ratio':>6}")
    ratios = []
    for path in files:
        f = timed(floor, path, 200)
        p = timed(parse, path, 50)
        ratios.append(p / f)
        print(f"{path.name[:40]:<40} {path.stat().st_size:>7} {f * 1e6:>9.0f} {p * 1e6:>9.0f} {p / f:>6.1f}")
    print(f"median ratio {statistics.median(ratios):.1f}×, worst {max(ratios):.1f}× (target: a typical report ≤ 20×)")


if __name__ == "__main__":
    main(sys.argv[1:])
