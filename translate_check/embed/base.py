"""The contract every sentence encoder fulfils."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from translate_check.model import EncoderInfo
from translate_check.mt.base import Progress


@runtime_checkable
class Encoder(Protocol):
    """Maps sentences of any language it covers into one vector space.

    Translations of each other land close together, so the aligner can compare
    a source sentence with an English one directly, without an MT bridge.
    """

    @property
    def info(self) -> EncoderInfo:
        """Engine, model and revision: identifies outputs for caching and the signature."""
        ...

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """One L2-normalised float32 row per text, in input order; ``progress`` is told
        how many texts each step finished."""
        ...


def cache_key(info: EncoderInfo) -> str:
    """Identity of an encoder's outputs: a change in any part must miss the cache."""
    return f"{info.engine}|{info.model}|{info.revision}"


def in_batches(
    texts: Sequence[str],
    size: int,
    embed: Callable[[list[str]], np.ndarray],
    dim: int,
    progress: Progress | None = None,
) -> np.ndarray:
    """``embed`` applied ``size`` texts at a time, as float32 rows: an engine's batches stay
    dense, and ``progress`` hears after each."""
    rows = []
    for at in range(0, len(texts), size):
        batch = list(texts[at : at + size])
        rows.append(np.asarray(embed(batch), dtype=np.float32).reshape(len(batch), -1))
        if progress:
            progress(len(batch))
    return np.concatenate(rows) if rows else np.zeros((0, dim), np.float32)
