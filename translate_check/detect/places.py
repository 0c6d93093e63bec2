"""Countries by their names, capitals and peoples.

News English names a state by its capital or its people (``Pyongyang`` for
North Korea, ``American`` for the U.S., ``Madrid`` for Spain) where MT, like
the Hebrew, names the country; without this a reviewer gets a false "name not
in the source". The gazetteer is countryinfo's.
"""

from __future__ import annotations

import re
from functools import lru_cache

from translate_check.detect import wordlists
from translate_check.facts import POSSESSIVE
from translate_check.words import acronyms

_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
LONGEST = 4
"""Words in the longest country name, capital or demonym looked up (``Central African
Republic``)."""


SHORT_NAMES: dict[str, tuple[str, ...]] = {
    name: tuple(countries)
    for name, countries in wordlists.word_lists("places")["short_names"].items()
}
"""Short names news English uses that the gazetteer lacks (``Britain`` for the United
Kingdom; ``England`` too, as Hebrew says אנגליה for Britain)."""


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """Lower-cased names, capitals and demonyms, and upper-case codes (``USA``), each to the
    countries they may stand for."""
    from countryinfo import all_countries

    names: dict[str, set[str]] = {}
    codes: dict[str, set[str]] = {}
    for country in all_countries():
        key = country.name()
        named: str | list[str] = country.capital() or []
        capitals: list[str] = [named] if isinstance(named, str) else list(named)
        demonym = country.demonym() or ""
        spellings = [key, demonym, demonym + "s" if demonym else ""]
        spellings += [c for capital in capitals for c in (capital, capital.removesuffix(" D.C."))]
        for alt in country.alt_spellings() or ():
            if alt.isupper():
                codes.setdefault(alt, set()).add(key)
            else:
                spellings.append(alt)
        for spelling in spellings:
            if len(spelling) > 2:
                names.setdefault(_key(spelling), set()).add(key)
    for spelling, countries in SHORT_NAMES.items():
        names.setdefault(_key(spelling), set()).update(countries)
    return (
        {k: frozenset(v) for k, v in names.items()},
        {k: frozenset(v) for k, v in codes.items()},
    )


def _key(text: str) -> str:
    return " ".join(_WORD.findall(POSSESSIVE.sub("", text).lower()))


def countries_named(name: str) -> frozenset[str]:
    """Countries a name (as written, possessive and all) stands for: ``Pyongyang's`` →
    North Korea; empty when it names none."""
    return _gazetteer()[0].get(_key(name), frozenset())


def countries_in(text: str) -> frozenset[str]:
    """Countries a text mentions by name, capital, demonym or code (``U.S.``)."""
    names, codes = _gazetteer()
    words = _WORD.findall(POSSESSIVE.sub("", text).lower())
    found: set[str] = set()
    for word in words:
        if hit := names.get(word):
            found |= hit
    for size in range(2, LONGEST + 1):
        for k in range(len(words) - size + 1):
            if hit := names.get(" ".join(words[k : k + size])):
                found |= hit
    for code in acronyms(text):
        found |= codes.get(code, frozenset())
    return frozenset(found)
