"""Every check that flags a pair, under its name, and the settings that run them."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from typing import Any

from translate_check.detect.addition import AdditionDetector
from translate_check.detect.base import Detector
from translate_check.detect.confidence import model
from translate_check.detect.entity import EntityDetector, EntityParameters
from translate_check.detect.gaps import GapRule
from translate_check.detect.improbable import ImprobableDetector, ImprobableParameters
from translate_check.detect.intensity import IntensityDetector, IntensityParameters
from translate_check.detect.mistranslation import MistranslationDetector, MistranslationParameters
from translate_check.detect.negation import NegationDetector, NegationParameters
from translate_check.detect.number import NumberDetector, NumberParameters
from translate_check.detect.omission import OmissionDetector
from translate_check.detect.typo import TypoDetector, TypoParameters
from translate_check.detect.unsupported import UnsupportedDetector, UnsupportedParameters
from translate_check.links import HebrewParameters
from translate_check.model import Component
from translate_check.words import LinkParameters

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
    links: LinkParameters = field(default_factory=LinkParameters)
    """How the English is aligned word by word with each bridge: evidence every check reads."""
    hebrew: HebrewParameters = field(default_factory=HebrewParameters)
    """How the Hebrew is tied to the English and heard beside the bridges."""
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
        checks["links"] = asdict(self.links)
        checks["hebrew"] = asdict(self.hebrew)
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
