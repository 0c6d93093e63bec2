"""``translate-check verify``: one Hebrew document against its English translation."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from translate_check.cli import options as opt
from translate_check.detect import MIN_CONFIDENCE, DetectSettings
from translate_check.embed.nano import NAME as BUNDLED
from translate_check.errors import InputError
from translate_check.io import check_languages, check_outputs, is_stdout
from translate_check.mt.convert import MODELS_DIR
from translate_check.pipeline import (
    VerifyOptions,
    checks_words,
    fails,
    paired_beads,
    read_document,
)
from translate_check.pipeline import verify as run_verify
from translate_check.report.console import render_console
from translate_check.report.html import render_html
from translate_check.report.json_report import render_json


def warn(console: Console, message: str) -> None:
    """One warning line on stderr; the message is shown as written, never as markup."""
    console.print(f"[yellow]warning:[/] {escape(message)}", soft_wrap=True)


def verify(
    source: Annotated[Path, typer.Argument(help="Hebrew source text.")],
    target: Annotated[Path, typer.Argument(help="English translation to check.")],
    mt_file: opt.MtFiles = None,
    model: opt.Model = None,
    engine: opt.EngineOpt = opt.Engine.auto,
    device: opt.Device = opt.DeviceName.auto,
    beam_size: opt.BeamSize = 4,
    logprobs: opt.Logprobs = False,
    segmented: opt.Segmented = False,
    paired: opt.Paired = False,
    min_confidence: opt.MinConfidence = MIN_CONFIDENCE,
    nbest: Annotated[
        int,
        typer.Option(
            "--nbest",
            metavar="K",
            rich_help_panel=opt.DETECTION,
            callback=opt.between(1, 16),
            help="Add the MT model's 2nd … Kth best translations as bridges, K from 1 to 16 "
            "(needs a model).",
        ),
    ] = 1,
    markup: opt.MarkupOpt = opt.MarkupName.auto,
    json_out: Annotated[
        Path | None,
        typer.Option(
            "--json", help="Write the JSON report here ('-': standard output).", show_default=False
        ),
    ] = None,
    html_out: Annotated[
        Path | None,
        typer.Option(
            "--html", help="Write the HTML report here ('-': standard output).", show_default=False
        ),
    ] = None,
    fail_on: opt.FailOnOpt = opt.FailOn.major,
    exit_zero: opt.ExitZero = False,
    cache_dir: opt.CacheDir = None,
    no_cache: opt.NoCache = False,
    models_dir: opt.ModelsDir = MODELS_DIR,
    quiet: opt.Quiet = False,
    encoder_name: opt.EncoderName = BUNDLED,
    no_encoder: opt.NoEncoder = False,
    no_mt: opt.NoMt = False,
    source_lang: opt.SourceLang = "he",
    target_lang: opt.TargetLang = "en",
) -> None:
    """Align, score and flag where the English diverges from the Hebrew."""
    # A report on standard output keeps it to itself; the summary moves to stderr.
    out = Console(stderr=any(p is not None and is_stdout(p) for p in (json_out, html_out)))
    err = Console(stderr=True)
    busy = Console(stderr=True, quiet=quiet)
    if no_mt and no_encoder:
        raise InputError("--no-mt aligns on the encoder alone; drop --no-encoder or --no-mt")
    if no_mt and (mt_file or model or nbest > 1 or logprobs):
        raise InputError("--no-mt uses no MT: drop --mt-file, --model, --nbest and --logprobs")
    opt.check_reading(segmented, paired)
    check_outputs({"--json": json_out, "--html": html_out}, (source, target, *(mt_file or [])))
    with busy.status("reading the inputs"):
        by_line = segmented or paired
        src_doc = read_document(
            source, source_lang, segmented=by_line, what="source", markup=markup.value
        )
        tgt_doc = read_document(
            target, target_lang, segmented=by_line, what="translation", markup=markup.value
        )
    for warning in (*src_doc.warnings, *tgt_doc.warnings):
        warn(err, warning)
    if checks_words(source_lang, target_lang, bridged=True):
        check_languages(src_doc.text, tgt_doc.text, source, target)
    beads = paired_beads(src_doc, tgt_doc) if paired else None
    # Given beads need no aligner; the encoder then only judges pairs when nothing else can.
    wanted = not no_encoder and (
        beads is None or not checks_words(source_lang, target_lang, bridged=not no_mt)
    )
    opened = opt.open_encoder(encoder_name, cache_dir, no_cache, no_mt, err) if wanted else None
    encoder = opened[1] if opened else None
    translators = (
        []
        if no_mt
        else opt.open_translators(
            mt_file, model, engine, device, beam_size, cache_dir, no_cache, models_dir, err
        )
    )
    with opt.progress_bar(busy) as bar:
        task = bar.add_task("translating", total=len(src_doc.sentences))
        report = run_verify(
            src_doc,
            tgt_doc,
            translators,
            VerifyOptions(
                detect=DetectSettings(min_confidence=min_confidence),
                logprobs=logprobs,
                nbest=nbest,
            ),
            progress=lambda n: bar.advance(task, n),
            beads=beads,
            encoder=opt.ShownEncoder(encoder, bar) if encoder else None,
            workers=opt.cores(),
        )
    for note in report.notes:
        warn(err, note)
    for warning in (w for t in (*translators, encoder) for w in getattr(t, "warnings", ())):
        warn(err, warning)
    if json_out is not None:
        opt.write_report(json_out, render_json(report))
    if html_out is not None:
        opt.write_report(html_out, render_html(report))
    if not quiet:
        render_console(report, out)
    if not exit_zero and fails(report, fail_on.value):
        raise typer.Exit(1)
