"""Every check that flags, pair-level and document-level, and the settings that run them.

A check is one module plus one line of :data:`CHECKS`: its class, the flag types it
reports with a one-line description and default severity (what SARIF and the docs
show), and, when no calibration was fitted for it, why its confidence is a declared
parameter instead.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from typing import Any

from translate_check.corpus.glossary import TerminologyCheck, TerminologyParameters
from translate_check.corpus.segments import SegmentCheck, SegmentParameters
from translate_check.detect.addition import AdditionDetector
from translate_check.detect.base import Detector
from translate_check.detect.calibration import CalibrationParameters, FlagSeverity
from translate_check.detect.confidence import model
from translate_check.detect.document import DocumentCheck
from translate_check.detect.entity import EntityDetector, EntityParameters
from translate_check.detect.gaps import GapRule, OmissionRule
from translate_check.detect.improbable import ImprobableDetector, ImprobableParameters
from translate_check.detect.intensity import IntensityDetector, IntensityParameters
from translate_check.detect.mistranslation import MistranslationDetector, MistranslationParameters
from translate_check.detect.negation import NegationDetector, NegationParameters
from translate_check.detect.number import NumberDetector, NumberParameters
from translate_check.detect.omission import OmissionDetector
from translate_check.detect.typo import TypoDetector, TypoParameters
from translate_check.detect.unbridged import UnbridgedParameters
from translate_check.detect.unsupported import UnsupportedDetector, UnsupportedParameters
from translate_check.links import HebrewParameters
from translate_check.model import Component
from translate_check.words import LinkParameters


@dataclass(frozen=True)
class Rule:
    """One flag type as a report presents it: SARIF's rule, the docs' entry."""

    type: str
    description: str
    """One line: what such a flag says is wrong."""
    severity: FlagSeverity = "major"
    """Its severity where no calibration decides one (a declared check's, SARIF's default)."""


@dataclass(frozen=True)
class Check:
    """One check: its class (a pair's :class:`Detector` or a :class:`DocumentCheck`), the
    flag types it reports, and why its confidence is declared where it is not fitted."""

    kind: type[Detector[Any]] | type[DocumentCheck[Any]]
    rules: tuple[Rule, ...]
    declared: str = ""
    """Empty when the confidence model calibrates the check's flags; else why its
    parameters' ``confidence`` is taken as the final one."""

    @property
    def name(self) -> str:
        return self.kind.name

    @property
    def document(self) -> bool:
        """Whether it judges a whole document (run after the results cache) or one pair."""
        return issubclass(self.kind, DocumentCheck)


NO_DATA = "no annotated data holds such errors, so no calibration could be fitted"

ADDITION = Rule("addition", "The English adds content no MT bridge has.")
MISTRANSLATION = Rule("mistranslation", "The English and the MT say different things.")
"""Two flag types more than one check raises, described once."""

CHECKS: tuple[Check, ...] = (
    Check(AdditionDetector, (ADDITION,)),
    Check(OmissionDetector, (Rule("omission", "The English leaves out content the MT has."),)),
    Check(
        IntensityDetector,
        (Rule("intensity", "The English makes a statement stronger, weaker or less hedged."),),
    ),
    Check(NegationDetector, (Rule("negation", "The English and the MT differ in polarity."),)),
    Check(NumberDetector, (Rule("number", "A number, unit or date differs from the MT's."),)),
    Check(EntityDetector, (Rule("entity", "The English names someone or something else."),)),
    Check(
        TypoDetector,
        (Rule("typo", "An English word looks like a misspelling of the MT's.", "minor"),),
        declared="typos are not injected by the benchmark, and real ones are few",
    ),
    Check(MistranslationDetector, (MISTRANSLATION,)),
    Check(
        ImprobableDetector,
        (Rule("improbable", "The MT model finds English words improbable here.", "minor"),),
        declared="the benchmark runs on precomputed MT, so nothing scores the English",
    ),
    Check(
        UnsupportedDetector,
        (ADDITION, MISTRANSLATION),
    ),
    Check(
        SegmentCheck,
        (
            Rule("segment-merge", "A segment's English also holds a neighbouring segment's text."),
            Rule("segment-split", "A segment's English is divided between it and the next."),
        ),
        declared=NO_DATA,
    ),
    Check(
        TerminologyCheck,
        (
            Rule(
                "terminology",
                "A glossary term is not rendered as one of its allowed translations.",
                "minor",
            ),
        ),
        declared=NO_DATA,
    ),
)
"""Every check, pair-level detectors first, in the order they run."""

REGISTRY: dict[str, Check] = {check.name: check for check in CHECKS}

DETECTORS: dict[str, type[Detector[Any]]] = {
    c.name: c.kind for c in CHECKS if not c.document and issubclass(c.kind, Detector)
}
"""The pair-level detectors, which a run may enable or not (``--detectors``)."""

DOCUMENT_CHECKS: dict[str, type[DocumentCheck[Any]]] = {
    c.name: c.kind for c in CHECKS if issubclass(c.kind, DocumentCheck)
}
"""The document-level checks, run on every document after the results cache."""


def table() -> str:
    """Every check's rules as the Markdown table of docs/detection.md (a test keeps the
    two alike, so the docs read the registry as SARIF does)."""
    lines = [
        "| flag type | check | judges | default severity | confidence | what it says |",
        "|---|---|---|---|---|---|",
    ]
    for check in CHECKS:
        judges = "a document" if check.document else "a pair"
        confidence = f"declared: {check.declared}" if check.declared else "fitted, calibrated"
        lines += [
            f"| `{rule.type}` | `{check.name}` | {judges} | {rule.severity} | {confidence} "
            f"| {rule.description} |"
            for rule in check.rules
        ]
    return "\n".join(lines) + "\n"


def rules() -> dict[str, Rule]:
    """Each flag type's rule, from the first check that reports it."""
    found: dict[str, Rule] = {}
    for check in CHECKS:
        for rule in check.rules:
            found.setdefault(rule.type, rule)
    return found


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
    calibration: CalibrationParameters = field(default_factory=CalibrationParameters)
    """How confidences become verdicts: for every check alike."""
    addition: GapRule = field(default_factory=GapRule)
    omission: OmissionRule = field(default_factory=OmissionRule)
    intensity: IntensityParameters = field(default_factory=IntensityParameters)
    negation: NegationParameters = field(default_factory=NegationParameters)
    number: NumberParameters = field(default_factory=NumberParameters)
    entity: EntityParameters = field(default_factory=EntityParameters)
    typo: TypoParameters = field(default_factory=TypoParameters)
    mistranslation: MistranslationParameters = field(default_factory=MistranslationParameters)
    improbable: ImprobableParameters = field(default_factory=ImprobableParameters)
    unsupported: UnsupportedParameters = field(default_factory=UnsupportedParameters)
    terminology: TerminologyParameters = field(default_factory=TerminologyParameters)
    segments: SegmentParameters = field(default_factory=SegmentParameters)
    unbridged: UnbridgedParameters = field(default_factory=UnbridgedParameters)
    """The alignment-and-similarity checks of pairs with no word-level evidence."""

    def parameters(self, name: str) -> Any:
        """The parameters of the check called ``name``."""
        return getattr(self, name)

    def component(self) -> Component:
        """This part of a report's signature: the detectors, the threshold with the
        confidence model it applies to, and a hash of the checks' parameters."""
        checks = {check.name: asdict(self.parameters(check.name)) for check in CHECKS}
        checks["links"] = asdict(self.links)
        checks["hebrew"] = asdict(self.hebrew)
        checks["calibration"] = asdict(self.calibration)
        checks["unbridged"] = asdict(self.unbridged)
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
    return {name: cls.made(settings) for name, cls in DETECTORS.items()}


@cache
def document_checks(settings: DetectSettings) -> dict[str, DocumentCheck[Any]]:
    """Every document-level check, made with its parameters (once per settings)."""
    return {name: cls(settings.parameters(name)) for name, cls in DOCUMENT_CHECKS.items()}
