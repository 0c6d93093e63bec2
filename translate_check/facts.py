"""Facts of Hebrew and English text that several modules share, each defined once.

Copies of these drifted apart (prefixes stripped up to one, two or three
letters; four sets of clause punctuation), so every module takes them from here
and states only which of them its rule needs.
"""

from __future__ import annotations

import re

HEBREW_LETTERS = "\u05d0-\u05ea"
"""The Hebrew letters, final forms included, as a range for a character class."""
HEBREW_BLOCK = "\u0590-\u05ff"
"""The Hebrew Unicode block (letters, points, cantillation and punctuation), as a range."""
HEBREW_WORD = re.compile(f"[{HEBREW_LETTERS}]+")

HEBREW_PREFIX_LETTERS = "והבכלמש"
"""The one-letter words Hebrew writes joined to the next word (and, the, in, as, to, from,
that)."""
MAX_PREFIXES = 3
"""Most such letters one word carries (ו+מ+ה in ומהבית, and from the house)."""
HEBREW_PREFIXES = f"[{HEBREW_PREFIX_LETTERS}]{{0,{MAX_PREFIXES}}}"
"""A pattern for the prefixes a Hebrew word may carry."""

CLAUSE_MARKS = ",;:()[]—–"
"""Punctuation that ends a clause inside a sentence (a spaced hyphen does too)."""
SENTENCE_ENDS = ".!?"
QUOTES = '"“”'
CLAUSE_BREAK = re.compile(rf"[{re.escape(CLAUSE_MARKS)}]|\s-\s")
"""Anything between two words of one sentence that ends a clause."""
CLAUSE_END = re.compile(rf"[{re.escape(CLAUSE_MARKS.replace(',', '') + SENTENCE_ENDS)}]|\s-\s")
"""A clause's or sentence's end but a comma, which a negation reaches across (``did not,
after all, sign``)."""

POSSESSIVE = re.compile(r"['’]s\b")
"""An English possessive ending (``Pyongyang's``), which a name is looked up without."""

DAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
MONTHS = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december",
    }
)  # fmt: skip
