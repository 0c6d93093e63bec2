"""The contract every MT backend fulfils."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

from translate_check.model import MTInfo

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


def cache_key_prefix(info: MTInfo) -> str:
    """Identity of a translator's outputs: a change in any part must miss the cache."""
    opts = ",".join(f"{k}={v}" for k, v in info.options)
    return f"{info.engine}|{info.model}|{info.revision}|{opts}"
