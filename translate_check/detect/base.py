"""What a detector sees and returns."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

from translate_check.model import Bridge, Flag, Scores, Severity


@dataclass(frozen=True)
class PairInput:
    """One aligned pair as detectors see it: Hebrew, English and every bridge's English.

    ``bridges[0]`` is the primary bridge whose text is the report's ``mt_text``.
    """

    src_text: str
    tgt_text: str
    bridges: tuple[Bridge, ...]
    scores: Scores

    @property
    def mt_text(self) -> str:
        return self.bridges[0].text if self.bridges else ""


@dataclass(frozen=True)
class Assessment:
    """The detectors' verdict on one pair."""

    flags: tuple[Flag, ...]
    divergence: float
    severity: Severity


class Detector(ABC):
    """One divergence type. Subclasses register themselves in ``DETECTORS`` by name."""

    name: ClassVar[str]

    @abstractmethod
    def detect(self, pair: PairInput) -> list[Flag]:
        """Return this detector's flags for the pair (empty when it finds nothing)."""
