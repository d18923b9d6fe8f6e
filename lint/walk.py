"""Which files a run lints: the files named, and report files found in the folders named."""

from __future__ import annotations

import os
from pathlib import Path

from .adapters import SUFFIXES


def collect(paths: tuple[str, ...] | list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """(files to lint, [(path, problem)]) — a path that does not exist is a problem, not a
    crash; folders are searched recursively for report files, hidden folders skipped."""
    files: list[str] = []
    problems: list[tuple[str, str]] = []
    for given in paths:
        p = Path(given)
        if p.is_dir():
            found = []
            for root, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(os.path.join(root, n) for n in names
                             if n.lower().endswith(SUFFIXES) and not n.startswith("."))
            files.extend(sorted(found))
        elif p.exists():
            files.append(given)
        else:
            problems.append((given, "no such file or directory"))
    return list(dict.fromkeys(files)), problems
