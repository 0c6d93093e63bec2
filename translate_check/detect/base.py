"""What a detector sees and returns, and how findings on several bridges combine."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from translate_check.detect.calibration import FlagSeverity
from translate_check.detect.evidence import Evidence, gather
from translate_check.model import Bridge, Flag, Scores, Severity, Span, with_text
from translate_check.words import LINKS, Alignment, LinkParameters

if TYPE_CHECKING:
    from translate_check.detect.confidence import Model
    from translate_check.detect.registry import DetectSettings
    from translate_check.hebrew import HebrewToken, Reading
    from translate_check.links import HebrewParameters

TokenLogprobs = tuple[tuple[Span, float], ...]
"""English tokens as (character span into the English, log-probability) in text order."""


@dataclass(frozen=True)
class PairInput:
    """One aligned pair as detectors see it: Hebrew, English and every bridge's English.

    ``bridges[0]`` is the primary bridge whose text is the report's ``mt_text``.
    ``token_logprobs`` holds, when an MT model scored the pair, the forced-decoding
    log-probability of each English token given the Hebrew (the end of sentence
    as an empty span at the end); it is empty otherwise. ``evidence`` is the word
    alignment with every bridge, made once (:meth:`of`) and read by every detector.
    """

    src_text: str
    tgt_text: str
    bridges: tuple[Bridge, ...]
    scores: Scores
    evidence: Evidence
    token_logprobs: TokenLogprobs = ()

    @classmethod
    def of(
        cls,
        src_text: str,
        tgt_text: str,
        bridges: tuple[Bridge, ...],
        scores: Scores,
        token_logprobs: TokenLogprobs = (),
        links: LinkParameters = LINKS,
        hebrew: HebrewParameters | None = None,
        readings: dict[str, tuple[Reading, ...]] | None = None,
    ) -> PairInput:
        """A pair with its evidence gathered (``links``: the word alignment's parameters;
        ``hebrew``: how the Hebrew is heard; ``readings``: hspell's analyses of its words)."""
        chosen = with_text(bridges)
        evidence = gather(src_text, tgt_text, chosen, links, hebrew, readings)
        return cls(src_text, tgt_text, chosen, scores, evidence, token_logprobs)

    @property
    def mt_text(self) -> str:
        return self.bridges[0].text if self.bridges else ""


@dataclass(frozen=True)
class Assessment:
    """The detectors' verdict on one pair; ``held_back`` are flags under the run's
    ``--min-confidence``, kept only for the HTML report's threshold control."""

    flags: tuple[Flag, ...]
    divergence: float
    severity: Severity
    held_back: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class View:
    """A pair seen through one bridge: the texts, their word alignment and, when the pair
    was scored, the English tokens' log-probabilities; the Hebrew's words as the word links
    read them (with hspell's readings where it ran). The last two are the same for every
    bridge."""

    src_text: str
    tgt_text: str
    bridge: Bridge
    words: Alignment
    token_logprobs: TokenLogprobs = ()
    hebrew: tuple[HebrewToken, ...] = ()

    @property
    def mt_text(self) -> str:
        return self.bridge.text


@dataclass(frozen=True)
class Finding:
    """A divergence against one bridge, before the other bridges have had their say.

    ``evidence`` is the detector's own strength measure (in units its docs
    define); ``confidence`` maps it onto [0, 1] for ranking.
    """

    severity: FlagSeverity
    message: str
    tgt_spans: tuple[Span, ...]
    mt_spans: tuple[Span, ...] = ()
    confidence: float = 1.0
    src_spans: tuple[Span, ...] = ()
    """The Hebrew the detector compared the English with, where it read the Hebrew itself
    (kept over the word links' guess)."""


P = TypeVar("P")
"""A check's parameters: a frozen dataclass of its thresholds, held by ``DetectSettings``."""


class Detector(ABC, Generic[P]):
    """One divergence type; ``DETECTORS`` lists each under its ``name``.

    A detector is made with its parameters (``DetectSettings`` holds every
    check's), so what it decides is data that reaches the report's signature and
    every cache key, never a module global outside them.
    """

    name: ClassVar[str]
    word_level: ClassVar[bool] = False
    """Whether the flags are single words that merge into an overlapping flag of a more
    specific check and, once thresholded, join into runs (:meth:`settle`, :meth:`join`)."""

    def __init__(self, parameters: P) -> None:
        self.parameters = parameters

    @classmethod
    def made(cls, settings: DetectSettings) -> Detector[Any]:
        """This check as a run makes it: from its own parameters (a check that also reads a
        setting every check shares overrides this)."""
        return cls(settings.parameters(cls.name))

    def with_model(self, confidence: Model) -> Detector[P]:
        """This detector with other word weights of the confidence model (to fit or test
        one); the default has none to replace."""
        return self

    def settle(self, flag: Flag) -> Flag:
        """A calibrated flag as this check reports it (the default: unchanged)."""
        return flag

    def join(self, pair: PairInput, flags: Sequence[Flag]) -> list[Flag]:
        """The flags kept at one threshold as this check reports them together."""
        return list(flags)

    @abstractmethod
    def detect(self, pair: PairInput) -> list[Flag]:
        """Return this detector's flags for the pair (empty when it finds nothing)."""


def _overlaps(a: tuple[Span, ...], b: tuple[Span, ...]) -> bool:
    return any(s < e2 and s2 < e for s, e in a for s2, e2 in b)


class BridgeDetector(Detector[P]):
    """A detector that judges the English against each bridge separately.

    A finding stands only when every bridge agrees with it, because a span is
    suspicious only if no English rendering of the Hebrew supports it. Findings
    on different bridges agree when their English spans overlap, or, for
    findings about bridge-only content, when both exist.
    """

    anchored_in_english: ClassVar[bool] = True
    """Whether findings are about English words (else about bridge words)."""

    def detect(self, pair: PairInput) -> list[Flag]:
        if not pair.tgt_text.strip() or not pair.bridges:
            return []
        evidence = pair.evidence
        hebrew = evidence.links.hebrew if evidence.links else ()
        views = [
            View(pair.src_text, pair.tgt_text, b, words, pair.token_logprobs, hebrew)
            for b, words in zip(evidence.bridges, evidence.alignments, strict=True)
        ]
        per_bridge = [self.find(v) for v in views]
        flags = []
        for finding in per_bridge[0]:
            if all(self._agree(finding, others) for others in per_bridge[1:]):
                flags.append(
                    Flag(
                        type=self.name,
                        severity=finding.severity,
                        message=finding.message,
                        tgt_spans=finding.tgt_spans,
                        mt_spans=finding.mt_spans,
                        src_spans=finding.src_spans,
                        bridges=tuple(v.bridge.name for v in views),
                        confidence=round(finding.confidence, 4),
                    )
                )
        return flags

    def _agree(self, finding: Finding, others: list[Finding]) -> bool:
        if not self.anchored_in_english or not finding.tgt_spans:
            return bool(others)
        return any(_overlaps(finding.tgt_spans, o.tgt_spans) for o in others)

    @abstractmethod
    def find(self, view: View) -> list[Finding]:
        """Findings of this type against one bridge."""
