"""Which files a run lints: the files named, and report files found in the folders named."""

from __future__ import annotations

import os
from pathlib import Path

from .adapters import SUFFIXES, InputError

# What `gxlint --format html` writes into its page's head (lint/formatters/html.py).
GENERATOR_MARK = b'<meta name="generator" content="gxlint'


def _own_page(path: str) -> bool:
    """A review page gxlint wrote (often saved next to the reports): not a report to lint
    when a folder is searched. A page named on the command line is still read."""
    if not path.lower().endswith((".html", ".htm")):
        return False
    try:
        with open(path, "rb") as fh:
            return GENERATOR_MARK in fh.read(2048)
    except OSError:
        return False  # reading it will say what is wrong


def collect(paths: tuple[str, ...] | list[str]) -> tuple[list[str], list[InputError]]:
    """(files to lint, problems) — a path that does not exist, or a folder that cannot be
    entered or listed, is a problem, not a crash; folders are searched recursively for
    report files, hidden folders skipped."""
    from . import adapters

    files: list[str] = []
    problems: list[InputError] = []

    def unreadable(exc: OSError) -> None:
        problems.append(adapters._os_error(exc.filename or "?", exc))

    for given in paths:
        p = Path(given)
        try:
            is_dir = p.is_dir()
            exists = is_dir or p.exists()
        except OSError as exc:  # e.g. a parent folder that cannot be entered
            problems.append(adapters._os_error(given, exc))
            continue
        if is_dir:
            found = []
            for root, dirs, names in os.walk(p, onerror=unreadable):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(path for path in (os.path.join(root, n) for n in names
                                               if n.lower().endswith(SUFFIXES) and not n.startswith("."))
                             if not _own_page(path))
            files.extend(sorted(found))
        elif exists:
            files.append(given)
        else:
            problems.append(InputError(given, "missing"))
    return list(dict.fromkeys(files)), problems
