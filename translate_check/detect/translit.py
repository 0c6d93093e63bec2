"""Consonant skeletons that let a Latin name be compared with a Hebrew word.

MT often translates Hebrew given names literally (יובל → "Jubilee"), so a
name in the English is also accepted when the Hebrew source has a word that
could be its transliteration. Both scripts are reduced to classes of
consonants; Hebrew letters that are often vowels (א ה ו י ע) and Latin vowels
are dropped, and letters that share a sound (ב/v/w, כ ק/k c q) share a class.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.fuzz import ratio
from rapidfuzz.process import extract, extractOne

from translate_check.facts import HEBREW_LETTERS, HEBREW_PREFIX_LETTERS, POSSESSIVE

_HEBREW = str.maketrans(
    {
        "ב": "V", "ג": "G", "ד": "D", "ז": "S", "ח": "K", "ט": "T", "כ": "K", "ך": "K",
        "ל": "L", "מ": "M", "ם": "M", "נ": "N", "ן": "N", "ס": "S", "פ": "P", "ף": "P",
        "צ": "S", "ץ": "S", "ק": "K", "ר": "R", "ש": "S", "ת": "T",
        "א": "", "ה": "", "ו": "", "י": "", "ע": "", "׳": "", "'": "", "״": "", '"': "",
    }
)  # fmt: skip
_LATIN = (
    ("sch", "S"), ("ce", "Se"), ("ci", "Si"), ("cy", "Sy"), ("ph", "P"), ("sh", "S"),
    ("ch", "K"), ("kh", "K"), ("th", "T"), ("tz", "S"), ("ts", "S"),
    ("ck", "K"), ("x", "KS"), ("q", "K"), ("c", "K"), ("j", "G"), ("b", "V"), ("w", "V"),
    ("v", "V"), ("f", "P"), ("p", "P"), ("z", "S"), ("s", "S"), ("k", "K"), ("g", "G"),
    ("d", "D"), ("t", "T"), ("l", "L"), ("m", "M"), ("n", "N"), ("r", "R"),
)  # fmt: skip
_LATIN_SPLIT = tuple((latin, cls) for latin, cls in _LATIN if latin not in ("ts", "tz"))
"""``_LATIN`` with *ts* and *tz* left as two letters."""
_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"})
"""Latin letters that Unicode does not decompose into a base letter and a diacritic."""
_TSADI_GERESH = re.compile("[צץ][׳']")
_HEBREW_WORD = re.compile(f"[{HEBREW_LETTERS}׳״'\"]+")
NAME_PREFIXES = 2
"""Prefix letters stripped from a Hebrew word to find a name in it: fewer than the three a
word may carry (``facts.MAX_PREFIXES``), because each stripped form is one more chance
of a false match, and the confidence model was fitted with two."""
MATCH_MIN = 80.0
"""rapidfuzz ratio between skeletons of four or more consonants that counts as a match."""


def _single(skeleton: str) -> str:
    """Doubled letters written once (``LL`` → ``L``)."""
    letters = []
    last = ""
    for letter in skeleton:
        if letter != last:
            letters.append(letter)
            last = letter
    return "".join(letters)


@lru_cache(maxsize=65536)
def latin_skeleton(name: str, digraphs: bool = True) -> str:
    """``Leiderman`` → ``LDRMN``; without ``digraphs``, *ts* and *tz* are two letters
    (``Watson``), not one (``Tsipi``)."""
    word = unicodedata.normalize("NFKD", POSSESSIVE.sub("", name.lower()).translate(_LETTERS))
    for latin, cls in _LATIN if digraphs else _LATIN_SPLIT:
        word = word.replace(latin, cls)
    return _single("".join(filter(str.isupper, word)))


_READINGS = {
    (vav, het): str.maketrans({**({"ו": "V"} if vav else {}), **({} if het else {"ח": ""})})
    for vav in (False, True)
    for het in (False, True)
}
"""Vav and het as each reading takes them, applied before the classes of ``_HEBREW``."""
_READ = {reading: {**_HEBREW, **table} for reading, table in _READINGS.items()}
"""``_READINGS`` and then ``_HEBREW`` as one table: what a reading keeps of vav and het, the
rest of ``_HEBREW`` (which leaves the V a vav became as it is)."""


_BOTH = (False, True)
_ONE = (False,)


def _hebrew_skeleton(word: str, vav: bool, het: bool) -> str:
    """Vav and het are read as consonants (V, K) or left out (vowel o/u, silent h); tsadi
    with a geresh is *ch* (צ׳רלס, Charles), which Latin skeletons write K. (A doubled vav is
    one V: doubled letters are written once in any case.)"""
    if "׳" in word or "'" in word:
        word = _TSADI_GERESH.sub("K", word)
    return _single(word.translate(_READ[vav, het]))


@lru_cache(maxsize=65536)
def hebrew_skeletons(text: str) -> frozenset[str]:
    """Skeletons of every Hebrew word, with and without its one-letter prefixes."""
    return frozenset().union(*(_word_skeletons(w) for w in set(_HEBREW_WORD.findall(text))))


@lru_cache(maxsize=65536)
def _long(text: str) -> tuple[str, ...]:
    """The text's skeletons of four consonants or more: only these are compared by ratio."""
    return tuple(c for c in hebrew_skeletons(text) if len(c) >= 4)


@lru_cache(maxsize=65536)
def _word_skeletons(word: str) -> frozenset[str]:
    """One word's skeletons. Two-consonant skeletons are kept only for words of three
    letters or more: short words such as שם share their skeleton with too many names."""
    found = set()
    for form in unprefixed(word):
        # the readings differ only where the form has a vav or a het
        for vav in _BOTH if "ו" in form else _ONE:
            for het in _BOTH if "ח" in form else _ONE:
                skeleton = _hebrew_skeleton(form, vav, het)
                if len(skeleton) >= 3 or (len(skeleton) == 2 and len(form) >= 3):
                    found.add(skeleton)
    return frozenset(found)


@lru_cache(maxsize=65536)
def unprefixed(word: str) -> tuple[str, ...]:
    """A Hebrew word and its forms without up to ``NAME_PREFIXES`` one-letter prefixes
    (ו, ה, ב, ל, מ, ש, כ): ובישראל → ובישראל, בישראל, ישראל. (The number, name and scale
    checks ask it of the same words again.)"""
    forms = [word]
    for cut in range(1, min(NAME_PREFIXES + 1, len(word))):
        if word[cut - 1] not in HEBREW_PREFIX_LETTERS:
            break
        forms.append(word[cut:])
    return tuple(forms)


@lru_cache(maxsize=65536)
def _name_skeletons(name: str) -> frozenset[str]:
    """The skeletons a name is compared by: with and without *ts*/*tz* as one letter."""
    both = (latin_skeleton(name), latin_skeleton(name, digraphs=False))
    return frozenset(s for s in both if len(s) >= 2)


@lru_cache(maxsize=65536)
def transliterated_in(name: str, hebrew: str) -> bool:
    """Whether some Hebrew word could be ``name`` written in Hebrew letters (asked again for
    the same name and sentence by several checks, so answered once)."""
    candidates = hebrew_skeletons(hebrew)
    for skeleton in _name_skeletons(name):
        if skeleton in candidates:
            return True
        if len(skeleton) >= 4 and (
            extractOne(skeleton, _long(hebrew), scorer=ratio, score_cutoff=MATCH_MIN)
        ):
            return True
    return False


@dataclass(frozen=True)
class SkeletonIndex:
    """Many Hebrew texts at once: which of them could write a name, found with one lookup
    and one fuzzy search per name, with the same answers as :func:`transliterated_in` asked
    of each text in turn."""

    exact: dict[str, tuple[int, ...]]
    """Each skeleton and the texts that have it."""
    long: tuple[str, ...]
    """The texts' skeletons of four consonants or more, each text's in turn ..."""
    owners: tuple[int, ...]
    """... and the text each one belongs to."""

    @classmethod
    def of(cls, texts: Sequence[str]) -> SkeletonIndex:
        exact: dict[str, list[int]] = {}
        long: list[str] = []
        owners: list[int] = []
        for k, text in enumerate(texts):
            for skeleton in hebrew_skeletons(text):
                exact.setdefault(skeleton, []).append(k)
            long += _long(text)
            owners += [k] * (len(long) - len(owners))
        return cls({s: tuple(ks) for s, ks in exact.items()}, tuple(long), tuple(owners))

    def writing(self, name: str) -> set[int]:
        """The texts in which some word could be ``name`` in Hebrew letters."""
        found: set[int] = set()
        for skeleton in _name_skeletons(name):
            found.update(self.exact.get(skeleton, ()))
            if len(skeleton) >= 4 and self.long:
                hits = extract(
                    skeleton, self.long, scorer=ratio, score_cutoff=MATCH_MIN, limit=None
                )
                found.update(self.owners[k] for _, _, k in hits)
        return found
