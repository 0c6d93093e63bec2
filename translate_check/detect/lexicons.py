"""Curated English word lists behind the negation check, read from package data.

Multi-word entries are matched as phrases, longest first. The lists are package data:
negations in ``detect/data/negation.json``, the intensity check's scales and hedges in
``detect/data/scales.json``.
"""

from __future__ import annotations

from translate_check.detect import wordlists

NEGATIONS: frozenset[str] = wordlists.words("negation", "negations")
"""Words that negate on their own (``n't`` is tokenised as ``not``)."""

NEGATION_IDIOMS: tuple[tuple[str, ...], ...] = tuple(
    tuple(idiom) for idiom in wordlists.word_lists("negation")["idioms"]
)
"""Negation words that do not negate the statement (``not only``, ``no less than``)."""

SOFT_NEGATIONS: frozenset[str] = wordlists.words("negation", "soft")
"""Words that paraphrase a negation (``unable`` for ``could not``, ``has yet to`` for ``has
not``), in any inflection (``forbidding``): when the side with fewer negations has any of
these, or a word in ``-less``, the difference is likely wording, not polarity."""

AUXILIARIES: frozenset[str] = wordlists.words("negation", "auxiliaries")
"""Verbs a negation follows (``will not``): a linked auxiliary anchors a negation's place."""

NEGATIVE_PREFIXES: tuple[str, ...] = wordlists.ordered("negation", "negative_prefixes")
"""Prefixes that make a word stand for a negation (``unclear`` = ``not clear``, ``misunderstood``
= ``not understood``); ``in-``/``im-`` are left out, as most such words negate nothing
(``immigrant``, ``income``)."""
