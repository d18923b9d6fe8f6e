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

from . import regexes
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
        regexes.save()  # patterns compiled here for the first time, for the next runs
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
    """A worker: lint each task the supervisor sends until it sends None or goes away.

    Messages are plain pickles over the pipe (``send_bytes``): a task is ``(index, path,
    options)`` with ``options`` None when it is the previous task's (most runs have one set
    of options, sent once), a result ``(index, FileResult)``."""
    import pickle

    # Ctrl-C is the supervisor's to handle: it stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import gc

    gc.freeze()  # what the fork inherited is never scanned, so its pages stay shared
    base = _address_space()
    options = None
    capped = None
    while True:
        try:
            item = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return
        if item is None:
            return
        index, path, given = item
        if given is not None:
            options = given
        if options.memory_limit != capped:
            _cap_memory(base, options.memory_limit)
            capped = options.memory_limit
        result = lint_one((path, options), tables)
        try:
            conn.send_bytes(pickle.dumps((index, result), pickle.HIGHEST_PROTOCOL))
        except (OSError, MemoryError, ValueError):
            return
        if _out_of_memory(result, options):
            return  # what ran out may have left things half-done: the supervisor starts another


def _out_of_memory(result: FileResult, options: Options) -> bool:
    return result.error == reason("memory_limit", options.lang, limit=options.memory_limit)


def _warm(options: Options) -> None:
    """Import the pipeline and build its parsers here, once, before workers are forked: each
    inherits them instead of building its own (and a forked process pays for every page it
    writes to, more than for pages it only reads).

    What loads here lives as long as the process: the cyclic garbage collector is off while
    it loads, then all of it is frozen (gc.freeze: never scanned again) rather than collected
    over and over as it grows — also when the process exits, which would otherwise cost
    about what the loading did."""
    import gc

    collecting = gc.isenabled()
    gc.disable()
    try:
        from . import crossyear, shingles  # noqa: F401  (year_facts and GX703's prose, in every worker)
        from .engine import lint_text

        lint_text("一、总体情况\n", "warm.txt", selected_rules(options), options)
    except Exception:  # noqa: BLE001 - a rule pack that fails is reported per file by the workers
        pass
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    regexes.save()


class _Worker:
    """One worker process and the tasks sent to it: the first is running (since ``started``),
    the next ones wait in the pipe so that the worker never idles while results are handled."""

    def __init__(self, ctx, tables: bool) -> None:
        here, there = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(there, tables), daemon=True)
        self.process.start()
        there.close()
        self.conn = here
        self.sent: deque[tuple[int, Task]] = deque()
        self.started = 0.0
        self.options: Options | None = None  # the options the worker holds

    @property
    def deadline(self) -> float:
        return self.started + self.sent[0][1][1].timeout

    def give(self, index: int, task: Task) -> None:
        import pickle

        path, options = task
        same = options is self.options
        self.conn.send_bytes(pickle.dumps((index, path, None if same else options),
                                          pickle.HIGHEST_PROTOCOL))
        self.options = options
        if not self.sent:
            self.started = time.monotonic()
        self.sent.append((index, task))

    def receive(self) -> tuple[int, FileResult]:
        import pickle

        return pickle.loads(self.conn.recv_bytes())

    def done(self) -> None:
        """The first task's result came back: the next one starts now."""
        self.sent.popleft()
        self.started = time.monotonic()

    def stop(self, kill: bool = False) -> None:
        if not kill:
            try:
                self.conn.send_bytes(b"N.")  # pickle of None
            except OSError:
                kill = True
        if kill:
            self.process.kill()
        self.process.join(None if kill else 2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


# Tasks sent to a worker at once: one running, the others waiting in its pipe, so that the
# supervisor can take results a few at a time (LINGER) without the worker running dry.
AHEAD = 8
# After handling results, the supervisor lets more gather for this long before it looks
# again: one wake-up (two context switches) per few small files rather than per file, which
# is most of what supervising small files costs. A file's output is late by at most this.
LINGER = 0.01


class _Supervisor:
    def __init__(self, jobs: int, tables: bool) -> None:
        self.jobs, self.tables = jobs, tables
        self.ctx = _context()

    def run(self, tasks: list[Task]) -> Iterator[FileResult]:
        from multiprocessing.connection import wait

        _warm(tasks[0][1])
        self.tasks, self.next = tasks, 0  # tasks[next:] not sent yet; self.again: sent, to resend
        self.again: deque[tuple[int, Task]] = deque()
        done: dict[int, FileResult] = {}
        workers: list[_Worker | None] = [None] * self.jobs
        following = 0
        try:
            while following < len(tasks):
                self._feed(workers)
                busy = [w for w in workers if w is not None and w.sent]
                timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
                ready = wait([w.conn for w in busy], timeout)
                handled = False
                for w in busy:
                    while w.sent:
                        index, (path, options) = w.sent[0]
                        replace = True
                        if w.conn in ready and w.conn.poll():
                            try:
                                got, result = w.receive()
                                replace = got != index or _out_of_memory(result, options)
                            except (EOFError, OSError):  # killed, out of memory, a crash in C
                                result = FileResult(path, error=reason("worker_died", options.lang))
                        elif time.monotonic() >= w.deadline:
                            result = FileResult(path, error=reason("time_limit", options.lang,
                                                                   seconds=f"{options.timeout:g}"))
                        else:
                            break
                        handled = True
                        done[index] = result
                        w.done()
                        if replace:  # what it had not started goes to another worker
                            self._take_back(w)
                            workers[workers.index(w)] = None  # started again when there is work
                            break
                while following in done:
                    yield done.pop(following)
                    following += 1
                if handled and following < len(tasks):
                    time.sleep(LINGER)
        finally:  # also when the consumer stops early, or on Ctrl-C
            for w in workers:
                if w is not None:
                    w.stop(kill=bool(w.sent))

    def _take_back(self, w: _Worker) -> None:
        """Stop ``w``; the tasks it had not finished are sent again, before any new one."""
        self.again.extend(w.sent)
        self.again = deque(sorted(self.again))
        w.sent.clear()
        w.stop(kill=True)

    def _feed(self, workers: list[_Worker | None]) -> None:
        """Give tasks in input order, each to the worker with the fewest waiting, until each
        has AHEAD, starting workers as needed; a worker found dead while idle is replaced."""
        while self.again or self.next < len(self.tasks):
            i = min(range(len(workers)), key=lambda k: len(workers[k].sent) if workers[k] else 0)
            if workers[i] is not None and len(workers[i].sent) >= AHEAD:
                return
            if workers[i] is None:
                workers[i] = _Worker(self.ctx, self.tables)
            w = workers[i]
            item = self.again[0] if self.again else (self.next, self.tasks[self.next])
            try:
                w.give(*item)
            except OSError:
                self._take_back(w)
                workers[i] = None
                continue
            if self.again:
                self.again.popleft()
            else:
                self.next += 1


# --- one call under the same limits (gxlint parse) ----------------------------------------------


def call_supervised(fn, args: tuple, options: Options, path: str):
    """``fn(*args)`` in a worker process under ``options``' deadline and memory cap, as a
    file of a batch is linted; returns ``(value, None)``, or ``(None, reason)`` when the call
    ran past its limit, ran out of memory or its process died. ``fn`` runs in a forked copy of
    this process (where there is no fork, the platform's start method pickles ``fn``)."""
    ctx = _context()
    here, there = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_call, args=(there, fn, args, options.memory_limit), daemon=True)
    process.start()
    there.close()
    try:
        if not here.poll(options.timeout):
            return None, reason("time_limit", options.lang, seconds=f"{options.timeout:g}")
        try:
            ok, value = here.recv()
        except (EOFError, OSError):
            return None, reason("worker_died", options.lang)
        if not ok:
            return None, reason("memory_limit", options.lang, limit=options.memory_limit)
        return value, None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        here.close()


def _call(conn, fn, args: tuple, limit_mb: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _cap_memory(_address_space(), limit_mb)
    try:
        value = fn(*args)
    except MemoryError:
        conn.send((False, None))
        return
    conn.send((True, value))
