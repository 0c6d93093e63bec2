"""Terminology: a Hebrew term from the glossary must come out as one of its renderings.

A document check run after verify (outside the results cache, so editing the
glossary reuses cached results): a pair whose Hebrew holds a term and whose English
holds none of the allowed renderings gets a ``terminology`` flag.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from translate_check.detect.document import DocumentCheck, DocumentContext, Glossary
from translate_check.facts import HEBREW_BLOCK, HEBREW_PREFIXES
from translate_check.io import normalize
from translate_check.model import Flag, Pair, Span, quote
from translate_check.words import align_words

__all__ = ["Glossary", "TerminologyCheck", "TerminologyParameters", "terminology_flags"]


@dataclass(frozen=True)
class TerminologyParameters:
    confidence: float = 0.9
    """Declared, final (no annotated glossary data to fit it on): a term in the Hebrew with
    none of its renderings in the English is nearly always a miss, and wrong mostly when
    the English uses a form the rendering list lacks."""


@cache
def _hebrew(term: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?<![\w{HEBREW_BLOCK}]){HEBREW_PREFIXES}{re.escape(normalize(term))}(?!\w)"
    )


@cache
def _english(rendering: str) -> re.Pattern[str]:
    """Whole words, any case, with a plural or possessive ending allowed."""
    words = r"\s+".join(re.escape(w) for w in rendering.split())
    return re.compile(rf"(?<!\w){words}(?:s|es|'s|’s)?(?!\w)", re.IGNORECASE)


def find_rendering(text: str, renderings: Sequence[str]) -> list[Span]:
    """Spans of every allowed rendering in ``text``."""
    return [m.span() for r in renderings for m in _english(r).finditer(text)]


def expected_place(pair: Pair, rendering: Span) -> tuple[Span, ...]:
    """Where the English renders what the MT renders at ``rendering``: the English words
    linked to those MT words, else the English between the linked words around them.

    Empty when the English has nothing there, so no English is marked at all rather
    than the whole sentence.
    """
    words = align_words(pair.tgt_text, pair.mt_text)
    inside = [t.index for t in words.mt if rendering[0] <= t.start and t.end <= rendering[1]]
    if not inside:
        return ()
    linked = [k for i in inside if (k := words.mt_to_tgt[i]) is not None]
    if not linked:
        before = [k for i in range(inside[0]) if (k := words.mt_to_tgt[i]) is not None]
        after = [
            k for i in range(inside[-1] + 1, len(words.mt)) if (k := words.mt_to_tgt[i]) is not None
        ]
        low = max(before, default=-1)
        high = min((k for k in after if k > low), default=len(words.tgt))
        linked = list(range(low + 1, high))
    if not linked:
        return ()
    return ((words.tgt[min(linked)].start, words.tgt[max(linked)].end),)


def terminology_flags(
    pair: Pair, glossary: Glossary, parameters: TerminologyParameters = TerminologyParameters()
) -> list[Flag]:
    """One flag per glossary term in the Hebrew that the English renders otherwise.

    Where the MT used an allowed rendering, the flag marks it in the MT and marks
    the English words in its place (see :func:`expected_place`).
    """
    if not pair.src_text or not pair.tgt_text:
        return []
    flags = []
    for term, renderings in glossary:
        if not _hebrew(term).search(pair.src_text) or find_rendering(pair.tgt_text, renderings):
            continue
        allowed = " or ".join(quote(r) for r in renderings)
        in_mt = find_rendering(pair.mt_text, renderings)
        flags.append(
            Flag(
                type="terminology",
                severity="minor",
                message=f"glossary: the Hebrew has {quote(term)}, which the English should "
                f"render as {allowed}",
                tgt_spans=tuple(span for mt in in_mt[:1] for span in expected_place(pair, mt)),
                mt_spans=tuple(in_mt),
                confidence=parameters.confidence,
            )
        )
    return flags


class TerminologyCheck(DocumentCheck[TerminologyParameters]):
    name = "terminology"

    def flags(self, pairs: Sequence[Pair], context: DocumentContext) -> dict[int, list[Flag]]:
        found = {p.id: terminology_flags(p, context.glossary, self.parameters) for p in pairs}
        return {pair: flags for pair, flags in found.items() if flags}
