"""Shifts of quantity, degree and certainty, and hedges dropped or added.

A word on a scale (``some``, ``great``, ``all``; ``may``, ``will``) is compared
with the bridge's word on the same scale in the same place: the place is found
through the word the scale word modifies (the next linked content word), so
``some kind of pressure lever`` meets ``great pressure``; when that word has
no counterpart, through the same relative position. Words with no
counterpart on the other side are left alone: translators add and drop
``very`` freely, and such unpaired words are mostly noise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from translate_check.detect.base import BridgeDetector, Finding, View
from translate_check.detect.calibration import PRECISION, severity_of
from translate_check.detect.lexicons import (
    EPISTEMIC,
    HEBREW_HEDGES,
    HEDGE_SUPPORT,
    HEDGES,
    SCALE_NAMES,
    SCALES,
)
from translate_check.facts import HEBREW_LETTERS, HEBREW_PREFIXES, HEBREW_WORD
from translate_check.model import quote
from translate_check.words import Token, sentence_initial


@dataclass(frozen=True)
class IntensityParameters:
    reach: int = 4
    """How many tokens before its modified word a scale word may stand."""
    position_reach: float = 0.15
    """Largest relative-position gap to a bridge scale word when the modified word is
    unlinked."""


@dataclass(frozen=True)
class Item:
    """A scale word or phrase found in a text."""

    scale: str
    level: int
    first: int
    last: int
    linked: bool


def _phrases(entries: Sequence[str]) -> dict[str, list[tuple[str, ...]]]:
    table: dict[str, list[tuple[str, ...]]] = {}
    for entry in sorted(entries, key=lambda e: -len(e.split())):
        words = tuple(entry.split())
        table.setdefault(words[0], []).append(words)
    return table


_HEBREW_HEDGE = {
    h: re.compile(rf"(?<![{HEBREW_LETTERS}]){HEBREW_PREFIXES}{h}(?![{HEBREW_LETTERS}])")
    for h in HEBREW_HEDGES
}
"""Hebrew hedges as whole words (``אולי`` is not the start of ``אולימפי``), with prefixes."""
_SCALE_PHRASES = {name: _phrases(list(words)) for name, words in SCALES.items()}
_HEDGE_PHRASES = _phrases(sorted(HEDGES))
_SUPPORT_PHRASES = _phrases(sorted(HEDGE_SUPPORT))
_EPISTEMIC_PHRASES = _phrases(sorted(HEDGES | EPISTEMIC))


def _match(text: str, tokens: Sequence[Token], table: dict[str, list[tuple[str, ...]]]):
    """Yield (first, last, phrase) for each lexicon phrase in the tokens, longest first."""
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        found = None
        candidates = table.get(tok.norm, ())
        if candidates and not (tok.capitalized and not sentence_initial(text, tok)):
            for words in candidates:
                window = tokens[k : k + len(words)]
                if tuple(t.norm for t in window) == words:
                    found = (k, k + len(words) - 1, " ".join(words))
                    break
        if found:
            yield found
            k = found[1] + 1
        else:
            k += 1


def scale_items(text: str, tokens: Sequence[Token], links: Sequence[int | None]) -> list[Item]:
    """Scale words of a text; ``linked`` ones have an identical word on the other side."""
    items = []
    for scale, table in _SCALE_PHRASES.items():
        for first, last, words in _match(text, tokens, table):
            level = SCALES[scale][words]
            if level:
                linked = all(links[k] is not None for k in range(first, last + 1))
                items.append(Item(scale, level, first, last, linked))
    return items


def has_hedge(
    text: str, tokens: Sequence[Token], table: dict[str, list[tuple[str, ...]]]
) -> list[tuple[int, int]]:
    """Token ranges of hedges (``support``: of any word that keeps a statement hedged)."""
    return [(first, last) for first, last, _ in _match(text, tokens, table)]


def _holder(words: str) -> str:
    """Which text a quoted hedge comes from: Hebrew letters are the Hebrew's, else the MT's."""
    return "the Hebrew" if HEBREW_WORD.search(words) else "the MT"


def _head(tokens: Sequence[Token], item: Item, skip: set[int], reach: int) -> int | None:
    """Index of the content word the item modifies: the first content word after it."""
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
    n: int,
    m: int,
    limits: IntensityParameters,
) -> list[Item]:
    """Bridge words on the item's scale in its place, nearest first.

    The place is just before the bridge's copy of the modified word; when that
    word has no copy, it is the same relative position in the sentence.
    """
    same = [o for o in mt_items if o.scale == item.scale and not o.linked]
    if mt_head is not None:
        near = [o for o in same if o.last < mt_head and mt_head - o.last <= limits.reach]
        return sorted(near, key=lambda o: mt_head - o.last)
    where = (item.first + 0.5) / n
    near = [o for o in same if abs((o.first + 0.5) / m - where) <= limits.position_reach]
    return sorted(near, key=lambda o: abs((o.first + 0.5) / m - where))


class IntensityDetector(BridgeDetector[IntensityParameters]):
    name = "intensity"

    def find(self, view: View) -> list[Finding]:
        return self._shifts(view) + self._hedges(view)

    def _shifts(self, view: View) -> list[Finding]:
        words = view.words
        tgt_items = scale_items(view.tgt_text, words.tgt, words.tgt_to_mt)
        mt_items = scale_items(view.mt_text, words.mt, words.mt_to_tgt)
        tgt_skip = {k for it in tgt_items for k in range(it.first, it.last + 1)}
        findings = []
        for item in tgt_items:
            if item.linked:
                continue
            head = _head(words.tgt, item, tgt_skip, self.parameters.reach)
            mt_head = None if head is None else words.tgt_to_mt[head]
            near = _counterparts(
                item, mt_items, mt_head, len(words.tgt), len(words.mt), self.parameters
            )
            if not near or any(m.level == item.level for m in near):
                continue
            other = near[0]
            # Frequency words (often/rarely) move like quantities; modality is looser.
            confidence = PRECISION[
                "intensity:certainty" if item.scale == "certainty" else "intensity:amount"
            ]
            names = SCALE_NAMES[item.scale]
            src = _phrase(view.mt_text, words.mt, other, mt_head)
            tgt = _phrase(view.tgt_text, words.tgt, item, head)
            findings.append(
                Finding(
                    severity=severity_of(confidence),
                    message=(
                        f"the MT has {src}; the English has {tgt} "
                        f"({names[other.level - 1]} → {names[item.level - 1]})"
                    ),
                    tgt_spans=((words.tgt[item.first].start, words.tgt[item.last].end),),
                    mt_spans=((words.mt[other.first].start, words.mt[other.last].end),),
                    confidence=confidence,
                )
            )
        return findings

    def _hedges(self, view: View) -> list[Finding]:
        """Hedges the English dropped or added.

        A bridge hedge (``apparently``) with no hedging word in the English is
        dropped; so is a Hebrew hedge (כנראה) that the bridge renders with any
        epistemic word (``probably``) and the English with none. An English hedge
        is added when the bridge's epistemic words and the Hebrew's hedges are all
        accounted for by the English's other epistemic words: a bridge ``may``
        or a Hebrew אולי that the English renders as ``may`` or ``maybe`` does
        not vouch for an added ``allegedly`` too."""
        words = view.words
        mt_support = has_hedge(view.mt_text, words.mt, _EPISTEMIC_PHRASES)
        src_hedges = [h for h in HEBREW_HEDGES if _HEBREW_HEDGE[h].search(view.src_text)]
        findings = []
        if not has_hedge(view.tgt_text, words.tgt, _SUPPORT_PHRASES):
            dropped = has_hedge(view.mt_text, words.mt, _HEDGE_PHRASES)
            said = [view.mt_text[words.mt[a].start : words.mt[b].end] for a, b in dropped]
            if not dropped and src_hedges:
                dropped = mt_support[:1]
                said = [src_hedges[0]] * len(dropped)
            for (first, last), hedge in zip(dropped, said, strict=True):
                findings.append(self._dropped(view, hedge, first, last))
        tgt_epistemic = has_hedge(view.tgt_text, words.tgt, _EPISTEMIC_PHRASES)
        backing = max(len(mt_support), len(src_hedges))
        for first, last in has_hedge(view.tgt_text, words.tgt, _HEDGE_PHRASES):
            if None not in words.tgt_to_mt[first : last + 1]:
                continue  # the bridge has the same hedge
            if backing > len(tgt_epistemic) - 1:
                continue  # a bridge or Hebrew hedge is left over for this one
            hedge = view.tgt_text[words.tgt[first].start : words.tgt[last].end]
            findings.append(
                Finding(
                    severity=severity_of(PRECISION["intensity:hedge"]),
                    message=(
                        f"hedge added: the English says {quote(hedge)}; "
                        "neither the MT nor the Hebrew does"
                    ),
                    tgt_spans=((words.tgt[first].start, words.tgt[last].end),),
                    confidence=PRECISION["intensity:hedge"],
                )
            )
        return findings

    def _dropped(self, view: View, hedge: str, first: int, last: int) -> Finding:
        """A hedge (quoted as ``hedge``, marked in the bridge at first..last) with no English
        hedge; the English span is the word it bears on."""
        words = view.words
        target = next(
            (
                words.mt_to_tgt[k]
                for k in range(last + 1, len(words.mt))
                if words.mt[k].content and words.mt_to_tgt[k] is not None
            ),
            None,
        )
        spans = () if target is None else (words.tgt[target].span,)
        return Finding(
            severity=severity_of(PRECISION["intensity:hedge"]),
            message=f"hedge dropped: {_holder(hedge)} says {quote(hedge)}; the English does not",
            tgt_spans=spans,
            mt_spans=((words.mt[first].start, words.mt[last].end),),
            confidence=PRECISION["intensity:hedge"],
        )
