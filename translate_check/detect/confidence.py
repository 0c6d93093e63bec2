"""The confidence model: from a pair's evidence to the probability a reviewer marks a word.

A logistic model over a few general signals of each English word (is it
content, a number, a name; how many bridges support it and how; does the
bridge say something else in its place; how much of the pair is unsupported)
gives the probability that a careful bilingual reviewer marks the word as
part of an error. Its weights are learned offline on real annotated errors and
injected divergences by ``python -m bench.fit_confidence``, which writes
``confidence.json``; this module only reads that file, so no learning library
is needed at run time. The same file holds, per detector and flag type, a
Platt map from the detector's raw confidence to the probability that such a
flag is right, and the probability that such an error is major (MQM).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from operator import mul

from translate_check.detect.calibration import MAJOR_AT
from translate_check.detect.evidence import SUPPORT_KINDS, Evidence

FEATURES: tuple[str, ...] = (
    "content",
    "number",
    "name",
    "name_translit",
    "name_loose",
    "support_share",
    *(f"best_{kind}" for kind in SUPPORT_KINDS),
    "unsupported",
    "unsupported_several",
    "unsupported_left",
    "unsupported_right",
    "opposite",
    "pair_unsupported",
    "pair_unmatched",
    "length",
    "hebrew_tied",
    "hebrew_tied_unsupported",
    "hebrew_number_unwritten",
    "hebrew_name_unrendered",
    "hebrew_gloss_untied",
    "hebrew_on_unrendered",
)
"""The token features, in the order the shipped weights expect."""
WITNESS_FEATURES = 6
"""The last features: what the Hebrew says of the token (all 0 where it is not heard)."""

LOOSE = frozenset({"fuzzy", "ngram"})
"""Links by spelling alone: for a name, a different name as often as the same one."""


def token_features(evidence: Evidence) -> list[list[float]]:
    """One row of :data:`FEATURES` per English token.

    ``name_loose`` is a name only loosely matched (``Ruskin`` for *Raskin*),
    ``opposite`` that the first bridge has unmatched content words where the
    token's run of unsupported words stands (a substitution, not an addition),
    ``unsupported_several`` that several bridges agree in lacking it: the more
    independent renderings lack a word, the likelier it is wrong. The ``hebrew_``
    features are the Hebrew's own word (:class:`translate_check.links.Witness`): a
    word it backs that no bridge has is a rendering, a word it contradicts is suspect
    even where a bridge shares it.
    """
    tokens = evidence.tgt
    bridges = len(evidence.alignments)
    loose = [t.content and not evidence.supported(t.index) for t in tokens]
    content = sum(t.content for t in tokens) or 1
    pair_unsupported = sum(loose) / content
    pair_unmatched = (
        sum(
            len(evidence.unmatched(k)) / (sum(t.content for t in a.mt) or 1)
            for k, a in enumerate(evidence.alignments)
        )
        / bridges
        if bridges
        else 1.0
    )
    runs = _runs(loose)
    substituted = {run: bool(bridges and evidence.opposite(0, *run)) for run in set(runs.values())}
    heard = evidence.witness
    n = len(tokens)
    several = 1 - 1 / bridges if bridges else 0.0
    witnessed: list[tuple[float, ...]]
    if heard is not None:
        witnessed = [
            (float(a), float(a and b), float(c), float(d), float(e), float(f))
            for a, b, c, d, e, f in zip(
                heard.tied,
                loose,
                heard.number_unwritten,
                heard.name_unrendered,
                heard.gloss_untied,
                heard.on_unrendered,
                strict=True,
            )
        ]
    else:
        witnessed = [_UNHEARD] * n
    supporters, kinds = evidence.supporters, evidence.kinds
    rows = []
    for t in tokens:
        i = t.index
        best = _best(kinds(i))
        name = evidence.name_like[i]
        run = runs.get(i)
        unsupported = float(loose[i])
        rows.append(
            [
                float(t.content),
                float(t.norm.startswith("#")),
                float(name),
                float(name and evidence.translit[i]),
                float(name and best in LOOSE),
                supporters(i) / bridges if bridges else 0.0,
                *_ONE_HOT[best],
                unsupported,
                unsupported * several if bridges else 0.0,
                float(i > 0 and loose[i - 1]),
                float(i + 1 < n and loose[i + 1]),
                float(substituted[run] if run else False),
                pair_unsupported,
                pair_unmatched,
                min(len(t.text), 12) / 12,
                *witnessed[i],
            ]
        )
    return rows


_ONE_HOT: dict[str | None, tuple[float, ...]] = {
    best: tuple(float(best == kind) for kind in SUPPORT_KINDS) for best in (None, *SUPPORT_KINDS)
}
"""The link-kind features of a token whose strongest link is each kind (or none)."""
_UNHEARD = (0.0,) * WITNESS_FEATURES


@cache
def _best(kinds: tuple[str | None, ...]) -> str | None:
    """The strongest of the bridges' links (kinds repeat: each combination is read once)."""
    return next((k for k in SUPPORT_KINDS if k in kinds), None)


def _runs(loose: Sequence[bool]) -> dict[int, tuple[int, int]]:
    """Each unsupported token's run of consecutive unsupported tokens, as (first, last)."""
    runs: dict[int, tuple[int, int]] = {}
    i = 0
    while i < len(loose):
        if loose[i]:
            j = i
            while j + 1 < len(loose) and loose[j + 1]:
                j += 1
            for k in range(i, j + 1):
                runs[k] = (i, j)
            i = j + 1
        else:
            i += 1
    return runs


@dataclass(frozen=True)
class Calibration:
    """How far to trust one detector's flags of one type: ``right(raw)`` is
    ``sigmoid(scale · logit(raw) + shift)``; ``major`` is P(major | a real error)."""

    scale: float
    shift: float
    major: float

    def right(self, raw: float) -> float:
        raw = min(max(raw, 1e-4), 1 - 1e-4)
        return _sigmoid(self.scale * math.log(raw / (1 - raw)) + self.shift)


@dataclass(frozen=True)
class Model:
    """The shipped parameters: token weights and each flag kind's calibration."""

    weights: tuple[float, ...]
    bias: float
    kinds: dict[str, Calibration]
    """``detector`` (flags of its own type) or ``detector:type`` → its calibration."""
    signature: str

    def calibrate(
        self, detector: str, flag_type: str, raw: float, major_at: float = MAJOR_AT
    ) -> tuple[float, bool]:
        """A raw confidence as (probability the flag is right, whether the error is major).

        A kind the data never showed often enough keeps its raw confidence, major from
        ``major_at`` (the run's calibration setting) up."""
        kind = self.kinds.get(detector if detector == flag_type else f"{detector}:{flag_type}")
        if kind is None:
            return raw, raw >= major_at
        return kind.right(raw), kind.major >= 0.5

    def word_probabilities(self, evidence: Evidence) -> list[float]:
        """Probability that a reviewer marks each English token."""
        return [
            _sigmoid(self.bias + sum(map(mul, self.weights, row)))
            for row in token_features(evidence)
        ]


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


@cache
def model() -> Model:
    """The shipped confidence model (``confidence.json``, package data)."""
    text = resources.files("translate_check.detect").joinpath("confidence.json")
    return parse(json.loads(text.read_text(encoding="utf-8")))


def parse(data: dict) -> Model:
    """A model from its JSON form; a file made for other features is refused."""
    if tuple(data["features"]) != FEATURES:
        raise ValueError("confidence.json was fitted on other features; rerun bench.fit_confidence")
    return Model(
        weights=tuple(float(w) for w in data["weights"]),
        bias=float(data["bias"]),
        kinds={
            k: Calibration(float(v["scale"]), float(v["shift"]), float(v["major"]))
            for k, v in data["kinds"].items()
        },
        signature=str(data["signature"]),
    )
