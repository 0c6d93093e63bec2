"""Command-line interface: thin typer commands over the pipeline; errors become exit code 2."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from translate_check import __version__
from translate_check.cli.corpus import corpus
from translate_check.cli.models import models_app
from translate_check.cli.verify import verify
from translate_check.errors import TranslateCheckError

app = typer.Typer(
    name="translate-check",
    help="Check an English translation against its Hebrew source and show where they differ.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command()(verify)
app.add_typer(models_app, name="models")
app.command()(corpus)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"translate-check {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
) -> None:
    """translate-check: where does the English say something the Hebrew does not?"""


def fail(message: str, code: int = 2) -> None:
    """One line on stderr, then exit: what the user sees instead of a traceback."""
    sys.stderr.write(f"translate-check: error: {message}\n")
    sys.exit(code)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    try:
        app(args=args, prog_name="translate-check")
    except TranslateCheckError as exc:
        if debug:
            raise
        fail(str(exc))
    except OSError as exc:
        if debug:
            raise
        fail(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
