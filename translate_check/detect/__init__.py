"""Divergence detection: one detector per divergence type, combined into a verdict."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from translate_check.detect.base import Assessment, Detector, PairInput
from translate_check.detect.mistranslation import MistranslationDetector
from translate_check.model import SEVERITY_RANK, Flag, Severity

DETECTORS: dict[str, type[Detector]] = {cls.name: cls for cls in (MistranslationDetector,)}


@dataclass(frozen=True)
class DetectSettings:
    """Which detectors run; thresholds live with each detector."""

    enabled: tuple[str, ...] = tuple(DETECTORS)

    def signature(self) -> str:
        return "det:" + "+".join(self.enabled)


def assess(pair: PairInput, settings: DetectSettings = DetectSettings()) -> Assessment:
    """Run the enabled detectors on one pair and derive its divergence and severity."""
    flags: list[Flag] = []
    for name in settings.enabled:
        flags.extend(DETECTORS[name]().detect(pair))
    severity: Severity = "none"
    for flag in flags:
        if SEVERITY_RANK[flag.severity] > SEVERITY_RANK[severity]:
            severity = flag.severity
    divergence = max(0.0, min(1.0, 1.0 - pair.scores.chrf / 100.0))
    return Assessment(tuple(flags), divergence, severity)


__all__: Sequence[str] = ["DETECTORS", "Assessment", "DetectSettings", "PairInput", "assess"]
