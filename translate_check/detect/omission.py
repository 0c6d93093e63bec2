"""Bridge content with no counterpart in the English: dropped words, clauses and sentences.

A flag points into the English: at the English words standing in the dropped
content's place, or, where there are none, at an empty span where it belongs
(the report shows a caret there)."""

from __future__ import annotations

from translate_check.detect.base import BridgeDetector, Finding, PairInput, View
from translate_check.detect.calibration import severity_of
from translate_check.detect.gaps import OmissionRule, divergent, find_gaps, phrase
from translate_check.model import Flag, Span, quote
from translate_check.words import Alignment, acronyms, merge_spans


def _caret(words: Alignment, first: int, last: int) -> Span:
    """The empty English span where the bridge words ``first..last`` would go: after the
    English word linked to the nearest linked bridge word before them, else before the
    one linked to the nearest after them (and the function words leading up to it), else
    (no position is clear) the end."""
    at = _place(words, first, last)
    return at, at


def _place(words: Alignment, first: int, last: int) -> int:
    for j in range(first - 1, -1, -1):
        i = words.mt_to_tgt[j]
        if i is not None and words.mt[j].content:
            return words.tgt[i].end
    for j in range(last + 1, len(words.mt)):
        i = words.mt_to_tgt[j]
        if i is not None and words.mt[j].content:
            while i > 0 and words.tgt[i - 1].function:
                i -= 1
            return words.tgt[i].start
    return words.tgt[-1].end if words.tgt else 0


class OmissionDetector(BridgeDetector[OmissionRule]):
    """Uncovered bridge content (``GapRule.net_min``: at 3, 4% of untouched NTREX pairs
    would be flagged, since MT spells out what a translator compresses)."""

    name = "omission"
    anchored_in_english = False

    def detect(self, pair: PairInput) -> list[Flag]:
        if pair.bridges and not pair.tgt_text.strip():
            return [
                Flag(
                    type=self.name,
                    severity="major",
                    message="Hebrew sentence left untranslated",
                    mt_spans=((0, len(pair.mt_text)),),
                    bridges=tuple(b.name for b in pair.bridges),
                )
            ]
        return super().detect(pair)

    def find(self, view: View) -> list[Finding]:
        words = view.words
        expanded, rule = acronyms(view.tgt_text), self.parameters
        findings = []
        gaps = find_gaps(
            view.mt_text, words.mt, words.mt_to_tgt, view.tgt_text, words.tgt, words.tgt_to_mt
        )
        for gap in divergent(view.mt_text, words.mt, view.tgt_text, gaps, expanded, rule):
            confidence = rule.raw_confidence(gap.net)
            findings.append(
                Finding(
                    severity=severity_of(confidence),
                    message=(
                        f"the English leaves out {quote(phrase(view.mt_text, gap.tokens))}, "
                        "which the MT has"
                    ),
                    tgt_spans=merge_spans([t.span for t in gap.counterpart], view.tgt_text)
                    or (_caret(words, gap.tokens[0].index, gap.tokens[-1].index),),
                    mt_spans=((gap.tokens[0].start, gap.tokens[-1].end),),
                    confidence=confidence,
                )
            )
        return findings
