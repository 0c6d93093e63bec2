"""Tokens, normal forms, numbers and word alignment."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from translate_check.detect.translit import latin_skeleton, transliterated_in
from translate_check.words import (
    LinkParameters,
    align_words,
    merge_spans,
    number_value,
    sentence_initial,
    spelling_key,
    stem,
    tokenize,
)


def test_tokens_keep_their_character_spans() -> None:
    text = "Leiderman's 2 counties didn't sign 1,500 deals."
    for tok in tokenize(text):
        assert text[tok.start : tok.end] == tok.text
    norms = [t.norm for t in tokenize(text)]
    assert norms == ["leiderman", "#2", "counties", "did", "not", "sign", "#1500", "deals"]


@given(st.text(max_size=80))
def test_spans_are_in_bounds_for_any_text(text: str) -> None:
    for tok in tokenize(text):
        assert 0 <= tok.start < tok.end <= len(text)
        assert text[tok.start : tok.end] == tok.text


def test_function_words_and_stems() -> None:
    tokens = {t.norm: t for t in tokenize("the countries of the world")}
    assert tokens["the"].function and tokens["of"].function
    assert tokens["countries"].content and tokens["countries"].stem == stem("country")
    assert spelling_key("behaviour") == spelling_key("behavior")
    assert stem("organisation") == stem("organization")


def test_letters_written_onto_a_numeral_are_no_words() -> None:
    tokens = tokenize("In the 19th century and the 1800s, the 3rd street had th")
    suffixes = [t.text for t in tokens if t.function and t.text in ("th", "s", "rd")]
    assert suffixes == ["th", "s", "rd"]
    assert tokens[-1].text == "th" and tokens[-1].content


def test_number_values() -> None:
    assert number_value("two") == 2 and number_value("2") == 2
    assert number_value("1,500") == 1500 and number_value("3.5") == 3.5
    assert number_value("II") == 2 and number_value("thirteenth") == 13
    assert number_value("12:00") == 1200 and number_value("word") is None


def test_alignment_prefers_exact_then_stem_then_fuzzy() -> None:
    words = align_words(
        "The Russians misinterpreted his behaviour in the 2 counties",
        "The Russians had misinterpreted his behavior in the two countries",
    )
    kinds = {tok.text: words.kind[tok.index] for tok in words.tgt}
    assert kinds["Russians"] == "exact"
    assert kinds["behaviour"] == "stem"
    assert kinds["2"] == "exact"
    assert kinds["counties"] == "fuzzy"
    counties = next(t.index for t in words.tgt if t.text == "counties")
    assert words.mt[words.tgt_to_mt[counties]].text == "countries"  # type: ignore[index]
    strict = align_words(
        "in the 2 counties", "in the two countries", LinkParameters(fuzzy_min=95, ngram_min=1)
    )
    assert strict.kind[-1] is None, "the link parameters decide what counts as a spelling"


def test_alignment_is_one_to_one() -> None:
    words = align_words("the the the cat", "the cat")
    linked = [j for j in words.tgt_to_mt if j is not None]
    assert len(linked) == len(set(linked))


def test_merge_spans_joins_words_of_a_phrase() -> None:
    text = "some kind of lever, here"
    assert merge_spans([(0, 4), (5, 9), (10, 12), (20, 24)], text) == ((0, 12), (20, 24))


def test_transliteration_skeletons() -> None:
    assert latin_skeleton("Leiderman") == "LDRMN"
    assert transliterated_in("Leiderman", "על ליידרמן")
    assert transliterated_in("Yuval", "יובל נח הררי")
    assert transliterated_in("Netanyahu", "לאחר שנתניהו שב")
    assert not transliterated_in("Israeli", "את הלווין עמוס 4")


def test_a_quotation_starts_a_sentence_but_a_quoted_name_does_not() -> None:
    text = 'Danius said, "Right now we are doing nothing." It was called "Gingrich" then.'
    tokens = tokenize(text)
    right = next(t for t in tokens if t.text == "Right")
    name = next(t for t in tokens if t.text == "Gingrich")
    assert sentence_initial(text, right) and not sentence_initial(text, name)
