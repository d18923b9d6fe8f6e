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
    report = parse_text(source.text, path, profile=profile, markdown=source.kind == "markdown")
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
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "html"]), default="text",
              show_default=True, help="Output format (html: a standalone page, best with --output).")
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
# --- batch mode (issue 6) ---
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Lint in N worker processes (default: one per core).")
@click.option("--previous", "previous", type=click.Path(dir_okay=False, path_type=str), default=None,
              metavar="FILE", help="Last year's report of the same agency, for the cross-year rules "
                                   "(GX7xx); reports linted together are paired automatically.")
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False, writable=True, path_type=str),
              default=None, metavar="FILE", help="Write the output to FILE instead of stdout.")
# --- end batch mode ---
def check_cmd(paths: tuple[str, ...], fmt: str, select: tuple[str, ...], ignore: tuple[str, ...],
              fail_on: str, lang: str, profile: str | None, deadlines: tuple[str, ...],
              verbose: bool, jobs: int | None, previous: str | None, output: str | None) -> None:
    """Lint the reports at PATH... (files, or folders searched recursively)."""
    from pathlib import Path

    from .engine import Options, selected
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
    files, problems = collect(paths)
    results: list[FileResult] = [FileResult(p, error=reason) for p, reason in problems]
    results += _lint_batch(files, options, jobs, previous, verbose, tables=fmt == "html")
    if fmt == "json":
        from .formatters.json_out import format_json
        out = format_json(results, active, lang)
    elif fmt == "sarif":
        from .formatters.sarif import format_sarif
        out = format_sarif(results, active, Path.cwd(), lang)
    elif fmt == "html":
        from .formatters.html import format_html
        out = format_html(results, active, lang)
    else:
        from .formatters.text import format_text
        out = format_text(results, lang)
    _emit(out, output)
    if any(r.error for r in results):
        sys.exit(EXIT_ERROR)
    threshold = SEVERITY_RANK[fail_on]
    if any(SEVERITY_RANK[f.severity] >= threshold for r in results for f in r.findings):
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_OK)


# --- batch mode (issue 6) -----------------------------------------------------------------


def _lint_batch(files: list[str], options, jobs: int | None, previous: str | None, verbose: bool,
                tables: bool) -> list:
    """Lint ``files`` (in worker processes unless -j 1), then pair reports of consecutive
    years for the cross-year rules. A progress bar goes to stderr on a terminal."""
    from contextlib import nullcontext

    from . import crossyear
    from .batch import lint_many, lint_one, rules_for

    explicit: dict = {}
    results = []
    if previous is not None:
        if len(files) != 1:
            raise click.UsageError("--previous pairs one report: name exactly one report to lint")
        prev = lint_one((previous, options))
        if prev.error is not None or prev.facts is None:
            results.append(prev)  # the reason shows like any unreadable file's, exit 2
        else:
            explicit[files[0]] = prev.facts
    stream = lint_many([(path, options) for path in files], jobs, tables=tables)
    show_bar = sys.stderr.isatty() and len(files) >= 20
    with click.progressbar(stream, length=len(files), file=sys.stderr, label="gxlint",
                           show_pos=True) if show_bar else nullcontext(stream) as bar:
        for result in bar:
            if verbose:
                for note in result.notes:
                    click.echo(f"{result.path}: note: {note}", err=True)
            results.append(result)
    crossyear.apply(results, rules_for, lambda _path: options, explicit)
    if verbose:
        for result in results:
            if result.previous:
                click.echo(f"{result.path}: note: compared with last year's report {result.previous}",
                           err=True)
    return results


def _emit(out: str, output: str | None) -> None:
    """Print the output, or write it to ``output`` atomically (a reader never sees half)."""
    if output is None:
        click.echo(out)
        return
    import os
    import tempfile
    from pathlib import Path

    target = Path(output)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(out + "\n")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; an output file is not
        os.replace(tmp, target)
    except OSError as exc:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
        click.echo(f"gxlint: cannot write {output}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_ERROR)


# --- end batch mode ------------------------------------------------------------------------


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
