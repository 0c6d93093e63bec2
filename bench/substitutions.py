"""Cross-check: single-word substitutions the divergence benchmark's generator does not make.

``bench.divergence`` injects divergences with its own generator, and the
detectors were tuned on its output. This second injector is deliberately
plain and different — one regular-expression substitution per sentence
(``often`` → ``rarely``, ``first`` → ``second``, ``Iran`` → ``Japan``, ``can`` →
``cannot``, a number moved by 1–10) — so that recall that holds here is not an
artefact of one generator's shapes. Every sentence that admits a substitution of
the type drawn for it gets one; the table reports the share flagged, per type.

    python -m bench.substitutions [--data DIR ...] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from bench.divergence import DATA, DEFAULT_SETS, load
from translate_check.detect import PairInput, assess
from translate_check.model import Bridge
from translate_check.score import Scorer

COUNTRIES = [
    "Germany",
    "France",
    "Japan",
    "China",
    "India",
    "Russia",
    "Canada",
    "Australia",
    "Italy",
    "Spain",
    "Brazil",
    "Mexico",
    "Egypt",
    "Israel",
    "Iran",
    "Kenya",
    "Norway",
    "Chile",
    "Peru",
    "Vietnam",
]
SUBSTITUTIONS: dict[str, tuple[tuple[str, str | None], ...]] = {
    "number": (
        (r"\btwo\b", "three"), (r"\bthree\b", "five"), (r"\bfour\b", "six"),
        (r"\bfirst\b", "second"), (r"\bten\b", "twelve"), (r"\bhalf\b", "a third"),
        (r"\b(\d+)\b", None),
    ),
    "negation": (
        (r"\bcan\b", "cannot"), (r"\bis\b", "isn't"), (r"\bwas\b", "wasn't"),
        (r"\bare\b", "aren't"), (r"\bwill\b", "won't"), (r"\balways\b", "never"),
        (r"\bhas\b", "hasn't"), (r"\bdid not\b", "did"), (r"\bdoes not\b", "does"),
        (r"\bnot ", ""),
    ),
    "intensity": (
        (r"\bmany\b", "few"), (r"\boften\b", "rarely"), (r"\bsome\b", "all"),
        (r"\bmost\b", "a few"), (r"\bmay\b", "must"), (r"\bcould\b", "will"),
        (r"\bvery\b", "slightly"), (r"\busually\b", "always"), (r"\bsometimes\b", "always"),
        (r"\bmight\b", "will certainly"),
    ),
    "entity": ((r"\b(" + "|".join(COUNTRIES) + r")\b", None),),
}  # fmt: skip
"""Per type, (pattern, replacement) pairs tried in random order; None draws a replacement."""


def substitute(text: str, kind: str, rng: random.Random) -> str | None:
    """The text with one substitution of ``kind``, or None when none applies."""
    for pattern, replacement in rng.sample(SUBSTITUTIONS[kind], len(SUBSTITUTIONS[kind])):
        match = re.search(pattern, text)
        if not match:
            continue
        if replacement is None and kind == "number":
            value = int(match.group(1))
            replacement = str(value + rng.choice((1, 2, 3, 10)))
        elif replacement is None:
            replacement = rng.choice([c for c in COUNTRIES if c != match.group(1)])
        return text[: match.start()] + replacement + text[match.end() :]
    return None


def run(data: Path, seed: int) -> tuple[Counter[str], Counter[str]]:
    """(flagged, substituted) counts per type."""
    scorer = Scorer()
    rng = random.Random(seed)
    flagged: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for src, mt, tgt in load(data):
        kind = rng.choice(sorted(SUBSTITUTIONS))
        changed = substitute(tgt, kind, rng)
        if changed is None or changed == tgt:
            continue
        verdict = assess(
            PairInput.of(src, changed, (Bridge("opus-mt", mt),), scorer.sentence(changed, mt))
        )
        total[kind] += 1
        flagged[kind] += verdict.severity != "none"
    return flagged, total


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, nargs="*", help="folders with he.txt, en.txt, mt")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    kinds = sorted(SUBSTITUTIONS)
    print("| corpus | " + " | ".join(kinds) + " |")
    print("|---|" + "---|" * len(kinds))
    for folder in args.data or [DATA / name for name in DEFAULT_SETS]:
        flagged, total = run(folder, args.seed)
        cells = [f"{flagged[k] / total[k]:.2f} ({total[k]})" if total[k] else "—" for k in kinds]
        print(f"| {folder.name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
