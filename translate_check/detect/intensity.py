"""Shifts of quantity, degree, frequency, certainty and approximation; hedges dropped or added.

The words come from a scale model (package data ``detect/data/scales.json``, sources in its
``about``): each scale orders English and Hebrew words by strength, and scales of one family
share a ladder. A scale word of the English is compared on two sides:

* with the bridge's word of the same family in the same place: the place is found through
  the word the scale word modifies (the next linked content word, the number for an
  approximator), so ``some kind of pressure lever`` meets ``great pressure``; when that word
  has no counterpart, through the same relative position;
* with the Hebrew's own marker in that place (``כלשהו``, ``כמה``, ``רוב``, ``כל``, ``ככל
  הנראה``, ``כ־`` before a number …, prefixes split off: ``בכל`` is ``כל``): a Hebrew marker
  weaker than the English word is a shift even where the bridge has no word of the scale, and
  one of the English word's own strength vouches for it against a bridge that differs.

Words with no counterpart on either side are left alone: translators add and drop ``very``
freely, and such unpaired words are mostly noise. Each flag's ``src_spans`` is the Hebrew
marker it was compared with, where there is one.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from translate_check.detect.base import BridgeDetector, Finding, View
from translate_check.detect.calibration import severity_of
from translate_check.detect.wordlists import data_text
from translate_check.facts import HEBREW_LETTERS, HEBREW_PREFIXES, HEBREW_WORD
from translate_check.model import Span, quote
from translate_check.words import Token, sentence_initial

if TYPE_CHECKING:
    from translate_check.hebrew import HebrewToken

Phrases = dict[str, list[tuple[str, ...]]]


def scales_digest() -> str:
    """A short hash of the shipped scale model, so a changed word list changes the settings
    (and with them the signature and every cache key) like a changed threshold."""
    return hashlib.sha256(data_text("scales").encode()).hexdigest()[:12]


@dataclass(frozen=True)
class IntensityParameters:
    reach: int = 4
    """How many tokens before its modified word a scale word may stand."""
    position_reach: float = 0.15
    """Largest relative-position gap to a bridge scale word when the modified word is
    unlinked."""
    hebrew_reach: float = 0.15
    """Largest relative-position gap between an English scale word and a Hebrew marker taken
    to stand in its place (the Hebrew has no word links of its own to the English)."""
    hebrew_number_gap: int = 2
    """Most tokens between a Hebrew approximator and its number (a prefix letter such as the
    מ of ``יותר מ־20`` written apart is one)."""
    scales: str = field(default_factory=scales_digest)
    """The scale model the words are read with (a hash of ``detect/data/scales.json``)."""
    raw_amount: float = 0.85
    """Raw confidence of a shift of quantity, degree or frequency, or of an approximator
    the Hebrew anchors to its number (recalibrated by the confidence model); frequency
    shifts, never injected, share it."""
    raw_certainty: float = 0.6
    """Raw confidence of a shift of certainty, or of weak evidence for any shift."""
    raw_hedge: float = 0.95
    """Raw confidence of a hedge added or dropped."""


@dataclass(frozen=True)
class Scale:
    """One scale of the model: its words by level in each language (0: an idiom that only
    looks like a scale word)."""

    name: str
    family: str
    english: dict[str, int]
    hebrew: dict[str, int]
    weak: frozenset[str]
    """Words whose reading on the scale competes with another (``will``: future tense)."""
    before_number: bool
    """Whether the words count only right before a number (approximators)."""
    sentence_scope: bool
    """Whether the words bear on the whole clause, wherever they stand (certainty)."""
    close_levels: frozenset[tuple[int, int]] = frozenset()
    """Pairs of levels (lower first) a shift between which is weak evidence (``up to N``
    and ``about N``: both at about N or below)."""


@dataclass(frozen=True)
class ScaleModel:
    """The package data ``detect/data/scales.json``: scales, family ladders and hedges."""

    families: dict[str, tuple[str, ...]]
    scales: tuple[Scale, ...]
    hedges: frozenset[str]
    """English hedges, epistemic and attributive."""
    attributive: frozenset[str]
    """Hedges that say the claim is someone else's (``reportedly``, לכאורה): attribution
    (``said``, ``according to``) keeps them; an epistemic one only another epistemic word."""
    hebrew_hedges: tuple[str, ...]
    hedge_support: frozenset[str]
    epistemic: frozenset[str]


@lru_cache(maxsize=1)
def scale_model() -> ScaleModel:
    """The shipped scale model, read once."""
    data = json.loads(data_text("scales"))
    scales = tuple(
        Scale(
            name=name,
            family=spec["family"],
            english=dict(spec["en"]),
            hebrew=dict(spec["he"]),
            weak=frozenset(spec.get("weak", ())),
            before_number=bool(spec.get("before_number", False)),
            sentence_scope=bool(spec.get("sentence_scope", False)),
            close_levels=frozenset((a, b) for a, b in spec.get("close_levels", ())),
        )
        for name, spec in data["scales"].items()
    )
    english, hebrew = data["hedges"]["en"], data["hedges"]["he"]
    hedges = frozenset(english["epistemic"]) | frozenset(english["attributive"])
    return ScaleModel(
        families={k: tuple(v) for k, v in data["families"].items()},
        scales=scales,
        hedges=hedges,
        attributive=frozenset(english["attributive"]) | frozenset(hebrew["attributive"]),
        hebrew_hedges=(*hebrew["epistemic"], *hebrew["attributive"]),
        hedge_support=hedges | frozenset(data["hedge_support"]),
        epistemic=frozenset(data["epistemic"]),
    )


@dataclass(frozen=True)
class Item:
    """A scale word or phrase found in a text."""

    scale: Scale
    level: int
    first: int
    last: int
    linked: bool
    weak: bool = False

    @property
    def family(self) -> str:
        return self.scale.family


@dataclass(frozen=True)
class Marker:
    """A Hebrew scale word or phrase: its family, level, tokens and characters."""

    family: str
    level: int
    first: int
    last: int
    span: Span
    words: str


def _phrases(entries: Sequence[str]) -> Phrases:
    table: Phrases = {}
    for entry in sorted(entries, key=lambda e: -len(e.split())):
        words = tuple(entry.split())
        table.setdefault(words[0], []).append(words)
    return table


@dataclass(frozen=True)
class _Tables:
    """The model's phrases, indexed by first word for matching."""

    families: dict[str, Phrases]
    """Per family, the phrases of all its scales: the longest phrase wins across scales
    (``some sort of`` is one degree word, not ``some``)."""
    entries: dict[str, tuple[Scale, int]]
    """Per family and phrase (``family:phrase``), its scale and level."""
    hedges: Phrases
    support: Phrases
    epistemic: Phrases
    hebrew_hedge: dict[str, re.Pattern[str]]
    first_words: dict[str, tuple[str, ...]]
    """Each word that begins a phrase of some family, and those families: a text's tokens
    are looked up once for all of them."""


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    model = scale_model()
    entries = {
        f"{s.family}:{phrase}": (s, level)
        for s in model.scales
        for phrase, level in s.english.items()
    }
    families = {
        family: _phrases([e.partition(":")[2] for e in entries if e.startswith(f"{family}:")])
        for family in model.families
    }
    first_words: dict[str, list[str]] = {}
    for family, table in families.items():
        for word in table:
            first_words.setdefault(word, []).append(family)
    return _Tables(
        families=families,
        entries=entries,
        hedges=_phrases(sorted(model.hedges)),
        support=_phrases(sorted(model.hedge_support)),
        epistemic=_phrases(sorted(model.hedges | model.epistemic)),
        hebrew_hedge={
            h: re.compile(rf"(?<![{HEBREW_LETTERS}]){HEBREW_PREFIXES}{h}(?![{HEBREW_LETTERS}])")
            for h in model.hebrew_hedges
        },
        first_words={w: tuple(f) for w, f in first_words.items()},
    )


def _match(
    text: str, tokens: Sequence[Token], table: Phrases, starts: Sequence[int] | None = None
) -> Iterator[tuple[int, int, str]]:
    """Yield (first, last, phrase) for each lexicon phrase in the tokens, longest first.

    Only the tokens that begin some phrase of the table are tried (``starts``, in order,
    when the caller has found them for several tables at once)."""
    if starts is None:
        starts = [k for k, t in enumerate(tokens) if t.norm in table]
    after = 0  # the first token not inside a phrase already found
    for k in starts:
        tok = tokens[k]
        if k < after or (tok.capitalized and not sentence_initial(text, tok)):
            continue
        for words in table[tok.norm]:  # each begins with this token's word
            if k + len(words) <= len(tokens) and all(
                tokens[k + m].norm == words[m] for m in range(1, len(words))
            ):
                yield k, k + len(words) - 1, " ".join(words)
                after = k + len(words)
                break


def _is_number(tokens: Sequence[Token], k: int) -> bool:
    return k < len(tokens) and tokens[k].norm.startswith("#")


def scale_items(text: str, tokens: Sequence[Token], links: Sequence[int | None]) -> list[Item]:
    """Scale words of a text; ``linked`` ones have an identical word on the other side. An
    approximator counts only before a number, and another scale word before a number is the
    approximator's (``some 300``)."""
    items = []
    tables = _tables()
    starts: dict[str, list[int]] = {}
    for k, token in enumerate(tokens):  # one pass for every family's phrases
        for family in tables.first_words.get(token.norm, ()):
            starts.setdefault(family, []).append(k)
    for family, table in tables.families.items():
        if family not in starts:
            continue
        for first, last, words in _match(text, tokens, table, starts[family]):
            scale, level = tables.entries[f"{family}:{words}"]
            if not level or scale.before_number != _is_number(tokens, last + 1):
                continue
            linked = all(links[k] is not None for k in range(first, last + 1))
            weak = words in scale.weak
            items.append(Item(scale, level, first, last, linked, weak))
    return items


def _reads_as(token: HebrewToken, word: str, prefixed: bool) -> bool:
    """Whether a Hebrew token is ``word``, with prefix letters before it when ``prefixed``."""
    if token.text == word:
        return True
    return prefixed and any(r.form == word and r.prefix for r in token.readings)


@cache
def _hebrew_entries() -> dict[str, list[tuple[int, tuple[str, ...], Scale, int]]]:
    """The Hebrew scale phrases by their first word, each with its rank (longest first):
    a token is tried only against the phrases it could begin."""
    entries = sorted(
        ((tuple(w.split()), s, lv) for s in scale_model().scales for w, lv in s.hebrew.items()),
        key=lambda e: -len(e[0]),
    )
    by_first: dict[str, list[tuple[int, tuple[str, ...], Scale, int]]] = {}
    for rank, (words, scale, level) in enumerate(entries):
        by_first.setdefault(words[0], []).append((rank, words, scale, level))
    return by_first


def hebrew_markers(tokens: Sequence[HebrewToken], gap: int = 2) -> list[Marker]:
    """Scale words of the Hebrew, longest phrase first, the first word with its prefixes
    (``בכל``: כל); an approximator only before a number, where the number's own prefix
    counts too (``כעשרים``: about twenty)."""
    by_first = _hebrew_entries()
    found: list[Marker] = []
    taken: set[int] = set()
    for k, token in enumerate(tokens):
        if k in taken or (
            token.text not in by_first
            and not any(r.prefix and r.form in by_first for r in token.readings)
        ):
            continue  # begins no phrase (most words)
        firsts = {token.text, *(r.form for r in token.readings if r.prefix)}
        entries = sorted(
            (e for first in firsts for e in by_first.get(first, ())), key=lambda e: e[0]
        )
        for _, words, scale, level in entries:
            window = tokens[k : k + len(words)]
            if len(window) < len(words) or not all(
                _reads_as(t, w, i == 0) for i, (t, w) in enumerate(zip(window, words, strict=True))
            ):
                continue
            last = k + len(words) - 1
            if scale.before_number and not _before_number(tokens, last, gap):
                continue
            taken.update(range(k, last + 1))
            if level:
                span = (window[0].start, window[-1].end)
                text = " ".join(t.text for t in window)
                found.append(Marker(scale.family, level, k, last, span, text))
            break
    for token in tokens:  # כ־20 written as one word, or כעשרים
        if token.number is not None and token.text.startswith("כ") and token.index not in taken:
            span = (token.start, token.start + 1)
            found.append(Marker("approximation", 2, token.index, token.index, span, "כ"))
    return sorted(found, key=lambda m: m.first)


def _before_number(tokens: Sequence[HebrewToken], last: int, gap: int) -> bool:
    """Whether a number follows token ``last``, past at most ``gap`` one-letter tokens."""
    for k in range(last + 1, min(len(tokens), last + 2 + gap)):
        if tokens[k].number is not None:
            return True
        if len(tokens[k].text) > 1:
            return False
    return False


def has_hedge(text: str, tokens: Sequence[Token], table: Phrases) -> list[tuple[int, int]]:
    """Token ranges of the table's phrases (hedges, or any word that keeps a statement
    hedged)."""
    return [(first, last) for first, last, _ in _match(text, tokens, table)]


def _holder(words: str) -> str:
    """Which text a quoted hedge comes from: Hebrew letters are the Hebrew's, else the MT's."""
    return "the Hebrew" if HEBREW_WORD.search(words) else "the MT"


def _head(tokens: Sequence[Token], item: Item, skip: set[int], reach: int) -> int | None:
    """Index of the word the item modifies: the number after an approximator, else the first
    content word after it."""
    if _is_number(tokens, item.last + 1):
        return item.last + 1
    for k in range(item.last + 1, min(len(tokens), item.last + 1 + reach)):
        if tokens[k].content and k not in skip:
            return k
    return None


def _phrase(text: str, tokens: Sequence[Token], item: Item, head: int | None) -> str:
    """``“some kind of” pressure lever``: the scale word quoted, then what it modifies."""
    words = text[tokens[item.first].start : tokens[item.last].end]
    if head is None:
        return quote(words)
    end = head
    while end + 1 < len(tokens) and end + 1 - head < 2 and tokens[end + 1].content:
        end += 1
    return f"{quote(words)}{text[tokens[item.last].end : tokens[end].end]}"


def _counterparts(
    item: Item,
    mt_items: Sequence[Item],
    mt_head: int | None,
    mt_to_tgt: Sequence[int | None],
    n: int,
    limits: IntensityParameters,
) -> list[Item]:
    """Bridge words of the item's family in its place, nearest first.

    The place is just before the bridge's copy of the modified word; when that
    word has no copy, it is the same relative position in the sentence. A bridge word
    linked to English words is some other word's counterpart, unless it is an auxiliary
    linked into the item itself (a bare ``will`` against ``will probably``).
    """
    m = len(mt_to_tgt)
    same = [
        o
        for o in mt_items
        if o.family == item.family
        and (
            not o.linked
            or (
                o.weak
                and any(
                    j is not None and item.first <= j <= item.last
                    for j in mt_to_tgt[o.first : o.last + 1]
                )
            )
        )
    ]
    if mt_head is not None:
        near = [o for o in same if o.last < mt_head and mt_head - o.last <= limits.reach]
        return sorted(near, key=lambda o: mt_head - o.last)
    where = (item.first + 0.5) / n
    near = [o for o in same if abs((o.first + 0.5) / m - where) <= limits.position_reach]
    return sorted(near, key=lambda o: abs((o.first + 0.5) / m - where))


class IntensityDetector(BridgeDetector[IntensityParameters]):
    name = "intensity"

    def find(self, view: View) -> list[Finding]:
        # Imported here: translate_check.hebrew reads the number check's words, whose package
        # imports this module.
        from translate_check.hebrew import tokenize_hebrew

        hebrew = view.hebrew or tuple(tokenize_hebrew(view.src_text))
        markers = hebrew_markers(hebrew, self.parameters.hebrew_number_gap)
        return self._shifts(view, hebrew, markers) + self._hedges(view)

    def _in_place(
        self,
        view: View,
        item: Item,
        hebrew: Sequence[HebrewToken],
        markers: Sequence[Marker],
    ) -> list[Marker]:
        """Hebrew markers of the item's family in its place, nearest first: before the same
        number for an approximator, anywhere for a word of sentence scope, else at about
        the same relative position."""
        words = view.words
        same = [mk for mk in markers if mk.family == item.family]
        if not same:
            return []
        if item.family == "approximation":
            value = words.tgt[item.last + 1].norm
            return [
                mk
                for mk in same
                if any(
                    hebrew[k].number is not None and f"#{hebrew[k].number:g}" == value
                    for k in range(
                        mk.last, min(len(hebrew), mk.last + 2 + self.parameters.hebrew_number_gap)
                    )
                )
            ]
        where = (item.first + 0.5) / len(words.tgt)
        reach = 1.0 if item.scale.sentence_scope else self.parameters.hebrew_reach
        near = [mk for mk in same if abs((mk.first + 0.5) / len(hebrew) - where) <= reach]
        return sorted(near, key=lambda mk: abs((mk.first + 0.5) / len(hebrew) - where))

    def _shifts(
        self, view: View, hebrew: Sequence[HebrewToken], markers: Sequence[Marker]
    ) -> list[Finding]:
        words = view.words
        tgt_items = scale_items(view.tgt_text, words.tgt, words.tgt_to_mt)
        mt_items = scale_items(view.mt_text, words.mt, words.mt_to_tgt)
        tgt_skip = {k for it in tgt_items for k in range(it.first, it.last + 1)}
        families = scale_model().families
        findings = []
        for item in tgt_items:
            if item.linked:
                continue
            head = _head(words.tgt, item, tgt_skip, self.parameters.reach)
            mt_head = None if head is None else words.tgt_to_mt[head]
            near = _counterparts(
                item, mt_items, mt_head, words.mt_to_tgt, len(words.tgt), self.parameters
            )
            if any(m.level == item.level for m in near):
                continue
            placed = self._in_place(view, item, hebrew, markers)
            if any(mk.level == item.level for mk in placed):
                continue  # the Hebrew says what the English says
            names = families[item.family]
            tgt = _phrase(view.tgt_text, words.tgt, item, head)
            tgt_span = ((words.tgt[item.first].start, words.tgt[item.last].end),)
            src_spans = (placed[0].span,) if placed else ()
            if near:
                other = near[0]
                # A bridge auxiliary says little against another auxiliary (may/will differ
                # by tense alone) or a weaker English word (a bare "will" is the Hebrew
                # future), unless the Hebrew's own marker sides with the bridge.
                weak = other.weak and (item.weak or item.level < other.level)
                weak = weak and not any(mk.level == other.level for mk in placed)
                # An English more hedged than the bridge is more often the translator's
                # caution than an error: only overstated certainty is strong evidence.
                weak = weak or (item.family == "certainty" and item.level < other.level)
                weak = weak or tuple(sorted((item.level, other.level))) in item.scale.close_levels
                confidence = self.parameters.raw_certainty if weak else self.parameters.raw_amount
                src = _phrase(view.mt_text, words.mt, other, mt_head)
                findings.append(
                    Finding(
                        severity=severity_of(confidence),
                        message=(
                            f"the MT has {src}; the English has {tgt} "
                            f"({names[other.level - 1]} → {names[item.level - 1]})"
                        ),
                        tgt_spans=tgt_span,
                        mt_spans=((words.mt[other.first].start, words.mt[other.last].end),),
                        confidence=confidence,
                        src_spans=src_spans,
                    )
                )
                continue
            weaker = [mk for mk in placed if mk.level < item.level]
            if not weaker:
                continue
            marker = weaker[0]
            # Without a bridge word, a Hebrew marker placed by position is weaker evidence;
            # an approximator stands before the same number.
            close = tuple(sorted((item.level, marker.level))) in item.scale.close_levels
            anchored = item.family == "approximation" and not close
            confidence = self.parameters.raw_amount if anchored else self.parameters.raw_certainty
            findings.append(
                Finding(
                    severity=severity_of(confidence),
                    message=(
                        f"the Hebrew has {quote(marker.words)}; the English has {tgt} "
                        f"({names[marker.level - 1]} → {names[item.level - 1]})"
                    ),
                    tgt_spans=tgt_span,
                    confidence=confidence,
                    src_spans=(marker.span,),
                )
            )
        return findings

    def _hedges(self, view: View) -> list[Finding]:
        """Hedges the English dropped or added.

        A bridge hedge (``apparently``) that the English does not keep is dropped; so
        is a Hebrew hedge (כנראה) that the bridge renders with any epistemic word
        (``probably``) and the English does not keep. Only an epistemic word of the
        English (``probably``, ``may``, ``seems``) keeps an epistemic hedge; attribution
        (``said``, ``according to``) keeps an attributive one (``reportedly``,
        לכאורה) too. An English hedge
        is added when the bridge's epistemic words and the Hebrew's hedges are all
        accounted for by the English's other epistemic words: a bridge ``may``
        or a Hebrew אולי that the English renders as ``may`` or ``maybe`` does
        not vouch for an added ``allegedly`` too."""
        words = view.words
        tables = _tables()
        mt_support = has_hedge(view.mt_text, words.mt, tables.epistemic)
        src_hedges = [
            (h, m.span())
            for h, pattern in tables.hebrew_hedge.items()
            if h in view.src_text  # the pattern is the hedge's letters, framed
            for m in [pattern.search(view.src_text)]
            if m
        ]
        findings = []
        tgt_epistemic = has_hedge(view.tgt_text, words.tgt, tables.epistemic)
        attributed = bool(has_hedge(view.tgt_text, words.tgt, tables.support))
        attributive = scale_model().attributive

        def kept(hedge: str) -> bool:
            """Whether the English keeps a hedge: any epistemic word of its own does, and
            attribution (``said``) does for an attributive one (``reportedly``)."""
            return bool(tgt_epistemic) or (attributed and hedge in attributive)

        mt_hedges = has_hedge(view.mt_text, words.mt, tables.hedges)
        for first, last in mt_hedges:
            hedge = " ".join(t.norm for t in words.mt[first : last + 1])
            if not kept(hedge):
                said = view.mt_text[words.mt[first].start : words.mt[last].end]
                findings.append(self._dropped(view, said, first, last, ()))
        if not mt_hedges and src_hedges and mt_support and not kept(src_hedges[0][0]):
            first, last = mt_support[0]
            spans = (_hebrew_part(view.src_text, src_hedges[0]),)
            findings.append(self._dropped(view, src_hedges[0][0], first, last, spans))
        backing = max(len(mt_support), len(src_hedges))
        for first, last in has_hedge(view.tgt_text, words.tgt, tables.hedges):
            if None not in words.tgt_to_mt[first : last + 1]:
                continue  # the bridge has the same hedge
            if backing > len(tgt_epistemic) - 1:
                continue  # a bridge or Hebrew hedge is left over for this one
            hedge = view.tgt_text[words.tgt[first].start : words.tgt[last].end]
            findings.append(
                Finding(
                    severity=severity_of(self.parameters.raw_hedge),
                    message=(
                        f"hedge added: the English says {quote(hedge)}; "
                        "neither the MT nor the Hebrew does"
                    ),
                    tgt_spans=((words.tgt[first].start, words.tgt[last].end),),
                    confidence=self.parameters.raw_hedge,
                )
            )
        return findings

    def _dropped(
        self, view: View, hedge: str, first: int, last: int, src_spans: tuple[Span, ...]
    ) -> Finding:
        """A hedge (quoted as ``hedge``, marked in the bridge at first..last) with no English
        hedge; the English span is the certainty word that took its place (``will
        certainly``), else the word it bears on."""
        words = view.words
        certain = [
            it
            for it in scale_items(view.tgt_text, words.tgt, words.tgt_to_mt)
            if it.family == "certainty"
            and it.level == len(scale_model().families["certainty"])
            and not it.linked
        ]
        target = next(
            (
                words.mt_to_tgt[k]
                for k in range(last + 1, len(words.mt))
                if words.mt[k].content and words.mt_to_tgt[k] is not None
            ),
            None,
        )
        if certain:  # the hedge became a certainty: that word is the change
            spans: tuple[Span, ...] = (
                (words.tgt[certain[0].first].start, words.tgt[certain[0].last].end),
            )
        else:
            spans = () if target is None else (words.tgt[target].span,)
        return Finding(
            severity=severity_of(self.parameters.raw_hedge),
            message=f"hedge dropped: {_holder(hedge)} says {quote(hedge)}; the English does not",
            tgt_spans=spans,
            mt_spans=((words.mt[first].start, words.mt[last].end),),
            confidence=self.parameters.raw_hedge,
            src_spans=src_spans,
        )


def _hebrew_part(text: str, found: tuple[str, Span]) -> Span:
    """The hedge's own characters in a match that may start with prefix letters."""
    hedge, (start, end) = found
    return (end - len(hedge), end) if text[start:end].endswith(hedge) else (start, end)
