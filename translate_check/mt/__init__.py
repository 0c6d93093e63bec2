"""Machine-translation engines behind one :class:`~translate_check.mt.base.Translator` protocol.

Engines are looked up by name in :data:`ENGINES`; each factory imports its
heavy dependencies only when called, so importing this package stays cheap.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from translate_check.errors import ModelError
from translate_check.mt.base import (
    DEFAULT_MODEL,
    Device,
    ForcedDecoder,
    NBestTranslator,
    Progress,
    Translator,
    cache_key_prefix,
    require_extra,
)
from translate_check.mt.cache import CachedTranslator
from translate_check.mt.convert import MODELS_DIR

__all__ = [
    "ENGINES",
    "CachedTranslator",
    "EngineOptions",
    "ForcedDecoder",
    "Progress",
    "Translator",
    "cache_key_prefix",
    "forced_decoder",
    "load_translator",
]


@dataclass(frozen=True)
class EngineOptions:
    """Everything an engine factory may need; each uses the fields that apply to it."""

    model: str
    mt_files: Sequence[Path]
    device: Device
    beam_size: int
    offline: bool
    models_root: Path


def _hf(opts: EngineOptions) -> Translator:
    from translate_check.mt.hf import HFTranslator

    return HFTranslator(
        opts.model, device=opts.device, beam_size=opts.beam_size, offline=opts.offline
    )


def _ct2(opts: EngineOptions) -> Translator:
    from translate_check.mt.convert import find_converted
    from translate_check.mt.ct2 import CT2Translator

    model_dir = Path(opts.model).expanduser()
    if not (model_dir / "model.bin").is_file():
        found = find_converted(opts.model, opts.models_root)
        if found is None:
            raise ModelError(
                f"no CTranslate2 conversion of {opts.model} under {opts.models_root}; "
                "convert it first or use --engine hf"
            )
        model_dir = found
    return CT2Translator(model_dir, device=opts.device, beam_size=opts.beam_size)


def _file(opts: EngineOptions) -> Translator:
    from translate_check.mt.file import FileTranslator

    if len(opts.mt_files) != 1:
        raise ModelError("--engine file needs exactly one --mt-file FILE")
    return FileTranslator(opts.mt_files[0])


EXTRAS = {"hf": ("hf", ("torch", "transformers")), "ct2": ("ct2", ("ctranslate2",))}
"""The extra each model engine needs, and the modules that show it is installed."""

ENGINES: dict[str, Callable[[EngineOptions], Translator]] = {
    "hf": _hf,
    "ct2": _ct2,
    "file": _file,
}


def _pick_auto(model: str, models_root: Path) -> str:
    """CTranslate2 when a converted model is at hand, transformers otherwise."""
    if importlib.util.find_spec("ctranslate2") is None:
        return "hf"
    from translate_check.mt.convert import find_converted

    if (Path(model).expanduser() / "model.bin").is_file():
        return "ct2"
    return "ct2" if find_converted(model, models_root) is not None else "hf"


def load_translator(
    engine: str,
    *,
    model: str | None,
    mt_files: Sequence[Path] = (),
    device: Device = "auto",
    beam_size: int = 4,
    cache_dir: Path | None = None,
    offline: bool = False,
    models_root: Path = MODELS_DIR,
) -> Translator:
    """Build the translator for ``engine`` (``auto`` or a key of :data:`ENGINES`).

    With ``cache_dir`` the translator is wrapped in a persistent cache; the
    file engine is never cached since its translations are already on disk.
    """

    model = model or DEFAULT_MODEL
    if engine == "auto":
        engine = _pick_auto(model, models_root)
    factory = ENGINES.get(engine)
    if factory is None:
        raise ModelError(f"unknown MT engine {engine!r}; choose one of auto, {', '.join(ENGINES)}")
    if engine in EXTRAS:
        extra, modules = EXTRAS[engine]
        require_extra(
            extra,
            modules,
            f"translating with a model (engine {engine})",
            "; or pass --mt-file FILE with precomputed translations",
        )
    translator = factory(
        EngineOptions(
            model=model,
            mt_files=tuple(mt_files),
            device=device,
            beam_size=beam_size,
            offline=offline,
            models_root=models_root,
        )
    )
    if cache_dir is None or engine == "file":
        return translator
    return CachedTranslator(translator, cache_dir)


def forced_decoder(translator: Translator) -> ForcedDecoder | None:
    """The model behind ``translator`` when it can score translations, else None.

    The cache stores translations, not scores, so a cached model is scored
    through the model it wraps.
    """
    inner = translator.inner if isinstance(translator, CachedTranslator) else translator
    return inner if isinstance(inner, ForcedDecoder) else None


def nbest_translator(translator: Translator) -> NBestTranslator | None:
    """``translator`` when its model can give several translations per sentence, else None
    (precomputed translations hold one each)."""
    inner = translator.inner if isinstance(translator, CachedTranslator) else translator
    if isinstance(inner, NBestTranslator) and isinstance(translator, NBestTranslator):
        return translator
    return None
