"""Options shared by the commands, declared once with ``Annotated``."""

from __future__ import annotations

import os
from collections.abc import Callable
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from platformdirs import user_cache_dir
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from translate_check.cli.help import choice
from translate_check.model import FailOn
from translate_check.mt.base import DEFAULT_MODEL, Engine, Translator


class MarkupName(StrEnum):
    auto = "auto"
    html = "html"
    text = "text"


class DeviceName(StrEnum):
    auto = "auto"
    cpu = "cpu"
    cuda = "cuda"


MtFiles = Annotated[
    list[Path] | None,
    typer.Option(
        "--mt-file",
        help="Precomputed translations (TSV source<TAB>translation, or JSONL). Repeat for "
        "several bridges.",
        show_default=False,
    ),
]
Model = Annotated[
    str | None,
    typer.Option(
        help=f"Hub id or local directory of a Marian model (default: {DEFAULT_MODEL}, "
        "unless --mt-file is given).",
        show_default=False,
    ),
]
EngineOpt = Annotated[
    Engine,
    typer.Option(
        parser=choice(Engine),
        help="MT engine; auto uses a converted CTranslate2 model when present.",
    ),
]
Device = Annotated[
    DeviceName, typer.Option(parser=choice(DeviceName), help="Where the MT model runs.")
]
MarkupOpt = Annotated[
    MarkupName,
    typer.Option(
        "--markup",
        parser=choice(MarkupName),
        help="html: check the text without its tags; text: read tags as words; auto: strip "
        "tags from inputs that look like HTML (a page, or tags on most lines).",
    ),
]
Segmented = Annotated[
    bool,
    typer.Option(
        "--segmented",
        help="One sentence per line in both files; files of equal line counts are paired "
        "line by line, others aligned.",
    ),
]
Paired = Annotated[
    bool,
    typer.Option(
        "--paired",
        help="Line i of the source is translated by line i of the translation; nothing "
        "is re-aligned (the files must have equally many lines).",
    ),
]
BeamSize = Annotated[int, typer.Option(min=1, max=16, help="Beam size for MT.")]
CacheDir = Annotated[
    Path | None,
    typer.Option(
        help="Where translations are cached (default: the user cache folder).", show_default=False
    ),
]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")]
ModelsDir = Annotated[Path, typer.Option(help="Folder of converted models.")]
FailOnOpt = Annotated[
    FailOn,
    typer.Option(
        parser=choice(FailOn), help="Exit 1 when a pair is flagged at or above this severity."
    ),
]
DETECTION = "Detection"
"""Help panel of the options that change what is flagged."""


Logprobs = Annotated[
    bool,
    typer.Option(
        "--logprobs/--no-logprobs",
        rich_help_panel=DETECTION,
        help="Also score the English with the MT model (forced decoding) and flag unsupported "
        "words it finds improbable. Costs one more forward pass per pair; needs a model engine "
        "(hf or ct2), not --mt-file alone.",
    ),
]


def between(low: float, high: float) -> Callable[[float | None], float | None]:
    """A typer callback that refuses a number outside [low, high] (exit 2, one line); the
    range is said in the option's help, which keeps the help's columns narrow."""

    def check(value: float | None) -> float | None:
        if value is not None and not low <= value <= high:
            raise typer.BadParameter(f"{value:g} is not between {low:g} and {high:g}")
        return value

    return check


MinConfidence = Annotated[
    float,
    typer.Option(
        "--min-confidence",
        metavar="P",
        callback=between(0.0, 1.0),
        rich_help_panel=DETECTION,
        help="Report only flags at least this likely to be right (0–1). The default is the "
        "CI operating point, precision first; lower it to see less certain flags.",
    ),
]
Quiet = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        help="No progress display and no console summary; warnings, errors and the outputs "
        "asked for still appear.",
    ),
]
ExitZero = Annotated[
    bool, typer.Option("--exit-zero", help="Exit 0 even when flags reach --fail-on.")
]


def open_translators(
    mt_files: list[Path] | None,
    model: str | None,
    engine: Engine,
    device: DeviceName,
    beam_size: int,
    cache_dir: Path | None,
    no_cache: bool,
    models_dir: Path,
    err: Console,
) -> list[Translator]:
    """The bridges in order: a model (when asked for, or when no file is given), then files."""
    from translate_check.mt.file import FileTranslator

    translators: list[Translator] = []
    opener = model_opener(
        mt_files, model, engine, device, beam_size, cache_dir, no_cache, models_dir
    )
    if opener is not None:
        neural = opener()
        if engine is Engine.auto and neural.info.engine == "ct2":
            err.print(f"using the CTranslate2 conversion of {neural.info.model}")
        translators.append(neural)
    translators.extend(FileTranslator(path) for path in mt_files or [])
    return translators


def model_opener(
    mt_files: list[Path] | None,
    model: str | None,
    engine: Engine,
    device: DeviceName,
    beam_size: int,
    cache_dir: Path | None,
    no_cache: bool,
    models_dir: Path,
) -> Callable[[], Translator] | None:
    """What opens the model bridge (None: files only); it pickles, so Ray actors can call it.

    Folders are made absolute because an actor runs in a folder of its own.
    """
    if model is None and mt_files:
        return None
    from translate_check.mt import load_translator

    cache = None if no_cache else cache_dir or Path(user_cache_dir("translate-check"))
    return partial(
        load_translator,
        engine.value,
        model=model or DEFAULT_MODEL,
        device=device.value,
        beam_size=beam_size,
        offline=os.environ.get("HF_HUB_OFFLINE", "").lower() in {"1", "true", "yes"},
        models_root=models_dir.resolve(),
        cache_dir=None if cache is None else cache.resolve(),
    )


def progress_bar(console: Console) -> Progress:
    """The progress bar shown on stderr while sentences are translated."""
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
