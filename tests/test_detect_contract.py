"""The contract every detector keeps, checked on real pairs and on edge cases."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate_check.detect import DETECTORS, DetectSettings, PairInput, detectors
from translate_check.detect.base import TokenLogprobs
from translate_check.model import Bridge, Flag, Scores
from translate_check.score import Scorer

SCORER = Scorer()

HEBREW = "רק השבוע למשל נודע כי טיל רוסי ישגר לחלל את הלווין עמוס 4."
MT = (
    "Just this week, for example, it became known that a Russian rocket will launch the "
    "Amos 4 satellite into space."
)
ENGLISH = (
    "Just this week for example we learned that Russia will launch the Israeli satellite Amos 4."
)

TYPES = {name: {name} for name in DETECTORS} | {"unsupported": {"addition", "mistranslation"}}
"""The flag types each detector raises: its own, but unsupported wording is typed by what
stands opposite it."""

CASES = [
    (HEBREW, ENGLISH, (MT,)),
    (HEBREW, ENGLISH, (MT, "This week a Russian rocket is to put the Amos 4 satellite in orbit.")),
    (
        "שתי המדינות עומדות לחתום בקרוב מאוד על הסכם סודיות.",
        "The 3 counties will never sign all of the agreement, reportedly.",
        ("The two countries are about to sign a confidentiality agreement very soon.",),
    ),
    (HEBREW, "", (MT,)),
    ("", ENGLISH, ()),
    ("", ENGLISH, ("",)),
    ("", "", ()),
    (HEBREW, "...", (MT,)),
    (HEBREW, ENGLISH, ("?",)),
]


def improbable(text: str) -> TokenLogprobs:
    """Model tokens of ``text``, each one the model finds very unlikely, so that detectors
    reading log-probabilities have something to flag."""
    tokens = tuple((m.span(), -9.0) for m in re.finditer(r"\w+|[^\w\s]", text))
    return (*tokens, ((len(text), len(text)), -9.0))


def pair(src: str, tgt: str, bridges: tuple[str, ...]) -> PairInput:
    named = tuple(Bridge(f"mt{k}", text) for k, text in enumerate(bridges))
    scores = SCORER.sentence(tgt, bridges[0] if bridges else "")
    return PairInput.of(src, tgt, named, scores, improbable(tgt))


@pytest.mark.parametrize("name", sorted(DETECTORS))
@pytest.mark.parametrize("case", CASES, ids=range(len(CASES)))
def test_flags_are_typed_and_in_bounds(name: str, case: tuple) -> None:
    given = pair(*case)
    flags = detectors(DetectSettings())[name].detect(given)
    assert isinstance(flags, list)
    for flag in flags:
        assert isinstance(flag, Flag)
        assert flag.type in TYPES[name]
        assert flag.severity in ("minor", "major")
        assert flag.message
        assert 0.0 <= flag.confidence <= 1.0
        assert flag.tgt_spans or flag.mt_spans
        for start, end in flag.tgt_spans:
            assert 0 <= start < end <= len(given.tgt_text) or (
                name == "omission" and 0 <= start == end <= len(given.tgt_text)
            )
        for start, end in flag.mt_spans:
            assert 0 <= start < end <= len(given.mt_text)
        assert set(flag.bridges) <= {b.name for b in given.bridges}


OTHER_HEBREW = "שלוש המדינות, ככל הנראה, לכאורה לא יחתמו על ההסכם ביוני."


@pytest.mark.parametrize("name", sorted(DETECTORS))
@pytest.mark.parametrize("src", [HEBREW, OTHER_HEBREW, ""])
@pytest.mark.parametrize("text", [ENGLISH, MT, "The 2 counties may not sign all of it in May."])
def test_no_flags_when_english_equals_the_bridge(name: str, src: str, text: str) -> None:
    identical = PairInput.of(
        src, text, (Bridge("mt", text),), Scores(100.0, 100.0, 0.0), improbable(text)
    )
    assert detectors(DetectSettings())[name].detect(identical) == []


@pytest.mark.parametrize("name", sorted(DETECTORS))
def test_both_sides_empty_gives_nothing(name: str) -> None:
    assert detectors(DetectSettings())[name].detect(pair("", "", ())) == []


def test_the_cases_exercise_the_logprob_detector() -> None:
    """The log-probabilities the cases carry make ``improbable`` flag, so its checks above
    are not vacuous."""
    assert any(detectors(DetectSettings())["improbable"].detect(pair(*case)) for case in CASES)


WORDS = [
    "not", "no", "some", "all", "may", "will", "2", "two", "3,5", "Moscow", "Leiderman",
    "apparently", "counties", "countries", "the", "and", ",", ".", "(", ")", "un-clear",
    "n't", "'s", "שתי", "כנראה", "ליידרמן", "reportedly", "several", "many", "12:00", "II",
]  # fmt: skip
sentences = st.lists(st.sampled_from(WORDS), max_size=14).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(src=sentences, tgt=sentences, mt=sentences)
def test_any_text_keeps_the_contract(src: str, tgt: str, mt: str) -> None:
    given_pair = pair(src, tgt, (mt,))
    for name in DETECTORS:
        for flag in detectors(DetectSettings())[name].detect(given_pair):
            assert flag.type in TYPES[name]
            for start, end in flag.tgt_spans:
                assert 0 <= start < end <= len(tgt) or (
                    name == "omission" and 0 <= start == end <= len(tgt)
                )
            for start, end in flag.mt_spans:
                assert 0 <= start < end <= len(mt)
