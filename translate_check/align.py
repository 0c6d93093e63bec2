"""Sentence alignment of the source to the English, through the MT, an encoder, or both.

Each source sentence is represented by its machine translation and matched to
the human English by character n-gram overlap (the Bleualign idea), and, with
a sentence encoder, the source sentences themselves are compared with the
English in the encoder's cross-lingual space (the Vecalign idea).  A length prior in
the style of Gale and Church keeps merges and splits honest when the texts
repeat themselves.

Search is coarse to fine: neighbouring sentences are pooled pairwise until the
document is small, that is aligned exhaustively, and every finer level only
searches a band around the path projected from the level above.  In both
views (hashed n-gram vectors, sentence embeddings) the similarity of a group
of sentences is assembled from pairwise dot products of single ones, so the
cost of a 2,000-sentence document is dominated by a few small matrix products.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from translate_check.embed.base import Encoder
from translate_check.model import Bead

BeadKind = tuple[int, int]

#: The bead shapes searched, as (source sentences, target sentences).
BEAD_KINDS: tuple[BeadKind, ...] = (
    (1, 0),
    (0, 1),
    (1, 1),
    (1, 2),
    (2, 1),
    (2, 2),
    (1, 3),
    (3, 1),
    (1, 4),
    (4, 1),
    (2, 3),
    (3, 2),
)
#: Most sentences one side of a bead holds.
MAX_SIDE = max(max(kind) for kind in BEAD_KINDS)

_NON_WORD = re.compile(r"[\W_]+")
_SEP = "\x00"
_INF = np.inf
_TIE = 1e-6
"""Cost by which a 1-1 bead undercuts the two skips it replaces (see ``_BeadTerms.cost``)."""


@dataclass(frozen=True)
class AlignOptions:
    """Weights of the alignment score; the defaults suit MT-bridged English prose.

    Sentences are vectors of weighted character n-gram counts, centred on the
    document's average profile.  A bead whose source sentences ``x_i`` sum to
    ``X`` and whose target sentences ``y_j`` sum to ``Y`` earns the gain
    ``(2 X.Y - |X|^2 - |Y|^2 + (1 - threshold) * (sum |x_i|^2 + sum |y_j|^2)) / s``
    (``s``: the mean ``|x|^2`` of one sentence), which for a 1-1 bead is its
    Dice similarity minus ``threshold``, weighted by the pair's size.  Its
    cost is ``-similarity_weight * gain`` plus ``length_weight`` times the
    Gale-Church length cost plus its entry in ``bead_penalties``; a sentence
    left unaligned costs ``skip_penalty``.  The path of least cost wins.

    Attributes:
        ngram_orders: character n-gram lengths compared (chrF-style, over
            lower-cased words with punctuation removed).
        hash_bits: n-grams are hashed into ``2**hash_bits`` buckets.
        threshold: Dice similarity below which a pair of sentences is
            better left unaligned, before length costs and penalties.
        similarity_weight: scale of the similarity term; 0 gives a pure
            length-based (Gale-Church) aligner.
        length_weight: scale of the Gale-Church length cost
            ``-log P(|delta|)``.
        length_variance: variance per character of the target length given
            the MT length (Gale and Church's ``s**2``).
        skip_penalty: cost of each 1-0 or 0-1 bead.
        bead_penalties: extra cost per bead shape, so that two good 1-1
            beads are preferred to one 2-2 bead covering the same text.
        band_margin: sentences searched on either side of the path
            projected from the coarser level.
        exhaustive_cells: documents with at most this many (source, target)
            cells are searched without a band.
        encoder_weight: scale of the encoder term: a bead whose source and
            English sentences have the encoder similarity ``c`` (cosine of
            vectors centred per side) gains ``encoder_weight * (c -
            encoder_threshold)`` per sentence pair it covers (the smaller side's
            sentence count).
        encoder_threshold: centred cosine below which the encoder counts a
            pair as better left unaligned.
        span_rounds: most searches that embed the joined text of the spans on
            the best path (a span is otherwise estimated from its sentences).
        prior_weight: how far the document's own bead shapes move their
            costs (see ``_Scorer.adapt``); 0 keeps the costs above.
        prior_strength: pseudo-beads, spread over the shapes, added to the
            document's counts.
        hub_neighbours: the encoder's hubness of a sentence is its mean cosine
            with this many nearest sentences of the other text (CSLS's ``k``).
        hub_weight: where the encoder is the only view (no MT), how far a
            bead's encoder similarity drops by the mean hubness of its
            sentences, above the document's average (0: off; 1: half of
            CSLS's ``2 cos - r_x - r_y``).  With an MT the n-gram view already
            tells a generic sentence from its match, and there the correction
            cost the perturbation sets more than it gained on Text+Berg.
        skip_sides: when the document's first path left sentences of one side
            out at least this many times as often as the other's (counted with
            the pseudo-beads), a skip on the rarer side costs ``prior_weight``
            times the log of that ratio more than the shared skip cost (0:
            one cost for both).  Translators add sentences far more often
            than they drop them; scripted drops and insertions at similar
            rates stay below the ratio.

    The encoder weights, the hubness weight, the 2-3/3-2 penalties and the
    ratio of ``skip_sides`` were fitted on the Text+Berg development document
    (bench/alignment.py); the other n-gram weights and
    penalties on perturbed FLORES and NTREX; the prior weight and the 2-2 penalty
    on line-parallel NTREX and FLORES with injected divergences (seeds 1 and 13),
    which they keep at least 99% 1-1.
    """

    ngram_orders: tuple[int, ...] = (2, 3, 4, 5)
    hash_bits: int = 14
    threshold: float = 0.1
    similarity_weight: float = 1.0
    length_weight: float = 0.1
    length_variance: float = 3.0
    skip_penalty: float = 0.2
    bead_penalties: tuple[tuple[BeadKind, float], ...] = (
        ((1, 1), 0.0),
        ((1, 2), 0.1),
        ((2, 1), 0.1),
        ((2, 2), 1.2),
        ((1, 3), 0.3),
        ((3, 1), 0.3),
        ((1, 4), 0.6),
        ((4, 1), 0.6),
        ((2, 3), 0.8),
        ((3, 2), 0.8),
    )
    band_margin: int = 4
    exhaustive_cells: int = 160_000
    encoder_weight: float = 2.0
    encoder_threshold: float = 0.1
    span_rounds: int = 4
    prior_weight: float = 0.2
    prior_strength: float = 20.0
    hub_neighbours: int = 4
    hub_weight: float = 0.5
    skip_sides: float = 3.5

    def signature(self) -> str:
        """Settings that change alignments, for a report's reproducibility signature."""
        orders = "".join(str(n) for n in self.ngram_orders)
        shapes = ",".join(f"{k}-{q}:{p:g}" for (k, q), p in self.bead_penalties)
        return (
            f"align:chr{orders}h{self.hash_bits}/thr={self.threshold:g}"
            f"/sim={self.similarity_weight:g}/len={self.length_weight:g}x{self.length_variance:g}"
            f"/skip={self.skip_penalty:g}/beads={shapes}/band={self.band_margin}"
            f"/full={self.exhaustive_cells}/enc={self.encoder_weight:g}"
            f"@{self.encoder_threshold:g}/spans={self.span_rounds}"
            f"/prior={self.prior_weight:g}x{self.prior_strength:g}"
            f"/hub={self.hub_weight:g}x{self.hub_neighbours}/sides={self.skip_sides:g}"
        )


def align(
    mt: Sequence[str] | None,
    tgt: Sequence[str],
    *,
    src_lengths: Sequence[int] | None = None,
    options: AlignOptions = AlignOptions(),
    source: Sequence[str] | None = None,
    encoder: Encoder | None = None,
) -> list[Bead]:
    """Align source sentences to target sentences, through the MT, the encoder, or both.

    ``mt`` holds the machine translation of each source sentence (None: no
    bridge).  With ``encoder`` the source sentences themselves (``source``) and
    the targets are compared in the encoder's space too; the encoder embeds
    every sentence once and a joined span only when a bead over it is in the
    running (see :class:`_SourceView`).

    Returns monotonic beads that use every source id and every target id
    exactly once; unmatched sentences get a bead with an empty side.
    ``src_lengths`` (character lengths of the original source sentences; taken
    from ``source`` when not given) adds a length prior that does not depend
    on the quality of the MT.  ``Bead.score`` is the bead's n-gram similarity
    to the MT in [0, 1], or without MT its encoder similarity.
    """
    if mt is None and (encoder is None or source is None):
        raise ValueError("align needs the MT of the source, or the source and an encoder")
    if encoder is not None and source is None:
        raise ValueError("an encoder compares the source itself: pass source")
    n = len(mt) if mt is not None else len(source or ())
    if source is not None and len(source) != n:
        raise ValueError("source must have one entry per MT sentence")
    if src_lengths is None and source is not None:
        src_lengths = [len(x) for x in source]
    if src_lengths is not None and len(src_lengths) != n:
        raise ValueError("src_lengths must have one entry per source sentence")
    m = len(tgt)
    if n == 0 or m == 0:
        return [Bead((i,), ()) for i in range(n)] + [Bead((), (j,)) for j in range(m)]
    feats = _Features(mt, tgt, options) if mt is not None else None
    lengths = [_lengths(mt, tgt)] if mt is not None else []
    if src_lengths is not None:
        lengths.append(_lengths(src_lengths, tgt))
    hubs = options.hub_neighbours if mt is None and options.hub_weight else 0
    view = _SourceView(encoder, source or (), tgt, hubs) if encoder is not None else None
    scorer = _Scorer(feats, lengths, options, view)
    # The matrix products are small: BLAS threads gain little on them, and
    # on a busy machine their spin-waiting made NTREX-128 take 40 s, not 2.
    with threadpool_limits(limits=1, user_api="blas"):
        path, terms = _align_level(scorer, np.arange(n + 1), np.arange(m + 1), options)
        if options.prior_weight:
            scorer.adapt(path)
            path = _search(terms, terms.lo, terms.hi)
        if view is not None:
            path = _refine_spans(terms, path, view, options)
        sims = _similarities(terms, path)
    return [
        Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), sim)
        for ((i0, j0), (i1, j1)), sim in zip(itertools.pairwise(path), sims, strict=True)
    ]


def _refine_spans(
    terms: _BeadTerms, path: list[tuple[int, int]], view: _SourceView, options: AlignOptions
) -> list[tuple[int, int]]:
    """Replace estimated span vectors by embeddings of the joined sentences, where it matters.

    A span's vector starts as the normalised sum of its sentences' vectors.
    The spans of the merges on the best path are embedded and the search runs
    again, until the path holds no estimate or ``span_rounds`` is spent: only
    spans that some best path wants are ever embedded.
    """
    for _ in range(options.span_rounds):
        wanted = view.estimated_spans(path)
        if not wanted:
            break
        view.embed(wanted)
        terms.refresh()
        path = _search(terms, terms.lo, terms.hi)
    return path


def _lengths(src: Sequence[str] | Sequence[int], tgt: Sequence[str]) -> tuple[np.ndarray, ...]:
    """Prefix sums of character lengths, so group lengths are differences."""
    ls = np.array([len(x) if isinstance(x, str) else x for x in src], dtype=np.float64)
    lt = np.array([len(x) for x in tgt], dtype=np.float64)
    return (np.concatenate(([0.0], np.cumsum(ls))), np.concatenate(([0.0], np.cumsum(lt))))


class _Features:
    """Hashed, weighted character n-grams of both sides, stored per position.

    Keeping one row per n-gram occurrence (rather than per sentence) lets any
    run of consecutive sentences be turned into a dense vector with a single
    ``bincount``, which is what the coarse levels need.
    """

    def __init__(self, mt: Sequence[str], tgt: Sequence[str], options: AlignOptions) -> None:
        self.dim = 1 << options.hash_bits
        src = _ngrams(mt, options.ngram_orders, self.dim)
        dst = _ngrams(tgt, options.ngram_orders, self.dim)
        total = np.bincount(src[0], minlength=self.dim) + np.bincount(dst[0], minlength=self.dim)
        # Inverse collection frequency: "the" and "ing" say little about
        # which sentence is which; names and numbers say a lot.
        weight = np.log1p((len(mt) + len(tgt)) / np.maximum(total, 1))
        self.sides = [(f, s, weight[f], start) for f, s, start in (src, dst)]
        # The average n-gram profile per unit of weight.  Measuring vectors
        # from it removes the overlap any two English sentences share, which
        # would otherwise make every merged bead look better than its parts.
        mass = [np.bincount(s, weights=w, minlength=len(st) - 1) for _, s, w, st in self.sides]
        profile = np.sum(
            [np.bincount(f, weights=w, minlength=self.dim) for f, _, w, _ in self.sides], 0
        )
        # In a short document the average is mostly the very sentences being
        # compared, so it is shrunk: not at all for one pair, hardly for many.
        shrink = 1.0 - 2.0 / (len(mt) + len(tgt))
        self.mu = shrink * profile / max(float(mass[0].sum() + mass[1].sum()), 1e-12)
        self.mu2 = float(np.sum(self.mu * self.mu))  # not BLAS: its threads change the sum
        self.mass = [np.concatenate(([0.0], np.cumsum(x))) for x in mass]
        self.mu_dot = [
            np.concatenate(
                ([0.0], np.cumsum(np.bincount(s, weights=w * self.mu[f], minlength=len(st) - 1)))
            )
            for f, s, w, st in self.sides
        ]

    def dense(self, side: int, bounds: np.ndarray, u0: int, u1: int) -> np.ndarray:
        """Vectors of units ``u0..u1-1``; unit ``u`` is sentences ``bounds[u]:bounds[u+1]``."""
        feat, _, weight, start = self.sides[side]
        a, b = start[bounds[u0]], start[bounds[u1]]
        sizes = np.diff(start[bounds[u0 : u1 + 1]])
        rows = np.repeat(np.arange(u1 - u0), sizes)
        flat = np.bincount(
            rows * self.dim + feat[a:b], weights=weight[a:b], minlength=(u1 - u0) * self.dim
        )
        return flat.reshape(u1 - u0, self.dim).astype(np.float32)


def _ngrams(texts: Sequence[str], orders: tuple[int, ...], dim: int) -> tuple[np.ndarray, ...]:
    """Hash every character n-gram of every text at once with a rolling polynomial."""
    words = (_NON_WORD.sub(" ", t.lower()).strip() for t in texts)
    norm = [f" {w} " if w else "" for w in words]
    joined = _SEP.join(norm) + _SEP
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    sent = np.cumsum(codes == 0) - (codes == 0)
    feats, sents = [], []
    for order in orders:
        if len(codes) < order:
            continue
        h = np.zeros(len(codes) - order + 1, dtype=np.int64)
        bad = np.zeros(len(h), dtype=bool)
        for k in range(order):
            window = codes[k : k + len(h)]
            h = (h * 1_000_003 + window) & 0xFFFFFFFFFFFF
            bad |= window == 0
        h = (h * 2_654_435_761 + order) & 0xFFFFFFFFFFFF
        feats.append((h >> 16)[~bad] % dim)
        sents.append(sent[: len(h)][~bad])
    feat = np.concatenate(feats) if feats else np.zeros(0, dtype=np.int64)
    sid = np.concatenate(sents) if sents else np.zeros(0, dtype=np.int64)
    order_ = np.argsort(sid, kind="stable")
    feat, sid = feat[order_], sid[order_]
    start = np.searchsorted(sid, np.arange(len(texts) + 1))
    return feat, sid, start


class _Scorer:
    """Bead costs for one level of units (a unit is a run of consecutive sentences)."""

    def __init__(
        self,
        feats: _Features | None,
        lengths: list[tuple[np.ndarray, ...]],
        options: AlignOptions,
        view: _SourceView | None = None,
    ) -> None:
        self.feats = feats
        self.view = view
        self.lengths = lengths
        self.options = options
        # Length ratios start from the document totals and are refined from
        # the aligned beads (see refit): a translation may be systematically
        # longer or shorter than its source.
        self.ratios = [_ratio(ls[-1], lt[-1]) for ls, lt in lengths]
        self.penalty = dict(options.bead_penalties)
        self.skip_src = self.skip_tgt = options.skip_penalty
        """Costs of leaving one source (1-0) or one target (0-1) sentence unaligned."""

    def adapt(self, path: list[tuple[int, int]]) -> None:
        """Re-weigh bead shapes by how often the document's first path used them.

        Translations differ in how freely they merge, split and drop sentences: a
        line-parallel file has almost only 1-1 beads, a literary translation many
        of each.  Each shape's cost moves by ``prior_weight`` times the log of how
        much rarer than 1-1 it was, counted with ``prior_strength`` pseudo-beads
        spread evenly, so a shape the document never used is not ruled out.
        The 1-0 and 0-1 beads share one cost unless the document is lopsided
        (``skip_sides``).
        """
        weight = self.options.prior_weight
        if not weight:
            return
        steps = np.diff(np.array(path), axis=0)
        seen = {kind: 0.0 for kind in BEAD_KINDS}
        for k, q in steps.tolist():
            if (k, q) in seen:
                seen[k, q] += 1
        pseudo = self.options.prior_strength / len(seen)
        odds = {kind: (seen[kind] + pseudo) / (seen[1, 1] + pseudo) for kind in seen}
        base = dict(self.options.bead_penalties)
        for kind in seen:
            if kind[0] and kind[1] and kind != (1, 1):
                self.penalty[kind] = base.get(kind, 0.0) - weight * math.log(odds[kind])
        skips = (odds[1, 0] + odds[0, 1]) / 2
        self.skip_src = self.skip_tgt = self.options.skip_penalty - weight * math.log(skips)
        # A translator who adds sentences need not drop any: where the path
        # left one side's sentences out far more often than the other's, a
        # skip on the rarer side costs the log of that ratio more.
        lopsided = odds[0, 1] / odds[1, 0]
        if self.options.skip_sides and max(lopsided, 1 / lopsided) >= self.options.skip_sides:
            if lopsided > 1:
                self.skip_src += weight * math.log(lopsided)
            else:
                self.skip_tgt -= weight * math.log(lopsided)

    def refit(self, path: list[tuple[int, int]], sb: np.ndarray, tb: np.ndarray) -> None:
        """Re-estimate the length ratios from the 1-1 beads of ``path``.

        Document totals mislead when whole passages are omitted or added;
        the sentences actually aligned do not.
        """
        nodes = np.array(path)
        steps = np.diff(nodes, axis=0)
        # Only 1-1 beads: a ratio that is off makes merges, which would
        # then confirm it.
        paired = (steps == 1).all(axis=1)
        if not paired.any():
            return
        start, end = nodes[:-1][paired], nodes[1:][paired]
        self.ratios = [
            _ratio(
                float((ls[sb[end[:, 0]]] - ls[sb[start[:, 0]]]).sum()),
                float((lt[tb[end[:, 1]]] - lt[tb[start[:, 1]]]).sum()),
            )
            for ls, lt in self.lengths
        ]

    def length_cost(
        self, sb: np.ndarray, tb: np.ndarray, i: np.ndarray, j: np.ndarray, k: int, q: int
    ) -> np.ndarray:
        """Gale-Church cost of source units i-k..i-1 against target units j-q..j-1."""
        total = np.zeros(np.broadcast(i, j).shape)
        for (ls, lt), ratio in zip(self.lengths, self.ratios, strict=True):
            a = ls[sb[i]] - ls[sb[i - k]]
            b = lt[tb[j]] - lt[tb[j - q]]
            var = self.options.length_variance * np.maximum((a * ratio + b) / 2, 1.0)
            total += _gc_cost((b - a * ratio) / np.sqrt(var))
        return total / len(self.lengths)


def _ratio(source_chars: float, target_chars: float) -> float:
    """Target characters per source character, kept within plausible bounds."""
    return float(np.clip(target_chars / max(source_chars, 1.0), 0.5, 2.0))


def _gc_cost(delta: np.ndarray) -> np.ndarray:
    """-log P(|d| >= |delta|) for a standard normal d (Abramowitz-Stegun 7.1.26, log-stable)."""
    x = np.abs(delta) / math.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return x * x - np.log(poly)


def _pool(bounds: np.ndarray) -> np.ndarray:
    """Unit boundaries of the next coarser level: neighbouring units pooled pairwise."""
    return np.concatenate((bounds[:-1:2], bounds[-1:]))


def _align_level(
    scorer: _Scorer, sb: np.ndarray, tb: np.ndarray, options: AlignOptions
) -> tuple[list[tuple[int, int]], _BeadTerms]:
    """Best path through the grid of units ``sb`` x ``tb`` (boundary arrays), coarse to fine,
    and the bead terms of this level's band."""
    n, m = len(sb) - 1, len(tb) - 1
    if n * m <= options.exhaustive_cells or n < 4 or m < 4:
        lo = np.zeros(n + 1, dtype=np.int64)
        hi = np.full(n + 1, m + 1, dtype=np.int64)
        terms = _BeadTerms(scorer, sb, tb, lo, hi, options)
        # The coarsest level runs twice: once to learn the length ratios from
        # what it aligns, once with them (the similarities do not change).
        path = _search(terms, lo, hi)
        scorer.refit(path, sb, tb)
    else:
        sc, tc = _pool(sb), _pool(tb)
        coarse, _ = _align_level(scorer, sc, tc, options)
        lo, hi = _project(coarse, n, m, options.band_margin)
        terms = _BeadTerms(scorer, sb, tb, lo, hi, options)
    path = _search(terms, lo, hi)
    scorer.refit(path, sb, tb)
    return path, terms


def _project(
    path: list[tuple[int, int]], n: int, m: int, margin: int
) -> tuple[np.ndarray, np.ndarray]:
    """Band of a level from the path one level coarser (whose units are pairs of these)."""
    lo = np.full(n + 1, m + 1, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for (i0, j0), (i1, j1) in itertools.pairwise(path):
        r0, r1 = max(0, 2 * i0 - margin), min(n, 2 * i1 + margin)
        c0, c1 = max(0, 2 * j0 - margin), min(m, 2 * j1 + margin)
        lo[r0 : r1 + 1] = np.minimum(lo[r0 : r1 + 1], c0)
        hi[r0 : r1 + 1] = np.maximum(hi[r0 : r1 + 1], c1 + 1)
    lo[0], hi[-1] = 0, m + 1
    # A monotone band keeps every cell reachable from its neighbours.
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    return lo, hi


def _search(terms: _BeadTerms, lo: np.ndarray, hi: np.ndarray) -> list[tuple[int, int]]:
    """Dynamic programme over the band ``lo[i] <= j < hi[i]`` of grid nodes (i, j)."""
    n, m = len(terms.sb) - 1, len(terms.tb) - 1
    width = int((hi - lo).max())
    kinds = [kind for kind in BEAD_KINDS if kind[0] > 0]
    left_kind = len(kinds)
    pad = MAX_SIDE
    # Path costs: only the last MAX_SIDE + 1 rows are needed at any time,
    # plus one row that stays infinite for beads reaching before row 0.
    ring = MAX_SIDE + 1
    span = pad + 2 * width
    best = np.full((ring + 1, span), _INF)
    flat = best.reshape(-1)
    back = np.zeros((n + 1, width), dtype=np.int8)
    steps = np.arange(width) * terms.scorer.skip_tgt
    sizes = np.array([k for k, _ in kinds])
    heights = np.array([q for _, q in kinds])
    # Bead costs are computed for a slab of rows at a time to bound memory
    # when the band is wide (long insertions or omissions).
    slab = max(1, (1 << 20) // (width * len(kinds)))
    for r0 in range(0, n + 1, slab):
        rows = np.arange(r0, min(n + 1, r0 + slab))
        cols = lo[rows, None] + np.arange(width)[None, :]
        inside = cols < hi[rows, None]
        costs = np.full((len(rows), len(kinds), width), _INF)
        for t, (k, q) in enumerate(kinds):
            ii, jj = np.nonzero(inside & (rows[:, None] >= k) & (cols >= q))
            if len(ii):
                costs[ii, t, jj] = terms.cost(rows[ii], cols[ii, jj], k, q, slab=r0)
        # Where each bead shape's previous node lies in the ring, as one
        # gather per row: row i - k, shifted by the change of the band's start.
        prev = rows[:, None] - sizes[None, :]
        shift = np.clip(lo[rows, None] - heights[None, :] - lo[np.maximum(prev, 0)], -pad, width)
        base = np.where(prev >= 0, prev % ring, ring) * span + pad + shift
        gather = base[:, :, None] + np.arange(width)
        for r, i in enumerate(rows.tolist()):
            if i == 0:
                cand = np.full(width, _INF)
                cand[0] = 0.0
                choice = np.zeros(width, dtype=np.intp)
            else:
                stack = flat[gather[r]] + costs[r]
                choice = np.argmin(stack, axis=0)
                cand = stack.min(axis=0)
            cand = np.where(inside[r], cand, _INF)
            # 0-1 beads chain along the row: a running minimum of cost minus
            # the accumulated skip cost.
            shifted = cand - steps
            low = np.minimum.accumulate(shifted)
            choice[low < shifted] = left_kind
            best[i % ring, pad : pad + width] = low + steps
            back[i] = choice

    path = [(n, m)]
    row, col = n, m
    while row > 0 or col > 0:
        t = int(back[row, col - lo[row]])
        k, q = (0, 1) if t == left_kind else kinds[t]
        row, col = row - k, col - q
        path.append((row, col))
    path.reverse()
    return path


def _similarities(terms: _BeadTerms, path: list[tuple[int, int]]) -> list[float]:
    """Each bead's similarity in [0, 1] (0 for a bead with an empty side)."""
    nodes = np.array(path)
    sizes, ends = np.diff(nodes, axis=0), nodes[1:]
    sims = np.zeros(len(sizes))
    for k, q in BEAD_KINDS:
        if k and q:
            sel = (sizes[:, 0] == k) & (sizes[:, 1] == q)
            sims[sel] = terms.similarity(ends[sel, 0], ends[sel, 1], k, q)
    return sims.tolist()


Dense = Callable[[int, np.ndarray, int, int], np.ndarray]
"""``dense(side, bounds, u0, u1)``: vectors of units ``u0..u1-1`` of one side."""


def _gram(dense: Dense, side: int, bounds: np.ndarray) -> np.ndarray:
    """Dot products of each unit with itself and its next neighbours, shape
    (units, MAX_SIDE): column d holds the product with the unit d places on."""
    units = len(bounds) - 1
    out = np.zeros((units, MAX_SIDE))
    # Small blocks keep the dense vectors in cache (the products of a row
    # do not depend on the block it is in).
    block = 32
    for u0 in range(0, units, block):
        u1 = min(units, u0 + block + MAX_SIDE - 1)
        x = dense(side, bounds, u0, u1)
        top = min(block, u1 - u0)
        for d in range(MAX_SIDE):
            if d < u1 - u0:
                diag = np.einsum("ij,ij->i", x[: u1 - u0 - d], x[d:])[:top]
                out[u0 : u0 + len(diag), d] = diag
    return out


def _cross(
    dense: Dense, sb: np.ndarray, tb: np.ndarray, plo: np.ndarray, phi: np.ndarray
) -> np.ndarray:
    """Dot products of source unit ``a`` with target units ``plo[a]..phi[a]-1``.

    Row ``a`` of the result starts at target unit ``plo[a]``; entries past
    ``phi[a]`` are zero.
    """
    units = len(sb) - 1
    out = np.zeros((units, int((phi - plo).max()) if units else 0))
    block = 64
    targets: tuple[int, int, np.ndarray] | None = None
    for a0 in range(0, units, block):
        a1 = min(units, a0 + block)
        c0, c1 = int(plo[a0]), int(phi[a0:a1].max())
        if c1 <= c0:
            continue
        # Blocks whose band covers the same target units (all of them, at
        # the coarsest level) share one matrix of target vectors.
        if targets is None or targets[:2] != (c0, c1):
            targets = (c0, c1, dense(1, tb, c0, c1))
        p = dense(0, sb, a0, a1) @ targets[2].T
        for a in range(a0, a1):
            lo, hi = int(plo[a]) - c0, int(phi[a]) - c0
            if hi > lo:
                out[a, : hi - lo] = p[a - a0, lo:hi]
    return out


class _Products:
    """Dot products of groups of consecutive units, from products of single units.

    A bead's sums ``X`` and ``Y`` are never formed: ``X.Y`` is a sum of
    single-unit products held as running sums along each row of the band,
    and ``|X|^2`` comes from each unit's products with its next neighbours.
    """

    def __init__(
        self, dense: Dense, sb: np.ndarray, tb: np.ndarray, lo: np.ndarray, hi: np.ndarray
    ) -> None:
        n = len(sb) - 1
        # Cross products of source unit a with every target unit that a bead
        # ending in the band can touch, as running sums along the row.
        ends = np.arange(n)
        self.plo = np.maximum(lo[np.minimum(ends + 1, n)] - MAX_SIDE, 0)
        phi = np.minimum(hi[np.minimum(ends + MAX_SIDE, n)], len(tb) - 1)
        cross = _cross(dense, sb, tb, self.plo, phi)
        self.pwidth = cross.shape[1]
        self.ccum = np.concatenate((np.zeros((n, 1)), np.cumsum(cross, axis=1)), axis=1)
        self.gram = _gram(dense, 0, sb), _gram(dense, 1, tb)
        self.norms: dict[tuple[int, int], np.ndarray] = {}
        """``|X|^2`` of every group of (side, size) units, by the group's end unit."""

    def dot(self, i: np.ndarray, j: np.ndarray, k: int, q: int) -> np.ndarray:
        """``X.Y`` for the k source units ending at i and the q target units ending at j."""
        xy = np.zeros(len(i))
        for d in range(1, k + 1):
            a = i - d
            upper = np.clip(j - self.plo[a], 0, self.pwidth)
            lower = np.clip(j - q - self.plo[a], 0, self.pwidth)
            xy += self.ccum[a, upper] - self.ccum[a, lower]
        return xy

    def norm(self, side: int, end: np.ndarray, size: int) -> np.ndarray:
        """``|X|^2`` for the ``size`` units of one side ending at ``end``."""
        full = self.norms.get((side, size))
        if full is None:
            # Every search asks for the same groups once per bead shape.
            gram = self.gram[side]
            full = np.zeros(len(gram) + 1)
            full[size:] = _group_norm(gram, np.arange(size, len(gram) + 1), size)
            self.norms[side, size] = full
        return full[end]


class _BeadTerms:
    """Similarity and cost of beads ending at grid nodes of one banded search.

    A bead's gain sums what each view of the source says: the n-gram overlap
    of the English with the MT, and the encoder similarity of the source and
    English sentences themselves.
    """

    def __init__(
        self,
        scorer: _Scorer,
        sb: np.ndarray,
        tb: np.ndarray,
        lo: np.ndarray,
        hi: np.ndarray,
        options: AlignOptions,
    ) -> None:
        self.scorer, self.sb, self.tb, self.options = scorer, sb, tb, options
        self.lo, self.hi = lo, hi
        feats = scorer.feats
        self.ngram = _NgramTerms(scorer, feats, sb, tb, lo, hi) if feats is not None else None
        view = scorer.view
        self.encoded = _Products(view.dense, sb, tb, lo, hi) if view is not None else None
        self.kept: dict[tuple, np.ndarray] = {}
        """Gains that do not change between searches of this band, by shape and slab."""
        self.spans: dict[tuple[int, int], dict[int, np.ndarray]] = {}
        """Embedded span vectors by (side, size), keyed by the span's end unit."""
        self.refresh()

    def refresh(self) -> None:
        """Note the spans the view has embedded since (their vectors replace estimates)."""
        view = self.scorer.view
        if view is None:
            return
        sizes = {size for kind in BEAD_KINDS for size in kind if size}
        self.spans = {
            (side, size): view.embedded_ends(side, bounds, size)
            for side, bounds in enumerate((self.sb, self.tb))
            for size in sizes
        }

    def _kept(self, key: tuple, compute: Callable[[], np.ndarray]) -> np.ndarray:
        """``compute()``, kept under ``key`` when its last element (the slab) is given."""
        if key[-1] is None:
            return compute()
        value = self.kept.get(key)
        if value is None:
            value = self.kept[key] = compute()
        return value

    def _ngram_gain(self, i: np.ndarray, j: np.ndarray, k: int, q: int) -> np.ndarray:
        """The MT view's gain of k-q beads ending at (i, j)."""
        assert self.ngram is not None
        return self.ngram.gain(i, j, k, q)

    def _estimated(self, i: np.ndarray, j: np.ndarray, k: int, q: int) -> np.ndarray:
        """Cosine of the beads' spans, each estimated as the normalised sum of its units.

        That is the cosine ``X.Y / (|X| |Y|)`` of the unnormalised sums, which
        comes from products of single units.
        """
        products = self.encoded
        assert products is not None
        norms = [
            np.maximum(np.sqrt(np.maximum(products.norm(side, end, size), 0.0)), 1e-12)
            for side, end, size in ((0, i, k), (1, j, q))
        ]
        return products.dot(i, j, k, q) / (norms[0] * norms[1])

    def _encoder_similarity(self, i: np.ndarray, j: np.ndarray, k: int, q: int) -> np.ndarray:
        """Cosine of the beads' span vectors (see :meth:`_with_embedded`)."""
        return self._with_embedded(self._estimated(i, j, k, q), i, j, k, q)

    def _with_embedded(
        self, estimate: np.ndarray, i: np.ndarray, j: np.ndarray, k: int, q: int
    ) -> np.ndarray:
        """``estimate`` with the beads over an embedded span replaced by the cosine of
        their span vectors: only those few take a dot product of their own."""
        view = self.scorer.view
        assert view is not None
        sims = estimate.copy()
        ex, ey = self.spans.get((0, k)), self.spans.get((1, q))
        if ex or ey:
            sel = np.zeros(len(i), dtype=bool)
            if ex:
                sel |= np.isin(i, np.fromiter(ex, dtype=np.int64))
            if ey:
                sel |= np.isin(j, np.fromiter(ey, dtype=np.int64))
            if sel.any():
                a = view.span_vectors(0, self.sb, k, i[sel], ex or {})
                b = view.span_vectors(1, self.tb, q, j[sel], ey or {})
                sims[sel] = np.einsum("nd,nd->n", a, b)
        return sims

    def similarity(self, i: np.ndarray, j: np.ndarray, k: int, q: int) -> np.ndarray:
        """The n-gram Dice similarity when there is an MT, else the encoder's, in [0, 1]."""
        if self.ngram is not None:
            return self.ngram.similarity(i, j, k, q)
        return np.clip(self._encoder_similarity(i, j, k, q), 0.0, 1.0)

    def cost(
        self, i: np.ndarray, j: np.ndarray, k: int, q: int, slab: int | None = None
    ) -> np.ndarray:
        """Cost of beads of k source and q target units ending at nodes (i, j).

        ``slab`` names the cells (the first row of a search's slab): their
        n-gram gains and estimated encoder similarities, which no later search
        of this band changes, are then kept for the next search.
        """
        options = self.options
        if q == 0:
            return np.full(len(i), k * self.scorer.skip_src)
        gain = np.zeros(len(i))
        if self.ngram is not None:
            ngram = self._kept(("ngram", k, q, slab), lambda: self._ngram_gain(i, j, k, q))
            gain += options.similarity_weight * ngram
        if self.scorer.view is not None:
            # Measured in sentence pairs: a 2-2 bead of two good pairs earns what
            # the pairs would, while a sentence merged in on one side earns
            # nothing, so junk is not absorbed into a neighbouring pair.
            size = np.minimum(self.sb[i] - self.sb[i - k], self.tb[j] - self.tb[j - q])
            estimate = self._kept(("enc", k, q, slab), lambda: self._estimated(i, j, k, q))
            sims = self._with_embedded(estimate, i, j, k, q)
            if self.scorer.view.hub_prefix:
                sims = sims - options.hub_weight * self.scorer.view.hubness(
                    self.sb, self.tb, i, j, k, q
                )
            gain += options.encoder_weight * (sims - options.encoder_threshold) * size
        length = self.scorer.length_cost(self.sb, self.tb, i, j, k, q)
        penalty = self.scorer.penalty.get((k, q), 0.0)
        cost = -gain + options.length_weight * length + penalty
        if k == q == 1:
            # Two sentences side by side with nothing in common are a replaced
            # sentence, not an omission next to an addition: pairing them keeps
            # line-parallel files 1-1, and the detectors then say what differs.
            cost = np.minimum(cost, self.scorer.skip_src + self.scorer.skip_tgt - _TIE)
        return cost


class _NgramTerms:
    """The MT view: centred n-gram vectors of the MT and the English, as running sums."""

    def __init__(
        self,
        scorer: _Scorer,
        feats: _Features,
        sb: np.ndarray,
        tb: np.ndarray,
        lo: np.ndarray,
        hi: np.ndarray,
    ) -> None:
        self.feats, self.sb, self.tb, self.options = feats, sb, tb, scorer.options
        self.products = _Products(feats.dense, sb, tb, lo, hi)
        self.gram = self.products.gram
        f = feats
        # Centred squared norms of single units, as running sums.
        self.own = []
        for side, (g, bounds) in enumerate(zip(self.gram, (sb, tb), strict=True)):
            um = np.diff(f.mass[side][bounds])
            ud = np.diff(f.mu_dot[side][bounds])
            norms = g[:, 0] - 2 * um * ud + um * um * f.mu2
            self.own.append(np.concatenate(([0.0], np.cumsum(norms))))
        # Gains are measured in sentences: divide by the mean norm of one.
        self.scale = max((self.own[0][-1] + self.own[1][-1]) / (sb[-1] + tb[-1]), 1e-12)

    def _parts(
        self, i: np.ndarray, j: np.ndarray, k: int, q: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Centred X.Y, |X|^2 + |Y|^2 and summed single-unit norms of k-q beads ending at (i, j)."""
        f = self.feats
        sb, tb = self.sb, self.tb
        xy = self.products.dot(i, j, k, q)
        xm = f.mass[0][sb[i]] - f.mass[0][sb[i - k]]
        ym = f.mass[1][tb[j]] - f.mass[1][tb[j - q]]
        xd = f.mu_dot[0][sb[i]] - f.mu_dot[0][sb[i - k]]
        yd = f.mu_dot[1][tb[j]] - f.mu_dot[1][tb[j - q]]
        xy = xy - ym * xd - xm * yd + xm * ym * f.mu2
        norms = (
            self.products.norm(0, i, k)
            - 2 * xm * xd
            + xm * xm * f.mu2
            + self.products.norm(1, j, q)
            - 2 * ym * yd
            + ym * ym * f.mu2
        )
        single = self.own[0][i] - self.own[0][i - k] + self.own[1][j] - self.own[1][j - q]
        return xy, norms, single

    def similarity(self, i: np.ndarray, j: np.ndarray, k: int, q: int) -> np.ndarray:
        """Dice similarity of the centred group vectors, clipped to [0, 1]."""
        xy, norms, _ = self._parts(i, j, k, q)
        return np.clip(np.where(norms > 0, 2 * xy / np.maximum(norms, 1e-12), 0.0), 0.0, 1.0)

    def gain(self, i: np.ndarray, j: np.ndarray, k: int, q: int) -> np.ndarray:
        """What aligning saves over leaving every sentence out, in sentences.

        It is ``-|X - Y|^2 + (1 - threshold) * sum of |x|^2`` over single
        sentences: additive over independent parts, so a merged bead of two
        good pairs earns what the pairs would, and no more.
        """
        xy, norms, single = self._parts(i, j, k, q)
        return (2 * xy - norms + (1 - self.options.threshold) * single) / self.scale


class _SourceView:
    """The encoder's view: sentence and span vectors of both sides, centred per side.

    Every sentence is embedded once.  A span of consecutive sentences is first
    estimated by the normalised sum of its sentences' vectors; the joined
    text is embedded only when a search wants a bead over it
    (:func:`_refine_spans`), since embedding every span of a long document
    would cost more than translating it.  Centring each side on its own mean
    removes what all sentences of one language share, so unrelated pairs score
    near 0 rather than near the encoder's usual 0.8.

    Centring leaves hubs: short or generic sentences that are near many
    sentences of the other text, and so look like a fair match for any of
    them.  Each sentence's hubness (its mean cosine with its ``hub_k`` nearest
    sentences on the other side, as in CSLS) is kept for :meth:`hubness` when
    ``hub_k`` is given.
    """

    def __init__(
        self, encoder: Encoder, source: Sequence[str], target: Sequence[str], hub_k: int = 0
    ) -> None:
        self.encoder = encoder
        self.texts = (list(source), list(target))
        raw = [encoder.encode(texts).astype(np.float64) for texts in self.texts]
        self.mean = [r.mean(axis=0) for r in raw]
        single = [_unit(r - mu) for r, mu in zip(raw, self.mean, strict=True)]
        self.prefix = [np.concatenate((np.zeros((1, s.shape[1])), np.cumsum(s, 0))) for s in single]
        self.embedded: tuple[dict[tuple[int, int], np.ndarray], ...] = ({}, {})
        self.hub_prefix: list[np.ndarray] = []
        """Running sums of each side's hubness (none where ``hub_k`` is 0)."""
        self.hub_mean = 0.0
        if hub_k:
            hubs = _neighbour_means(single[0], single[1], hub_k)
            self.hub_prefix = [np.concatenate(([0.0], np.cumsum(h))) for h in hubs]
            self.hub_mean = float(np.concatenate(hubs).mean())

    def hubness(
        self, sb: np.ndarray, tb: np.ndarray, i: np.ndarray, j: np.ndarray, k: int, q: int
    ) -> np.ndarray:
        """Mean hubness of the source and of the target sentences of beads of k-q units
        ending at (i, j), less the document's average (so a typical bead moves by 0)."""
        spans = [
            (prefix[b[e]] - prefix[b[e - size]]) / np.maximum(b[e] - b[e - size], 1)
            for prefix, b, e, size in zip(self.hub_prefix, (sb, tb), (i, j), (k, q), strict=True)
        ]
        return (spans[0] + spans[1]) / 2 - self.hub_mean

    def dense(self, side: int, bounds: np.ndarray, u0: int, u1: int) -> np.ndarray:
        """Unnormalised sums of the sentence vectors of units ``u0..u1-1``."""
        prefix = self.prefix[side]
        return prefix[bounds[u0 + 1 : u1 + 1]] - prefix[bounds[u0:u1]]

    def embedded_ends(self, side: int, bounds: np.ndarray, size: int) -> dict[int, np.ndarray]:
        """Vectors of the embedded spans that are ``size`` units, by the span's end unit."""
        out = {}
        for (a, b), vector in self.embedded[side].items():
            end = int(np.searchsorted(bounds, b))
            if size <= end < len(bounds) and bounds[end] == b and bounds[end - size] == a:
                out[end] = vector
        return out

    def span_vectors(
        self, side: int, bounds: np.ndarray, size: int, ends: np.ndarray, embedded: dict
    ) -> np.ndarray:
        """Vectors of the spans of ``size`` units ending at ``ends``: embedded where the
        joined text was, else estimated as the normalised sum of the sentences."""
        prefix = self.prefix[side]
        out = _unit(prefix[bounds[ends]] - prefix[bounds[ends - size]])
        for row, end in enumerate(ends.tolist()):
            vector = embedded.get(end)
            if vector is not None:
                out[row] = vector
        return out

    def estimated_spans(self, path: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
        """(side, start, end) of the multi-sentence spans of ``path`` not yet embedded."""
        wanted = []
        for (i0, j0), (i1, j1) in itertools.pairwise(path):
            if i1 == i0 or j1 == j0:
                continue
            for side, (a, b) in enumerate(((i0, i1), (j0, j1))):
                if b - a > 1 and (a, b) not in self.embedded[side]:
                    wanted.append((side, a, b))
        return wanted

    def embed(self, spans: Sequence[tuple[int, int, int]]) -> None:
        """Embed the joined sentences of each (side, start, end) span, in one batch."""
        if not spans:
            return
        texts = [" ".join(self.texts[side][a:b]) for side, a, b in spans]
        raw = self.encoder.encode(texts).astype(np.float64)
        for (side, a, b), vector in zip(spans, raw, strict=True):
            self.embedded[side][a, b] = _unit(vector - self.mean[side])


def _neighbour_means(a: np.ndarray, b: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean cosine of each row of ``a`` with its ``k`` nearest rows of ``b``, and of
    each row of ``b`` with its ``k`` nearest rows of ``a`` (rows are unit vectors)."""
    k_a, k_b = min(k, len(b)), min(k, len(a))
    near_a = np.zeros(len(a))
    near_b = np.full((k_b, len(b)), -np.inf)
    if not (k_a and k_b):
        return near_a, np.zeros(len(b))
    block = 512
    for a0 in range(0, len(a), block):
        sims = a[a0 : a0 + block] @ b.T
        near_a[a0 : a0 + block] = np.partition(sims, len(b) - k_a, axis=1)[:, -k_a:].mean(axis=1)
        both = np.concatenate((near_b, sims), axis=0)
        near_b = np.partition(both, len(both) - k_b, axis=0)[-k_b:]
    return near_a, near_b.mean(axis=0)


def _unit(x: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (zero rows stay zero)."""
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    return x / np.maximum(norms, 1e-12)


def _group_norm(g: np.ndarray, end: np.ndarray, size: int) -> np.ndarray:
    """Squared norm of the sum of units end-size..end-1, from their Gram diagonals."""
    total = np.zeros(end.shape)
    for back in range(1, size + 1):
        for d in range(back):
            total += (2 if d else 1) * g[end - back, d]
    return total


def by_line(src_lines: Sequence[int], tgt_lines: Sequence[int]) -> list[Bead]:
    """Beads that pair line k of the source with line k of the target.

    ``src_lines[i]`` is the line number of source sentence ``i`` (pieces of an
    over-long line share it); a line only one side has becomes a bead with an
    empty side.
    """
    src: dict[int, list[int]] = {}
    tgt: dict[int, list[int]] = {}
    for i, line in enumerate(src_lines):
        src.setdefault(line, []).append(i)
    for j, line in enumerate(tgt_lines):
        tgt.setdefault(line, []).append(j)
    return [
        Bead(tuple(src.get(line, ())), tuple(tgt.get(line, ())), 1.0)
        for line in sorted(src.keys() | tgt.keys())
    ]
