"""Properties that hold for any text: segmentation tiles it, reports validate.

Texts are built from Hebrew and English words, punctuation, niqqud, bidi and
zero-width marks and every kind of line break, plus arbitrary Unicode, so the
cases users hit (and a few thousand they have not yet) are covered.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

import jsonschema
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from translate_check.io import IGNORABLE, normalize
from translate_check.model import MTInfo, Sentence
from translate_check.mt.base import Progress
from translate_check.pipeline import document_from_text, verify
from translate_check.report.html import render_html
from translate_check.report.json_report import render_json, schema
from translate_check.segment import split_lines, split_sentences

HEBREW = "אבגדהוזחטיכלמנסעפצקרשתךםןףץ"
ENGLISH = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
MARKS = "\u05b0\u05b4\u05b8\u05bc\u05c1\u0591\u05a5"
PUNCTUATION = [*".!?,;:'\"-()…׳״׃", "...", '."', "?!", " - ", "Mr.", "e.g.", "3.14"]
SPACES = [" ", "  ", "\t", "\n", "\n\n", "\r\n", "\r\n\r\n", "\r", "\u2029", "\u00a0", "\n \n"]
INVISIBLE = list("\u200f\u200e\u200b\u202b\u202c\ufeff\u00ad")
LINE_BREAK = re.compile("\r\n|[\n\r\u2028\u2029]")


def words(letters: str) -> st.SearchStrategy[str]:
    return st.text(st.sampled_from(letters), min_size=1, max_size=8)


def running_text(letters: str) -> st.SearchStrategy[str]:
    token = st.one_of(
        words(letters),
        words(letters).map(lambda w: "".join(c + MARKS[ord(c) % len(MARKS)] for c in w)),
        st.sampled_from(PUNCTUATION),
        st.sampled_from(SPACES),
        st.sampled_from(INVISIBLE),
        st.text(max_size=3),  # anything at all
    )
    return st.lists(token, max_size=80).map("".join)


TEXTS = {"he": running_text(HEBREW), "en": running_text(ENGLISH)}
ANY_TEXT = st.one_of(TEXTS["he"], TEXTS["en"], st.text(max_size=300))
LIMITS = st.sampled_from([12, 40, 1000])


def visible(char: str) -> bool:
    return not char.isspace() and not IGNORABLE.match(char)


def assert_tiles(text: str, sentences: Sequence[Sentence]) -> None:
    """In bounds, ordered, disjoint, trimmed, and together holding every visible character."""
    covered = [False] * len(text)
    previous_end = 0
    for s in sentences:
        assert previous_end <= s.start < s.end <= len(text)
        assert s.text == text[s.start : s.end]
        assert visible(s.text[0]) and visible(s.text[-1])
        covered[s.start : s.end] = [True] * (s.end - s.start)
        previous_end = s.end
    missed = [i for i, c in enumerate(text) if visible(c) and not covered[i]]
    assert not missed, f"visible characters outside every sentence at {missed[:5]}"
    assert [s.paragraph for s in sentences] == sorted(s.paragraph for s in sentences)


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(["he", "en"]).flatmap(lambda lang: st.tuples(st.just(lang), TEXTS[lang])))
def test_running_text_sentences_tile_the_text(case: tuple[str, str]) -> None:
    lang, text = case
    sentences = split_sentences(text, lang)
    assert_tiles(text, sentences)
    assert [s.id for s in sentences] == list(range(len(sentences)))


@settings(max_examples=1000, deadline=None)
@given(ANY_TEXT, st.sampled_from(["he", "en"]), LIMITS)
def test_capped_running_text_tiles_any_text(text: str, lang: str, limit: int) -> None:
    sentences = split_sentences(text, lang, limit)
    assert_tiles(text, sentences)
    assert all(len(s.text) <= limit for s in sentences)


@settings(max_examples=800, deadline=None)
@given(ANY_TEXT, LIMITS)
def test_segmented_lines_tile_the_text(text: str, limit: int) -> None:
    sentences = split_lines(text, limit)
    assert_tiles(text, sentences)
    assert all(len(s.text) <= limit for s in sentences)
    for s in sentences:  # the id is the number of line breaks before the sentence
        assert s.id == len(LINE_BREAK.findall(text, 0, s.start))


class Transliterator:
    """A stand-in MT engine for tests: each Hebrew letter becomes a Latin one, deterministically."""

    table = str.maketrans(HEBREW, "abgdhwzxtiklmnsypcqrstkmnpc")

    @property
    def info(self) -> MTInfo:
        return MTInfo(engine="file", model="transliteration")

    def translate(self, sentences: Sequence[str], progress: Progress | None = None) -> list[str]:
        if progress:
            progress(len(sentences))
        return [s.translate(self.table) for s in sentences]


def _strict_json(text: str) -> object:
    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS["he"], TEXTS["en"], st.booleans())
def test_reports_validate_against_the_schema(hebrew: str, english: str, segmented: bool) -> None:
    source = document_from_text(hebrew, "he", segmented=segmented, path="he.txt")
    target = document_from_text(english, "en", segmented=segmented, path="en.txt")
    assume(any(normalize(s.text) for s in source.sentences))
    assume(any(normalize(s.text) for s in target.sentences))
    report = _strict_json(render_json(verify(source, target, [Transliterator()])))
    jsonschema.validate(report, schema())
    for side, doc in (("source", source), ("target", target)):
        for s in report[side]["sentences"]:
            assert doc.text[s["start"] : s["end"]] == s["text"]


MARKUP_TEXT = st.lists(
    st.sampled_from([*"<>&\"'{}/=!- ab\u05d0\u05e9.\n", "<script>", "<img onerror=x>", "{{"]),
    min_size=1,
    max_size=30,
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARKUP_TEXT, MARKUP_TEXT)
def test_html_escapes_arbitrary_input(hebrew: str, english: str) -> None:
    source = document_from_text(hebrew, "he", path="<he>.txt")
    target = document_from_text(english, "en", path="<en>.txt")
    assume(any(normalize(s.text) for s in source.sentences))
    assume(any(normalize(s.text) for s in target.sentences))
    page = render_html(verify(source, target, [Transliterator()]))
    plain = render_html(
        verify(
            document_from_text("שלום.", "he", path="he.txt"),
            document_from_text("Hello.", "en", path="en.txt"),
            [Transliterator()],
        )
    )
    # Input can add text but never markup: no element of the input's reaches the page.
    assert page.count("<script") == plain.count("<script")
    tags, text = _parse(page)
    assert "img" not in tags
    if "<script>" in english:
        assert "<script>" in text, "the input shows as text"


def _parse(page: str) -> tuple[set[str], str]:
    """The element names in a page and its text, as an HTML parser sees them."""
    from html.parser import HTMLParser

    found: set[str] = set()
    text: list[str] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list) -> None:
            found.add(tag)

        def handle_data(self, data: str) -> None:
            text.append(data)

    Collector(convert_charrefs=True).feed(page)
    return found, "".join(text)
