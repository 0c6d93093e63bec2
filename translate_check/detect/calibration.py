"""From detector evidence to confidence, severity and a pair's divergence.

Each flag's ``confidence`` estimates the probability that the flagged
difference is a real divergence; the tables below are the precision each
detector measured at that evidence level on the FLORES benchmark with injected
divergences (``python -m bench.divergence``), rounded down to a tenth and
checked on NTREX. Severity and divergence follow from confidence alone, so a
reviewer can read them the same way whatever detector raised the flag. See
docs/detection.md.
"""

from __future__ import annotations

from collections.abc import Sequence

from translate_check.model import Flag, Scores, Severity

MAJOR_AT = 0.8
"""A flag at least this likely to be a real divergence is ``major``; any other flag is minor."""

RESIDUAL_MAX = 0.4
"""Ceiling of an unflagged pair's divergence, so every flagged pair ranks above every clean one."""

_GAP_PRECISION = {2: 0.7, 3: 0.7, 4: 0.8}
_GAP_PRECISION_LARGE = 0.9


def severity_of(confidence: float) -> Severity:
    return "major" if confidence >= MAJOR_AT else "minor"


def gap_confidence(net: int, has_counterpart: bool) -> float:
    """Precision of addition/omission flags by net uncovered content words."""
    base = _GAP_PRECISION.get(net, _GAP_PRECISION_LARGE if net > 4 else 0.5)
    return base if has_counterpart or net >= 4 else min(1.0, base + 0.1)


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
