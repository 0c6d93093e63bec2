"""Curated English (and a few Hebrew) word lists behind the lexical detectors.

Multi-word entries are matched as phrases, longest first. The intensity check's scales
and hedges are package data (``detect/data/scales.json``).
"""

from __future__ import annotations

NEGATIONS: frozenset[str] = frozenset(
    {
        "not", "no", "never", "nobody", "nothing", "none", "neither", "nowhere", "cannot",
    }
)  # fmt: skip
"""Words that negate on their own (``n't`` is tokenised as ``not``)."""

NEGATION_IDIOMS: tuple[tuple[str, ...], ...] = (
    ("not", "only"), ("no", "less"), ("no", "more", "than"), ("not", "least"),
    ("no", "sooner"), ("not", "just"), ("not", "merely"), ("not", "to", "mention"),
    ("nothing", "but"), ("not", "so"), ("not", "until"), ("no", "matter"), ("not", "long"),
    ("or", "not"), ("no", "doubt"), ("not", "even"), ("not", "guilty"),
)  # fmt: skip
"""Negation words that do not negate the statement (``not only``, ``no less than``)."""

SOFT_NEGATIONS: frozenset[str] = frozenset(
    {
        "unable", "impossible", "unlikely", "unavailable", "fail", "fails", "failed",
        "failing", "failure", "lack", "lacks", "lacked", "lacking", "avoid", "avoided",
        "unless", "instead", "rather", "absent", "absence", "refuse", "refused", "refuses",
        "little", "few", "hardly", "barely", "rarely", "seldom", "scarcely", "prevent",
        "prevented", "deny", "denied", "denies", "forbidden", "banned", "neither", "nor",
        "anymore", "without", "missing", "yet", "free", "rare", "regardless", "forbid",
        "prohibit", "ban",
    }
)  # fmt: skip
"""Words that paraphrase a negation (``unable`` for ``could not``, ``has yet to`` for ``has
not``), in any inflection (``forbidding``): when the side with fewer negations has any of
these, or a word in ``-less``, the difference is likely wording, not polarity."""

AUXILIARIES: frozenset[str] = frozenset(
    {
        "is", "are", "was", "were", "be", "been", "am", "do", "does", "did", "have", "has",
        "had", "will", "would", "can", "could", "should", "shall", "may", "might", "must",
    }
)  # fmt: skip
"""Verbs a negation follows (``will not``): a linked auxiliary anchors a negation's place."""

NEGATIVE_PREFIXES: tuple[str, ...] = ("un", "mis")
"""Prefixes that make a word stand for a negation (``unclear`` = ``not clear``, ``misunderstood``
= ``not understood``); ``in-``/``im-`` are left out, as most such words negate nothing
(``immigrant``, ``income``)."""
