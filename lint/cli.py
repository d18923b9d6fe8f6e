"""The command line: ``gxlint [OPTIONS] PATH...`` lints; ``gxlint parse|rules|rule`` explain."""

from __future__ import annotations

import sys

import click

from . import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _DefaultGroup(click.Group):
    """A group whose first argument, when it is not a subcommand, is a path to lint."""

    default_command = "check"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = [self.default_command, *args]
        elif not args:
            args = [self.default_command]
        return super().parse_args(ctx, args)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage("gxlint", "[OPTIONS] PATH...  |  gxlint COMMAND [ARGS]...")


@click.group(cls=_DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gxlint")
def main() -> None:
    """Lint 政府信息公开工作年度报告 (government information disclosure annual reports).

    \b
    gxlint report.txt            lint one report (also .md, folders)
    gxlint parse report.txt      show what gxlint understood of a report
    gxlint rules                 list the rules
    gxlint rule GX401            explain one rule
    """


@main.command("parse")
@click.argument("path", type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("--profile", default=None, help="Force a format profile (default: detect).")
def parse_cmd(path: str, fmt: str, profile: str | None) -> None:
    """Show what gxlint understood of PATH: sections, bound cells, leftovers, profile."""
    from .adapters import InputError, read_source
    from .formatters import parsed
    from .pipeline import parse_text
    from .profiles import ProfileError, get_profile

    try:
        if profile:
            get_profile(profile)
        source = read_source(path)
    except (InputError, ProfileError) as exc:
        click.echo(f"gxlint: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    for note in source.notes:
        click.echo(f"{path}: note: {note}", err=True)
    from .engine import comments_and_text

    _, text = comments_and_text(source)  # comments are not the report's text (lint/suppress.py)
    report = parse_text(text, path, profile=profile, markdown=source.kind == "markdown")
    click.echo(parsed.to_json(report) if fmt == "json" else parsed.to_text(report))


def _codes(values: tuple[str, ...]) -> tuple[str, ...]:
    """--select GX4,GX501 --select GX6 → ("GX4", "GX501", "GX6")."""
    return tuple(c.strip().upper() for v in values for c in v.split(",") if c.strip())


def _deadlines(values: tuple[str, ...]) -> dict[str, str]:
    import re

    out = {}
    for value in values:
        issuer, _, day = value.partition("=")
        if issuer not in ("department", "government", "township") or \
                not re.fullmatch(r"(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])", day):
            raise click.BadParameter(f"{value!r}: expected ISSUER=MM-DD with ISSUER one of "
                                     "department, government, township", param_hint="--deadline")
        out[issuer] = day
    return out


def _load_rules():
    from .rulepack import RuleLoadError, load_rules

    try:
        return load_rules()
    except RuleLoadError as exc:
        click.echo(f"gxlint: invalid rules: {exc}", err=True)
        sys.exit(EXIT_ERROR)


@main.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif"]), default="text",
              show_default=True, help="Output format.")
@click.option("--select", multiple=True, metavar="CODES",
              help="Only these rules: ids or prefixes, comma-separated (GX4,GX501).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules (ids or prefixes).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="error",
              show_default=True, help="Exit 1 when a finding at or above this severity is reported.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of the messages.")
@click.option("--profile", default=None, help="Force a format profile (gov-2021, gov-2019).")
@click.option("--deadline", "deadlines", multiple=True, metavar="ISSUER=MM-DD",
              help="Publication deadline for GX204, per issuer: department (default 01-31), "
                   "government (03-31), township (03-31).")
@click.option("-v", "--verbose", is_flag=True, help="Say which files were read and how.")
# --- suppressions, baseline, fixes (lint/suppress.py, lint/fixes.py) ---
@click.option("--baseline", "baseline_file", metavar="FILE", default=None,
              help="Do not report findings recorded in this baseline file (report stale entries).")
@click.option("--write-baseline", "write_baseline", metavar="FILE", default=None,
              help="Record the current findings in FILE as the baseline, then report as --baseline FILE.")
@click.option("--fix", "fix", is_flag=True,
              help="Apply safe fixes to text and Markdown files (PDF, DOCX, HTML: suggestions only).")
@click.option("--diff", "diff", is_flag=True,
              help="Print the safe fixes as a unified diff; write nothing (exit 1 if any).")
def check_cmd(paths: tuple[str, ...], fmt: str, select: tuple[str, ...], ignore: tuple[str, ...],
              fail_on: str, lang: str, profile: str | None, deadlines: tuple[str, ...],
              verbose: bool, baseline_file: str | None = None, write_baseline: str | None = None,
              fix: bool = False, diff: bool = False) -> None:
    """Lint the reports at PATH... (files, or folders searched recursively)."""
    from pathlib import Path

    from .engine import Options, lint_file, selected
    from .findings import SEVERITY_RANK, FileResult
    from .profiles import ProfileError, get_profile
    from .walk import collect

    if not paths:
        raise click.UsageError("no PATH given: name report files or folders to lint")
    if profile:
        try:
            get_profile(profile)
        except ProfileError as exc:
            raise click.BadParameter(str(exc), param_hint="--profile") from exc
    rules = _load_rules()
    options = Options(select=_codes(select), ignore=_codes(ignore), lang=lang, profile=profile,
                      deadlines=_deadlines(deadlines))
    active = selected(rules, options)
    if fix and diff:
        raise click.UsageError("--fix and --diff exclude each other: --diff previews, --fix writes")
    baseline = _read_baseline(baseline_file)
    files, problems = collect(paths)
    results: list[FileResult] = [FileResult(p, error=reason) for p, reason in problems]
    for path in files:
        result = lint_file(path, active, options)
        if verbose:
            for note in result.notes:
                click.echo(f"{path}: note: {note}", err=True)
        results.append(result)
    if fix or diff:
        results = _fix_step(results, active, options, baseline, write=fix)
    _suppress_step(results, active, rules, options, baseline, write_baseline)
    if fmt == "json":
        from .formatters.json_out import format_json
        out = format_json(results, active, lang)
    elif fmt == "sarif":
        from .formatters.sarif import format_sarif
        out = format_sarif(results, active, Path.cwd(), lang)
    else:
        from .formatters.text import format_text
        out = format_text(results, lang)
    click.echo(out)
    if any(r.error for r in results):
        sys.exit(EXIT_ERROR)
    threshold = SEVERITY_RANK[fail_on]
    if any(SEVERITY_RANK[f.severity] >= threshold for r in results for f in r.findings):
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_OK)


def _read_baseline(path: str | None):
    """The --baseline file, or a usage error naming it."""
    from .suppress import BaselineError, read_baseline

    if path is None:
        return None
    try:
        return read_baseline(path)
    except BaselineError as exc:
        raise click.BadParameter(str(exc), param_hint="--baseline") from exc


def _suppress_step(results: list, active: list, rules: list, options, baseline,
                   write_to: str | None) -> None:
    """Suppression comments and the baseline, over every file's findings at once."""
    from .suppress import apply

    try:
        written = apply(results, active, options, baseline, rules, write_to)
    except OSError as exc:
        click.echo(f"gxlint: cannot write the baseline {write_to}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_ERROR)
    if write_to is not None:
        files = len({r.path for r in results if r.error is None})
        click.echo(f"gxlint: 已将 {written} 个问题写入基线 {write_to}（{files} 个文件）" if options.lang == "zh"
                   else f"gxlint: wrote {written} findings of {files} files to the baseline {write_to}",
                   err=True)


def _fix_step(results: list, active: list, options, baseline, write: bool) -> list:
    """--fix: apply safe fixes and lint the fixed files again; --diff: print them and exit."""
    from . import fixes
    from .engine import lint_file
    from .suppress import covered

    run = fixes.run(results, write, options.lang, lambda r, f: covered(r, f, baseline))
    for line in run.suggestions + run.problems:
        click.echo(line, err=True)
    count, files = sum(run.fixed.values()), len(run.fixed)
    if not write:
        click.echo("".join(run.diffs), nl=False)
        click.echo(f"gxlint: {count} 个问题可自动修复（{files} 个文件）" if options.lang == "zh"
                   else f"gxlint: {count} fixable findings in {files} files", err=True)
        sys.exit(EXIT_FINDINGS if run.diffs else EXIT_OK)
    click.echo(f"gxlint: 已修复 {count} 个问题（{files} 个文件）" if options.lang == "zh"
               else f"gxlint: fixed {count} findings in {files} files", err=True)
    return [lint_file(r.path, active, options) if r.path in run.fixed else r for r in results]


@main.command("rules")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
def rules_cmd(lang: str) -> None:
    """List the rule catalogue."""
    for rule in _load_rules():
        fix = " (fixable)" if rule.fixable else ""
        click.echo(f"{rule.id}  {rule.severity:<7}  {rule.name:<30} {rule.summary[lang]}{fix}")


@main.command("rule")
@click.argument("rule_id")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
def rule_cmd(rule_id: str, lang: str) -> None:
    """Explain one rule: what it checks, why, its basis, a bad and a good example."""
    from .formatters.ruledoc import explain

    rules = {r.id: r for r in _load_rules()}
    rule = rules.get(rule_id.upper()) or next((r for r in rules.values() if r.name == rule_id), None)
    if rule is None:
        raise click.BadParameter(f"no rule {rule_id!r}; `gxlint rules` lists them", param_hint="RULE_ID")
    click.echo(explain(rule, lang))
