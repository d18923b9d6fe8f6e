"""What configuration files cost: resolving the Options of many files (discovery is cached per
folder) against linting them, in one process.

Builds a throwaway tree of FILES report paths in FOLDERS nested folders under a .gxlint.toml
with per-file-ignores, then times ``config.options_for`` for every path (cold: the cache is
cleared first) and ``engine.lint_file`` for a sample of them; then what a team rule pack
costs to load when its rules' examples run (the first load) and when their verdict is cached.
Run: python bench/bench_config.py [FILES] [FOLDERS]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lint.config import Overrides, clear_cache, options_for, selected_rules  # noqa: E402
from lint.engine import lint_file  # noqa: E402
from tests.generate import generate, render  # noqa: E402


def main(argv: list[str]) -> None:
    files = int(argv[0]) if argv else 2000
    folders = int(argv[1]) if len(argv) > 1 else 50
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        (base / ".gxlint.toml").write_text(
            'ignore = ["GX801"]\n[per-file-ignores]\n"archive/" = ["GX4"]\n"*-draft.txt" = ["GX6"]\n',
            encoding="utf-8")
        text = render(generate(1), "tabs")
        paths = []
        for i in range(files):
            folder = base / "reports" / f"d{i % folders}" / "sub"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"r{i}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        clear_cache()
        start = time.perf_counter()
        for p in paths:
            options_for(p, Overrides())
        resolve = (time.perf_counter() - start) / files
        sample = paths[:20]
        start = time.perf_counter()
        for p in sample:
            options = options_for(p, Overrides())
            lint_file(p, selected_rules(options), options)
        lint = (time.perf_counter() - start) / len(sample)
    print(f"files, folders            {files}, {folders}")
    print(f"options_for per file      {resolve * 1e6:8.1f} µs (cold discovery cache)")
    print(f"options_for + lint_file   {lint * 1e3:8.2f} ms per file")
    print(f"configuration share       {resolve / lint * 100:8.2f} % of linting a file")


TEAM_PACK = """\
rules:
  - id: TM101
    name: enquiry-phone
    severity: warning
    summary: {zh: 报告未提供咨询电话, en: The report gives no enquiry phone number}
    description: {zh: 本单位要求写明咨询电话。, en: Our office asks for the enquiry phone number.}
    basis: 本单位年度报告编写要求
    message: {zh: 未写明咨询电话, en: no enquiry phone number}
    check: {kind: pattern, scope: other, require_any: ['咨询电话']}
    examples:
      bad: "六、其他需要报告的事项\\n本机关未收取信息处理费。\\n"
      good: "六、其他需要报告的事项\\n咨询电话：0000-1234567。\\n"
"""


def team_pack() -> None:
    """Loading a team pack: validated and its examples run, then from the cache."""
    from lint import rulepack, ruletest

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "p.yaml").write_text(TEAM_PACK, encoding="utf-8")
        key = f"bench-{time.time_ns()}"  # a key no earlier run has cached
        times = []
        for _ in range(2):
            rulepack._loaded.clear()  # as a fresh process
            start = time.perf_counter()
            rulepack.load_rules([Path(tmp)], verify=ruletest.verify, verify_key=key)
            times.append(time.perf_counter() - start)
    print(f"team pack, first load     {times[0] * 1e3:8.1f} ms (every pack validated, its examples run)")
    print(f"team pack, next loads     {times[1] * 1e3:8.1f} ms (rules and verdict from the cache)")


if __name__ == "__main__":
    main(sys.argv[1:])
    team_pack()
