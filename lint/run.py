"""The steps of `gxlint check` after its options are read: lint each file (result cache,
supervised workers or Dask), settle and pair the results, write them as files complete (or
hold them: fixes, the baseline, --statistics, html, annotated copies; or list --similar's
pairs), and the exit code. lint/cli.py reads the options into a Plan and calls these."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NamedTuple

import click

from .console import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, emit, reader_gone, say

if TYPE_CHECKING:
    from collections.abc import Callable

    from .options import Options


# The records of a run are NamedTuples: a dataclass compiles its methods each time gxlint starts.


class Plan(NamedTuple):
    """A check run once its command line is read: what is linted, with which options, and
    what is known before linting."""

    files: list[str]  # the reports to lint
    inputs: list[str]  # the files and --previous: what no output may replace
    results: list  # FileResults known before linting: paths not read, configurations in error
    options_of: dict  # path -> the Options of its nearest configuration
    tasks: list  # (path, Options) to lint
    active: list  # every rule that runs on some file (json, sarif and html list them)
    rules: list  # the built-in catalogue
    run_options: Options  # the command line's: for what the run itself reports
    overrides: object  # the command line's configuration overrides (lint/config.py)
    baseline: object  # the --baseline read, or None
    explicit: dict  # --previous: the report's path -> last year's facts
    rename: Callable | None  # standard input: a result renamed to the name the user gave


class Output(NamedTuple):
    """How the run reports: format, language, where to, and what the exit code counts."""

    fmt: str
    lang: str
    output: str | None
    quiet: bool
    coloured: bool
    statistics: bool
    exit_zero: bool
    verbose: bool


class Held(NamedTuple):
    """What needs every result at once (its output is held until the last file is linted)."""

    fix: bool
    diff: bool
    show_fixes: bool
    write_baseline: str | None
    annotate_dir: str | None

    def wanted(self, out: Output) -> bool:
        return (self.fix or self.diff or self.show_fixes or self.write_baseline is not None
                or out.statistics or out.fmt == "html" or self.annotate_dir is not None)


def similar_step(plan: Plan, out: Output, jobs: int | None, dask: str | None) -> int:
    """--similar: the pairs of near-identical reports instead of the findings (the per-file
    pass gathers each report's shingles, lint/shingles.py); the run's exit code."""
    from .similar import find_pairs, render

    facts, errors = [], [(r.path, r.error) for r in plan.results if r.error]
    for r in lint_batch(plan.tasks, jobs, out.verbose, False, dask, plan.rename):
        if r.error:
            errors.append((r.path, r.error))
        elif r.facts is not None:
            facts.append(r.facts)
    prune_caches(plan.options_of.values())
    pairs = find_pairs(facts)
    emit(render(pairs, out.fmt, out.lang, errors), out.output, False)
    return EXIT_ERROR if errors else EXIT_FINDINGS if pairs else EXIT_OK


def lint_and_report(plan: Plan, out: Output, held: Held, jobs: int | None,
                    dask: str | None) -> int:
    """Lint every task and report the results, streamed as files complete or held (``held``);
    the run's exit code."""
    from .config import selected_rules

    stream = lint_batch(plan.tasks, jobs, out.verbose, out.fmt == "html", dask, plan.rename,
                        bar=out.output is not None or not sys.stdout.isatty())
    from .history import History
    from .stream import Settler

    history = History(plan.inputs, plan.overrides, jobs,
                      say=unpaired_note(plan.options_of) if out.verbose else None)
    settler = Settler(plan.active, plan.rules, plan.options_of.get, selected_rules,
                      plan.run_options, plan.baseline, plan.explicit, history=history)
    if held.wanted(out):
        return held_output(plan, out, held, stream, settler, history)
    code = write_stream(plan.results, stream, settler, out.fmt, plan.active, out.lang, out.output,
                        out.quiet, out.coloured, plan.options_of, out.exit_zero, out.verbose)
    prune_caches(plan.options_of.values())
    return code


def held_output(plan: Plan, out: Output, held: Held, stream, settler, history) -> int:
    """Every result at once: fixed, suppressed or written to the baseline, then printed and
    annotated; the run's exit code."""
    results = plan.results
    results += stream
    prune_caches(plan.options_of.values())
    results = settle_held(results, plan, out, held, settler, history)
    if held.show_fixes and not held.fix:
        list_fixes([f for r in results if r.kind in ("text", "markdown") for f in r.findings
                    if f.fix], out.lang, done=False)
    print_held(results, plan.active, out)
    code = exit_code(results, plan.options_of, out.exit_zero)
    if held.annotate_dir is not None:  # after suppressions: the copies hold what is reported
        from .annotate import annotate_results

        if annotate_results(results, held.annotate_dir, plan.inputs, out.lang, say,
                            notes=not out.quiet):
            code = EXIT_ERROR
    return code


def settle_held(results: list, plan: Plan, out: Output, held: Held, settler, history) -> list:
    """--fix/--diff, then --write-baseline (which settles every file at once) or the settler's
    suppressions and cross-year findings, file by file as a stream would."""
    if held.fix or held.diff:
        results = fix_step(results, plan.run_options, plan.options_of, plan.baseline,
                           write=held.fix, tables=out.fmt == "html", show=held.show_fixes)
    if held.write_baseline is not None:
        cross_year(results, plan.options_of, out.verbose, plan.explicit, history)
        suppress_step(results, plan.active, plan.rules, plan.run_options, plan.baseline,
                      held.write_baseline)
    else:
        results = [settler.file(r) for r in results]
        merge_cross_year(results, paired(settler, out.verbose, plan.options_of))
    return results


def print_held(results: list, active: list, out: Output) -> None:
    """The held results in the format asked for (-q with nothing found prints nothing)."""
    if out.statistics or out.fmt == "html":
        text = format_results(results, active, out.fmt, out.lang, out.statistics, out.quiet,
                              out.coloured)
    else:
        from .formatters.stream import render

        text = render(out.fmt, results, None, active, out.lang, quiet=out.quiet,
                      color=out.coloured)
    if text or out.output is not None or not out.quiet:
        emit(text, out.output, out.coloured)


def format_results(results: list, active: list, fmt: str, lang: str, statistics: bool,
            quiet: bool = False, color: bool = False) -> str:
    """The run's output in the format asked for (formatters load only when used)."""
    from pathlib import Path

    if statistics:
        from .formatters.stats import format_statistics
        return format_statistics(results, active, lang, fmt)
    if fmt == "github":
        from .formatters.github import format_github
        return format_github(results, lang)
    if fmt == "html":
        from .formatters.html import format_html
        return format_html(results, active, lang)
    if fmt == "json":
        from .formatters.json_out import format_json
        return format_json(results, active, lang)
    if fmt == "jsonl":
        from .formatters.json_out import format_jsonl
        return format_jsonl(results, active, lang)
    if fmt == "sarif":
        from .formatters.sarif import format_sarif
        return format_sarif(results, active, Path.cwd(), lang)
    from .formatters.text import format_text
    return format_text(results, lang, summary=not quiet, color=color)


def read_baseline(path: str | None):
    """The --baseline file, or a usage error naming it."""
    from .suppress import BaselineError, read_baseline

    if path is None:
        return None
    try:
        return read_baseline(path)
    except BaselineError as exc:
        raise click.BadParameter(str(exc), param_hint="--baseline") from exc


def suppress_step(results: list, active: list, rules: list, options, baseline,
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


def list_fixes(findings: list, lang: str, done: bool) -> None:
    """--show-fixes: ``path: count × rule (name)`` for each file and rule, on stderr."""
    from collections import Counter

    counts = Counter((f.path, f.rule_id, f.rule_name) for f in findings)
    if lang == "zh":
        head = "已修复：" if done else "可用 --fix 修复："
    else:
        head = "fixed:" if done else "fixable with --fix:"
    say(f"gxlint: {head}" + ("" if counts else (" 无" if lang == "zh" else " none")))
    for (path, rule_id, name), n in sorted(counts.items()):
        say(f"  {path}: {n} × {rule_id} ({name})")


def fix_step(results: list, options, options_of: dict, baseline, write: bool,
              tables: bool, show: bool = False) -> list:
    """--fix: apply safe fixes and lint the fixed files again (each with the options of its
    own configuration); --diff: print them and exit."""
    from . import fixes
    from .batch import lint_supervised
    from .suppress import covered

    run = fixes.run(results, write, options.lang, lambda r, f: covered(r, f, baseline))
    for line in run.suggestions + run.problems:
        say(line)
    count, files = sum(run.fixed.values()), len(run.fixed)
    if not write:
        click.echo("".join(run.diffs), nl=False)
        click.echo(f"gxlint: {count} 个问题可自动修复（{files} 个文件）" if options.lang == "zh"
                   else f"gxlint: {count} fixable findings in {files} files", err=True)
        unreadable = [r for r in results if r.error is not None]
        for r in unreadable:  # a file --diff could not read is not a file with nothing to fix
            say(f"{r.path}: error: {r.error}")
        sys.exit(EXIT_ERROR if unreadable else EXIT_FINDINGS if run.diffs else EXIT_OK)
    click.echo(f"gxlint: 已修复 {count} 个问题（{files} 个文件）" if options.lang == "zh"
               else f"gxlint: fixed {count} findings in {files} files", err=True)
    if show:
        list_fixes(run.applied, options.lang, done=True)
    return [lint_supervised((r.path, options_of[r.path]), tables) if r.path in run.fixed else r
            for r in results]


def lint_batch(tasks: list, jobs: int | None, verbose: bool, tables: bool,
                dask: str | None = None, rename=None, bar: bool = True):
    """Lint each (path, options) task in supervised worker processes (lint/batch.py), or on
    a Dask cluster, except those the result cache holds; yields the results in input order
    as they complete. A progress bar goes to stderr on a terminal (``bar``: not while
    findings stream to that terminal). Ctrl-C or SIGTERM stops the linting, not the run: the
    files linted so far are reported, the others as not linted."""
    from .cache import through_cache
    from .findings import FileResult
    from .safefile import signals_interrupt

    def run(todo: list):  # what the result cache does not hold
        if dask is not None:
            return _dask_stream(todo, dask, tables)
        from .batch import lint_many  # not when every file is a cache hit

        return lint_many(todo, jobs, tables=tables)

    stream = through_cache(tasks, tables, run)
    show_bar = bar and sys.stderr.isatty() and len(tasks) >= 20
    linted = 0
    progress = click.progressbar(length=len(tasks), file=sys.stderr, label="gxlint",
                                 show_pos=True) if show_bar else None
    try:
        with signals_interrupt():
            for result in stream:
                for fault in result.faults:
                    say(f"{result.path}: note: {fault}")
                if verbose:
                    for note in result.notes:
                        say(f"{result.path}: note: {note}")
                linted += 1
                if progress is not None:
                    progress.update(1)
                if rename is not None:
                    rename(result)
                yield result
    except KeyboardInterrupt:
        from .adapters.messages import reason

        stream.close()  # stops the workers
        say(f"gxlint: interrupted; {linted} of {len(tasks)} files linted")
        for path, options in tasks[linted:]:
            result = FileResult(path, error=reason("interrupted", options.lang))
            if rename is not None:
                rename(result)
            yield result
    finally:
        if progress is not None:
            progress.render_finish()


def write_stream(head: list, stream, settler, fmt: str, active: list, lang: str,
                  output: str | None, quiet: bool, coloured: bool, options_of: dict,
                  exit_zero: bool, verbose: bool) -> int:
    """Write each file's output as soon as it and every file before it are linted, then the
    cross-year findings and the summary (lint/stream.py, lint/formatters/stream.py); the
    run's exit code."""
    from itertools import chain

    from .formatters.stream import writer_for
    from .stream import Sink

    sink = Sink(output, coloured)
    writer = writer_for(fmt, sink.write, active, lang, quiet=quiet, color=coloured)
    code = ExitCode(options_of, exit_zero)
    try:
        for result in chain(head, stream):
            writer.file(settler.file(result))
            code.see(result)
            sink.flush()
        for part, had in paired(settler, verbose, options_of):
            writer.cross(part, had)
            code.see(part)
            sink.flush()
        writer.close()
        sink.close(blank=output is not None or not quiet)
    except OSError as exc:
        if output is None and isinstance(exc, BrokenPipeError):  # `gxlint … | head`
            stream.close()  # the workers stop
            return reader_gone()
        sink.discard()
        click.echo(f"gxlint: cannot write {output or 'the output'}: {exc.strerror or exc}", err=True)
        return EXIT_ERROR
    except KeyboardInterrupt:  # while writing, not while linting (lint_batch handles that)
        stream.close()
        say("gxlint: interrupted")
        return EXIT_ERROR
    finally:
        sink.discard()
    return code.value


class ExitCode:
    """The exit code as results go by: 2 if a file could not be read, else 1 if a finding
    reaches its file's --fail-on (unless --exit-zero), else 0."""

    def __init__(self, options_of: dict, exit_zero: bool) -> None:
        self.options_of, self.exit_zero = options_of, exit_zero
        self.error = self.findings = False

    def see(self, result) -> None:
        from .findings import SEVERITY_RANK

        self.error = self.error or result.error is not None
        if self.exit_zero or self.findings or not result.findings:
            return
        options = self.options_of.get(result.path)
        fail_on = options.fail_on if options is not None else "error"
        never = max(SEVERITY_RANK.values()) + 1  # --fail-on never: no severity reaches it
        self.findings = any(SEVERITY_RANK[f.severity] >= SEVERITY_RANK.get(fail_on, never)
                            for f in result.findings)

    @property
    def value(self) -> int:
        return EXIT_ERROR if self.error else EXIT_FINDINGS if self.findings else EXIT_OK


def exit_code(results: list, options_of: dict, exit_zero: bool) -> int:
    code = ExitCode(options_of, exit_zero)
    for result in results:
        code.see(result)
    return code.value


def previous_facts(previous: str | None, options_of: dict, files: list[str], results: list) -> dict:
    """--previous FILE: last year's facts for the one report linted, linted first under the
    same limits; a previous report that cannot be read is reported like any file (exit 2)."""
    if previous is None or previous not in options_of or not files:
        return {}
    from .batch import lint_supervised
    from .history import check_previous

    prev = lint_supervised((previous, options_of[previous]))
    if prev.error is not None or prev.facts is None:
        results.append(prev)
        return {}
    if files[0] in options_of:  # it must be this report's agency, the year before
        current = lint_supervised((files[0], options_of[files[0]]))
        wrong = check_previous(current.facts, prev.facts, files[0], previous)
        if wrong:
            raise click.UsageError(wrong)
    return {files[0]: prev.facts}


def unpaired_note(options_of: dict):
    """-v: a report whose history was searched for last year's report in vain."""
    from .adapters.messages import note

    def tell(path: str, year: int) -> None:
        say(f"{path}: note: {note('unpaired', options_of[path].lang, year=year)}")
    return tell


def paired(settler, verbose: bool, options_of: dict):
    """The settler's cross-year parts, with the -v note saying what was paired."""
    for part, had in settler.cross_year():
        if verbose and part.previous:
            from .adapters.messages import note

            said = note("paired", options_of[part.path].lang, previous=part.previous)
            say(f"{part.path}: note: {said}")
        yield part, had


def merge_cross_year(results: list, parts) -> None:
    """Cross-year parts back into their files' results (html, --statistics)."""
    from .findings import Finding

    by_path = {r.path: r for r in results if r.error is None}
    for part, _ in parts:
        r = by_path.get(part.path)
        if r is None:
            continue
        r.previous = part.previous
        r.findings = sorted(r.findings + part.findings, key=Finding.sort_key)
        r.suppressed += part.suppressed
        r.stale += part.stale


def cross_year(results: list, options_of: dict, verbose: bool, explicit: dict,
                history) -> None:
    """Pair reports of one agency in consecutive years (or the one report with --previous),
    looking in the history for those whose last year is not in the run, and add the
    cross-year rules' findings (all results at once: --write-baseline)."""
    from . import crossyear
    from .adapters.messages import note
    from .config import selected_rules

    in_run = crossyear.pair(r.facts for r in results if r.error is None and r.facts is not None)
    unpaired = [r.facts for r in results if r.error is None and r.facts is not None
                and r.path not in in_run and r.path not in explicit and r.path in options_of
                and crossyear.cross_year_rules(selected_rules(options_of[r.path]))]
    explicit = {**explicit, **history(unpaired)}
    crossyear.apply(results, selected_rules, options_of.__getitem__, explicit)
    if verbose:
        for result in results:
            if result.path not in options_of:
                continue
            lang = options_of[result.path].lang
            if result.previous:
                say(f"{result.path}: note: {note('paired', lang, previous=result.previous)}")
    for result in results:
        result.facts = None  # paired: the output does not need them, and a batch holds many


def _dask_stream(tasks: list, address: str, tables: bool):
    """The results of lint/dask_batch.py, or a usage error when there is no cluster."""
    from .dask_batch import DaskUnavailable, lint_dask

    stream = lint_dask(tasks, address, tables)
    try:
        first = next(stream, None)
    except DaskUnavailable as exc:
        raise click.BadParameter(str(exc), param_hint="--dask") from exc
    if first is not None:
        yield first
        yield from stream


def prune_caches(options) -> None:
    """Keep each result cache used under its size bound (lint/cache.py; now and then)."""
    folders = {o.cache for o in options if o.cache}
    if folders:
        from .cache import prune

        for folder in folders:
            prune(folder)
