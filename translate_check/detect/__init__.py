"""Divergence detection: one detector per divergence type, combined into a verdict."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from typing import Any

from translate_check.detect.addition import AdditionDetector
from translate_check.detect.base import Assessment, Detector, PairInput
from translate_check.detect.calibration import divergence, pair_severity
from translate_check.detect.confidence import Model, model
from translate_check.detect.entity import EntityDetector, EntityParameters
from translate_check.detect.gaps import GapRule
from translate_check.detect.improbable import ImprobableDetector, ImprobableParameters
from translate_check.detect.intensity import IntensityDetector, IntensityParameters
from translate_check.detect.mistranslation import MistranslationDetector, MistranslationParameters
from translate_check.detect.negation import NegationDetector, NegationParameters
from translate_check.detect.number import NumberDetector, NumberParameters
from translate_check.detect.omission import OmissionDetector
from translate_check.detect.typo import TypoDetector, TypoParameters
from translate_check.detect.unsupported import (
    FLOOR,
    UnsupportedDetector,
    UnsupportedParameters,
    join,
    settle,
)
from translate_check.model import Component, Flag

DETECTORS: dict[str, type[Detector[Any]]] = {
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

MIN_CONFIDENCE = 0.5
"""The default operating point (CI's): a flag is reported when it is more likely right
than wrong. Lower it (``--min-confidence``) to see more, less certain flags."""


@dataclass(frozen=True)
class DetectSettings:
    """Which detectors run, the confidence below which flags are held back, and each
    check's parameters (under the check's name), so every number a check decides by is
    a setting that reaches the signature and the cache keys."""

    enabled: tuple[str, ...] = tuple(DETECTORS)
    min_confidence: float = MIN_CONFIDENCE
    addition: GapRule = field(default_factory=GapRule)
    omission: GapRule = field(default_factory=GapRule)
    intensity: IntensityParameters = field(default_factory=IntensityParameters)
    negation: NegationParameters = field(default_factory=NegationParameters)
    number: NumberParameters = field(default_factory=NumberParameters)
    entity: EntityParameters = field(default_factory=EntityParameters)
    typo: TypoParameters = field(default_factory=TypoParameters)
    mistranslation: MistranslationParameters = field(default_factory=MistranslationParameters)
    improbable: ImprobableParameters = field(default_factory=ImprobableParameters)
    unsupported: UnsupportedParameters = field(default_factory=UnsupportedParameters)

    def parameters(self, name: str) -> Any:
        """The parameters of the check called ``name``."""
        return getattr(self, name)

    def component(self) -> Component:
        """This part of a report's signature: the detectors, the threshold with the
        confidence model it applies to, and a hash of the checks' parameters."""
        checks = {name: asdict(self.parameters(name)) for name in DETECTORS}
        digest = hashlib.sha256(json.dumps(checks, sort_keys=True).encode()).hexdigest()
        text = (
            f"det:{'+'.join(self.enabled)}|conf:{self.min_confidence:g}@{model().signature}"
            f"|param:{digest[:12]}"
        )
        component = Component.of("detect", text, self)
        return replace(component, values=(*component.values, ("model", model().signature)))


@cache
def detectors(settings: DetectSettings) -> dict[str, Detector[Any]]:
    """Every detector, made with its parameters (once per settings)."""
    return {name: cls(settings.parameters(name)) for name, cls in DETECTORS.items()}


def _overlap(a: Flag, b: Flag) -> bool:
    return any(s < e2 and s2 < e for s, e in a.tgt_spans for s2, e2 in b.tgt_spans)


def raw_flags(
    pair: PairInput, settings: DetectSettings = DetectSettings(), confidence: Model | None = None
) -> list[tuple[str, Flag]]:
    """Each enabled detector's flags, with its name, before calibration.

    ``confidence`` replaces the shipped model's word weights (to fit or test one).
    """
    made = detectors(settings)
    if confidence is not None:
        made = {**made, "unsupported": UnsupportedDetector(settings.unsupported, confidence)}
    return [(name, flag) for name in settings.enabled for flag in made[name].detect(pair)]


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
            words.append(settle(flag, settings.unsupported))
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
    flags += join(pair, [f for f in general if f.confidence >= threshold], settings.unsupported)
    held = [f for f in typed if FLOOR <= f.confidence < threshold]
    held += join(
        pair, [f for f in general if FLOOR <= f.confidence < threshold], settings.unsupported
    )
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
    "detectors",
    "raw_flags",
]
