"""Where the shipped data lives: ``grammar/`` and ``rules/``.

In a wheel they are copied inside the package (see pyproject's force-include); in a source
checkout they sit next to the package at the top of the repository.
"""

from __future__ import annotations

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
