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
