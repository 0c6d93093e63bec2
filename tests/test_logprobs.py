"""Forced-decoding log-probabilities through the pipeline and the CLI (``--logprobs``)."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path

import jsonschema
import pytest

import translate_check.pipeline as pipeline
from tests.cli import run_cli
from translate_check.detect import Assessment, DetectSettings, PairInput
from translate_check.model import Bead, Span
from translate_check.mt import load_translator
from translate_check.pipeline import VerifyOptions, read_document, token_logprobs, verify
from translate_check.report.json_report import schema

LEIDERMAN = Path(__file__).resolve().parents[1] / "fixtures" / "leiderman"


class SpaceDecoder:
    """Scores every space-separated word of a target -1, the last one past the limit."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], list[str]]] = []

    def token_spans(self, targets: Sequence[str]) -> list[list[Span]]:
        spans = []
        for text in targets:
            starts = [
                k for k, ch in enumerate(text) if ch != " " and (k == 0 or text[k - 1] == " ")
            ]
            row = [(s, text.find(" ", s) if " " in text[s:] else len(text)) for s in starts]
            spans.append([*row, (len(text), len(text))])
        return spans

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[list[float]]:
        self.calls.append((list(sources), list(targets)))
        return [[-1.0] * len(t.split()) + [math.nan] for t in targets]


def test_token_logprobs_scores_all_pairs_at_once_and_skips_empty_sides() -> None:
    decoder = SpaceDecoder()
    texts = [("שלום", "Hello there"), ("", "Added."), ("שלום", ""), ("ערב טוב", "Good evening")]
    got = token_logprobs(decoder, texts)
    assert decoder.calls == [(["שלום", "ערב טוב"], ["Hello there", "Good evening"])]
    assert got[0] == (((0, 5), -1.0), ((6, 11), -1.0)), "NaN (past the limit) is left out"
    assert got[1] == got[2] == ()
    assert [texts[3][1][a:b] for (a, b), _ in got[3]] == ["Good", "evening"]
    assert token_logprobs(decoder, [("", "")]) == [()]
    assert len(decoder.calls) == 1, "nothing to score, no call"


@pytest.mark.slow
def test_every_pair_gets_logprobs_in_one_model_call(
    tiny_marian: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from translate_check.mt.cache import CachedTranslator

    cached = load_translator(
        "hf", model=str(tiny_marian), device="cpu", beam_size=1, cache_dir=tmp_path / "cache"
    )
    assert isinstance(cached, CachedTranslator), "the cache must not hide the model"
    model = cached.inner
    calls: list[int] = []
    real_score = model.score

    def counted(sources: Sequence[str], targets: Sequence[str]) -> list[list[float]]:
        calls.append(len(sources))
        return real_score(sources, targets)

    monkeypatch.setattr(model, "score", counted)
    seen: list[PairInput] = []
    real_assess = pipeline.assess

    def spy(pair: PairInput, settings: DetectSettings) -> Assessment:
        seen.append(pair)
        return real_assess(pair, settings)

    monkeypatch.setattr(pipeline, "assess", spy)
    source = read_document(LEIDERMAN / "he.txt", "he")
    target = read_document(LEIDERMAN / "en.txt", "en")
    # The Leiderman alignment, fixed: a random-weight model cannot align anything. A
    # Hebrew sentence left without English shows that one-sided pairs are not scored.
    beads = [Bead((0,), (0, 1)), *(Bead((i,), (i + 1,)) for i in range(1, 9)), Bead((9,), ())]
    on = verify(source, target, [cached], VerifyOptions(logprobs=True), beads=beads)

    assert len(seen) == len(on.pairs) == 10
    assert calls == [9], "one batched call for the whole document, never one per pair"
    assert seen[-1].token_logprobs == ()
    for pair in seen[:-1]:
        assert pair.token_logprobs, f"pair without log-probabilities: {pair.tgt_text!r}"
        for (start, end), value in pair.token_logprobs:
            assert 0 <= start <= end <= len(pair.tgt_text)
            assert value <= 0 and not math.isnan(value)
        # The tokens cover the English in order (up to the model's limit), spaces aside.
        covered = "".join(pair.tgt_text[a:b] for (a, b), _ in pair.token_logprobs)
        assert covered and "".join(pair.tgt_text.split()).startswith(covered)

    seen.clear()
    off = verify(source, target, [cached], beads=beads)
    assert len(seen) == 10 and all(p.token_logprobs == () for p in seen)
    assert calls == [9], "without the option the model scores nothing"
    assert on.signature != off.signature
    assert f"logprobs:hf/{tiny_marian}" in on.signature.format()


@pytest.mark.slow
def test_ctranslate2_scores_too(tiny_ct2: Path) -> None:
    ct2 = load_translator("ct2", model=str(tiny_ct2), device="cpu", beam_size=1)
    source = read_document(LEIDERMAN / "he.txt", "he")
    target = read_document(LEIDERMAN / "en.txt", "en")
    beads = [Bead((i,), (i + 1,)) for i in range(1, 9)]
    report = verify(source, target, [ct2], VerifyOptions(logprobs=True), beads=beads)
    assert "logprobs:ct2/" in report.signature.format()
    assert any(f.type == "improbable" for p in report.pairs for f in p.flags)


@pytest.mark.slow
def test_cli_logprobs_with_a_model(tiny_marian: Path, tmp_path: Path) -> None:
    out_on, out_off, html = tmp_path / "on.json", tmp_path / "off.json", tmp_path / "on.html"
    args = [
        "verify", str(LEIDERMAN / "he.txt"), str(LEIDERMAN / "en.txt"),
        "--model", str(tiny_marian), "--engine", "hf", "--device", "cpu", "--beam-size", "1",
        "--cache-dir", str(tmp_path / "cache"), "--exit-zero", "--quiet",
    ]  # fmt: skip
    assert run_cli([*args, "--logprobs", "--json", str(out_on), "--html", str(html)]) == 0
    assert run_cli([*args, "--no-logprobs", "--json", str(out_off)]) == 0
    on = json.loads(out_on.read_text(encoding="utf-8"))
    off = json.loads(out_off.read_text(encoding="utf-8"))
    jsonschema.validate(on, schema())
    assert on["tool"]["signature"] != off["tool"]["signature"]
    # A random-weight model finds every word improbable, and translates nothing the English has.
    flags = [f for p in on["pairs"] for f in p["flags"] if f["type"] == "improbable"]
    assert flags and all(f["severity"] == "minor" for f in flags)
    assert "improbable" in on["summary"]["by_type"]
    assert "improbable" not in off["summary"]["by_type"]
    assert "improbable here" in html.read_text(encoding="utf-8")


def test_logprobs_with_mt_files_only_is_one_error_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["verify", str(LEIDERMAN / "he.txt"), str(LEIDERMAN / "en.txt")]
    code = run_cli([*args, "--mt-file", str(LEIDERMAN / "reference.tsv"), "--logprobs", "-q"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("translate-check: error: --logprobs needs an MT model")
    assert "--mt-file" in err
