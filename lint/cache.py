"""The result cache: a file whose bytes, rules and options have not changed is not linted again.

An entry holds one file's per-file result — its findings, notes, suppression comments and the
facts the cross-year rules pair on — and is keyed by a digest of:

- the file's bytes (SHA-256) and its kind (the extension picks the adapter),
- gxlint's version and code, and every rule pack and format profile in use (built-in and the
  configuration's ``rule-dirs``),
- the file's options (rules selected and ignored, severities, language, profile, deadlines),
- whether the HTML review page's facts are wanted.

Cross-year pairing, suppression comments and baselines run after the per-file pass, on
cached and fresh results alike, so the output is the same with and without the cache.

A report's cross-year facts are held in their serialised form (lint/crossyear.py
``YearFacts.data``: one JSON text of all but the path) as a string inside the entry, with the
agency and year in the open, the text's SHA-256 and CRC-32: reading an entry decodes none of
it, a text whose CRC does not match makes the entry a miss, and a pair's cross-year findings are
kept in an entry of their own keyed by both reports' paths and digests (plus code, rules and
options), so that an unchanged pair is answered without decoding either report's facts.

Entries are JSON (never pickle: a shared ``cache-dir`` must not be able to run code), one file
each under ``<folder>/results/ab/abcdef….json``, written to a temporary file and renamed into
place, so concurrent runs only ever see whole entries. An entry that cannot be read or decoded
is a miss and is overwritten. The folder is kept under a size bound: now and then a run
removes the least recently used entries.
"""

from __future__ import annotations

import dataclasses
import json
import os
import stat
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .resources import sha256

if TYPE_CHECKING:
    from .findings import FileResult
    from .options import Options

FORMAT = 3  # of an entry; part of the key
MAX_BYTES = 512 * 1024 * 1024  # the folder's size bound; pruned to 3/4 of it
_PRUNE_EVERY = 3600.0  # seconds between two size checks of one folder

# The classes an entry may hold, by the name written in it: decoding builds nothing else.
_TYPES = {
    "FileResult": "lint.findings", "Finding": "lint.findings", "Location": "lint.findings",
    "Edit": "lint.findings", "Suppression": "lint.findings", "Directive": "lint.suppress",
    "ReviewFacts": "lint.formatters.review",
}


def default_folder() -> str:
    """The user's cache folder for gxlint (``GXLINT_CACHE_DIR`` overrides it)."""
    from .resources import cache_dir

    return str(cache_dir())


# --- keys ----------------------------------------------------------------------------------


@cache
def _code_digest() -> str:
    """gxlint's version and the bytes of its code, grammars and shipped rules: a source
    checkout whose code changed never reads results of the old code (kept under a stamp of
    the files, resources.stamped: an unchanged checkout reads none of them)."""
    from .resources import stamped

    files = _code_files()
    return stamped("code", files, lambda: _read_code(files), str(FORMAT))


def _code_files() -> list[str]:
    """gxlint's code, grammars and shipped rules, in a stable order."""
    from .resources import data_dir

    package = os.path.dirname(os.path.abspath(__file__))
    rules = str(data_dir("rules"))
    return (_listed(package, (".py",), skip="__pycache__")
            + _listed(str(data_dir("grammar")), (".lark",), deep=False)
            + _listed(rules, (".yaml",)) + _listed(rules, (".json",), deep=False))


def _listed(folder: str, suffixes: tuple[str, ...], deep: bool = True, skip: str = "") -> list[str]:
    """The files under ``folder`` (and its subfolders if ``deep``) ending in ``suffixes``,
    sorted by path as pathlib sorts them."""
    found = []
    for here, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if d != skip] if deep else []
        found += [os.path.join(here, n) for n in names if n.endswith(suffixes)]
    return sorted(found, key=lambda f: f.split(os.sep))


def _read_code(files: list[str]) -> str:
    from . import __version__

    h = sha256(f"{__version__}\0{FORMAT}".encode())
    for f in files:
        try:
            with open(f, "rb") as fh:
                data = fh.read()
            parent = os.path.dirname(os.path.dirname(f))
            h.update(os.path.relpath(f, parent).encode() + b"\0" + data)
        except OSError:
            h.update(f.encode())
    return h.hexdigest()


def code_digest() -> str:
    """gxlint's code, grammars and shipped rules, as the result cache keys them (the verdict
    on a team pack's examples is kept under it too, lint/ruletest.py)."""
    return _code_digest()


@cache
def _rules_digest(rule_dirs: tuple[str, ...]) -> str:
    """The user's rule packs (the built-in ones are in _code_digest)."""
    h = sha256()
    for folder in rule_dirs:
        for f in sorted(Path(folder).glob("*.yaml")):
            try:
                h.update(str(f).encode() + b"\0" + f.read_bytes())
            except OSError:
                h.update(str(f).encode() + b"\0unreadable")
    return h.hexdigest()


_OPTION_TEXTS: dict[tuple, str] = {}  # a batch's files share a few sets of options


def _options_text(options: Options) -> str:
    fields = {f.name: getattr(options, f.name) for f in dataclasses.fields(options)
              if f.name != "cache"}
    # Options is a mutable dataclass (not hashable): this tuple of its values is the memo key.
    memo = tuple((k, tuple(sorted(v.items())) if isinstance(v, dict) else v)
                 for k, v in fields.items())
    text = _OPTION_TEXTS.get(memo)
    if text is None:
        if len(_OPTION_TEXTS) > 1024:
            _OPTION_TEXTS.clear()
        text = _OPTION_TEXTS[memo] = json.dumps(_encode(fields), sort_keys=True, ensure_ascii=False)
    return text


def key(content: str, path: str, options: Options, tables: bool) -> str:
    """The entry name for a file whose bytes have the SHA-256 ``content``, at ``path``,
    linted with ``options``."""
    h = sha256(content.encode())
    h.update(b"\0" + _code_digest().encode() + b"\0" + _rules_digest(tuple(options.rule_dirs)).encode())
    h.update(b"\0" + Path(path).suffix.lower().encode() + b"\0" + str(tables).encode())
    h.update(b"\0" + _options_text(options).encode())
    return h.hexdigest()


# --- encoding ------------------------------------------------------------------------------


_SCALARS = (str, int, float, bool)


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, Decimal):
        return {"@d": str(value)}
    name = type(value).__name__
    if name == "YearFacts":  # their serialised form as a string: a hit does not decode it
        import zlib

        data = value.data()
        return {"@y": [value.agency, value.year, value.digest(), zlib.crc32(data),
                       data.decode("utf-8", "surrogatepass")]}
    if dataclasses.is_dataclass(value) and name in _TYPES:
        return {"@": name, **{f.name: _encode(getattr(value, f.name))
                              for f in dataclasses.fields(value)}}
    if isinstance(value, tuple) and hasattr(value, "_fields") and name in _TYPES:
        return {"@n": name, "v": [_encode(v) for v in value]}
    if isinstance(value, tuple):
        return {"@t": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        if value and all(v is None or type(v) is Decimal for v in value.values()):
            # a report's numbers (YearFacts.values): one object, not one per number
            return {"@md": {k: None if v is None else str(v) for k, v in value.items()}}
        if value and all(type(v) is tuple and all(x is None or type(x) in _SCALARS for x in v)
                         for v in value.values()):
            # where each of those numbers is (YearFacts.locations): plain tuples of scalars
            return {"@mt": value}
        return {"@m": {k: _encode(v) for k, v in value.items()}}
    raise TypeError(f"the result cache cannot hold a {name}")


def _decode(value: Any) -> Any:
    """What _encode wrote, back (for a value already parsed from JSON)."""
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    return _hook({k: _decode(v) for k, v in value.items()})


def _hook(value: dict) -> Any:
    """json.loads's object_hook: called on each object, innermost first (fast: the walk is the
    C parser's). Keys starting with "@" are ours; no mapping gxlint stores has such keys."""
    if "@d" in value:
        return Decimal(value["@d"])
    if "@mt" in value:
        return {k: tuple(v) for k, v in value["@mt"].items()}
    if "@md" in value:
        return {k: None if v is None else Decimal(v) for k, v in value["@md"].items()}
    if "@t" in value:
        return tuple(value["@t"])
    if "@m" in value:
        return value["@m"]
    if "@n" in value:
        return _type(value["@n"])(*value["v"])
    if "@y" in value:
        return _facts(*value["@y"])
    if "@" in value:
        cls = _type(value.pop("@"))
        built = cls(**value)
        if getattr(built, "facts", None) is not None:  # a FileResult: its facts are at its path
            built.facts.path = built.path
        return built
    return value


def _facts(agency: str | None, year: int | None, digest: str, crc: int, text: str) -> Any:
    """A report's cross-year facts from an entry, left serialised (decoded when read), once
    their text is found whole (its CRC-32: cheaper than the SHA-256, which is kept for the
    pair keys) and saying what the entry says in the open."""
    import zlib

    from .crossyear import YearFacts

    data = text.encode("utf-8", "surrogatepass")
    head = json.dumps([agency, year], ensure_ascii=False, separators=(",", ":"))
    if not (agency is None or type(agency) is str) or type(year) not in (int, type(None)) \
            or type(digest) is not str or len(digest) != 64 or digest.strip(_HEX) \
            or not text.startswith(head[:-1] + ",") or zlib.crc32(data) != crc:
        raise ValueError("damaged facts in a cache entry")
    return YearFacts.lazy("", data, digest, agency=agency, year=year)


_HEX = "0123456789abcdef"


@cache
def _type(name: str) -> type:
    if name not in _TYPES:
        raise ValueError(f"unexpected type {name!r} in a cache entry")
    return getattr(import_module(_TYPES[name]), name)


# --- the store -----------------------------------------------------------------------------


def _entry(folder: str, name: str) -> Path:
    return Path(_entry_name(folder, name))


def _entry_name(folder: str, name: str) -> str:
    return os.path.join(folder, "results", name[:2], name[2:] + ".json")


_TOUCH_EVERY = 3600.0  # seconds: an entry read is marked used at most this often (pruning)


def get(folder: str, name: str, path: str, used: float | None = None) -> FileResult | None:
    """The cached result ``name`` for the file at ``path``, or None (absent or unusable);
    ``used``: the entry's modification time if known (it is then marked used only if that
    is older than an hour: one write less for each hit of a re-run)."""
    entry = _entry_name(folder, name)
    try:
        with open(entry, "rb") as fh:
            stored = json.loads(fh.read(), object_hook=_hook)
        if not isinstance(stored, dict) or stored.get("format") != FORMAT:
            return None
        result = stored["result"]
        if type(result).__name__ != "FileResult":
            return None
    except Exception:  # noqa: BLE001 - absent, truncated, damaged, another version: a miss
        return None
    if used is None or time.time() - used > _TOUCH_EVERY:
        try:
            os.utime(entry)  # recently used: pruning keeps it
        except OSError:
            pass
    return result.moved_to(path)


def put(folder: str, name: str, result: FileResult) -> None:
    """Store ``result`` under ``name``; a cache that cannot be written is no harm."""
    from .resources import write_atomic

    try:
        text = json.dumps({"format": FORMAT, "result": _encode(result)}, ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8")
    except (TypeError, ValueError):  # UnicodeEncodeError too (a lone surrogate)
        return  # something the cache cannot hold: lint it again next time
    write_atomic(_entry(folder, name), text)


def cross_year_findings(current: Any, previous: Any, rules: list, options: Options,
                        check: Callable[..., list]) -> list:
    """``check(current, previous, rules, options)``: the cross-year findings of a pair of
    reports (lint/crossyear.py check_pair), kept in the result cache of ``options`` like a
    file's result. The key holds everything they are made of: both reports' facts (their
    numbers, where they are, their paths), the rules (gxlint's code and packs, the rules
    asked for) and the options. A re-run on an unchanged report whose last year's report is
    unchanged too (a pre-commit hook's run) thus loads no rule engine, and decodes neither
    report's facts: the key holds their digests (YearFacts.digest) and paths."""
    folder = options.cache
    if not folder:
        return check(current, previous, rules, options)
    try:  # the facts' digests (lint/crossyear.py YearFacts.digest): nothing decoded or encoded
        facts = f"{current.path}\0{current.digest()}\0{previous.path}\0{previous.digest()}"
    except (TypeError, ValueError, AttributeError):
        return check(current, previous, rules, options)  # facts the cache cannot hold
    h = sha256(f"cross-year\0{FORMAT}\0{_code_digest()}\0".encode())
    h.update(_rules_digest(tuple(options.rule_dirs)).encode() + b"\0")
    h.update(_options_text(options).encode() + b"\0" + ",".join(r.id for r in rules).encode())
    h.update(b"\0" + facts.encode("utf-8", "surrogatepass"))
    name = h.hexdigest()
    entry = _entry(folder, name)
    try:
        with open(entry, "rb") as fh:
            stored = json.loads(fh.read(), object_hook=_hook)
        if isinstance(stored, dict) and stored.get("format") == FORMAT and \
                all(type(f).__name__ == "Finding" for f in stored["cross-year"]):
            return stored["cross-year"]
    except Exception:  # noqa: BLE001 - absent, damaged: check the pair
        pass
    found = check(current, previous, rules, options)
    try:
        text = json.dumps({"format": FORMAT, "cross-year": _encode(found)}, ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8")
    except (TypeError, ValueError):
        return found
    from .resources import write_atomic

    write_atomic(entry, text)
    return found


_LARGE = 1 << 18  # bytes from which hashlib's SHA-256 (OpenSSL) is worth loading (~3 ms)
_PIECE = 1 << 20  # bytes read at once
_hashed = [0]  # bytes this process has hashed with CPython's own SHA-256


def content_digest(path: str) -> str | None:
    """SHA-256 of the file's bytes, read in pieces (a huge file is the adapter's to refuse);
    None when it cannot be read (the adapter will say why). CPython's own SHA-256 for a few
    small files (a pre-commit hook's run loads no OpenSSL); OpenSSL's, several times faster,
    for a large file or once a batch has hashed ``_LARGE`` bytes."""
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size >= _LARGE or _hashed[0] >= _LARGE:
                import hashlib

                if size < _PIECE:  # one read: file_digest's buffer is 256 KiB each call
                    return hashlib.sha256(fh.read()).hexdigest()
                if hasattr(hashlib, "file_digest"):
                    return hashlib.file_digest(fh, "sha256").hexdigest()
                return _sha256(fh, hashlib.sha256())
            _hashed[0] += size
            return _sha256(fh)
    except OSError:
        return None


def through_cache(tasks: list, tables: bool, run) -> Iterator[FileResult]:
    """The results of ``tasks`` ((path, options) pairs) in their order: those the cache of
    each file's ``options.cache`` holds are read here, the others are linted by ``run(tasks)``
    (worker processes, a Dask cluster: it yields results in order) and stored as they come.
    Workers never touch the cache; a result is stored only if ``cacheable``.

    A cached result is read only when its turn comes, so that a batch never holds them all;
    one found unusable then (damaged, or removed by a concurrent `gxlint clean`) is linted
    on its own."""
    # (entry name, content digest, the entry's modification time if there is one)
    plan: list[tuple[str | None, str | None, float | None]] = []
    misses = []
    for path, options in tasks:
        folder = options.cache
        content = content_digest(path) if folder else None
        name = key(content, path, options, tables) if content else None
        cached = _modified(_entry_name(folder, name)) if name is not None else None
        plan.append((name, content, cached) if name is not None else _UNCACHED)
        if cached is None:
            misses.append((path, options))
    fresh = run(misses) if misses else iter(())
    try:
        for (name, content, cached), (path, options) in zip(plan, tasks, strict=True):
            result = get(options.cache, name, path, cached) if cached is not None else None
            if result is not None:
                if any(f.fix for f in result.findings):
                    result.digest = content  # --fix checks the file is still what was linted
                yield result
                continue
            if cached is not None:  # listed, but unusable now: lint it after all
                alone = run([(path, options)])
                result = next(iter(alone))
                getattr(alone, "close", lambda: None)()
            else:
                result = next(fresh)
            if name is not None and result.cacheable:
                put(options.cache, name, result)
            yield result
    finally:  # stopped early (Ctrl-C): stop the workers too
        close = getattr(fresh, "close", None)
        if close is not None:
            close()


_UNCACHED = (None, None, None)


def _modified(entry: str) -> float | None:
    """The modification time of the regular file ``entry``, None if there is none."""
    try:
        st = os.stat(entry)
    except (OSError, ValueError):
        return None
    return st.st_mtime if stat.S_ISREG(st.st_mode) else None


def _sha256(fh, h=None) -> str:
    h = h if h is not None else sha256()
    for block in iter(lambda: fh.read(_PIECE), b""):
        h.update(block)
    return h.hexdigest()


# --- size bound and `gxlint clean` ------------------------------------------------------------


def _entries(folder: str) -> list[tuple[float, int, str]]:
    out = []
    root = Path(folder) / "results"
    try:
        subdirs = list(os.scandir(root))
    except OSError:
        return out
    for sub in subdirs:
        if not sub.is_dir(follow_symlinks=False):
            continue
        try:
            for e in os.scandir(sub.path):
                try:
                    st = e.stat(follow_symlinks=False)
                except OSError:
                    continue
                out.append((st.st_mtime, st.st_size, e.path))
        except OSError:
            continue
    return out


def prune(folder: str, max_bytes: int = MAX_BYTES, force: bool = False) -> int:
    """Keep the folder's entries under ``max_bytes``, dropping the least recently used; at
    most once an hour per folder unless ``force``. Returns how many entries were removed."""
    stamp = Path(folder) / "results" / ".pruned"
    now = time.time()
    try:
        if not force and now - stamp.stat().st_mtime < _PRUNE_EVERY:
            return 0
    except OSError:
        pass
    entries = _entries(folder)
    total = sum(size for _, size, _ in entries)
    removed = 0
    if total > max_bytes:
        for _, size, entry in sorted(entries):
            if total <= max_bytes * 3 // 4:
                break
            try:
                os.unlink(entry)
            except OSError:
                continue  # another run removed it first
            total -= size
            removed += 1
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.touch()
    except OSError:
        pass
    return removed


def clean(folder: str) -> tuple[int, int]:
    """Remove every cached result, and gxlint's compiled rules and parser tables when
    ``folder`` is the default cache folder. Returns (files removed, bytes freed)."""
    import shutil

    count = size = 0
    base = Path(folder)
    targets = [base / "results"]
    for pattern in ("rules-*.pickle", "profiles-*.pickle", "exprs-*.pickle", "rules-*.json",
                    "*.lark-cache", "regex-*.marshal", "*.digest", "toml-*.json", "git-*.json"):
        targets += sorted(base.glob(pattern))  # only what gxlint writes there
    for target in targets:
        if target.is_dir():
            for f in target.rglob("*"):
                if f.is_file():
                    count += 1
                    size += f.stat().st_size
            shutil.rmtree(target, ignore_errors=True)
        elif target.is_file():
            count += 1
            size += target.stat().st_size
            try:
                target.unlink()
            except OSError:
                pass
    return count, size
