"""Real annotated translation errors as benchmark and training examples, and their measure.

Two sources (see their READMEs under ``shared/data``): WMT23 QE Task 2 he-en
(real MT with professional MQM spans and three bridges) and the WMT21 MQM
zh-en sets (15 annotated translations per source, so the other translations
serve as bridges). The measure is WMT23 Task 2's character-slot F1, where a
predicted slot on a gold slot scores 1 with the same severity and 0.5 without.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
WMT23 = DATA / "wmt23-he-en-dev"
MQM = DATA / "mqm-zh-en"
WMT23_BRIDGES = ("ONLINE-B", "GPT4-5shot", "refB")
"""The first is the one bridge of the one-bridge figures (as in the README's word diff)."""
MQM_FILES = ("2021_zh-en_processed.tsv", "2021_TED_zh-en_processed.tsv")

GoldSpan = tuple[int, int, str]


@dataclass(frozen=True)
class Example:
    """One translation under test with its bridges and gold error spans.

    ``part`` names a slice of its source for held-out evaluation."""

    src: str
    tgt: str
    bridges: tuple[str, ...]
    gold: tuple[GoldSpan, ...]
    source: str
    part: str


def wmt23(bridges: int = 1, data: Path = WMT23) -> list[Example]:
    """The WMT23 he-en lines with their first ``bridges`` bridges; parts ``a``/``b`` are the
    alternating blocks of 50 lines, so each can be held out from the other."""
    he = _lines(data / "he.txt")
    en = _lines(data / "en.txt")
    bridge_lines = [_lines(data / f"bridge.{name}.txt") for name in WMT23_BRIDGES[:bridges]]
    gold = [json.loads(line) for line in _lines(data / "gold.jsonl")]
    return [
        Example(
            he[i],
            en[i],
            tuple(b[i] for b in bridge_lines),
            tuple((a, b, sev) for a, b, sev in gold[i]["spans"]),
            "wmt23-he-en",
            "ab"[(i // 50) % 2],
        )
        for i in range(len(en))
    ]


def mqm(
    bridges: int, per_source: int = 1, limit: int | None = None, seed: int = 7
) -> list[Example]:
    """WMT21 zh-en translations under test, each with ``bridges`` other translations of its
    source (human ones first, then systems in file order) as its bridges.

    ``per_source`` translations are drawn per source (seeded); the source text is kept
    though it is Chinese, so Hebrew-only evidence (transliteration) finds nothing.
    Parts are the documents, hashed into ``a``/``b``.
    """
    rng = random.Random(seed)
    examples: list[Example] = []
    for name in MQM_FILES:
        groups: dict[tuple[str, str], list[tuple[str, str, str, tuple[GoldSpan, ...]]]] = {}
        for line in _lines(MQM / name):
            system, doc, seg, _, src, tgt, starts, ends, sevs = line.split("\t")
            spans = tuple(
                (int(a), int(b), s)
                for a, b, s in zip(starts.split(), ends.split(), sevs.split(), strict=True)
                if s in ("major", "minor")
            )
            groups.setdefault((doc, seg), []).append((system, src, tgt, spans))
        for (doc, _), rows in groups.items():
            if len(rows) <= bridges:
                continue
            for k in rng.sample(range(len(rows)), min(per_source, len(rows))):
                system, src, tgt, spans = rows[k]
                others = [r for j, r in enumerate(rows) if j != k and r[2] != tgt]
                others.sort(key=lambda r: not r[0].startswith("ref"))
                if not others:
                    continue
                examples.append(
                    Example(
                        src,
                        tgt,
                        tuple(r[2] for r in others[:bridges]),
                        spans,
                        "mqm-zh-en",
                        "ab"[sum(map(ord, doc)) % 2],
                    )
                )
    rng.shuffle(examples)
    return examples[:limit] if limit else examples


def _lines(path: Path) -> list[str]:
    """The file's lines, split on newlines only (a line may hold U+2028 and the like)."""
    return path.read_text(encoding="utf-8").removesuffix("\n").split("\n")


def _slots(spans: Iterable[GoldSpan], length: int) -> dict[int, set[str]]:
    slots: dict[int, set[str]] = {}
    for a, b, severity in spans:
        b = min(b, length)
        for k in range(a, b) if a < b else (a,):
            slots.setdefault(k, set()).add(severity)
    return slots


@dataclass(frozen=True)
class SlotScore:
    precision: float
    recall: float
    f1: float


def slot_f1(
    texts: Sequence[str],
    gold: Sequence[Iterable[GoldSpan]],
    predicted: Sequence[Iterable[GoldSpan]],
) -> SlotScore:
    """WMT23 Task 2's micro-averaged character-slot P, R and F1 (see the data's README)."""
    score = found = wanted = 0.0
    for text, g, p in zip(texts, gold, predicted, strict=True):
        gs, ps = _slots(g, len(text)), _slots(p, len(text))
        found += len(ps)
        wanted += len(gs)
        score += sum((1.0 if sev & gs[k] else 0.5) for k, sev in ps.items() if k in gs)
    precision = score / found if found else 0.0
    recall = score / wanted if wanted else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return SlotScore(precision, recall, f1)


CARET_SLACK = 1
"""Characters by which two empty spans (places of dropped content) may miss each other and
still mark one place: a space either side of a word boundary."""


def _meet(s: int, e: int, a: int, b: int) -> bool:
    """Whether span [s, e) and gold span [a, b) share a character or an empty span's slot."""
    if a < b and s < e:
        return s < b and a < e
    if a == b and s == e:
        return abs(s - a) <= CARET_SLACK
    return s <= a <= e if a == b else a <= s < b


def overlaps(spans: Iterable[tuple[int, int]], gold: Iterable[GoldSpan]) -> list[str]:
    """Severities of the gold spans that meet any of ``spans``."""
    return [severity for a, b, severity in gold if any(_meet(s, e, a, b) for s, e in spans)]


def calibration_error(flags: Sequence[tuple[float, bool]], bins: int = 10) -> float:
    """Expected calibration error of (confidence, right) pairs over equal-width bins."""
    if not flags:
        return 0.0
    total = 0.0
    for k in range(bins):
        lo, hi = k / bins, (k + 1) / bins
        inside = [(c, r) for c, r in flags if lo <= c < hi or (k == bins - 1 and c == 1.0)]
        if inside:
            mean_c = sum(c for c, _ in inside) / len(inside)
            mean_r = sum(r for _, r in inside) / len(inside)
            total += len(inside) * abs(mean_c - mean_r)
    return total / len(flags)


def marked(
    flag_type: str, spans: Sequence[tuple[int, int]], text: str, gold: Sequence[GoldSpan]
) -> list[str]:
    """Severities of the gold errors a flag finds: those its spans meet (a flag without
    spans stands for the end-of-sentence slot) and, for an omission, any dropped-content
    mark, since annotators put every omission at the end of the sentence."""
    found = overlaps(spans or ((len(text), len(text)),), gold)
    if flag_type == "omission":
        found += [severity for a, b, severity in gold if a == b]
    return found
