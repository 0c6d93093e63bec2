"""The compiled TER against sacrebleu's own, pair by pair and over a document."""

from __future__ import annotations

import random

import pytest
from sacrebleu.metrics import TER

from translate_check.score import Scorer
from translate_check.ter import FastTER, translation_edit_rate

WORDS = [
    "the",
    "a",
    "of",
    "to",
    "in",
    "and",
    "that",
    "is",
    "was",
    "he",
    "she",
    "it",
    "for",
    "on",
    "with",
    "as",
    "his",
    "her",
    "they",
    "at",
    "by",
    "minister",
    "said",
    "government",
    "court",
    "police",
    "city",
    "year",
    "report",
    "two",
    "new",
    "old",
    "first",
]


def edited(rng: random.Random, words: list[str]) -> list[str]:
    """A translation-like variant: blocks moved, words substituted, dropped, added."""
    out = list(words)
    for _ in range(rng.randint(0, 1 + len(out) // 6)):
        if len(out) > 3 and rng.random() < 0.4:
            start = rng.randrange(len(out) - 1)
            block = out[start : start + rng.randint(1, 5)]
            del out[start : start + len(block)]
            at = rng.randint(0, len(out))
            out[at:at] = block
        elif out and rng.random() < 0.5:
            out[rng.randrange(len(out))] = rng.choice(WORDS)
        elif out and rng.random() < 0.5:
            del out[rng.randrange(len(out))]
        else:
            out.insert(rng.randint(0, len(out)), rng.choice(WORDS))
    return out


def pairs() -> list[tuple[str, str]]:
    """Several thousand pairs: short and mid-length sentences, long paragraphs,
    one side or both empty, and very unequal lengths (a wider beam)."""
    rng = random.Random(12)
    result = []
    for n in [rng.randint(1, 24) for _ in range(3000)] + [rng.randint(150, 200) for _ in range(3)]:
        ref = [rng.choice(WORDS) for _ in range(n)]
        hyp = edited(rng, ref)
        result.append((" ".join(hyp), " ".join(ref)))
    long_ref = " ".join(rng.choice(WORDS) for _ in range(400))
    result += [("", "a b c"), ("a b c", ""), ("", ""), ("word", long_ref), (long_ref, "word")]
    return result


PAIRS = pairs()
SAMPLE = PAIRS[:300] + PAIRS[-5:]


@pytest.fixture(scope="module")
def sacrebleu_stats() -> list[list[float]]:
    """sacrebleu's (edits, reference length) of every pair, computed once: it is slow."""
    hyps, refs = [h for h, _ in PAIRS], [r for _, r in PAIRS]
    return TER()._extract_corpus_statistics(hyps, [refs])


def test_edit_counts_equal_sacrebleus(sacrebleu_stats: list[list[float]]) -> None:
    fast = FastTER()
    hyps, refs = [h for h, _ in PAIRS], [r for _, r in PAIRS]
    got = fast._extract_corpus_statistics(hyps, [refs])
    for pair, mine, theirs in zip(PAIRS, got, sacrebleu_stats, strict=True):
        assert mine == theirs, pair


def test_scores_equal_sacrebleus_to_four_decimals() -> None:
    scorer = Scorer()
    reference = TER()
    for hyp, ref in SAMPLE:
        if hyp.strip() and ref.strip():
            expected = reference.sentence_score(hyp, [ref]).score
            assert round(scorer.sentence(hyp, ref).ter, 4) == round(expected, 4)
    hyps, refs = [h for h, _ in SAMPLE], [r for _, r in SAMPLE]
    expected = reference.corpus_score(hyps, [refs]).score
    assert scorer.corpus(hyps, refs).ter == round(expected, 4)


def test_shifts_are_counted_once_each() -> None:
    # One block of three words moved to the front: one shift, no other edit.
    assert translation_edit_rate(["d", "e", "f", "a", "b", "c"], list("abcdef")) == (1, 6)
    assert translation_edit_rate([], ["a", "b"]) == (2, 2)
    assert translation_edit_rate(["a", "b"], []) == (2, 0)
