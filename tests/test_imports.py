"""The package's modules import one another without cycles (data flows one way).

Every import counts, also those inside functions and under TYPE_CHECKING: a lazy import
hides a cycle from the interpreter, not from the reader. One kind is allowed: a package's
``__init__`` loading one of its own submodules on demand (lint/adapters picks a reader by the
file's suffix), since the submodules live in the package's namespace anyway.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _modules() -> dict[str, tuple[Path, bool]]:
    mods = {}
    for path in (ROOT / "lint").rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        is_pkg = parts[-1] == "__init__"
        mods[".".join(parts[:-1] if is_pkg else parts)] = (path, is_pkg)
    return mods


def import_graph() -> dict[str, set[str]]:
    mods = _modules()
    graph: dict[str, set[str]] = {}
    for name, (path, is_pkg) in mods.items():
        here = name.split(".") if is_pkg else name.split(".")[:-1]
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = here[: len(here) - node.level + 1] if node.level else []
                target = ".".join(base + ([node.module] if node.module else []))
                if target not in mods:
                    continue
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    deps.add(sub if sub in mods else target)
            elif isinstance(node, ast.Import):
                deps.update(a.name for a in node.names if a.name in mods)
        if is_pkg:  # a package loading its own submodules (see the module docstring)
            deps = {d for d in deps if not d.startswith(name + ".")}
        deps.discard(name)
        graph[name] = deps
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles():
    assert cycles(import_graph()) == []


def test_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_graph_sees_lazy_imports():
    graph = import_graph()
    assert "lint.suppress" in graph["lint.engine"]  # imported inside functions
    assert "lint.parser" in graph["lint.pipeline"]



def test_test_tooling_is_outside_the_package():
    """The report generator is test tooling (tests/generate/), not a stage of the pipeline: the
    wheel ships the package folder whole (pyproject.toml: packages = ["lint"]), so nothing of
    it may be there, and no module of the package imports the tests' helpers."""
    import importlib.util

    assert importlib.util.find_spec("lint.generate") is None
    assert importlib.util.find_spec("tests.generate") is not None
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '\npackages = ["lint"]\n' in config
    for name, (path, _) in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            found = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
            assert not any(m == "tests" or m.startswith("tests.") for m in found), name

# --- what a text lint loads (cold start, issue 12) ----------------------------------------------

_PROBE = """
import atexit, sys
from lint.cli import main
atexit.register(lambda: print("MODULES", " ".join(sorted(sys.modules)), file=sys.stderr))
main(sys.argv[1:])
"""

# Never for a text report: the other formats' readers, YAML (rules and profiles come compiled
# from the cache folder), RE2 (only users' rule packs), schema checks and gitignore patterns
# (only when a rule pack or per-file-ignores needs them).
NEVER = ("pdfminer", "pdfplumber", "pypdfium2", "docx", "lxml", "yaml", "re2", "jsonschema",
         "pathspec", "distributed")
# Not when the result cache answers: the parser, the worker processes, temporary files; the
# readers, the pipeline's stages and the rule engine; OpenSSL (small digests use CPython's
# own SHA-256); the TOML parser (parsed configuration files are kept in the cache folder);
# the compiled regexes of the pipeline (lint/regexes.py reads their table on first use).
PIPELINE = ("lint.adapters", "lint.engine", "lint.pipeline", "lint.lexer", "lint.parser",
            "lint.ast", "lint.facts", "lint.binder", "lint.labels", "lint.checks", "lint.scopes",
            "lint.expr", "lint.profiles")
NOT_ON_A_HIT = ("lark", "multiprocessing", "tempfile", "lint.batch", *PIPELINE, "_hashlib",
                "tomllib", "string", "shutil")
# Git is asked for the tracked reports (lint/history.py: last year's) only when its index
# changed since it was last asked.
GIT = ("subprocess",)


def _loaded(tmp_path: Path, *args: str, said: list[str] | None = None) -> set[str]:
    import os
    import subprocess
    import sys

    env = {**os.environ, "GXLINT_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    if said is not None:
        said.append(done.stderr)
    line = next(x for x in done.stderr.splitlines() if x.startswith("MODULES "))
    return set(line.split()[1:])


def _top(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names if n in modules or any(m.startswith(n + ".") for m in modules))


def test_a_text_lint_loads_only_what_it_needs(tmp_path):
    from tests.generate import generate, render

    report = tmp_path / "r.txt"
    report.write_text(render(generate(3), "tabs"), encoding="utf-8")
    # a project's pyproject.toml without [tool.gxlint]: read, but parsed only the first time
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "reports"\n', encoding="utf-8")
    _loaded(tmp_path, "--no-cache", str(report))  # a first run compiles rules and profiles
    # --no-cache bypasses the result cache only (as ruff's): compiled rules are still read
    fresh = _loaded(tmp_path, "--no-cache", str(report))
    assert _top(fresh, NEVER) == []
    assert "lark" in fresh  # the report was parsed here, not answered from a cache
    _loaded(tmp_path, str(report))  # stores the result
    hit = _loaded(tmp_path, str(report))
    assert _top(hit, NEVER + NOT_ON_A_HIT + GIT) == []



# A dataclass exec-compiles its generated methods (__init__, __repr__, __eq__; six when frozen)
# each time gxlint starts, which cost an unseen report's run ~25 ms when the pipeline's
# records were dataclasses: they are NamedTuples or plain classes. These remain: the records
# the result cache encodes field by field (lint/cache.py) and Lark's own.
_COUNTING = """
import atexit, dataclasses, sys
made = []
process = dataclasses._process_class
def counted(cls, *args, **kwargs):
    made.append(cls.__module__ + "." + cls.__qualname__)
    return process(cls, *args, **kwargs)
dataclasses._process_class = counted
atexit.register(lambda: print("DATACLASSES", *made, file=sys.stderr))
from lint.cli import main
main(sys.argv[1:])
"""
CACHED_RECORDS = {"lint.findings.Location", "lint.findings.Finding", "lint.findings.FileResult",
                  "lint.suppress.Directive", "lint.crossyear.YearFacts", "lint.options.Options"}


def test_an_unseen_report_creates_few_dataclasses(tmp_path):
    import os
    import subprocess
    import sys

    from tests.generate import generate, render

    env = {**os.environ, "GXLINT_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    made = []
    for seed in (5, 6):  # the first run compiles rules and profiles; the second is a miss
        report = tmp_path / f"r{seed}.txt"
        report.write_text(render(generate(seed), "tabs"), encoding="utf-8")
        done = subprocess.run([sys.executable, "-c", _COUNTING, str(report)], capture_output=True,
                              text=True, env=env, cwd=tmp_path, timeout=120)
        assert done.returncode in (0, 1), done.stderr
        made = next(x for x in done.stderr.splitlines() if x.startswith("DATACLASSES")).split()[1:]
    assert made  # the counting works: some remain
    assert sorted(m for m in made if m.startswith("lint.") and m not in CACHED_RECORDS) == []
    assert len(made) <= len(CACHED_RECORDS) + 2, made

def test_a_cache_hit_in_a_git_repository(tmp_path):
    """In a git repository a hit also looks for last year's report among the tracked files
    (lint/history.py): git's list is kept while the index is unchanged, the history's reports
    come from the result cache, and so do the pair's cross-year findings."""
    import os
    import shutil
    import subprocess

    from tests.generate import generate_series, render

    if shutil.which("git") is None:
        import pytest

        pytest.skip("git is not installed")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    for year, spec in zip((2022, 2023), generate_series(4, years=2, first_year=2022), strict=True):
        (tmp_path / f"r{year}.txt").write_text(render(spec, "tabs"), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "reports"\n', encoding="utf-8")
    for cmd in (["init", "-q"], ["add", "."]):
        subprocess.run(["git", *cmd], cwd=tmp_path, env=env, check=True, capture_output=True)
    report = str(tmp_path / "r2023.txt")
    first = _loaded(tmp_path, report)  # lints the report and, for its history, last year's
    assert "subprocess" in first  # git was asked
    said: list[str] = []
    _loaded(tmp_path, "-v", report, said=said)
    assert "r2022.txt" in said[0]  # paired with last year's report, found in the history
    hit = _loaded(tmp_path, report)
    assert _top(hit, NEVER + NOT_ON_A_HIT + GIT) == []
