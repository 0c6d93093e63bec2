"""Stretches of one side whose content words the other side does not cover.

Between two linked content words ("anchors") a free translation swaps words
for other words, so the uncovered content on one side is balanced by uncovered
content in the matching stretch of the other side. An addition or omission
leaves the other side's stretch (nearly) empty. The *net* uncovered content,
this side's unlinked content words minus the other side's in the matching
window, is the evidence the addition and omission detectors share.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from translate_check.facts import CLAUSE_BREAK, QUOTES, SENTENCE_ENDS
from translate_check.words import Token


@dataclass(frozen=True)
class GapRule:
    """The parameters of addition and omission: when a gap counts (see :func:`unsupported`).

    ``net_min``: net unsupported content words that make an addition or omission.
    Inside a clause three such words are as often a reworded phrase as an added
    one (about half of such flags were right in the benchmark); shorter gaps
    still count when they form a whole clause of ``clause_tokens`` words or end
    the sentence with ``tail_net`` net content words.
    """

    net_min: int = 4
    tail_net: int = 3
    clause_tokens: int = 4
    clause_net: int = 2
    """Net content words a whole clause with little opposite needs to count."""
    little_share: float = 0.5
    """The most the other side may cover, as a share of the net, for a gap to have *little*
    opposite it (a reworded word or two next to a clause tacked on)."""
    large_at: int = 5
    """Net uncovered content words from which a gap is ``large`` (and trusted more)."""
    raw_large: float = 0.95
    """Fitted raw confidence of a large gap: the share of such flags that fell on pairs with
    an injected divergence in ``bench.divergence`` (recalibrated by the confidence model)."""
    raw_small: float = 0.85
    """Fitted raw confidence of a smaller gap, measured the same way."""

    def raw_confidence(self, net: int) -> float:
        """The raw confidence of a gap of ``net`` uncovered content words."""
        return self.raw_large if net >= self.large_at else self.raw_small


@dataclass(frozen=True)
class OmissionRule(GapRule):
    """The omission check's gap rule: MT spells out more than a translator, so a gap on
    its side is less often a real omission than an English gap is an addition."""

    raw_large: float = 0.9
    raw_small: float = 0.7


@dataclass(frozen=True)
class Gap:
    """Unlinked content on one side and what the other side has in the same place
    (``uncovered`` and ``covered`` count words, a hyphenated compound once)."""

    tokens: tuple[Token, ...]
    uncovered: int
    counterpart: tuple[Token, ...]
    covered: int
    inner: tuple[int | None, ...]
    """Per token, the other side's token it is linked to inside the gap's window, where
    each side has that word once (``they``, ``other``; not ``the``, which links anywhere),
    else None."""

    @property
    def net(self) -> int:
        return self.uncovered - self.covered


def _window(links: Sequence[int | None], left: int | None, right: int | None, size: int) -> range:
    lo = -1 if left is None else links[left]
    hi = size if right is None else links[right]
    assert lo is not None and hi is not None
    return range(min(lo, hi) + 1, max(lo, hi))


def find_gaps(
    text: str,
    tokens: Sequence[Token],
    links: Sequence[int | None],
    other_text: str,
    other: Sequence[Token],
    other_links: Sequence[int | None],
) -> list[Gap]:
    """Maximal stretches between anchors that hold unlinked content words."""
    anchors = [t.index for t in tokens if t.content and links[t.index] is not None]
    once, other_once = Counter(t.norm for t in tokens), Counter(t.norm for t in other)
    bounds = [None, *anchors, None]
    gaps = []
    for left, right in itertools.pairwise(bounds):
        lo = 0 if left is None else left + 1
        hi = len(tokens) if right is None else right
        inside = tokens[lo:hi]
        loose = [t for t in inside if t.content and links[t.index] is None]
        if not loose:
            continue
        window = _window(links, left, right, len(other))
        counterpart = [other[j] for j in window if other[j].content and other_links[j] is None]
        trimmed = _trim(text, inside, links)
        inner = tuple(
            j if j in window and once[t.norm] == 1 and other_once[t.norm] == 1 else None
            for t in trimmed
            for j in (links[t.index],)
        )
        gaps.append(
            Gap(
                trimmed,
                _words(text, loose),
                tuple(counterpart),
                _words(other_text, counterpart),
                inner,
            )
        )
    return gaps


def _words(text: str, tokens: Sequence[Token]) -> int:
    """How many words the tokens make, a hyphenated compound (``last-minute``) counting once."""
    return sum(
        1
        for k, tok in enumerate(tokens)
        if not (
            k
            and tokens[k - 1].index + 1 == tok.index
            and text[tokens[k - 1].end : tok.start] == "-"
        )
    )


def _trim(text: str, inside: Sequence[Token], links: Sequence[int | None]) -> tuple[Token, ...]:
    """The gap's words from its first to its last unlinked word, widened to its clause.

    Function words just before the first unlinked word ("and when he ...")
    belong to the same phrase even when linked elsewhere, so the span reaches
    back over them to the nearest clause break.
    """
    loose = [k for k, t in enumerate(inside) if links[t.index] is None and t.content]
    first, last = loose[0], loose[-1]
    while first > 0 and inside[first - 1].function and not _breaks(text, inside, first - 1):
        first -= 1
    return tuple(inside[first : last + 1])


def _breaks(text: str, inside: Sequence[Token], k: int) -> bool:
    """Whether a clause break separates token k from the next token in the gap."""
    return bool(CLAUSE_BREAK.search(text[inside[k].end : inside[k + 1].start]))


def phrase(text: str, tokens: Sequence[Token]) -> str:
    """The text a run of tokens covers, for messages."""
    return text[tokens[0].start : tokens[-1].end] if tokens else ""


_EDGE = re.compile(f"[{re.escape(SENTENCE_ENDS + QUOTES)}]|{CLAUSE_BREAK.pattern}")


def whole_clause(text: str, tokens: Sequence[Token], gap: Gap) -> bool:
    """Whether the gap is a clause of its own: punctuation (or the text's edge) on both sides."""
    first, last = gap.tokens[0].index, gap.tokens[-1].index
    before = text[tokens[first - 1].end : tokens[first].start] if first else "."
    after = text[tokens[last].end : tokens[last + 1].start] if last + 1 < len(tokens) else "."
    return bool(_EDGE.search(before) and _EDGE.search(after))


def spell_out(gap: Gap, other_acronyms: frozenset[str]) -> Gap:
    """The gap with the words that spell out an acronym the other side uses counted as
    covered: all of them for its capitalised expansion (``Mountain Time Zone`` for ``MDT``,
    ``U.S. Air Force`` for ``USAF``), else each run of words whose initials are the acronym
    (``in the field of artificial intelligence`` for ``AI`` leaves one word, *field*)."""
    words = [t for t in gap.tokens if t.content]
    initials = "".join(t.text[0] for t in words if t.capitalized)
    if len(initials) >= 2 and any(
        initials in acronym or acronym in initials for acronym in other_acronyms
    ):
        return replace(gap, uncovered=min(gap.uncovered, gap.covered))
    spelt = 0
    for acronym in other_acronyms:
        n = len(acronym)
        if any(
            "".join(t.text[0] for t in words[k : k + n]).upper() == acronym
            for k in range(len(words) - n + 1)
        ):
            spelt += n
    return replace(gap, uncovered=max(gap.uncovered - spelt, 0)) if spelt else gap


def clauses(text: str, other_text: str, gap: Gap) -> list[Gap]:
    """The gap cut at its clause breaks, when it spans more than one clause, each part with
    the other side's loose words that stand in its place. They are dealt out in order, each
    part taking as many as it has words, but never across a word a part shares with the other
    side (``other`` in ``… on other coastlines``), which pins what stands before and after it.
    A clause tacked on after a reworded one (``… not a common sight on other coastlines – but
    just how many minutes he'll play …`` against ``… rare in other coastal areas``) is then
    judged on its own."""
    parts: list[list[int]] = [[]]
    for k in range(len(gap.tokens)):
        if k and _breaks(text, gap.tokens, k - 1):
            parts.append([])
        parts[-1].append(k)
    if len(parts) == 1:
        return []
    sizes = [_words(text, [gap.tokens[k] for k in part if gap.tokens[k].content]) for part in parts]
    shared = [
        (j, p) for p, part in enumerate(parts) for k in part if (j := gap.inner[k]) is not None
    ]
    owners, filled = [], [0] * len(parts)
    for other in gap.counterpart:
        lo = max((p for j, p in shared if j < other.index), default=0)
        hi = min((p for j, p in shared if j > other.index), default=len(parts) - 1)
        owner = next((p for p in range(lo, hi + 1) if filled[p] < sizes[p]), hi)
        filled[owner] += 1
        owners.append(owner)
    found = []
    for p, part in enumerate(parts):
        content = [k for k in part if gap.tokens[k].content]
        if not content:
            continue
        owned = [o for o, owner in zip(gap.counterpart, owners, strict=True) if owner == p]
        kept = part[: part.index(content[-1]) + 1]
        found.append(
            Gap(
                tuple(gap.tokens[k] for k in kept),
                sizes[p],
                tuple(owned),
                _words(other_text, owned),
                tuple(gap.inner[k] for k in kept),
            )
        )
    return found


def divergent(
    text: str,
    tokens: Sequence[Token],
    other_text: str,
    gaps: Sequence[Gap],
    other_acronyms: frozenset[str],
    rule: GapRule,
) -> list[Gap]:
    """The gaps, or else those of their clauses, that count as added (or dropped) content."""
    found = []
    for gap in gaps:
        whole = spell_out(gap, other_acronyms)
        if unsupported(text, tokens, whole, rule):
            found.append(whole)
            continue
        parts = (spell_out(part, other_acronyms) for part in clauses(text, other_text, gap))
        found += [part for part in parts if unsupported(text, tokens, part, rule)]
    return found


def unsupported(text: str, tokens: Sequence[Token], gap: Gap, rule: GapRule) -> bool:
    """The shared decision rule of addition and omission.

    A gap counts when its net uncovered content reaches ``rule.net_min`` content
    words (one more when the other side has loose words there too, since then
    it is as likely a rewording); when it ends the sentence with ``rule.tail_net``
    net content words and little opposite (a trailing phrase dropped or tacked
    on); or when it is a whole clause of at least ``rule.clause_tokens`` words with
    ``rule.clause_net`` or more net content words and little in the other side's
    window: a clause with no counterpart is rare in faithful translation (about
    0.1% of untouched FLORES pairs) even when it is short. *Little* is at most
    ``rule.little_share`` of the net: a clause tacked on after a reworded word
    still leaves the other side a word or two there (*coastlines* against
    *coastal areas*).
    """
    if gap.net >= rule.net_min + (1 if gap.counterpart else 0):
        return True
    little = gap.covered <= rule.little_share * gap.net
    if gap.net >= rule.tail_net and little and gap.tokens[-1].index == len(tokens) - 1:
        return True
    return (
        gap.net >= rule.clause_net
        and little
        and len(gap.tokens) >= rule.clause_tokens
        and whole_clause(text, tokens, gap)
    )
