"""gxlint --similar's pairing (MinHash + LSH over the per-file shingle samples) for 1,000 and
10,000 generated reports: prints the time of find_pairs alone, which should grow about
linearly, and the pairs found. Usage: python bench/bench_similar.py [N ...]"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lint.crossyear import year_facts  # noqa: E402
from lint.pipeline import parse_text  # noqa: E402
from lint.rulepack import load_rules  # noqa: E402
from lint.similar import find_pairs  # noqa: E402
from tests.generate import generate_corpus, render  # noqa: E402


def main(sizes: list[int]) -> None:
    import datasketch  # noqa: F401  (its import, once, is not the pairing's time)

    rules = [r for r in load_rules() if r.id == "GX703"]
    for n in sizes:
        facts = []
        for i, spec in enumerate(generate_corpus(max(1, n // 4), years=4, seed=2024)[:n]):
            f = year_facts(parse_text(render(spec), f"{i}.txt"), None, rules)
            facts.append(f)
        start = time.perf_counter()
        pairs = find_pairs(facts)
        took = time.perf_counter() - start
        print(f"{n:>6} reports: {took:6.2f} s ({took / n * 1000:.2f} ms/report), {len(pairs)} pairs")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])
