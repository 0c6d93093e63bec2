"""The evidence layer: every bridge's word alignment, gathered once per pair."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

import translate_check.detect.evidence as evidence_module
from translate_check.detect import PairInput, assess
from translate_check.detect.evidence import gather
from translate_check.model import Bridge, MTInfo
from translate_check.mt.base import Progress
from translate_check.pipeline import document_from_text, paired_beads, verify
from translate_check.score import Scorer
from translate_check.words import LinkParameters

HEBREW = "רק השבוע למשל נודע כי טיל רוסי ישגר לחלל את הלווין עמוס 4, אמר ליידרמן."
MT = "Just this week it became known that a Russian rocket will launch the Amos 4 satellite."
OTHER = "This week a Russian missile is to put the Amos 4 satellite into space."
ENGLISH = "Just this week Leiderman said that Russia will launch the Israeli satellites Amos 4."
SCORES = Scorer().sentence(ENGLISH, OTHER)


def test_each_english_word_says_how_each_bridge_supports_it() -> None:
    found = gather(HEBREW, ENGLISH, (Bridge("a", MT), Bridge("b", OTHER)))
    words = {t.text: t.index for t in found.tgt}
    assert found.kinds(words["Just"]) == ("exact", None)
    assert found.kinds(words["satellites"]) == ("stem", "stem")
    assert found.supporters(words["Amos"]) == 2
    assert not found.supported(words["Israeli"])
    assert found.name_like[words["Israeli"]] and not found.translit[words["Israeli"]]


def test_a_name_the_hebrew_spells_is_supported_by_the_hebrew() -> None:
    found = gather(HEBREW, ENGLISH, (Bridge("a", MT),))
    leiderman = next(t.index for t in found.tgt if t.text == "Leiderman")
    assert found.kinds(leiderman) == (None,)
    assert found.translit[leiderman] and found.supported(leiderman)


def test_bridge_words_nothing_matches_and_what_stands_opposite() -> None:
    found = gather(HEBREW, ENGLISH, (Bridge("a", MT),))
    mt = found.alignments[0].mt
    unmatched = {mt[j].text for j in found.unmatched(0)}
    assert {"became", "known", "rocket"} <= unmatched
    russia = next(t.index for t in found.tgt if t.text == "Russia")
    opposite = {mt[j].text for j in found.opposite(0, russia, russia)}
    assert "rocket" in opposite and "Just" not in opposite


def test_empty_bridges_are_left_out_in_order() -> None:
    pair = PairInput.of(HEBREW, ENGLISH, (Bridge("a", ""), Bridge("b", OTHER)), SCORES)
    assert [b.name for b in pair.bridges] == ["b"] and pair.mt_text == OTHER
    assert pair.evidence.bridges == pair.bridges and len(pair.evidence.alignments) == 1


def test_the_alignment_is_made_once_per_pair_and_bridge(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, str]] = []
    real = evidence_module.align_words

    def counting(tgt: str, mt: str, links: LinkParameters):  # type: ignore[no-untyped-def]
        calls.append((tgt, mt))
        return real(tgt, mt, links)

    monkeypatch.setattr(evidence_module, "align_words", counting)
    bridges = (Bridge("a", MT), Bridge("b", OTHER))
    pair = PairInput.of(HEBREW, ENGLISH, bridges, Scorer().sentence(ENGLISH, MT))
    assess(pair)
    assess(pair)
    assert calls == [(ENGLISH, MT), (ENGLISH, OTHER)]


class Fixed:
    """A bridge that gives the same translations whatever it is asked."""

    def __init__(self, name: str, outputs: list[str]) -> None:
        self.info = MTInfo("file", name)
        self.outputs = outputs

    def translate(self, sentences: Sequence[str], progress: Progress | None = None) -> list[str]:
        return self.outputs


def test_a_pair_whose_first_bridge_is_empty_is_checked_against_the_next() -> None:
    """One bridges value per pair: scores, mt_text, flags and evidence count the same."""
    source = document_from_text(HEBREW, "he", segmented=True)
    target = document_from_text(ENGLISH, "en", segmented=True)
    beads = paired_beads(source, target)
    bridges = [Fixed("blank.tsv", [""]), Fixed("other.tsv", [OTHER])]
    (pair,) = verify(source, target, bridges, beads=beads).pairs
    assert [b.name for b in pair.bridges] == ["file:other.tsv"] and pair.mt_text == OTHER
    assert pair.scores == SCORES
    assert "entity" in {f.type for f in pair.flags}, "the typed checks still speak"
    for flag in (*pair.flags, *pair.held_back):
        assert all(0 <= s <= e <= len(pair.mt_text) for s, e in flag.mt_spans)
