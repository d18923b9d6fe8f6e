"""Last year's reports for the cross-year rules when reports are linted one by one.

The pre-commit hook lints only the files a commit touches, so last year's report is not in
the run. Each linted report that has no previous year among the linted files is paired with
its previous year among the *history*: the files the configuration's ``history`` patterns
name (relative to the configuration's folder), or by default the report files tracked in the
same git repository (``git ls-files``; none, quietly, without git or outside a repository).

History files are linted for their facts only (agency, year, the cells the cross-year rules
read) through the result cache, so an unchanged history costs a hash per file; their own
findings and errors are never reported. Text files that do not mention the year wanted are
not read at all.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Callable, Container, Iterable
from functools import cache

from .crossyear import YearFacts, agency_key
from .walk import repository_root

MAX_FILES = 5000  # history files considered per run: a repository of reports, not of everything
GIT_TIMEOUT = 20.0  # seconds for `git ls-files`
_SNIFFED = (".txt", ".text", ".md", ".markdown", ".html", ".htm")
_SNIFF_BYTES = 512 * 1024
_DIGITS = "〇一二三四五六七八九"


def history_files(path: str, overrides=None) -> list[str]:
    """The history for the report at ``path``: files, absolute, in a stable order."""
    from .config import ConfigError, configuration_of

    try:
        config = configuration_of(path, overrides)
    except ConfigError:
        return []  # linting the report says what is wrong with its configuration
    if config is not None and config.history is not None:
        return _globbed(str(config.folder), config.history)
    root = repository_root(os.path.dirname(os.path.abspath(path)))
    return list(_tracked(root)) if root else []


# The suffixes of reports as lint/adapters reads them (SUFFIXES) and of the documents it has
# LibreOffice convert (formats.CONVERTIBLE), here so that filtering `git ls-files` loads no
# reader's module on a cache hit (tests/test_history.py keeps them equal).
_REPORTS = (".txt", ".text", ".md", ".markdown", ".pdf", ".docx", ".html", ".htm", ".shtml", ".xhtml",
            ".mht", ".mhtml")
_CONVERTIBLE = (".doc", ".wps", ".odt", ".rtf")


def _report_suffix(name: str) -> bool:
    suffix = os.path.splitext(name)[1].lower()
    if suffix in _REPORTS:
        return True
    if suffix not in _CONVERTIBLE:
        return False
    from .adapters.formats import readable  # a .doc only with LibreOffice

    return readable(suffix)


@cache
def _globbed_cached(folder: str, patterns: tuple[str, ...]) -> tuple[str, ...]:
    import glob

    found: dict[str, None] = {}
    for pattern in patterns:
        for hit in glob.iglob(os.path.join(glob.escape(folder), pattern), recursive=True):
            if len(found) >= MAX_FILES:
                return tuple(found)
            if _report_suffix(hit) and os.path.isfile(hit):
                found[os.path.abspath(hit)] = None
    return tuple(found)


def _globbed(folder: str, patterns: tuple[str, ...]) -> list[str]:
    return list(_globbed_cached(folder, tuple(patterns)))


@cache
def _tracked(root: str) -> tuple[str, ...]:
    """The report files git tracks in the work tree at ``root`` (as its index has them: in a
    pre-commit hook, what is being committed), absolute; () without git."""
    env = {k: v for k, v in os.environ.items() if k not in ("GIT_DIR", "GIT_WORK_TREE")}
    if "GIT_INDEX_FILE" in env and repository_root(os.getcwd()) != root:
        del env["GIT_INDEX_FILE"]  # a hook's index is that of the repository it runs in
    names = _listed(root, env)
    files = [os.path.join(root, n) for n in names if _report_suffix(n)]
    return tuple(f for f in files[:MAX_FILES] if os.path.isfile(f))


def _listed(root: str, env: dict[str, str]) -> list[str]:
    """`git ls-files` at ``root``: the names that may be reports, in git's order ([] without
    git). What git said is kept in the cache folder under a stamp of the index file it read
    (size, modification and change times, inode: git rewrites the index, as a new file,
    whenever its entries change), so an unchanged index costs a cache hit no git process."""
    from .resources import cache_dir, sha256, write_atomic

    stamp = None
    index = _index_file(root, env)
    if index is not None:
        try:
            st = os.stat(index)
            stamp = f"{root}\0{index}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}"
        except OSError:
            pass
    memo = cache_dir() / f"git-{sha256(root.encode()).hexdigest()[:24]}.json"
    if stamp is not None:
        try:
            with open(memo, "rb") as fh:
                kept = json.loads(fh.read())
            if kept["stamp"] == stamp and all(isinstance(n, str) for n in kept["names"]):
                return kept["names"]
        except (OSError, ValueError, KeyError, TypeError):
            pass  # absent, damaged or of another index: ask git
    names = _ls_files(root, env)
    if names is None:
        return []
    names = [n for n in names if os.path.splitext(n)[1].lower() in _REPORTS + _CONVERTIBLE]
    if stamp is not None:
        write_atomic(memo, json.dumps({"stamp": stamp, "names": names}).encode("ascii"))
    return names


def _index_file(root: str, env: dict[str, str]) -> str | None:
    """The index file git reads for the work tree at ``root`` (None: not known for sure)."""
    given = env.get("GIT_INDEX_FILE")
    if given is not None:
        return given if os.path.isabs(given) else None
    dot = os.path.join(root, ".git")
    if os.path.isdir(dot):
        return os.path.join(dot, "index")
    try:  # a linked work tree or a submodule: ".git" names the git folder
        with open(dot, encoding="utf-8") as fh:
            line = fh.readline().strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not line.startswith("gitdir:"):
        return None
    return os.path.join(root, line[len("gitdir:"):].strip(), "index")


def _ls_files(root: str, env: dict[str, str]) -> list[str] | None:
    """`git ls-files -z` at ``root`` (None: no git, or git refused)."""
    import subprocess  # only for a report in a git repository whose index changed

    try:
        done = subprocess.run(["git", "-C", root, "ls-files", "-z"], env=env, capture_output=True,
                              timeout=GIT_TIMEOUT, check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return [n for n in done.stdout.decode("utf-8", "surrogateescape").split("\0") if n]


@cache
def _year_forms(year: int) -> tuple[bytes, ...]:
    """How a year may be written in a text file's bytes: digits in UTF-8/GB18030 or UTF-16,
    and in Chinese numerals (二〇二二) in UTF-8 or GB18030."""
    digits = str(year)
    chinese = "".join(_DIGITS[int(d)] for d in digits)
    return (digits.encode(), digits.encode("utf-16-le"), digits.encode("utf-16-be"),
            chinese.encode("utf-8"), chinese.encode("gb18030"))


def _may_hold(path: str, years: set[int]) -> bool:
    """Whether the file may be a report of one of ``years``: a text file that does not
    mention any of them is not; other formats cannot be told without reading them."""
    if not path.lower().endswith(_SNIFFED):
        return True
    try:
        with open(path, "rb", buffering=0) as fh:
            size = os.fstat(fh.fileno()).st_size  # a small file: no 512 KiB buffer for it
            head = fh.read(min(size, _SNIFF_BYTES) if size > 0 else _SNIFF_BYTES)
    except OSError:
        return False
    return any(form in head for year in years for form in _year_forms(year))


def previous_reports(unpaired: list[YearFacts], here: Container[str], overrides,
                     jobs: int | None = None) -> tuple[dict[str, YearFacts], set[str]]:
    """(current report's path -> last year's facts from the history, the reports whose
    history was searched), for the linted reports ``unpaired`` whose previous year is not in
    the run; ``here``: the files of the run (real paths), never their own history."""
    _tracked.cache_clear()  # a run sees the repository as it is now
    _globbed_cached.cache_clear()
    wanting = [f for f in unpaired if f.agency_key and f.year is not None]
    if not wanting:
        return {}, set()
    years = {f.year - 1 for f in wanting}
    candidates: dict[str, None] = {}
    searched = set()
    for r in wanting:
        history = history_files(r.path, overrides)
        if history:
            searched.add(r.path)
        for f in history:
            if len(candidates) >= MAX_FILES:
                break
            f = _shown(f)
            if f not in candidates and os.path.realpath(f) not in here and _may_hold(f, years):
                candidates[f] = None
    facts = _facts(list(candidates), overrides, jobs)
    by_key: dict[tuple[str, int], list[YearFacts]] = defaultdict(list)
    for f in facts:
        if f.agency_key and f.year in years:
            by_key[(f.agency_key, f.year)].append(f)
    found = {}
    for r in wanting:
        previous = _one(by_key.get((r.agency_key, r.year - 1), []))
        if previous is not None:
            found[r.path] = previous
    return found, searched


class History:
    """Last year's reports for the reports of a run that have none in it (called once, after
    the last file, with their facts); ``say(path, year)`` hears of each report whose history
    was searched in vain (``-v``)."""

    def __init__(self, run: Iterable[str], overrides, jobs: int | None = None,
                 say: Callable[[str, int], None] | None = None) -> None:
        self.here = _RealPaths(run)
        self.overrides, self.jobs, self.say = overrides, jobs, say

    def __call__(self, unpaired: list[YearFacts]) -> dict[str, YearFacts]:
        found, searched = previous_reports(unpaired, self.here, self.overrides, self.jobs)
        if self.say is not None:
            for f in unpaired:
                if f.path in searched and f.path not in found:
                    self.say(f.path, f.year - 1)
        return found


class _RealPaths:
    """The real paths of ``paths``, resolved when first asked (a run whose reports need no
    history search, or find none, resolves none)."""

    def __init__(self, paths: Iterable[str]) -> None:
        self.paths: list[str] | None = list(paths)
        self.real: set[str] = set()

    def __contains__(self, path: object) -> bool:
        if self.paths is not None:
            self.real = {os.path.realpath(p) for p in self.paths}
            self.paths = None
        return path in self.real


def _shown(path: str) -> str:
    """A history file as messages name it: relative to the current folder when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path
    return path if relative.startswith("..") else relative


def _one(reports: list[YearFacts]) -> YearFacts | None:
    """The previous year's report; several count as one when they state the same numbers (the
    DOCX and the PDF of one report), else which is meant is unknown."""
    if not reports or any(r.values != reports[0].values for r in reports[1:]):
        return None
    return min(reports, key=lambda r: r.path)


def _facts(paths: list[str], overrides, jobs: int | None) -> list[YearFacts]:
    """The cross-year facts of history files, linted (quietly) through the result cache."""
    if not paths:
        return []  # nothing to lint: the worker machinery is not even imported
    from .cache import through_cache
    from .config import ConfigError, options_for

    tasks = []
    for path in paths:
        try:
            tasks.append((path, options_for(path, overrides)))
        except ConfigError:
            continue
    if not tasks:
        return []
    def lint(todo: list):  # what the result cache does not hold
        from .batch import lint_many  # not when every history file is a cache hit

        return lint_many(todo, jobs)

    stream = through_cache(tasks, False, lint)
    facts = []
    try:
        for r in stream:
            if r.error is None and r.facts is not None:
                facts.append(r.facts)
    except KeyboardInterrupt:  # Ctrl-C: the reports linted are still reported, unpaired
        stream.close()
    return facts


def check_previous(current: YearFacts | None, previous: YearFacts | None,
                   current_path: str, previous_path: str) -> str | None:
    """Why ``--previous`` cannot be last year's report of ``current`` (None: it can): another
    agency (compared as the cross-year rules pair them), or not the year before."""
    if current is None or previous is None:
        return None
    problems = []
    a, b = agency_key(current.agency), agency_key(previous.agency)
    if a and b and a != b:
        problems.append(f"{previous_path} is a report of {previous.agency}, "
                        f"{current_path} of {current.agency}")
    if current.year is not None and previous.year is not None and previous.year != current.year - 1:
        problems.append(f"{previous_path} is of {previous.year}, {current_path} of {current.year}: "
                        f"last year's report is of {current.year - 1}")
    if not problems:
        return None
    return "--previous must be the same agency's report of the year before: " + "; ".join(problems)
