"""``translate-check models``: prepare MT models for fast offline use."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from translate_check.cli import options as opt
from translate_check.cli.help import Command, Group

models_app = typer.Typer(
    help="Prepare MT models (conversion to CTranslate2).", no_args_is_help=True, cls=Group
)


@models_app.command(cls=Command)
def convert(
    model: Annotated[
        str, typer.Argument(help="Hub id or local directory of a Marian model.")
    ] = opt.DEFAULT_MODEL,
    models_dir: opt.ModelsDir = Path("models"),
    quantization: Annotated[
        str, typer.Option(help="CTranslate2 weight type: int8, int8_float16, float16, float32.")
    ] = "int8",
    force: Annotated[bool, typer.Option("--force", help="Replace an earlier conversion.")] = False,
) -> None:
    """Convert a Marian model to CTranslate2 under MODELS_DIR (needs torch and transformers)."""
    from translate_check.mt.convert import convert_marian

    out = convert_marian(model, models_dir, quantization=quantization, force=force)
    typer.echo(f"converted {model} -> {out}")
