"""Sentence and document metrics of the English against the MT bridge (sacrebleu).

One class per metric behind a common base and a registry, as sacrebleu does,
so every number in a report carries the signature that reproduces it.

A document score is sacrebleu's aggregate of its sentences' statistics, so each
pair's statistics are computed once and serve both levels: the same numbers as
``corpus_score`` without scoring the document a second time. Both levels go
through the two methods that sacrebleu's own ``sentence_score`` and
``corpus_score`` are made of.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Sequence
from typing import ClassVar

from sacrebleu.metrics import BLEU, CHRF
from sacrebleu.metrics.base import Metric as SacreMetric

from translate_check.model import Component, Scores
from translate_check.ter import FastTER

Stats = list[float]
"""One pair's sufficient statistics for a metric (sacrebleu's segment statistics)."""


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

    def stats(self, hypothesis: str, reference: str) -> Stats:
        """What ``sentence_score`` and ``corpus_score`` compute for this pair: the two steps
        of sacrebleu's ``_extract_corpus_statistics`` for one segment and one reference,
        without its bookkeeping for a corpus."""
        metric = self._metric
        info = metric._extract_reference_info([metric._preprocess_segment(reference)])
        return metric._compute_segment_statistics(metric._preprocess_segment(hypothesis), info)

    def sentence(self, hypothesis: str, reference: str, stats: Stats | None = None) -> float:
        """One pair's score, from its statistics when they are known already.

        A pair with a side missing gets the metric's worst score.
        """
        if not hypothesis.strip() or not reference.strip():
            return self.empty
        return self.score([self.stats(hypothesis, reference) if stats is None else stats])

    def score(self, stats: Sequence[Stats]) -> float:
        """The score of the sentences whose statistics these are, as sacrebleu aggregates them."""
        if not stats:
            return self.empty
        return float(self._metric._aggregate_and_compute(list(stats)).score)

    @property
    def empty(self) -> float:
        """Score of a pair with one side missing: the worst the metric can give."""
        return 0.0

    def component(self) -> Component:
        """This metric's part of a report's signature: sacrebleu's own, as text and data."""
        sacre = self._metric.get_signature()
        values = tuple((k, v) for k, v in sacre.info.items() if isinstance(v, str | int))
        return Component("metric", f"{self.name}[{sacre}]", (("name", self.name), *values))


class FastCHRF(CHRF):
    """sacrebleu's chrF with its n-gram matches counted over the n-grams both sides have
    (a set intersection in C) rather than over every hypothesis n-gram: the same integers,
    so the same statistics, scores and signature."""

    @staticmethod
    def _get_match_statistics(hyp_ngrams: Counter, ref_ngrams: Counter) -> list[int]:
        matches = 0
        for ngram in hyp_ngrams.keys() & ref_ngrams.keys():
            hyp, ref = hyp_ngrams[ngram], ref_ngrams[ngram]
            matches += hyp if hyp < ref else ref
        return [
            sum(hyp_ngrams.values()) if ref_ngrams else 0,
            sum(ref_ngrams.values()),
            matches,
        ]


class ChrF(Metric):
    name = "chrf"

    def build(self) -> SacreMetric:
        return FastCHRF()


class Bleu(Metric):
    name = "bleu"

    def build(self) -> SacreMetric:
        return BLEU(effective_order=True)


class Ter(Metric):
    name = "ter"

    def build(self) -> SacreMetric:
        return FastTER()

    @property
    def empty(self) -> float:
        return 100.0


METRICS: dict[str, type[Metric]] = {cls.name: cls for cls in (ChrF, Bleu, Ter)}


class Scorer:
    """All registered metrics at once, built one time per run.

    It keeps every pair's statistics, so the document score after the sentence
    scores costs a sum, not a second pass over the document.
    """

    def __init__(self) -> None:
        self.metrics = {name: cls() for name, cls in METRICS.items()}
        self._stats: dict[tuple[str, str], dict[str, Stats]] = {}

    def _pair_stats(self, english: str, mt: str) -> dict[str, Stats]:
        key = (english, mt)
        if key not in self._stats:
            self._stats[key] = {n: m.stats(english, mt) for n, m in self.metrics.items()}
        return self._stats[key]

    def known(self, english: str, mt: str) -> dict[str, Stats]:
        """One pair's statistics for every metric, computed now if they are not yet known:
        what another process that scored the pair hands back with it (:meth:`learn`)."""
        return self._pair_stats(english, mt)

    def learn(self, english: str, mt: str, stats: dict[str, Stats]) -> None:
        """Keep a pair's statistics worked out elsewhere (by :meth:`known` in another
        process), so the document score needs no second pass over the pair."""
        self._stats.setdefault((english, mt), stats)

    def sentence(self, english: str, mt: str) -> Scores:
        """One pair's scores; a pair with a side missing gets each metric's worst."""
        stats = self._pair_stats(english, mt)
        return Scores(
            **{n: round(m.sentence(english, mt, stats[n]), 4) for n, m in self.metrics.items()}
        )

    def corpus(self, english: Sequence[str], mt: Sequence[str]) -> Scores:
        """Document scores over the pairs, identical to sacrebleu's ``corpus_score``."""
        stats = [self._pair_stats(e, t) for e, t in zip(english, mt, strict=True)]
        return Scores(
            **{n: round(m.score([s[n] for s in stats]), 4) for n, m in self.metrics.items()}
        )

    def components(self) -> tuple[Component, ...]:
        return tuple(m.component() for m in self.metrics.values())
