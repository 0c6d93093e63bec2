"""Divergence detection: one detector per divergence type, combined into a verdict."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from translate_check.detect.addition import AdditionDetector
from translate_check.detect.base import Assessment, Detector, PairInput
from translate_check.detect.calibration import divergence, pair_severity
from translate_check.detect.entity import EntityDetector
from translate_check.detect.improbable import ImprobableDetector
from translate_check.detect.intensity import IntensityDetector
from translate_check.detect.mistranslation import MistranslationDetector
from translate_check.detect.negation import NegationDetector
from translate_check.detect.number import NumberDetector
from translate_check.detect.omission import OmissionDetector
from translate_check.detect.typo import TypoDetector

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
    )
}

_INSTANCES: dict[str, Detector] = {name: cls() for name, cls in DETECTORS.items()}


@dataclass(frozen=True)
class DetectSettings:
    """Which detectors run; thresholds live with each detector."""

    enabled: tuple[str, ...] = tuple(DETECTORS)

    def signature(self) -> str:
        return "det:" + "+".join(self.enabled)


def assess(pair: PairInput, settings: DetectSettings = DetectSettings()) -> Assessment:
    """Run the enabled detectors on one pair and derive its divergence and severity."""
    flags = [flag for name in settings.enabled for flag in _INSTANCES[name].detect(pair)]
    return Assessment(tuple(flags), divergence(flags, pair.scores), pair_severity(flags))


__all__: Sequence[str] = ["DETECTORS", "Assessment", "DetectSettings", "PairInput", "assess"]
