"""Batch mode across machines: the per-file pass on an existing Dask cluster.

``gxlint --dask tcp://scheduler:8786 reports/`` sends the files, a few at a time, to the
cluster's workers, which lint them as ``-j`` workers do (lint/batch.py ``lint_one``) and send
back each FileResult with its cross-year facts. Pairing, cross-year rules, suppressions and
output stay here in the client, over results taken in input order, so the output is the same
as with ``-j 1``. Workers read the reports themselves: every worker must see them at the same
absolute path (a shared file system) and run the same gxlint version (``pip install
'gxlint[dask]'`` on each).

Only ``dask.distributed`` is needed, and only when ``--dask`` is given.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator

from .batch import Task, lint_one
from .findings import FileResult

CHUNK = 16  # files per Dask task: amortises the scheduler's per-task cost
IN_FLIGHT = 4  # chunks per worker thread waiting or running: keeps the client's memory flat


class DaskUnavailable(RuntimeError):
    pass


def _lint_chunk(tasks: list[Task], tables: bool) -> list[FileResult]:
    """Runs on a worker: the chunk's files, by absolute path."""
    return [lint_one(task, tables) for task in tasks]


def lint_dask(tasks: list[Task], address: str, tables: bool = False) -> Iterator[FileResult]:
    """Lint every task on the Dask cluster at ``address``; results in the order of ``tasks``."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise DaskUnavailable("--dask needs dask.distributed: pip install 'gxlint[dask]'") from exc
    try:
        client = Client(address, set_as_default=False, timeout="30s")
    except (OSError, TimeoutError) as exc:
        raise DaskUnavailable(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
    try:
        threads = max(1, sum(client.nthreads().values()))
        chunks = [tasks[i:i + CHUNK] for i in range(0, len(tasks), CHUNK)]
        pending: deque = deque()
        submitted = 0
        while submitted < len(chunks) or pending:
            while submitted < len(chunks) and len(pending) < threads * IN_FLIGHT:
                chunk = chunks[submitted]
                remote = [(os.path.abspath(path), options) for path, options in chunk]
                pending.append((chunk, client.submit(_lint_chunk, remote, tables, pure=False)))
                submitted += 1
            chunk, future = pending.popleft()
            yield from _results(chunk, future)
    finally:
        client.close()


def _results(chunk: list[Task], future) -> Iterator[FileResult]:
    """The chunk's results under the paths the user gave; a chunk the cluster could not run
    (its workers died on it, say) is each file's error, and the batch goes on."""
    try:
        results = future.result()
    except Exception as exc:  # noqa: BLE001 - KilledWorker, a lost connection, …
        for path, options in chunk:
            what = f"{type(exc).__name__}: {exc}"
            yield FileResult(path, error=(f"Dask 集群未能检查此文件（{what}）" if options.lang == "zh"
                                          else f"the Dask cluster could not lint this file ({what})"))
        return
    for (path, _), result in zip(chunk, results, strict=True):
        yield result.moved_to(path)
