"""The verdict on one pair: every enabled check's flags calibrated, merged, thresholded.

Nothing here names a check: what a check's flags need beyond calibration (a
word-level check's flags merge into a more specific flag they overlap, are
capped, and are joined into runs once thresholded) it says through the hooks
of :class:`~translate_check.detect.base.Detector`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from translate_check.detect.base import Assessment, PairInput
from translate_check.detect.calibration import divergence, pair_severity, threshold
from translate_check.detect.confidence import Model, model
from translate_check.detect.document import DocumentContext
from translate_check.detect.registry import (
    REGISTRY,
    DetectSettings,
    detectors,
    document_checks,
)
from translate_check.model import Flag, Pair

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


def calibrate(name: str, flag: Flag, settings: DetectSettings, calibration: Model) -> Flag:
    """A raw flag with its final confidence and severity.

    A check with a declared confidence keeps it, at its rule's severity; any other goes
    through the confidence model, which also says whether such an error is major (a
    kind the model never saw keeps its raw confidence, major from ``major_at``).
    """
    check = REGISTRY[name]
    if check.declared:
        rule = next((r for r in check.rules if r.type == flag.type), check.rules[0])
        return replace(flag, confidence=round(flag.confidence, 4), severity=rule.severity)
    probability, major = calibration.calibrate(
        name, flag.type, flag.confidence, settings.calibration.major_at
    )
    return replace(flag, confidence=round(probability, 4), severity="major" if major else "minor")


def assess_document(
    pairs: Sequence[Pair], context: DocumentContext, settings: DetectSettings = DEFAULTS
) -> tuple[Mapping[int, list[Flag]], Mapping[int, list[Flag]]]:
    """Every document-level check's flags, by pair id, as (kept, held back): through the
    same calibration and threshold as a pair's flags."""
    kept: dict[int, list[Flag]] = {}
    held: dict[int, list[Flag]] = {}
    calibration = model()
    for name, check in document_checks(settings).items():
        for pair, found in check.flags(pairs, context).items():
            shown, under = threshold(
                [calibrate(name, f, settings, calibration) for f in found], settings
            )
            kept.setdefault(pair, []).extend(shown)
            held.setdefault(pair, []).extend(under)
    return kept, held


def assess(
    pair: PairInput, settings: DetectSettings = DEFAULTS, confidence: Model | None = None
) -> Assessment:
    """Run the enabled detectors on one pair, calibrate their flags and derive the verdict.

    Every flag's raw confidence goes through the confidence model, which also
    says whether such an error is major. A word-level flag that a specific
    detector's flag overlaps becomes part of that flag (its confidence the
    higher of the two), so one divergence is one flag of the most specific type;
    the other word-level flags are joined by their check once the threshold has
    been applied. Flags under ``min_confidence`` (down to the calibration's floor) are held
    back: they decide nothing, and only the HTML report offers them.
    """
    calibration = confidence or model()
    made = detectors(settings)
    typed: list[Flag] = []
    words: dict[str, list[Flag]] = {}
    for name, raw in raw_flags(pair, settings, calibration):
        flag = calibrate(name, raw, settings, calibration)
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
    flags, held = threshold(typed, settings)
    for name, found in general.items():
        shown, under = threshold(found, settings)
        flags += made[name].join(pair, shown)
        held += made[name].join(pair, under)
    residual_max = settings.calibration.residual_max
    return Assessment(
        tuple(flags),
        divergence(flags, pair.scores, residual_max),
        pair_severity(flags),
        tuple(held),
    )
