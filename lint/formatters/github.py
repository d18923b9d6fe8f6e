"""Findings as GitHub Actions workflow commands (``::error file=…,line=…::message``), which
GitHub shows as annotations on the lines of a pull request."""

from __future__ import annotations

from ..findings import FileResult, Finding
from .safe import visible

# GitHub's levels; an info finding becomes a notice.
LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """The message part: '%' first, so the escapes added after it stay as they are."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (file, title): also ':' and ',', which separate properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(level: str, properties: list[tuple[str, str | int]], message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties)
    return f"::{level} {props}::{escape_data(message)}"


def _finding(f: Finding, lang: str) -> str:
    loc = f.location
    props: list[tuple[str, str | int]] = [("file", f.path)]
    message = f.message
    if loc.page is not None:
        # PDF and DOCX have no lines GitHub could show: the annotation is on the file.
        message += f" (第{loc.page}页)" if lang == "zh" else f" (page {loc.page})"
    elif loc.paragraph is not None:
        message += f" (第{loc.paragraph}段)" if lang == "zh" else f" (paragraph {loc.paragraph})"
    elif loc.line >= 1:
        props += [("line", loc.line), ("endLine", max(loc.end_line, loc.line)),
                  ("col", loc.column)]
        if loc.end_line == loc.line and loc.end_column > loc.column:
            props.append(("endColumn", loc.end_column))
    props.append(("title", f"{f.rule_id} {f.rule_name}"))
    return _command(LEVELS.get(f.severity, "warning"), props, message)


def format_github(results: list[FileResult], lang: str = "zh") -> str:
    """One workflow command per finding and per unreadable file, ordered by path and position."""
    lines: list[tuple[tuple, str]] = []
    for result in results:
        if result.error is not None:
            lines.append(((result.path, 0), _command(
                "error", [("file", result.path), ("title", "gxlint")], result.error)))
        for f in result.findings:
            lines.append(((f.path, 1, f.sort_key()), _finding(f, lang)))
    lines.sort(key=lambda e: e[0])
    return "\n".join(visible(text) for _, text in lines)
