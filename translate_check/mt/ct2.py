"""A converted Marian model run by CTranslate2: int8 inference, several times cheaper on CPU."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from translate_check.errors import ModelError
from translate_check.model import MTInfo, Span
from translate_check.mt.base import Progress
from translate_check.mt.convert import META_FILE, SPM_FILES
from translate_check.mt.hub import weights_revision
from translate_check.mt.text import MAX_BATCH_TOKENS, Chunks, piece_spans, split_to_fit

EOS = "</s>"
# Sentences handed to CTranslate2 per call: large enough to batch well, small
# enough for regular progress reports.
GROUP = 256


class CT2Translator:
    """Translates with a model made by :func:`translate_check.mt.convert.convert_marian`."""

    def __init__(
        self,
        model_dir: Path,
        *,
        device: Literal["auto", "cpu", "cuda"] = "auto",
        compute_type: str = "auto",
        beam_size: int = 4,
        max_batch_tokens: int = MAX_BATCH_TOKENS,
        max_length: int | None = None,
        min_length: int = 0,
        threads: int = 0,
    ) -> None:
        """Lengths count the decoder's start token, as in ``HFTranslator``, so both
        engines given the same options produce outputs of the same length.
        ``threads`` is CTranslate2's ``intra_threads`` (0: its default)."""
        import ctranslate2
        import sentencepiece as spm

        if beam_size < 1 or max_batch_tokens < 1:
            raise ModelError("beam size and batch token budget must be positive")
        model_dir = Path(model_dir)
        missing = [n for n in ("model.bin", *SPM_FILES) if not (model_dir / n).is_file()]
        if missing:
            raise ModelError(
                f"{model_dir} is not a converted CTranslate2 Marian model (missing "
                f"{', '.join(missing)}); convert one with convert_marian or use --engine hf"
            )
        meta_file = model_dir / META_FILE
        meta: dict[str, Any] = (
            json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.is_file() else {}
        )
        if device == "auto":
            device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
        if compute_type == "auto":
            compute_type = "int8_float16" if device == "cuda" else "int8"
        try:
            self._translator = ctranslate2.Translator(
                str(model_dir), device=device, compute_type=compute_type, intra_threads=threads
            )
            self._src = spm.SentencePieceProcessor(model_file=str(model_dir / "source.spm"))
            self._tgt = spm.SentencePieceProcessor(model_file=str(model_dir / "target.spm"))
        except (RuntimeError, ValueError, OSError) as exc:
            raise ModelError(f"cannot load CTranslate2 model {model_dir}: {exc}") from exc
        self._beam_size = beam_size
        self._max_batch_tokens = max_batch_tokens
        self._max_source = int(meta.get("max_source_tokens", 511))
        self._max_positions = int(meta.get("max_positions", 512))
        self._max_length = max_length or int(meta.get("max_length", 512))
        self._min_length = min_length
        options = [
            ("beam_size", str(beam_size)),
            ("compute_type", compute_type),
            ("max_length", str(self._max_length)),
        ]
        if min_length:
            options.append(("min_length", str(min_length)))
        self._info = MTInfo(
            engine="ct2",
            model=str(meta.get("model", model_dir)),
            revision=str(meta.get("revision") or weights_revision(model_dir)),
            options=tuple(options),
        )
        self.device = device

    @property
    def info(self) -> MTInfo:
        return self._info

    def _count(self, text: str) -> int:
        return len(self._src.encode(text))

    def translate(self, sentences: Sequence[str], progress: Progress | None = None) -> list[str]:
        """Translate; CTranslate2 sorts by length within a call and restores the order."""
        return [best[0] for best in self.translate_nbest(sentences, 1, progress)]

    def translate_nbest(
        self, sentences: Sequence[str], k: int, progress: Progress | None = None
    ) -> list[list[str]]:
        """The ``k`` best hypotheses of one beam search (at least ``k`` beams) per sentence."""
        chunks = Chunks(
            sentences, lambda t: split_to_fit(t, self._count, self._max_source), progress
        )
        units = [[*self._src.encode(piece, out_type=str), EOS] for piece in chunks.pieces]
        order = sorted(range(len(units)), key=lambda j: len(units[j]))
        for start in range(0, len(order), GROUP):
            group = order[start : start + GROUP]
            try:
                results = self._translator.translate_batch(
                    [units[j] for j in group],
                    max_batch_size=self._max_batch_tokens,
                    batch_type="tokens",
                    beam_size=max(self._beam_size, k),
                    num_hypotheses=k,
                    # Like transformers' lengths, which count the decoder's start token.
                    max_decoding_length=self._max_length - 1,
                    min_decoding_length=max(self._min_length - 1, 0),
                    max_input_length=0,
                )
            except RuntimeError as exc:
                raise ModelError(f"CTranslate2 failed to translate: {exc}") from exc
            chunks.finish(
                group, [[self._tgt.decode_pieces(h) for h in r.hypotheses] for r in results]
            )
        return chunks.joined(k)

    def token_spans(self, targets: Sequence[str]) -> list[list[Span]]:
        """Character spans of the tokens :meth:`score` scores; the last, for </s>, is empty."""
        return [
            [*piece_spans(t, self._tgt.encode(t, out_type=str)), (len(t), len(t))] for t in targets
        ]

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[list[float]]:
        """Forced-decoding log-probabilities of each target token and </s>, as in ``HFTranslator``.

        Sources over the model's limit are scored from their first part; target
        tokens beyond the decoder's limit get NaN.
        """
        if len(sources) != len(targets):
            raise ValueError("sources and targets must have the same length")
        src = [[*self._src.encode(s, out_type=str)[: self._max_source], EOS] for s in sources]
        tgt = [self._tgt.encode(t, out_type=str) for t in targets]
        keep = self._max_positions - 1  # the decoder's start position comes first
        try:
            results = self._translator.score_batch(
                src,
                [t[:keep] for t in tgt],
                max_batch_size=self._max_batch_tokens,
                batch_type="tokens",
                max_input_length=0,
            )
        except RuntimeError as exc:
            raise ModelError(f"CTranslate2 failed to score: {exc}") from exc
        scores: list[list[float]] = []
        for pieces, result in zip(tgt, results, strict=True):
            values = list(result.log_probs)
            if len(pieces) > keep:
                # The </s> scored after a cut target says nothing about the real text.
                values = values[:keep] + [math.nan] * (len(pieces) + 1 - keep)
            scores.append(values)
        return scores
