"""Curated English (and a few Hebrew) word lists behind the lexical detectors.

Scales order words by strength so a detector can tell a shift (``some`` →
``great``) from a synonym (``many`` → ``numerous``). Multi-word entries are
matched as phrases, longest first. The negation lists are package data
(``data/negation.json``); the scales and hedges are still written here.
"""

from __future__ import annotations

from translate_check.detect import wordlists

AMOUNT: dict[str, int] = {
    # 1: weak or vague
    "few": 1, "little": 1, "slightly": 1, "somewhat": 1, "some kind of": 1, "some sort of": 1,
    "a bit": 1, "a little": 1, "minor": 1, "marginally": 1, "barely": 1, "hardly": 1,
    "scarcely": 1, "partly": 1, "partially": 1, "a kind of": 1, "a sort of": 1,
    "hardly any": 1,
    # 2: moderate, an unspecified part
    "some": 2, "several": 2, "a number of": 2, "a few": 2, "certain": 2, "a couple of": 2,
    "various": 2, "a handful of": 2, "moderate": 2, "moderately": 2, "a series of": 2,
    "a small number of": 1, "a large number of": 3, "a great number of": 3,
    # 3: large, strong
    "many": 3, "much": 3, "great": 3, "greatly": 3, "very": 3, "numerous": 3, "a lot of": 3,
    "lots of": 3, "plenty of": 3, "huge": 3, "enormous": 3, "massive": 3, "tremendous": 3,
    "vast": 3, "significant": 3, "significantly": 3, "considerable": 3, "considerably": 3,
    "substantial": 3, "substantially": 3, "extremely": 3, "highly": 3, "heavily": 3,
    "severe": 3, "severely": 3, "strongly": 3, "deeply": 3, "most": 3, "majority": 3,
    "countless": 3, "dozens of": 3, "hundreds of": 3, "thousands of": 3, "millions of": 3,
    "a great deal of": 3, "intense": 3, "enormously": 3, "hugely": 3,
    # 4: everything
    "all": 4, "every": 4, "each": 4, "entire": 4, "entirely": 4, "whole": 4, "completely": 4,
    "totally": 4, "fully": 4, "absolutely": 4, "everyone": 4, "everything": 4, "everybody": 4,
    "all of": 4,
    # 0: idioms that only look like quantifiers
    "all manner of": 0, "all too": 0, "at all": 0, "after all": 0, "above all": 0,
    "all the same": 0, "first of all": 0, "all along": 0, "most likely": 0, "very much": 0,
    "much more": 0, "much less": 0, "very few": 1, "very little": 1,
    # phrases whose strength is not their quantifier's
    "not much": 1, "not many": 1, "not a lot of": 1, "not all": 2, "not every": 2,
    "almost all": 3, "nearly all": 3, "virtually all": 3, "almost every": 3, "nearly every": 3,
    "almost the entire": 3, "nearly the entire": 3, "almost entirely": 3, "nearly entirely": 3,
}  # fmt: skip
"""Quantifiers and degree words by strength: 1 weak … 4 total (0: not a quantifier);
``not much`` is *little* and ``almost all`` *most*."""

CERTAINTY: dict[str, int] = {
    "may": 1, "might": 1, "could": 1, "possibly": 1, "perhaps": 1, "maybe": 1, "possible": 1,
    "likely": 1, "probably": 1, "probable": 1, "unlikely": 1, "will probably": 1,
    "will likely": 1, "would probably": 1, "may well": 1, "could well": 1,
    "will": 2, "must": 2, "certainly": 2, "definitely": 2, "surely": 2, "undoubtedly": 2,
    "inevitably": 2, "certain to": 2, "sure to": 2, "bound to": 2, "doubtless": 2,
}  # fmt: skip
"""Modality by commitment: 1 possible or likely (used interchangeably), 2 certain."""

FREQUENCY: dict[str, int] = {
    "rarely": 1, "seldom": 1, "hardly ever": 1, "scarcely ever": 1, "almost never": 1,
    "sometimes": 2, "occasionally": 2, "at times": 2, "now and then": 2,
    "from time to time": 2, "periodically": 2,
    "often": 3, "frequently": 3, "usually": 3, "normally": 3, "generally": 3,
    "typically": 3, "commonly": 3, "regularly": 3, "mostly": 3, "repeatedly": 3,
    "in most cases": 3, "more often than not": 3, "as a rule": 3, "routinely": 3,
    "always": 4, "invariably": 4, "constantly": 4, "continually": 4, "all the time": 4,
    "without exception": 4, "never": 0,
}  # fmt: skip
"""How often: 1 rarely … 4 always (``never`` is the negation detector's)."""

SCALES: dict[str, dict[str, int]] = {
    "amount": AMOUNT,
    "certainty": CERTAINTY,
    "frequency": FREQUENCY,
}

SCALE_NAMES: dict[str, tuple[str, ...]] = {
    "amount": ("weak", "moderate", "strong", "total"),
    "certainty": ("possible", "certain"),
    "frequency": ("rare", "occasional", "frequent", "constant"),
}

HEDGES: frozenset[str] = frozenset(
    {
        "apparently", "reportedly", "allegedly", "seemingly", "supposedly", "presumably",
        "purportedly", "ostensibly", "evidently", "it seems", "it appears",
    }
)  # fmt: skip
"""Markers that the writer does not vouch for the statement. Attribution (``X reported``,
``alleged``, ``so-called``) is left out: news English uses it where the Hebrew cites."""

HEDGE_SUPPORT: frozenset[str] = HEDGES | frozenset(
    {
        "probably", "likely", "possibly", "perhaps", "maybe", "may", "might", "could",
        "believed", "thought", "seems", "appears", "appear", "seem", "claims", "claim",
        "according to", "said", "says", "suspect", "suspected", "estimated", "assumed",
        "presumed", "rumored", "rumoured", "unconfirmed", "alleges", "allege", "argue",
        "argued", "argues", "suggest", "suggested", "suggests", "reports", "report",
        "reported", "alleged", "purported", "so-called", "said to", "reportedly", "allegedly",
    }
)  # fmt: skip
"""Wider net of words that keep a statement hedged: an English with any of them has not
dropped the bridge's hedge (``reportedly`` may become ``according to reports``)."""

EPISTEMIC: frozenset[str] = frozenset(
    {
        "probably", "likely", "possibly", "perhaps", "maybe", "may", "might", "could",
        "believed", "thought", "seems", "appears", "appear", "seem", "suspected", "estimated",
        "presumed", "rumored", "rumoured", "unconfirmed", "according to the report",
        "according to reports", "according to the reports",
    }
)  # fmt: skip
"""Words that hedge the statement itself; a bridge with none of them (and a Hebrew without a
hedge) does not back a hedge the English adds. Attribution (``police said``, ``he claimed``)
is not one."""

HEBREW_HEDGES: tuple[str, ...] = (
    "כנראה", "ככל הנראה", "לכאורה", "כביכול", "ייתכן", "יתכן", "אולי", "על פי הדיווחים",
    "לפי הדיווחים", "ככל הידוע",
)  # fmt: skip
"""Hebrew hedges: when the source has one, an English without any hedge dropped it."""

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
