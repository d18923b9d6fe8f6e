"""What the command line prints: lines about files on stderr, the output on stdout or in
a file, colour when a terminal wants it, and the exit codes."""

from __future__ import annotations

import sys

import click

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def say(line: str) -> None:
    """A line about a file on stderr, its name and text with control characters escaped."""
    from .formatters.safe import visible

    click.echo(visible(line), err=True)


def use_colour(color: str, output: str | None) -> bool:
    """--color always|never, or auto: stdout is a terminal and NO_COLOR is unset or empty
    (https://no-color.org), as ruff decides."""
    import os

    if color != "auto":
        return color == "always"
    return output is None and not os.environ.get("NO_COLOR") and sys.stdout.isatty()


def emit(text: str, output: str | None, color: bool = False) -> None:
    """Print ``text``, or write it to ``output`` atomically: a reader never sees half a file,
    and a failed run leaves the previous file as it was."""
    if output is None:
        try:
            click.echo(text, color=True if color else None)  # None: click strips colour off a pipe
        except BrokenPipeError:
            sys.exit(reader_gone())
        return
    from .safefile import write_atomic

    try:
        write_atomic(output, (text + "\n").encode("utf-8"))
    except OSError as exc:
        click.echo(f"gxlint: cannot write {output}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_ERROR)


def internal_error(exc: Exception) -> int:
    """A bug in gxlint ended the run: say so in one line (the traceback with
    GXLINT_TRACEBACK=1) and exit 2, since Python's own exit code for it, 1, means "findings"."""
    import os

    if os.environ.get("GXLINT_TRACEBACK"):
        import traceback

        traceback.print_exception(exc)
    from .formatters.safe import visible

    click.echo(visible(f"gxlint: internal error (a bug in gxlint, not a fault of the report): "
                       f"{type(exc).__name__}: {exc}. Set GXLINT_TRACEBACK=1 to see where, "
                       "and please report it."), err=True)
    return EXIT_ERROR


def reader_gone() -> int:
    """The reader of stdout went away (``gxlint … | head``): stop without a word, as ``cat``
    does, and point stdout at /dev/null so that Python's flush at exit does not complain
    (https://docs.python.org/3/library/signal.html#note-on-sigpipe). Returns the exit code."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return EXIT_ERROR
