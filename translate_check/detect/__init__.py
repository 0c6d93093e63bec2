"""Divergence detection: one detector per divergence type, combined into a verdict.

:mod:`~translate_check.detect.registry` lists the checks and the settings that
run them; :mod:`~translate_check.detect.verdict` turns their flags into a pair's
verdict.
"""

from __future__ import annotations

from collections.abc import Sequence

from translate_check.detect.base import Assessment, PairInput
from translate_check.detect.registry import DETECTORS, MIN_CONFIDENCE, DetectSettings, detectors
from translate_check.detect.verdict import assess, raw_flags

__all__: Sequence[str] = [
    "DETECTORS",
    "MIN_CONFIDENCE",
    "Assessment",
    "DetectSettings",
    "PairInput",
    "assess",
    "detectors",
    "raw_flags",
]
