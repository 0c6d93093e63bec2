"""Convert a Marian model to CTranslate2, whose quantized CPU inference is much faster."""

from __future__ import annotations

import json
import shutil
import tempfile
import warnings
from enum import StrEnum
from pathlib import Path

from platformdirs import user_data_dir

from translate_check.errors import ModelError
from translate_check.mt.base import require_extra
from translate_check.mt.hub import resolve_model

MODELS_DIR = Path(user_data_dir("translate-check")) / "models"
"""Where converted models live by default: per user, so every folder a run starts in finds them."""
META_FILE = "translate_check.json"
CONVERT_ADVICE = "give the directory of a local Marian model (or a model hub id) as MODEL"


class Quantization(StrEnum):
    """The CTranslate2 weight types a conversion may ask for."""

    int8 = "int8"
    int8_float16 = "int8_float16"
    float16 = "float16"
    float32 = "float32"


SPM_FILES = ("source.spm", "target.spm")


def converted_name(model: str, quantization: str = "int8") -> str:
    """``Helsinki-NLP/opus-mt-tc-big-he-en`` -> ``opus-mt-tc-big-he-en-ct2-int8``."""
    return f"{Path(model.rstrip('/')).name}-ct2-{quantization}"


def _limits(path: Path) -> dict[str, int]:
    """Source and output length limits that the CTranslate2 files do not record."""
    config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    positions = int(config.get("max_position_embeddings", 512))
    tok_file = path / "tokenizer_config.json"
    tok_config = json.loads(tok_file.read_text(encoding="utf-8")) if tok_file.is_file() else {}
    model_max = int(tok_config.get("model_max_length", positions))
    gen_file = path / "generation_config.json"
    gen = json.loads(gen_file.read_text(encoding="utf-8")) if gen_file.is_file() else {}
    return {
        "max_positions": positions,
        "max_source_tokens": min(model_max, positions) - 1,
        "max_length": min(int(gen.get("max_length") or config.get("max_length") or 512), positions),
    }


def convert_marian(
    model: str,
    out_root: Path = MODELS_DIR,
    quantization: str = "int8",
    *,
    offline: bool = False,
    force: bool = False,
) -> Path:
    """Convert ``model`` (hub id or directory) into ``out_root/<name>-ct2-<quantization>/``.

    The output is written to a temporary directory and renamed into place, so
    an interrupted conversion never looks like a finished one.
    """
    require_extra("hf", ("transformers", "torch"), "converting a model")
    require_extra("ct2", ("ctranslate2",), "converting a model")
    path, revision = resolve_model(model, offline=offline, advice=CONVERT_ADVICE)
    out = Path(out_root) / converted_name(model, quantization)
    if out.exists() and not force:
        raise ModelError(f"{out} already exists; remove it or convert again with --force")
    missing = [name for name in SPM_FILES if not (path / name).is_file()]
    if missing:
        raise ModelError(f"model {model} has no {', '.join(missing)}; it is not a Marian model")

    import transformers
    from ctranslate2.converters import TransformersConverter

    transformers.utils.logging.disable_progress_bar()
    transformers.utils.logging.set_verbosity_error()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=f".{out.name}.") as tmp:
        staging = Path(tmp) / "model"
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                converter = TransformersConverter(str(path), copy_files=list(SPM_FILES))
                converter.convert(str(staging), quantization=quantization)
        except Exception as exc:
            raise ModelError(f"cannot convert model {model}: {type(exc).__name__}: {exc}") from exc
        meta: dict[str, object] = {
            "model": model,
            "revision": revision,
            "quantization": quantization,
        }
        meta.update(_limits(path))
        (staging / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    return out


def find_converted(model: str, models_root: Path) -> Path | None:
    """A finished conversion of ``model`` under ``models_root``, int8 preferred."""
    candidates = sorted(
        Path(models_root).glob(f"{converted_name(model, '*')}"),
        key=lambda p: (not p.name.endswith("-int8"), p.name),
    )
    for candidate in candidates:
        meta_file = candidate / META_FILE
        if (candidate / "model.bin").is_file() and meta_file.is_file():
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
            if meta.get("model") == model:
                return candidate
    return None
