"""Batch mode: lint many files in supervised worker processes, with results in input order.

Every file — one file, ``-j 1`` or ``-j N`` — is linted in a worker process that the main
process supervises: a file past its time limit (``Options.timeout``, default 60 s) has its
worker killed and replaced, and each worker caps its own address space
(``Options.memory_limit``, default 1 GiB over what the worker held when it started), so a
hostile file costs its own result and never the batch. Workers are started once per run and
keep the rules and the parser they loaded; each sends back a FileResult with the small facts
the cross-year rules need (lint/crossyear.py), never the document tree. A crash while linting
one file becomes that file's error; so does a worker process that dies on it.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator

from .adapters.messages import reason
from .config import selected_rules
from .engine import Options, lint_file
from .findings import FileResult
from .rulepack import Rule, RuleLoadError

Task = tuple[str, Options]

DEFAULT_TIMEOUT = 60.0  # seconds per file
DEFAULT_MEMORY_MB = 1024  # MiB of address space per file, over the worker's own


def lint_one(task: Task, tables: bool = False) -> FileResult:
    """Lint one file in this process and keep its cross-year facts (and its tables, for the
    HTML page). Never raises: whatever goes wrong becomes the file's error. No time or memory
    limit here: :func:`lint_many` runs this under supervision."""
    path, options = task
    try:
        rules = selected_rules(options)
        result = lint_file(path, rules, options, _Collector(rules, tables))
        result.cacheable = True  # the file alone decided it (lint/cache.py)
        return result
    except RuleLoadError as exc:
        return FileResult(path, error=("规则无效：" if options.lang == "zh" else "invalid rules: ") + str(exc))
    except MemoryError:
        return FileResult(path, error=reason("memory_limit", options.lang, limit=options.memory_limit))
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
            from .formatters.review import review_facts

            result.review = review_facts(report, source)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def lint_many(tasks: Iterable[Task], jobs: int | None = None, *,
              tables: bool = False) -> Iterator[FileResult]:
    """Lint every ``(path, options)`` task in supervised workers (None: one per core); each
    result is yielded as soon as it and every result before it are ready, so the order is
    that of ``tasks`` whatever ``jobs`` is, and a slow file delays but never loses others."""
    tasks = list(tasks)
    if not tasks:
        return
    jobs = max(1, min(jobs or default_jobs(), len(tasks)))
    yield from _Supervisor(jobs, tables).run(tasks)


def lint_supervised(task: Task, tables: bool = False) -> FileResult:
    """One file under the same limits as a batch (the re-lint after --fix, --previous)."""
    return next(lint_many([task], 1, tables=tables))


# --- workers ---------------------------------------------------------------------------------


def _context():
    import multiprocessing  # here: importing lint.batch stays cheap

    # fork starts workers fastest (nothing to re-import, the rules already loaded); elsewhere
    # the platform's default (spawn) re-imports, which is slower but equally correct.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _address_space() -> int | None:
    """This process's mapped address space in bytes (Linux), or None."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _cap_memory(base: int | None, limit_mb: int) -> None:
    """Cap this worker's address space at what it held when it started plus ``limit_mb``
    (never above a hard limit set from outside, e.g. ``ulimit -v``)."""
    try:
        import resource
    except ImportError:  # not on POSIX: the deadline still holds
        return
    if base is None:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    want = base + limit_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        want = min(want, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (want, hard))
    except (ValueError, OSError):
        pass


def _serve(conn, tables: bool) -> None:
    """A worker: lint each task the supervisor sends until it sends None or goes away."""
    # Ctrl-C is the supervisor's to handle: it stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import gc

    gc.freeze()  # what the fork inherited is never scanned, so its pages stay shared
    base = _address_space()
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        index, task = item
        _cap_memory(base, task[1].memory_limit)
        result = lint_one(task, tables)
        try:
            conn.send((index, result))
        except (OSError, MemoryError, ValueError):
            return
        if _out_of_memory(result, task[1]):
            return  # what ran out may have left things half-done: the supervisor starts another


def _out_of_memory(result: FileResult, options: Options) -> bool:
    return result.error == reason("memory_limit", options.lang, limit=options.memory_limit)


def _warm(options: Options) -> None:
    """Import the pipeline and build its parsers here, once, before workers are forked: each
    inherits them instead of building its own (and a forked process pays for every page it
    writes to, more than for pages it only reads)."""
    from . import crossyear  # noqa: F401  (year_facts, in every worker)
    from .engine import lint_text

    try:
        lint_text("一、总体情况\n", "warm.txt", selected_rules(options), options)
    except Exception:  # noqa: BLE001 - a rule pack that fails is reported per file by the workers
        pass


class _Worker:
    """One worker process and the tasks sent to it: the first is running (since ``started``),
    the next waits in the pipe so that the worker never idles while results are handled."""

    def __init__(self, ctx, tables: bool) -> None:
        here, there = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(there, tables), daemon=True)
        self.process.start()
        there.close()
        self.conn = here
        self.sent: deque[tuple[int, Task]] = deque()
        self.started = 0.0

    @property
    def deadline(self) -> float:
        return self.started + self.sent[0][1][1].timeout

    def give(self, index: int, task: Task) -> None:
        self.conn.send((index, task))
        if not self.sent:
            self.started = time.monotonic()
        self.sent.append((index, task))

    def done(self) -> None:
        """The first task's result came back: the next one starts now."""
        self.sent.popleft()
        self.started = time.monotonic()

    def stop(self, kill: bool = False) -> None:
        if not kill:
            try:
                self.conn.send(None)
            except OSError:
                kill = True
        if kill:
            self.process.kill()
        self.process.join(None if kill else 2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


AHEAD = 2  # tasks sent to a worker at once: one running, one waiting


class _Supervisor:
    def __init__(self, jobs: int, tables: bool) -> None:
        self.jobs, self.tables = jobs, tables
        self.ctx = _context()

    def run(self, tasks: list[Task]) -> Iterator[FileResult]:
        from multiprocessing.connection import wait

        _warm(tasks[0][1])
        pending = deque(enumerate(tasks))
        done: dict[int, FileResult] = {}
        workers: list[_Worker | None] = [None] * self.jobs
        following = 0
        try:
            while following < len(tasks):
                self._feed(workers, pending)
                busy = [w for w in workers if w is not None and w.sent]
                timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
                ready = wait([w.conn for w in busy], timeout)
                for w in busy:
                    index, (path, options) = w.sent[0]
                    replace = True
                    if w.conn in ready:
                        try:
                            got, result = w.conn.recv()
                            replace = got != index or _out_of_memory(result, options)
                        except (EOFError, OSError):  # killed, out of memory, a crash in C
                            result = FileResult(path, error=reason("worker_died", options.lang))
                    elif time.monotonic() >= w.deadline:
                        result = FileResult(path, error=reason("time_limit", options.lang,
                                                               seconds=f"{options.timeout:g}"))
                    else:
                        continue
                    done[index] = result
                    w.done()
                    if replace:  # what it had not started goes to another worker
                        pending.extendleft(reversed(w.sent))
                        w.sent.clear()
                        w.stop(kill=True)
                        workers[workers.index(w)] = None  # started again when there is work
                while following in done:
                    yield done.pop(following)
                    following += 1
        finally:  # also when the consumer stops early, or on Ctrl-C
            for w in workers:
                if w is not None:
                    w.stop(kill=bool(w.sent))

    def _feed(self, workers: list[_Worker | None], pending: deque) -> None:
        """Send each worker tasks until it has AHEAD, in input order, starting workers as
        needed; a worker found dead while idle is replaced."""
        for i in range(len(workers)):
            while pending and (workers[i] is None or len(workers[i].sent) < AHEAD):
                if workers[i] is None:
                    workers[i] = _Worker(self.ctx, self.tables)
                w = workers[i]
                try:
                    w.give(*pending[0])
                except OSError:
                    pending.extendleft(reversed(w.sent))
                    w.sent.clear()
                    w.stop(kill=True)
                    workers[i] = None
                    continue
                pending.popleft()
