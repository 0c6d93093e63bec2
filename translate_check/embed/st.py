"""Any sentence-transformers model (LaBSE, multilingual-e5-*, ...) as the source view.

For users who have the model hub or a model on disk; torch and
sentence-transformers are imported only when such an encoder is asked for.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from translate_check.embed.base import in_batches
from translate_check.errors import ModelError
from translate_check.model import EncoderInfo
from translate_check.mt.base import Progress
from translate_check.mt.hub import hub_reachable, weights_revision

BATCH = 32


class SentenceTransformerEncoder:
    """A sentence-transformers model from a local folder or a model hub id.

    A model whose configuration names a ``query`` prompt (the e5 family) gets it
    on both sides, as its authors advise for bitext mining.
    """

    def __init__(self, model: str, *, device: str = "cpu", offline: bool = False) -> None:
        try:
            import sentence_transformers
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise ModelError(
                f"--encoder {model} needs sentence-transformers: "
                'pip install "translate-check[st]", or use the bundled encoder'
            ) from None
        path = Path(model).expanduser()
        local = path.is_dir()
        if not local and (path.exists() or model.startswith((".", "/", "~"))):
            raise ModelError(
                f"encoder {model} is neither a model folder nor a model hub id; "
                "give --encoder a sentence-transformers folder or hub id, or --no-encoder"
            )
        if not local and not offline and not _cached(model) and not hub_reachable():
            raise ModelError(
                f"encoder {model} is not downloaded and the model hub cannot be reached; "
                "give --encoder a local folder, or use the bundled encoder"
            )
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._model: Any = SentenceTransformer(
                    str(path) if local else model,
                    device=device,
                    local_files_only=offline or local,
                )
        except Exception as exc:
            raise ModelError(f"cannot load encoder {model}: {exc}") from None
        revision = weights_revision(path) if local else _snapshot(model)
        self._prompt = "query" if "query" in (self._model.prompts or {}) else None
        self._info = EncoderInfo(
            f"sentence-transformers-{sentence_transformers.__version__}",
            str(path.resolve()) if local else model,
            revision,
        )
        self._dim = int(self._model.get_embedding_dimension() or 0)

    @property
    def info(self) -> EncoderInfo:
        return self._info

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        return in_batches(texts, BATCH, self._batch, self._dim, progress)

    def _batch(self, texts: list[str]) -> np.ndarray:
        return np.asarray(
            self._model.encode(
                texts,
                batch_size=BATCH,
                prompt_name=self._prompt,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        )


def _cached(model: str) -> bool:
    """Whether the hub id is in the local hub cache already."""
    from huggingface_hub import try_to_load_from_cache

    found = try_to_load_from_cache(model, "modules.json")
    return isinstance(found, str)


def _snapshot(model: str) -> str:
    """The commit of the hub snapshot a model was loaded from."""
    from huggingface_hub import snapshot_download

    try:
        return Path(snapshot_download(model, local_files_only=True)).name
    except Exception:
        return "unknown"
