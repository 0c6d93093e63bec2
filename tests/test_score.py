"""Metrics: sacrebleu numbers, empty sides, signatures."""

from __future__ import annotations

from sacrebleu.metrics import CHRF

from translate_check.score import METRICS, Scorer


def test_sentence_scores_match_sacrebleu() -> None:
    scorer = Scorer()
    english, mt = "The two countries signed a deal.", "Both countries signed an agreement."
    scores = scorer.sentence(english, mt)
    assert abs(scores.chrf - CHRF().sentence_score(english, [mt]).score) < 1e-3
    assert 0 < scores.bleu < 100 and scores.ter > 0


def test_identical_and_empty() -> None:
    scorer = Scorer()
    same = scorer.sentence("Hello there.", "Hello there.")
    assert same.chrf == 100 and same.bleu == 100 and same.ter == 0
    empty = scorer.sentence("", "Hello there.")
    assert (empty.chrf, empty.bleu, empty.ter) == (0.0, 0.0, 100.0)


def test_signature_names_every_metric() -> None:
    signature = Scorer().signature()
    for name in METRICS:
        assert f"{name}[" in signature
    assert "version:" in signature
