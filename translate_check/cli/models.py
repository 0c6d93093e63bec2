"""``translate-check models``: prepare MT models for fast offline use."""

from __future__ import annotations

from typing import Annotated

import typer

from translate_check.cli import options as opt
from translate_check.cli.help import Command, Group, choice
from translate_check.mt.convert import MODELS_DIR, Quantization

models_app = typer.Typer(
    help="Prepare MT models (conversion to CTranslate2).", no_args_is_help=True, cls=Group
)


@models_app.command(cls=Command)
def convert(
    model: Annotated[
        str, typer.Argument(help="Hub id or local directory of a Marian model.")
    ] = opt.DEFAULT_MODEL,
    models_dir: opt.ModelsDir = MODELS_DIR,
    quantization: Annotated[
        Quantization, typer.Option(parser=choice(Quantization), help="CTranslate2 weight type.")
    ] = Quantization.int8,
    force: Annotated[bool, typer.Option("--force", help="Replace an earlier conversion.")] = False,
) -> None:
    """Convert a Marian model to CTranslate2 under MODELS_DIR (needs the hf and ct2 extras)."""
    from translate_check.mt.convert import convert_marian

    out = convert_marian(model, models_dir, quantization=quantization.value, force=force)
    typer.echo(f"converted {model} -> {out}")
