"""Configuration files: ``.gxlint.toml`` or ``[tool.gxlint]`` in ``pyproject.toml``.

Each linted file gets the configuration nearest to it: the folders from the file's own up to
the root are searched, and the first that has a configuration wins. Within one folder
``.gxlint.toml`` wins over ``pyproject.toml``; a pyproject.toml without ``[tool.gxlint]``
does not count. Command-line options override the values of the configuration file.

``options_for(path, overrides)`` gives the ``engine.Options`` one file is linted with; it
carries everything needed to lint that file (rule folders included), so it can be sent to a
worker process. ``resolve`` gives the same plus where each value came from (``gxlint config``).
"""

from __future__ import annotations

import os
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from .findings import SEVERITIES
from .options import Options, selected
from .rulepack import Rule, RuleLoadError, load_rules

CONFIG_FILE = ".gxlint.toml"
PYPROJECT = "pyproject.toml"
ISSUERS = ("department", "government", "township")
_DAY = r"(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"  # compiled when a configuration has deadlines

DEFAULT = "default"
# Left out of a folder walk (lint/walk.py) unless the configuration's `exclude` replaces this
# list (ruff's meaning): the folders of tools and environments. Hidden ones are always left out.
DEFAULT_EXCLUDE = ("__pycache__", "node_modules", "site-packages", "venv")
COMMAND_LINE = "command line"


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names the file and the key."""

    def __init__(self, path: str | Path, message: str, key: str | None = None) -> None:
        where = f"{path}: {key}" if key else str(path)
        super().__init__(f"{where}: {message}")
        self.path, self.key, self.message = str(path), key, message


# The records below are NamedTuples, immutable as frozen dataclasses are, and built at import
# without compiling generated methods (dataclasses exec their __init__, __eq__, __hash__…):
# a cache hit's cold start pays for every class it defines. Their dict fields are never
# changed in place: a default {} is shared.
class ConfigFile(NamedTuple):
    """One validated configuration; paths in it are already made absolute."""

    path: Path
    select: tuple[str, ...] | None = None  # None: not set in this file
    ignore: tuple[str, ...] | None = None
    severity: dict[str, str] = {}  # never changed in place
    profile: str | None = None
    deadlines: dict[str, str] = {}  # never changed in place
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    fail_on: str | None = None
    rule_dirs: tuple[str, ...] | None = None
    cache_dir: str | None = None  # the result cache's folder, absolute
    timeout: float | None = None
    memory_limit: int | None = None
    extend_select: tuple[str, ...] = ()  # added to the select in force (none: all rules anyway)
    extends: tuple[Path, ...] = ()  # the files `extend` brought in, nearest first
    # The folder each per-file-ignores pattern is relative to: its own file's (by pattern).
    per_file_folders: dict[str, Path] = {}  # never changed in place
    # Folder walks (lint/walk.py) and last year's reports (lint/history.py): patterns
    # relative to this file's folder; None: not set here.
    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] = ()
    history: tuple[str, ...] | None = None

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def label(self) -> str:
        """How `gxlint config` names this file; pyproject.toml says which table."""
        own = f"{self.path} [tool.gxlint]" if self.path.name == PYPROJECT else str(self.path)
        return own + "".join(f" (extends {p})" for p in self.extends)


class Overrides(NamedTuple):
    """What the command line said; None (or empty) means "not given, use the config"."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    fail_on: str | None = None
    profile: str | None = None
    deadlines: dict[str, str] = {}  # never changed in place
    lang: str = "zh"
    config: str | None = None  # use this configuration file for every path, no discovery
    isolated: bool = False  # use no configuration file at all
    cache: bool = False  # use the result cache (the command line's default; not --no-cache)
    timeout: float | None = None
    memory_limit: int | None = None
    extend_select: tuple[str, ...] = ()  # added to the select in force (none: all rules anyway)


# --- parsing and validation ------------------------------------------------------------------


def _strings(value: Any, path: Path, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(path, f"expected a list of strings, got {_kind(value)}", key)
    return tuple(value)


def _codes(value: Any, path: Path, key: str) -> tuple[str, ...]:
    codes = _strings(value, path, key)
    for code in codes:
        if not code.strip():
            raise ConfigError(path, "empty rule code", key)
    return tuple(c.strip().upper() if c.strip().upper().startswith("GX") else c.strip()
                 for c in codes)


def _table(value: Any, path: Path, key: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(path, f"expected a table, got {_kind(value)}", key)
    return value


def _choice(value: Any, choices: tuple[str, ...], path: Path, key: str) -> str:
    if not isinstance(value, str) or value not in choices:
        raise ConfigError(path, f"expected one of {', '.join(choices)}, got {value!r}", key)
    return value


MAX_TIMEOUT = 24 * 3600.0  # seconds per file
MAX_MEMORY_MB = 1024 * 1024


def _positive(value: Any, path: Path, key: str, kind: type, most: float) -> Any:
    """A number above zero and at most ``most`` (seconds, or MiB)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or \
            (kind is int and not float(value).is_integer()) or not 0 < value <= most:
        wanted = "a whole number" if kind is int else "a number"
        raise ConfigError(path, f"expected {wanted} above 0 and at most {most:g}, got {value!r}", key)
    return kind(value)


def _kind(value: Any) -> str:
    return {str: "a string", int: "an integer", float: "a number", bool: "a boolean",
            list: "a list", dict: "a table"}.get(type(value), type(value).__name__)


def _parse(data: dict[str, Any], path: Path, prefix: str) -> ConfigFile:
    """Validate the gxlint table of ``path``; ``prefix`` ("tool.gxlint." or "") names keys."""
    from .profiles import ProfileError, get_profile

    values: dict[str, Any] = {}
    for key, value in data.items():
        name = prefix + key
        if key == "select":
            values["select"] = _codes(value, path, name)
        elif key == "ignore":
            values["ignore"] = _codes(value, path, name)
        elif key == "severity":
            values["severity"] = {
                rule.strip().upper(): _choice(level, SEVERITIES, path, f"{name}.{rule}")
                for rule, level in _table(value, path, name).items()}
        elif key == "profile":
            if not isinstance(value, str):
                raise ConfigError(path, f"expected a string, got {_kind(value)}", name)
            try:
                get_profile(value)
            except ProfileError as exc:
                raise ConfigError(path, str(exc), name) from exc
            values["profile"] = value
        elif key == "deadlines":
            deadlines = {}
            for issuer, day in _table(value, path, name).items():
                if issuer not in ISSUERS:
                    raise ConfigError(path, f"unknown issuer; expected one of {', '.join(ISSUERS)}",
                                      f"{name}.{issuer}")
                if not isinstance(day, str) or not re.fullmatch(_DAY, day):
                    raise ConfigError(path, f"expected a day as \"MM-DD\", got {day!r}",
                                      f"{name}.{issuer}")
                deadlines[issuer] = day
            values["deadlines"] = deadlines
        elif key == "per-file-ignores":
            values["per_file_ignores"] = tuple(
                (pattern, _codes(codes, path, f"{name}.{pattern!r}"))
                for pattern, codes in _table(value, path, name).items())
        elif key == "fail-on":
            values["fail_on"] = _choice(value, (*SEVERITIES, "never"), path, name)
        elif key == "rule-dirs":
            dirs = []
            for d in _strings(value, path, name):
                folder = Path(os.path.normpath(path.parent / d))
                if not folder.is_dir():
                    raise ConfigError(path, f"rule folder {d!r} is not a directory ({folder})", name)
                dirs.append(str(folder))
            values["rule_dirs"] = tuple(dirs)
        elif key == "cache-dir":
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(path, f"expected a folder name, got {value!r}", name)
            values["cache_dir"] = os.path.normpath(path.parent / os.path.expanduser(value))
        elif key == "timeout":
            values["timeout"] = _positive(value, path, name, float, MAX_TIMEOUT)
        elif key == "memory-limit":
            values["memory_limit"] = _positive(value, path, name, int, MAX_MEMORY_MB)
        elif key == "extend-select":
            values["extend_select"] = _codes(value, path, name)
        elif key == "extend":
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(path, f"expected the path of a configuration file, got {value!r}", name)
        elif key in ("exclude", "extend-exclude", "history"):
            values[key.replace("-", "_")] = _strings(value, path, name)
        else:
            known = ("select, extend-select, ignore, severity, profile, deadlines, per-file-ignores, "
                     "fail-on, rule-dirs, timeout, memory-limit, cache-dir, extend, exclude, "
                     "extend-exclude, history")
            raise ConfigError(path, f"unknown key (known keys: {known})", name)
    return ConfigFile(path, **values)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise ConfigError(path, f"cannot read: {exc.strerror or exc}") from exc
    memo = _memo_path(data)
    kept = _read_memo(memo)
    if kept is not None:  # these very bytes were parsed before
        return kept
    if sys.version_info >= (3, 11):  # imported here: most runs find the parse in the memo
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        parsed = tomllib.loads(data.decode())
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, f"invalid TOML: {exc}") from exc
    _write_memo(memo, parsed)
    return parsed


# Parsed configuration files are kept in the cache folder as JSON, keyed by the SHA-256 of
# their bytes: a run in a project with a pyproject.toml (most git repositories) neither
# imports a TOML parser nor parses the file again. Only valid TOML whose values JSON holds
# as they are is kept (no dates); an unreadable memo is parsed afresh.
def _memo_path(data: bytes) -> Path | None:
    from .resources import cache_dir, sha256

    try:
        return cache_dir() / f"toml-{sha256(data).hexdigest()[:32]}.json"
    except Exception:  # noqa: BLE001 - no cache folder to be had: parse each time
        return None


def _read_memo(memo: Path | None) -> dict[str, Any] | None:
    if memo is None:
        return None
    import json

    try:
        with open(memo, "rb") as fh:
            kept = json.loads(fh.read())
    except (OSError, ValueError):
        return None
    return kept if isinstance(kept, dict) else None


def _write_memo(memo: Path | None, parsed: dict[str, Any]) -> None:
    if memo is None:
        return
    import json

    from .resources import write_atomic

    try:
        text = json.dumps(parsed, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return  # a date, an infinite number: not JSON's; parsed each time
    if json.loads(text) == parsed:
        write_atomic(memo, text.encode("utf-8"))


def load_config(path: str | Path, _chain: tuple[Path, ...] = ()) -> ConfigFile | None:
    """The configuration in ``path`` (a .gxlint.toml or a pyproject.toml); None for a
    pyproject.toml without [tool.gxlint]. With ``extend``, the configuration it names (relative
    to ``path``'s folder) is read first and ``path``'s own values go over it."""
    path = Path(os.path.abspath(path))
    data = _read_toml(path)
    prefix = ""
    if path.name == PYPROJECT:
        tool = data.get("tool", {})
        if not isinstance(tool, dict) or "gxlint" not in tool:
            return None
        data, prefix = _table(tool["gxlint"], path, "tool.gxlint"), "tool.gxlint."
    config = _parse(data, path, prefix)
    if "extend" not in data:
        return config
    return _extend(config, data["extend"], (*_chain, path), prefix + "extend")


MAX_EXTENDS = 16  # configurations one `extend` chain may bring in


def _extend(config: ConfigFile, target: str, chain: tuple[Path, ...], key: str) -> ConfigFile:
    """``config`` over the configuration its ``extend`` names (ruff's meaning): each key it
    sets replaces the base's, tables (severity, deadlines, per-file-ignores) are merged key
    by key, and extend-select adds to the base's unless ``config`` sets select."""
    import glob

    base_path = Path(os.path.normpath(config.folder / os.path.expanduser(target)))
    if base_path in chain:
        cycle = " → ".join(str(p) for p in (*chain[chain.index(base_path):], base_path))
        raise ConfigError(config.path, f"configurations that extend each other in a cycle: {cycle}", key)
    if len(chain) > MAX_EXTENDS:
        raise ConfigError(config.path, f"extend chains over {MAX_EXTENDS} configuration files", key)
    if not base_path.is_file():
        raise ConfigError(config.path, f"{target!r} is not a configuration file ({base_path})", key)
    base = load_config(base_path, chain)
    if base is None:
        raise ConfigError(config.path, f"{target!r} has no [tool.gxlint] table ({base_path})", key)
    merged: dict[str, Any] = {}
    for name in ("select", "ignore", "profile", "fail_on", "rule_dirs", "cache_dir", "timeout",
                 "memory_limit"):
        own = getattr(config, name)
        merged[name] = own if own is not None else getattr(base, name)
    for name in ("severity", "deadlines"):
        merged[name] = {**getattr(base, name), **getattr(config, name)}
    own_patterns = {pattern for pattern, _ in config.per_file_ignores}
    merged["per_file_ignores"] = (*((p, c) for p, c in base.per_file_ignores if p not in own_patterns),
                                  *config.per_file_ignores)
    merged["per_file_folders"] = {**{p: base.per_file_folders.get(p, base.folder)
                                     for p, _ in base.per_file_ignores},
                                  **{p: config.folder for p in own_patterns}}
    merged["exclude"] = config.exclude if config.exclude is not None else base.exclude
    merged["extend_exclude"] = tuple(dict.fromkeys((*base.extend_exclude, *config.extend_exclude)))
    # History globs stay anchored at the base's folder: they are absolute from here on.
    merged["history"] = config.history if config.history is not None else None if base.history is None \
        else tuple(os.path.join(glob.escape(str(base.folder)), p) for p in base.history)
    merged["extend_select"] = config.extend_select if config.select is not None else \
        tuple(dict.fromkeys((*base.extend_select, *config.extend_select)))
    return ConfigFile(config.path, **merged, extends=(base.path, *base.extends))


# --- discovery -------------------------------------------------------------------------------

_found: dict[Path, ConfigFile | ConfigError | None] = {}


def clear_cache() -> None:
    """Forget discovered configurations (a new run may follow edits to them)."""
    _found.clear()
    _rules_for.cache_clear()
    _selected.cache_clear()
    _named.cache_clear()


def _in_folder(folder: Path) -> ConfigFile | ConfigError | None:
    for name in (CONFIG_FILE, PYPROJECT):
        candidate = folder / name
        if candidate.is_file():
            try:
                config = load_config(candidate)
            except ConfigError as exc:
                return exc
            if config is not None:
                return config
    return None


def find_config(start: str | Path) -> ConfigFile | None:
    """The configuration nearest to ``start`` (a file: from its folder; a folder: from itself)
    upward. Cached per folder, so a thousand files in one folder read it once."""
    p = Path(os.path.abspath(start))
    folder = p if p.is_dir() else p.parent
    visited = []
    result: ConfigFile | ConfigError | None = None
    while True:
        if folder in _found:
            result = _found[folder]
            break
        visited.append(folder)
        result = _in_folder(folder)
        if result is not None or folder.parent == folder:
            break
        folder = folder.parent
    for f in visited:
        _found[f] = result
    if isinstance(result, ConfigError):
        raise result
    return result


def configuration_of(path: str | Path, overrides: Overrides | None = None) -> ConfigFile | None:
    """The configuration ``path`` is linted with (--isolated: none; --config: that file)."""
    overrides = overrides or Overrides()
    if overrides.isolated:
        return None
    if overrides.config:
        return _named(os.path.abspath(overrides.config))
    return find_config(path)


@cache
def _named(path: str) -> ConfigFile | None:
    return load_config(path)


# --- resolving the options of one file ---------------------------------------------------------


@cache
def _rules_for(rule_dirs: tuple[str, ...]) -> list[Rule]:
    if not rule_dirs:
        return load_rules()
    from . import ruletest  # a team pack loads only if its rules pass their own examples

    return load_rules(extra_dirs=[Path(d) for d in rule_dirs], verify=ruletest.verify,
                      verify_key=ruletest.code_key())


def rules_for(options: Options) -> list[Rule]:
    """Every rule the file's options can use (built-in and its rule folders), loaded once
    per process for each set of rule folders."""
    return _rules_for(tuple(options.rule_dirs))


def selected_rules(options: Options) -> list[Rule]:
    """The rules that run on a file linted with ``options`` (one list per selection: a batch
    asks for every file, and a few times each)."""
    return _selected(tuple(options.rule_dirs), tuple(options.select), tuple(options.ignore))


@cache
def _selected(rule_dirs: tuple[str, ...], select: tuple[str, ...],
              ignore: tuple[str, ...]) -> list[Rule]:
    return selected(_rules_for(rule_dirs), Options(select=select, ignore=ignore))


class Resolved:
    """The options for one path and where each value came from."""

    def __init__(self, path: str, options: Options, sources: dict[str, str],
                 config: ConfigFile | None,
                 per_file: list[tuple[str, tuple[str, ...], bool]] | None = None) -> None:
        self.path, self.options, self.config = path, options, config
        # key ("select", "deadlines.township", …) -> default | file | command line
        self.sources = sources
        # (pattern, codes, whether it matches this path) for the config's per-file-ignores
        self.per_file = per_file if per_file is not None else []


@cache
def _spec(pattern: str):
    import pathspec  # only when a configuration has per-file-ignores

    return pathspec.GitIgnoreSpec.from_lines([pattern])


def _matches(pattern: str, relative: str) -> bool:
    """gitignore-style: "archive/" a folder and all below it, "*.pdf" any PDF at any depth,
    "2019/*.txt" anchored at the configuration's folder."""
    return _spec(pattern).match_file(relative)


def resolve(path: str | Path, overrides: Overrides | None = None) -> Resolved:
    """The effective options for ``path``; raises ConfigError when its configuration is bad."""
    overrides = overrides or Overrides()
    if overrides.isolated:
        config = None
    elif overrides.config:
        config = load_config(overrides.config)
        if config is None:
            raise ConfigError(os.path.abspath(overrides.config), "no [tool.gxlint] table")
    else:
        config = find_config(path)
    origin = config.label if config else DEFAULT
    sources: dict[str, str] = {}

    def pick(key: str, cli: Any, conf: Any, default: Any) -> Any:
        if cli is not None:
            sources[key] = COMMAND_LINE
            return cli
        if conf is not None:
            sources[key] = origin
            return conf
        sources[key] = DEFAULT
        return default

    c = config or ConfigFile(Path("."))
    select = pick("select", overrides.select, c.select, ())
    if c.extend_select and overrides.select is None and select:  # --select replaces both
        select = tuple(dict.fromkeys((*select, *c.extend_select)))
        sources["select"] += " + extend-select"
    if overrides.extend_select and select:  # an empty select is every rule already
        select = tuple(dict.fromkeys((*select, *overrides.extend_select)))
        sources["select"] += f" + {COMMAND_LINE} (--extend-select)"
    ignore = pick("ignore", overrides.ignore, c.ignore, ())
    fail_on = pick("fail-on", overrides.fail_on, c.fail_on, "error")
    profile = pick("profile", overrides.profile, c.profile, None)
    rule_dirs = pick("rule-dirs", None, c.rule_dirs, ())
    timeout = pick("timeout", overrides.timeout, c.timeout, Options.timeout)
    memory_limit = pick("memory-limit", overrides.memory_limit, c.memory_limit, Options.memory_limit)
    deadlines = {}
    for issuer in ISSUERS:
        day = pick(f"deadlines.{issuer}", overrides.deadlines.get(issuer),
                   c.deadlines.get(issuer), None)
        if day is not None:
            deadlines[issuer] = day
    for rule_id in c.severity:
        sources[f"severity.{rule_id}"] = origin
    per_file = []
    extra_ignores: list[str] = []
    if config is not None and config.per_file_ignores:
        for pattern, codes in config.per_file_ignores:
            # relative to the folder of the file that names the pattern (it may be extended)
            folder = config.per_file_folders.get(pattern, config.folder)
            relative = os.path.relpath(os.path.abspath(path), folder).replace(os.sep, "/")
            inside = not relative.startswith("../") and relative != ".."
            hit = inside and _matches(pattern, relative)
            per_file.append((pattern, codes, hit))
            if hit:
                extra_ignores.extend(codes)
        if extra_ignores:
            ignore = tuple(dict.fromkeys((*ignore, *extra_ignores)))
            sources["ignore"] = (f"{origin} (ignore + per-file-ignores)"
                                 if sources["ignore"] == origin
                                 else f"{sources['ignore']} + per-file-ignores of {origin}")
    cache_dir = pick("cache-dir", None, c.cache_dir, None)
    if not overrides.cache:
        cache_dir = None
    elif cache_dir is None:
        from .cache import default_folder

        cache_dir = default_folder()
    options = Options(select=select, ignore=ignore, lang=overrides.lang, profile=profile,
                      deadlines=deadlines, severities=dict(c.severity), rule_dirs=rule_dirs,
                      fail_on=fail_on, timeout=timeout, memory_limit=memory_limit, cache=cache_dir)
    if config is not None:
        _check_codes(config, options)
    return Resolved(str(path), options, sources, config, per_file)


def _check_codes(config: ConfigFile, options: Options) -> None:
    """Every rule code the configuration names must name a rule: a typo is an error, not a
    rule that silently keeps running (or never runs)."""
    try:
        rules = rules_for(options)
    except RuleLoadError as exc:
        raise ConfigError(config.label, f"invalid rule pack: {exc}", _key(config, "rule-dirs")) from exc
    ids = {r.id for r in rules}
    names = {r.name for r in rules}

    def known(code: str) -> bool:
        return code in names or any(i.startswith(code.upper()) for i in ids)

    named = [("select", code) for code in config.select or ()]
    named += [("extend-select", code) for code in config.extend_select]
    named += [("ignore", code) for code in config.ignore or ()]
    named += [(f"per-file-ignores.{pattern!r}", code)
              for pattern, codes in config.per_file_ignores for code in codes]
    for key, code in named:
        if not known(code):
            raise ConfigError(config.path, f"no rule matches {code!r} (`gxlint rules` lists them)",
                              _key(config, key))
    for rule_id in config.severity:
        if rule_id not in ids:
            raise ConfigError(config.path, "no such rule (`gxlint rules` lists them)",
                              _key(config, f"severity.{rule_id}"))


def _key(config: ConfigFile, key: str) -> str:
    return f"tool.gxlint.{key}" if config.path.name == PYPROJECT else key


def options_for(path: str | Path, overrides: Overrides | None = None) -> Options:
    """The engine Options to lint ``path`` with: its configuration file, then the command line."""
    return resolve(path, overrides).options


# --- describing a resolved configuration (``gxlint config``) -----------------------------------


def describe(resolved: Resolved, rules: list[Rule]) -> str:
    """The resolved configuration as TOML-like lines, each with where it came from."""
    o = resolved.options
    s = resolved.sources
    out = [f"# gxlint configuration for {resolved.path}",
           f"# configuration file: {resolved.config.label if resolved.config else '(none)'}"]

    def line(key: str, value: str, source: str) -> None:
        out.append(f"{f'{key} = {value}':<44} # {source}")

    def strings(values: tuple[str, ...] | list[str]) -> str:
        return "[" + ", ".join(f'"{v}"' for v in values) + "]"

    line("select", strings(o.select) if o.select else "[]  (all rules)", s["select"])
    line("ignore", strings(o.ignore), s["ignore"])
    line("fail-on", f'"{o.fail_on}"', s["fail-on"])
    line("profile", f'"{o.profile}"' if o.profile else "(detected per report)", s["profile"])
    line("rule-dirs", strings(o.rule_dirs), s["rule-dirs"])
    line("timeout", f"{o.timeout:g}  (seconds per file)", s["timeout"])
    line("memory-limit", f"{o.memory_limit}  (MiB per file)", s["memory-limit"])
    config = resolved.config
    origin = config.label if config else DEFAULT
    exclude = config.exclude if config and config.exclude is not None else DEFAULT_EXCLUDE
    line("exclude", strings(exclude), origin if config and config.exclude is not None else DEFAULT)
    if config and config.extend_exclude:
        line("extend-exclude", strings(config.extend_exclude), origin)
    if config and config.history is not None:
        line("history", strings(config.history), origin)
    else:
        line("history", "(the report files git tracks here)", DEFAULT)
    if "cache-dir" in s:
        line("cache-dir", f'"{o.cache}"' if o.cache else "(no cache)", s["cache-dir"])
    out.append("")
    out.append("[deadlines]")
    defaults = next((r.check["deadlines"] for r in rules if r.kind == "deadline"), {})
    for issuer in ISSUERS:
        source = s[f"deadlines.{issuer}"]
        day = o.deadlines.get(issuer) or defaults.get(issuer, "?")
        line(issuer, f'"{day}"', source if issuer in o.deadlines else "default (rule GX204)")
    out.append("")
    out.append("[severity]")
    for rule_id, level in sorted(o.severities.items()):
        line(rule_id, f'"{level}"', s[f"severity.{rule_id}"])
    if resolved.per_file:
        out.append("")
        out.append("[per-file-ignores]")
        for pattern, codes, hit in resolved.per_file:
            state = "matches this path" if hit else "does not match this path"
            line(f'"{pattern}"', strings(codes), f"{resolved.config.label if resolved.config else ''}"
                                                 f"; {state}")
    active = selected(rules, o)
    out.append("")
    out.append(f"# {len(active)} of {len(rules)} rules run: {' '.join(r.id for r in active)}")
    return "\n".join(out)
