"""Sentence segmentation with character offsets and paragraph ids.

sentencex does the splitting; this module protects Hebrew acronyms written
with ASCII quotes (צה"ל, ז"ל), which sentencex otherwise reads as quotation
marks, and maps every sentence back to its offsets in the original text.
Sentences tile the text: every visible character belongs to exactly one, so
nothing the translator wrote escapes the check. Work is linear in the text's
length, so a 50 MB file or a 100,000-character line without punctuation is
split in seconds.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence

from sentencex import segment as sentencex_segment

from translate_check.facts import HEBREW_LETTERS
from translate_check.io import IGNORABLE_CHARS
from translate_check.model import Sentence

_HEBREW_POINTED = "\u0591-\u05c7" + HEBREW_LETTERS  # a letter or a point/accent after one
# An ASCII double quote between two Hebrew letters is gershayim (צה"ל); an apostrophe
# after a Hebrew letter (not followed by another) is geresh (ג'ורג', ש'). Replacing each
# with the Hebrew punctuation of the same length keeps offsets unchanged.
_GERSHAYIM = re.compile(f'(?<=[{_HEBREW_POINTED}])"(?=[{HEBREW_LETTERS}])')
_GERESH = re.compile(f"(?<=[{_HEBREW_POINTED}])'")
_BREAK = "(?:\r\n|[\n\r\u2028\u2029])"
# A blank line may hold spaces and invisible marks (an RLM left by a word processor).
_PARAGRAPH_BREAK = re.compile(
    f"{_BREAK}[ \t\f\v\u00a0{IGNORABLE_CHARS}]*{_BREAK}[\\s{IGNORABLE_CHARS}]*"
)
_LINE = re.compile(f"[^\n\r\u2028\u2029]*(?:{_BREAK}|\\Z)")
_SPACE = re.compile(r"\s")
_BLANK = re.compile(f"[\\s{IGNORABLE_CHARS}]*\\Z")
_VISIBLE = re.compile(f"[^\\s{IGNORABLE_CHARS}]")

LOOKAHEAD = 1000
"""How far past where it is expected a sentence is searched for when sentencex dropped text."""

MAX_SENTENCE_CHARS = 1000
"""Longer stretches without sentence punctuation are cut at spaces near this length."""


def protect_hebrew_acronyms(text: str) -> str:
    """Swap ASCII gershayim/geresh for their Hebrew forms (same length, same offsets)."""
    return _GERESH.sub("\u05f3", _GERSHAYIM.sub("\u05f4", text))


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of blocks separated by blank lines, skipping blank blocks."""
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if _VISIBLE.search(text, start, match.start()):
            yield start, match.start()
        start = match.end()
    if _VISIBLE.search(text, start):
        yield start, len(text)


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow a span to its visible text: no whitespace or invisible marks at either end."""
    first = _VISIBLE.search(text, start, end)
    if first is None:
        return start, start
    start = first.start()
    while _BLANK.match(text, end - 1, end):
        end -= 1
    return start, end


def _cap(text: str, start: int, end: int, limit: int) -> Iterator[tuple[int, int]]:
    """Cut an over-long sentence at the last space before each ``limit`` characters.

    Yields only spans with visible text.
    """
    while end - start > limit:
        cut = max(
            (m.start() for m in _SPACE.finditer(text, start + limit // 2, start + limit)),
            default=start + limit,
        )
        yield from _visible(_strip_span(text, start, cut))
        start = cut
    yield from _visible(_strip_span(text, start, end))


def _visible(span: tuple[int, int]) -> Iterator[tuple[int, int]]:
    if span[1] > span[0]:
        yield span


def _sentence_spans(text: str, start: int, end: int, lang: str) -> Iterator[tuple[int, int]]:
    """Spans tiling ``text[start:end]``, cut where sentencex ends a sentence.

    A piece that cannot be found where expected (sentencex altered it) joins the
    next span instead of being lost; the bounded search keeps this linear.
    """
    cursor = start
    for piece in sentencex_segment(lang, text[start:end]):
        stripped = piece.strip()
        if not stripped:
            continue
        found = text.find(stripped, cursor, min(end, cursor + len(piece) + LOOKAHEAD))
        if found >= 0:
            yield cursor, found + len(stripped)
            cursor = found + len(stripped)
    if cursor < end:
        yield cursor, end


def split_sentences(
    text: str, lang: str, limit: int = MAX_SENTENCE_CHARS, units: Sequence[tuple[int, int]] = ()
) -> list[Sentence]:
    """Segment running text: paragraphs at blank lines, sentences by sentencex.

    ``units`` are sorted spans that stay one sentence each, whatever sentencex says.
    """
    guarded = protect_hebrew_acronyms(text) if lang == "he" else text
    sentences: list[Sentence] = []
    for para_id, (p_start, p_end) in enumerate(paragraphs(text)):
        spans: list[tuple[int, int]] = []
        cursor = p_start
        for u_start, u_end in units:
            if p_start <= u_start and u_end <= p_end:
                spans += [*_sentence_spans(guarded, cursor, u_start, lang), (u_start, u_end)]
                cursor = u_end
        spans += _sentence_spans(guarded, cursor, p_end, lang)
        for start, end in spans:
            for s, e in _cap(text, start, end, limit):
                sentences.append(Sentence(len(sentences), text[s:e], s, e, para_id))
    return sentences


def keep_known_lines(
    text: str, lang: str, sentences: Sequence[Sentence], known: Callable[[str], bool]
) -> list[Sentence]:
    """The sentences again, but a line that ``known`` accepts stays one sentence where a
    sentence overlapping it is not known.

    An MT file keyed by a document's lines then serves it whatever sentencex makes of
    a line holding two sentences (or of a heading it runs into the next line).
    """
    unknown = [s for s in sentences if not known(s.text)]
    if not unknown:
        return list(sentences)
    lines = [_strip_span(text, m.start(), m.end()) for m in _LINE.finditer(text)]
    lines = [(s, e) for s, e in lines if e > s]
    starts = [s for s, _ in lines]
    touched: set[int] = set()
    for sentence in unknown:  # lines overlapping the sentence: by bisection, in order
        k = max(bisect_right(starts, sentence.start) - 1, 0)
        while k < len(lines) and lines[k][0] < sentence.end:
            if lines[k][1] > sentence.start:
                touched.add(k)
            k += 1
    units = [(s, e) for s, e in (lines[k] for k in sorted(touched)) if known(text[s:e])]
    return split_sentences(text, lang, units=units) if units else list(sentences)


def split_lines(text: str, limit: int = MAX_SENTENCE_CHARS) -> list[Sentence]:
    """One sentence per line (``--segmented``): ids are line numbers from 0.

    Blank lines carry no sentence but start a new paragraph. Over-long lines are
    capped like running text; the pieces share their line's id. CRLF, CR and
    Unicode line separators all end a line.
    """
    sentences: list[Sentence] = []
    paragraph = 0
    previous_blank = False
    for line_no, line in enumerate(_LINE.finditer(text)):
        pieces = list(_cap(text, line.start(), line.end(), limit))
        if not pieces:
            previous_blank = True
            continue
        if previous_blank and sentences:
            paragraph += 1
        previous_blank = False
        for s, e in pieces:
            sentences.append(Sentence(line_no, text[s:e], s, e, paragraph))
    return sentences
