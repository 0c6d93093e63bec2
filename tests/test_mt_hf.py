"""The transformers engine on a tiny random-weight Marian model."""

from __future__ import annotations

import math
import time
from pathlib import Path

import pytest

from translate_check.errors import ModelError
from translate_check.mt.hf import HFTranslator
from translate_check.mt.text import plan_batches, split_to_fit

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def hf(tiny_marian: Path) -> HFTranslator:
    return HFTranslator(str(tiny_marian), device="cpu", beam_size=1)


def test_one_output_per_input_in_order(hf: HFTranslator, mt_train_lines: dict) -> None:
    he = mt_train_lines["he"][:8]
    batched = hf.translate(he)
    assert len(batched) == len(he)
    assert len(set(batched)) > 1, "inputs must give different outputs for the order check"
    assert batched == [hf.translate([s])[0] for s in he]


def test_small_token_budget_restores_order(tiny_marian: Path, mt_train_lines: dict) -> None:
    he = mt_train_lines["he"][:12]
    small = HFTranslator(str(tiny_marian), device="cpu", beam_size=1, max_batch_tokens=40)
    large = HFTranslator(str(tiny_marian), device="cpu", beam_size=1, max_batch_tokens=10_000)
    assert small.translate(he) == large.translate(he)


def test_empty_inputs_and_progress(hf: HFTranslator, mt_train_lines: dict) -> None:
    done: list[int] = []
    inputs = ["", mt_train_lines["he"][0], "  ", mt_train_lines["he"][1]]
    out = hf.translate(inputs, progress=done.append)
    assert out[0] == "" and out[2] == "" and out[1] and out[3]
    assert sum(done) == len(inputs)
    assert hf.translate([]) == []


def test_long_input_is_chunked_not_truncated(hf: HFTranslator, mt_train_lines: dict) -> None:
    long = " ".join(mt_train_lines["he"][:6])
    limit = hf._max_source
    assert hf._count(long) > 2 * limit
    pieces = split_to_fit(long, hf._count, limit)
    assert len(pieces) > 2
    assert " ".join(pieces).split() == long.split()
    assert all(hf._count(p) <= limit for p in pieces)
    assert hf.translate([long]) == [" ".join(hf.translate(pieces))]


def test_split_cuts_an_overlong_word() -> None:
    pieces = split_to_fit("a " + "x" * 25 + " b", len, 10)
    assert all(len(p) <= 10 for p in pieces)
    assert "".join(pieces).replace(" ", "") == "a" + "x" * 25 + "b"


def test_plan_batches_respects_budget() -> None:
    lengths = [5, 30, 7, 30, 1, 12]
    batches = plan_batches(lengths, 40)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    for batch in batches:
        assert len(batch) == 1 or max(lengths[i] for i in batch) * len(batch) <= 40


def test_info_names_model_revision_and_options(hf: HFTranslator, tiny_marian: Path) -> None:
    info = hf.info
    assert info.engine == "hf"
    assert info.model == str(tiny_marian)
    assert info.revision and info.revision.startswith("sha256:")
    assert ("beam_size", "1") in info.options


def test_score_gives_one_logprob_per_token(hf: HFTranslator, mt_train_lines: dict) -> None:
    he, en = mt_train_lines["he"][:3], mt_train_lines["en"][:3]
    scores = hf.score(he, en)
    spans = hf.token_spans(en)
    assert [len(s) for s in scores] == [len(s) for s in spans]
    short = scores[0]
    assert all(v <= 0 for v in short if not math.isnan(v))
    for text, row in zip(en, spans, strict=True):
        assert row[-1] == (len(text), len(text))
        assert all(0 <= a <= b <= len(text) for a, b in row)
    # Batching must not change the numbers.
    alone = hf.score(he[:1], en[:1])[0]
    assert alone == pytest.approx(short, abs=1e-4, nan_ok=True)


def test_missing_model_offline_fails_fast() -> None:
    start = time.monotonic()
    with pytest.raises(ModelError, match="--mt-file"):
        HFTranslator("translate-check-tests/no-such-model", offline=True)
    assert time.monotonic() - start < 5


def test_missing_directory_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="does not exist"):
        HFTranslator(str(tmp_path / "nowhere" / "model"))


def test_broken_directory_is_one_model_error(tiny_marian: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    for name in ("vocab.json", "source.spm", "target.spm", "model.safetensors"):
        (broken / name).write_bytes((tiny_marian / name).read_bytes())
    (broken / "config.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="cannot load model"):
        HFTranslator(str(broken), device="cpu")
    (broken / "model.safetensors").unlink()
    with pytest.raises(ModelError, match="no weights file"):
        HFTranslator(str(broken), device="cpu")


def test_missing_model_with_unreachable_hub_fails_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    from translate_check.mt import hub

    monkeypatch.setattr(hub, "hub_reachable", lambda timeout=hub.HUB_TIMEOUT_S: False)
    with pytest.raises(ModelError, match="cannot be reached"):
        HFTranslator("translate-check-tests/no-such-model")


def test_hub_id_found_in_the_cache_uses_its_commit(
    tiny_marian: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from huggingface_hub import constants

    commit = "0123456789abcdef0123456789abcdef01234567"
    repo = tmp_path / "models--translate-check-tests--tiny"
    snapshot = repo / "snapshots" / commit
    snapshot.mkdir(parents=True)
    for file in tiny_marian.iterdir():
        (snapshot / file.name).write_bytes(file.read_bytes())
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit, encoding="utf-8")
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path))

    cached = HFTranslator("translate-check-tests/tiny", device="cpu", beam_size=1, offline=True)
    assert cached.info.model == "translate-check-tests/tiny"
    assert cached.info.revision == commit
    assert len(cached.translate(["שלום עולם"])) == 1
