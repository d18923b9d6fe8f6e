"""Where the shipped data lives: ``grammar/`` and ``rules/``.

In a wheel they are copied inside the package (see pyproject's force-include); in a source
checkout they sit next to the package at the top of the repository.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"gxlint installation is incomplete: no {name}/ folder next to {_PACKAGE}")


def grammar_path(name: str) -> Path:
    return data_dir("grammar") / name


def rules_dir() -> Path:
    return data_dir("rules")


def formats_dir() -> Path:
    return rules_dir() / "formats"


def cache_dir() -> Path:
    """Where gxlint keeps what it can rebuild: validated rule packs, parser tables."""
    base = os.environ.get("GXLINT_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME") \
        or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "gxlint"


def lark_parser(name: str, **options):
    """A Lark LALR parser for ``grammar/<name>``, its tables cached on disk between runs
    (keyed by the grammar's text, so an edited grammar is rebuilt)."""
    from lark import Lark

    text = grammar_path(name).read_text(encoding="utf-8")
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    path = cache_dir() / f"{name}-{digest}.lark-cache"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        cache: str | bool = str(path)
    except OSError:
        cache = False  # a read-only home: build the tables each run
    return Lark(text, parser="lalr", cache=cache, **options)
