"""``translate-check corpus``: every document of a folder, for CI.

The command resolves settings (command line > ``TRANSLATE_CHECK_*`` environment >
config file > defaults), runs the corpus and writes the requested formats.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from platformdirs import user_cache_dir
from rich.console import Console
from rich.progress import Progress

from translate_check.cli import options as opt
from translate_check.cli.help import choice
from translate_check.cli.verify import warn
from translate_check.corpus.baseline import read_baseline, write_baseline
from translate_check.corpus.cache import ResultsCache
from translate_check.corpus.config import (
    Settings,
    find_config,
    load_config,
    parse,
    parse_env,
    resolve,
)
from translate_check.corpus.discover import Patterns, discover, read_manifest, unique_names
from translate_check.corpus.runner import (
    Executor,
    LocalExecutor,
    ReadOptions,
    finish,
    mt_identity,
    run_corpus,
)
from translate_check.detect import DetectSettings
from translate_check.embed import BUNDLED, EncoderSpec
from translate_check.embed.base import cache_key
from translate_check.errors import InputError
from translate_check.io import atomic_write_text, check_folder
from translate_check.mt.base import Translator
from translate_check.mt.convert import MODELS_DIR
from translate_check.pipeline import VerifyOptions
from translate_check.report.corpus import (
    html_pages,
    render_corpus_json,
    render_text,
    summary_line,
)
from translate_check.report.github import render_github
from translate_check.report.junit import render_junit
from translate_check.report.sarif import render_sarif
from translate_check.results import CorpusResult


class ExecutorName(StrEnum):
    local = "local"
    ray = "ray"


class Format(StrEnum):
    text = "text"
    json = "json"
    junit = "junit"
    sarif = "sarif"
    github = "github"


FILE_NAMES = {
    Format.json: "translate-check.json",
    Format.junit: "translate-check.junit.xml",
    Format.sarif: "translate-check.sarif",
}


class BarProgress:
    """Documents and sentences as two rich progress bars."""

    def __init__(self, bar: Progress) -> None:
        self.bar = bar
        self.docs = bar.add_task("documents", total=None)
        self.sents = bar.add_task("sentences", total=None, visible=False)

    def start(self, documents: int, sentences: int) -> None:
        self.bar.update(self.docs, total=documents)
        self.bar.update(self.sents, total=sentences, visible=sentences > 0)

    def sentences(self, count: int) -> None:
        self.bar.advance(self.sents, count)

    def document(self) -> None:
        self.bar.advance(self.docs)


def corpus(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Folders to walk or parallel files (TSV, JSONL, TMX, XLIFF).", show_default=False
        ),
    ] = None,
    manifest: Annotated[
        Path | None,
        typer.Option(
            help="File listing documents: 'source<TAB>target' or a parallel file per line.",
            show_default=False,
        ),
    ] = None,
    formats: Annotated[
        list[Format] | None,
        typer.Option(
            "--format",
            "-f",
            parser=choice(Format),
            help="Output format; repeat for several (default: text).",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Folder for json/junit/sarif files.", show_default=False
        ),
    ] = None,
    html_dir: Annotated[
        Path | None,
        typer.Option(
            help="Folder for one HTML report per document and an index page.", show_default=False
        ),
    ] = None,
    mt_file: opt.MtFiles = None,
    model: opt.Model = None,
    engine: Annotated[
        opt.Engine | None,
        typer.Option(
            parser=choice(opt.Engine), help="MT engine (default: auto).", show_default=False
        ),
    ] = None,
    device: opt.Device = opt.DeviceName.auto,
    segmented: opt.Segmented = False,
    paired: opt.Paired = False,
    markup: Annotated[
        opt.MarkupName | None,
        typer.Option(
            parser=choice(opt.MarkupName),
            help="html: check the text without its tags; text: read tags as words; auto "
            "(default): strip tags from inputs that look like HTML.",
            show_default=False,
        ),
    ] = None,
    beam_size: opt.BeamSize = 4,
    fail_on: Annotated[
        opt.FailOn | None,
        typer.Option(
            parser=choice(opt.FailOn),
            help="Exit 1 on a new finding at or above this (default: major).",
            show_default=False,
        ),
    ] = None,
    min_confidence: Annotated[
        float | None,
        typer.Option(
            "--min-confidence",
            metavar="P",
            callback=opt.between(0.0, 1.0),
            rich_help_panel=opt.DETECTION,
            help="Report only findings at least this likely to be right (0–1; default: the "
            "CI operating point, 0.5).",
            show_default=False,
        ),
    ] = None,
    exit_zero: opt.ExitZero = False,
    config: Annotated[
        Path | None,
        typer.Option(
            help="Config file (default: nearest translate-check.toml or pyproject.toml).",
            show_default=False,
        ),
    ] = None,
    isolated: Annotated[bool, typer.Option("--isolated", help="Ignore config files.")] = False,
    baseline: Annotated[
        Path | None, typer.Option(help="Baseline of accepted findings (JSON).", show_default=False)
    ] = None,
    update_baseline: Annotated[
        bool,
        typer.Option("--write-baseline", help="Accept all current findings into the baseline."),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Documents checked in parallel on this machine (default: 1; with --executor ray "
            "the cluster's CPUs decide).",
            show_default=False,
        ),
    ] = None,
    executor: Annotated[
        ExecutorName,
        typer.Option(
            parser=choice(ExecutorName),
            help="Where documents are translated and checked: this machine, or a Ray cluster "
            '(pip install "translate-check\\[ray]").',
        ),
    ] = ExecutorName.local,
    ray_address: Annotated[
        str | None,
        typer.Option(
            help="Ray cluster to use (default: RAY_ADDRESS, else a local Ray instance).",
            show_default=False,
        ),
    ] = None,
    cache_dir: opt.CacheDir = None,
    no_cache: opt.NoCache = False,
    models_dir: opt.ModelsDir = MODELS_DIR,
    quiet: opt.Quiet = False,
    encoder_name: Annotated[
        str | None,
        typer.Option(
            "--encoder",
            metavar="NAME|PATH",
            rich_help_panel=opt.SOURCE_VIEW,
            help=f"Sentence encoder that aligns running text beside the MT (default: {BUNDLED}; "
            "config key encoder).",
            show_default=False,
        ),
    ] = None,
    no_encoder: opt.NoEncoder = False,
) -> None:
    """Check a corpus of translations and write CI reports (JUnit, SARIF, annotations)."""
    anchors = [*(paths or []), *([] if manifest is None else [manifest])]
    if not anchors:
        raise InputError("give a corpus folder, a parallel file or --manifest")
    # The text table is the console summary, which --quiet leaves out unless asked for.
    chosen = list(dict.fromkeys(formats or ([] if quiet else [Format.text])))
    files = [f for f in chosen if f in FILE_NAMES]
    if output is None and (len(files) > 1 or (files and len(chosen) > 1)):
        raise InputError("several formats need --output DIR for the json/junit/sarif files")
    for folder, option in ((output, "--output"), (html_dir, "--html-dir")):
        if folder is not None:
            check_folder(folder, f"{option} {folder}")
    # In GitHub Actions annotations come too, unless a report already holds stdout.
    in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    if in_actions and Format.github not in chosen and (output is not None or not files):
        chosen.append(Format.github)
    settings = _settings(
        anchors[0],
        config,
        isolated,
        {
            "model": model,
            "engine": engine.value if engine else None,
            "fail-on": fail_on.value if fail_on else None,
            "min-confidence": min_confidence,
            "jobs": jobs,
            "segmented": True if segmented else None,
            "paired": True if paired else None,
            "markup": markup.value if markup else None,
            "mt-file": [str(p) for p in mt_file] if mt_file else None,
            "baseline": str(baseline) if baseline else None,
            "encoder": False if no_encoder else encoder_name,
        },
    )
    opt.check_reading(settings.segmented, settings.paired)
    if update_baseline and settings.baseline is None:
        raise InputError("--write-baseline needs --baseline PATH (or baseline in the config)")
    # Read before any work, so a wrong baseline path fails at once.
    accepted = (
        read_baseline(settings.baseline)
        if settings.baseline and not update_baseline
        else frozenset()
    )

    patterns = Patterns(
        settings.source_pattern, settings.target_pattern, settings.include, settings.exclude
    )
    skip = [*settings.mt_file, *([settings.baseline] if settings.baseline else [])]
    items = [] if manifest is None else read_manifest(manifest)
    for path in paths or []:
        items += discover(path, patterns, skip)
    items = unique_names(items)
    if not items:
        raise InputError(
            f"no documents found (looked for {settings.source_pattern} and parallel files)"
        )

    options = VerifyOptions(
        detect=DetectSettings(enabled=settings.detectors, min_confidence=settings.min_confidence)
    )
    cache_root = cache_dir or Path(user_cache_dir("translate-check"))
    mt = mt_identity(settings.model, settings.engine, beam_size, settings.mt_file)
    err = Console(stderr=True)
    # Opened here once: a bad name fails before any work, and its identity keys the cache.
    view = (
        opt.open_encoder(settings.encoder, cache_dir, no_cache, False, err)
        if settings.encoder
        else None
    )
    encoder = view[0] if view else None
    if view:
        mt = [*mt, cache_key(view[1].info)]

    opened: list[Translator] = []
    bridges = (
        list(settings.mt_file) or None,
        settings.model,
        opt.Engine(settings.engine),
        device,
        beam_size,
        cache_dir,
        no_cache,
        models_dir,
    )

    def translators() -> list[Translator]:
        opened.extend(opt.open_translators(*bridges, err))
        return opened

    if executor is ExecutorName.ray:
        runs_on: Executor = _ray_executor(
            opt.model_opener(*bridges),
            settings.mt_file,
            ray_address or os.environ.get("RAY_ADDRESS") or None,
            device,
            encoder,
        )
    else:
        runs_on = LocalExecutor(translators, settings.jobs, encoder)
    with opt.progress_bar(Console(stderr=True, quiet=quiet)) as bar:
        results = run_corpus(
            items,
            runs_on,
            mt,
            options,
            BarProgress(bar),
            cache=None if no_cache else ResultsCache(cache_root / "results"),
            reading=ReadOptions(settings.segmented, settings.paired, settings.markup),
        )
    shown = [*opened, *(view[1:] if view else ())]
    for warning in (w for t in shown for w in getattr(t, "warnings", ())):
        err.print(f"[yellow]warning:[/] {warning}")
    for note in dict.fromkeys(n for r in results for n in r.report.notes):  # once per run
        warn(err, note)
    result = finish(results, settings.glossary, settings.thresholds, accepted, options.detect)
    if update_baseline and settings.baseline is not None:
        write_baseline(settings.baseline, (f for _, f in result.findings()))
        err.print(f"wrote {sum(1 for _ in result.findings())} findings to {settings.baseline}")
        result = finish(
            results,
            settings.glossary,
            settings.thresholds,
            read_baseline(settings.baseline),
            options.detect,
        )

    written = _write_reports(result, chosen, output, settings.fail_on, html_dir)
    if not quiet:
        # A CI log shows stderr: say how the run came out, unless the text table just did.
        said = [] if Format.text in chosen else [summary_line(result)]
        said += [f"wrote {', '.join(str(path) for path in written)}"] if written else []
        if said:
            err.print("; ".join(said), markup=False, highlight=False, soft_wrap=True)
    if not exit_zero and result.fails(settings.fail_on):
        raise typer.Exit(1)


def _ray_executor(
    model: Callable[[], Translator] | None,
    mt_files: Sequence[Path],
    address: str | None,
    device: opt.DeviceName,
    encoder: EncoderSpec | None,
) -> Executor:
    """The Ray executor, or a usage error naming the extra when Ray is not installed."""
    if importlib.util.find_spec("ray") is None:
        raise InputError('--executor ray needs Ray: pip install "translate-check[ray]"')
    from translate_check.corpus.ray_executor import RayExecutor

    return RayExecutor(model, mt_files, address, device.value, encoder)


def _settings(anchor: Path, config: Path | None, isolated: bool, cli: dict[str, Any]) -> Settings:
    """Config file, then ``TRANSLATE_CHECK_*`` variables, then the command line."""
    path = None if isolated else config or find_config(anchor)
    return resolve(
        load_config(path) if path else {},
        parse_env(os.environ),
        parse({k: v for k, v in cli.items() if v is not None}, Path("."), "command line"),
    )


def _write_reports(
    result: CorpusResult,
    chosen: list[Format],
    output: Path | None,
    fail_on: str,
    html_dir: Path | None,
) -> list[Path]:
    """Text and annotations to stdout; the file formats into ``output`` (or stdout alone).

    Returns the files written, the HTML folder by its index page.
    """
    html = html_dir.as_posix() if html_dir else None
    rendered = {
        Format.json: lambda: render_corpus_json(result, fail_on),
        Format.junit: lambda: render_junit(result, fail_on),
        Format.sarif: lambda: render_sarif(result, fail_on, base=Path.cwd(), html=html),
    }
    written: list[Path] = []
    for fmt in chosen:
        if fmt is Format.text:
            render_text(result, Console(highlight=False))
        elif fmt is Format.github:
            typer.echo(render_github(result), nl=False)
        elif output is None:
            typer.echo(rendered[fmt](), nl=False)
        else:
            written.append(output / FILE_NAMES[fmt])
            atomic_write_text(written[-1], rendered[fmt]())
    if html_dir is not None:
        for name, page in html_pages(result).items():
            atomic_write_text(html_dir / name, page)
        written.append(html_dir / "index.html")
    return written
