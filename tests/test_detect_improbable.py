"""The improbable detector on real pairs with hand-given forced-decoding log-probabilities."""

from __future__ import annotations

import re

from translate_check.detect import DetectSettings, PairInput, detectors
from translate_check.detect.base import TokenLogprobs
from translate_check.detect.calibration import MAJOR_AT
from translate_check.detect.improbable import ImprobableParameters, word_logprobs
from translate_check.model import Bridge, Flag
from translate_check.score import Scorer
from translate_check.words import tokenize

SCORER = Scorer()

DEPORT_HE = "אחת ההערכות הן שהמודיעין הרוסי ביקש לגייס את ליידרמן לשורותיו ולהפוך אותו לסוכן כפול."
DEPORT_MT = (
    "One of the assessments is that Russian intelligence sought to recruit Leiderman into its "
    "ranks and to turn him into a double agent."
)
DEPORT_EN = (
    "One assumption is that Russian intelligence tried to recruit Leiderman into their ranks "
    "as a double agent, and when he refused he was deported."
)
ADDED = "when he refused he was deported"


def logprobs(tgt: str, low: str = "", value: float = -8.0, high: float = -0.05) -> TokenLogprobs:
    """Tokens cut as a sentencepiece model cuts them (words, punctuation apart, long words in
    two), ``value`` on those inside ``low`` and ``high`` elsewhere, then the end of sentence."""
    lo = tgt.index(low) if low else -1
    hi = lo + len(low)
    tokens: list[tuple[tuple[int, int], float]] = []
    for match in re.finditer(r"\w+|[^\w\s]", tgt):
        start, end = match.span()
        cuts = [(start, end)] if end - start < 8 else [(start, start + 4), (start + 4, end)]
        for span in cuts:
            inside = lo <= span[0] and span[1] <= hi
            tokens.append((span, value / len(cuts) if inside else high))
    return (*tokens, ((len(tgt), len(tgt)), -0.1))


def run(tgt: str, tokens: TokenLogprobs, *bridges: str, src: str = DEPORT_HE) -> list[Flag]:
    named = tuple(Bridge(f"mt{k}", text) for k, text in enumerate(bridges))
    given = PairInput.of(src, tgt, named, SCORER.sentence(tgt, bridges[0]), tokens)
    return detectors(DetectSettings())["improbable"].detect(given)


def spans(tgt: str, flags: list[Flag]) -> list[str]:
    return [tgt[a:b] for f in flags for a, b in f.tgt_spans]


def test_flags_an_added_clause_the_model_finds_improbable() -> None:
    flags = run(DEPORT_EN, logprobs(DEPORT_EN, ADDED), DEPORT_MT)
    assert spans(DEPORT_EN, flags) == [ADDED]
    (flag,) = flags
    assert flag.message == f"the MT model finds “{ADDED}” improbable here (p≈0.0003)"
    assert flag.severity == "minor" and flag.confidence < MAJOR_AT
    assert flag.bridges == ("mt0",)


def test_the_span_is_only_the_improbable_words() -> None:
    tokens = logprobs(DEPORT_EN, "refused")
    assert spans(DEPORT_EN, run(DEPORT_EN, tokens, DEPORT_MT)) == ["refused"]


def test_probable_words_are_left_alone() -> None:
    assert run(DEPORT_EN, logprobs(DEPORT_EN), DEPORT_MT) == []
    assert run(DEPORT_EN, logprobs(DEPORT_EN, ADDED, value=-4.0), DEPORT_MT) == []


def test_improbable_words_a_bridge_supports_are_left_alone() -> None:
    for supported in ("Russian intelligence", "recruit Leiderman into their ranks"):
        assert run(DEPORT_EN, logprobs(DEPORT_EN, supported), DEPORT_MT) == []
    # A function word the model did not expect is no content of its own.
    assert run(DEPORT_EN, logprobs(DEPORT_EN, "their"), DEPORT_MT) == []


def test_every_bridge_must_lack_the_words() -> None:
    other = DEPORT_MT.rstrip(".") + "; when he refused, he was deported."
    tokens = logprobs(DEPORT_EN, ADDED)
    assert run(DEPORT_EN, tokens, DEPORT_MT)
    assert run(DEPORT_EN, tokens, DEPORT_MT, other) == []


def test_no_logprobs_no_flags() -> None:
    assert run(DEPORT_EN, (), DEPORT_MT) == []
    assert detectors(DetectSettings())["addition"].detect(
        PairInput.of(
            DEPORT_HE, DEPORT_EN, (Bridge("mt", DEPORT_MT),), SCORER.sentence(DEPORT_EN, DEPORT_MT)
        )
    ), "the same pair has a real addition: only the missing log-probs keep this one quiet"


def test_a_word_is_as_improbable_as_its_tokens_together() -> None:
    # "deported" comes in two tokens; each alone is likely enough, together they are not.
    half = ImprobableParameters().logprob_max * 0.6
    word = "deported"
    start = DEPORT_EN.index(word)
    tokens = logprobs(DEPORT_EN, word, value=2 * half)
    assert [lp for (a, b), lp in tokens if start <= a < start + len(word)] == [half, half]
    assert spans(DEPORT_EN, run(DEPORT_EN, tokens, DEPORT_MT)) == [word]
    assert (
        run(
            DEPORT_EN,
            logprobs(DEPORT_EN, word, value=ImprobableParameters().logprob_max * 0.9),
            DEPORT_MT,
        )
        == []
    )


def test_runs_break_at_punctuation() -> None:
    tgt = "Russia will launch the satellite, reportedly, and keep it secret."
    mt = "Russia will launch the satellite."
    he = "רוסיה תשגר את הלווין."
    flags = run(tgt, logprobs(tgt, "reportedly, and keep it secret"), mt, src=he)
    assert spans(tgt, flags) == ["reportedly", "and keep it secret"]


def test_word_logprobs_sum_overlapping_tokens() -> None:
    text = "don't stop"
    words = tokenize(text)
    assert [w.text for w in words] == ["do", "n't", "stop"]
    got = word_logprobs(words, (((0, 3), -1.0), ((3, 5), -2.0)))
    assert got == [-1.0, -3.0, None], "a token straddling two words counts for both"
