"""Tests of the MT-bridged sentence aligner."""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate_check.align import (
    MAX_SIDE,
    AlignOptions,
    _BeadTerms,
    _lengths,
    _neighbour_means,
    _Scorer,
    _SourceView,
    align,
)
from translate_check.model import Bead, EncoderInfo

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "align"
MT = (FIXTURES / "flores_mt.txt").read_text(encoding="utf-8").splitlines()
EN = (FIXTURES / "flores_en.txt").read_text(encoding="utf-8").splitlines()
# Forces the coarse-to-fine banded search on small inputs.
BANDED = AlignOptions(exhaustive_cells=64)


def check_partition(beads: list[Bead], n: int, m: int) -> None:
    """Every sentence used exactly once, in order, and no empty bead."""
    assert [i for b in beads for i in b.src] == list(range(n))
    assert [j for b in beads for j in b.tgt] == list(range(m))
    for b in beads:
        assert b.src or b.tgt
        assert list(b.src) == list(range(b.src[0], b.src[0] + len(b.src))) if b.src else True
        assert 0.0 <= b.score <= 1.0


def pairs(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.src, b.tgt) for b in beads]


@pytest.mark.parametrize("options", [AlignOptions(), BANDED], ids=["exhaustive", "banded"])
def test_identical_text_aligns_one_to_one(options: AlignOptions) -> None:
    beads = align(EN, EN, options=options)
    assert pairs(beads) == [((i,), (i,)) for i in range(len(EN))]
    assert all(b.score > 0.99 for b in beads)


@pytest.mark.parametrize("options", [AlignOptions(), BANDED], ids=["exhaustive", "banded"])
def test_machine_translation_aligns_one_to_one(options: AlignOptions) -> None:
    beads = align(MT, EN, options=options)
    assert pairs(beads) == [((i,), (i,)) for i in range(len(EN))]


def test_merged_target_sentences() -> None:
    tgt = [*EN[:10], EN[10] + " " + EN[11], *EN[12:20], " ".join(EN[20:23]), *EN[23:30]]
    beads = align(MT[:30], tgt)
    check_partition(beads, 30, len(tgt))
    assert ((10, 11), (10,)) in pairs(beads)
    assert ((20, 21, 22), (19,)) in pairs(beads)
    assert sum(b.kind == "1-1" for b in beads) == 25


def test_split_target_sentence() -> None:
    # "Like some other experts, he is skeptical ..., noting that ..."
    head, tail = EN[2].split(", noting ")
    tgt = [*EN[:2], head + ".", "He noted " + tail, *EN[3:20]]
    beads = align(MT[:20], tgt)
    assert ((2,), (2, 3)) in pairs(beads)
    assert sum(b.kind == "1-1" for b in beads) == 19


def test_omitted_source_sentences() -> None:
    tgt = EN[:5] + EN[6:14] + EN[16:25]
    beads = align(MT[:25], tgt)
    check_partition(beads, 25, len(tgt))
    assert [b.src for b in beads if b.kind == "1-0"] == [(5,), (14,), (15,)]
    assert sum(b.kind == "1-1" for b in beads) == 22


def test_inserted_target_sentences() -> None:
    commentary = "Translator's note: the original article was published in a weekly magazine."
    tgt = [*EN[:8], EN[70], *EN[8:15], commentary, *EN[15:25]]
    beads = align(MT[:25], tgt)
    check_partition(beads, 25, len(tgt))
    assert [b.tgt for b in beads if b.kind == "0-1"] == [(8,), (16,)]
    assert sum(b.kind == "1-1" for b in beads) == 25


def test_long_omitted_passage_does_not_skew_lengths() -> None:
    # Most of the source is missing, so document totals give a misleading
    # length ratio; the ratio learnt from aligned beads keeps pairs 1-1.
    tgt = EN[:6] + EN[72:80]
    beads = align(MT, tgt)
    check_partition(beads, len(MT), len(tgt))
    kept = [*range(6), *range(72, 80)]
    assert [b.src for b in beads if b.tgt] == [(i,) for i in kept]


def test_inserted_passage_of_foreign_text() -> None:
    foreign = [s.upper() for s in reversed(EN[40:70])]
    tgt = EN[:20] + [f"Commentary {k}: {s[:40]}" for k, s in enumerate(foreign)] + EN[20:40]
    beads = align(MT[:40], tgt)
    check_partition(beads, 40, len(tgt))
    assert sum(b.kind == "1-1" for b in beads) == 40
    assert sum(b.kind == "0-1" for b in beads) == 30


@pytest.mark.parametrize(("n", "m"), [(0, 0), (3, 0), (0, 4)])
def test_empty_sides(n: int, m: int) -> None:
    beads = align(MT[:n], EN[:m])
    check_partition(beads, n, m)
    assert all(b.kind in ("1-0", "0-1") for b in beads)


def test_empty_and_punctuation_only_sentences() -> None:
    mt = ["", MT[0], "...", MT[1], ""]
    tgt = [EN[0], "", EN[1], "!"]
    beads = align(mt, tgt)
    check_partition(beads, len(mt), len(tgt))
    # Sentences without words may join any neighbour; the real ones must pair.
    assert any(1 in b.src and 0 in b.tgt for b in beads)
    assert any(3 in b.src and 2 in b.tgt for b in beads)


def test_source_lengths_are_checked_and_used() -> None:
    with pytest.raises(ValueError, match="src_lengths"):
        align(MT[:3], EN[:3], src_lengths=[10, 20])
    lengths = [round(len(s) * 0.8) for s in MT[:30]]
    beads = align(MT[:30], EN[:30], src_lengths=lengths)
    assert pairs(beads) == [((i,), (i,)) for i in range(30)]


def test_length_only_search_follows_lengths() -> None:
    options = dataclasses.replace(
        AlignOptions(), similarity_weight=0.0, length_weight=1.0, skip_penalty=5.0
    )
    beads = align(MT[:40], EN[:40], options=options)
    check_partition(beads, 40, 40)
    assert sum(b.src == b.tgt for b in beads) >= 30


def test_long_document_with_edits_uses_band() -> None:
    mt = MT * 3
    tgt = EN[:30] + EN[31:80] + EN[:50] + [EN[50] + " " + EN[51]] + EN[52:80] + EN
    beads = align(mt, tgt, options=AlignOptions(exhaustive_cells=1_000))
    check_partition(beads, len(mt), len(tgt))
    assert ((30,), ()) in pairs(beads)
    assert ((130, 131), (129,)) in pairs(beads)
    assert sum(b.kind == "1-1" for b in beads) == len(mt) - 3


words = st.sampled_from(["the", "cat", "sat", "on", "a", "mat", "Tel", "Aviv", "2024", "חדש", "."])
sentences = st.lists(words, max_size=12).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(
    mt=st.lists(sentences, max_size=25),
    tgt=st.lists(sentences, max_size=25),
    banded=st.booleans(),
    with_lengths=st.booleans(),
)
def test_alignment_is_a_monotone_partition(
    mt: list[str], tgt: list[str], banded: bool, with_lengths: bool
) -> None:
    options = AlignOptions(exhaustive_cells=16) if banded else AlignOptions()
    lengths = [len(s) // 2 for s in mt] if with_lengths else None
    beads = align(mt, tgt, src_lengths=lengths, options=options)
    check_partition(beads, len(mt), len(tgt))
    assert all(len(b.src) <= MAX_SIDE and len(b.tgt) <= MAX_SIDE for b in beads)


@settings(max_examples=30, deadline=None)
@given(st.lists(sentences.filter(lambda s: len(s) > 10), min_size=1, max_size=20))
def test_text_aligned_with_itself_is_diagonal(texts: list[str]) -> None:
    beads = align(texts, texts)
    check_partition(beads, len(texts), len(texts))
    assert all(len(b.src) == len(b.tgt) for b in beads)


def test_signature_names_every_setting_that_changes_results() -> None:
    base = AlignOptions().signature()
    assert base.startswith("align:")
    changed = [
        dataclasses.replace(AlignOptions(), threshold=0.3),
        dataclasses.replace(AlignOptions(), bead_penalties=(((2, 2), 1.0),)),
        dataclasses.replace(AlignOptions(), band_margin=8),
    ]
    assert len({base, *(o.signature() for o in changed)}) == 4


class _WordEncoder:
    """A deterministic stand-in encoder: each word adds its own random direction."""

    info = EncoderInfo(engine="test", model="words", revision="1")

    def encode(self, texts: Sequence[str], progress: object = None) -> np.ndarray:
        out = np.zeros((len(texts), 32))
        for row, text in enumerate(texts):
            for word in text.lower().split():
                seed = int.from_bytes(hashlib.sha1(word.encode()).digest()[:4], "little")
                out[row] += np.random.default_rng(seed).standard_normal(32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return (out / np.maximum(norms, 1e-12)).astype(np.float32)


@pytest.mark.parametrize("embedded", [False, True], ids=["estimated", "embedded"])
def test_span_cosines_match_vectors_formed_outright(embedded: bool) -> None:
    """A span's cosine assembled from single-sentence products equals the cosine of its
    normalised summed vector, or of its embedded joined text once that exists."""
    src, tgt = EN[:30], MT[:30]
    view = _SourceView(_WordEncoder(), src, tgt)
    if embedded:
        view.embed([(0, 3, 5), (1, 7, 10), (0, 20, 24), (1, 20, 22)])
    scorer = _Scorer(None, [], AlignOptions(), view)
    bounds = np.arange(31)
    full = np.zeros(31, dtype=np.int64), np.full(31, 31, dtype=np.int64)
    terms = _BeadTerms(scorer, bounds, bounds, *full, AlignOptions())

    def vector(side: int, a: int, b: int) -> np.ndarray:
        if (a, b) in view.embedded[side]:
            return view.embedded[side][a, b]
        total = view.prefix[side][b] - view.prefix[side][a]
        return total / np.linalg.norm(total)

    for k, q in [(1, 1), (2, 1), (1, 3), (2, 2), (4, 1), (2, 3)]:
        i, j = np.meshgrid(np.arange(k, 31), np.arange(q, 31), indexing="ij")
        i, j = i.ravel(), j.ravel()
        got = terms.similarity(i, j, k, q)
        want = [float(vector(0, a - k, a) @ vector(1, b - q, b)) for a, b in zip(i, j, strict=True)]
        assert got == pytest.approx(np.clip(want, 0.0, 1.0), abs=1e-9)


def test_hubness_is_the_mean_cosine_with_the_nearest_sentences_of_the_other_text() -> None:
    rng = np.random.default_rng(7)
    a, b = (rng.standard_normal((n, 16)) for n in (700, 9))
    a, b = (x / np.linalg.norm(x, axis=1, keepdims=True) for x in (a, b))
    near_a, near_b = _neighbour_means(a, b, 3)
    sims = a @ b.T
    assert near_a == pytest.approx(np.sort(sims, axis=1)[:, -3:].mean(axis=1))
    assert near_b == pytest.approx(np.sort(sims, axis=0)[-3:].mean(axis=0))


def test_the_hubness_correction_moves_only_alignments_without_an_mt() -> None:
    """With an MT the beads are those of no correction; on the encoder alone a bead's gain
    drops by its sentences' hubness above the document's."""
    src, tgt = EN[:24], MT[:24]
    on, off = AlignOptions(), dataclasses.replace(AlignOptions(), hub_weight=0.0)
    assert on.signature() != off.signature()
    beads = [align(tgt, tgt, source=src, encoder=_WordEncoder(), options=o) for o in (on, off)]
    assert beads[0] == beads[1]
    bounds = np.arange(25)
    full = np.zeros(25, dtype=np.int64), np.full(25, 25, dtype=np.int64)
    views = [_SourceView(_WordEncoder(), src, tgt, k) for k in (on.hub_neighbours, 0)]
    lengths = [_lengths([len(x) for x in src], tgt)]
    terms = [_BeadTerms(_Scorer(None, lengths, on, v), bounds, bounds, *full, on) for v in views]
    i = np.arange(1, 25)
    costs = [t.cost(i, i, 1, 1) for t in terms]
    free = costs[1] < 2 * on.skip_penalty - 1e-3  # under the 1-1 bead's cap
    hub = views[0].hubness(bounds, bounds, i, i, 1, 1)
    assert free.any() and np.ptp(hub) > 0
    want = on.encoder_weight * on.hub_weight * hub
    assert (costs[0] - costs[1])[free & (costs[0] < 2 * on.skip_penalty - 1e-3)] == pytest.approx(
        want[free & (costs[0] < 2 * on.skip_penalty - 1e-3)]
    )


def _lopsided_target(merged_at: int, n: int = 60) -> list[str]:
    """The English of ``MT[:n]`` with a translator's note after every fifth sentence, and
    sentence ``merged_at`` condensed with a third of the next one into one sentence."""
    notes = [f"Translator's note {k}: this passage refers to an earlier article." for k in range(n)]
    tgt = []
    for s in range(n):
        if s == merged_at:
            words = EN[s + 1].split()
            tgt.append(EN[s] + " " + " ".join(words[: max(2, len(words) // 3)]))
        elif s != merged_at + 1:
            tgt.append(EN[s])
        if s % 5 == 2:
            tgt.append(notes[s // 5])
    return tgt


def test_a_document_that_only_adds_sentences_makes_dropping_one_dearer() -> None:
    """Where the first path leaves many English sentences out and no source sentence, a
    source skip costs more than an English one; on a balanced path both cost the same."""
    options = AlignOptions()
    scorer = _Scorer(None, [], options)

    def path(steps: list[tuple[int, int]]) -> list[tuple[int, int]]:
        return [(0, 0), *itertools.accumulate(steps, lambda a, b: (a[0] + b[0], a[1] + b[1]))]

    added = path([(1, 1)] * 200 + [(0, 1)] * 12)
    scorer.adapt(added)
    pseudo = options.prior_strength / 12
    ratio = (12 + pseudo) / pseudo
    assert ratio >= options.skip_sides
    assert scorer.skip_src - scorer.skip_tgt == pytest.approx(options.prior_weight * np.log(ratio))
    scorer.adapt(path([(1, 1)] * 200 + [(0, 1)] * 7 + [(1, 0)] * 5))
    assert scorer.skip_src == scorer.skip_tgt
    off = _Scorer(None, [], dataclasses.replace(options, skip_sides=0.0))
    off.adapt(added)
    assert off.skip_src == off.skip_tgt


@pytest.mark.parametrize("merged_at", [19, 54])
def test_a_condensed_merge_stays_merged_where_the_translation_only_adds(merged_at: int) -> None:
    """Two source sentences condensed into one English sentence, in a translation that adds
    a note every fifth sentence and drops nothing: the merge is one 2-1 bead, where one
    skip cost for both sides pairs the first sentence and leaves the second out."""
    tgt = _lopsided_target(merged_at)
    notes_before = (merged_at - 3) // 5 + 1
    merge = ((merged_at, merged_at + 1), (merged_at + notes_before,))
    beads = pairs(align(MT[:60], tgt))
    assert merge in beads
    assert [b for b in beads if not b[1]] == []
    shared = pairs(align(MT[:60], tgt, options=dataclasses.replace(AlignOptions(), skip_sides=0)))
    assert merge not in shared
    assert ((merged_at + 1,), ()) in shared
