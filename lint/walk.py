"""Which files a run lints: the files named, and report files found in the folders named.

A folder is searched recursively, as ruff searches one: files and folders that a
``.gitignore`` (of the folder, or of a folder above it in the same repository), the
configuration's ``exclude``/``extend-exclude`` or ``--exclude`` match are left out, and so
are hidden ones (always). Files of a format gxlint does not read (.doc without LibreOffice, .xlsx,
images…) are counted as skipped, so the run can say so. A file named on the command line is
always linted (and an unreadable format says why), unless ``--force-exclude`` applies the
exclusions to it too.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .adapters import InputError

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


class Walk:
    """What :func:`walk` found."""

    def __init__(self) -> None:
        self.files: list[str] = []  # to lint, in order
        self.problems: list[InputError] = []  # named paths that cannot be used
        self.skipped: list[str] = []  # found in a folder, a format not read
        self.excluded: list[str] = []  # named or found, left out by a pattern
        self.searched = False  # a folder was searched


class Exclusions(NamedTuple):  # not a dataclass: no methods compiled at import (lint/config.py)
    """``--exclude`` (replaces the configuration's ``exclude``), ``--extend-exclude`` (added),
    and whether ``.gitignore`` files count."""

    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] = ()
    gitignore: bool = True
    force: bool = False  # --force-exclude: files named on the command line too


@cache
def _spec(patterns: tuple[str, ...]):
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(patterns)


@cache
def _gitignore(folder: str):
    """The patterns of ``folder``'s .gitignore (None: none or unreadable)."""
    try:
        with open(os.path.join(folder, ".gitignore"), encoding="utf-8", errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return None
    return _spec(tuple(lines)) if any(line.strip() for line in lines) else None


@cache
def repository_root(folder: str) -> str | None:
    """The folder holding ``.git`` at or above ``folder``, or None."""
    here = folder
    while True:
        if os.path.exists(os.path.join(here, ".git")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


class _Filter:
    """Whether a path is excluded: patterns of the configuration nearest to it (relative to
    that configuration's folder), of the command line (relative to the current folder), and
    of the .gitignore files from the repository's root down to it."""

    def __init__(self, exclusions: Exclusions, overrides) -> None:
        self.ex, self.overrides = exclusions, overrides
        self.cwd = os.getcwd()
        self.known: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {}

    def _config_patterns(self, folder: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
        """(base folder, exclude, extend-exclude) for files in ``folder``."""
        if folder not in self.known:
            self.known[folder] = self._read_patterns(folder)
        return self.known[folder]

    def _read_patterns(self, folder: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
        from .config import DEFAULT_EXCLUDE, ConfigError, ConfigFile, configuration_of

        try:
            config: ConfigFile | None = configuration_of(folder, self.overrides)
        except ConfigError:
            config = None  # linting the file reports the bad configuration
        if config is None:
            return self.cwd, DEFAULT_EXCLUDE, ()
        exclude = config.exclude if config.exclude is not None else DEFAULT_EXCLUDE
        return str(config.folder), exclude, config.extend_exclude

    def excluded(self, path: str, is_dir: bool) -> bool:
        absolute = os.path.abspath(path)
        folder = os.path.dirname(absolute)
        base, exclude, extend = self._config_patterns(folder)
        exclude_base = base
        if self.ex.exclude is not None:  # the command line's replaces the configuration's
            exclude_base, exclude = self.cwd, self.ex.exclude
        if _match(exclude_base, exclude, absolute, is_dir) or _match(base, extend, absolute, is_dir) \
                or _match(self.cwd, self.ex.extend_exclude, absolute, is_dir):
            return True
        if not self.ex.gitignore:
            return False
        root = repository_root(folder)
        if root is None:
            return False
        here = folder
        chain = []
        while True:
            chain.append(here)
            if here == root or os.path.dirname(here) == here:
                break
            here = os.path.dirname(here)
        for level in chain:
            spec = _gitignore(level)
            if spec is not None and _match_spec(spec, level, absolute, is_dir):
                return True
        return False


def _match(base: str, patterns: tuple[str, ...], absolute: str, is_dir: bool) -> bool:
    if not patterns:
        return False
    names = _plain(tuple(patterns))
    if names is not None:  # the built-in defaults: no pattern library needed
        return not names.isdisjoint(_relative(base, absolute).split("/"))
    return _match_spec(_spec(tuple(patterns)), base, absolute, is_dir)


_GLOB = frozenset("*?[]\\/!#")


@cache
def _plain(patterns: tuple[str, ...]) -> frozenset[str] | None:
    """The names, when every pattern is a plain name (no glob character, slash, negation,
    comment or surrounding space — ``__pycache__``, ``venv``): in gitignore's meaning such a
    pattern matches any file or folder of that name at any depth, and so everything under
    such a folder, that is, a path one of whose parts is the name. None otherwise."""
    names = frozenset(patterns)
    if all(n and n == n.strip() and n.strip(".") and _GLOB.isdisjoint(n) for n in names):
        return names
    return None


def _relative(base: str, absolute: str) -> str:
    """``absolute`` relative to ``base`` with forward slashes, or its name alone when it is
    outside ``base``."""
    if absolute.startswith(base) and absolute[len(base):len(base) + 1] == os.sep:
        relative = absolute[len(base) + 1:]  # what relpath gives, without its normalising
    else:
        relative = os.path.relpath(absolute, base)
    relative = relative.replace(os.sep, "/")
    if relative.startswith("../") or relative == "..":
        relative = os.path.basename(absolute)
    return relative


def _match_spec(spec, base: str, absolute: str, is_dir: bool) -> bool:
    """gitignore meaning: a pattern without a slash matches a name at any depth, one with a
    slash is anchored at ``base``; a path outside ``base`` is matched by its name alone."""
    relative = _relative(base, absolute)
    return spec.match_file(relative + "/" if is_dir else relative)


def walk(paths: tuple[str, ...] | list[str], exclusions: Exclusions | None = None,
         overrides=None) -> Walk:
    """The files to lint for ``paths`` (files, and folders searched recursively), and what
    was left out. A path that does not exist, or a folder that cannot be entered or listed,
    is a problem, not a crash."""
    exclusions = exclusions or Exclusions()
    out = Walk()
    keep = _Filter(exclusions, overrides)

    def unreadable(exc: OSError) -> None:
        from . import adapters

        out.problems.append(adapters._os_error(exc.filename or "?", exc))

    for given in paths:
        p = Path(given)
        try:
            is_dir = p.is_dir()
            exists = is_dir or p.exists()
        except OSError as exc:  # e.g. a parent folder that cannot be entered
            from . import adapters

            out.problems.append(adapters._os_error(given, exc))
            continue
        if not exists:
            from .adapters import InputError

            out.problems.append(InputError(given, "missing"))
        elif not is_dir:
            if exclusions.force and keep.excluded(given, False):
                out.excluded.append(given)
            else:
                out.files.append(given)
            continue
        else:
            # Not for files named: a run on one report loads no reader's module.
            from .adapters import SUFFIXES
            from .adapters.formats import UNSUPPORTED, readable

            out.searched = True
            found = []
            for root, dirs, names in os.walk(p, onerror=unreadable):
                kept = []
                for d in sorted(dirs):
                    if d.startswith("."):
                        continue
                    if keep.excluded(os.path.join(root, d), True):
                        out.excluded.append(os.path.join(root, d))
                    else:
                        kept.append(d)
                dirs[:] = kept
                for name in sorted(n for n in names if not n.startswith(".")):
                    path = os.path.join(root, name)
                    suffix = os.path.splitext(name)[1].lower()
                    report = suffix in SUFFIXES or readable(suffix)
                    if not report and suffix not in UNSUPPORTED:
                        continue  # not a report's format at all: a README.py, a .json
                    if keep.excluded(path, False):
                        out.excluded.append(path)
                    elif not report:
                        out.skipped.append(path)
                    elif not _own_page(path):
                        found.append(path)
            out.files.extend(sorted(found))
    out.files = list(dict.fromkeys(out.files))
    return out


def collect(paths: tuple[str, ...] | list[str]) -> tuple[list[str], list[InputError]]:
    """(files to lint, problems) for ``paths``, with the default exclusions."""
    found = walk(paths)
    return found.files, found.problems


def summary(found: Walk, lang: str, verbose: bool) -> list[str]:
    """What a run says on stderr about its walk: the files of formats not read (one line, or
    one per file with ``-v``), what was excluded (``-v``), and a walk that found no report."""
    zh = lang == "zh"
    lines = []
    if found.skipped:
        if verbose:
            from .adapters.formats import refusal

            for path in found.skipped:
                why = refusal(path).text(lang)
                lines.append(f"{path}: {'跳过' if zh else 'skipped'}: {why}")
        else:
            from collections import Counter

            kinds = Counter(os.path.splitext(p)[1].lower() for p in found.skipped)
            parts = ", ".join(f"{n} × {s}" for s, n in sorted(kinds.items()))
            lines.append(f"gxlint: 跳过 {len(found.skipped)} 个无法读取格式的文件（{parts}；-v 逐个列出原因）"
                         if zh else f"gxlint: skipped {len(found.skipped)} files of formats gxlint "
                                    f"does not read ({parts}; -v lists each with the reason)")
    if verbose:
        for path in found.excluded:
            lines.append(f"{path}: {'已排除' if zh else 'excluded'} (exclude / .gitignore)")
    if (found.searched or found.excluded) and not found.files and not found.problems:
        lines.append("gxlint: 警告：所给路径下没有找到报告文件（.txt .md .pdf .docx .html）" if zh
                     else "gxlint: warning: no report files found under the given paths "
                          "(.txt .md .pdf .docx .html)")
    return lines
