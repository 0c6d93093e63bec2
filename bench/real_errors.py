"""Real translation errors: translate-check's flags against professional MQM error spans.

WMT23 QE he-en runs the product as a user would: ``translate-check verify
--paired`` on the Hebrew and the English under test, each bridge given as an
``--mt-file``, the JSON report read back. Every flag's English spans, with its
severity, are the prediction; they are scored by character slots (WMT23 Task 2,
see ``bench/realdata.py``) beside the published systems' predictions for the
same lines and the plain word diff. The WMT21 zh-en MQM set has a Chinese
source, which ``verify`` refuses as input, so it runs through the same pipeline
in process (``translate_check.pipeline.verify`` with the given pairing).

The reliability table bins every flag down to confidence 0.1 by its
confidence and compares with how often such flags overlap a marked error.
The shipped model was fitted on all of these data; ``python -m
bench.fit_confidence --holdout a`` gives the same figures for a model that did
not see part ``a``.

The Hebrew is heard as a witness beside the bridges (``translate_check.links``);
``--ablate`` adds, in process, the same detectors without it and without the
grammar-word ties (``GLOSSES``), each with a confidence model refitted so. The
zh-en rows have no Hebrew, so there the witness can change nothing.

    python -m bench.real_errors [--min-confidence 0.1 0.2 0.3 0.5] [--ablate]
"""

from __future__ import annotations

import argparse
import difflib
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import snowballstemmer

from bench.realdata import (
    WMT23,
    WMT23_BRIDGES,
    Example,
    GoldSpan,
    SlotScore,
    calibration_error,
    marked,
    mqm,
    slot_f1,
    wmt23,
)
from translate_check.detect import DetectSettings, PairInput, assess
from translate_check.detect.confidence import Model
from translate_check.hebrew import analyse
from translate_check.links import HEBREW, HebrewParameters
from translate_check.model import Bridge, Flag
from translate_check.score import Scorer

THRESHOLDS = (0.1, 0.2, 0.3, 0.5)


def spans_of(flags: Sequence[Flag], text: str) -> list[GoldSpan]:
    """A flag's English spans as predictions; a flag with none (an omission the English
    gives no place for) predicts the end-of-sentence slot."""
    out: list[GoldSpan] = []
    for flag in flags:
        spans = flag.tgt_spans or ((len(text), len(text)),)
        out += [(a, b, flag.severity) for a, b in spans]
    return out


def in_process(
    examples: Sequence[Example],
    min_confidence: float,
    confidence: Model | None = None,
    hebrew: HebrewParameters = HEBREW,
) -> list[list[Flag]]:
    """Every flag down to the floor for each example, through the detectors directly, the
    Hebrew read with hspell as ``verify`` reads it and heard as ``hebrew`` says."""
    scorer = Scorer()
    readings, _ = analyse(e.src for e in examples)
    settings = DetectSettings(min_confidence=min_confidence, hebrew=hebrew)
    result = []
    for e in examples:
        bridges = tuple(Bridge(f"bridge{k}", t) for k, t in enumerate(e.bridges))
        pair = PairInput.of(
            e.src,
            e.tgt,
            bridges,
            scorer.sentence(e.tgt, e.bridges[0]),
            hebrew=hebrew,
            readings=readings,
        )
        verdict = assess(pair, settings, confidence)
        result.append(list(verdict.flags))
    return result


def cli_flags(bridges: int, min_confidence: float, data: Path = WMT23) -> list[list[Flag]]:
    """Run ``translate-check verify --paired`` on WMT23 and read each line's flags back,
    their spans moved onto the raw lines (the report indexes normalised text)."""
    examples = wmt23(bridges, data)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        mt_files = []
        for k, name in enumerate(WMT23_BRIDGES[:bridges]):
            path = folder / f"{name}.tsv"
            path.write_text(
                "".join(f"{e.src}\t{e.bridges[k]}\n" for e in examples), encoding="utf-8"
            )
            mt_files += ["--mt-file", str(path)]
        out = folder / "report.json"
        command = [
            *(sys.executable, "-m", "translate_check", "verify"),
            *(str(data / "he.txt"), str(data / "en.txt"), "--paired", *mt_files),
            *("--min-confidence", str(min_confidence), "--json", str(out), "-q", "--exit-zero"),
        ]
        subprocess.run(command, check=True)
        report = json.loads(out.read_text(encoding="utf-8"))
    flags: list[list[Flag]] = [[] for _ in examples]
    for pair in report["pairs"]:
        (line,) = pair["tgt"]
        moved = _mover(pair["tgt_text"], examples[line].tgt)
        for f in pair["flags"]:
            spans = tuple((moved(a), moved(b)) for a, b in f["tgt_spans"])
            flags[line].append(
                Flag(f["type"], f["severity"], f["message"], spans, confidence=f["confidence"])
            )
    return flags


def _mover(normalised: str, raw: str):
    """Map offsets in the normalised text onto the raw line (they differ only where the
    line had odd spaces or invisible marks)."""
    if normalised == raw:
        return lambda k: k
    table = {}
    for a, b, size in difflib.SequenceMatcher(
        None, normalised, raw, autojunk=False
    ).get_matching_blocks():
        for d in range(size + 1):
            table[a + d] = b + d
    return lambda k: table.get(k, min(k, len(raw)))


def word_diff(examples: Sequence[Example]) -> list[list[GoldSpan]]:
    """The README's baseline: every English word whose Snowball stem no bridge has."""
    import re

    stemmer = snowballstemmer.stemmer("english")
    words = re.compile(r"\w+")
    out = []
    for e in examples:
        stems = [{stemmer.stemWord(w.lower()) for w in words.findall(b)} for b in e.bridges]
        out.append(
            [
                (m.start(), m.end(), "major")
                for m in words.finditer(e.tgt)
                if all(stemmer.stemWord(m.group().lower()) not in s for s in stems)
            ]
        )
    return out


def peers(data: Path = WMT23) -> dict[str, list[list[GoldSpan]]]:
    """The published systems' predicted spans for the same lines."""
    return {
        path.stem: [
            [tuple(s) for s in json.loads(line)["spans"]]
            for line in path.read_text(encoding="utf-8").splitlines()
        ]
        for path in sorted((data / "peers").glob("*.jsonl"))
    }


def reliability(
    examples: Sequence[Example], flags: Sequence[Sequence[Flag]], bins: int = 5
) -> tuple[list[tuple[str, int, float, float]], float]:
    """Rows (bin, flags, mean confidence, share right) and the expected calibration error."""
    seen = [
        (f.confidence, bool(marked(f.type, f.tgt_spans, e.tgt, e.gold)))
        for e, fs in zip(examples, flags, strict=True)
        for f in fs
    ]
    rows = []
    for k in range(bins):
        lo, hi = 0.1 + k * 0.9 / bins, 0.1 + (k + 1) * 0.9 / bins
        inside = [(c, r) for c, r in seen if lo <= c < hi or (k == bins - 1 and c >= hi)]
        if inside:
            rows.append(
                (
                    f"{lo:.2f}–{hi:.2f}",
                    len(inside),
                    sum(c for c, _ in inside) / len(inside),
                    sum(r for _, r in inside) / len(inside),
                )
            )
    return rows, calibration_error(seen)


def score(examples: Sequence[Example], flags: Sequence[Sequence[Flag]]) -> SlotScore:
    return slot_f1(
        [e.tgt for e in examples],
        [e.gold for e in examples],
        [spans_of(fs, e.tgt) for e, fs in zip(examples, flags, strict=True)],
    )


def _row(name: str, s: SlotScore) -> str:
    return f"| {name} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} |"


def _report(
    title: str,
    examples: Sequence[Example],
    flags_at: Callable[[float], list[list[Flag]]],
    thresholds: Sequence[float],
    others: dict[str, list[list[GoldSpan]]],
) -> None:
    """One table: translate-check at each threshold, the word diff and ``others`` on the
    same examples, then the reliability of every flag from 0.1 up."""
    texts, gold = [e.tgt for e in examples], [e.gold for e in examples]
    bridges = len(examples[0].bridges)
    print(f"\n### {title}\n\n| system | P | R | F1 |\n|---|---|---|---|")
    for threshold in thresholds:
        flagged = score(examples, flags_at(threshold))
        print(_row(f"translate-check, --min-confidence {threshold:g}", flagged))
    print(_row(f"word diff against {bridges} bridge(s)", slot_f1(texts, gold, word_diff(examples))))
    for name, spans in others.items():
        print(_row(name, slot_f1(texts, gold, spans)))
    rows, ece = reliability(examples, flags_at(0.1))
    print(f"\nReliability (every flag ≥ 0.1): ECE {ece:.3f}\n")
    print("| confidence | flags | mean confidence | share right |\n|---|---|---|---|")
    for name, n, c, r in rows:
        print(f"| {name} | {n} | {c:.3f} | {r:.3f} |")


def ablation(thresholds: Sequence[float]) -> None:
    """Shipped settings beside the Hebrew-link ablations, one bridge, in process."""
    from bench.divergence import ablations

    variants = [("Hebrew heard (shipped)", HEBREW, None), *ablations()]
    for title, examples in (
        ("WMT23 QE he-en (dev half), 1 bridge", wmt23(1)),
        ("WMT21 MQM zh-en, 1 other translation as bridge", mqm(1)),
    ):
        print(f"\n### Ablation: {title}, in process\n")
        print("| settings | min-confidence | P | R | F1 | ECE ≥ 0.1 |\n|---|---|---|---|---|---|")
        for name, hebrew, fitted in variants:
            _, ece = reliability(examples, in_process(examples, 0.1, fitted, hebrew))
            for threshold in thresholds:
                s = score(examples, in_process(examples, threshold, fitted, hebrew))
                print(
                    f"| {name} | {threshold:g} | {s.precision:.3f} | {s.recall:.3f} "
                    f"| {s.f1:.3f} | {ece:.3f} |"
                )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-confidence", type=float, nargs="+", default=list(THRESHOLDS))
    parser.add_argument(
        "--ablate", action="store_true", help="only the Hebrew-link ablation, in process"
    )
    args = parser.parse_args(argv)
    if args.ablate:
        ablation(args.min_confidence)
        return
    for bridges in (1, 3):
        _report(
            f"WMT23 QE he-en (dev half), {bridges} bridge(s), `verify --paired`",
            wmt23(bridges),
            lambda threshold, n=bridges: cli_flags(n, threshold),
            args.min_confidence,
            peers() if bridges == 1 else {},
        )
    for bridges in (1, 3):
        examples = mqm(bridges)
        _report(
            f"WMT21 MQM zh-en, {bridges} other translation(s) as bridges, in process",
            examples,
            lambda threshold, chosen=examples: in_process(chosen, threshold),
            args.min_confidence,
            {},
        )


if __name__ == "__main__":
    main()
