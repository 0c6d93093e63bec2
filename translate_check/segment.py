"""Sentence segmentation with character offsets and paragraph ids.

sentencex does the splitting; this module protects Hebrew acronyms written
with ASCII quotes (צה"ל, ז"ל), which sentencex otherwise reads as quotation
marks, and maps every sentence back to its offsets in the original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sentencex import segment as sentencex_segment

from translate_check.model import Sentence

HEBREW_LETTER = "\u05d0-\u05ea"
# An ASCII double quote between two Hebrew letters is gershayim (צה"ל); an apostrophe
# after a Hebrew letter (not followed by another) is geresh (ג'ורג', ש'). Replacing each
# with the Hebrew punctuation of the same length keeps offsets unchanged.
_GERSHAYIM = re.compile(f'(?<=[{HEBREW_LETTER}])"(?=[{HEBREW_LETTER}])')
_GERESH = re.compile(f"(?<=[{HEBREW_LETTER}])'")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")
_SPACE = re.compile(r"\s")

MAX_SENTENCE_CHARS = 1000
"""Longer stretches without sentence punctuation are cut at spaces near this length."""


def protect_hebrew_acronyms(text: str) -> str:
    """Swap ASCII gershayim/geresh for their Hebrew forms (same length, same offsets)."""
    return _GERESH.sub("\u05f3", _GERSHAYIM.sub("\u05f4", text))


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of blocks separated by blank lines, skipping blank blocks."""
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if text[start : match.start()].strip():
            yield start, match.start()
        start = match.end()
    if text[start:].strip():
        yield start, len(text)


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _cap(text: str, start: int, end: int, limit: int) -> Iterator[tuple[int, int]]:
    """Cut an over-long sentence at the last space before each ``limit`` characters."""
    while end - start > limit:
        cut = max(
            (m.start() for m in _SPACE.finditer(text, start + limit // 2, start + limit)),
            default=start + limit,
        )
        yield _strip_span(text, start, cut)
        start = cut
    yield _strip_span(text, start, end)


def split_sentences(text: str, lang: str, limit: int = MAX_SENTENCE_CHARS) -> list[Sentence]:
    """Segment running text: paragraphs at blank lines, sentences by sentencex."""
    guarded = protect_hebrew_acronyms(text) if lang == "he" else text
    sentences: list[Sentence] = []
    for para_id, (p_start, p_end) in enumerate(paragraphs(text)):
        cursor = p_start
        for piece in sentencex_segment(lang, guarded[p_start:p_end]):
            stripped = piece.strip()
            if not stripped:
                continue
            start = guarded.find(stripped, cursor, p_end)
            if start < 0:  # sentencex altered the text; fall back to what is left
                start = cursor
            end = min(start + len(stripped), p_end)
            cursor = end
            for s, e in _cap(text, start, end, limit):
                if e > s:
                    sentences.append(Sentence(len(sentences), text[s:e], s, e, para_id))
    return sentences


def split_lines(text: str, limit: int = MAX_SENTENCE_CHARS) -> list[Sentence]:
    """One sentence per line (``--segmented``): ids are line numbers from 0.

    Blank lines carry no sentence but start a new paragraph. Over-long lines are
    capped like running text; the pieces share their line's id.
    """
    sentences: list[Sentence] = []
    paragraph = 0
    offset = 0
    previous_blank = False
    for line_no, line in enumerate(text.split("\n")):
        start, end = _strip_span(text, offset, offset + len(line))
        offset += len(line) + 1
        if end == start:
            previous_blank = True
            continue
        if previous_blank and sentences:
            paragraph += 1
        previous_blank = False
        for s, e in _cap(text, start, end, limit):
            sentences.append(Sentence(line_no, text[s:e], s, e, paragraph))
    return sentences
