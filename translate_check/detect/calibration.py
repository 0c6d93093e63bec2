"""Detector evidence levels, and a pair's divergence and severity from its flags.

``PRECISION`` holds, per detector and evidence level, the detector's *raw*
confidence: the share of its flags that fell on pairs with an injected
divergence in ``python -m bench.divergence`` when it was written. The
confidence model (:mod:`translate_check.detect.confidence`) maps these raw
levels onto the probability that a reviewer marks the flag, fitted on real
annotated errors too; that calibrated value is the flag's ``confidence``. See
docs/detection.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from translate_check.model import Flag, Scores, Severity

FlagSeverity = Literal["minor", "major"]

MAJOR_AT = 0.8
"""A flag right at least four times in five is ``major``; any other flag is minor."""
FLOOR = 0.1
"""Lowest confidence a flag is kept at: under the run's threshold (down to here) it is held
back, and the HTML report carries it so a reviewer can lower the threshold there."""

PRECISION: dict[str, float] = {
    "addition:large": 0.95,
    "addition:small": 0.85,
    "omission:large": 0.9,
    "omission:small": 0.7,
    "intensity:amount": 0.85,
    "intensity:certainty": 0.6,
    "intensity:hedge": 0.95,
    "negation": 0.85,
    "number:value": 0.85,
    "number:date": 0.65,
    "entity:swap": 0.75,
    "entity:added": 0.75,
    "mistranslation": 0.7,
    "typo": 0.5,
    "improbable": 0.5,
}
"""Raw confidence by detector and evidence (recalibrated by the confidence model).
Typos and unit changes are not injected, so theirs is a guess: typos from the few
real ones in FLORES and NTREX, kept below ``MAJOR_AT``; units share the confidence
of number values, and frequency shifts (never injected) that of amounts.
``improbable`` is a guess too (the benchmark uses precomputed MT, so nothing scores
the English), kept minor."""
LARGE_GAP = 5
"""Net uncovered content words from which an addition or omission is ``large``."""

RESIDUAL_MAX = 0.4
"""Ceiling of an unflagged pair's divergence, so every flagged pair ranks above every clean one."""


def severity_of(confidence: float) -> FlagSeverity:
    return "major" if confidence >= MAJOR_AT else "minor"


def gap_confidence(kind: str, net: int) -> float:
    """Precision of addition/omission flags by net uncovered content words."""
    return PRECISION[f"{kind}:{'large' if net >= LARGE_GAP else 'small'}"]


def residual(scores: Scores) -> float:
    """Divergence of a pair no detector flagged: low chrF still ranks it higher for review."""
    return RESIDUAL_MAX * max(0.0, min(1.0, 1.0 - scores.chrf / 100.0))


def divergence(flags: Sequence[Flag], scores: Scores) -> float:
    """Probability that the pair diverges somewhere, treating flags as independent evidence."""
    unlikely = 1.0 - residual(scores)
    for flag in flags:
        unlikely *= 1.0 - flag.confidence
    return max(0.0, min(1.0, 1.0 - unlikely))


def pair_severity(flags: Sequence[Flag]) -> Severity:
    """The worst severity among the pair's flags."""
    if any(f.severity == "major" for f in flags):
        return "major"
    return "minor" if flags else "none"
