"""The gxlint process's end (lint.cli.entry, lint.console.exit_now): it skips Python's
teardown, so these run the real entry point in a subprocess and check that nothing is lost —
the output whole on stdout and in -o files, exit codes 0/1/2, a reader that goes away
(`| head`) met with silence, atexit handlers run, temporary folders removed, and a thread
still running waited for."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lint.cli import main

ROOT = Path(__file__).resolve().parents[1]
FAULTS = ROOT / "fixtures" / "gen-example-faults.txt"  # has findings
CLEAN = ROOT / "fixtures" / "gen-tabs-1.txt"  # has none


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "GXLINT_CACHE_DIR": str(tmp_path / "cache"),
            "NO_COLOR": "1", "TMPDIR": str(tmp_path)}


def _gxlint(tmp_path: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lint", *args], capture_output=True,
                          env=_env(tmp_path), cwd=tmp_path, **kwargs)


@pytest.mark.parametrize("path, code", [(FAULTS, 1), (CLEAN, 0), (Path("missing.txt"), 2)])
def test_the_process_prints_what_main_prints_and_exits_with_its_code(tmp_path, path, code):
    for fmt in ("text", "json"):
        args = ["--lang", "en", "--format", fmt, str(path)]
        done = _gxlint(tmp_path, *args)
        inside = CliRunner().invoke(main, args)  # in-process: click's own exit, no os._exit
        assert (done.returncode, inside.exit_code) == (code, code), done.stderr
        assert done.stdout.decode("utf-8") == inside.stdout


def test_an_output_file_is_written_whole(tmp_path):
    out = tmp_path / "out.json"
    done = _gxlint(tmp_path, "--format", "json", "-o", str(out), str(FAULTS), str(CLEAN))
    assert done.returncode == 1 and done.stdout == b""
    inside = CliRunner().invoke(main, ["--format", "json", str(FAULTS), str(CLEAN)])
    assert out.read_text(encoding="utf-8") == inside.stdout


def test_a_reader_that_goes_away_is_met_with_silence(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(120):  # far more output than a pipe holds
        shutil.copyfile(FAULTS, folder / f"r{i:03d}.txt")
    proc = subprocess.Popen([sys.executable, "-m", "lint", "-j", "1", str(folder)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(tmp_path),
                            cwd=tmp_path)
    assert proc.stdout.readline()
    proc.stdout.close()  # as `| head -1` does
    err = proc.stderr.read()
    proc.wait(timeout=120)
    assert proc.returncode == 2 and err == b""


def test_atexit_handlers_run_and_the_stdin_copy_is_removed(tmp_path):
    code = ("import atexit, sys\nfrom lint.cli import entry\n"
            "atexit.register(lambda: print('ATEXIT RAN', file=sys.stderr))\nentry()\n")
    done = subprocess.run([sys.executable, "-c", code, "--lang", "en", "-"], input=FAULTS.read_bytes(),
                          capture_output=True, env=_env(tmp_path), cwd=tmp_path)
    assert done.returncode == 1 and b"ATEXIT RAN" in done.stderr
    assert b"-:" in done.stdout  # the findings, under the name standard input has
    assert not list(tmp_path.glob("gxlint-stdin-*"))  # removed by its atexit handler


def test_a_thread_still_running_is_waited_for(tmp_path):
    # the thread prints after gxlint's output, once the command is done and exiting
    code = ("import threading, time\nimport lint.cli\nready = threading.Event()\n"
            "def late():\n    ready.wait()\n    time.sleep(0.3)\n    print('THREAD DONE', flush=True)\n"
            "threading.Thread(target=late).start()\nreal = lint.cli.main\n"
            "def main():\n    try:\n        real()\n    finally:\n        ready.set()\n"
            "lint.cli.main = main\nlint.cli.entry()\n")
    done = subprocess.run([sys.executable, "-c", code, str(CLEAN)], capture_output=True,
                          env=_env(tmp_path), cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.endswith(b"THREAD DONE\n")


def test_a_message_as_the_exit_code_goes_to_stderr_with_1(tmp_path):
    code = ("import sys\nimport lint.cli\n"
            "def fail():\n    sys.exit('gxlint: no')\n"
            "lint.cli.main = fail\nlint.cli.entry()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, env=_env(tmp_path))
    assert done.returncode == 1 and done.stderr == b"gxlint: no\n"
