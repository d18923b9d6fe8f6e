"""Bad input in a run of several files: each bad file gets a message naming it and the reason,
the run exits 2, and the other files are still linted. Heavy libraries load only when a DOCX
or HTML file is read."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from lint.adapters import InputError, read_source
from lint.cli import main
from tests.docxbuild import write_docx
from tests.generate import blocks, generate, render
from tests.htmlbuild import write_html

ROOT = Path(__file__).resolve().parent.parent


def _sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as f:
        f.truncate(size)  # a hole: no disk used, and never read
    return path


@pytest.mark.parametrize("suffix", [".txt", ".md", ".docx", ".html"])
def test_a_200_mb_file_is_refused_unread(tmp_path, suffix):
    path = _sparse(tmp_path / f"big{suffix}", 200 * 1024 * 1024)
    with pytest.raises(InputError) as info:
        read_source(path)
    assert f"{path}: file too large (200 MB" in str(info.value)


@pytest.mark.parametrize("suffix", [".txt", ".docx", ".html", ".htm"])
def test_an_empty_file_is_refused(tmp_path, suffix):
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="empty file"):
        read_source(path)


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(110):
                member.write(bytes(1 << 20))
    return out.getvalue()


def test_bad_files_exit_2_and_the_others_are_still_linted(tmp_path):
    spec = generate(5)
    spec.values["t3.new.natural"] += 1  # GX401: an error in each good file
    good = [write_docx(blocks(spec), tmp_path / "good.docx"),
            write_html(blocks(spec), tmp_path / "good.html", "divs"),
            tmp_path / "good.txt"]
    good[2].write_text(render(spec, "tabs"), "utf-8")
    bad = {
        "notzip.docx": (b"plain text, not a zip", "not a zip archive"),
        "bomb.docx": (_bomb(), "would unpack to 110 MB"),
        "binary.txt": (bytes(range(256)) * 16, "binary file"),
        "binary.html": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16, "binary file"),
        "empty.htm": (b"", "empty file"),
    }
    for name, (content, _) in bad.items():
        (tmp_path / name).write_bytes(content)
    _sparse(tmp_path / "huge.txt", 200 * 1024 * 1024)
    bad["huge.txt"] = (b"", "file too large")
    result = CliRunner().invoke(main, ["--lang", "en", str(tmp_path)])
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    for name, (_, reason) in bad.items():
        said = [line for line in lines if line.startswith(f"{tmp_path / name}: error: ")]
        assert len(said) == 1 and reason in said[0], (name, said)
    for path in good:
        assert any(line.startswith(f"{path}:") and " GX401 error " in line for line in lines), path
    assert lines[-1].endswith("in 9 files (6 unreadable)")
    assert "Traceback" not in result.output


_PROBE = """
import sys
import lint.cli
from lint.engine import Options, lint_file
from lint.rulepack import load_rules
rules = load_rules()
lint_file(sys.argv[1], rules, Options())
heavy = sorted(m for m in ("docx", "lxml", "lxml.html") if m in sys.modules)
lint_file(sys.argv[2], rules, Options())
print(heavy, "docx" in sys.modules, "lxml.html" in sys.modules)
"""


def test_docx_and_lxml_load_only_when_such_a_file_is_read(tmp_path):
    txt = tmp_path / "r.txt"
    txt.write_text(render(generate(1), "tabs"), "utf-8")
    docx_path = write_docx(blocks(generate(1)), tmp_path / "r.docx")
    out = subprocess.run([sys.executable, "-c", _PROBE, str(txt), str(docx_path)], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    assert out.split() == ["[]", "True", "False"]
