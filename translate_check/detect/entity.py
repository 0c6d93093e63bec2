"""Names in the English that neither a bridge nor the Hebrew supports.

A run of capitalised words inside a sentence is taken for a name. It is
supported when a bridge has one of its words (in any case, inflected, derived
or transliterated differently); when the Hebrew has a word with the same
consonant skeleton, which covers names the MT translated literally instead of
transliterating; or when it names a country the bridge names otherwise
(``Pyongyang`` / North Korea, ``American`` / U.S.). One supported word
vouches for the run, since MT renders the common-noun parts of names (``Iraq
Study Group``) in its own words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.fuzz import ratio

from translate_check.detect import wordlists
from translate_check.detect.base import BridgeDetector, Finding, View
from translate_check.detect.calibration import severity_of
from translate_check.detect.places import countries_in, countries_named
from translate_check.detect.translit import latin_skeleton, transliterated_in
from translate_check.facts import DAYS, MONTHS, POSSESSIVE
from translate_check.model import quote
from translate_check.words import Alignment, Token, acronyms, sentence_initial


def _is_name(text: str, tok: Token) -> bool:
    """A capitalised word inside a sentence, or a country's name, capital or people anywhere;
    acronyms are left out (Hebrew has its own)."""
    if (
        tok.norm == "i"
        or tok.norm.startswith("i'")
        or not tok.capitalized
        or tok.norm.startswith("#")
        or POSSESSIVE.sub("", tok.text).isupper()
        or tok.norm in _DATES
        or tok.norm in _TITLES
    ):
        return False
    return tok.content and (not sentence_initial(text, tok) or bool(countries_named(tok.text)))


_DATES = DAYS | MONTHS
"""Days and months are dates (the number detector checks months), not names."""
_TITLES = wordlists.words("entity", "titles")
"""Abbreviated titles and months: capitalised, but not names."""
_NAME_LINKS = wordlists.words("entity", "name_links")
"""What may stand between two capitalised words of one name."""


@dataclass(frozen=True)
class EntityParameters:
    prefix_share: float = 0.5
    """Share of the shorter word two names must begin with alike (``Britons``/``British``)."""
    related_min: int = 4
    """Letters two names must share (one inside the other, or the same beginning) to be
    forms of one name (``Britons``/``British``); shorter overlaps are chance."""
    shortened_min: int = 3
    """Letters from which an English name that begins a bridge name is a short form of it
    (``Gov`` is not, ``Sam`` for ``Samuel`` is)."""
    spelling_min: float = 60.0
    """rapidfuzz ratio of two names, and of their skeletons, that marks them as spellings of
    one name: MT and translators transliterate differently (``Willaby``/``Willoughby``)."""
    title_case: float = 0.5
    """Share of capitalised content words above which a line is a headline, not a sentence."""
    strict_skeleton: int = 4
    """Consonants a country's name needs before a Hebrew word with its skeleton backs it."""
    swap_reach: float = 0.25
    """How far apart (as a share of the sentence) an English name and an unmatched bridge
    name may stand for the English one to replace it (a swap, not an added name)."""
    raw_swap: float = 0.75
    """Fitted: the share of swapped-name flags on pairs with an injected divergence in
    ``bench.divergence`` (recalibrated by the confidence model)."""
    raw_added: float = 0.75
    """Fitted the same way, for names the English adds."""


def _related(a: str, b: str, limits: EntityParameters) -> bool:
    """Same word, one inside the other, or a shared beginning (derived forms of a name)."""
    least = limits.related_min
    if a == b or (min(len(a), len(b)) >= least and (a in b or b in a)):
        return True
    shortest = min(len(a), len(b))
    shared = next((k for k in range(shortest) if a[k] != b[k]), shortest)
    return shared >= least and shared >= limits.prefix_share * shortest


def _supported(
    tok: Token,
    words: Alignment,
    mt_names: Sequence[Token],
    src_text: str,
    limits: EntityParameters,
    strict: bool = False,
) -> bool:
    """Whether a bridge or the Hebrew backs the name, allowing for spelling and derivation.

    ``strict`` (for countries, their capitals and peoples) takes a Hebrew word only when
    the skeletons are long enough not to match by chance: *Spain* is not צפון (north).
    """
    if words.tgt_to_mt[tok.index] is not None:
        return True
    if any(tok.stem == other.stem or _related(tok.norm, other.norm, limits) for other in words.mt):
        return True
    skeleton = latin_skeleton(tok.text)
    for other in mt_names:
        theirs = latin_skeleton(other.text)
        if skeleton == theirs and (skeleton or tok.norm[0] == other.norm[0]):
            return True
        least = limits.spelling_min
        if ratio(tok.norm, other.norm) >= least and ratio(skeleton, theirs) >= least:
            return True
        if len(tok.norm) >= limits.shortened_min and other.norm.startswith(tok.norm):
            return True
    if tok.text in src_text:
        return True
    if strict and len(latin_skeleton(tok.text)) < limits.strict_skeleton:
        return False
    return transliterated_in(tok.text, src_text)


def _groups(tokens: Sequence[Token], text: str) -> list[list[Token]]:
    """Capitalised words joined by spaces, hyphens or ``of`` form one name."""
    groups: list[list[Token]] = []
    for tok in tokens:
        last = groups[-1][-1] if groups else None
        if last is not None and text[last.end : tok.start].strip().lower() in _NAME_LINKS:
            groups[-1].append(tok)
        else:
            groups.append([tok])
    return groups


def _part_of_name(tokens: Sequence[Token], k: int, text: str) -> bool:
    """Whether token ``k`` is a capitalised word of a name that :func:`_is_name` left out:
    an acronym (``NBC``), a number word (``Ninth Ward``) or a word after an initialism's
    full stop (``U.S. Drought``)."""
    tok = tokens[k]
    if not tok.capitalized or not tok.content:
        return False
    if tok.norm.startswith("#"):
        return tok.text.isalpha() and not tok.text.isupper()  # not a regnal II
    if POSSESSIVE.sub("", tok.text).isupper():
        return True
    before = tokens[k - 1] if k else None
    return (
        before is not None
        and len(before.text) == 1
        and before.text.isupper()
        and text[before.end : tok.start].strip() == "."
    )


def _attached(group: Sequence[Token], tokens: Sequence[Token], text: str) -> list[Token]:
    """The acronyms, initialisms and number words written onto a name (``NBC News``, ``U.S.
    Drought Monitor``, ``Ninth Ward``): parts of the same name, so they vouch for it like
    its other words."""
    found = []
    for step, edge in ((-1, group[0]), (1, group[-1])):
        k = edge.index + step
        while 0 <= k < len(tokens):
            left, right = sorted((tokens[k], tokens[k - step]), key=lambda t: t.index)
            if text[left.end : right.start].strip() not in ("", "-", ".") or not (
                _part_of_name(tokens, k, text) or _initial(tokens, k, text)
            ):
                break
            found.append(tokens[k])
            k += step
    return found


def _initial(tokens: Sequence[Token], k: int, text: str) -> bool:
    """A one-letter capital followed by a full stop: a letter of an initialism (``U.S.``)."""
    tok = tokens[k]
    return len(tok.text) == 1 and tok.text.isupper() and text[tok.end : tok.end + 1] == "."


def _headline(
    names: Sequence[Token], content: Sequence[Token], words: Alignment, title_case: float
) -> bool:
    """Title case (``Shark Injures Diver in California``): most content words capitalised,
    and most of those the bridge has in lower case. A sentence dense with names that the
    bridge capitalises too is no headline."""
    if len(names) <= title_case * len(content):
        return False
    linked = [words.mt[k] for t in names if (k := words.tgt_to_mt[t.index]) is not None]
    return sum(not t.capitalized for t in linked) >= title_case * len(linked)


def _countries(group: Sequence[Token], text: str) -> list[list[Token]]:
    """The parts of a name that name a country, its capital or its people: the whole run
    (*North Korea*) or single words in it (*Japan* in *Zagros Mountains of Japan*)."""
    if countries_named(text[group[0].start : group[-1].end]):
        return [list(group)]
    return [[t] for t in group if countries_named(t.text)]


class EntityDetector(BridgeDetector[EntityParameters]):
    name = "entity"

    def find(self, view: View) -> list[Finding]:
        words = view.words
        names = [t for t in words.tgt if _is_name(view.tgt_text, t)]
        if not names:
            return []  # no name to check: the bridge's names are not read
        mt_names = [
            t for t in words.mt if words.mt_to_tgt[t.index] is None and _is_name(view.mt_text, t)
        ]
        content = [t for t in words.tgt if t.content]
        if _headline(names, content, words, self.parameters.title_case):
            return []
        findings = []
        spelt = acronyms(view.mt_text)
        places = countries_in(view.mt_text)
        for group in _groups(names, view.tgt_text):
            initials = "".join(t.text[0] for t in group)
            if any(initials.startswith(a) for a in spelt):
                continue
            # A country must be backed itself; any backed word of a name vouches for the rest.
            parts = _countries(group, view.tgt_text)
            unbacked = [p for p in parts if not self._country_backed(view, p, mt_names, places)]
            if unbacked:
                findings += [self._finding(view, part, mt_names) for part in unbacked]
            elif not parts and not any(
                _supported(t, words, mt_names, view.src_text, self.parameters)
                for t in (*group, *_attached(group, words.tgt, view.tgt_text))
            ):
                findings.append(self._finding(view, group, mt_names))
        return findings

    def _country_backed(
        self,
        view: View,
        part: Sequence[Token],
        mt_names: Sequence[Token],
        places: frozenset[str],
    ) -> bool:
        """A country the bridge names in any form, or backs word by word (Hebrew skeletons
        only when long enough not to match by chance)."""
        said = view.tgt_text[part[0].start : part[-1].end]
        return bool(countries_named(said) & places) or any(
            _supported(t, view.words, mt_names, view.src_text, self.parameters, strict=True)
            for t in part
        )

    def _finding(self, view: View, group: Sequence[Token], mt_names: Sequence[Token]) -> Finding:
        """A swap when the bridge has an unmatched name in the same place, else an addition."""
        words = view.words
        said = view.tgt_text[group[0].start : group[-1].end]
        rel = group[0].index / max(1, len(words.tgt))
        reach, limits = self.parameters.swap_reach, self.parameters
        near = [m for m in mt_names if abs(m.index / max(1, len(words.mt)) - rel) <= reach]
        confidence = limits.raw_swap if near else limits.raw_added
        if near:
            swap = _groups(near, view.mt_text)[0]
            src = view.mt_text[swap[0].start : swap[-1].end]
            message = f"the MT has {quote(src)}; the English has {quote(said)}"
            mt_spans: tuple[tuple[int, int], ...] = ((swap[0].start, swap[-1].end),)
        else:
            message = f"the English names {quote(said)}, which neither the MT nor the Hebrew has"
            mt_spans = ()
        return Finding(
            severity=severity_of(confidence),
            message=message,
            tgt_spans=((group[0].start, group[-1].end),),
            mt_spans=mt_spans,
            confidence=confidence,
        )
