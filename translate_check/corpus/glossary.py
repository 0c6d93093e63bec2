"""Terminology: a Hebrew term from the glossary must come out as one of its renderings.

Runs on pairs after verify, like a detector: a pair whose Hebrew holds a term and
whose English holds none of the allowed renderings gets a ``terminology`` flag.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from translate_check.io import normalize
from translate_check.model import Flag, Pair, Span

Glossary = Sequence[tuple[str, Sequence[str]]]

# Hebrew attaches up to three one-letter prefixes (ו, ה, ב, כ, ל, מ, ש) to a word.
_HEBREW_PREFIX = "[והבכלמש]{0,3}"


@cache
def _hebrew(term: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w\u0590-\u05ff]){_HEBREW_PREFIX}{re.escape(normalize(term))}(?!\w)")


@cache
def _english(rendering: str) -> re.Pattern[str]:
    """Whole words, any case, with a plural or possessive ending allowed."""
    words = r"\s+".join(re.escape(w) for w in rendering.split())
    return re.compile(rf"(?<!\w){words}(?:s|es|'s|’s)?(?!\w)", re.IGNORECASE)


def find_rendering(text: str, renderings: Sequence[str]) -> list[Span]:
    """Spans of every allowed rendering in ``text``."""
    return [m.span() for r in renderings for m in _english(r).finditer(text)]


def terminology_flags(pair: Pair, glossary: Glossary) -> list[Flag]:
    """One flag per glossary term in the Hebrew that the English renders otherwise.

    The flag spans the whole English sentence (the term's rendering is missing, so
    there is nothing narrower to point at) and, where the MT used an allowed
    rendering, that rendering in the MT.
    """
    if not pair.src_text or not pair.tgt_text:
        return []
    flags = []
    for term, renderings in glossary:
        if not _hebrew(term).search(pair.src_text) or find_rendering(pair.tgt_text, renderings):
            continue
        allowed = " / ".join(f"“{r}”" for r in renderings)
        flags.append(
            Flag(
                type="terminology",
                severity="minor",
                message=f"glossary term {term} should be rendered as {allowed}",
                tgt_spans=((0, len(pair.tgt_text)),),
                mt_spans=tuple(find_rendering(pair.mt_text, renderings)),
            )
        )
    return flags
