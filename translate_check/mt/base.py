"""The contract every MT backend fulfils."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Literal, Protocol, runtime_checkable

from translate_check.errors import ModelError
from translate_check.model import MTInfo, Span

Device = Literal["auto", "cpu", "cuda"]

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-tc-big-he-en"
"""The Marian model that translates when none is named."""


class Engine(StrEnum):
    """The engines a model runs on (``auto``: CTranslate2 when a converted model is at
    hand, transformers otherwise)."""

    auto = "auto"
    hf = "hf"
    ct2 = "ct2"


Progress = Callable[[int], None]
"""Called with the number of sentences just finished, so callers can drive a progress bar."""


@runtime_checkable
class Translator(Protocol):
    """Translates Hebrew sentences to English, in order, one output per input."""

    @property
    def info(self) -> MTInfo:
        """Engine, model, revision and decoding options: identifies outputs for caching."""
        ...

    def translate(self, sentences: Sequence[str], progress: Progress | None = None) -> list[str]:
        """Return one English string per input sentence, in input order."""
        ...


@runtime_checkable
class NBestTranslator(Protocol):
    """A model that can return several translations of a sentence from one beam search."""

    @property
    def info(self) -> MTInfo: ...

    def translate_nbest(
        self, sentences: Sequence[str], k: int, progress: Progress | None = None
    ) -> list[list[str]]:
        """The ``k`` best translations of each sentence, best first."""
        ...


@runtime_checkable
class ForcedDecoder(Protocol):
    """A model that scores a given English translation of a Hebrew source token by token.

    Forced decoding feeds the English to the decoder instead of generating it, so
    each token's log-probability says how likely the model finds that token as
    part of a translation of the source. The model engines (hf, ct2) can do
    this; precomputed translations cannot.
    """

    def token_spans(self, targets: Sequence[str]) -> list[list[Span]]:
        """Character spans in each target of the tokens :meth:`score` scores (the last,
        for the end of sentence, empty at the end of the text)."""
        ...

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[list[float]]:
        """Log-probability of each target token and the end of sentence given its source;
        NaN for tokens beyond the model's limit."""
        ...


def cache_key_prefix(info: MTInfo) -> str:
    """Identity of a translator's outputs: a change in any part must miss the cache."""
    opts = ",".join(f"{k}={v}" for k, v in info.options)
    return f"{info.engine}|{info.model}|{info.revision}|{opts}"


def require_extra(extra: str, modules: Sequence[str], what: str, advice: str = "") -> None:
    """Fail with the install command when ``what`` needs an extra the light install lacks.

    Otherwise the missing module would surface deep in a load as an internal error.
    """
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        raise ModelError(
            f"{what} needs the {extra} extra, which is not installed ({', '.join(missing)} "
            f'missing): pip install "translate-check[{extra}]"{advice}'
        )
