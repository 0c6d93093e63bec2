"""English words the MT model finds improbable as a translation of the Hebrew, and no bridge has.

Forced decoding feeds the English to the model token by token and reads off how
likely each token is given the Hebrew and the English before it (see
``translate_check.mt.base.ForcedDecoder``). A word's probability is the product
of its tokens' probabilities. Free but faithful wording is often improbable
too, so a word alone is not evidence: a run of adjacent improbable words is
flagged only when it holds a content word that no bridge supports. The message
gives the probability of the run's least likely word.

The signal exists only when a model scored the pair (``--logprobs``); pairs
without log-probabilities, such as every pair of a ``--mt-file`` run, give
nothing. Its confidence is a declared parameter kept below ``major_at``: the benchmark
runs on precomputed translations, so it cannot measure this detector's precision.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from translate_check.detect.base import BridgeDetector, Finding, TokenLogprobs, View
from translate_check.detect.calibration import severity_of
from translate_check.model import quote
from translate_check.words import Token, merge_spans


@dataclass(frozen=True)
class ImprobableParameters:
    logprob_max: float = math.log(0.005)
    """A word is improbable when the model gives it a probability under 0.5% (log-prob
    < −5.3)."""
    confidence: float = 0.5
    """Declared, final (no calibration fitted): the benchmark runs on precomputed MT, so
    nothing scores the English and this precision cannot be measured; kept minor."""


def word_logprobs(words: Sequence[Token], tokens: TokenLogprobs) -> list[float | None]:
    """Each word's log-probability: the sum over the model tokens that overlap it.

    A model token that straddles two words counts for both; a word no token
    overlaps (it was past the model's limit) gets None.
    """
    result: list[float | None] = []
    for word in words:
        parts = [lp for (start, end), lp in tokens if start < word.end and word.start < end]
        result.append(sum(parts) if parts else None)
    return result


class ImprobableDetector(BridgeDetector[ImprobableParameters]):
    """Unsupported English content the MT model would not have produced from the Hebrew.

    Confidence is ``ImprobableParameters.confidence``, declared below ``major_at`` (so its
    flags are minor): the benchmark uses precomputed MT and cannot calibrate it.
    """

    name = "improbable"

    def find(self, view: View) -> list[Finding]:
        if not view.token_logprobs:
            return []
        words = view.words
        logprobs = word_logprobs(words.tgt, view.token_logprobs)
        low = {
            t.index: lp
            for t, lp in zip(words.tgt, logprobs, strict=True)
            if lp is not None and lp < self.parameters.logprob_max
        }
        confidence = self.parameters.confidence
        findings = []
        for start, end in merge_spans([words.tgt[i].span for i in low], view.tgt_text):
            run = [t for t in words.tgt if t.index in low and start <= t.start < end]
            if not any(t.content and words.tgt_to_mt[t.index] is None for t in run):
                continue
            p = math.exp(min(low[t.index] for t in run))
            findings.append(
                Finding(
                    severity=severity_of(confidence),
                    message=(
                        f"the MT model finds {quote(view.tgt_text[start:end])} improbable here "
                        f"(p≈{p:.1g})"
                    ),
                    tgt_spans=((start, end),),
                    confidence=confidence,
                )
            )
        return findings
