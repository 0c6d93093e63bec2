"""Merged and split segments in a parallel file.

Segments of a parallel file are trusted to be paired, so a CAT-tool slip (the
English of two Hebrew segments typed into one, the next left empty or short)
would otherwise just look like two odd pairs. A segment is flagged when its
English is much longer or shorter than its MT and taking a neighbour's text in
makes the two match clearly better: for a merge, the next segment's MT is covered
by this English much better than by its own; for a split, joining the next
English in covers this MT much better.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from translate_check.detect.document import DocumentCheck, DocumentContext
from translate_check.model import Flag, Pair
from translate_check.score import ChrF

if TYPE_CHECKING:
    from translate_check.corpus.config import Thresholds


@dataclass(frozen=True)
class SegmentParameters:
    confidence: float = 0.9
    """Declared, final (no annotated segment slips to fit it on): both the lengths and the
    neighbour's better match must agree, which faithful segments rarely do."""


def _ratio(english: str, mt: str) -> float:
    return len(english) / max(len(mt), 1)


def segment_flags(
    pairs: Sequence[Pair], limits: Thresholds, parameters: SegmentParameters = SegmentParameters()
) -> dict[int, list[Flag]]:
    """Flags by pair id for consecutive pairs whose texts belong together."""
    chrf = ChrF()
    flags: dict[int, list[Flag]] = {}

    def flag(pair: Pair, kind: str, message: str) -> None:
        span = ((0, len(pair.tgt_text)),) if pair.tgt_text else ()
        flags.setdefault(pair.id, []).append(
            Flag(kind, "major", message, tgt_spans=span, confidence=parameters.confidence)
        )

    for a, b in pairwise(pairs):
        if not (a.tgt_text and a.mt_text and b.mt_text):
            continue
        # chrF weighs recall: it says how much of the MT (the reference) the English covers.
        if (
            _ratio(a.tgt_text, a.mt_text) >= limits.length_ratio
            and _ratio(b.tgt_text, b.mt_text) <= 1 / limits.length_ratio
            and chrf.sentence(a.tgt_text, b.mt_text)
            >= chrf.sentence(b.tgt_text, b.mt_text) + limits.similarity_gain
        ):
            flag(a, "segment-merge", "the English also translates the next segment's Hebrew")
            flag(b, "segment-merge", "the English of this segment is in the previous one")
            continue
        if not b.tgt_text:
            continue
        joined = chrf.sentence(f"{a.tgt_text} {b.tgt_text}", a.mt_text)
        if (
            _ratio(a.tgt_text, a.mt_text) <= 1 / limits.length_ratio
            and joined >= chrf.sentence(a.tgt_text, a.mt_text) + limits.similarity_gain
            and chrf.sentence(b.tgt_text, a.mt_text) > chrf.sentence(b.tgt_text, b.mt_text)
        ):
            flag(a, "segment-split", "the English continues in the next segment")
            flag(b, "segment-split", "the English starts with the rest of the previous segment")
    return flags


class SegmentCheck(DocumentCheck[SegmentParameters]):
    """Merged and split segments; only among a file's segments, which are paired as given."""

    name = "segments"

    def flags(self, pairs: Sequence[Pair], context: DocumentContext) -> dict[int, list[Flag]]:
        return segment_flags(pairs, context.limits, self.parameters) if context.parallel else {}
