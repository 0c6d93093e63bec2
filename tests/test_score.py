"""Metrics: sacrebleu numbers, empty sides, signatures."""

from __future__ import annotations

from sacrebleu.metrics import BLEU, CHRF, TER

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
    components = Scorer().components()
    assert [dict(c.values)["name"] for c in components] == list(METRICS)
    for component, name in zip(components, METRICS, strict=True):
        assert component.text.startswith(f"{name}[") and "version:" in component.text
        assert dict(component.values)["version"]


def test_document_scores_are_sacrebleus_corpus_scores() -> None:
    english = ["The two countries signed a deal.", "It rained all day.", "Nobody came.", "Hi."]
    mt = ["Both countries signed an agreement.", "It was raining all day long.", "", "Hello."]
    scorer = Scorer()
    for e, m in zip(english, mt, strict=True):
        scorer.sentence(e, m)  # the document score reuses these pairs' statistics
    doc = scorer.corpus(english, mt)
    fresh = Scorer().corpus(english, mt)
    assert doc == fresh
    for name, metric in (("chrf", CHRF()), ("bleu", BLEU(effective_order=True)), ("ter", TER())):
        expected = round(metric.corpus_score(english, [mt]).score, 4)
        assert getattr(doc, name) == expected, name


def test_chrf_match_counts_are_sacrebleus() -> None:
    """The chrF statistics count matches over the shared n-grams only: the same integers as
    sacrebleu's loop over every hypothesis n-gram, repeated n-grams and empty sides included."""
    texts = [
        "",
        " ",
        "a",
        "aaaa aaa",
        "The two countries signed a deal.",
        "Both countries signed an agreement, and the agreement was signed twice.",
        "אלף ומאתיים איש — 1,200 people",
        "ababababab abab",
    ]
    ours, theirs = METRICS["chrf"]()._metric, CHRF()
    for hypothesis in texts:
        for reference in texts:
            want = theirs._extract_corpus_statistics([hypothesis], [[reference]])[0]
            assert ours._extract_corpus_statistics([hypothesis], [[reference]])[0] == want
