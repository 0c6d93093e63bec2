"""Divergence-detection benchmark: injected errors in FLORES (and NTREX) English.

The English of FLORES and NTREX is the original and the Hebrew its translation,
so against the Hebrew→English MT the English is a free but faithful rendering.
About a quarter of the English sentences get one realistic divergence each
(an added clause, a removed clause, a changed number, a swapped name, a flipped
negation, a shifted quantifier or hedge); the rest stay untouched. The
detectors run at their default settings and are compared with the common
practice of flagging a pair when its sentence chrF is below a threshold,
with the threshold tuned on the gold labels (an oracle the detectors do not get).

    python -m bench.divergence [--data DIR ...] [--rate 0.25] [--seed 13]
    python -m bench.divergence --thresholds 0.2 0.3 0.5 0.6 0.7
    python -m bench.divergence --ablate

``--ablate`` adds rows for the same detectors without the Hebrew's witness and
without the grammar-word ties (``GLOSSES``), each with a confidence model
refitted that way (``bench.fit_confidence``'s data), and the share of number
flags on a changed number whose Hebrew (``src_spans``) covers the Hebrew number.

``--thresholds`` prints the operating points instead: sentence P, R, F1 and the
share of untouched pairs flagged when a pair counts as flagged for a flag at or
above each ``--min-confidence``.
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from translate_check.detect import Assessment, DetectSettings, PairInput, assess
from translate_check.detect.calibration import CALIBRATION
from translate_check.detect.confidence import Model
from translate_check.hebrew import analyse
from translate_check.links import HEBREW, HebrewParameters, locate
from translate_check.model import Bridge, Span
from translate_check.mt.file import parse_entries
from translate_check.score import Scorer
from translate_check.words import FUNCTION_WORDS, Token, number_value, tokenize

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
DEFAULT_SETS = ("flores200-devtest", "ntrex128")
MT_FILE = "mt.opus-mt-tc-big-he-en.txt"
TYPES = ("addition", "omission", "number", "entity", "negation", "intensity")


@dataclass(frozen=True)
class Injection:
    """One divergence written into an English sentence, with its gold English spans."""

    type: str
    text: str
    spans: tuple[Span, ...]
    note: str


@dataclass(frozen=True)
class Item:
    src: str
    mt: str
    tgt: str
    injection: Injection | None


# --- the generator -------------------------------------------------------------------------

_CLAUSE_SPLIT = re.compile(r"\s*[,;:]\s+|\s+[–—-]\s+")
_AUX = re.compile(
    r"\b(is|are|was|were|can|could|will|would|should|has|have|had|must|may|might|does|did|do)"
    r"\b(?! not\b| n't)"
)
_NEG = re.compile(r"\b(is|are|was|were|could|would|should|has|have|had|does|did|do)( not|n't)\b")
_NEG_WORDS = {"never": "", "cannot": "can", "can't": "can", "won't": "will"}
_CONNECTORS = ("and", "while", "although", "as", "after", "because", "but", "where", "since")
_HEDGES = ("reportedly", "allegedly", "apparently", "supposedly", "seemingly")


def _replace(
    text: str, start: int, end: int, new: str, note: str, kind: str, lead: str = "", tail: str = ""
) -> Injection:
    """Put ``lead + new + tail`` in place of text[start:end]; only ``new`` is gold."""
    out = text[:start] + lead + new + tail + text[end:]
    at = start + len(lead)
    return Injection(kind, out, ((at, at + len(new)),) if new else (), note)


def _clauses(text: str) -> list[str]:
    """Comma-delimited pieces of a sentence that read as clauses or phrases (4–12 words)."""
    body = text.strip().rstrip(".!?\"'”")
    return [
        p.strip(" \"'“”()")
        for p in _CLAUSE_SPLIT.split(body)
        if 4 <= len(p.split()) <= 12 and not re.search(r"[\"“”()]", p)
    ]


def _lower_first(piece: str) -> str:
    first = piece.split()[0]
    return piece[0].lower() + piece[1:] if first.lower() in FUNCTION_WORDS else piece


def _end_of_body(text: str) -> int:
    end = len(text.rstrip())
    while end and text[end - 1] in ".!?\"'”)":
        end -= 1
    return end


def add_clause(text: str, rng: random.Random, pool: Sequence[str]) -> Injection | None:
    """Insert a clause taken from another sentence, in one of several shapes."""
    for _ in range(20):
        donor = rng.choice(pool)
        pieces = _clauses(donor)
        if pieces and donor != text:
            break
    else:
        return None
    piece = _lower_first(rng.choice(pieces))
    shape = rng.randrange(4)
    commas = [m.start() for m in re.finditer(r",\s", text)]
    if shape == 0 or (shape == 1 and not commas):
        at = _end_of_body(text)
        new = f"{rng.choice(_CONNECTORS)} {piece}"
        return _replace(text, at, at, new, "appended clause", "addition", lead=", ")
    if shape == 1:
        at = rng.choice(commas) + 1
        return _replace(text, at, at, piece, "clause after a comma", "addition", " ", ",")
    if shape == 2:
        at = _end_of_body(text)
        return _replace(text, at, at, piece, "parenthesis", "addition", " (", ")")
    at = _end_of_body(text)
    sep = rng.choice(("; ", " – "))
    return _replace(text, at, at, piece, "second clause", "addition", lead=sep)


def remove_clause(text: str, rng: random.Random) -> Injection | None:
    """Drop a comma-delimited clause, a parenthesis or a trailing prepositional phrase; the
    gold span is the empty span where it was."""
    options: list[tuple[int, int]] = []
    for m in re.finditer(r",[^,;:()]+?(?=,|[.;!?]$)", text):
        if len(m.group().split()) >= 4:
            options.append((m.start(), m.end()))
    for m in re.finditer(r"\s\([^()]{8,}\)", text):
        options.append((m.start(), m.end()))
    for m in re.finditer(
        r"\s(?:in|on|at|for|with|from|during|after|before|by|near|since)\s[^,;:()]+?(?=[.!?]$)",
        text,
    ):
        if len(m.group().split()) >= 4:
            options.append((m.start(), m.end()))
    if not options:
        return None
    start, end = rng.choice(options)
    return Injection(
        "omission", text[:start] + text[end:], ((start, start),), f"removed: {text[start:end]}"
    )


def change_number(text: str, rng: random.Random) -> Injection | None:
    """Change a number (digits or a number word) to a plausible value the sentence lacks."""
    numbers = [t for t in tokenize(text) if t.norm.startswith("#")]
    tokens = [t for t in numbers if not (t.text.isalpha() and t.norm == "#1")]
    if not tokens:
        return None
    present = {t.norm for t in numbers}
    tok = rng.choice(tokens)
    for _ in range(20):
        new = _new_number(tok.text, rng)
        if tokenize(new)[0].norm not in present:
            return _replace(text, tok.start, tok.end, new, f"{tok.text} → {new}", "number")
    return None


def _new_number(old: str, rng: random.Random) -> str:
    if old.isalpha():
        words = ["two", "three", "four", "five", "six", "seven", "eight", "ten", "twelve", "twenty"]
        choice = rng.choice([w for w in words if w != old.lower()])
        return choice.capitalize() if old[0].isupper() else choice
    value = number_value(old)
    if value is not None and 1900 <= value <= 2030 and len(old) == 4:
        return str(int(value) + rng.choice((-3, -2, -1, 1, 2, 5, 10)))
    positions = [k for k, ch in enumerate(old) if ch.isdigit()]
    k = rng.choice(positions)
    return old[:k] + rng.choice([d for d in "123456789" if d != old[k]]) + old[k + 1 :]


def _starts_sentence(text: str, tok: Token) -> bool:
    """The generator's own test, so the injected data stays fixed when the detectors' notion
    of a sentence start changes."""
    before = text[: tok.start].rstrip(" \"'“‘([")
    return not before or before[-1] in ".!?:;\n"


def _names(text: str) -> list[tuple[int, int]]:
    """Spans of mid-sentence capitalised words and runs of them."""
    runs: list[list[int]] = []
    for tok in tokenize(text):
        if not tok.capitalized or _starts_sentence(text, tok) or tok.norm in FUNCTION_WORDS:
            continue
        if tok.norm.startswith("#") or tok.norm in ("i",):
            continue
        if len(tok.text) <= 4 and text[tok.end : tok.end + 1] == ".":
            continue  # an abbreviated title (Dr., Capt.), not a name
        if runs and not text[runs[-1][1] : tok.start].strip():
            runs[-1][1] = tok.end
        else:
            runs.append([tok.start, tok.end])
    return [(a, b) for a, b in runs]


def swap_entity(text: str, rng: random.Random, pool: Sequence[str]) -> Injection | None:
    """Replace a name with a name from another sentence."""
    names = _names(text)
    if not names:
        return None
    start, end = rng.choice(names)
    old = text[start:end]
    for _ in range(30):
        donor = rng.choice(pool)
        found = _names(donor)
        if found:
            a, b = rng.choice(found)
            new = donor[a:b]
            if new.lower() not in text.lower() and old.lower() not in new.lower():
                return _replace(text, start, end, new, f"{old} → {new}", "entity")
    return None


def _next_word(text: str, at: int) -> Token | None:
    """The first word at or after ``at`` that is not a function word (a gold span anchor)."""
    return next((t for t in tokenize(text) if t.start >= at and t.norm not in FUNCTION_WORDS), None)


def flip_negation(text: str, rng: random.Random) -> Injection | None:
    """Remove an existing negation or negate an auxiliary verb."""
    negated = list(_NEG.finditer(text))
    words = [m for m in re.finditer(r"\b(never|cannot|can't|won't)\b", text)]
    if (negated or words) and rng.random() < 0.5:
        if negated:
            m = rng.choice(negated)
            kept = m.group(1)
            out = text[: m.start()] + kept + text[m.end() :]
            at = m.start() + len(kept)
        else:
            m = rng.choice(words)
            kept = _NEG_WORDS[m.group(1).replace("’", "'")]
            out = (text[: m.start()] + kept + text[m.end() :]).replace("  ", " ")
            at = m.start() + len(kept)
        following = _next_word(out, at)
        spans = () if following is None else (following.span,)
        return Injection("negation", out, spans, f"removed negation: {m.group()}")
    aux = [m for m in _AUX.finditer(text) if not _starts_sentence(text, _token_at(text, m))]
    if not aux:
        return None
    m = rng.choice(aux)
    word = m.group(1)
    if word in ("can",):
        return _replace(text, m.start(), m.end(), "cannot", "can → cannot", "negation")
    at = m.end()
    return _replace(text, at, at, "not", f"negated {word}", "negation", lead=" ")


def _token_at(text: str, match: re.Match[str]) -> Token:
    return next(t for t in tokenize(text) if t.start == match.start())


_SCALES: dict[str, dict[int, tuple[str, ...]]] = {
    "quantifier": {
        1: ("few", "hardly any"),
        2: ("some", "several", "a number of", "a few"),
        3: ("many", "most", "numerous"),
        4: ("all",),
    },
    "degree": {1: ("slightly", "somewhat"), 3: ("very", "extremely", "greatly", "highly")},
    "modal": {1: ("may", "might", "will probably"), 2: ("will", "must")},
}
"""Substitutes by word class, so a shifted word still fits its sentence."""
_DETERMINERS = frozenset({"the", "its", "his", "her", "their", "our", "these", "those", "my"})


def shift_intensity(text: str, rng: random.Random) -> Injection | None:
    """Move a quantifier, degree word or modal along its scale, or add or drop a hedge."""
    candidates = [
        (m.start(), m.end(), cls, level)
        for cls, levels in _SCALES.items()
        for level, words in levels.items()
        for word in words
        for m in re.finditer(rf"\b{re.escape(word)}\b", text)
    ]
    hedges = list(re.finditer(rf"\b({'|'.join(_HEDGES)})\b,?\s?", text))
    choice = rng.random()
    if hedges and choice < 0.3:
        m = rng.choice(hedges)
        out = text[: m.start()] + text[m.end() :]
        following = _next_word(out, m.start())
        spans = () if following is None else (following.span,)
        return Injection("intensity", out, spans, f"dropped hedge {m.group().strip()}")
    if candidates and choice < 0.75:
        start, end, cls, level = rng.choice(candidates)
        new_level = rng.choice([lv for lv in _SCALES[cls] if lv != level])
        new = rng.choice(_SCALES[cls][new_level])
        follows = text[end:].split(maxsplit=1)
        determiner = follows and follows[0].lower() in _DETERMINERS
        if cls == "quantifier" and determiner and new not in ("all", "hardly any"):
            new += " of"
        return _replace(text, start, end, new, f"{text[start:end]} → {new}", "intensity")
    aux = [m for m in _AUX.finditer(text) if m.group(1) in ("is", "are", "was", "were", "has")]
    hedge = rng.choice(_HEDGES)
    if aux:
        m = rng.choice(aux)
        return _replace(text, m.end(), m.end(), hedge, f"added {hedge}", "intensity", lead=" ")
    return None


GENERATORS: dict[str, Callable[[str, random.Random, Sequence[str]], Injection | None]] = {
    "addition": add_clause,
    "omission": lambda t, r, p: remove_clause(t, r),
    "number": lambda t, r, p: change_number(t, r),
    "entity": swap_entity,
    "negation": lambda t, r, p: flip_negation(t, r),
    "intensity": lambda t, r, p: shift_intensity(t, r),
}


def mt_lines(data: Path) -> list[str]:
    """The folder's MT output, one line per sentence: the OPUS-MT file if present, else the
    first ``mt.*.txt``, else the translation column of ``mt.tsv`` (the ``--mt-file``
    format)."""
    preferred = data / MT_FILE
    found = [preferred] if preferred.exists() else sorted(data.glob("mt.*.txt"))
    if found:
        return found[0].read_text(encoding="utf-8").splitlines()
    if (data / "mt.tsv").exists():
        return [entry.translation for entry in parse_entries(data / "mt.tsv")]
    raise SystemExit(f"{data}: no MT output (mt.*.txt or mt.tsv) next to he.txt and en.txt")


def load(data: Path) -> list[tuple[str, str, str]]:
    """(Hebrew, MT, English) per line, without the outer quotes FLORES wraps Hebrew lines in."""
    he = (data / "he.txt").read_text(encoding="utf-8").splitlines()
    mt = mt_lines(data)
    en = (data / "en.txt").read_text(encoding="utf-8").splitlines()
    rows = []
    for src, bridge, tgt in zip(he, mt, en, strict=True):
        if len(src) > 1 and src.startswith('"') and src.endswith('"') and src.count('"') == 2:
            src = src[1:-1]
            bridge = bridge.removeprefix('"').removesuffix('"')
        rows.append((src, bridge, tgt.replace("\u200b", "")))
    return rows


def inject(rows: Sequence[tuple[str, str, str]], rate: float, seed: int) -> list[Item]:
    """Give about ``rate`` of the sentences one divergence, balancing the types."""
    rng = random.Random(seed)
    pool = [tgt for _, _, tgt in rows]
    counts = dict.fromkeys(TYPES, 0)
    items = []
    for src, mt, tgt in rows:
        injection = None
        if rng.random() < rate:
            for kind in sorted(TYPES, key=lambda k: (counts[k], rng.random())):
                injection = GENERATORS[kind](tgt, rng, pool)
                if injection is not None and injection.text != tgt:
                    counts[kind] += 1
                    break
                injection = None
        items.append(Item(src, mt, injection.text if injection else tgt, injection))
    return items


# --- evaluation ----------------------------------------------------------------------------


def average_precision(scores: Sequence[float], gold: Sequence[bool]) -> float:
    """Area under the precision-recall curve (step-wise, as scikit-learn computes it)."""
    positives = sum(gold)
    if not positives:
        return 0.0
    order = sorted(range(len(scores)), key=lambda k: -scores[k])
    hits = 0
    total = 0.0
    k = 0
    while k < len(order):
        same = [order[k]]
        while k + len(same) < len(order) and scores[order[k + len(same)]] == scores[order[k]]:
            same.append(order[k + len(same)])
        new_hits = sum(gold[j] for j in same)
        hits += new_hits
        k += len(same)
        total += new_hits / positives * (hits / k)
    return total


def oracle_threshold(chrf: Sequence[float], gold: Sequence[bool]) -> float:
    """The chrF threshold (flag when below) with the best sentence F1, in one sweep."""
    positives = sum(gold)
    pairs = sorted(zip(chrf, gold, strict=True))
    best, best_f1, tp = 0.0, -1.0, 0
    for flagged, (value, positive) in enumerate(pairs):
        if flagged == 0 or value != pairs[flagged - 1][0]:
            f1 = 2 * tp / (flagged + positives) if flagged + positives else 0.0
            if f1 > best_f1:
                best, best_f1 = value, f1
        tp += positive
    return best


def prf(predicted: Sequence[bool], gold: Sequence[bool]) -> tuple[float, float, float]:
    tp = sum(p and g for p, g in zip(predicted, gold, strict=True))
    fp = sum(p and not g for p, g in zip(predicted, gold, strict=True))
    fn = sum(g and not p for p, g in zip(predicted, gold, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _chars(spans: Sequence[Span]) -> set[int]:
    return {c for a, b in spans for c in range(a, b)}


def span_f1(predicted: Sequence[Sequence[Span]], items: Sequence[Item]) -> float:
    """Character-level F1 of flagged English spans against the gold spans.

    Pairs whose injection removed text (omissions) have no gold English
    characters and are left out; every other pair counts, untouched ones too.
    """
    tp = fp = fn = 0
    for spans, item in zip(predicted, items, strict=True):
        if item.injection is not None and item.injection.type == "omission":
            continue
        pred = _chars(spans)
        gold = _chars(item.injection.spans if item.injection else ())
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass(frozen=True)
class Result:
    name: str
    precision: float
    recall: float
    f1: float
    auprc: float
    span_f1: float
    false_flags: float
    by_type: dict[str, float]


def evaluate(
    name: str,
    items: Sequence[Item],
    flagged: Sequence[bool],
    score: Sequence[float],
    spans: Sequence[Sequence[Span]],
) -> Result:
    gold = [i.injection is not None for i in items]
    precision, recall, f1 = prf(flagged, gold)
    untouched = [f for f, g in zip(flagged, gold, strict=True) if not g]
    by_type = {}
    for kind in TYPES:
        hits = [
            f
            for f, i in zip(flagged, items, strict=True)
            if i.injection and i.injection.type == kind
        ]
        by_type[kind] = sum(hits) / len(hits) if hits else 0.0
    return Result(
        name,
        precision,
        recall,
        f1,
        average_precision(score, gold),
        span_f1(spans, items),
        sum(untouched) / len(untouched),
        by_type,
    )


def flag_precision(
    items: Sequence[Item], verdicts: Sequence[Assessment]
) -> dict[str, tuple[int, int]]:
    """Per flag type and confidence: (flags on injected pairs, flags on untouched pairs).

    The share on injected pairs is the precision that calibrates each
    detector's ``confidence`` (translate_check/detect/calibration.py).
    """
    counts: dict[str, list[int]] = {}
    for item, verdict in zip(items, verdicts, strict=True):
        for key in {f"{f.type} @{f.confidence:.2f}" for f in verdict.flags}:
            counts.setdefault(key, [0, 0])[item.injection is None] += 1
    return {key: (hit, miss) for key, (hit, miss) in sorted(counts.items())}


Variant = tuple[str, HebrewParameters, Model | None]
"""A row of the ablation: its name, how the Hebrew is heard, the model fitted so."""


def number_coverage(
    items: Sequence[Item], pairs: Sequence[PairInput], verdicts: Sequence[Assessment]
) -> tuple[int, int]:
    """(number flags on a changed number whose Hebrew covers the Hebrew number, such flags
    where the Hebrew writes the number that was changed)."""
    covered = seen = 0
    for item, pair, verdict in zip(items, pairs, verdicts, strict=True):
        links = pair.evidence.links
        if item.injection is None or item.injection.type != "number" or links is None:
            continue
        old = tokenize(item.injection.note.split(" → ")[0])
        value = float(old[0].norm[1:]) if old and old[0].norm.startswith("#") else None
        targets = [h.span for h in links.hebrew if value is not None and h.number == value]
        if not targets:
            continue
        for flag in locate(verdict.flags, links, item.src, item.tgt, item.mt):
            if flag.type != "number" or not _overlap(flag.tgt_spans, item.injection.spans):
                continue
            seen += 1
            covered += _overlap(flag.src_spans, tuple(targets))
    return covered, seen


def _overlap(a: Sequence[Span], b: Sequence[Span]) -> bool:
    return any(s < e2 and s2 < e for s, e in a for s2, e2 in b)


def run(
    data: Path, rate: float, seed: int, show: int, variants: Sequence[Variant] = ()
) -> tuple[list[Result], dict[str, float], dict[str, tuple[int, int]]]:
    items = inject(load(data), rate, seed)
    scorer = Scorer()
    scores = [scorer.sentence(i.tgt, i.mt) for i in items]
    readings, _ = analyse(i.src for i in items)
    started = time.perf_counter()
    pairs = [
        PairInput.of(i.src, i.tgt, (Bridge("opus-mt", i.mt),), s, readings=readings)
        for i, s in zip(items, scores, strict=True)
    ]
    verdicts = [assess(p) for p in pairs]
    seconds = time.perf_counter() - started
    covered, seen = number_coverage(items, pairs, verdicts)
    ours = evaluate(
        "translate-check (default settings)",
        items,
        [v.severity != "none" for v in verdicts],
        [v.divergence for v in verdicts],
        [[s for f in v.flags for s in f.tgt_spans] for v in verdicts],
    )
    major = evaluate(
        "translate-check (major only)",
        items,
        [v.severity == "major" for v in verdicts],
        [v.divergence for v in verdicts],
        [[s for f in v.flags if f.severity == "major" for s in f.tgt_spans] for v in verdicts],
    )
    chrf = [s.chrf for s in scores]
    gold = [i.injection is not None for i in items]
    threshold = oracle_threshold(chrf, gold)
    baseline = evaluate(
        f"chrF < {threshold:.1f} (oracle-tuned)",
        items,
        [c < threshold for c in chrf],
        [-c for c in chrf],
        [[(0, len(i.tgt))] if c < threshold else [] for i, c in zip(items, chrf, strict=True)],
    )
    extra = []
    for name, hebrew, fitted in variants:
        other = [
            assess(
                PairInput.of(
                    i.src, i.tgt, (Bridge("opus-mt", i.mt),), s, hebrew=hebrew, readings=readings
                ),
                DetectSettings(hebrew=hebrew),
                fitted,
            )
            for i, s in zip(items, scores, strict=True)
        ]
        extra.append(
            evaluate(
                f"translate-check, {name}",
                items,
                [v.severity != "none" for v in other],
                [v.divergence for v in other],
                [[s for f in v.flags for s in f.tgt_spans] for v in other],
            )
        )
    if show:
        _show(items, verdicts, show)
    calibration = flag_precision(items, verdicts)
    stats = {
        "pairs": len(items),
        "injected": sum(gold),
        "seconds": seconds,
        "numbers_covered": covered,
        "number_flags": seen,
        **{f"n_{k}": sum(1 for i in items if i.injection and i.injection.type == k) for k in TYPES},
    }
    return [ours, *extra, major, baseline], stats, calibration


def _show(items: Sequence[Item], verdicts: Sequence[Assessment], limit: int) -> None:
    """Print misses and false flags, for error analysis."""
    shown = 0
    for k, (item, verdict) in enumerate(zip(items, verdicts, strict=True)):
        flagged = verdict.severity != "none"
        if flagged == (item.injection is not None) or shown >= limit:
            continue
        shown += 1
        kind = item.injection.type + ": " + item.injection.note if item.injection else "untouched"
        print(f"[{k}] {'MISS' if item.injection else 'FALSE FLAG'} ({kind})")
        print(f"   EN {item.tgt}\n   MT {item.mt}")
        for flag in verdict.flags:
            print(f"   -> {flag.type} {flag.severity}: {flag.message}")


def precision_table(calibration: dict[str, tuple[int, int]]) -> str:
    """Flags per detector and confidence on injected and untouched pairs."""
    lines = ["| flag @ confidence | on injected | on untouched | precision |", "|---|---|---|---|"]
    for key, (hit, miss) in calibration.items():
        lines.append(f"| {key} | {hit} | {miss} | {hit / (hit + miss):.2f} |")
    return "\n".join(lines) + "\n"


def table(name: str, results: Sequence[Result], stats: dict[str, float]) -> str:
    kinds = ", ".join(f"{k} {stats['n_' + k]:.0f}" for k in TYPES)
    share = stats["numbers_covered"] / max(stats["number_flags"], 1)
    head = (
        f"**{name}**: {stats['pairs']:.0f} pairs, {stats['injected']:.0f} with an injected "
        f"divergence ({kinds}); "
        f"detection {stats['seconds']:.2f} s. Number flags on a changed number whose "
        f"Hebrew covers the Hebrew number: {stats['numbers_covered']:.0f} of "
        f"{stats['number_flags']:.0f} ({share:.1%}).\n\n"
    )
    cols = ["system", "P", "R", "F1", "AUPRC", "span F1", "false flags", *TYPES]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in results:
        cells = [r.name, r.precision, r.recall, r.f1, r.auprc, r.span_f1, r.false_flags]
        cells += [r.by_type[k] for k in TYPES]
        lines.append(
            "| " + " | ".join(c if isinstance(c, str) else f"{c:.3f}" for c in cells) + " |"
        )
    return head + "\n".join(lines) + "\n"


def seed_table(name: str, per_seed: Sequence[tuple[int, Result]]) -> str:
    """The default-settings row for each injection seed, then the worst value of each column:
    how far the figures move with the injected sample."""
    cols = ["seed", "P", "R", "F1", "AUPRC", "span F1", "false flags", *TYPES]
    lines = [f"**{name}**, default settings, by seed:\n", "| " + " | ".join(cols) + " |"]
    lines.append("|" + "---|" * len(cols))

    def cells(r: Result) -> list[float]:
        row = [r.precision, r.recall, r.f1, r.auprc, r.span_f1, r.false_flags]
        return row + [r.by_type[k] for k in TYPES]

    for seed, r in per_seed:
        lines.append(f"| {seed} | " + " | ".join(f"{c:.3f}" for c in cells(r)) + " |")
    columns = list(zip(*(cells(r) for _, r in per_seed), strict=True))
    worst = [max(c) if k == 5 else min(c) for k, c in enumerate(columns)]
    lines.append("| worst | " + " | ".join(f"{c:.3f}" for c in worst) + " |")
    return "\n".join(lines) + "\n"


def operating_points(data: Path, rate: float, seed: int, thresholds: Sequence[float]) -> str:
    """Sentence P, R, F1 and untouched pairs flagged at each ``--min-confidence``."""
    items = inject(load(data), rate, seed)
    scorer = Scorer()
    everything = DetectSettings(min_confidence=CALIBRATION.floor)
    best = [
        max(
            (
                f.confidence
                for f in assess(
                    PairInput.of(
                        i.src, i.tgt, (Bridge("opus-mt", i.mt),), scorer.sentence(i.tgt, i.mt)
                    ),
                    everything,
                ).flags
            ),
            default=0.0,
        )
        for i in items
    ]
    gold = [i.injection is not None for i in items]
    lines = [
        f"**{data.name}**, seed {seed}:",
        "",
        "| `--min-confidence` | P | R | F1 | untouched flagged |",
        "|---|---|---|---|---|",
    ]
    for threshold in thresholds:
        flagged = [b >= threshold for b in best]
        precision, recall, f1 = prf(flagged, gold)
        untouched = [f for f, g in zip(flagged, gold, strict=True) if not g]
        share = sum(untouched) / len(untouched)
        lines.append(f"| {threshold:g} | {precision:.3f} | {recall:.3f} | {f1:.3f} | {share:.1%} |")
    return "\n".join(lines) + "\n"


def ablations() -> list[Variant]:
    """The Hebrew-link ablations, each with the confidence model refitted without it."""
    from bench.fit_confidence import fit, training_sets
    from translate_check.detect.confidence import parse

    sets = training_sets()
    found: list[Variant] = []
    for name, hebrew in (
        ("Hebrew not heard (refitted)", replace(HEBREW, witness=False)),
        ("no grammar-word ties, GLOSSES (refitted)", replace(HEBREW, glosses=False)),
    ):
        found.append((name, hebrew, parse(fit(sets, hebrew=hebrew))))
    return found


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, nargs="*", help="folders with he.txt, en.txt and mt.*.txt"
    )
    parser.add_argument("--rate", type=float, default=0.25, help="share of sentences injected")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--seeds", type=int, nargs="+", help="report the default settings for each of these seeds"
    )
    parser.add_argument("--show", type=int, default=0, help="print this many errors per set")
    parser.add_argument(
        "--thresholds", type=float, nargs="+", help="print the operating points at these"
    )
    parser.add_argument(
        "--ablate", action="store_true", help="add rows without the Hebrew and without GLOSSES"
    )
    args = parser.parse_args(argv)
    folders = args.data or [DATA / name for name in DEFAULT_SETS]
    variants = ablations() if args.ablate else ()
    for folder in folders:
        if args.thresholds:
            print(operating_points(folder, args.rate, args.seed, args.thresholds))
            continue
        if args.seeds:
            per_seed = []
            pooled: dict[str, tuple[int, int]] = {}
            for seed in args.seeds:
                results, _, calibration = run(folder, args.rate, seed, 0)
                per_seed.append((seed, results[0]))
                for key, (hit, miss) in calibration.items():
                    old_hit, old_miss = pooled.get(key, (0, 0))
                    pooled[key] = (old_hit + hit, old_miss + miss)
            print(seed_table(folder.name, per_seed))
            print(precision_table(dict(sorted(pooled.items()))))
            continue
        results, stats, calibration = run(folder, args.rate, args.seed, args.show, variants)
        print(table(folder.name, results, stats))
        print(precision_table(calibration))


if __name__ == "__main__":
    main()
