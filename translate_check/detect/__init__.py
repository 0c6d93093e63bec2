"""Divergence detection: one detector per divergence type, combined into a verdict."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from translate_check.detect.addition import AdditionDetector
from translate_check.detect.base import Assessment, Detector, PairInput
from translate_check.detect.calibration import divergence, pair_severity
from translate_check.detect.confidence import Model, model
from translate_check.detect.entity import EntityDetector
from translate_check.detect.improbable import ImprobableDetector
from translate_check.detect.intensity import IntensityDetector
from translate_check.detect.mistranslation import MistranslationDetector
from translate_check.detect.negation import NegationDetector
from translate_check.detect.number import NumberDetector
from translate_check.detect.omission import OmissionDetector
from translate_check.detect.typo import TypoDetector
from translate_check.detect.unsupported import FLOOR, UnsupportedDetector, join, settle
from translate_check.model import Flag

DETECTORS: dict[str, type[Detector]] = {
    cls.name: cls
    for cls in (
        AdditionDetector,
        OmissionDetector,
        IntensityDetector,
        NegationDetector,
        NumberDetector,
        EntityDetector,
        TypoDetector,
        MistranslationDetector,
        ImprobableDetector,
        UnsupportedDetector,
    )
}

_INSTANCES: dict[str, Detector] = {name: cls() for name, cls in DETECTORS.items()}


MIN_CONFIDENCE = 0.5
"""The default operating point (CI's): a flag is reported when it is more likely right
than wrong. Lower it (``--min-confidence``) to see more, less certain flags."""


@dataclass(frozen=True)
class DetectSettings:
    """Which detectors run and the confidence below which flags are held back;
    thresholds of evidence live with each detector."""

    enabled: tuple[str, ...] = tuple(DETECTORS)
    min_confidence: float = MIN_CONFIDENCE

    def signature(self) -> str:
        return f"det:{'+'.join(self.enabled)}|conf:{self.min_confidence:g}@{model().signature}"


def _overlap(a: Flag, b: Flag) -> bool:
    return any(s < e2 and s2 < e for s, e in a.tgt_spans for s2, e2 in b.tgt_spans)


def raw_flags(
    pair: PairInput, settings: DetectSettings = DetectSettings(), confidence: Model | None = None
) -> list[tuple[str, Flag]]:
    """Each enabled detector's flags, with its name, before calibration.

    ``confidence`` replaces the shipped model's word weights (to fit or test one).
    """
    calibration = confidence or model()
    detectors = {**_INSTANCES, UnsupportedDetector.name: UnsupportedDetector(calibration)}
    return [(name, flag) for name in settings.enabled for flag in detectors[name].detect(pair)]


def assess(
    pair: PairInput, settings: DetectSettings = DetectSettings(), confidence: Model | None = None
) -> Assessment:
    """Run the enabled detectors on one pair, calibrate their flags and derive the verdict.

    Every flag's raw confidence goes through the confidence model, which also
    says whether such an error is major. An unsupported word that a specific
    detector also found becomes part of that detector's flag (its confidence the
    higher of the two), so one divergence is one flag of the most specific type;
    the other unsupported words are joined into runs once the threshold has been
    applied. Flags under ``min_confidence`` (down to ``FLOOR``) are held back:
    they decide nothing, and only the HTML report offers them.
    """
    calibration = confidence or model()
    typed: list[Flag] = []
    words: list[Flag] = []
    for name, flag in raw_flags(pair, settings, calibration):
        probability, major = calibration.calibrate(name, flag.type, flag.confidence)
        flag = replace(
            flag, confidence=round(probability, 4), severity="major" if major else "minor"
        )
        if name == UnsupportedDetector.name:
            words.append(settle(flag))
        else:
            typed.append(flag)
    general = []
    for word in words:
        same = next((k for k, flag in enumerate(typed) if _overlap(flag, word)), None)
        if same is None:
            general.append(word)
        elif word.confidence > typed[same].confidence:
            typed[same] = replace(typed[same], confidence=word.confidence)
    threshold = settings.min_confidence
    flags = [f for f in typed if f.confidence >= threshold]
    flags += join(pair, [f for f in general if f.confidence >= threshold])
    held = [f for f in typed if FLOOR <= f.confidence < threshold]
    held += join(pair, [f for f in general if FLOOR <= f.confidence < threshold])
    return Assessment(
        tuple(flags), divergence(flags, pair.scores), pair_severity(flags), tuple(held)
    )


__all__: Sequence[str] = [
    "DETECTORS",
    "MIN_CONFIDENCE",
    "Assessment",
    "DetectSettings",
    "PairInput",
    "assess",
    "raw_flags",
]
