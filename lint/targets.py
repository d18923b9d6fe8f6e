"""What --output and --write-baseline may replace: never a report being linted, and
(without --force) only a file gxlint wrote there before."""

from __future__ import annotations

import click


def guard_target(target: str | None, option: str, inputs: list[str], force: bool) -> None:
    """--output and --write-baseline never replace a report being linted, nor (without
    --force) a file that is not what gxlint writes there: a forgotten file name must not cost
    a report."""
    import os

    if target is None:
        return
    if _any_is(inputs, target):
        raise click.BadParameter(f"{target} is a report being linted; name another file",
                                 param_hint=option)
    if force or not os.path.exists(target):
        return
    if os.path.isdir(target):
        raise click.BadParameter(f"{target} is a folder", param_hint=option)
    from .safefile import not_a_regular_file

    if not_a_regular_file(target):  # /dev/null, a FIFO: written to, never read or replaced
        return
    ours = _is_baseline(target) if option == "--write-baseline" else _is_output(target)
    if not ours:
        what = "a gxlint baseline" if option == "--write-baseline" else "gxlint output"
        raise click.BadParameter(f"{target} exists and is not {what}; name another file, or "
                                 "add --force to replace it", param_hint=option)


def _any_is(inputs: list[str], target: str) -> bool:
    """Whether one of ``inputs`` is ``target``, by one stat each (a batch names hundreds):
    the same file (device and inode, so a symbolic or hard link to it too), or, where either
    cannot be looked at (a missing --previous), the same path once links are resolved."""
    import os

    try:
        st = os.stat(target)
        mine: tuple[int, int] | None = (st.st_dev, st.st_ino)
    except (OSError, ValueError):
        mine = None
    real = None
    for path in inputs:
        try:
            other = os.stat(path)
        except (OSError, ValueError):
            other = None
        if other is not None and mine is not None:
            if (other.st_dev, other.st_ino) == mine:
                return True
            continue
        if real is None:
            real = os.path.realpath(target)
        if os.path.realpath(path) == real:
            return True
    return False


def _is_baseline(path: str) -> bool:
    from .suppress import BaselineError, read_baseline

    try:
        read_baseline(path)
        return True
    except BaselineError:
        return _is_empty(path)


def _is_empty(path: str) -> bool:
    import os

    try:
        return os.path.getsize(path) == 0
    except OSError:
        return False


def _is_output(path: str) -> bool:
    """Whether ``path`` holds what `gxlint --output` writes in some format (or nothing)."""
    import re

    from .walk import GENERATOR_MARK

    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(max(0, size - 4096))
            tail = fh.read()
    except OSError:
        return False
    if not head.strip():
        return True
    if GENERATOR_MARK in head[:2048]:  # html
        return True
    if head.lstrip().startswith(b"{") and (b'"name": "gxlint"' in head  # json, sarif
                                           or head.lstrip()[1:].lstrip().startswith(b'"statistics"')):
        return True
    text = tail.decode("utf-8", "replace").rstrip("\n")
    last = text.rpartition("\n")[2]
    if re.match(r"(共 \d+ 个问题|\d+ findings? )", last):  # text, --statistics
        return True
    lines = [line for line in head.decode("utf-8", "replace").splitlines()[:-1] if line]
    return bool(lines) and all(line.startswith("::") for line in lines)  # github
