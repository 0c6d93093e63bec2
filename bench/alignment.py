"""Benchmark of the sentence aligner on perturbed parallel corpora.

The English side of a line-aligned corpus is edited the way human
translations depart from their source (sentences merged, split at clause
boundaries, dropped, and added: both unrelated sentences and ones that
rework nearby content), which yields gold beads to score against.  Runs are
seeded, so the table is reproducible.

Usage: ``python -m bench.alignment [--data DIR] [--seed N] [--out FILE]``
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from translate_check.align import AlignOptions, align
from translate_check.embed.base import Encoder
from translate_check.model import Bead

MT_FILE = "mt.opus-mt-tc-big-he-en.txt"
CORPORA = ("flores200-devtest", "ntrex128")
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
DEFAULT_OUT = Path(__file__).resolve().parent / "results" / "alignment.md"
#: Timings are the best of this many runs, to discount other load on the machine.
REPEATS = 3

# Bead priors of Gale and Church (1993); 1-3 and 3-1, which they did not
# model, get a prior below that of 2-2.
_GC_PRIORS = {(1, 1): 0.89, (1, 2): 0.089 / 2, (2, 1): 0.089 / 2, (2, 2): 0.011}
#: The length-only baseline: the same search, with Gale-Church costs alone.
GALE_CHURCH = AlignOptions(
    similarity_weight=0.0,
    length_weight=1.0,
    skip_penalty=-math.log(0.0099 / 2),
    bead_penalties=(
        *((kind, -math.log(p)) for kind, p in _GC_PRIORS.items()),
        ((1, 3), -math.log(0.001)),
        ((3, 1), -math.log(0.001)),
    ),
)

_CLAUSE = re.compile(r"(?:[,;:]| -| –)\s+|\s+(?=(?:and|but|while|which|because|although|so)\s)")


@dataclass(frozen=True)
class Rates:
    """Per-sentence probabilities of each edit to the English."""

    merge2: float = 0.04
    merge3: float = 0.015
    split: float = 0.05
    drop: float = 0.03
    insert_foreign: float = 0.02
    insert_paraphrase: float = 0.02


@dataclass(frozen=True)
class Case:
    """One perturbed document: MT of the source, edited English, gold beads."""

    mt: list[str]
    tgt: list[str]
    gold: list[Bead]


def _split(sentence: str, rng: random.Random) -> tuple[str, str] | None:
    """Cut a sentence at a clause boundary into two halves that read as sentences."""
    cuts = [
        m
        for m in _CLAUSE.finditer(sentence)
        if len(sentence[: m.start()].split()) >= 4 and len(sentence[m.end() :].split()) >= 4
    ]
    if not cuts:
        return None
    cut = rng.choice(cuts)
    head = sentence[: cut.start()].rstrip(" ,;:") + "."
    tail = sentence[cut.end() :].strip()
    return head, tail[:1].upper() + tail[1:]


def _paraphrase(sentence: str, rng: random.Random) -> str:
    """A sentence reworking a neighbour: clauses reordered, or part of it copied."""
    parts = [p for p in re.split(r",\s+", sentence.rstrip(".")) if p]
    words = sentence.rstrip(".").split()
    if len(parts) >= 2 and rng.random() < 0.5:
        rng.shuffle(parts)
        text = ", ".join(parts)
    else:
        size = max(3, int(len(words) * rng.uniform(0.4, 0.7)))
        start = rng.randrange(max(1, len(words) - size + 1))
        text = " ".join(words[start : start + size])
    return text[:1].upper() + text[1:] + "."


def perturb(mt: Sequence[str], en: Sequence[str], seed: int, rates: Rates = Rates()) -> Case:
    """Edit the English of a line-aligned corpus; returns the case with its gold beads."""
    rng = random.Random(seed)
    tgt: list[str] = []
    gold: list[Bead] = []
    n = len(mt)

    def emit(src: tuple[int, ...], texts: Sequence[str]) -> None:
        ids = tuple(range(len(tgt), len(tgt) + len(texts)))
        tgt.extend(texts)
        gold.append(Bead(src, ids))

    i = 0
    while i < n:
        r = rng.random()
        halves = _split(en[i], rng) if r < rates.split else None
        r -= rates.split
        if halves:
            emit((i,), list(halves))
            i += 1
        elif 0 <= r < rates.merge2 and i + 1 < n:
            emit((i, i + 1), [en[i] + " " + en[i + 1]])
            i += 2
        elif 0 <= r - rates.merge2 < rates.merge3 and i + 2 < n:
            emit((i, i + 1, i + 2), [" ".join(en[i : i + 3])])
            i += 3
        elif 0 <= r - rates.merge2 - rates.merge3 < rates.drop:
            for k in range(i, min(n, i + rng.randint(1, 3))):
                gold.append(Bead((k,), ()))
            i = k + 1
        else:
            emit((i,), [en[i]])
            i += 1
        r = rng.random()
        if r < rates.insert_foreign and n > 400:
            far = (i + rng.randrange(200, n - 200)) % n
            emit((), [en[far]])
        elif r < rates.insert_foreign + rates.insert_paraphrase and i > 0:
            emit((), [_paraphrase(en[i - 1], rng)])
    return Case(list(mt), tgt, gold)


def _f1(pred: set, gold: set) -> float:
    hit = len(pred & gold)
    if not pred and not gold:
        return 1.0
    return 2 * hit / (len(pred) + len(gold))


def score(pred: Sequence[Bead], gold: Sequence[Bead]) -> tuple[float, float]:
    """Strict bead F1 and the F1 of sentences left unaligned (1-0 and 0-1 beads)."""
    beads = {(b.src, b.tgt) for b in pred}, {(b.src, b.tgt) for b in gold}

    def unaligned(bs: Sequence[Bead]) -> set:
        return {("s", i) for b in bs if not b.tgt for i in b.src} | {
            ("t", j) for b in bs if not b.src for j in b.tgt
        }

    return _f1(*beads), _f1(unaligned(pred), unaligned(gold))


def _best_of(fn: Callable[[], list[Bead]]) -> tuple[list[Bead], float]:
    """Result and best wall time of ``REPEATS`` runs (other load on the machine only adds)."""
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        beads = fn()
        times.append(time.perf_counter() - start)
    return beads, min(times)


def load(data: Path, name: str, file: str = "en.txt") -> list[str]:
    return (data / name / file).read_text(encoding="utf-8").splitlines()


def large_case(corpora: Sequence[tuple[list[str], list[str]]], size: int, seed: int) -> Case:
    """A document of ``size`` source sentences: the corpora repeated, each copy perturbed anew."""
    mt: list[str] = []
    tgt: list[str] = []
    gold: list[Bead] = []
    copy = 0
    while len(mt) < size:
        for cmt, cen in corpora:
            take = min(len(cmt), size - len(mt))
            if take <= 0:
                break
            case = perturb(cmt[:take], cen[:take], seed + copy)
            copy += 1
            gold += [
                Bead(tuple(i + len(mt) for i in b.src), tuple(j + len(tgt) for j in b.tgt))
                for b in case.gold
            ]
            mt += case.mt
            tgt += case.tgt
    return Case(mt, tgt, gold)


def _with_lengths(case: Case, lengths: list[int]) -> list[Bead]:
    return align(case.mt, case.tgt, src_lengths=lengths)


def _with_encoder(source: list[str], encoder: Encoder, case: Case, bridged: bool) -> list[Bead]:
    return align(case.mt if bridged else None, case.tgt, source=source, encoder=encoder)


def _encoder() -> Encoder | None:
    """The bundled encoder behind the user's embedding cache (its first run embeds the
    corpora once; timings are of later runs), or None where it cannot run."""
    from platformdirs import user_cache_dir

    from translate_check.embed import EncoderUnavailable, load_encoder

    try:
        return load_encoder(cache_dir=Path(user_cache_dir("translate-check")))
    except EncoderUnavailable:
        return None


def run(data: Path, seed: int) -> str:
    """Run every benchmark and return the markdown report."""
    corpora = {name: (load(data, name, MT_FILE), load(data, name)) for name in CORPORA}
    rows = [
        "| corpus | sentences (src / tgt) | aligner | strict bead F1 | unaligned F1 | time (s) |",
        "|---|---|---|---|---|---|",
    ]
    encoder = _encoder()
    for name, (mt, en) in corpora.items():
        hebrew = load(data, name, "he.txt")
        he_lengths = [len(s) for s in hebrew]
        for s in (seed, seed + 1, seed + 2):
            case = perturb(mt, en, s)
            runs: list[tuple[str, Callable[[Case], list[Bead]]]] = [
                ("align (default)", lambda c: align(c.mt, c.tgt)),
                ("align + Hebrew lengths", partial(_with_lengths, lengths=he_lengths)),
                ("Gale-Church (length only)", lambda c: align(c.mt, c.tgt, options=GALE_CHURCH)),
            ]
            if encoder is not None:
                runs += [
                    ("MT and encoder", partial(_with_encoder, hebrew, encoder, bridged=True)),
                    ("encoder only", partial(_with_encoder, hebrew, encoder, bridged=False)),
                ]
            for label, aligner in runs:
                beads, secs = _best_of(partial(aligner, case))
                strict, unal = score(beads, case.gold)
                rows.append(
                    f"| {name} seed {s} | {len(case.mt)} / {len(case.tgt)} | {label} "
                    f"| {strict:.4f} | {unal:.4f} | {secs:.2f} |"
                )
    timing = [
        "| sentences per side (src / tgt) | strict bead F1 | unaligned F1 | align() time (s) |",
        "|---|---|---|---|",
    ]
    both = list(corpora.values())
    for size in (500, 2000, 8000):
        case = large_case(both, size, seed)
        beads, secs = _best_of(lambda c=case: align(c.mt, c.tgt))
        strict, unal = score(beads, case.gold)
        timing.append(
            f"| {len(case.mt)} / {len(case.tgt)} | {strict:.4f} | {unal:.4f} | {secs:.2f} |"
        )
    rates = Rates()
    return "\n".join(
        [
            "# Sentence alignment benchmark",
            "",
            "Generated by `python -m bench.alignment`. The English of each corpus is perturbed "
            f"per source sentence (merge 2: {rates.merge2}, merge 3: {rates.merge3}, clause "
            f"split: {rates.split}, drop a run of 1-3: {rates.drop}, insert a far-away "
            f"sentence: {rates.insert_foreign}, insert a reworked neighbour: "
            f"{rates.insert_paraphrase}); MT is `{MT_FILE}`. Strict F1 counts a bead only when "
            "it equals a gold bead; unaligned F1 scores the set of sentences put in 1-0 / 0-1 "
            "beads. Gale-Church is the same search with only its length cost and bead priors. "
            f"Times are the best of {REPEATS} runs, in seconds, on the machine that ran this.",
            "",
            *rows,
            "",
            "## Speed",
            "",
            "Documents built by repeating both corpora, each copy perturbed with its own seed; "
            "F1 and time of `align()` with default options.",
            "",
            *timing,
            "",
            f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f} when the run ended.",
            "",
        ]
    )


TEXTBERG = "textberg-de-fr-dev"
#: Published strict F1 on the held-out Text+Berg articles (the data's README).
PEERS = {
    "Bertalign (LaBSE)": 0.936,
    "Vecalign (LASER)": 0.902,
    "hunalign with the MT": 0.823,
    "Bleualign": 0.807,
}
#: The views compared, as the options a user gives.
VIEWS = {
    "MT only": ["--no-encoder"],
    "encoder only": ["--no-mt"],
    "MT and encoder": [],
}


def _textberg_score(folder: Path) -> Callable[[list], dict[str, float]]:
    """The data's own scorer (Vecalign's measures), bound to its gold beads."""
    import importlib.util
    import json

    spec = importlib.util.spec_from_file_location("textberg_score", folder / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    gold = json.loads((folder / "gold.json").read_text("utf-8"))["beads"]
    return lambda beads: module.score(gold, beads)


def real_translation(data: Path) -> list[str]:
    """Table rows: the Text+Berg development document through the CLI, as a user runs it.

    Each view runs in a fresh process with an empty cache (so the encoder's time
    is its real cost), then once more on the warm cache (a rerun embeds nothing).
    """
    import json
    import subprocess
    import sys
    import tempfile

    folder = data / TEXTBERG
    score = _textberg_score(folder)
    rows = [
        "| view | strict P | strict R | strict F1 | lax F1 | time, cold cache (s) | "
        "time, warm (s) | texts embedded | embedded per s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        de = (folder / "de.txt").read_text("utf-8").splitlines()
        mt = (folder / "mt.google.fr.txt").read_text("utf-8").splitlines()
        (work / "mt.tsv").write_text(
            "".join(f"{a}\t{b}\n" for a, b in zip(de, mt, strict=True)), "utf-8"
        )
        for name, extra in VIEWS.items():
            cache = work / f"cache-{len(extra)}-{name[0]}"
            command = [sys.executable, "-m", "translate_check", "verify"]
            command += [str(folder / "de.txt"), str(folder / "fr.txt"), "--segmented"]
            command += ["--source-lang", "de", "--target-lang", "fr", "--exit-zero", "-q"]
            command += ["--json", str(work / "out.json"), "--cache-dir", str(cache), *extra]
            if "--no-mt" not in extra:
                command += ["--mt-file", str(work / "mt.tsv")]
            times = []
            for _ in range(2):
                start = time.perf_counter()
                subprocess.run(command, check=True)
                times.append(time.perf_counter() - start)
            report = json.loads((work / "out.json").read_text("utf-8"))
            result = score([[p["src"], p["tgt"]] for p in report["pairs"]])
            embedded = _embedded(cache)
            rate = f"{embedded / times[0]:.1f}" if embedded else "–"
            rows.append(
                f"| {name} | {result['strict_P']:.3f} | {result['strict_R']:.3f} | "
                f"**{result['strict_F1']:.3f}** | {result['lax_F1']:.3f} | {times[0]:.1f} | "
                f"{times[1]:.1f} | {embedded} | {rate} |"
            )
    rows += [
        f"| {peer} (published, held-out articles) | | | {f1:.3f} | | | | | |"
        for peer, f1 in PEERS.items()
    ]
    return rows


def line_parallel(data: Path, encoder: Encoder | None, seed: int) -> list[str]:
    """Table rows: share of lines kept 1-1 when line-parallel files with injected drifts
    (``bench.divergence``'s generator, a quarter of the lines) go through the aligner."""
    from bench.divergence import inject
    from bench.divergence import load as load_rows

    rows = ["| corpus | lines | aligner | lines kept 1-1 |", "|---|---|---|---|"]
    for name in CORPORA:
        items = inject(load_rows(data / name), 0.25, seed)
        source = [item.src for item in items]
        mt = [item.mt for item in items]
        target = [item.tgt for item in items]
        runs: list[tuple[str, Callable[[], list[Bead]]]] = [
            ("MT only", partial(align, mt, target, source=source)),
        ]
        if encoder is not None:
            runs += [
                ("MT and encoder", partial(align, mt, target, source=source, encoder=encoder)),
                ("encoder only", partial(align, None, target, source=source, encoder=encoder)),
            ]
        for label, run_aligner in runs:
            beads = run_aligner()
            kept = sum(len(b.src) == len(b.tgt) == 1 and b.src == b.tgt for b in beads)
            rows.append(f"| {name} | {len(items)} | {label} | {kept / len(items):.2%} |")
    return rows


def _embedded(cache: Path) -> int:
    """How many texts the run embedded: the rows of its embedding cache."""
    import sqlite3

    path = cache / "embeddings.sqlite3"
    if not path.exists():
        return 0
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0])


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--real-only", action="store_true", help="only the real-translation table")
    args = parser.parse_args(argv)
    sections = [
        "## Real translations",
        "",
        "Text+Berg de-fr development document (468 German, 554 French sentences, human "
        "alignment), through `translate-check verify --segmented --source-lang de "
        "--target-lang fr`, the 2010 MT as `--mt-file`. The encoder's weights were fitted on "
        "this document; the n-gram weights on perturbed FLORES/NTREX.",
        "",
        *real_translation(args.data),
        "",
    ]
    if not args.real_only:
        sections = [
            run(args.data, args.seed),
            "## Line-parallel files",
            "",
            f"Each corpus with drifts injected into a quarter of its English lines (seed "
            f"{args.seed}, `bench.divergence`), aligned as `--segmented` aligns every file.",
            "",
            *line_parallel(args.data, _encoder(), args.seed),
            "",
            *sections,
        ]
    report = "\n".join(sections)
    print(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
