"""Where the shipped data lives: ``grammar/`` and ``rules/``.

In a wheel they are copied inside the package (see pyproject's force-include); in a source
checkout they sit next to the package at the top of the repository.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

# SHA-256 for the digests of a cold start (cache keys of a few KiB): CPython's own, since
# hashlib loads OpenSSL's libcrypto, which costs a cache hit a few milliseconds. The digests
# are the same; large files go through hashlib (lint/cache.py content_digest), whose SHA-256
# is faster per byte.
try:
    from _sha256 import sha256  # CPython ≤ 3.11
except ImportError:  # pragma: no cover - other Pythons
    try:
        from _sha2 import sha256  # CPython 3.12+
    except ImportError:
        from hashlib import sha256

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


@cache
def cache_dir() -> Path:
    """The user's cache folder for gxlint (platformdirs; ``GXLINT_CACHE_DIR`` overrides it):
    compiled rules and profiles, parser tables, and the result cache (lint/cache.py)."""
    env = os.environ.get("GXLINT_CACHE_DIR")
    if env:
        return Path(env) / "gxlint"
    from platformdirs import user_cache_path

    return user_cache_path("gxlint", appauthor=False)


def lark_parser(name: str, **options):
    """A Lark LALR parser for ``grammar/<name>``, its tables cached on disk between runs
    (keyed by the grammar's text, so an edited grammar is rebuilt)."""
    from lark import Lark

    text = grammar_path(name).read_text(encoding="utf-8")
    digest = sha256(text.encode()).hexdigest()[:16]
    path = cache_dir() / f"{name}-{digest}.lark-cache"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        cache: str | bool = str(path)
    except OSError:
        cache = False  # a read-only home: build the tables each run
    return Lark(text, parser="lalr", cache=cache, **options)


# Loaders of rule expressions parsed in an earlier run: lint/rulepack.py registers one per set
# of packs it loads, lint/expr.py runs them when it first parses. (Here, below both: the
# expressions unpickle only when a rule needs one, so a run the result cache answers never
# loads Lark.)
EXPRESSION_LOADERS: list[Callable[[], dict]] = []


def digest_of(files: Iterable[Path], *extra: str) -> str:
    """A digest of gxlint's version, ``extra`` and each file's name and bytes."""
    from . import __version__

    h = sha256(__version__.encode())
    for text in extra:
        h.update(text.encode() + b"\0")
    for f in files:
        h.update(str(f).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:24]


def stamped(kind: str, files: Iterable[str | Path], compute: Callable[[], str], *extra: str) -> str:
    """``compute()``, a digest of the bytes of ``files`` (and of ``extra``), kept in the cache
    folder under a stamp of the files' names, sizes, modification and change times and inodes
    (what git trusts to tell an edited file): an edit gives a new stamp, and ``compute``
    reads the files again. Reading them each run would cost a cache hit more than the rest
    of its work."""
    from . import __version__

    stamp = sha256(f"{kind}\0{__version__}\0".encode())
    for text in extra:
        stamp.update(text.encode() + b"\0")
    try:
        for f in files:
            st = os.stat(f)
            stamp.update(f"{f}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}\0".encode())
    except OSError:
        return compute()  # a file vanished: let reading it say so
    memo = cache_dir() / f"{kind}-{stamp.hexdigest()[:32]}.digest"
    try:
        with open(memo, "rb") as fh:
            kept = fh.read(65).decode("ascii")
        if 16 <= len(kept) <= 64 and all(c in "0123456789abcdef" for c in kept):
            return kept
    except (OSError, UnicodeDecodeError):
        pass  # absent or damaged: read the files
    digest = compute()
    write_atomic(memo, digest.encode("ascii"))
    return digest


def cached(name: str, digest: str, build: Callable[[], T]) -> T:
    """``build()``, kept in the cache folder as a pickle under ``name`` and ``digest`` (which
    must cover everything the value is made from, code included): a warm run unpickles it
    instead of parsing YAML. A missing, unreadable or corrupt entry is rebuilt; a read-only
    cache folder only costs the rebuild."""
    import pickle

    path = cache_dir() / f"{name}-{digest}.pickle"
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except Exception:  # noqa: BLE001 - absent, truncated, from another Python: rebuild
        pass
    value = build()
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        return value  # something that does not pickle: built afresh each run, never wrong
    write_atomic(path, data)
    return value


def write_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary file and a rename, so that a concurrent
    reader sees the old file or the new one, never half of one. False if it cannot."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        return False
    return True


def code_files(*modules: str) -> list[Path]:
    """gxlint's own source files ``modules`` (a package: all of its files): part of a cache
    key, so that a changed class never meets an old pickle of it."""
    files: list[Path] = []
    for m in modules:
        package = _PACKAGE / m
        files += sorted(package.glob("*.py")) if package.is_dir() else [_PACKAGE / f"{m}.py"]
    return files
