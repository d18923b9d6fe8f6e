"""Why a file cannot be read, in the run's language: the reasons table
(lint/adapters/messages.py) is complete, every reason raised in lint/ is in it, and a Chinese
run prints Chinese reasons (English with --lang en)."""

from __future__ import annotations

import ast
import pickle
import re
import string
from pathlib import Path

import pytest
from click.testing import CliRunner

from lint.adapters import InputError, read_source
from lint.adapters.messages import NOTES, REASONS, reason
from lint.cli import main

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(REASONS) + sorted(NOTES))
def test_every_reason_and_note_has_both_languages_with_the_same_placeholders(code):
    en, zh = REASONS.get(code) or NOTES[code]
    assert en.strip() and not CJK.search(en), code
    assert CJK.search(zh), code
    assert _fields(en) == _fields(zh), code


def _codes_used() -> list[tuple[str, str, set[str]]]:
    """(where, code, keyword names) of every InputError(...) and reason(...) call in lint/ with a
    literal code, and of every ``return "code", {...}`` (pdf.py's mapping of library exceptions)."""
    used = []
    for path in sorted((ROOT / "lint").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("InputError", "reason"):
                code = node.args[1] if node.func.id == "InputError" else node.args[0]
                if not isinstance(code, ast.Constant):
                    continue  # passed through: InputError.text, unpickling, pdf.py's _reason
                used.append((where, code.value, {k.arg for k in node.keywords if k.arg}))
            elif isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple) and \
                    len(node.value.elts) == 2 and isinstance(node.value.elts[1], ast.Dict) and \
                    isinstance(node.value.elts[0], ast.Constant):
                keys = {k.value for k in node.value.elts[1].keys if isinstance(k, ast.Constant)}
                used.append((where, node.value.elts[0].value, keys))
    return used


def test_every_reason_raised_is_in_the_table_with_its_placeholders():
    used = _codes_used()
    assert len(used) > 30  # the scan finds the adapters' calls
    for where, code, names in used:
        assert code in REASONS, f"{where}: {code!r} is not in lint/adapters/messages.py"
        assert names == _fields(REASONS[code][0]), f"{where}: {code!r} takes {_fields(REASONS[code][0])}"
    unused = set(REASONS) - {code for _, code, _ in used}
    assert not unused, f"reasons never raised: {unused}"


def test_input_error_keeps_the_english_reason_and_gives_either_language():
    exc = InputError("a.txt", "too_large", size=200, limit=50)
    assert exc.reason == "file too large (200 MB; the limit is 50 MB)" == exc.text("en")
    assert str(exc) == "a.txt: file too large (200 MB; the limit is 50 MB)"
    assert exc.text("zh") == "文件过大（200 MB，上限为 50 MB）" == reason("too_large", "zh", size=200, limit=50)
    copy = pickle.loads(pickle.dumps(exc))  # e.g. across worker processes
    assert (copy.path, copy.code, copy.details, str(copy)) == (exc.path, exc.code, exc.details, str(exc))


def test_a_library_exception_is_kept_as_its_text(tmp_path):
    path = tmp_path / "n.docx"
    path.write_bytes(b"plain text, not a zip")
    with pytest.raises(InputError) as info:
        read_source(path)
    assert info.value.details == {"detail": "File is not a zip file"}
    assert info.value.text("zh") == "不是 DOCX 文件（不是 zip 压缩包：File is not a zip file）"


def _bad_files(folder: Path) -> None:
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 16)
    (folder / "damaged.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    (folder / "notzip.docx").write_bytes(b"plain text, not a zip")
    with open(folder / "huge.txt", "wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: no disk used, and never read


# file -> (Chinese, English) reason, in full
EXPECTED = {
    "missing.txt": ("文件或文件夹不存在", "no such file or directory"),
    "empty.txt": ("空文件", "empty file"),
    "binary.txt": ("二进制文件，不是文本（含有 NUL 字节）", "binary file, not text (it contains NUL bytes)"),
    "damaged.pdf": ("PDF 已损坏，或不是 PDF 文件（找不到文档目录）",
                    "damaged PDF, or not a PDF (no document catalogue found)"),
    "notzip.docx": ("不是 DOCX 文件（不是 zip 压缩包：File is not a zip file）",
                    "not a DOCX file (not a zip archive: File is not a zip file)"),
    "huge.txt": ("文件过大（200 MB，上限为 50 MB）", "file too large (200 MB; the limit is 50 MB)"),
}


@pytest.mark.parametrize(("lang", "column"), [("zh", 0), ("en", 1)])
def test_a_run_prints_the_reasons_in_its_language(tmp_path, lang, column):
    _bad_files(tmp_path)
    args = [] if lang == "zh" else ["--lang", "en"]  # Chinese is the default
    result = CliRunner().invoke(main, [*args, str(tmp_path), str(tmp_path / "missing.txt")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    lines = result.stdout.splitlines()
    for name, reasons in EXPECTED.items():
        assert f"{tmp_path / name}: error: {reasons[column]}" in lines, (name, lines)
    assert len(lines) == len(EXPECTED) + 1  # one line per file, then the summary


def test_json_output_carries_the_reason_in_the_run_language(tmp_path):
    import json

    _bad_files(tmp_path)
    result = CliRunner().invoke(main, ["--format", "json", str(tmp_path / "empty.txt")])
    assert json.loads(result.stdout)["files"][0]["error"] == "空文件"
