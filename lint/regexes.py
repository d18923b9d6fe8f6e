"""gxlint's own regexes, compiled once per machine rather than once per run.

Compiling a regex is dear in CPython when it has CJK character classes (each becomes a
64K-entry bitmap first): the ~150 patterns of the pipeline and the built-in rules took ~30 ms
of every run that lints a file, more than the linting. ``regex()`` keeps what the compiler
made of each pattern in the cache folder (marshal, keyed by the Python build and gxlint's
version) and rebuilds the pattern object from it, which costs microseconds.

Only patterns written in gxlint (its modules and the built-in rule packs) come here, never
text from a report or a user's rule pack (those run on RE2), so the table stays small. A
pattern is recorded only when the object rebuilt from what was recorded equals (code
included) the one ``re.compile`` made; anything else — another interpreter, a Python whose
compiler works differently, a damaged table — falls back to ``re.compile``.
"""

from __future__ import annotations

import re
import sys

# What CPython's re.compile does, in its parts (3.10: sre_parse/sre_compile; 3.11+: re._*).
try:
    import _sre

    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]
    except ImportError:  # Python 3.10
        import sre_compile as _compiler  # type: ignore[no-redef]
        import sre_parse as _parser  # type: ignore[no-redef]
    _FAST = sys.implementation.name == "cpython"
except ImportError:  # not CPython
    _FAST = False

_MAX_ENTRIES = 1000  # gxlint has ~150: a bound (~1 MB), should a pattern ever vary by run

_table: dict | None = None  # (pattern, flags) → the arguments of _sre.compile
_new = False  # this process recorded patterns the file does not have yet


def regex(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the compiled form kept in the cache folder."""
    if not _FAST:
        return re.compile(pattern, flags)
    table = _load() if _table is None else _table
    key = (pattern, int(flags))
    args = table.get(key)
    if args is not None:
        try:
            return _sre.compile(pattern, *args)
        except Exception:  # noqa: BLE001 - a damaged entry: compile afresh
            del table[key]
    compiled = re.compile(pattern, flags)
    if len(table) < _MAX_ENTRIES:
        _record(table, key, compiled)
    return compiled


def _record(table: dict, key: tuple[str, int], compiled: re.Pattern[str]) -> None:
    global _new
    pattern, flags = key
    try:
        parsed = _parser.parse(pattern, flags)
        code = [int(c) for c in _compiler._code(parsed, flags)]
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        args = (flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex,
                tuple(indexgroup))
        if _sre.compile(pattern, *args) != compiled:  # == compares flags and code
            return
    except Exception:  # noqa: BLE001 - a compiler that works otherwise: just not kept
        return
    table[key] = args
    _new = True


def _path():
    from .resources import cache_dir, digest_of

    return cache_dir() / f"regex-{digest_of([], sys.version, str(_sre.MAGIC))}.marshal"


def _load() -> dict:
    import marshal

    global _table
    try:
        table = marshal.loads(_path().read_bytes())
        if not isinstance(table, dict):
            table = {}
    except Exception:  # noqa: BLE001 - absent, unreadable, damaged: start afresh
        table = {}
    _table = table
    return table


def save() -> None:
    """Write the table if this process compiled a pattern it did not have (the first runs
    after an install or an upgrade); else nothing. Concurrent writers each write a whole
    table; one lacking a pattern only has it compiled and recorded again."""
    global _new
    if not _new or _table is None:
        return
    import marshal

    from .resources import write_atomic

    _new = False
    write_atomic(_path(), marshal.dumps(_table))
