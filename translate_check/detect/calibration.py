"""How a flag's confidence becomes a verdict, and a pair's divergence and severity.

A check's flags carry a *raw* confidence, which is one of two things, never a
category label: either a fitted number (the share of the check's flags that fell
on pairs with an injected divergence in ``python -m bench.divergence``, held in
the check's parameters) that the confidence model
(:mod:`translate_check.detect.confidence`) maps onto the probability that a
reviewer marks the flag; or, for a check with no fitted calibration, a declared
parameter that is the final confidence (the registry says which, and why). See
docs/detection.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from translate_check.model import Flag, Scores, Severity

if TYPE_CHECKING:
    from translate_check.detect.registry import DetectSettings

FlagSeverity = Literal["minor", "major"]


@dataclass(frozen=True)
class CalibrationParameters:
    """The numbers the verdict step decides by, for every check alike."""

    major_at: float = 0.8
    """An uncalibrated flag right at least four times in five is ``major``."""
    floor: float = 0.1
    """Lowest confidence a flag is kept at: under the run's threshold (down to here) it is
    held back, and the HTML report carries it so a reviewer can lower the threshold there."""
    residual_max: float = 0.4
    """Ceiling of an unflagged pair's divergence, so every flagged pair ranks above every
    clean one."""


CALIBRATION = CalibrationParameters()
"""The default verdict parameters (``DetectSettings.calibration`` holds a run's)."""
MAJOR_AT = CALIBRATION.major_at
"""The default ``major_at``, for the confidence model's fallback on a kind it never saw."""


def severity_of(confidence: float, major_at: float = MAJOR_AT) -> FlagSeverity:
    """A raw confidence's severity before calibration (the verdict decides the final one)."""
    return "major" if confidence >= major_at else "minor"


def residual(scores: Scores, residual_max: float = CALIBRATION.residual_max) -> float:
    """Divergence of a pair no detector flagged: low chrF still ranks it higher for review."""
    return residual_max * max(0.0, min(1.0, 1.0 - scores.chrf / 100.0))


def divergence(
    flags: Sequence[Flag], scores: Scores, residual_max: float = CALIBRATION.residual_max
) -> float:
    """Probability that the pair diverges somewhere, treating flags as independent evidence."""
    unlikely = 1.0 - residual(scores, residual_max)
    for flag in flags:
        unlikely *= 1.0 - flag.confidence
    return max(0.0, min(1.0, 1.0 - unlikely))


def pair_severity(flags: Sequence[Flag]) -> Severity:
    """The worst severity among the pair's flags."""
    if any(f.severity == "major" for f in flags):
        return "major"
    return "minor" if flags else "none"


def threshold(flags: Sequence[Flag], settings: DetectSettings) -> tuple[list[Flag], list[Flag]]:
    """The flags kept at the run's ``min_confidence``, and those held back (down to the
    calibration's floor)."""
    least, floor = settings.min_confidence, settings.calibration.floor
    return [f for f in flags if f.confidence >= least], [
        f for f in flags if floor <= f.confidence < least
    ]
