"""Findings as compiler-style text lines (``path:line:col: GX401 error 表三…``) and a summary."""

from __future__ import annotations

from ..findings import SEVERITIES, FileResult, Finding
from .safe import visible

SEVERITY_WORDS = {"error": "错误", "warning": "警告", "info": "提示"}


def severity_word(severity: str, lang: str) -> str:
    """The severity as the reader says it: 错误/警告/提示 in Chinese output."""
    return SEVERITY_WORDS.get(severity, severity) if lang == "zh" else severity


# --color: as compilers colour them; the message, path and summary stay plain.
COLOURS = {"error": {"fg": "red", "bold": True}, "warning": {"fg": "yellow", "bold": True},
           "info": {"fg": "cyan", "bold": True}}


def _coloured(line: str, f: Finding, lang: str) -> str:
    """``line`` (already made visible) with its rule id and severity word coloured. Both are
    found by position, right after the escaped ``path:line:col: ``, never by searching text
    a report or a file name could forge."""
    import click

    head = len(visible(f"{f.where()}: "))
    word = severity_word(f.severity, lang)
    if line[head:].split(" ", 2)[:2] != [f.rule_id, word]:
        return line
    rest = line[head + len(f.rule_id) + 1 + len(word):]
    return (line[:head] + click.style(f.rule_id, bold=True) + " "
            + click.style(word, **COLOURS.get(f.severity, {})) + rest)


def _finding_line(f: Finding, lang: str) -> str:
    loc = f.location
    line = f"{f.where()}: {f.rule_id} {severity_word(f.severity, lang)} {f.message}"
    if loc.page is not None:
        line += f" (第{loc.page}页)" if lang == "zh" else f" (page {loc.page})"
    elif loc.paragraph is not None:
        line += f" (第{loc.paragraph}段)" if lang == "zh" else f" (paragraph {loc.paragraph})"
    return line


def _plural(n: int, word: str) -> str:
    # "info" is a mass noun, like in compiler summaries.
    return f"{n} {word}" if n == 1 or word == "info" else f"{n} {word}s"


def _summary(counts: dict[str, int], files: int, unreadable: int, lang: str) -> str:
    total = sum(counts.values())
    if lang == "zh":
        line = (f"共 {total} 个问题：{counts['error']} 个错误，{counts['warning']} 个警告，"
                f"{counts['info']} 个提示；{files} 个文件")
        if unreadable:
            line += f"，其中 {unreadable} 个无法读取"
        return line
    line = (f"{_plural(total, 'finding')}: {_plural(counts['error'], 'error')}, "
            f"{_plural(counts['warning'], 'warning')}, {_plural(counts['info'], 'info')} "
            f"in {_plural(files, 'file')}")
    if unreadable:
        line += f" ({unreadable} unreadable)"
    return line


def format_text(results: list[FileResult], lang: str = "zh", summary: bool = True,
                color: bool = False) -> str:
    """One line per finding, one per unreadable file, then a summary line.

    Lines are ordered by path; within a file, a read error comes first, then findings in
    ``Finding.sort_key()`` order. No trailing newline (the caller's echo adds it).
    """
    entries: list[tuple[tuple, str, Finding | None]] = []
    counts = dict.fromkeys(SEVERITIES, 0)
    unreadable = 0
    for result in results:
        if result.error is not None:
            unreadable += 1
            entries.append(((result.path, 0), f"{result.path}: error: {result.error}", None))
        for f in result.findings:
            # Unknown severities still print; they just do not count in the summary.
            if f.severity in counts:
                counts[f.severity] += 1
            entries.append(((f.path, 1, f.sort_key()), _finding_line(f, lang), f))
    entries.sort(key=lambda e: e[0])
    lines = [visible(text) for _, text, _ in entries]  # a file name or text cannot forge a line
    if color:
        lines = [_coloured(line, f, lang) if f is not None else line
                 for line, (_, _, f) in zip(lines, entries, strict=True)]
    if summary:  # -q/--quiet: the findings and nothing else
        lines.append(_summary(counts, len(results), unreadable, lang))
    return "\n".join(lines)
