"""What a document-level check sees and returns: every pair of one document at once.

A pair-level detector (:class:`~translate_check.detect.base.Detector`) judges one
pair; a document check needs the pairs around it (segments typed into the wrong
cell) or the run's glossary. Both are listed in the one registry and both go
through the one verdict step.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from translate_check.model import Flag, Pair

if TYPE_CHECKING:
    from translate_check.corpus.config import Thresholds

Glossary = Sequence[tuple[str, Sequence[str]]]
"""Hebrew terms, each with the English renderings it may come out as."""


@dataclass(frozen=True)
class DocumentContext:
    """What a run gives its document checks besides the pairs.

    ``limits`` are the corpus configuration's segment limits; ``parallel`` says whether
    the pairs are a file's segments rather than sentences the tool aligned.
    """

    limits: Thresholds
    glossary: Glossary = ()
    parallel: bool = False


D = TypeVar("D")
"""A document check's parameters: a frozen dataclass held by ``DetectSettings``."""


class DocumentCheck(ABC, Generic[D]):
    """One divergence type found across the pairs of a document."""

    name: ClassVar[str]

    def __init__(self, parameters: D) -> None:
        self.parameters = parameters

    @abstractmethod
    def flags(self, pairs: Sequence[Pair], context: DocumentContext) -> dict[int, list[Flag]]:
        """Flags by pair id (a pair with none is left out)."""
