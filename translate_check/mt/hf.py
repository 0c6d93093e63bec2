"""MarianMT through transformers: the reference engine, and the one that can score pairs."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from translate_check.errors import ModelError
from translate_check.model import MTInfo, Span
from translate_check.mt.base import DEFAULT_MODEL, Device, Progress
from translate_check.mt.hub import resolve_model
from translate_check.mt.text import (
    MAX_BATCH_TOKENS,
    Chunks,
    piece_spans,
    plan_batches,
    split_to_fit,
)

if TYPE_CHECKING:
    import torch


def pick_device(device: str) -> str:
    """``auto`` is CUDA when a GPU is usable, else CPU; an unusable explicit choice is an error."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise ModelError(
            "--device cuda was requested but no CUDA GPU is available; use --device cpu"
        )
    if device not in ("cpu", "cuda"):
        raise ModelError(f"unknown device {device!r}; use auto, cpu or cuda")
    return device


def load_marian(path: Path, label: str) -> tuple[Any, Any]:
    """Load tokenizer and model from a directory, turning any failure into one ModelError."""
    import transformers
    from transformers import AutoConfig, MarianMTModel, MarianTokenizer

    # The core never prints: no progress bars or advisory warnings while loading.
    transformers.utils.logging.disable_progress_bar()
    transformers.utils.logging.set_verbosity_error()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            config = AutoConfig.from_pretrained(path, local_files_only=True)
            if config.model_type != "marian":
                raise ModelError(
                    f"model {label} is a {config.model_type!r} model; only Marian (OPUS-MT) "
                    "models are supported"
                )
            tokenizer = MarianTokenizer.from_pretrained(path, local_files_only=True)
            model = MarianMTModel.from_pretrained(path, local_files_only=True)
    except ModelError:
        raise
    except Exception as exc:
        raise ModelError(
            f"cannot load model {label} from {path}: {type(exc).__name__}: {exc}; "
            "the directory must hold a saved Marian model (config.json, weights, "
            "source.spm, target.spm, vocab.json)"
        ) from exc
    return tokenizer, model


class HFTranslator:
    """Translates with a Marian model in PyTorch: hub id or local directory, CPU or CUDA."""

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        *,
        device: Device = "auto",
        beam_size: int = 4,
        max_batch_tokens: int = MAX_BATCH_TOKENS,
        offline: bool = False,
        max_length: int | None = None,
        min_length: int = 0,
    ) -> None:
        """``max_length`` (default: the model's generation setting) and ``min_length``
        count output tokens plus the decoder's start token, as transformers does."""
        if beam_size < 1 or max_batch_tokens < 1:
            raise ModelError("beam size and batch token budget must be positive")
        path, revision = resolve_model(model, offline=offline)
        self._device = pick_device(device)
        self._tokenizer, net = load_marian(path, model)
        self._model = net.to(self._device).eval()
        config = net.config
        self._beam_size = beam_size
        self._max_batch_tokens = max_batch_tokens
        positions = config.max_position_embeddings
        # Room for the </s> appended to every source.
        self._max_source = min(self._tokenizer.model_max_length, positions) - 1
        self._max_target = min(
            max_length or net.generation_config.max_length or positions, positions
        )
        self._min_target = min_length
        options = [("beam_size", str(beam_size)), ("max_length", str(self._max_target))]
        if min_length:
            options.append(("min_length", str(min_length)))
        self._info = MTInfo(engine="hf", model=model, revision=revision, options=tuple(options))

    @property
    def info(self) -> MTInfo:
        return self._info

    @property
    def device(self) -> str:
        return self._device

    def _count(self, text: str) -> int:
        """Source tokens without </s>, counted exactly as the model will see them."""
        return len(self._tokenizer(text).input_ids) - 1

    def translate(self, sentences: Sequence[str], progress: Progress | None = None) -> list[str]:
        """Translate in length-sorted batches; inputs over the model's limit are split, not cut."""
        return [best[0] for best in self.translate_nbest(sentences, 1, progress)]

    def translate_nbest(
        self, sentences: Sequence[str], k: int, progress: Progress | None = None
    ) -> list[list[str]]:
        """The ``k`` best hypotheses of one beam search (at least ``k`` beams) per sentence."""
        import torch

        chunks = Chunks(
            sentences, lambda t: split_to_fit(t, self._count, self._max_source), progress
        )
        encoded = [self._tokenizer(piece).input_ids for piece in chunks.pieces]
        for batch in plan_batches([len(ids) for ids in encoded], self._max_batch_tokens):
            input_ids, mask = self._pad([encoded[j] for j in batch])
            with torch.inference_mode():
                generated = self._model.generate(
                    input_ids=input_ids,
                    attention_mask=mask,
                    num_beams=max(self._beam_size, k),
                    num_return_sequences=k,
                    max_length=self._max_target,
                    min_length=self._min_target,
                )
            texts = self._tokenizer.batch_decode(generated, skip_special_tokens=True)
            chunks.finish(batch, [texts[r * k : (r + 1) * k] for r in range(len(batch))])
        return chunks.joined(k)

    def _pad(self, rows: Sequence[Sequence[int]]) -> tuple[torch.Tensor, torch.Tensor]:
        import torch

        width = max(len(r) for r in rows)
        pad = self._tokenizer.pad_token_id
        ids = torch.full((len(rows), width), pad, dtype=torch.long)
        mask = torch.zeros((len(rows), width), dtype=torch.long)
        for k, row in enumerate(rows):
            ids[k, : len(row)] = torch.tensor(row, dtype=torch.long)
            mask[k, : len(row)] = 1
        return ids.to(self._device), mask.to(self._device)

    def _target_pieces(self, text: str) -> list[str]:
        return self._tokenizer.spm_target.encode(text, out_type=str)

    def token_spans(self, targets: Sequence[str]) -> list[list[Span]]:
        """Character spans in each target of the tokens :meth:`score` scores.

        The final span, for the end of sentence, is empty at the end of the text.
        """
        return [[*piece_spans(t, self._target_pieces(t)), (len(t), len(t))] for t in targets]

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[list[float]]:
        """Forced-decoding log-probabilities of each target token (and </s>) given its source.

        A low value marks an English token the model finds unlikely as a
        translation of the Hebrew. Sources over the model's limit are scored
        from their first part; target tokens beyond the decoder's limit get NaN.
        """
        import torch

        if len(sources) != len(targets):
            raise ValueError("sources and targets must have the same length")
        tok = self._tokenizer
        limit = self._model.config.max_position_embeddings
        eos = tok.eos_token_id
        src_ids = [[*tok(s).input_ids[:-1][: self._max_source], eos] for s in sources]
        tgt_ids = [[*tok.convert_tokens_to_ids(self._target_pieces(t)), eos] for t in targets]
        start = self._model.config.decoder_start_token_id
        results: list[list[float]] = [[] for _ in sources]
        lengths = [len(s) + min(len(t), limit) for s, t in zip(src_ids, tgt_ids, strict=True)]
        for batch in plan_batches(lengths, self._max_batch_tokens):
            input_ids, mask = self._pad([src_ids[j] for j in batch])
            labels = [tgt_ids[j][:limit] for j in batch]
            decoder_ids, _ = self._pad([[start, *row[:-1]] for row in labels])
            with torch.inference_mode():
                logits = self._model(
                    input_ids=input_ids, attention_mask=mask, decoder_input_ids=decoder_ids
                ).logits
                logprobs = torch.log_softmax(logits.float(), dim=-1)
            for k, j in enumerate(batch):
                row = torch.tensor(labels[k], device=logprobs.device)
                picked = logprobs[k, : len(row)].gather(1, row[:, None])[:, 0]
                values = picked.tolist()
                results[j] = values + [math.nan] * (len(tgt_ids[j]) - len(values))
        return results
