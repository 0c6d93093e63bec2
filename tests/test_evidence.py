"""The evidence layer: every bridge's word alignment, gathered once per pair."""

from __future__ import annotations

import pytest

import translate_check.detect.evidence as evidence_module
from translate_check.detect import PairInput, assess
from translate_check.detect.evidence import gather
from translate_check.model import Bridge
from translate_check.score import Scorer
from translate_check.words import LinkParameters

HEBREW = "רק השבוע למשל נודע כי טיל רוסי ישגר לחלל את הלווין עמוס 4, אמר ליידרמן."
MT = "Just this week it became known that a Russian rocket will launch the Amos 4 satellite."
OTHER = "This week a Russian missile is to put the Amos 4 satellite into space."
ENGLISH = "Just this week Leiderman said that Russia will launch the Israeli satellites Amos 4."


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
    found = gather(HEBREW, ENGLISH, (Bridge("a", ""), Bridge("b", OTHER)))
    assert [b.name for b in found.bridges] == ["b"] and len(found.alignments) == 1


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
