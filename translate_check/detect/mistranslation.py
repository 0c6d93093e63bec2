"""Low similarity that no specific detector explains: the sentence says something else.

chrF alone cannot separate a free but faithful rendering from a wrong one, so
this detector also asks how much content each side shares at the word level
(links by word, stem or spelling). Only when both are low, below what the
freest faithful translations in FLORES and NTREX reach, is the pair flagged.
"""

from __future__ import annotations

from dataclasses import dataclass

from sacrebleu.metrics import CHRF

from translate_check.detect.base import BridgeDetector, Finding, View
from translate_check.detect.calibration import severity_of
from translate_check.words import Alignment, merge_spans


@dataclass(frozen=True)
class MistranslationParameters:
    chrf_max: float = 30.0
    """chrF below which a pair is a candidate (about 3% of faithful FLORES pairs score lower)."""
    coverage_max: float = 0.35
    """Share of content words linked (both sides, harmonic mean) below which it is flagged."""
    min_content: int = 4
    """English content words below which shares say nothing (``It is very bad.``)."""
    raw_confidence: float = 0.7
    """Fitted: the share of these flags on pairs with an injected divergence in
    ``bench.divergence`` (recalibrated by the confidence model)."""


_CHRF = CHRF()


def coverage(words: Alignment) -> float:
    """Harmonic mean of the shares of English and bridge content words that are linked."""
    tgt = [t for t in words.tgt if t.content]
    mt = [t for t in words.mt if t.content]
    if not tgt or not mt:
        return 0.0
    a = sum(words.tgt_to_mt[t.index] is not None for t in tgt) / len(tgt)
    b = sum(words.mt_to_tgt[t.index] is not None for t in mt) / len(mt)
    return 0.0 if a + b == 0 else 2 * a * b / (a + b)


class MistranslationDetector(BridgeDetector[MistranslationParameters]):
    name = "mistranslation"

    def find(self, view: View) -> list[Finding]:
        words, limits = view.words, self.parameters
        if sum(t.content for t in words.tgt) < limits.min_content:
            return []
        share = coverage(words)
        if share >= limits.coverage_max:
            return []
        chrf = _CHRF.sentence_score(view.tgt_text, [view.mt_text]).score
        if chrf >= limits.chrf_max:
            return []
        loose_tgt = [t.span for t in words.tgt if t.content and words.tgt_to_mt[t.index] is None]
        loose_mt = [t.span for t in words.mt if t.content and words.mt_to_tgt[t.index] is None]
        return [
            Finding(
                severity=severity_of(limits.raw_confidence),
                message=(
                    f"the English and the MT say different things (chrF {chrf:.1f}, "
                    f"{share:.0%} of content words shared)"
                ),
                tgt_spans=merge_spans(loose_tgt, view.tgt_text),
                mt_spans=merge_spans(loose_mt, view.mt_text),
                confidence=limits.raw_confidence,
            )
        ]
