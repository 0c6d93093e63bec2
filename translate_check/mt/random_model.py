"""Build a random-weight Marian model with real tokenizers, without any download.

Tests need a model that loads and runs exactly like an OPUS-MT one (same files,
same tokenizer class, same architecture) and the speed benchmark needs one with
the ``opus-mt-tc-big`` shape; neither needs good translations, so the weights
are random and only the sentencepiece models are trained, on a few lines.
"""

from __future__ import annotations

import json
import re
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from translate_check.facts import HEBREW_BLOCK

Size = Literal["tiny", "big"]

# opus-mt-tc-big: transformer-big, 6+6 layers, relu, scaled embeddings.
_ARCHITECTURES: dict[str, dict[str, Any]] = {
    "tiny": {
        "d_model": 32,
        "encoder_layers": 2,
        "decoder_layers": 1,
        "encoder_attention_heads": 4,
        "decoder_attention_heads": 4,
        "encoder_ffn_dim": 64,
        "decoder_ffn_dim": 64,
        "max_position_embeddings": 64,
        # Large weights make the source dominate the output, so different inputs
        # give different (nonsense) translations and tests can check ordering.
        "init_std": 1.0,
    },
    "big": {
        "d_model": 1024,
        "encoder_layers": 6,
        "decoder_layers": 6,
        "encoder_attention_heads": 16,
        "decoder_attention_heads": 16,
        "encoder_ffn_dim": 4096,
        "decoder_ffn_dim": 4096,
        "max_position_embeddings": 1024,
    },
}

# Output lengths: random weights rarely emit </s>, so generation stops here instead.
_MAX_LENGTH = {"tiny": 24, "big": 256}
# Real OPUS-MT tokenizers accept 512 tokens; the tiny model's short limit lets tests
# exercise chunking of long inputs with ordinary sentences.
_MODEL_MAX_LENGTH = {"tiny": 48, "big": 512}
DEFAULT_VOCAB_SIZE = {"tiny": 1000, "big": 57000}

_SPECIALS = ("</s>", "<unk>", "<pad>")
_HEBREW = re.compile(f"[{HEBREW_BLOCK}]")


def _is_hebrew(line: str) -> bool:
    return _HEBREW.search(line) is not None


def _train_spm(lines: Sequence[str], prefix: Path, vocab_size: int) -> list[str]:
    """Train a unigram sentencepiece model; returns its pieces without control tokens."""
    import sentencepiece as spm

    text = prefix.with_suffix(".txt")
    text.write_text("\n".join(lines) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(text),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        # Few training lines cannot always support the requested size.
        hard_vocab_limit=False,
        bos_id=-1,
        eos_id=1,
        unk_id=0,
        pad_id=-1,
        minloglevel=2,
        num_threads=1,
        seed_sentencepiece_size=100_000,
    )
    proc = spm.SentencePieceProcessor(model_file=str(prefix.with_suffix(".model")))
    return [
        proc.id_to_piece(i)
        for i in range(proc.get_piece_size())
        if not (proc.is_control(i) or proc.is_unknown(i))
    ]


def build_random_marian(
    out_dir: Path,
    corpus_lines: Sequence[str],
    *,
    size: Size = "tiny",
    vocab_size: int | None = None,
    seed: int = 0,
    max_length: int | None = None,
) -> Path:
    """Write a loadable random-weight ``MarianMTModel`` and ``MarianTokenizer`` to ``out_dir``.

    ``corpus_lines`` (Hebrew and English text) trains the source and target
    sentencepiece models; Hebrew-script lines go to the source side, the rest to
    the target side. The shared vocabulary is padded with unused ``<unusedN>``
    tokens up to ``vocab_size`` so that embedding and output-projection costs
    match the requested size even when the corpus is too small to learn that
    many pieces. The ``big`` default matches the ~57k vocabulary of
    ``opus-mt-tc-big-he-en``; a smaller ``vocab_size`` builds and saves faster
    but understates the cost of the output projection. ``max_length`` replaces the
    shape's decoding limit: random weights seldom end a sentence, so every one is
    decoded to it.
    """
    import torch
    import transformers
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    if size not in _ARCHITECTURES:
        raise ValueError(f"size must be one of {sorted(_ARCHITECTURES)}, not {size!r}")
    total = vocab_size or DEFAULT_VOCAB_SIZE[size]
    lines = [ln for ln in corpus_lines if ln.strip()]
    hebrew = [ln for ln in lines if _is_hebrew(ln)]
    english = [ln for ln in lines if not _is_hebrew(ln)]
    if not hebrew or not english:
        raise ValueError("corpus_lines must contain both Hebrew and English lines")

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    per_side = max(64, min(8000, (total - len(_SPECIALS)) // 2))
    with tempfile.TemporaryDirectory() as tmp:
        src_pieces = _train_spm(hebrew, Path(tmp) / "source", per_side)
        tgt_pieces = _train_spm(english, Path(tmp) / "target", per_side)
        (out_dir / "source.spm").write_bytes((Path(tmp) / "source.model").read_bytes())
        (out_dir / "target.spm").write_bytes((Path(tmp) / "target.model").read_bytes())

    pieces = list(dict.fromkeys(src_pieces + tgt_pieces))
    tokens = ["</s>", "<unk>", *pieces]
    if len(tokens) + 1 > total:
        raise ValueError(f"vocab_size {total} is smaller than the {len(tokens) + 1} learned tokens")
    tokens += [f"<unused{i}>" for i in range(total - 1 - len(tokens))]
    tokens.append("<pad>")
    vocab = {tok: i for i, tok in enumerate(tokens)}
    (out_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")

    transformers.utils.logging.disable_progress_bar()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sacremoses advice: irrelevant to a test model
        tokenizer = MarianTokenizer(
            source_spm=str(out_dir / "source.spm"),
            target_spm=str(out_dir / "target.spm"),
            vocab=str(out_dir / "vocab.json"),
            source_lang="he",
            target_lang="en",
            model_max_length=_MODEL_MAX_LENGTH[size],
        )
    tokenizer.save_pretrained(out_dir)

    pad_id = vocab["<pad>"]
    config = MarianConfig(
        vocab_size=total,
        decoder_vocab_size=total,
        activation_function="relu",
        scale_embedding=True,
        pad_token_id=pad_id,
        decoder_start_token_id=pad_id,
        eos_token_id=vocab["</s>"],
        forced_eos_token_id=vocab["</s>"],
        bos_token_id=None,
        dropout=0.1,
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
        **_ARCHITECTURES[size],
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    model.generation_config = GenerationConfig(
        max_length=max_length or _MAX_LENGTH[size],
        num_beams=4,
        bad_words_ids=[[pad_id]],
        decoder_start_token_id=pad_id,
        pad_token_id=pad_id,
        eos_token_id=vocab["</s>"],
        forced_eos_token_id=vocab["</s>"],
    )
    model.save_pretrained(out_dir)
    return out_dir
