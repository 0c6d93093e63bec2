"""Polarity: the English negates what the bridge affirms, or the reverse.

Negations are counted, not located, because translators move them freely
(``no one came`` / ``nobody came``). Only negation words count; idioms such as
``not only`` and ``whether or not`` do not. A difference in count is a flip
when the extra negation stands in a clause the other side shares (a linked
word follows it, or a linked auxiliary precedes it) and the side with fewer
negations has, near the negated word, no word without a negative counterpart
that paraphrases one (``unable``, ``lack``, ``without``, ``-less``,
``un-``/``non-``/``mis-`` words). Prefix negations
explain a difference but never make one: ``immigrant`` is not ``not
migrant``, and translators trade ``non-violent`` for ``peaceful`` freely.
The flag points at the negation on the side that has more and at the word it
bears on on the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from translate_check.detect import wordlists
from translate_check.detect.base import BridgeDetector, Finding, View
from translate_check.detect.calibration import severity_of
from translate_check.detect.lexicons import (
    AUXILIARIES,
    NEGATION_IDIOMS,
    NEGATIONS,
    NEGATIVE_PREFIXES,
    SOFT_NEGATIONS,
)
from translate_check.facts import CLAUSE_END
from translate_check.model import quote
from translate_check.words import SYNONYMS, Token, sentence_initial, stem


@dataclass(frozen=True)
class NegationParameters:
    context: int = 3
    """Content words after a negation that are searched for a counterpart on the other side."""
    until_reach: int = 5
    """Tokens after a negation within which an ``until`` closes it."""
    soft_reach: int = 8
    """Tokens either side of the negated word searched for a word that paraphrases the
    negation."""
    prefixed_min: int = 6
    """Letters from which a word in ``-less`` or a negative prefix (``un-``, ``mis-``) may
    stand for a negation: shorter ones (``unit``, ``mist``, ``less``) rarely do."""
    latinate_min: int = 7
    """Letters from which an ``in-``/``im-``/``il-``/``ir-`` word may stand for one
    (``impossible``; not ``inner``, ``image``)."""
    raw_confidence: float = 0.85
    """Fitted: the share of negation flags on pairs with an injected divergence in
    ``bench.divergence`` (recalibrated by the confidence model)."""


def _idiom(tokens: Sequence[Token], k: int) -> bool:
    """Whether token ``k`` is part of a negation idiom, wherever in the idiom it stands."""
    return any(
        tuple(t.norm for t in tokens[k - p : k - p + len(idiom)]) == idiom
        for idiom in NEGATION_IDIOMS
        for p, word in enumerate(idiom)
        if word == tokens[k].norm and k >= p
    )


def _cue(text: str, tokens: Sequence[Token], tok: Token) -> bool:
    """A negation word that negates: not in an idiom, a name (Doctors Without Borders), or
    an abbreviation (``No. 1``)."""
    if tok.capitalized and not sentence_initial(text, tok):
        return False
    following = tokens[tok.index + 1] if tok.index + 1 < len(tokens) else None
    if tok.norm == "no" and following is not None and following.norm.startswith("#"):
        return False
    return not _idiom(tokens, tok.index)


def negations(text: str, tokens: Sequence[Token], limits: NegationParameters) -> list[int]:
    """Indices of the negation words that negate the statement.

    A negation closed by ``until`` in its clause (``didn't open until March``)
    says *only then*, so it does not count.
    """
    found: list[int] = []
    for tok in tokens:
        if tok.norm not in NEGATIONS or not _cue(text, tokens, tok):
            continue
        clause = _clause_after(text, tokens, tok.index)[: limits.until_reach]
        if any(t.norm in ("until", "till") for t in clause):
            continue
        found.append(tok.index)
    return found


def _soft_near(
    text: str,
    tokens: Sequence[Token],
    links: Sequence[int | None],
    other: Sequence[Token],
    head: int,
    limits: NegationParameters,
) -> bool:
    """Whether, near the word a negation bears on (``head``, on the side without it), a
    word stands for that negation with no negative-like counterpart: ``impossible`` linked
    to ``possible`` stands for the other side's ``not``, while a word the other side has
    too paraphrases nothing. Only words within ``reach`` tokens count: a ``without``
    in another clause says nothing about this one (``limits.soft_reach``)."""
    other_stems = {o.stem for o in other if o.content}
    reach = limits.soft_reach
    for t in tokens[max(0, head - reach) : head + reach + 1]:
        if t.capitalized and not sentence_initial(text, t):
            continue
        link = links[t.index]
        if _negative_like(tokens, t, other_stems, limits) and (
            link is None
            or _bare(t, other[link])
            or not _negative_like(other, other[link], None, limits)
        ):
            return True
    return False


def _bare(word: Token, other: Token) -> bool:
    """Whether ``other`` is ``word`` without its negative prefix (``impressed`` for
    ``unimpressed``): the affirmative the prefix negates, whatever it looks like."""
    return any(
        word.norm.startswith(prefix) and stem(word.norm[len(prefix) :]) == other.stem
        for prefix in (*NEGATIVE_PREFIXES, *_LATINATE)
    )


def _negative_like(
    tokens: Sequence[Token], tok: Token, other_stems: set[str] | None, limits: NegationParameters
) -> bool:
    """A word that can paraphrase a negation: ``unable``, ``-less`` words, ``un-``/``mis-``
    words, ``non-`` compounds, and ``in-``/``im-``/``il-``/``ir-`` words whose bare form, or a
    synonym of it, is in ``other_stems`` (``irrelevant`` against ``relevance``,
    ``inadequate`` against ``sufficient``; any such word when ``other_stems`` is None).
    ``few`` and ``little`` do, ``a few`` and ``a little`` do not."""
    norm = tok.norm
    if norm in ("few", "little") and tok.index and tokens[tok.index - 1].norm == "a":
        return False
    if norm in SOFT_NEGATIONS or tok.stem in _SOFT_STEMS:
        return True
    if len(norm) >= limits.prefixed_min and norm.endswith("less") and not norm.endswith("theless"):
        return True
    if norm == "non":
        following = tokens[tok.index + 1] if tok.index + 1 < len(tokens) else None
        return following is not None and following.start == tok.end + 1
    if len(norm) >= limits.prefixed_min and norm.startswith(NEGATIVE_PREFIXES):
        return not norm.startswith(_NOT_NEGATIVE)
    bare = stem(norm[2:])
    return (
        norm[:2] in _LATINATE
        and len(norm) >= limits.latinate_min
        and (
            other_stems is None
            or bare in other_stems
            or (bare in SYNONYMS and any(SYNONYMS.get(o) == SYNONYMS[bare] for o in other_stems))
        )
    )


_LATINATE = wordlists.words("negation", "latinate_prefixes")
"""Latinate negative prefixes (``in``-, ``im``-…), counted only on long words."""
_SOFT_STEMS = frozenset(stem(word) for word in SOFT_NEGATIONS)
_NOT_NEGATIVE = wordlists.ordered("negation", "not_negative")
"""Beginnings that look like a negative prefix and are not (``union``, ``mist``)."""


class NegationDetector(BridgeDetector[NegationParameters]):
    name = "negation"

    def find(self, view: View) -> list[Finding]:
        words, limits = view.words, self.parameters
        tgt_neg = negations(view.tgt_text, words.tgt, limits)
        mt_neg = negations(view.mt_text, words.mt, limits)
        if len(tgt_neg) > len(mt_neg):
            flip = _flip(view.tgt_text, tgt_neg, words.tgt, words.tgt_to_mt, limits.context)
            if flip is None or _soft_near(
                view.mt_text, words.mt, words.mt_to_tgt, words.tgt, flip[1], limits
            ):
                return []
            cue, head = flip
            what = words.tgt[cue].text
            message = f"the English negates ({quote(what)}); the MT does not"
            tgt_spans, mt_spans = (words.tgt[cue].span,), (words.mt[head].span,)
        elif len(mt_neg) > len(tgt_neg):
            flip = _flip(view.mt_text, mt_neg, words.mt, words.mt_to_tgt, limits.context)
            if flip is None or _soft_near(
                view.tgt_text, words.tgt, words.tgt_to_mt, words.mt, flip[1], limits
            ):
                return []
            cue, head = flip
            message = f"the MT negates ({quote(words.mt[cue].text)}); the English does not"
            tgt_spans, mt_spans = (words.tgt[head].span,), (words.mt[cue].span,)
        else:
            return []
        return [
            Finding(
                severity=severity_of(limits.raw_confidence),
                message=message,
                tgt_spans=tgt_spans,
                mt_spans=mt_spans,
                confidence=limits.raw_confidence,
            )
        ]


def _clause_after(text: str, tokens: Sequence[Token], cue: int) -> list[Token]:
    """The tokens after a negation up to the end of its sentence or clause."""
    found = []
    for tok in tokens[cue + 1 :]:
        previous = tokens[tok.index - 1]
        if CLAUSE_END.search(text[previous.end : tok.start]):
            break
        found.append(tok)
    return found


def _flip(
    text: str,
    cues: Sequence[int],
    tokens: Sequence[Token],
    links: Sequence[int | None],
    context: int,
) -> tuple[int, int] | None:
    """An unmatched negation standing in a context the other side shares, un-negated.

    Returns the cue and the other side's index of the word it bears on: the
    first linked word of the ``context`` content words after the cue, else the
    linked auxiliary just before it (``will not be posted`` / ``will be published``).
    A negation in a context with no counterpart is a rewording (``not long
    after`` / ``shortly after``), not a flip.
    """
    for cue in cues:
        if links[cue] is not None:
            continue
        after = [t for t in _clause_after(text, tokens, cue) if t.content][:context]
        before = tokens[cue - 1 : cue] if cue else []
        anchors = [*after, *(t for t in before if t.norm in AUXILIARIES)]
        for anchor in anchors:
            link = links[anchor.index]
            if link is not None:
                return cue, link
    return None
