"""Content in the English that no bridge supports: added words, clauses and sentences."""

from __future__ import annotations

from translate_check.detect.base import BridgeDetector, Finding, PairInput, View
from translate_check.detect.calibration import severity_of
from translate_check.detect.gaps import GapRule, divergent, find_gaps, phrase
from translate_check.model import Flag, quote
from translate_check.words import acronyms, merge_spans


class AdditionDetector(BridgeDetector[GapRule]):
    name = "addition"

    def detect(self, pair: PairInput) -> list[Flag]:
        if pair.tgt_text.strip() and not pair.bridges:
            return [
                Flag(
                    type=self.name,
                    severity="major",
                    message="English sentence with no Hebrew counterpart",
                    tgt_spans=((0, len(pair.tgt_text)),),
                )
            ]
        return super().detect(pair)

    def find(self, view: View) -> list[Finding]:
        words = view.words
        expanded, rule = acronyms(view.mt_text), self.parameters
        findings = []
        gaps = find_gaps(
            view.tgt_text, words.tgt, words.tgt_to_mt, view.mt_text, words.mt, words.mt_to_tgt
        )
        for gap in divergent(view.tgt_text, words.tgt, view.mt_text, gaps, expanded, rule):
            confidence = rule.raw_confidence(gap.net)
            text = phrase(view.tgt_text, gap.tokens)
            findings.append(
                Finding(
                    severity=severity_of(confidence),
                    message=f"the English adds {quote(text)}, which the MT does not have",
                    tgt_spans=((gap.tokens[0].start, gap.tokens[-1].end),),
                    mt_spans=merge_spans([t.span for t in gap.counterpart], view.mt_text),
                    confidence=confidence,
                )
            )
        return findings
