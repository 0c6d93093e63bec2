"""English wording that no rendering of the Hebrew supports.

The most general signal of a divergence: English words that no bridge (nor,
for a name, the Hebrew) supports well. The confidence model gives each word the
probability that a reviewer marks it; the detector flags every word at or
at or above the run's calibration floor on its own, and once the run's threshold has been applied,
:meth:`UnsupportedDetector.join` makes the kept words into runs, joined across the function words
between them but never across a clause break, so a reviewer sees phrases and
each threshold gives the runs of the words that pass it. A word is a
``mistranslation`` when the first bridge has unmatched words in its place
(they become its ``mt_spans``), else an ``addition``. Specific detectors still
name the kind: the verdict (:mod:`translate_check.detect.verdict`) merges a
word they also found into their flag.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from translate_check.detect.base import Detector, PairInput
from translate_check.detect.calibration import CALIBRATION
from translate_check.detect.confidence import LOOSE, Model, model
from translate_check.detect.evidence import Evidence
from translate_check.facts import SENTENCE_ENDS
from translate_check.model import Flag, Span, quote
from translate_check.words import merge_spans

if TYPE_CHECKING:
    from translate_check.detect.registry import DetectSettings

_RUN_BREAK = re.compile(f"[,;:{SENTENCE_ENDS}]")
"""What a run of words never joins across. Unlike the other checks' clause breaks it lets
dashes and parentheses through: the shipped confidence model was fitted on runs made so."""


@dataclass(frozen=True)
class UnsupportedParameters:
    wording_max: float = 0.45
    """Highest confidence of an unsupported-wording flag: just under the default operating
    point (``MIN_CONFIDENCE``, 0.5). Wording no bridge has is evidence, never proof: faithful
    translators reword, and MT spells names its own way where the Hebrew often cannot
    decide. Such flags are for a reviewer who lowers the threshold; at the default, CI fails
    on what a typed detector names (an added clause, a changed number, a wrong name)."""
    join_gap: int = 1
    """Most unflagged tokens between two flagged words of one run (``of``, ``the``)."""
    said_words: int = 6
    """Most words of the bridge's counterpart quoted in a message (its spans hold them
    all)."""


def _runs(text: str, tokens: Sequence[int], evidence: Evidence, join_gap: int) -> list[list[int]]:
    """Token indices grouped into runs: close together, no clause break between."""
    found: list[list[int]] = []
    for i in sorted(tokens):
        last = found[-1][-1] if found else None
        if (
            last is not None
            and i - last <= join_gap + 1
            and not _RUN_BREAK.search(text[evidence.tgt[last].end : evidence.tgt[i].start])
        ):
            found[-1].append(i)
        else:
            found.append([i])
    return found


def _loose(evidence: Evidence, i: int) -> bool:
    """Whether no bridge links token ``i`` by more than spelling, and the Hebrew does not
    spell it either: only such words can be flagged."""
    return all(kind in (None, *LOOSE) for kind in evidence.kinds(i))


def _said(evidence: Evidence, run: Sequence[int]) -> tuple[Span, ...]:
    """What the first bridge has, unmatched, in the place of the run."""
    words = evidence.alignments[0]
    return merge_spans(
        [words.mt[j].span for j in evidence.opposite(0, run[0], run[-1])],
        evidence.bridges[0].text,
    )


def _message(pair: PairInput, span: Span, said: tuple[Span, ...], most: int) -> str:
    words = quote(pair.tgt_text[span[0] : span[1]])
    if not said:
        return f"the English has {words}, which no MT bridge has"
    bridge = pair.evidence.bridges[0]
    other = " … ".join(bridge.text[a:b] for a, b in said).split()
    shown = " ".join(other[:most]) + (" …" if len(other) > most else "")
    return f"the English has {words} where the MT ({bridge.name}) has {quote(shown)}"


class UnsupportedDetector(Detector[UnsupportedParameters]):
    name = "unsupported"
    word_level = True

    def __init__(
        self,
        parameters: UnsupportedParameters,
        confidence: Model | None = None,
        floor: float = CALIBRATION.floor,
    ):
        super().__init__(parameters)
        self.confidence = confidence
        self.floor = floor
        """The run's calibration floor: no word under it could be kept at any threshold."""

    @classmethod
    def made(cls, settings: DetectSettings) -> UnsupportedDetector:
        return cls(settings.unsupported, floor=settings.calibration.floor)

    def with_model(self, confidence: Model) -> UnsupportedDetector:
        return UnsupportedDetector(self.parameters, confidence, self.floor)

    def detect(self, pair: PairInput) -> list[Flag]:
        """One flag per probable word, its confidence the word's probability."""
        evidence = pair.evidence
        if not evidence.alignments or not pair.tgt_text.strip():
            return []
        probabilities = (self.confidence or model()).word_probabilities(evidence)
        probable = [
            t.index
            for t, p in zip(evidence.tgt, probabilities, strict=True)
            if p >= self.floor and (t.function or _loose(evidence, t.index))
        ]
        flags = []
        limits = self.parameters
        for run in _runs(pair.tgt_text, probable, evidence, limits.join_gap):
            said = _said(evidence, run)
            for i in run:
                span = evidence.tgt[i].span
                flags.append(
                    Flag(
                        type="mistranslation" if said else "addition",
                        severity="major",
                        message=_message(pair, span, said, limits.said_words),
                        tgt_spans=(span,),
                        mt_spans=said,
                        bridges=tuple(b.name for b in evidence.bridges),
                        confidence=probabilities[i],
                    )
                )
        return flags

    def settle(self, flag: Flag) -> Flag:
        """A calibrated word flag, held under ``wording_max``."""
        if not self.parameters.wording_max < flag.confidence:  # as min() decides
            return flag
        return replace(flag, confidence=self.parameters.wording_max)

    def join(self, pair: PairInput, flags: Sequence[Flag]) -> list[Flag]:
        """Word flags made into one flag per run.

        A run's confidence is its most probable word's, its severity the worst, its
        type a mistranslation when any of its words is one.
        """
        evidence, limits = pair.evidence, self.parameters
        by_token = {evidence.token_at(f.tgt_spans[0][0]): f for f in flags}
        joined = []
        for run in _runs(pair.tgt_text, list(by_token), evidence, limits.join_gap):
            members = [by_token[i] for i in run]
            span = (evidence.tgt[run[0]].start, evidence.tgt[run[-1]].end)
            said = _said(evidence, run)
            joined.append(
                replace(
                    members[0],
                    type="mistranslation" if said else "addition",
                    severity="major" if any(f.severity == "major" for f in members) else "minor",
                    message=_message(pair, span, said, limits.said_words),
                    tgt_spans=(span,),
                    mt_spans=said,
                    confidence=max(f.confidence for f in members),
                )
            )
        return joined
