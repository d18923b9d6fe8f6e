"""What suppressions, baselines and fixes cost over a batch of generated reports.

Lints N generated reports (every layout, with debris, title spaces and misspelt labels),
then times, each against the plain per-file pass: applying comments + baseline, writing a
baseline, computing the --diff, and --fix (write + re-lint of the fixed files).
Run: python bench/bench_suppress.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lint import fixes, suppress  # noqa: E402
from lint.engine import Options, lint_file  # noqa: E402
from lint.rulepack import load_rules  # noqa: E402
from tests.generate import LAYOUTS, generate, render  # noqa: E402


def write_reports(folder: Path, n: int) -> list[Path]:
    paths = []
    for i in range(n):
        layout = LAYOUTS[i % len(LAYOUTS)]
        text = render(generate(i), layout, bookmarks=True, bold_debris=True, title_space=True)
        text = text.replace("本年废止件数", "本年度止件数")
        if layout == "markdown":
            text = text.replace("## 六、", "<!-- gxlint-disable-next-line GX601 -- 已另行说明 -->\n## 六、", 1)
        path = folder / f"r{i:04d}.{'md' if layout == 'markdown' else 'txt'}"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    rules, options = load_rules(), Options()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = write_reports(folder, n)
        start = time.perf_counter()
        results = [lint_file(p, rules, options) for p in paths]
        lint_s = time.perf_counter() - start
        findings = sum(len(r.findings) for r in results)

        base = folder / "base.json"
        start = time.perf_counter()
        written = suppress.apply(results, rules, options, None, rules, base)
        write_s = time.perf_counter() - start

        results = [lint_file(p, rules, options) for p in paths]
        baseline = suppress.read_baseline(base)
        start = time.perf_counter()
        suppress.apply(results, rules, options, baseline, rules)
        apply_s = time.perf_counter() - start

        results = [lint_file(p, rules, options) for p in paths]
        start = time.perf_counter()
        preview = fixes.run(results, write=False)
        diff_s = time.perf_counter() - start

        start = time.perf_counter()
        done = fixes.run(results, write=True)
        relinted = [lint_file(p, rules, options) for p in paths if str(p) in done.fixed]
        fix_s = time.perf_counter() - start
        left = sum(1 for r in relinted for f in r.findings if f.fix)

    per = lambda s: f"{s / n * 1000:7.2f} ms/report"  # noqa: E731
    print(f"{n} reports, {findings} findings ({written} written to the baseline)")
    print(f"lint (per-file pass)        {lint_s:7.3f} s  {per(lint_s)}")
    print(f"write baseline + comments   {write_s:7.3f} s  {per(write_s)}  {write_s / lint_s:6.1%} of lint")
    print(f"apply baseline + comments   {apply_s:7.3f} s  {per(apply_s)}  {apply_s / lint_s:6.1%} of lint")
    print(f"--diff                      {diff_s:7.3f} s  {per(diff_s)}  {diff_s / lint_s:6.1%} of lint")
    print(f"--fix (write + re-lint)     {fix_s:7.3f} s  {per(fix_s)}  {fix_s / lint_s:6.1%} of lint")
    print(f"fixed {sum(done.fixed.values())} findings in {len(done.fixed)} files "
          f"({len(preview.diffs)} diffs); fixable findings left after re-lint: {left}")


if __name__ == "__main__":
    main()
