"""English words one or two edits from the bridge word they stand for.

A dictionary cannot catch ``counties`` for ``countries``: both are words. The
signal is that the English word matches no bridge word exactly or by stem, yet
a single bridge word is within two edits of it. Spelling variants (British and
American), words that contain one another (``clear``/``unclear``), names, and
vowel-only changes (``woman``/``women``, ``drive``/``drove``: grammar, not
typing) are not typos.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import OSA, Levenshtein

from translate_check.detect.base import BridgeDetector, Finding, View
from translate_check.detect.calibration import severity_of
from translate_check.model import quote
from translate_check.words import spelling_key

VOWELS = frozenset("aeiouy")


@dataclass(frozen=True)
class TypoParameters:
    max_edits: int = 2
    long_word: int = 9
    """Two edits (a swap counts as one) are a typo only in words this long; in shorter ones
    they are as often a different word (``social``/``societal``) or a foreign one."""
    min_length: int = 5
    ending: int = 3
    """Edits confined to the last letters of either word change an ending."""
    confidence: float = 0.5
    """Declared, final (no calibration fitted): typos are not injected by the benchmark, and
    the few real ones in FLORES and NTREX put about half of these flags right."""


def is_typo(word: str, intended: str, limits: TypoParameters) -> bool:
    """Whether ``word`` looks like a mistyped ``intended`` rather than another form of it.

    Edits confined to the last ``limits.ending`` letters of either word change
    an ending (``temporary``/``temporarily``), and a different first letter is
    another word (``hajjans``/``bhajans``) far more often than a slip.
    """
    a, b = spelling_key(word.lower()), spelling_key(intended.lower())
    if a in b or b in a or min(len(a), len(b)) < limits.min_length or a[0] != b[0]:
        return False
    ops = Levenshtein.editops(a, b)
    edits = OSA.distance(a, b)
    most = limits.max_edits
    if not 1 <= edits <= most or (edits == most and len(a) < limits.long_word):
        return False
    end = limits.ending
    if all(op.src_pos >= len(a) - end and op.dest_pos >= len(b) - end for op in ops):
        return False
    changed = {a[op.src_pos] for op in ops if op.tag != "insert" and op.src_pos < len(a)}
    changed |= {b[op.dest_pos] for op in ops if op.tag != "delete" and op.dest_pos < len(b)}
    return not changed <= VOWELS


class TypoDetector(BridgeDetector[TypoParameters]):
    name = "typo"

    def find(self, view: View) -> list[Finding]:
        words = view.words
        findings = []
        for tok in words.tgt:
            foreign = "'" in tok.norm
            if words.kind[tok.index] not in ("fuzzy", "ngram") or tok.capitalized or foreign:
                continue
            link = words.tgt_to_mt[tok.index]
            if link is None:
                continue
            intended = words.mt[link]
            if intended.capitalized or not is_typo(tok.text, intended.text, self.parameters):
                continue
            findings.append(
                Finding(
                    severity=severity_of(self.parameters.confidence),
                    message=(
                        f"typo? the English has {quote(tok.text)}; "
                        f"the MT has {quote(intended.text)}"
                    ),
                    tgt_spans=(tok.span,),
                    mt_spans=(intended.span,),
                    confidence=self.parameters.confidence,
                )
            )
        return findings
