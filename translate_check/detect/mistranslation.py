"""Low overall similarity between the English and every bridge."""

from __future__ import annotations

from translate_check.detect.base import Detector, PairInput
from translate_check.model import Flag


class MistranslationDetector(Detector):
    name = "mistranslation"
    threshold: float = 25.0

    def detect(self, pair: PairInput) -> list[Flag]:
        if not pair.tgt_text or not pair.mt_text or pair.scores.chrf >= self.threshold:
            return []
        return [
            Flag(
                type=self.name,
                severity="major",
                message=f"translation differs from the MT throughout (chrF {pair.scores.chrf:.1f})",
                tgt_spans=((0, len(pair.tgt_text)),),
                mt_spans=((0, len(pair.mt_text)),),
            )
        ]
