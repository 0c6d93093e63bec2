"""Fit the confidence model and write ``translate_check/detect/confidence.json``.

Training data (the word model weighs each source by :data:`WEIGHTS`, the Platt maps
weigh them equally):

- real errors: WMT23 QE he-en (one bridge and all three) and WMT21 MQM zh-en
  (one and three other translations as bridges), annotated by professionals;
- injected divergences: FLORES devtest with ``bench.divergence``'s generator
  (seeds 1 and 2), against the OPUS-MT bridge.

Step one fits a logistic regression from :data:`FEATURES` to "a reviewer marks
this English word". Step two runs every detector with those weights and fits,
per detector and flag type, a Platt map from the raw confidence to "this flag
overlaps a marked error" (a constant rate where the fitted slope is not
positive, so confidence never falls as evidence grows), and the share of such
errors that are major. Flags of a kind seen fewer than :data:`MIN_FLAGS` times
keep their raw confidence. Unsupported-wording flags are calibrated on the he-en
annotations only (see :data:`REAL`).

``--holdout`` fits without one part of the WMT23 data and prints the slot F1
and the expected calibration error on that part, so the reliability figures
come from data the model did not see. Deterministic: the same data give the
same file byte for byte.

    python -m bench.fit_confidence [--holdout a|b] [--check]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from bench import divergence, real_errors
from bench.realdata import Example, marked, mqm, wmt23
from translate_check.detect import DetectSettings, PairInput, raw_flags
from translate_check.detect.confidence import FEATURES, Model, parse, token_features
from translate_check.detect.unsupported import UnsupportedDetector
from translate_check.hebrew import Reading, analyse
from translate_check.links import HEBREW, HebrewParameters
from translate_check.model import Bridge, Scores

OUT = Path(__file__).resolve().parent.parent / "translate_check" / "detect" / "confidence.json"
INJECTED_SEEDS = (1, 2)
MIN_FLAGS = 20
"""Fewest flags of one kind for its own calibration."""
C = 1.0
"""Inverse L2 strength of both regressions (scikit-learn's default)."""
_NO_SCORES = Scores(0.0, 0.0, 0.0)
REAL = ("wmt23-he-en",)
"""The Hebrew–English source annotated by people. Unsupported-wording flags are calibrated on
it alone: in injected data every difference that was not injected counts as wrong, which
holds for the divergences the typed detectors look for but not for wording, where the
untouched English differs from its Hebrew in many real ways nobody marked; and the zh-en
MQM annotators mark the same wording evidence less often than the he-en ones."""
WEIGHTS = {"wmt23-he-en": 1.0, "mqm-zh-en": 0.3, "injected": 0.3}
"""Each source's total weight in the word model."""


def injected() -> list[Example]:
    """FLORES sentences with ``bench.divergence``'s injections as gold (all major; an
    omission's is the empty span where the clause was)."""
    rows = divergence.load(divergence.DATA / "flores200-devtest")
    examples = []
    for seed in INJECTED_SEEDS:
        for item in divergence.inject(rows, 0.25, seed):
            spans = item.injection.spans if item.injection else ()
            gold = tuple((a, b, "major") for a, b in spans)
            examples.append(Example(item.src, item.tgt, (item.mt,), gold, "injected", str(seed)))
    return examples


def training_sets() -> dict[str, list[Example]]:
    return {
        "wmt23-he-en": wmt23(1) + wmt23(3),
        "mqm-zh-en": mqm(1) + mqm(3),
        "injected": injected(),
    }


def readings_of(examples: Sequence[Example]) -> dict[str, tuple[Reading, ...]]:
    """hspell's readings of every Hebrew word of the examples (as ``verify`` has them)."""
    return analyse(e.src for e in examples)[0]


def pair_of(
    example: Example,
    hebrew: HebrewParameters = HEBREW,
    readings: dict[str, tuple[Reading, ...]] | None = None,
) -> PairInput:
    bridges = tuple(Bridge(f"bridge{k}", text) for k, text in enumerate(example.bridges))
    return PairInput.of(
        example.src, example.tgt, bridges, _NO_SCORES, hebrew=hebrew, readings=readings
    )


def word_labels(pair: PairInput, gold: Sequence[tuple[int, int, str]]) -> list[int]:
    marked = {k for a, b, _ in gold for k in range(a, b)}
    return [int(any(k in marked for k in range(t.start, t.end))) for t in pair.evidence.tgt]


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def fit(
    sets: dict[str, list[Example]],
    weights_by_set: dict[str, float] | None = None,
    hebrew: HebrewParameters = HEBREW,
) -> dict:
    """The model's JSON form, fitted on ``sets`` (weighed by ``WEIGHTS``), hearing the
    Hebrew as ``hebrew`` says (without its witness the Hebrew features are all 0, and
    their weights stay 0)."""
    weights_by_set = weights_by_set or WEIGHTS
    readings = readings_of([e for examples in sets.values() for e in examples])
    pairs = {
        name: [pair_of(e, hebrew, readings) for e in examples] for name, examples in sets.items()
    }
    rows, labels, weights = [], [], []
    for name, examples in sets.items():
        x = [r for p in pairs[name] for r in token_features(p.evidence)]
        y = [v for p, e in zip(pairs[name], examples, strict=True) for v in word_labels(p, e.gold)]
        rows += x
        labels += y
        weights += [weights_by_set[name] / len(x)] * len(x)
    scale = len(weights) / sum(weights)
    words = LogisticRegression(C=C, max_iter=5000).fit(
        np.array(rows), np.array(labels), sample_weight=np.array(weights) * scale
    )
    data = {
        "features": list(FEATURES),
        "weights": [round(float(w), 4) for w in words.coef_[0]],
        "bias": round(float(words.intercept_[0]), 4),
        "kinds": {},
        "signature": "",
    }
    raw_model = parse(data)
    identity = Model(raw_model.weights, raw_model.bias, {}, "fit")
    by_kind: dict[str, list[tuple[float, int, int, float]]] = {}
    for name, examples in sets.items():
        for pair, example in zip(pairs[name], examples, strict=True):
            for detector, flag in raw_flags(pair, DetectSettings(), identity):
                hit = marked(flag.type, flag.tgt_spans, example.tgt, example.gold)
                kind = detector if detector == flag.type else f"{detector}:{flag.type}"
                if detector == UnsupportedDetector.name and name not in REAL:
                    continue
                by_kind.setdefault(kind, []).append(
                    (flag.confidence, int(bool(hit)), int("major" in hit), 1.0 / len(examples))
                )
    for kind, seen in sorted(by_kind.items()):
        if len(seen) < MIN_FLAGS:
            continue
        x = np.array([[_logit(c)] for c, *_ in seen])
        y = np.array([h for _, h, _, _ in seen])
        w = np.array([v for *_, v in seen])
        platt = (0.0, _logit((y.sum() + 1) / (len(y) + 2)))
        if y.min() != y.max():
            reg = LogisticRegression(C=C, max_iter=5000).fit(
                x, y, sample_weight=w * len(w) / w.sum()
            )
            if reg.coef_[0][0] > 0:
                platt = (float(reg.coef_[0][0]), float(reg.intercept_[0]))
        right = sum(h for _, h, _, _ in seen)
        major = (sum(m for _, _, m, _ in seen) + 1) / (right + 2)
        data["kinds"][kind] = {
            "scale": round(platt[0], 4),
            "shift": round(platt[1], 4),
            "major": round(major, 4),
            "flags": len(seen),
        }
    body = json.dumps({k: v for k, v in data.items() if k != "signature"}, sort_keys=True)
    data["signature"] = hashlib.sha256(body.encode()).hexdigest()[:12]
    return data


def held_out(confidence: Model, part: str, hebrew: HebrewParameters = HEBREW) -> None:
    """Slot F1 and calibration on the real-error part the model was fitted without."""
    print(f"| set (part {part}, not fitted on) | min-confidence | P | R | F1 | ECE ≥ 0.1 |")
    print("|---|---|---|---|---|---|")
    for name, examples in (
        ("WMT23 he-en, 1 bridge", wmt23(1)),
        ("WMT23 he-en, 3 bridges", wmt23(3)),
        ("MQM zh-en, 1 bridge", mqm(1)),
        ("MQM zh-en, 3 bridges", mqm(3)),
    ):
        examples = [e for e in examples if e.part == part]
        everything = real_errors.in_process(examples, 0.1, confidence, hebrew)
        _, ece = real_errors.reliability(examples, everything)
        for threshold in real_errors.THRESHOLDS:
            flags = real_errors.in_process(examples, threshold, confidence, hebrew)
            s = real_errors.score(examples, flags)
            print(
                f"| {name} | {threshold:g} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} "
                f"| {ece:.3f} |"
            )


def render(data: dict) -> str:
    return json.dumps(data, indent=1, sort_keys=True) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holdout", choices=("a", "b"), help="leave out this WMT23 part")
    parser.add_argument("--check", action="store_true", help="only check the shipped file")
    parser.add_argument(
        "--without-hebrew",
        action="store_true",
        help="fit and test without the Hebrew's witness (with --holdout: the ablation)",
    )
    parser.add_argument(
        "--without-glosses",
        action="store_true",
        help="fit and test with no grammar-word ties (with --holdout: the ablation)",
    )
    args = parser.parse_args(argv)
    hebrew = HebrewParameters(witness=not args.without_hebrew, glosses=not args.without_glosses)
    if hebrew != HEBREW and not args.holdout:
        parser.error("--without-hebrew and --without-glosses only go with --holdout")
    sets = training_sets()
    if args.holdout:
        for name in ("wmt23-he-en", "mqm-zh-en"):
            sets[name] = [e for e in sets[name] if e.part != args.holdout]
    data = fit(sets, hebrew=hebrew)
    text = render(data)
    if args.check:
        same = OUT.read_text(encoding="utf-8") == text
        raise SystemExit(0 if same else f"{OUT} differs from what the data give; rerun the fit")
    if args.holdout:
        held_out(parse(data), args.holdout, hebrew)
        return
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
