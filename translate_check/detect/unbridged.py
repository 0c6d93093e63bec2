"""What can be checked without word-level evidence: sentences with no counterpart, and pairs
the encoder finds far less alike than the rest of the document.

Word-level checks compare the English with an MT bridge and know English and
Hebrew words.  With no bridge (``--no-mt``), or for another language pair,
only the alignment and the encoder's similarity of each pair remain: enough
to point at a dropped or added sentence, or at a pair that says something else.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from translate_check.detect.base import Assessment
from translate_check.detect.calibration import pair_severity, threshold
from translate_check.model import Flag, language_name

if TYPE_CHECKING:
    from translate_check.detect.registry import DetectSettings

MAD_TO_SD = 1.4826
"""The median absolute deviation of a normal distribution times this is its standard
deviation (a fact, not a choice)."""


@dataclass(frozen=True)
class UnbridgedParameters:
    """The numbers the checks without word-level evidence decide by."""

    outlier_spread: float = 3.0
    """Robust deviations (median absolute deviation, scaled to a standard deviation) below
    the document's median similarity at which a pair is flagged. Chosen on FLORES-200
    devtest (he-en, bundled encoder): 0.2% of its faithful pairs fall below, 98% of pairs
    whose English was replaced by another sentence of the document; on NTREX-128 0.3% and
    96%."""
    spread_min: float = 0.02
    """Least spread assumed, so a document of near-identical similarities flags nothing."""
    unaligned_confidence: float = 0.9
    """Declared confidence of a sentence left without counterpart by the aligner (the
    omission and addition detectors' raw level for a large gap)."""
    outlier_confidence: float = 0.6
    """Declared confidence of a similarity outlier: uncalibrated, so kept under major."""


UNBRIDGED = UnbridgedParameters()


def similarity_floor(
    similarities: Sequence[float], parameters: UnbridgedParameters = UNBRIDGED
) -> float:
    """Similarity under which a pair stands out from the document's other pairs."""
    if len(similarities) < 3:
        return float("-inf")
    median = statistics.median(similarities)
    spread = MAD_TO_SD * statistics.median(abs(s - median) for s in similarities)
    return median - parameters.outlier_spread * max(spread, parameters.spread_min)


def assess_unbridged(
    src_text: str,
    tgt_text: str,
    similarity: float | None,
    floor: float,
    langs: tuple[str, str],
    settings: DetectSettings,
) -> Assessment:
    """Flags for one pair from its alignment and encoder similarity alone; under the
    run's ``min_confidence`` (down to the calibration's floor) they are held back."""
    parameters = settings.unbridged
    source, target = (language_name(code) for code in langs)
    flags: list[Flag] = []
    if src_text.strip() and not tgt_text.strip():
        flags.append(
            Flag(
                "omission",
                "major",
                f"{source} sentence with no {target} counterpart",
                (),
                (),
                confidence=parameters.unaligned_confidence,
            )
        )
    elif tgt_text.strip() and not src_text.strip():
        flags.append(
            Flag(
                "addition",
                "major",
                f"{target} sentence with no {source} counterpart",
                ((0, len(tgt_text)),),
                confidence=parameters.unaligned_confidence,
            )
        )
    elif similarity is not None and similarity < floor:
        flags.append(
            Flag(
                "mistranslation",
                "minor",
                f"the {target} and the {source} are far less alike than the document's other "
                f"pairs (encoder similarity {similarity:.2f}, under {floor:.2f})",
                ((0, len(tgt_text)),),
                confidence=parameters.outlier_confidence,
            )
        )
    shown, held = threshold(flags, settings)
    divergence = max((f.confidence for f in shown), default=0.0)
    return Assessment(tuple(shown), divergence, pair_severity(shown), tuple(held))
