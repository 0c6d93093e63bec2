"""``translate-check verify``: one Hebrew document against its English translation."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from translate_check.cli import options as opt
from translate_check.io import atomic_write_text, check_writable
from translate_check.pipeline import fails, read_document
from translate_check.pipeline import verify as run_verify
from translate_check.report.console import render_console
from translate_check.report.html import render_html
from translate_check.report.json_report import render_json


def verify(
    source: Annotated[Path, typer.Argument(help="Hebrew source text (UTF-8).")],
    target: Annotated[Path, typer.Argument(help="English translation to check (UTF-8).")],
    mt_file: opt.MtFiles = None,
    model: opt.Model = None,
    engine: opt.EngineOpt = opt.Engine.auto,
    device: opt.Device = "auto",
    beam_size: opt.BeamSize = 4,
    segmented: Annotated[
        bool, typer.Option("--segmented", help="One sentence per line in both files.")
    ] = False,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the JSON report here.", show_default=False)
    ] = None,
    html_out: Annotated[
        Path | None,
        typer.Option("--html", help="Write the HTML report here.", show_default=False),
    ] = None,
    fail_on: opt.FailOnOpt = opt.FailOn.major,
    exit_zero: opt.ExitZero = False,
    cache_dir: opt.CacheDir = None,
    no_cache: opt.NoCache = False,
    models_dir: opt.ModelsDir = Path("models"),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No console summary.")] = False,
) -> None:
    """Align, score and flag where the English diverges from the Hebrew."""
    out = Console()
    err = Console(stderr=True)
    for path in (json_out, html_out):
        if path is not None:
            check_writable(path)
    src_doc = read_document(source, "he", segmented=segmented)
    tgt_doc = read_document(target, "en", segmented=segmented)
    translators = opt.open_translators(
        mt_file, model, engine, device, beam_size, cache_dir, no_cache, models_dir
    )
    with opt.progress_bar(err) as bar:
        task = bar.add_task("translating", total=len(src_doc.sentences))
        report = run_verify(src_doc, tgt_doc, translators, progress=lambda n: bar.advance(task, n))
    for warning in (w for t in translators for w in getattr(t, "warnings", ())):
        err.print(f"[yellow]warning:[/] {warning}")
    if json_out is not None:
        atomic_write_text(json_out, render_json(report))
    if html_out is not None:
        atomic_write_text(html_out, render_html(report))
    if not quiet:
        render_console(report, out)
    if not exit_zero and fails(report, fail_on.value):
        raise typer.Exit(1)
