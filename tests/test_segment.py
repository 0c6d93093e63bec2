"""Sentence segmentation (translate_check.segment)."""

from __future__ import annotations

import time

import pytest

import translate_check.segment as segment
from translate_check.io import normalize
from translate_check.segment import paragraphs, split_lines, split_sentences


def texts(sentences: list) -> list[str]:
    return [s.text for s in sentences]


def test_hebrew_acronyms_do_not_end_sentences() -> None:
    text = "דובר צה\"ל אמר שג'ורג' הגיע. ז\"ל נפטר."
    assert texts(split_sentences(text, "he")) == ["דובר צה\"ל אמר שג'ורג' הגיע.", 'ז"ל נפטר.']


def test_paragraphs_at_blank_lines_of_any_kind() -> None:
    text = "א. ב.\r\n\r\nג.\r\rד.\u2029\u2029ה.\n \u200f \nו."
    got = split_sentences(text, "he")
    assert texts(got) == ["א.", "ב.", "ג.", "ד.", "ה.", "ו."]
    assert [s.paragraph for s in got] == [0, 0, 1, 2, 3, 4]
    assert list(paragraphs("\n\n \u200b \n\n")) == []


def test_niqqud_does_not_change_boundaries() -> None:
    plain = 'אמר צה"ל שלום. הלכנו הביתה! ומה עכשיו?'
    pointed = "".join(c + ("\u05b8" if "\u05d0" <= c <= "\u05ea" else "") for c in plain)
    got = split_sentences(pointed, "he")
    assert [normalize(s.text) for s in got] == texts(split_sentences(plain, "he"))


def test_invisible_marks_do_not_make_sentences() -> None:
    text = "\u200fשלום.\u200f \u200e\n\u202b\u202c\nעולם."
    got = split_sentences(text, "he")
    assert texts(got) == ["שלום.", "עולם."]
    assert texts(split_lines(text)) == ["שלום.", "עולם."]


def test_unpunctuated_100k_line_is_capped_at_spaces() -> None:
    line = " ".join(["מילה", "ארוכהיותר", "ו"] * 11_000)[:100_000]
    started = time.perf_counter()
    got = split_sentences(line, "he")
    assert time.perf_counter() - started < 5
    assert all(len(s.text) <= segment.MAX_SENTENCE_CHARS for s in got)
    assert all(line[s.start - 1 : s.start] in ("", " ") for s in got)  # cut between words
    assert "".join(s.text for s in got).replace(" ", "") == line.replace(" ", "")


def test_unspaced_run_is_cut_at_the_limit() -> None:
    got = split_lines("א" * 2500, limit=1000)
    assert [(s.start, s.end, s.id) for s in got] == [(0, 1000, 0), (1000, 2000, 0), (2000, 2500, 0)]


def test_segmented_mode_ids_are_line_numbers() -> None:
    got = split_lines("one\r\ntwo\n\n\nthree\rfour")
    assert [(s.id, s.text, s.paragraph) for s in got] == [
        (0, "one", 0),
        (1, "two", 0),
        (4, "three", 1),
        (5, "four", 1),
    ]


def test_text_sentencex_alters_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """Were sentencex to rewrite a piece, its text joins the next sentence instead of vanishing."""

    def rewriting(lang: str, text: str) -> list[str]:
        return ["First one. ", "SECOND ONE. ", "Third one."]

    monkeypatch.setattr(segment, "sentencex_segment", rewriting)
    text = "First one. Second one. Third one."
    assert texts(split_sentences(text, "en")) == ["First one.", "Second one. Third one."]


def test_large_text_segments_in_linear_time() -> None:
    paragraph = "שלום עולם, מה שלומך היום? הכל טוב. " * 30
    small = "\n\n".join([paragraph] * 200)
    big = "\n\n".join([paragraph] * 2000)
    started = time.perf_counter()
    split_sentences(small, "he")
    small_time = time.perf_counter() - started
    started = time.perf_counter()
    assert len(split_sentences(big, "he")) == 2000 * 60
    assert time.perf_counter() - started < 30 * small_time + 1
