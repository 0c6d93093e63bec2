"""Options shared by the commands, declared once with ``Annotated``."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated

import numpy as np
import typer
from platformdirs import user_cache_dir
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from translate_check.cli.help import choice
from translate_check.embed import EncoderSpec
from translate_check.embed.base import Encoder
from translate_check.embed.nano import NAME as BUNDLED
from translate_check.errors import InputError
from translate_check.io import atomic_write_text, is_stdout
from translate_check.model import EncoderInfo, FailOn
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
        help='Precomputed translations: TSV (Hebrew<TAB>English per line) or JSONL ({"source": '
        '…, "translation": …} per line). Repeat for several bridges.',
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


def check_reading(segmented: bool, paired: bool) -> None:
    """Refuse both ways of reading lines at once, rather than silently using one."""
    if segmented and paired:
        raise InputError(
            "--segmented and --paired exclude each other: --paired keeps line i with line i "
            "and never re-aligns, --segmented aligns files whose line counts differ; "
            "give one of them (in corpus: the segmented or the paired setting)"
        )


BeamSize = Annotated[int, typer.Option(min=1, max=16, help="Beam size for MT.")]
CacheDir = Annotated[
    Path | None,
    typer.Option(
        help="Where translations are cached (default: the user cache folder).", show_default=False
    ),
]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")]
ModelsDir = Annotated[
    Path,
    typer.Option(
        help="Folder of converted models (default: models/ in the user data folder, "
        "the same whatever folder a run starts in).",
        show_default=False,
    ),
]
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


SOURCE_VIEW = "Source view"
"""Help panel of the options that choose how the source is seen: MT, encoder, languages."""
_LANG_CODE = re.compile(r"[a-z]{2,3}")


def language_code(value: str) -> str:
    """A typer callback: an ISO 639 language code (two or three lower-case letters)."""
    if not _LANG_CODE.fullmatch(value):
        raise typer.BadParameter(
            f"{value!r} is not a language code; give a two- or three-letter ISO 639 code "
            "such as he, en, de or fr"
        )
    return value


SourceLang = Annotated[
    str,
    typer.Option(
        "--source-lang",
        metavar="CODE",
        callback=language_code,
        rich_help_panel=SOURCE_VIEW,
        help="Language of the source (ISO 639 code). Word-level checks need he and en.",
    ),
]
TargetLang = Annotated[
    str,
    typer.Option(
        "--target-lang",
        metavar="CODE",
        callback=language_code,
        rich_help_panel=SOURCE_VIEW,
        help="Language of the translation (ISO 639 code).",
    ),
]
EncoderName = Annotated[
    str,
    typer.Option(
        "--encoder",
        metavar="NAME|PATH",
        rich_help_panel=SOURCE_VIEW,
        help=f"Sentence encoder that compares source and translation directly: {BUNDLED} (the "
        "bundled multilingual-e5-small), or a sentence-transformers folder or hub id.",
    ),
]
NoEncoder = Annotated[
    bool,
    typer.Option(
        "--no-encoder",
        rich_help_panel=SOURCE_VIEW,
        help="Align through the MT alone.",
    ),
]
NoMt = Annotated[
    bool,
    typer.Option(
        "--no-mt",
        rich_help_panel=SOURCE_VIEW,
        help="No MT bridge: align on the encoder alone and check only what needs no bridge "
        "(unaligned sentences, pairs far less alike than the rest).",
    ),
]


def open_encoder(
    name: str, cache_dir: Path | None, no_cache: bool, required: bool, err: Console
) -> tuple[EncoderSpec, Encoder] | None:
    """How to open the encoder and the one this process opened (its embeddings cached);
    when the bundled one cannot run here and nothing requires it, one line says so and
    the run goes on without it (None)."""
    from translate_check.embed import EncoderUnavailable

    cache = None if no_cache else cache_dir or Path(user_cache_dir("translate-check"))
    spec = EncoderSpec(
        name,
        None if cache is None else cache.resolve(),
        os.environ.get("HF_HUB_OFFLINE", "").lower() in {"1", "true", "yes"},
    )
    try:
        return spec, spec.open()
    except EncoderUnavailable as exc:
        if required:
            raise
        err.print(f"[yellow]warning:[/] {escape(str(exc))}; aligning through the MT alone")
        return None


class ShownEncoder:
    """An encoder whose work shows on the progress bar: embedding a long document takes
    a while, and a silent wait looks like a hang."""

    def __init__(self, inner: Encoder, bar: Progress) -> None:
        self.inner = inner
        self.bar = bar

    @property
    def info(self) -> EncoderInfo:
        return self.inner.info

    def encode(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        task = self.bar.add_task("embedding", total=len(texts))
        try:
            return self.inner.encode(texts, lambda n: self.bar.advance(task, n))
        finally:
            self.bar.remove_task(task)


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
        if engine is Engine.auto:
            note = engine_note(neural.info.engine, model or DEFAULT_MODEL, models_dir)
            err.print(note, markup=False, highlight=False, soft_wrap=True)
        translators.append(neural)
    translators.extend(FileTranslator(path) for path in mt_files or [])
    return translators


def engine_note(ran: str, model: str, models_dir: Path) -> str:
    """Which engine ``--engine auto`` chose, so a slower fallback never goes unnoticed."""
    if ran == "ct2":
        return f"using the CTranslate2 conversion of {model}"
    return (
        f"using transformers (--engine hf), the slower engine: no CTranslate2 conversion of "
        f"{model} in {models_dir} ('translate-check models convert' makes one; it needs the "
        "hf and ct2 extras)"
    )


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


def write_report(path: Path, text: str) -> None:
    """A report to its file, or to standard output when the path is ``-``."""
    if is_stdout(path):
        typer.echo(text, nl=False)
    else:
        atomic_write_text(path, text)


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


def cores() -> int:
    """How many cores this process may run on and other programs leave idle: a second
    process only pays where a core has nothing else to do (on a busy machine it takes its
    time from the others and checks no faster). Busy cores are read off the last minute's
    load average, less this program's own process; where neither can be asked, all cores."""
    try:
        mine = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        mine = os.cpu_count() or 1
    try:
        others = max(0.0, os.getloadavg()[0] - 1.0)
    except (AttributeError, OSError):  # no load average here
        return mine
    return max(1, min(mine, round(mine - others)))
