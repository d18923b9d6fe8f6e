"""What the command line prints: lines about files on stderr, the output on stdout or in
a file, colour when a terminal wants it, and the exit codes."""

from __future__ import annotations

import sys
from typing import NoReturn

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


def exit_now(code: object) -> NoReturn:
    """End the gxlint process with ``code`` (a SystemExit's: None, a number, or a message for
    stderr and 1), without the interpreter's teardown of every module and object, which
    costs a miss more than linting the file does. Nothing is pending by then: the output is
    written (a file atomically, before), the caches' writes are synchronous, workers and
    temporary folders are ended by their own ``finally`` blocks or atexit handlers, which run
    here. Where a thread other than a daemon one is still running, Python's own exit (which
    waits for it) is used. Only for the process's entry point (:func:`lint.cli.entry`), never
    where gxlint is called in-process (tests, an embedding program)."""
    import atexit
    import os

    if code is None:
        code = EXIT_OK
    elif not isinstance(code, int):
        print(code, file=sys.stderr)  # as Python prints sys.exit("message")
        code = 1
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        code = reader_gone()
    except (OSError, ValueError, AttributeError):  # closed or replaced: as Python's exit would
        pass
    threading = sys.modules.get("threading")
    if threading is not None and any(not t.daemon for t in threading.enumerate()
                                     if t is not threading.main_thread()):
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:
            if stream is sys.stdout:
                code = reader_gone()
        except (OSError, ValueError, AttributeError):
            pass
    os._exit(code)


def reader_gone() -> int:
    """The reader of stdout went away (``gxlint … | head``): stop without a word, as ``cat``
    does, and point stdout at /dev/null so that Python's flush at exit does not complain
    (https://docs.python.org/3/library/signal.html#note-on-sigpipe). Returns the exit code."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return EXIT_ERROR
