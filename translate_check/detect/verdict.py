"""The verdict on one pair: every enabled check's flags calibrated, merged, thresholded.

Nothing here names a check: what a check's flags need beyond calibration (a
word-level check's flags merge into a more specific flag they overlap, are
capped, and are joined into runs once thresholded) it says through the hooks
of :class:`~translate_check.detect.base.Detector`.
"""

from __future__ import annotations

from dataclasses import replace

from translate_check.detect.base import Assessment, PairInput
from translate_check.detect.calibration import FLOOR, divergence, pair_severity
from translate_check.detect.confidence import Model, model
from translate_check.detect.registry import DetectSettings, detectors
from translate_check.model import Flag

DEFAULTS = DetectSettings()


def _overlap(a: Flag, b: Flag) -> bool:
    return any(s < e2 and s2 < e for s, e in a.tgt_spans for s2, e2 in b.tgt_spans)


def raw_flags(
    pair: PairInput, settings: DetectSettings = DEFAULTS, confidence: Model | None = None
) -> list[tuple[str, Flag]]:
    """Each enabled detector's flags, with its name, before calibration.

    ``confidence`` replaces the shipped model's word weights (to fit or test one).
    """
    made = detectors(settings)
    if confidence is not None:
        made = {name: made[name].with_model(confidence) for name in settings.enabled}
    return [(name, flag) for name in settings.enabled for flag in made[name].detect(pair)]


def assess(
    pair: PairInput, settings: DetectSettings = DEFAULTS, confidence: Model | None = None
) -> Assessment:
    """Run the enabled detectors on one pair, calibrate their flags and derive the verdict.

    Every flag's raw confidence goes through the confidence model, which also
    says whether such an error is major. A word-level flag that a specific
    detector's flag overlaps becomes part of that flag (its confidence the
    higher of the two), so one divergence is one flag of the most specific type;
    the other word-level flags are joined by their check once the threshold has
    been applied. Flags under ``min_confidence`` (down to ``FLOOR``) are held
    back: they decide nothing, and only the HTML report offers them.
    """
    calibration = confidence or model()
    made = detectors(settings)
    typed: list[Flag] = []
    words: dict[str, list[Flag]] = {}
    for name, flag in raw_flags(pair, settings, calibration):
        probability, major = calibration.calibrate(name, flag.type, flag.confidence)
        flag = replace(
            flag, confidence=round(probability, 4), severity="major" if major else "minor"
        )
        if made[name].word_level:
            words.setdefault(name, []).append(made[name].settle(flag))
        else:
            typed.append(flag)
    general: dict[str, list[Flag]] = {}
    for name, found in words.items():
        for word in found:
            same = next((k for k, flag in enumerate(typed) if _overlap(flag, word)), None)
            if same is None:
                general.setdefault(name, []).append(word)
            elif word.confidence > typed[same].confidence:
                typed[same] = replace(typed[same], confidence=word.confidence)
    threshold = settings.min_confidence
    flags = [f for f in typed if f.confidence >= threshold]
    held = [f for f in typed if FLOOR <= f.confidence < threshold]
    for name, found in general.items():
        flags += made[name].join(pair, [f for f in found if f.confidence >= threshold])
        held += made[name].join(pair, [f for f in found if FLOOR <= f.confidence < threshold])
    return Assessment(
        tuple(flags), divergence(flags, pair.scores), pair_severity(flags), tuple(held)
    )
