"""Command-line interface: thin typer commands over the pipeline; errors become exit code 2."""

from __future__ import annotations

import gc
import sys
import traceback
from typing import Annotated

import typer

from translate_check import __version__
from translate_check.cli.corpus import corpus
from translate_check.cli.help import Command, Group, usage_message
from translate_check.cli.models import models_app
from translate_check.cli.verify import verify
from translate_check.errors import TranslateCheckError

app = typer.Typer(
    name="translate-check",
    help="Check an English translation against its Hebrew source and show where they differ.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=Group,
)
app.command(cls=Command)(verify)
app.add_typer(models_app, name="models")
app.command(cls=Command)(corpus)


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


EXIT_INTERRUPTED = 130
"""Ctrl-C: 128 + SIGINT, as shells report it."""
EXIT_INTERNAL = 3
"""A bug, not a problem with the inputs: distinct from 2 so scripts can tell them apart."""


def fail(message: str, code: int = 2) -> None:
    """One line on stderr, then exit: what the user sees instead of a traceback."""
    line = " ".join(message.split("\n"))
    sys.stderr.write(f"translate-check: error: {line}\n")
    sys.exit(code)


def _interrupted() -> None:
    sys.stderr.write("translate-check: interrupted; no report was left half-written\n")
    sys.exit(EXIT_INTERRUPTED)


# click's UsageError, wherever the installed typer keeps its copy of click.
_UsageError: type[Exception] = typer.BadParameter.__bases__[0]


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: every failure ends as one line on stderr and an exit code.

    0: no flag reached --fail-on; 1: some did; 2: bad input, options or
    environment; 3: an internal error; 130: interrupted. ``--debug`` adds the
    traceback above that line; the exit code stays the same.
    """
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    # A run keeps nearly all it builds (tokens, n-grams, pairs) until it ends, so
    # the collector's default thresholds only trace live objects again and again:
    # a sixth of NTREX-128's CPU time, half of that at exit. Collect rarely, and
    # when this is the whole program (no argv given), skip collecting at exit.
    gc.set_threshold(200_000, 30, 30)
    try:
        _run(args, debug)
    finally:
        if argv is None:
            gc.freeze()


def _run(args: list[str], debug: bool) -> None:
    try:
        code = app(args=args, prog_name="translate-check", standalone_mode=False)
    except _UsageError as exc:
        message = usage_message(exc)
        if message:
            fail(message)
        sys.exit(2)
    except (KeyboardInterrupt, typer.Abort):
        _interrupted()
    except Exception as exc:
        if debug:
            traceback.print_exc()
        if isinstance(exc, TranslateCheckError):
            fail(str(exc))
        elif isinstance(exc, OSError):
            where = f"{exc.filename}: " if exc.filename else ""
            fail(f"{where}{exc.strerror or exc}")
        elif isinstance(exc, MemoryError):
            fail("out of memory; check smaller files, or on a machine with more memory")
        else:
            detail = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
            fail(f"internal error: {detail} (rerun with --debug for the traceback)", EXIT_INTERNAL)
    if code == EXIT_INTERRUPTED:  # typer turns Ctrl-C into a silent exit 130
        _interrupted()
    sys.exit(code or 0)
