"""Which files a run lints: the files named, and report files found in the folders named."""

from __future__ import annotations

import os
from pathlib import Path

from .adapters import SUFFIXES, InputError


def collect(paths: tuple[str, ...] | list[str]) -> tuple[list[str], list[InputError]]:
    """(files to lint, problems) — a path that does not exist is a problem, not a
    crash; folders are searched recursively for report files, hidden folders skipped."""
    files: list[str] = []
    problems: list[InputError] = []
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
            problems.append(InputError(given, "missing"))
    return list(dict.fromkeys(files)), problems
