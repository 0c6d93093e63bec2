"""Polarity: the English negates what the bridge affirms, or the reverse.

Negations are counted, not located, because translators move them freely
(``no one came`` / ``nobody came``; ``unclear`` / ``not clear``): a prefix
negation counts when the other side has the bare word, and idioms such as
``not only`` do not count. A difference in count is a flip when the extra
negation stands in a clause the other side shares (a linked word follows it,
or a linked auxiliary precedes it) and the side with fewer negations has no
unmatched word that paraphrases one (``unable``, ``lack``, ``without``,
``-less``). The flag points at the negation on the side that has more and at
the word it bears on on the other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from translate_check.detect.base import BridgeDetector, Finding, View
from translate_check.detect.calibration import PRECISION, severity_of
from translate_check.detect.lexicons import (
    AUXILIARIES,
    NEGATION_IDIOMS,
    NEGATIONS,
    NEGATIVE_PREFIXES,
    SOFT_NEGATIONS,
)
from translate_check.words import Token, sentence_initial, stem

CONTEXT = 3
"""Content words after a negation that are searched for a counterpart on the other side."""


def _idiom(tokens: Sequence[Token], k: int) -> bool:
    return any(
        tuple(t.norm for t in tokens[k : k + len(idiom)]) == idiom for idiom in NEGATION_IDIOMS
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


def negations(text: str, tokens: Sequence[Token], other: Sequence[Token]) -> list[int]:
    """Indices of negating tokens; ``unX`` counts when the other side has the content word ``X``."""
    other_stems = {t.stem for t in other if t.content}
    found = []
    for tok in tokens:
        if tok.norm in NEGATIONS:
            if _cue(text, tokens, tok):
                found.append(tok.index)
        elif tok.content and not tok.capitalized:
            for prefix in NEGATIVE_PREFIXES:
                base = tok.norm[len(prefix) :]
                if tok.norm.startswith(prefix) and len(base) >= 5 and stem(base) in other_stems:
                    found.append(tok.index)
                    break
    return found


def _soft(text: str, tokens: Sequence[Token], links: Sequence[int | None]) -> bool:
    """Whether a word that can stand for a negation (``un-`` and ``-less`` words included) is
    there without a counterpart; one the other side has too paraphrases nothing."""
    return any(
        t.norm in SOFT_NEGATIONS
        or (len(t.norm) >= 6 and t.norm.endswith("less") and not t.norm.endswith("theless"))
        or (len(t.norm) >= 6 and t.norm.startswith("un") and not t.norm.startswith(_NOT_UN))
        for t in tokens
        if links[t.index] is None and (sentence_initial(text, t) or not t.capitalized)
    )


_NOT_UN = ("under", "uni", "until", "unto")


class NegationDetector(BridgeDetector):
    name = "negation"

    def find(self, view: View) -> list[Finding]:
        words = view.words
        tgt_neg = negations(view.tgt_text, words.tgt, words.mt)
        mt_neg = negations(view.mt_text, words.mt, words.tgt)
        if len(tgt_neg) > len(mt_neg) and not _soft(view.mt_text, words.mt, words.mt_to_tgt):
            flip = _flip(view.tgt_text, tgt_neg, words.tgt, words.tgt_to_mt)
            if flip is None:
                return []
            cue, head = flip
            what = words.tgt[cue].text
            message = f"translation negates (*{what}*); the source does not"
            tgt_spans, mt_spans = (words.tgt[cue].span,), (words.mt[head].span,)
        elif len(mt_neg) > len(tgt_neg) and not _soft(view.tgt_text, words.tgt, words.tgt_to_mt):
            flip = _flip(view.mt_text, mt_neg, words.mt, words.mt_to_tgt)
            if flip is None:
                return []
            cue, head = flip
            message = f"source negates (*{words.mt[cue].text}*); the translation does not"
            tgt_spans, mt_spans = (words.tgt[head].span,), (words.mt[cue].span,)
        else:
            return []
        return [
            Finding(
                severity=severity_of(PRECISION["negation"]),
                message=message,
                tgt_spans=tgt_spans,
                mt_spans=mt_spans,
                confidence=PRECISION["negation"],
            )
        ]


def _clause_after(text: str, tokens: Sequence[Token], cue: int) -> list[Token]:
    """The tokens after a negation up to the end of its sentence or clause."""
    found = []
    for tok in tokens[cue + 1 :]:
        previous = tokens[tok.index - 1]
        if _SENTENCE_BREAK.search(text[previous.end : tok.start]):
            break
        found.append(tok)
    return found


_SENTENCE_BREAK = re.compile(r"[.!?;:()]")


def _flip(
    text: str, cues: Sequence[int], tokens: Sequence[Token], links: Sequence[int | None]
) -> tuple[int, int] | None:
    """An unmatched negation standing in a context the other side shares, un-negated.

    Returns the cue and the other side's index of the word it bears on: the
    first linked word of the ``CONTEXT`` content words after the cue, else the
    linked auxiliary just before it (``will not be posted`` / ``will be published``).
    A negation in a context with no counterpart is a rewording (``not long
    after`` / ``shortly after``), not a flip.
    """
    for cue in cues:
        own = links[cue]
        if own is not None:
            if tokens[cue].norm not in NEGATIONS:
                return cue, own
            continue
        after = [t for t in _clause_after(text, tokens, cue) if t.content][:CONTEXT]
        before = tokens[cue - 1 : cue] if cue else []
        anchors = [*after, *(t for t in before if t.norm in AUXILIARIES)]
        for anchor in anchors:
            link = links[anchor.index]
            if link is not None:
                return cue, link
    return None
