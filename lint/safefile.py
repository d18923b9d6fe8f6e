"""Writing a file in one step, with nothing left behind: a temporary file in the target's
folder, renamed over it. SIGTERM, SIGHUP and Ctrl-C while it is written remove the
temporary file before the process ends (SIGKILL cannot be caught; the rename is still all or
nothing)."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Interrupted(KeyboardInterrupt):
    """A termination signal, raised where the process was so that cleanups run."""


@contextmanager
def signals_interrupt() -> Iterator[None]:
    """While inside: SIGTERM and SIGHUP raise :class:`Interrupted`, as Ctrl-C raises
    KeyboardInterrupt, so ``finally`` blocks remove what they must."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, _frame):
        raise Interrupted(f"signal {signum}")

    old = {}
    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is not None:
            old[sig] = signal.signal(sig, stop)
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


def not_a_regular_file(target: str) -> bool:
    """Whether ``target`` exists and is a device, FIFO or terminal: written to, never replaced
    (a rename would put a regular file in place of ``/dev/null``)."""
    import stat

    try:
        return not stat.S_ISREG(os.stat(target).st_mode)
    except OSError:
        return False  # absent (or unreadable: writing says why)


def write_atomic(target: str, data: bytes, mode: int | None = None) -> None:
    """Replace ``target`` with ``data``. ``mode``: the new file's permissions (default: as a
    new file gets under the umask). A target that exists and is not a regular file
    (``/dev/null``, a FIFO, a terminal) is written to, not replaced: a rename would put a
    regular file in place of the device."""
    if not_a_regular_file(target):
        with open(target, "wb") as fh:
            fh.write(data)
        return
    import tempfile

    folder = os.path.dirname(os.path.abspath(target))
    with signals_interrupt():
        tmp = None
        try:
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(target)}.",
                                       suffix=".gxlint-tmp")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            if mode is None:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask  # mkstemp makes it private; the file it replaces is not
            os.chmod(tmp, mode)
            os.replace(tmp, target)
            tmp = None
        finally:
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
