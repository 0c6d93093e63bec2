"""What supports each English word: the word alignment with every bridge, made once per pair.

Every detector asks the same question of a pair, *which English words does some
rendering of the Hebrew support, and how?*, so the answer is computed once here
and handed to all of them as data. An English word is supported by a bridge
through a word link (``exact``, ``stem``, ``synonym``, ``fuzzy``, ``ngram``:
see :func:`translate_check.words.align_words`) and, for a name, by the Hebrew
itself when some Hebrew word could be its transliteration (``translit``).
The Hebrew words behind each English word (:mod:`translate_check.links`) are
tied here too, once, so the confidence model can hear the Hebrew as a witness
beside the bridges and every flag can name its Hebrew.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from translate_check.detect.translit import transliterated_in
from translate_check.model import Bridge
from translate_check.words import (
    LINKS,
    Alignment,
    LinkParameters,
    Token,
    align_words,
    sentence_initial,
    tokenize,
)

if TYPE_CHECKING:  # the Hebrew modules read the number check, which reads this one
    from translate_check.hebrew import Reading
    from translate_check.links import HebrewParameters, PairLinks, Witness

SUPPORT_KINDS: tuple[str, ...] = ("exact", "stem", "synonym", "fuzzy", "ngram")
"""Word-link kinds, strongest first."""


@dataclass(frozen=True)
class Evidence:
    """One pair's English tokens and how each bridge and the Hebrew support them.

    ``alignments[k]`` links the English with ``bridges[k]``, the pair's bridges
    that have a text, in order; ``name_like[i]`` says token ``i`` is capitalised
    inside its sentence; ``translit[i]`` that such a token could be written by a
    word of the Hebrew. ``links`` ties the Hebrew to the English and the bridges (None
    without Hebrew); ``witness`` is what the Hebrew says of each English token, None where
    it is not heard (no Hebrew, or the setting is off).
    """

    tgt: tuple[Token, ...]
    bridges: tuple[Bridge, ...]
    alignments: tuple[Alignment, ...]
    name_like: tuple[bool, ...]
    translit: tuple[bool, ...]
    links: PairLinks | None = None
    witness: Witness | None = None
    _unmatched: dict[int, tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)
    """Each bridge's unmatched content tokens, once asked for: every check asks again."""

    def token_at(self, start: int) -> int:
        """Index of the English token that starts at character ``start``."""
        return next(t.index for t in self.tgt if t.start == start)

    @cached_property
    def _support(self) -> tuple[tuple[tuple[str | None, ...], ...], tuple[int, ...]]:
        """Every English token's link kinds and number of supporting bridges, read once:
        the confidence model asks them of every token, the checks of many."""
        if not self.alignments:
            return ((),) * len(self.tgt), (0,) * len(self.tgt)
        kinds = tuple(zip(*(a.kind for a in self.alignments), strict=True))
        linked = zip(*(a.tgt_to_mt for a in self.alignments), strict=True)
        return kinds, tuple(sum(j is not None for j in links) for links in linked)

    def kinds(self, i: int) -> tuple[str | None, ...]:
        """How each bridge supports English token ``i`` (None: it does not)."""
        return self._support[0][i]

    def supporters(self, i: int) -> int:
        """How many bridges link English token ``i`` to one of their words."""
        return self._support[1][i]

    def supported(self, i: int) -> bool:
        """Whether any bridge, or (for a name) the Hebrew, supports English token ``i``."""
        return self.translit[i] or self.supporters(i) > 0

    def unmatched(self, k: int) -> tuple[int, ...]:
        """Content tokens of bridge ``k`` that no English word is linked to."""
        found = self._unmatched.get(k)
        if found is None:
            words = self.alignments[k]
            found = tuple(
                t.index for t in words.mt if not t.function and words.mt_to_tgt[t.index] is None
            )
            self._unmatched[k] = found
        return found

    def opposite(self, k: int, first: int, last: int) -> tuple[int, ...]:
        """Unmatched content tokens of bridge ``k`` between the bridge words linked to the
        nearest supported English content words left of ``first`` and right of ``last``:
        what the bridge says in the place of English tokens ``first..last``."""
        words = self.alignments[k]
        left = next(
            (
                words.tgt_to_mt[i]
                for i in range(first - 1, -1, -1)
                if self.tgt[i].content and words.tgt_to_mt[i] is not None
            ),
            None,
        )
        right = next(
            (
                words.tgt_to_mt[i]
                for i in range(last + 1, len(self.tgt))
                if self.tgt[i].content and words.tgt_to_mt[i] is not None
            ),
            None,
        )
        lo = -1 if left is None else left
        hi = len(words.mt) if right is None else right
        lo, hi = min(lo, hi), max(lo, hi)
        unmatched = self.unmatched(k)  # in bridge order: the ones between are a slice
        return unmatched[bisect_right(unmatched, lo) : bisect_left(unmatched, hi)]


def gather(
    src_text: str,
    tgt_text: str,
    bridges: Sequence[Bridge],
    links: LinkParameters = LINKS,
    hebrew: HebrewParameters | None = None,
    readings: dict[str, tuple[Reading, ...]] | None = None,
) -> Evidence:
    """Align the English with every bridge (each has text: see ``model.with_text``), check
    its names against the Hebrew and tie the Hebrew's words to it (``readings``: hspell's
    analyses of the Hebrew words, where it ran; ``hebrew`` how the Hebrew is heard, by
    default :data:`translate_check.links.HEBREW`)."""
    from translate_check.links import HEBREW, link_pair, witness

    hebrew = hebrew or HEBREW
    tokens = tokenize(tgt_text)
    name_like = tuple(t.capitalized and not sentence_initial(tgt_text, t) for t in tokens)
    translit = tuple(
        bool(name and src_text and transliterated_in(t.text, src_text))
        for t, name in zip(tokens, name_like, strict=True)
    )
    alignments = tuple(align_words(tgt_text, b.text, links) for b in bridges)
    tied = link_pair(src_text, tgt_text, bridges, alignments, readings, hebrew.glosses)
    written = any(h.number is None for h in tied.hebrew)  # Hebrew words, not digits alone
    heard = witness(tied, tokens, name_like) if written and hebrew.witness else None
    return Evidence(
        tgt=tokens,
        bridges=tuple(bridges),
        alignments=alignments,
        name_like=name_like,
        translit=translit,
        links=tied,
        witness=heard,
    )
