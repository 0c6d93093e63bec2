"""Which Hebrew words back each English word: the Hebrew linked to the English and to every
bridge, once per pair.

Every flag compares the English with a bridge, but a reviewer's first question
is *which Hebrew words?*. No dictionary is used: a Hebrew word is tied to an
English one by what both spell alike (a number, a name through its consonant
skeleton: :mod:`translate_check.detect.translit`) and by the closed class of
Hebrew grammar words and prefixes (:data:`translate_check.hebrew.GLOSSES`).
Those ties that keep one order on both sides are the anchors; every other
English word is placed between its neighbouring anchors in proportion (Hebrew
and English mostly keep the order of phrases, not of words within them). The
English under review borrows, for a word a bridge shares, the bridge word's
Hebrew (composition through the English–bridge word alignment of
:mod:`translate_check.words`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from translate_check.detect.translit import SkeletonIndex
from translate_check.hebrew import (
    GLOSSES,
    HebrewToken,
    Reading,
    tokenize_hebrew,
)
from translate_check.model import Bridge, Flag, Span
from translate_check.words import Alignment, Token, merge_spans, tokenize

STRENGTH: dict[str, float] = {"number": 3.0, "translit": 3.0, "gloss": 1.5, "prefix": 1.0}
"""How much one tie weighs when the anchors are chosen: spellings alike outweigh grammar words,
which English uses more freely than Hebrew."""
REACH_COST = 2.0
"""Weight lost per unit of relative-position gap (the share of each sentence between the two
words): a grammar word is the same one only near where it is expected."""
FUNCTION_SHARE = 0.5
"""How much of a Hebrew word an English grammar word takes up when words are placed in
proportion: Hebrew writes articles and prepositions onto the next word."""
POSITION = "position"
BRIDGE = "bridge:"
"""How a link the English borrowed through a bridge word starts."""
_BORROWED_POSITION = ":" + POSITION


@dataclass(frozen=True)
class HebrewParameters:
    """How the Hebrew itself is heard, beside the bridges."""

    witness: bool = True
    """Whether the confidence model hears what the Hebrew says of each English word (its
    ties, the numbers and names it writes): off, the model judges by the bridges alone."""
    glosses: bool = True
    """Whether grammar words and prefixes (:data:`~translate_check.hebrew.GLOSSES`,
    ``PREFIX_GLOSSES``) tie English words to the Hebrew: off, only numbers and names do."""


HEBREW = HebrewParameters()


@dataclass(frozen=True)
class Link:
    """One Hebrew token behind an English word, and how it was found: ``number``,
    ``translit``, ``gloss``, ``prefix``, ``position`` (placed between anchors), or, for the
    English under review, ``bridge:KIND`` (through the word a bridge links it to)."""

    hebrew: int
    how: str

    @property
    def placed(self) -> bool:
        """Found by position alone, here or in the bridge it came through: a guess."""
        return self.how == POSITION or self.how.endswith(_BORROWED_POSITION)


TokenLinks = tuple[tuple[Link, ...], ...]
"""Per English token, in token order."""


@dataclass(frozen=True)
class PairLinks:
    """A pair's Hebrew tokens and how they are tied to its English and its bridges.

    ``english[i]`` are the Hebrew tokens behind English token ``i``; ``bridges[k][j]``
    those behind token ``j`` of the pair's ``k``-th bridge (its order in ``Pair.bridges``);
    ``renders[h]`` the English tokens tied to Hebrew token ``h`` by more than position.
    """

    src_text: str
    hebrew: tuple[HebrewToken, ...]
    english: TokenLinks
    bridges: tuple[TokenLinks, ...]
    renders: tuple[tuple[int, ...], ...]

    def src_spans(self, flag: Flag, tgt_text: str, mt_text: str) -> tuple[Span, ...]:
        """The Hebrew a flag is about: the Hebrew behind its MT spans where it has them (the
        MT is what the detectors found opposite the English), else behind its English spans.
        An addition has none; a Hebrew sentence with no English is all of it."""
        if flag.type == "addition" or not self.hebrew:
            return ()
        if not tgt_text.strip():
            return merge_spans([t.span for t in self.hebrew], self.src_text)
        if flag.mt_spans and self.bridges:
            found = _behind(tokenize(mt_text), self.bridges[0], flag.mt_spans)
        else:
            found = _behind(tokenize(tgt_text), self.english, flag.tgt_spans)
        return merge_spans([self.hebrew[h].span for h in sorted(found)], self.src_text)


def locate(
    flags: Sequence[Flag], links: PairLinks | None, src_text: str, tgt_text: str, mt_text: str
) -> tuple[Flag, ...]:
    """The flags with their Hebrew (``src_spans``), filled in once, after every detector has
    run; a detector that read the Hebrew itself (an intensity marker) keeps what it found.
    Without links (no word-level checks) only a Hebrew sentence with no English has one:
    all of it."""
    if links is not None:
        return tuple(
            f if f.src_spans else replace(f, src_spans=links.src_spans(f, tgt_text, mt_text))
            for f in flags
        )
    if tgt_text.strip() or not src_text.strip():
        return tuple(flags)
    whole = (len(src_text) - len(src_text.lstrip()), len(src_text.rstrip()))
    return tuple(replace(f, src_spans=(whole,)) for f in flags)


def _behind(tokens: Sequence[Token], links: TokenLinks, spans: Sequence[Span]) -> set[int]:
    """Hebrew token indices behind the English tokens that overlap ``spans``."""
    return {
        link.hebrew
        for token, token_links in zip(tokens, links, strict=True)
        if any(token.start < end and start < token.end for start, end in spans)
        for link in token_links
    }


@dataclass(frozen=True)
class _Ties:
    """What a pair's Hebrew tokens can be tied by, looked up by English word rather than tried
    pair by pair: numbers by value, grammar words and prefixes by the English words that
    render them, and each word's spellings for names."""

    numbers: dict[float, tuple[int, ...]]
    words: dict[str, tuple[tuple[int, str], ...]]
    spellings: tuple[tuple[int, str], ...]
    names: SkeletonIndex
    """The spellings' skeletons, in the order of ``spellings``."""
    written: tuple[bool, ...] = ()
    """Per Hebrew token: whether English writes it (see :func:`_written_near`)."""
    _found: dict[tuple[str, bool], tuple[tuple[int, str], ...]] = field(
        default_factory=dict, compare=False
    )
    """Words already looked up: the English and every bridge repeat most of them."""

    @classmethod
    def of(cls, hebrew: Sequence[HebrewToken]) -> _Ties:
        numbers: dict[float, list[int]] = {}
        words: dict[str, dict[int, str]] = {}
        spellings = []
        for token in hebrew:
            if token.number is not None:
                numbers.setdefault(token.number, []).append(token.index)
                continue
            spellings.append((token.index, token.facts.forms))
            for word in token.facts.prefixes:
                words.setdefault(word, {}).setdefault(token.index, "prefix")
            for word in token.glosses:
                words.setdefault(word, {})[token.index] = "gloss"
        return cls(
            numbers={v: tuple(h) for v, h in numbers.items()},
            words={w: tuple(found.items()) for w, found in words.items()},
            spellings=tuple(spellings),
            names=SkeletonIndex.of([forms for _, forms in spellings]),
            written=tuple(not token.unwritten for token in hebrew),
        )

    def of_token(self, token: Token) -> tuple[tuple[int, str], ...]:
        """The Hebrew tokens an English token visibly renders, and how."""
        key = (token.text, token.function)  # all the look-up reads (norm, case) follow
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = self._look_up(token)
        return found

    def _look_up(self, token: Token) -> tuple[tuple[int, str], ...]:
        if token.norm.startswith("#"):
            return tuple((h, "number") for h in self.numbers.get(float(token.norm[1:]), ()))
        found = self.words.get(token.norm, ())
        if token.capitalized and token.content:
            found += self._spelt(token.text)
        return found

    def _spelt(self, name: str) -> tuple[tuple[int, str], ...]:
        """The tokens one of whose forms could be a name written in Hebrew letters, or its
        people or language (``Russians``: הרוסים, read by hspell as a form of רוסיה)."""
        found = set().union(*(self.names.writing(n) for n in {name, _DEMONYM.sub("", name)} if n))
        return tuple((self.spellings[k][0], "translit") for k in sorted(found))


_DEMONYM = re.compile(r"(?:ians?|ans?|ns?|is?|s)$")


_FREE = frozenset({"number", "translit"})
"""Ties kept however far from where their word is expected."""


def _places(tokens: Sequence[Token]) -> list[float]:
    """Each English token's place in Hebrew words: grammar words take up less room."""
    places, at = [], 0.0
    for token in tokens:
        width = FUNCTION_SHARE if token.function else 1.0
        places.append(at + width / 2)
        at += width
    return [p / at for p in places] if at else places


def link_text(
    hebrew: Sequence[HebrewToken], tokens: Sequence[Token], known: _Ties | None = None
) -> TokenLinks:
    """Tie one English text's tokens to Hebrew tokens: anchors first, then the rest by place.
    ``known`` is the Hebrew's ties, when the caller has them for several texts."""
    n, m = len(hebrew), len(tokens)
    if not n or not m:
        return tuple(() for _ in tokens)
    known = known or _Ties.of(hebrew)
    places = _places(tokens)
    ties: dict[tuple[int, int], str] = {}
    weight: dict[tuple[int, int], float] = {}
    for i, token in enumerate(tokens):
        place = places[i]
        for h, how in known.of_token(token):
            gain = STRENGTH[how] - REACH_COST * abs((h + 0.5) / n - place)
            if gain > 0 or how in _FREE:
                ties[h, i] = how
                weight[h, i] = gain if gain >= 0.01 else 0.01
    chain = _monotone(weight)
    direct: dict[int, Link] = {i: Link(h, ties[h, i]) for h, i in chain}
    for h, i in chain:  # a grammar word rendered by several (כלשהו: "some kind")
        for step in (-1, 1):
            k = i + step
            while (h, k) in ties and k not in direct:
                direct[k] = Link(h, ties[h, k])
                k += step
    for h, i in chain:  # ב in בחקירתו is "in", and the noun after it is the rest of the word
        k = i + 1
        while ties[h, i] == "prefix" and k < m and k not in direct:
            direct[k] = Link(h, POSITION)
            if tokens[k].content:
                break
            k += 1
    # Numbers and names move freely: kept even where they break the anchors' order.
    fixed = [
        (hi, how)
        for hi, how in ties.items()
        if how == "number" or (how == "translit" and hebrew[hi[0]].proper)
    ]
    for (h, i), how in sorted(fixed, key=lambda kv: -weight[kv[0]]):
        if i not in direct:
            direct[i] = Link(h, how)
    tied = sorted((float(link.hebrew), i) for i, link in direct.items() if not link.placed)
    anchors = [(-1.0, -1), *_increasing(tied), (float(n), m)]
    at = [i for _, i in anchors]
    result = []
    for i in range(m):
        if i in direct:
            result.append((direct[i],))
            continue
        k = bisect_right(at, i)
        (h0, i0), (h1, i1) = anchors[k - 1], anchors[k]
        x0 = places[i0] if i0 >= 0 else 0.0
        x1 = places[i1] if i1 < m else 1.0
        share = (places[i] - x0) / (x1 - x0) if x1 > x0 else 0.0
        spot = int(h0 + share * (h1 - h0) + 0.5)
        if h1 - h0 >= 2:  # words between two anchors stand for the Hebrew between them
            spot = min(max(spot, int(h0) + 1), int(h1) - 1)
        result.append((Link(_written_near(known.written, spot), POSITION),))
    return tuple(result)


def _increasing(ties: list[tuple[float, int]]) -> list[tuple[float, int]]:
    """The ties, in English order, that keep the Hebrew order too (the first of a crossing)."""
    kept: list[tuple[float, int]] = []
    for h, i in sorted(ties, key=lambda t: t[1]):
        if not kept or h >= kept[-1][0]:
            kept.append((h, i))
    return kept


def _written_near(written: Sequence[bool], h: int) -> int:
    """The token at or next to index ``h`` that English writes (``written``, per Hebrew
    token): a word placed by proportion never lands on את (the object marker) when a word is
    beside it."""
    h = min(max(h, 0), len(written) - 1)
    for k in (h, h + 1, h - 1):
        if 0 <= k < len(written) and written[k]:
            return k
    return h


def _monotone(weight: dict[tuple[int, int], float]) -> list[tuple[int, int]]:
    """The heaviest set of ties that keeps one order on both sides (an LCS with weights, over
    the ties alone). Each tie extends the first of the heaviest chains that end above and
    before it: found by a scan for a sentence's few ties, and through a tree of prefix
    maxima for a paragraph's many (:func:`_heaviest_before`), with the same choice."""
    ties = sorted(weight)
    if len(ties) > SCAN_MAX:
        best, before = _heaviest_before(ties, weight)
    else:
        best, before = [], []
        for k, (h, i) in enumerate(ties):
            top, most = -1, 0.0
            for j in range(k):
                hj, ij = ties[j]
                if hj >= h:  # sorted: no later tie is above this one in the Hebrew
                    break
                if ij < i and (top < 0 or best[j] > most):
                    top, most = j, best[j]
            best.append(weight[h, i] + most)
            before.append(top)
    chain = []
    k = best.index(max(best)) if best else -1
    while k >= 0:
        chain.append(ties[k])
        k = before[k]
    return chain[::-1]


SCAN_MAX = 32
"""Most ties whose chains are found by scanning every earlier tie (quadratic, but with less
work per step than the tree)."""


def _heaviest_before(
    ties: Sequence[tuple[int, int]], weight: dict[tuple[int, int], float]
) -> tuple[list[float], list[int]]:
    """Per tie (sorted), the weight of the heaviest chain ending in it and the tie before it
    there (-1: none). A Fenwick tree over English positions holds, per prefix, the heaviest
    chain as (weight, -tie), so a tie of equal weight that comes first wins, as in a scan;
    ties of one Hebrew token are looked up before any of them is entered (strictly above)."""
    size = max(i for _, i in ties) + 1
    tree: list[tuple[float, int] | None] = [None] * (size + 1)
    best = [0.0] * len(ties)
    before = [-1] * len(ties)
    start = 0
    while start < len(ties):
        end = start
        while end < len(ties) and ties[end][0] == ties[start][0]:
            end += 1
        for k in range(start, end):
            found: tuple[float, int] | None = None
            at = ties[k][1]  # positions 1..i hold the ties before English token i
            while at > 0:
                entry = tree[at]
                if entry is not None and (found is None or entry > found):
                    found = entry
                at -= at & -at
            best[k] = weight[ties[k]] + (found[0] if found else 0.0)
            before[k] = -found[1] if found else -1
        for k in range(start, end):
            entry, at = (best[k], -k), ties[k][1] + 1
            while at <= size:
                held = tree[at]
                if held is None or entry > held:
                    tree[at] = entry
                at += at & -at
        start = end
    return best, before


def link_pair(
    src_text: str,
    tgt_text: str,
    bridges: Sequence[Bridge],
    alignments: Sequence[Alignment] = (),
    analysed: dict[str, tuple[Reading, ...]] | None = None,
    glosses: bool = True,
) -> PairLinks:
    """Tie a pair's Hebrew to its English and to each bridge.

    ``alignments`` are the English's word alignments with the bridges that have a
    text, in order (the pair's evidence); ``analysed`` hspell's readings of the
    Hebrew words, if hspell ran; without ``glosses`` only numbers and names tie words.
    """
    hebrew = tokenize_hebrew(src_text, analysed)
    known = _Ties.of(hebrew)
    if not glosses:
        known = replace(known, words={})
    own = link_text(hebrew, tokenize(tgt_text), known)
    per_bridge = tuple(link_text(hebrew, tokenize(b.text), known) for b in bridges)
    texted = [links for b, links in zip(bridges, per_bridge, strict=True) if b.text.strip()]
    english = []
    for i, links in enumerate(own):
        if links and not links[0].placed:
            english.append(links)
            continue
        borrowed = _borrowed(i, alignments, texted)
        english.append(borrowed or links)
    renders: list[list[int]] = [[] for _ in hebrew]
    for i, links in enumerate(english):
        for link in links:
            if not link.placed and i not in renders[link.hebrew]:
                renders[link.hebrew].append(i)
    return PairLinks(
        src_text=src_text,
        hebrew=hebrew,
        english=tuple(english),
        bridges=per_bridge,
        renders=tuple(tuple(r) for r in renders),
    )


def _borrowed(
    i: int, alignments: Sequence[Alignment], bridges: Sequence[TokenLinks]
) -> tuple[Link, ...]:
    """English token ``i``'s Hebrew through the first bridge that links it, preferring one
    whose word is tied to the Hebrew by more than position."""
    found: tuple[Link, ...] = ()
    for words, links in zip(alignments, bridges, strict=False):
        j = words.tgt_to_mt[i] if i < len(words.tgt_to_mt) else None
        if j is None or not links[j]:
            continue
        via = tuple(Link(link.hebrew, f"bridge:{link.how}") for link in links[j])
        if not links[j][0].placed:
            return via
        found = found or via
    return found


_GLOSSED: frozenset[str] = frozenset().union(*GLOSSES.values())
"""English words that render a Hebrew grammar word, quantifier or hedge."""


@dataclass(frozen=True)
class Witness:
    """What the Hebrew says of each English token, beside what the bridges say.

    ``tied[i]``: the token renders a Hebrew word visibly (the same number, a name it
    spells, a grammar word it glosses), so the Hebrew backs it whatever the bridges
    write. ``number_unwritten[i]``: a number whose value no Hebrew word has.
    ``name_unrendered[i]``: a common word standing where the Hebrew has a name that no
    English word spells. ``gloss_untied[i]``: a word that renders Hebrew grammar words
    (*all*, *not*, *some*, *apparently*) tied to none here. ``on_unrendered[i]``: a content
    word placed on a Hebrew grammar word that no English word renders (*great* where
    the Hebrew has כלשהו, *some*).
    """

    tied: tuple[bool, ...]
    number_unwritten: tuple[bool, ...]
    name_unrendered: tuple[bool, ...]
    gloss_untied: tuple[bool, ...]
    on_unrendered: tuple[bool, ...]


def witness(links: PairLinks, tokens: Sequence[Token], name_like: Sequence[bool]) -> Witness:
    """The Hebrew's word on each English token, from the pair's links (``tokens`` the
    English tokens they were made for)."""
    values = {h.number for h in links.hebrew if h.number is not None}
    own = [
        bool(found) and not found[0].placed and not found[0].how.startswith(BRIDGE)
        for found in links.english
    ]
    rendered = [bool(r) for r in links.renders]

    def behind(i: int) -> list[HebrewToken]:
        return [links.hebrew[link.hebrew] for link in links.english[i]]

    return Witness(
        tied=tuple(own),
        number_unwritten=tuple(
            t.norm.startswith("#") and float(t.norm[1:]) not in values for t in tokens
        ),
        name_unrendered=tuple(
            t.content
            and not name
            and not t.norm.startswith("#")
            and any(h.proper and not rendered[h.index] for h in behind(t.index))
            for t, name in zip(tokens, name_like, strict=True)
        ),
        gloss_untied=tuple(t.norm in _GLOSSED and not own[t.index] for t in tokens),
        on_unrendered=tuple(
            t.content
            and not own[t.index]
            and any(
                h.glosses and h.number is None and not rendered[h.index] for h in behind(t.index)
            )
            for t in tokens
        ),
    )
