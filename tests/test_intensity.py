"""The intensity check's scale model, on both sides: the English against the bridge's word and
against the Hebrew's own marker in the same place (Hebrew sentences written for these tests,
with a faithful English and a shifted one)."""

from __future__ import annotations

from translate_check.detect import DetectSettings, PairInput, detectors
from translate_check.detect.intensity import hebrew_markers, scale_model, scales_digest
from translate_check.hebrew import tokenize_hebrew
from translate_check.links import locate
from translate_check.model import Bridge, Flag
from translate_check.score import Scorer

SCORER = Scorer()


def run(src: str, tgt: str, mt: str) -> list[Flag]:
    given = PairInput.of(src, tgt, (Bridge("mt", mt),), SCORER.sentence(tgt, mt))
    return detectors(DetectSettings())["intensity"].detect(given)


def english(tgt: str, flags: list[Flag]) -> list[str]:
    return [tgt[a:b] for f in flags for a, b in f.tgt_spans]


def hebrew(src: str, flags: list[Flag]) -> list[str]:
    return [src[a:b] for f in flags for a, b in f.src_spans]


def test_the_scale_model_orders_each_scale_and_names_every_level() -> None:
    model = scale_model()
    names = {s.name for s in model.scales}
    assert {"quantity", "degree", "frequency", "certainty", "approximation"} <= names
    for scale in model.scales:
        top = len(model.families[scale.family])
        assert all(0 <= lv <= top for lv in (*scale.english.values(), *scale.hebrew.values()))
    quantity = next(s for s in model.scales if s.name == "quantity").english
    assert quantity["few"] < quantity["some"] < quantity["many"] < quantity["most"]
    assert quantity["most"] < quantity["all"]
    certainty = next(s for s in model.scales if s.name == "certainty").english
    assert certainty["might"] < certainty["probably"] < certainty["certainly"]


def test_the_scale_model_is_part_of_the_settings() -> None:
    """A changed word list must change the signature and the cache keys like a threshold."""
    signed = dict(DetectSettings().component().values)
    assert signed["intensity.scales"] == scales_digest() and len(scales_digest()) == 12


def test_hebrew_markers_are_read_through_their_prefixes() -> None:
    src = "ככל הנראה שכמה תושבים בכל העיר פונו, בכל זאת רוב הבתים ניזוקו, כ-300 בסך הכול."
    found = {(m.words, m.family, m.level) for m in hebrew_markers(tokenize_hebrew(src))}
    assert ("ככל הנראה", "certainty", 2) in found
    assert ("שכמה", "amount", 2) in found and ("בכל", "amount", 5) in found
    assert ("רוב", "amount", 4) in found and ("כ", "approximation", 2) in found
    assert not any(words.startswith("בכל זאת") or words == "זאת" for words, _, _ in found)


LIKELY_HE = "ככל הנראה הטיסה תתעכב בשל מזג האוויר."
LIKELY_MT = "The flight will probably be delayed because of the weather."


def test_a_likelihood_made_a_certainty_is_flagged_on_both_sides() -> None:
    tgt = "The flight will certainly be delayed because of the weather."
    flags = run(LIKELY_HE, tgt, LIKELY_MT)
    shifts = [f for f in flags if "likely → certain" in f.message]
    assert english(tgt, shifts) == ["will certainly"]
    assert hebrew(LIKELY_HE, shifts) == ["ככל הנראה"]
    assert run(LIKELY_HE, "The flight will likely be delayed by the weather.", LIKELY_MT) == []


def test_a_dropped_hedge_the_bridge_kept_points_at_the_hebrew() -> None:
    tgt = "The flight will be delayed because of the weather."
    flags = run(LIKELY_HE, tgt, LIKELY_MT)
    assert any("hedge dropped" in f.message for f in flags)
    assert "ככל הנראה" in hebrew(LIKELY_HE, flags)
    src = "לכאורה, השר קיבל שוחד מהקבלן."
    tgt = "The minister took bribes from the contractor."
    flags = run(src, tgt, "The minister allegedly took bribes from the contractor.")
    assert [f.message for f in flags] == [
        "hedge dropped: the MT says “allegedly”; the English does not"
    ]


FEW_HE = "כמה תושבים נפצעו קל בתאונה ליד הגשר."


def test_a_small_quantity_made_a_large_one_against_the_bridge() -> None:
    tgt = "Many residents were slightly injured in the accident near the bridge."
    mt = "Several residents were slightly injured in the accident near the bridge."
    flags = run(FEW_HE, tgt, mt)
    assert english(tgt, flags) == ["Many"] and "moderate → strong" in flags[0].message
    assert hebrew(FEW_HE, flags) == ["כמה"]
    assert run(FEW_HE, "A few residents were slightly hurt near the bridge.", mt) == []


def test_a_small_quantity_made_a_large_one_against_the_hebrew_alone() -> None:
    """The bridge has no word of the scale: the Hebrew's כמה is what the English is weighed
    against, on weaker evidence (placed by position only)."""
    tgt = "Many residents were slightly injured in the accident near the bridge."
    mt = "Residents were slightly injured in the accident near the bridge."
    flags = run(FEW_HE, tgt, mt)
    assert english(tgt, flags) == ["Many"] and "the Hebrew has “כמה”" in flags[0].message
    assert hebrew(FEW_HE, flags) == ["כמה"] and flags[0].severity == "minor"
    assert run(FEW_HE, "Some residents were slightly injured near the bridge.", mt) == []


def test_the_hebrew_vouches_for_an_english_word_the_bridge_weakened() -> None:
    src = "כל התושבים פונו מהבניין בלילה."
    mt = "Some of the residents were evacuated from the building at night."
    assert run(src, "All the residents were evacuated from the building at night.", mt) == []
    src = "חלק מהתושבים פונו מהבניין בלילה."
    flags = run(src, "All the residents were evacuated from the building at night.", mt)
    assert len(flags) == 1 and "moderate → total" in flags[0].message


ABOUT_HE = "כ-300 איש השתתפו בהפגנה מול משרד הביטחון."


def test_an_approximation_made_an_excess_against_the_bridge_and_the_hebrew() -> None:
    tgt = "Over 300 people took part in the protest outside the defence ministry."
    mt = "About 300 people participated in the demonstration in front of the Defense Ministry."
    flags = run(ABOUT_HE, tgt, mt)
    assert english(tgt, flags) == ["Over"] and "approximate → over" in flags[0].message
    assert hebrew(ABOUT_HE, flags) == ["כ"]
    bare = "300 people participated in the demonstration in front of the Defense Ministry."
    flags = run(ABOUT_HE, tgt, bare)
    assert english(tgt, flags) == ["Over"] and "the Hebrew has “כ”" in flags[0].message
    assert flags[0].severity == "major"  # anchored by the number, not placed by position
    faithful = "Around 300 people took part in the protest outside the defence ministry."
    assert run(ABOUT_HE, faithful, mt) == []
    assert run(ABOUT_HE, faithful, bare) == []


def test_an_upper_bound_for_an_approximation_is_weak_evidence() -> None:
    """*up to 300* and *about 300* both put the value at about 300 or below: flagged, but
    under the default operating point; *over 300* crosses it."""
    tgt = "Up to 300 people took part in the protest outside the defence ministry."
    mt = "About 300 people participated in the demonstration in front of the Defense Ministry."
    flags = run(ABOUT_HE, tgt, mt)
    assert english(tgt, flags) == ["Up to"] and flags[0].severity == "minor"
    over = run(ABOUT_HE, tgt.replace("Up to", "Over"), mt)
    assert over[0].confidence > flags[0].confidence


def test_attribution_keeps_an_attributed_hedge_but_not_an_epistemic_one() -> None:
    src = "לדברי המשטרה, החשוד נמלט ככל הנראה לצפון."
    mt = "According to the police, the suspect probably fled to the north."
    tgt = "According to police, the suspect fled north."
    flags = run(src, tgt, mt)
    assert [f.message for f in flags] == [
        "hedge dropped: the Hebrew says “ככל הנראה”; the English does not"
    ]
    assert hebrew(src, flags) == ["ככל הנראה"]
    assert run(src, "Police said the suspect had probably fled north.", mt) == []
    src = "לדברי המשטרה, האיש לכאורה נמלט לצפון."
    mt = "According to the police, the man allegedly fled to the north."
    assert run(src, "Police said the man fled north.", mt) == []
    assert run(src, "The man fled north.", mt) != []


def test_approximators_count_only_before_a_number() -> None:
    src = "המפגינים צעדו מעל הגשר ודיברו על המצב."
    tgt = "The protesters marched over the bridge and talked about the situation."
    mt = "The demonstrators walked across the bridge and talked about the situation."
    assert run(src, tgt, mt) == []


def test_a_flag_keeps_the_hebrew_its_detector_found() -> None:
    own = Flag("intensity", "major", "m", tgt_spans=((0, 4),), src_spans=((0, 9),))
    other = Flag("typo", "minor", "t", tgt_spans=((5, 9),))
    src, tgt, mt = "ככל הנראה ייכשל", "will fail", "may fail"
    links = PairInput.of(src, tgt, (Bridge("mt", mt),), SCORER.sentence(tgt, mt)).evidence.links
    kept = locate((own, other), links, src, tgt, mt)
    assert kept[0].src_spans == ((0, 9),)
    assert kept[1].src_spans == links.src_spans(other, tgt, mt)
