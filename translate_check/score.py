"""Sentence and document metrics of the English against the MT bridge (sacrebleu).

One class per metric behind a common base and a registry, as sacrebleu does,
so every number in a report carries the signature that reproduces it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import ClassVar

from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.metrics.base import Metric as SacreMetric

from translate_check.model import Scores


class Metric(ABC):
    """A sacrebleu metric scored with the English as hypothesis and the MT as reference."""

    name: ClassVar[str]

    def __init__(self) -> None:
        self._metric = self.build()
        # sacrebleu learns the reference count from a first evaluation; its signature
        # must be available before any pair is scored (we always use one reference).
        self._metric.sentence_score("a", ["a"])

    @abstractmethod
    def build(self) -> SacreMetric: ...

    def sentence(self, hypothesis: str, reference: str) -> float:
        if not hypothesis.strip() or not reference.strip():
            return self.empty
        return float(self._metric.sentence_score(hypothesis, [reference]).score)

    def corpus(self, hypotheses: Sequence[str], references: Sequence[str]) -> float:
        if not hypotheses:
            return self.empty
        return float(self._metric.corpus_score(list(hypotheses), [list(references)]).score)

    @property
    def empty(self) -> float:
        """Score of a pair with one side missing: the worst the metric can give."""
        return 0.0

    def signature(self) -> str:
        return f"{self.name}[{self._metric.get_signature()}]"


class ChrF(Metric):
    name = "chrf"

    def build(self) -> SacreMetric:
        return CHRF()


class Bleu(Metric):
    name = "bleu"

    def build(self) -> SacreMetric:
        return BLEU(effective_order=True)


class Ter(Metric):
    name = "ter"

    def build(self) -> SacreMetric:
        return TER()

    @property
    def empty(self) -> float:
        return 100.0


METRICS: dict[str, type[Metric]] = {cls.name: cls for cls in (ChrF, Bleu, Ter)}


class Scorer:
    """All registered metrics at once, built one time per run."""

    def __init__(self) -> None:
        self.metrics = {name: cls() for name, cls in METRICS.items()}

    def sentence(self, english: str, mt: str) -> Scores:
        return Scores(**{n: round(m.sentence(english, mt), 4) for n, m in self.metrics.items()})

    def corpus(self, english: Sequence[str], mt: Sequence[str]) -> Scores:
        return Scores(**{n: round(m.corpus(english, mt), 4) for n, m in self.metrics.items()})

    def signature(self) -> str:
        return "|".join(m.signature() for m in self.metrics.values())
