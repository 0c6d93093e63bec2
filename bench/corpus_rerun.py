"""Rerun speed of ``translate-check corpus``: first run against an unchanged rerun.

``python -m bench.corpus_rerun`` builds a tiny random-weight Marian model (no
download), copies fixtures/corpus to a scratch folder and times three runs of
the corpus command with ``--model <tiny dir> --engine hf``, each in a fresh
process so imports count as they do for a user:

1. first run, empty caches: torch is loaded, every sentence translated;
2. rerun on the unchanged corpus: every document comes from the results cache,
   so no model is opened at all;
3. rerun after editing one Hebrew sentence: one document is checked again and
   only the edited sentence is translated (the others come from the
   translation cache).

Results go to bench/results/corpus.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "fixtures" / "corpus"
RESULTS = ROOT / "bench" / "results" / "corpus.md"
EDITED = Path("news") / "amazon-ring.he.txt"


def _training_lines() -> list[str]:
    """The corpus's own Hebrew and MT English train the tiny model's tokenizers."""
    rows = (CORPUS / "mt.tsv").read_text(encoding="utf-8").splitlines()
    return [part for row in rows for part in row.split("\t")]


def _run(corpus: Path, model: Path, cache: Path, config: Path) -> float:
    command = [
        sys.executable,
        "-m",
        "translate_check",
        "corpus",
        str(corpus),
        "--config",
        str(config),
        "--model",
        str(model),
        "--engine",
        "hf",
        "--device",
        "cpu",
        "--cache-dir",
        str(cache),
        "--exit-zero",
        "-q",
        "-f",
        "json",
        "-o",
        str(cache / "out"),
    ]
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(repeats: int) -> dict[str, list[float]]:
    from translate_check.mt.random_model import build_random_marian

    times: dict[str, list[float]] = {"first": [], "unchanged": [], "one edit": []}
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        model = build_random_marian(scratch / "tiny", _training_lines(), size="tiny")
        config = scratch / "translate-check.toml"
        config.write_text(
            (CORPUS / "translate-check.toml")
            .read_text(encoding="utf-8")
            .replace('mt-file = ["mt.tsv"]\n', ""),
            encoding="utf-8",
        )
        for k in range(repeats):
            corpus = Path(shutil.copytree(CORPUS, scratch / f"corpus-{k}"))
            cache = scratch / f"cache-{k}"
            times["first"].append(_run(corpus, model, cache, config))
            times["unchanged"].append(_run(corpus, model, cache, config))
            edited = corpus / EDITED
            edited.write_text(edited.read_text(encoding="utf-8").replace("2017", "2018"))
            times["one edit"].append(_run(corpus, model, cache, config))
    return times


def report(times: dict[str, list[float]]) -> str:
    first = statistics.median(times["first"])
    rows = [
        f"| {name} | {statistics.median(values):.2f} | {min(values):.2f} | "
        f"{', '.join(f'{v:.2f}' for v in values)} | {first / statistics.median(values):.1f}× |"
        for name, values in times.items()
    ]
    return "\n".join(
        [
            "# Corpus rerun speed",
            "",
            "`python -m bench.corpus_rerun`: `translate-check corpus fixtures/corpus --model "
            "<tiny random Marian> --engine hf`, each run a fresh process (imports included), "
            f"{len(times['first'])} repeats, fresh caches per repeat.",
            "",
            f"Machine: {platform.platform()}, Python {platform.python_version()}, "
            f"{os.cpu_count()} CPUs.",
            "",
            "| run | median s | best s | all runs s | speed-up over first (medians) |",
            "|---|---|---|---|---|",
            *rows,
            "",
            "The unchanged rerun reuses every document's result from the results cache "
            "and never opens the model (torch is not even imported); the rerun after one "
            "edited Hebrew sentence loads the model, translates that sentence only and "
            "checks that one document again.",
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print, do not write results")
    args = parser.parse_args()
    text = report(measure(args.repeats))
    print(text)
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
