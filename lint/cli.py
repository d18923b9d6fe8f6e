"""The command line: ``gxlint [OPTIONS] PATH...`` lints; ``gxlint parse|rules|rule`` explain."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from . import __version__
from .console import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, say, use_colour

if TYPE_CHECKING:
    from .options import Options
    from .rulepack import Rule
    from .run import Plan


class _DefaultGroup(click.Group):
    """A group whose first argument, when it is not a subcommand, is a path to lint."""

    default_command = "check"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        args = hoist_command(args, self.commands)
        if args and args[0] not in self.commands:
            self._typo(ctx, args[0])
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version", "-V"):
            args = [self.default_command, *args]
        elif not args:
            args = [self.default_command]
        return super().parse_args(ctx, args)

    def _typo(self, ctx: click.Context, word: str) -> None:
        """`gxlint prase r.txt` is a misspelt command, not a report named "prase"."""
        import os

        if word.startswith("-") or any(c in word for c in "./\\") or os.path.exists(word):
            return
        import difflib
        close = difflib.get_close_matches(word, list(self.commands), n=1, cutoff=0.75)
        if close:
            raise click.UsageError(f"no command or file {word!r}; did you mean `gxlint {close[0]}`?", ctx)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage("gxlint", "[OPTIONS] PATH...  |  gxlint COMMAND [ARGS]...")

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - a bug in gxlint: exit 2, never 1 ("findings")
            from .console import internal_error

            sys.exit(internal_error(exc))


def entry() -> None:
    """The ``gxlint`` command (the console script, ``python -m lint``): :data:`main`, then the
    process ends without Python's teardown (:func:`.console.exit_now`). Tests and programs
    that call gxlint in-process call :data:`main`, which exits as click's commands do."""
    try:
        main()
    except SystemExit as exc:
        from .console import exit_now

        exit_now(exc.code)


def hoist_command(args: list[str], commands) -> list[str]:
    """`gxlint --lang en rules` is `gxlint rules --lang en`: options written before a
    subcommand are the subcommand's (as ruff takes them), not paths to lint. Which options take
    a value is read from `gxlint check`, the command that has them all."""
    check = commands.get("check")
    takes_value = {o for p in getattr(check, "params", []) if isinstance(p, click.Option)
                   and not p.is_flag for o in p.opts}
    i = 0
    while i < len(args):
        word = args[i]
        if word == "--" or not word.startswith("-") or word == "-":
            break
        i += 2 if word in takes_value else 1
    if 0 < i < len(args) and args[i] in commands:
        return [args[i], *args[:i], *args[i + 1:]]
    return args


@click.group(cls=_DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="gxlint")
def main() -> None:
    """Lint 政府信息公开工作年度报告 (government information disclosure annual reports).

    \b
    gxlint report.txt            lint reports: .txt .md .pdf .docx .html, or folders
    gxlint parse report.txt      show what gxlint understood of a report
    gxlint rules                 list the rules
    gxlint rule GX401            explain one rule
    gxlint config report.txt     the configuration a report is linted with, and its sources
    gxlint clean                 empty the result cache
    gxlint test-rules [DIR]...   run every rule's bad and good examples (your packs' too)

    \b
    Common options of `gxlint [check]` (all: gxlint check --help):
      --format text|json|jsonl|sarif|github|html   -o, --output FILE
      --select/--ignore CODES   --fail-on error|warning|info|never   --lang zh|en
      --fix, --diff   --baseline FILE   -j, --jobs N   --previous FILE   --config FILE
      --no-cache   --exit-zero   -q, --quiet   --color auto|always|never   -V, --version
      --exclude PATTERNS   --extend-exclude PATTERNS   --force-exclude

    Exit codes: 0 no findings at the fail-on level, 1 findings, 2 usage error or unreadable file.
    """


@main.command("parse", short_help="Show what gxlint understood of a report.")
@click.argument("path", type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("--profile", default=None, metavar="NAME",
              help="Force a format profile: gov-2021 or gov-2019 (default: detected).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of the reason an unreadable file is refused.")
def parse_cmd(path: str, fmt: str, profile: str | None, lang: str) -> None:
    """Show what gxlint understood of PATH: sections, bound cells, leftovers, profile."""
    from .batch import call_supervised

    if profile:
        from .profiles import ProfileError, get_profile

        try:
            get_profile(profile)
        except ProfileError as exc:
            click.echo(f"gxlint: {exc}", err=True)
            sys.exit(EXIT_ERROR)
    # Read and parsed in a worker under the file's time and memory limits (lint/batch.py),
    # as `gxlint check` reads it.
    value, error = call_supervised(_parse, (path, fmt, profile, lang), _limits(path, lang), path)
    if error is not None:
        say(f"{path}: error: {error}")
        sys.exit(EXIT_ERROR)
    code, out, said = value
    for line in said:
        say(line)
    if out is not None:
        click.echo(out)
    if code:
        sys.exit(code)


def _limits(path: str, lang: str):
    """The options (time limit, memory cap) the configuration gives ``path``."""
    from .config import ConfigError, Overrides, options_for
    from .engine import Options

    try:
        return options_for(path, Overrides(lang=lang))
    except ConfigError:
        return Options(lang=lang)


def _parse(path: str, fmt: str, profile: str | None, lang: str) -> tuple[int, str | None, list[str]]:
    """`gxlint parse` in its worker: (exit code, what to print, lines for stderr)."""
    from .adapters import InputError, read_source
    from .engine import comments_and_text
    from .formatters import parsed
    from .pipeline import GRID_KINDS, parse_text

    try:
        source = read_source(path)
    except InputError as exc:  # as `gxlint check` prints an unreadable file
        return EXIT_ERROR, None, [f"{exc.path}: error: {exc.text(lang)}"]
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - a bug costs this file, with a message, not a traceback
        what = f"{type(exc).__name__}: {exc}"
        return EXIT_ERROR, None, [f"{path}: error: gxlint 内部错误（{what}）" if lang == "zh"
                                  else f"{path}: error: gxlint internal error ({what})"]
    said = [f"{path}: note: {note.text(lang)}" for note in source.notes]
    _, text = comments_and_text(source)  # comments are not the report's text (lint/suppress.py)
    report = parse_text(text, path, profile=profile, markdown=source.kind == "markdown",
                        metadata=source.metadata, grids=source.kind in GRID_KINDS)
    return 0, parsed.to_json(report, source) if fmt == "json" else parsed.to_text(report, source), said


def _codes(values: tuple[str, ...]) -> tuple[str, ...]:
    """--select gx4,GX501 --select t3-balance → ("GX4", "GX501", "t3-balance"): ids and
    prefixes in capitals, rule names as written."""
    codes = (c.strip() for v in values for c in v.split(","))
    return tuple(c.upper() if c[:2].upper() == "GX" else c for c in codes if c)


def _check_codes(select: tuple[str, ...], ignore: tuple[str, ...], rules: list) -> None:
    """Every code on the command line names a rule (an id, a prefix of ids, or a name): a typo
    is a usage error, not a run in which no rule runs (or the one meant to be skipped runs)."""
    ids = {r.id for r in rules}
    names = {r.name for r in rules}
    for option, values in (("--select", select), ("--ignore", ignore)):
        for code in _codes(values):
            if code not in names and not any(i.startswith(code.upper()) for i in ids):
                raise click.BadParameter(f"no rule matches {code!r} (`gxlint rules` lists them)",
                                         param_hint=option)


def _check_output(output: str | None) -> None:
    """--output goes into an existing folder: say so before linting, not after."""
    import os

    folder = os.path.dirname(os.path.abspath(output)) if output else None
    if folder is not None and not os.path.isdir(folder):
        raise click.BadParameter(f"{output}: the folder {os.path.dirname(output) or folder} does not exist",
                                 param_hint="--output")


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


# --- configuration files and output (see lint/config.py) ---------------------------------------


def _config_file_options(fn):
    """--config and --isolated, shared by `gxlint check` and `gxlint config`."""
    fn = click.option("--isolated", is_flag=True,
                      help="Ignore configuration files (.gxlint.toml, pyproject.toml).")(fn)
    return click.option("--config", "config_file", default=None, metavar="FILE",
                        type=click.Path(dir_okay=False, path_type=str),
                        help="Use this configuration file for every path instead of the nearest "
                             "one (.gxlint.toml or pyproject.toml with [tool.gxlint]).")(fn)


def _overrides(select: tuple[str, ...], ignore: tuple[str, ...], fail_on: str | None, lang: str,
               profile: str | None, deadlines: tuple[str, ...], config_file: str | None,
               isolated: bool, timeout: float | None = None, memory_limit: int | None = None,
               cache: bool = True):
    """The command line's options, which override the configuration file's values."""
    from .config import ConfigError, Overrides, clear_cache, resolve

    clear_cache()  # a run reads configuration files afresh
    if config_file and not isolated:
        try:  # a bad --config is one error up front, not one per file
            resolve(config_file, Overrides(config=config_file))
        except ConfigError as exc:
            click.echo(f"gxlint: {exc}", err=True)
            sys.exit(EXIT_ERROR)
    return Overrides(select=_codes(select) or None, ignore=_codes(ignore) or None, fail_on=fail_on,
                     profile=profile, deadlines=_deadlines(deadlines), lang=lang,
                     config=config_file, isolated=isolated, timeout=timeout,
                     memory_limit=memory_limit, cache=cache)


@main.command("config", short_help="Show the configuration a path is linted with.")
@click.argument("path", required=False, default=".", type=click.Path(path_type=str))
@click.option("--select", multiple=True, metavar="CODES", help="As for `gxlint check`.")
@click.option("--ignore", multiple=True, metavar="CODES", help="As for `gxlint check`.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="As for `gxlint check`.")
@click.option("--profile", default=None, metavar="NAME", help="As for `gxlint check`.")
@click.option("--deadline", "deadlines", multiple=True, metavar="ISSUER=MM-DD",
              help="As for `gxlint check`.")
@_config_file_options
def config_cmd(path: str, select: tuple[str, ...], ignore: tuple[str, ...], fail_on: str | None,
               profile: str | None, deadlines: tuple[str, ...], config_file: str | None,
               isolated: bool) -> None:
    """Show the configuration PATH (a file or folder; default: here) is linted with, and where
    each value comes from: the default, a configuration file, or the command line."""
    from .config import ConfigError, describe, resolve, rules_for

    if profile:
        from .profiles import ProfileError, get_profile

        try:
            get_profile(profile)
        except ProfileError as exc:
            raise click.BadParameter(str(exc), param_hint="--profile") from exc
    _load_rules()
    overrides = _overrides(select, ignore, fail_on, "zh", profile, deadlines, config_file, isolated,
                           cache=True)
    try:
        resolved = resolve(path, overrides)
    except ConfigError as exc:
        click.echo(f"gxlint: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    _check_codes(select, ignore, rules_for(resolved.options))
    click.echo(describe(resolved, rules_for(resolved.options)))


# --- end of configuration files and output ---


@main.command("check", short_help="Lint reports (the default command).")
@click.argument("paths", nargs=-1, metavar="PATH...", type=click.Path(path_type=str))
@click.option("--format", "--output-format", "fmt",
              type=click.Choice(["text", "json", "jsonl", "sarif", "github", "html"]),
              default="text", show_default=True,
              help="Output format (jsonl: JSON Lines, a line per file as it completes; github: "
                   "workflow commands that annotate a pull request; html: a standalone page, "
                   "best with --output).")
@click.option("--select", multiple=True, metavar="CODES",
              help="Only these rules: ids, prefixes or names, comma-separated (GX4,GX501).")
@click.option("--extend-select", "extend_select", multiple=True, metavar="CODES",
              help="Add these rules to those selected (by --select or the configuration).")
@click.option("--ignore", multiple=True, metavar="CODES",
              help="Skip these rules (ids, prefixes or names).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="Exit 1 when a finding at or above this severity is reported (default: error; "
                   "never: findings alone never fail the run).")
@click.option("--exit-zero", is_flag=True,
              help="Exit 0 even when there are findings (2 still means a usage error or an "
                   "unreadable file).")
@click.option("-q", "--quiet", is_flag=True,
              help="Print the findings and nothing else: no summary line.")
@click.option("--stdin-filename", "stdin_filename", default=None, metavar="PATH",
              help="With PATH `-` (a report on standard input): the name findings are reported "
                   "under; its suffix says the format and its folder the configuration.")
@click.option("--color", "color", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True,
              help="Colour the rule id and severity of the text format (auto: on a terminal, "
                   "unless NO_COLOR is set).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of the messages.")
@click.option("--profile", default=None, metavar="NAME",
              help="Force a format profile: gov-2021 or gov-2019 (default: detected per report).")
@click.option("--deadline", "deadlines", multiple=True, metavar="ISSUER=MM-DD",
              help="Publication deadline for GX204, per issuer: department (default 01-31), "
                   "government (03-31), township (03-31).")
@click.option("-v", "--verbose", is_flag=True, help="Say which files were read and how.")
# --- folder walks (lint/walk.py) ---
@click.option("--exclude", "exclude", multiple=True, metavar="PATTERNS",
              help="Leave these out of folder walks (gitignore patterns, comma-separated); "
                   "replaces the configuration's `exclude`.")
@click.option("--extend-exclude", "extend_exclude", multiple=True, metavar="PATTERNS",
              help="Leave these out as well as the `exclude` in force.")
@click.option("--force-exclude", "force_exclude", is_flag=True,
              help="Apply the exclusions to files named on the command line too (for pre-commit).")
# --- end folder walks ---
# --- configuration and output options (lint/config.py, formatters github/stats) ---
@_config_file_options
@click.option("--statistics", is_flag=True,
              help="Print how many findings each rule has instead of the findings.")
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False, path_type=str), default=None,
              metavar="FILE", help="Write the output to FILE (atomically) instead of stdout.")
# --- end of configuration and output options ---
# --- batch mode (lint/batch.py, lint/crossyear.py) ---
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Lint in N worker processes (default: one per core).")
@click.option("--dask", "dask", default=None, metavar="ADDRESS",
              help="Run the per-file work on the Dask cluster whose scheduler is at ADDRESS "
                   "(tcp://host:8786); needs gxlint[dask] and the reports at the same path on "
                   "every worker.")
@click.option("--previous", "previous", type=click.Path(dir_okay=False, path_type=str), default=None,
              metavar="FILE", help="Last year's report of the same agency, for the cross-year rules "
                                   "(GX7xx); reports linted together are paired automatically.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True, max=24 * 3600), default=None,
              metavar="SECONDS", help="Give up on a file after this long (default: 60).")
@click.option("--memory-limit", type=click.IntRange(min=1, max=1024 * 1024), default=None,
              metavar="MB", help="Give up on a file that needs more memory (default: 1024).")
# --- end batch mode ---
# --- suppressions, baseline, fixes (lint/suppress.py, lint/fixes.py) ---
@click.option("--baseline", "baseline_file", metavar="FILE", default=None,
              help="Do not report findings recorded in this baseline file (report stale entries).")
@click.option("--write-baseline", "write_baseline", metavar="FILE", default=None,
              help="Record the current findings in FILE as the baseline, then report as --baseline FILE.")
@click.option("--fix", "fix", is_flag=True,
              help="Apply safe fixes to text and Markdown files (PDF, DOCX, HTML: suggestions only).")
@click.option("--diff", "diff", is_flag=True,
              help="Print the safe fixes as a unified diff; write nothing (exit 1 if any).")
@click.option("--show-fixes", "show_fixes", is_flag=True,
              help="List the fixes: with --fix those applied, otherwise the findings --fix "
                   "would fix (per file and rule, on stderr).")
@click.option("--force", is_flag=True,
              help="Let --output and --write-baseline replace a file gxlint did not write.")
@click.option("--no-cache", "no_cache", is_flag=True,
              help="Lint every file afresh: neither read nor write the result cache.")
# --- annotated copies (lint/annotate) ---
@click.option("--annotate", "annotate_dir", type=click.Path(file_okay=False, path_type=str),
              default=None, metavar="OUTDIR",
              help="Also write into OUTDIR a copy of each DOCX and PDF report with its findings "
                   "as Word comments or PDF highlights (the reports themselves are not changed).")
# --- end annotated copies ---
@click.option("--similar", is_flag=True,
              help="List pairs of reports of different agencies whose prose is near-identical "
                   "(MinHash + LSH, lint/similar.py) instead of the findings; text, json or html.")
def check_cmd(paths: tuple[str, ...], fmt: str, select: tuple[str, ...], ignore: tuple[str, ...],
              fail_on: str | None, lang: str, profile: str | None, deadlines: tuple[str, ...],
              verbose: bool, config_file: str | None, isolated: bool, statistics: bool,
              output: str | None, baseline_file: str | None, write_baseline: str | None,
              fix: bool, diff: bool, jobs: int | None, previous: str | None,
              timeout: float | None, memory_limit: int | None, force: bool,
              no_cache: bool = False, dask: str | None = None, exit_zero: bool = False,
              quiet: bool = False, color: str = "auto",
              extend_select: tuple[str, ...] = (), stdin_filename: str | None = None,
              show_fixes: bool = False, exclude: tuple[str, ...] = (),
              extend_exclude: tuple[str, ...] = (), force_exclude: bool = False,
              annotate_dir: str | None = None, similar: bool = False) -> None:
    """Lint the reports at PATH... (files, or folders searched recursively).

    `gxlint PATH...` is the same command. Exit codes: 0 nothing at or above --fail-on,
    1 findings, 2 a usage error or a file that could not be read (the others are still linted).
    """

    from .options import selected
    from .run import Held, Output, lint_and_report, read_baseline, similar_step

    _check_usage(paths, fmt, profile, statistics, similar)
    rules = _load_rules()
    overrides = _overrides(select, ignore, fail_on, lang, profile, deadlines, config_file, isolated,
                           timeout, memory_limit, cache=not no_cache)
    if extend_select:
        overrides = overrides._replace(extend_select=_codes(extend_select))
    active = selected(rules, _chosen(select, extend_select, ignore))
    if fix and diff:
        raise click.UsageError("--fix and --diff exclude each other: --diff previews, --fix writes")
    _check_output(output)
    baseline = read_baseline(baseline_file)
    paths, stdin_copy = _take_stdin(paths, stdin_filename, fix or diff or previous is not None
                                    or annotate_dir is not None)
    files, problems = _walk(paths, exclude, extend_exclude, force_exclude, overrides, lang, verbose)
    inputs = _inputs(files, previous, output, write_baseline, force)
    plan = _plan(files, inputs, problems, previous, stdin_copy, rules, active, overrides,
                 baseline, (select + extend_select, ignore), _chosen(select, extend_select, ignore, lang))
    out = Output(fmt, lang, output, quiet, use_colour(color, output), statistics, exit_zero, verbose)
    if similar:
        sys.exit(similar_step(plan, out, jobs, dask))
    sys.exit(lint_and_report(plan, out, Held(fix, diff, show_fixes, write_baseline, annotate_dir),
                             jobs, dask))


def _check_usage(paths: tuple[str, ...], fmt: str, profile: str | None, statistics: bool,
                 similar: bool) -> None:
    """Usage errors the options show by themselves, before anything is loaded."""
    if not paths:
        raise click.UsageError("no PATH given: name report files or folders to lint")
    if profile:
        from .profiles import ProfileError, get_profile

        try:
            get_profile(profile)
        except ProfileError as exc:
            raise click.BadParameter(str(exc), param_hint="--profile") from exc
    if statistics and fmt not in ("text", "json"):
        raise click.UsageError("--statistics prints text or json, not --format " + fmt)
    if similar and fmt not in ("text", "json", "html"):
        raise click.UsageError("--similar prints text, json or html, not --format " + fmt)


def _chosen(select: tuple[str, ...], extend_select: tuple[str, ...], ignore: tuple[str, ...],
            lang: str | None = None) -> Options:
    """The command line's --select (with --extend-select, when --select is given) and
    --ignore as Options; ``lang`` for what the run itself reports."""
    from .options import Options

    codes = {"select": _codes(select) and _codes(select + extend_select), "ignore": _codes(ignore)}
    return Options(**codes) if lang is None else Options(lang=lang, **codes)


def _take_stdin(paths: tuple[str, ...], stdin_filename: str | None,
                pairs_or_writes: bool) -> tuple[tuple[str, ...], tuple[str, str] | None]:
    """The paths with `-` replaced by a copy of standard input, and (copy, name shown) or None.
    A report on stdin has no file to fix, annotate or pair: ``pairs_or_writes`` refuses it."""
    if "-" not in paths:
        if stdin_filename is not None:
            raise click.UsageError("--stdin-filename names the report read from `-`: give `-` as PATH")
        return paths, None
    if pairs_or_writes:
        raise click.UsageError("a report on standard input (`-`) cannot be fixed, annotated "
                               "or paired with --previous; name the file instead")
    stdin_copy = _read_stdin(stdin_filename)
    return tuple(stdin_copy[0] if p == "-" else p for p in dict.fromkeys(paths)), stdin_copy


def _inputs(files: list[str], previous: str | None, output: str | None,
            write_baseline: str | None, force: bool) -> list[str]:
    """The files and --previous: what is read, which --output and --write-baseline must not
    replace."""
    if previous is not None and len(files) != 1:
        raise click.UsageError("--previous pairs one report: name exactly one report to lint")
    inputs = [*files, *([previous] if previous else [])]
    if output is not None or write_baseline is not None:
        from .targets import guard_target

        guard_target(output, "--output", inputs, force)
        guard_target(write_baseline, "--write-baseline", inputs, force)
    return inputs


def _plan(files: list[str], inputs: list[str], problems: list, previous: str | None,
          stdin_copy: tuple[str, str] | None, rules: list, active: list, overrides, baseline,
          codes: tuple[tuple[str, ...], tuple[str, ...]], run_options: Options) -> Plan:
    """Each input with the options of its nearest configuration, the tasks to lint, and the
    results known before linting (lint/run.py's Plan)."""
    from .config import rules_for
    from .findings import FileResult
    from .run import Plan, previous_facts

    results = [FileResult(e.path, error=e.text(run_options.lang)) for e in problems]
    options_of = _options_per_file(inputs, overrides, run_options.lang, results)
    _check_codes(*codes, [*rules, *(r for o in options_of.values() for r in rules_for(o))])
    if stdin_copy is not None:  # its configuration is the one of the name it is linted under
        _stdin_options(stdin_copy, overrides, run_options.lang, options_of, results)
    tasks = [(path, options_of[path]) for path in files if path in options_of]
    active = _used_rules(options_of) or active
    explicit = previous_facts(previous, options_of, files, results)
    rename = None
    if stdin_copy is not None:  # reported under the name the user gave
        if stdin_copy[0] in options_of:
            options_of[stdin_copy[1]] = options_of[stdin_copy[0]]
        rename = lambda r: _rename([r], {}, *stdin_copy)  # noqa: E731
    return Plan(files, inputs, results, options_of, tasks, active, rules, run_options, overrides,
                baseline, explicit, rename)


def _options_per_file(inputs: list[str], overrides, lang: str,
                      results: list) -> dict[str, Options]:
    """Each input's Options, from its nearest configuration file; a configuration in error
    is a result instead (in full once a run, then naming the first file it stopped)."""
    from .config import ConfigError, options_for
    from .findings import FileResult

    options_of: dict[str, Options] = {}
    told: dict[str, str] = {}  # a configuration's error -> the first file it stopped
    shared: dict[str, Options] = {}  # one object for equal options: a batch holds one per file
    for path in inputs:
        try:
            options_of[path] = _one_of(options_for(path, overrides), shared)
        except ConfigError as exc:
            from .adapters.messages import reason

            first = told.setdefault(str(exc), path)
            results.append(FileResult(path, error=reason("configuration", lang, detail=exc) if first == path
                                      else reason("configuration_again", lang, first=first)))
    return options_of


def _stdin_options(stdin_copy: tuple[str, str], overrides, lang: str, options_of: dict,
                   results: list) -> None:
    """The copy of standard input is linted with the configuration of the name it is shown
    under (--stdin-filename), not of the temporary folder it is in."""
    from .config import ConfigError, options_for
    from .findings import FileResult

    try:
        options_of[stdin_copy[0]] = options_for(stdin_copy[1], overrides)
    except ConfigError as exc:
        from .adapters.messages import reason

        results.append(FileResult(stdin_copy[1], error=reason("configuration", lang, detail=exc)))
        options_of.pop(stdin_copy[0], None)


def _used_rules(options_of: dict[str, Options]) -> list[Rule]:
    """Every rule that runs on some file, by id (empty when no file has options)."""
    from .config import selected_rules

    used: dict[str, Rule] = {}
    for options in options_of.values():
        used.update((r.id, r) for r in selected_rules(options))
    return sorted(used.values(), key=lambda r: r.id)


def _one_of(options, shared: dict):
    """``options``, or the equal Options object seen before (files of one folder share them:
    kept once, and sent once to each worker)."""
    return shared.setdefault(repr(options), options)


def _walk(paths: tuple[str, ...], exclude: tuple[str, ...], extend_exclude: tuple[str, ...],
          force: bool, overrides, lang: str, verbose: bool) -> tuple[list[str], list]:
    """The files to lint and the paths that cannot be; what the walk left out goes to stderr."""
    from .walk import Exclusions, summary, walk

    def patterns(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(p.strip() for v in values for p in v.split(",") if p.strip())

    found = walk(paths, Exclusions(patterns(exclude) if exclude else None,
                                   patterns(extend_exclude), force=force), overrides)
    for line in summary(found, lang, verbose):
        say(line)
    return found.files, found.problems


def _read_stdin(name: str | None) -> tuple[str, str]:
    """The report on standard input, copied to a temporary file whose suffix is that of
    ``name`` (default: a .txt file named "-"), so every adapter reads it as it reads files.
    Returns (the copy's path, the name it is reported under)."""
    import atexit
    import os
    import shutil
    import tempfile

    shown = name or "-"
    suffix = os.path.splitext(name)[1] if name else ".txt"
    folder = tempfile.mkdtemp(prefix="gxlint-stdin-")
    atexit.register(shutil.rmtree, folder, True)
    copy = os.path.join(folder, "stdin" + suffix)
    with open(copy, "wb") as fh:
        shutil.copyfileobj(sys.stdin.buffer, fh)
    return copy, shown


def _rename(results: list, options_of: dict, copy: str, shown: str) -> None:
    """Findings of the copy of standard input are reported under the name the user gave."""
    if copy in options_of:
        options_of[shown] = options_of.pop(copy)
    for result in results:
        if result.path == copy:
            result.path = shown
            for f in result.findings:
                f.path = shown
            if result.error:
                result.error = result.error.replace(copy, shown)


def _catalogue(config_file: str | None, isolated: bool) -> list:
    """The built-in rules and those of the rule-dirs the configuration here names."""
    from .config import ConfigError, Overrides, resolve, rules_for
    from .rulepack import RuleLoadError

    _load_rules()
    try:
        options = resolve(".", Overrides(config=config_file, isolated=isolated)).options
        return rules_for(options)
    except (ConfigError, RuleLoadError) as exc:
        click.echo(f"gxlint: {exc}", err=True)
        sys.exit(EXIT_ERROR)




@main.command("clean", short_help="Empty the result cache.")
@click.argument("path", required=False, default=".", type=click.Path(path_type=str))
@_config_file_options
def clean_cmd(path: str, config_file: str | None, isolated: bool) -> None:
    """Remove gxlint's cached results (and its compiled rules and parser tables): the user's
    cache folder, and the cache-dir the configuration for PATH (default: here) names."""
    from .cache import clean, default_folder
    from .config import ConfigError, Overrides, resolve

    folders = [default_folder()]
    try:
        options = resolve(path, Overrides(config=config_file, isolated=isolated, cache=True)).options
    except ConfigError as exc:
        click.echo(f"gxlint: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    if options.cache and options.cache not in folders:
        folders.append(options.cache)
    for folder in folders:
        count, size = clean(folder)
        click.echo(f"gxlint: removed {count} files ({size / 1024:.0f} KiB) from {folder}")


@main.command("rules", short_help="List the rules.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of the summaries.")
@click.option("--format", "--output-format", "fmt", type=click.Choice(["text", "json", "markdown"]),
              default="text", show_default=True,
              help="json: one object per rule; markdown: the reference page docs/rules.md.")
@_config_file_options
def rules_cmd(lang: str, fmt: str, config_file: str | None, isolated: bool) -> None:
    """List the rule catalogue (with the rule packs the configuration here adds)."""
    rules = _catalogue(config_file, isolated)
    if fmt == "markdown":
        from .formatters.ruledoc import markdown

        click.echo(markdown(rules))
        return
    if fmt == "json":
        import json

        click.echo(json.dumps([{"id": r.id, "name": r.name, "severity": r.severity,
                                "summary": r.summary[lang], "fixable": bool(r.fixable)}
                               for r in rules], ensure_ascii=False, indent=2))
        return
    from .formatters.text import severity_word

    for rule in rules:
        fix = ("（可自动修复）" if lang == "zh" else " (fixable)") if rule.fixable else ""
        word = severity_word(rule.severity, lang)
        pad = " " * (7 - len(word) * (2 if lang == "zh" else 1))  # a CJK character is two columns
        click.echo(f"{rule.id}  {word}{pad}  {rule.name:<30} {rule.summary[lang]}{fix}")


@main.command("rule", short_help="Explain one rule, with examples.")
@click.argument("rule_id")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of the explanation.")
@_config_file_options
def rule_cmd(rule_id: str, lang: str, config_file: str | None, isolated: bool) -> None:
    """Explain one rule: what it checks, why, its basis, a bad and a good example."""
    from .formatters.ruledoc import explain

    rules = {r.id: r for r in _catalogue(config_file, isolated)}
    rule = rules.get(rule_id.upper()) or next((r for r in rules.values() if r.name == rule_id), None)
    if rule is None:
        raise click.BadParameter(f"no rule {rule_id!r}; `gxlint rules` lists them", param_hint="RULE_ID")
    click.echo(explain(rule, lang))


@main.command("test-rules", short_help="Run every rule's bad and good examples.")
@click.argument("dirs", nargs=-1, metavar="[DIR]...", type=click.Path(file_okay=False, path_type=str))
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of the account.")
@click.option("-v", "--verbose", is_flag=True, help="List every example, not only those that fail.")
@_config_file_options
def test_rules_cmd(dirs: tuple[str, ...], lang: str, verbose: bool, config_file: str | None,
                   isolated: bool) -> None:
    """Run the examples of every rule — the built-in packs and the team packs in DIR... (default:
    the rule-dirs of the configuration here) — as a test runner does: a line per rule, what
    failed and why, a summary. Exit 1 if an example fails, 2 if a pack does not load."""
    import os
    from pathlib import Path

    from . import ruletest
    from .config import ConfigError, find_config, load_config
    from .rulepack import RuleLoadError, load_rules

    for d in dirs:
        if not os.path.isdir(d):
            raise click.BadParameter(f"{d}: no such folder", param_hint="DIR")
        if not any(Path(d).glob("*.yaml")):
            say(f"gxlint: note: {d} holds no rule pack (*.yaml)")
    try:
        config = None if dirs or isolated else load_config(config_file) if config_file else find_config(".")
        folders = list(dirs) or list(config.rule_dirs or () if config else ())
        rules = load_rules(extra_dirs=[Path(d) for d in folders])  # not refused: run here
    except (ConfigError, RuleLoadError) as exc:
        click.echo(f"gxlint: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    outcomes = ruletest.run_all(rules)
    click.echo(ruletest.report(outcomes, lang, verbose))
    sys.exit(EXIT_FINDINGS if any(not o.passed for r in outcomes for o in r) else EXIT_OK)
