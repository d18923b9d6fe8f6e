"""Parse time per report against a floor measured in the same run.

The floor is the least any parser must do: read the file, split it into lines and run one
regex over each line. gxlint's parse (lex, Lark, AST, facts, binding) is reported as a
multiple of it. Run: python bench/bench_parse.py [FILES...]

``--stages`` also splits the parse time into its stages (lex, Lark, AST, facts, binding),
each timed on its own over the previous stage's output.
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


def stages(path: Path, repeat: int) -> dict[str, float]:
    """Median seconds of each parse stage, each run on the output of the one before."""
    from lint.binder import bind
    from lint.facts import describe
    from lint.lexer import LexContext, lex
    from lint.parser import _Builder, _lark, section_keywords

    text = path.read_text(encoding="utf-8-sig")
    markdown = path.suffix.lower() in (".md", ".markdown")
    lexed = lex(text, LexContext(section_keywords(), markdown=markdown))
    tree = _lark().parse(lexed.tokens)
    doc = _Builder(text, lexed).document(tree)
    describe(doc)
    steps = {
        "lex": lambda _: lex(text, LexContext(section_keywords(), markdown=markdown)),
        "lark": lambda _: _lark().parse(lexed.tokens),
        "ast": lambda _: _Builder(text, lexed).document(tree),
        "facts": lambda _: describe(doc),  # idempotent: it only sets the facts again
        "bind": lambda _: bind(doc, str(path)),
    }
    return {name: timed(fn, path, repeat) for name, fn in steps.items()}


def main(argv: list[str]) -> None:
    show_stages = "--stages" in argv
    argv = [a for a in argv if a != "--stages"]
    files = [Path(a) for a in argv] or sorted((ROOT.parent / "shared" / "seeds").glob("*.txt")) \
        + sorted((ROOT / "fixtures").glob("gen-*.txt")) + sorted((ROOT / "fixtures").glob("gen-*.md"))
    if not files:
        sys.exit("no reports to measure: pass files, or run next to ../shared/seeds or fixtures/")
    names = ("lex", "lark", "ast", "facts", "bind")
    head = f"{'report':<40} {'bytes':>7} {'floor µs':>9} {'parse µs':>9} {'ratio':>6}"
    print(head + ("".join(f" {n + ' µs':>9}" for n in names) if show_stages else ""))
    ratios = []
    for path in files:
        f = timed(floor, path, 200)
        p = timed(parse, path, 50)
        ratios.append(p / f)
        line = f"{path.name[:40]:<40} {path.stat().st_size:>7} {f * 1e6:>9.0f} {p * 1e6:>9.0f} {p / f:>6.1f}"
        if show_stages:
            split = stages(path, 50)
            line += "".join(f" {split[n] * 1e6:>9.0f}" for n in names)
        print(line)
    print(f"median ratio {statistics.median(ratios):.1f}×, worst {max(ratios):.1f}× (target: a typical report ≤ 20×)")


if __name__ == "__main__":
    main(sys.argv[1:])
