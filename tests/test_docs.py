"""The documentation matches the program: every gxlint command line in README.md and docs/*.md
uses options its command has, links point at files that exist, and the README's architecture
table names every module of the package."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import click
import pytest

from lint.cli import hoist_command, main

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _code(text: str) -> list[str]:
    """Lines of fenced code blocks and inline code spans."""
    out: list[str] = []
    fenced = False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif fenced:
            out.append(line)
        else:
            out += re.findall(r"`([^`]+)`", line)
    return out


def _command_lines(text: str) -> list[str]:
    lines = []
    for code in _code(text):
        code = code.split(" #")[0]  # a shell comment is prose
        for m in re.finditer(r"(?:^|[\s:])(gxlint(?: [^#|>&]*)?)", code):
            lines.append(m.group(1).strip())
    return lines


def _options(command: click.Command) -> set[str]:
    return {o for p in command.params if isinstance(p, click.Option)
            for o in (*p.opts, *p.secondary_opts)} | {"-h", "--help"}


def _check(line: str) -> list[str]:
    """What is wrong with one documented command line (nothing: [])."""
    words = hoist_command(shlex.split(line)[1:], main.commands)  # as gxlint reads them
    if words and words[0] in ("--version", "-V", "--help", "-h"):
        return []
    name = words[0] if words and words[0] in main.commands else "check"
    if words and words[0] == name:
        words = words[1:]
    known = _options(main.commands[name])
    return [f"{line}: gxlint {name} has no option {w.split('=')[0]}"
            for w in words if w.startswith("-") and w != "-" and w.split("=")[0] not in known]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_documented_commands_use_real_options(doc):
    lines = _command_lines(doc.read_text(encoding="utf-8"))
    problems = [p for line in lines for p in _check(line)]
    assert problems == []


def test_the_checker_finds_a_wrong_option():
    assert _check("gxlint --colour r.txt") and _check("gxlint rules --fix")
    assert not _check("gxlint rules --format markdown") and not _check("gxlint -j 2 reports/")
    assert not _check("gxlint --lang en rules") and _check("gxlint --fix rules")
    assert "gxlint --diff report.md" in _command_lines("```sh\ngxlint --diff report.md | less\n```")


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_relative_links_point_at_files(doc):
    text = doc.read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)
    missing = [t for t in targets if "://" not in t and not (doc.parent / t).exists()]
    assert missing == []


def test_readme_anchors_name_its_sections():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    slugs = {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-")
             for h in re.findall(r"^#+ (.+)$", text, re.M)}
    anchors = set(re.findall(r"\]\(#([^)]+)\)", text))
    assert anchors and anchors <= slugs, anchors - slugs


def test_readme_architecture_table_names_every_module():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("## How it works", 1)[1].split("\n## ", 1)[0]
    modules = [p for p in (ROOT / "lint").rglob("*.py") if p.name not in ("__init__.py", "__main__.py")]
    missing = [str(p.relative_to(ROOT)) for p in modules
               if f"`{p.name}`" not in table and f"`{p.relative_to(ROOT).as_posix()}`" not in table]
    assert missing == [], "add these to the README's 'How it works' table"


def test_inputs_lists_each_format_once():
    text = (ROOT / "docs" / "inputs.md").read_text(encoding="utf-8")
    rows = [line.split("|")[1].strip() for line in text.splitlines() if line.startswith("| `.")]
    assert rows and len(rows) == len(set(rows))
    assert sum(1 for line in rows if ".pdf" in line) == 1
    assert text.count("\n## PDF\n") == 1


def _quick_start() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text[text.index("## Quick start"):text.index("## Contents")]


def test_quick_start_lints_an_example_with_findings_as_shown():
    """The README's quick start names a virtual environment, lints a bundled example whose
    findings it shows as gxlint prints them, and .ci/run runs that very command."""
    from click.testing import CliRunner

    quick = _quick_start()
    assert "venv" in quick and "pipx" in quick
    command = next(line for line in _code(quick) if line.startswith("gxlint "))
    blocks = quick.split("```")
    shown = next(b for b in blocks[1::2] if b.startswith("\n") and " GX" in b).strip("\n")
    cwd = os.getcwd()
    try:
        os.chdir(ROOT)
        result = CliRunner().invoke(main, shlex.split(command)[1:])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 1 and result.stdout.strip("\n") == shown
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
