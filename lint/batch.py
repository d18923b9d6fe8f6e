"""Batch mode: lint many files, in worker processes when asked, with results in input order.

Each worker loads the rules once (per set of extra rule folders) and parses with the Lark
parser it built once; it sends back each FileResult with the small facts the cross-year
rules need (lint/crossyear.py), never the document tree, so memory stays flat however long
the batch. A crash while linting one file becomes that file's error; so does a worker
process that dies on it.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from .config import selected_rules
from .engine import Options, lint_file
from .findings import FileResult
from .rulepack import Rule, RuleLoadError

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

Task = tuple[str, Options]

def lint_one(task: Task, tables: bool = False) -> FileResult:
    """Lint one file and keep its cross-year facts (and its tables, for the HTML page).
    Never raises: whatever goes wrong becomes the file's error."""
    path, options = task
    try:
        rules = selected_rules(options)
        result = lint_file(path, rules, options, _Collector(rules, tables))
        result.cacheable = True  # the file alone decided it (lint/cache.py)
        return result
    except RuleLoadError as exc:
        return FileResult(path, error=("规则无效：" if options.lang == "zh" else "invalid rules: ") + str(exc))
    except Exception as exc:  # a bug must cost one file, never the batch
        what = f"{type(exc).__name__}: {exc}"
        return FileResult(path, error=(f"gxlint 内部错误，未能检查此文件（{what}）" if options.lang == "zh"
                                       else f"gxlint internal error, file not checked ({what})"))


class _Collector:
    """Keeps what the later steps need from a parsed report (see engine.lint_file)."""

    def __init__(self, rules: list[Rule], tables: bool) -> None:
        self.rules, self.tables = rules, tables

    def __call__(self, result: FileResult, report, source) -> None:
        from .crossyear import year_facts

        result.facts = year_facts(report, source, self.rules)
        if self.tables:
            from .formatters.html import table_views

            result.tables = table_views(report, source)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def lint_many(tasks: Iterable[Task], jobs: int | None = None, *,
              tables: bool = False) -> Iterator[FileResult]:
    """Lint every ``(path, options)`` task; results come in the order of ``tasks`` whatever
    ``jobs`` is (None: one worker per core; 1: in this process)."""
    tasks = list(tasks)
    jobs = max(1, min(jobs or default_jobs(), len(tasks)))
    if jobs == 1:
        for task in tasks:
            yield lint_one(task, tables)
        return
    yield from _parallel(tasks, jobs, tables)


def _context():
    import multiprocessing  # here: a run over one file never needs it

    # fork starts workers fastest (nothing to re-import); elsewhere the platform's default
    # (spawn) re-imports, which is slower but equally correct.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _worker(item: tuple[Task, bool]) -> FileResult:
    return lint_one(*item)


def _ignore_interrupt() -> None:
    # Ctrl-C is the main process's to handle: it stops the pool; workers just stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _pool(jobs: int) -> ProcessPoolExecutor:
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(jobs, mp_context=_context(), initializer=_ignore_interrupt)


def _parallel(tasks: list[Task], jobs: int, tables: bool) -> Iterator[FileResult]:
    from concurrent.futures.process import BrokenProcessPool

    # Chunks amortise the inter-process traffic; small enough that both workers stay busy.
    chunk = max(1, min(16, len(tasks) // (jobs * 8)))
    start = 0
    while start < len(tasks):
        pool = _pool(jobs)
        broken = False
        try:
            for result in pool.map(_worker, [(t, tables) for t in tasks[start:]], chunksize=chunk):
                yield result
                start += 1
        except BrokenProcessPool:
            broken = True
        finally:  # also when the consumer stops early or Ctrl-C: drop what has not started
            pool.shutdown(wait=True, cancel_futures=True)
        if broken:
            # A worker died (killed, out of memory, a crash in a C library). Find out whether
            # the first unfinished file is the cause by linting it alone, then go on.
            yield _isolated(tasks[start], tables)
            start += 1


def _isolated(task: Task, tables: bool) -> FileResult:
    from concurrent.futures.process import BrokenProcessPool

    try:
        with _pool(1) as pool:
            return pool.submit(_worker, (task, tables)).result()
    except BrokenProcessPool:
        path, options = task
        return FileResult(path, error=("gxlint 检查此文件时工作进程意外退出" if options.lang == "zh"
                                       else "the gxlint worker process died while linting this file"))
