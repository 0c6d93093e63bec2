"""Token-budget batching, chunking of over-long inputs and token spans, shared by the engines."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence

from translate_check.model import Span
from translate_check.mt.base import Progress

SPIECE_SPACE = "\u2581"
MAX_BATCH_TOKENS = 2048
"""The engines' default budget of padded tokens per batch."""


def plan_batches(lengths: Sequence[int], max_batch_tokens: int) -> list[list[int]]:
    """Group indices, longest first, so that each padded batch stays within the token budget.

    Sorting by length keeps padding (wasted compute) small; a single item over
    the budget still gets a batch of its own.
    """
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        # Sorted descending, so the first item sets the padded width of the batch.
        width = lengths[current[0]] if current else lengths[i]
        if current and width * (len(current) + 1) > max_batch_tokens:
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


def split_to_fit(text: str, count: Callable[[str], int], limit: int) -> list[str]:
    """Split ``text`` at whitespace into pieces of at most ``limit`` tokens each.

    Translating each piece and joining the results with spaces loses some
    context at the seams but, unlike truncation, never drops text. A single
    word longer than the limit is cut between characters.
    """
    if count(text) <= limit:
        return [text]
    pieces: list[str] = []
    current: list[str] = []
    used = 0
    for word in text.split():
        n = count(word)
        if n > limit:
            if current:
                pieces.append(" ".join(current))
                current, used = [], 0
            pieces.extend(_split_word(word, count, limit))
            continue
        if current and used + n > limit:
            pieces.append(" ".join(current))
            current, used = [], 0
        current.append(word)
        used += n
    if current:
        pieces.append(" ".join(current))
    # Tokenizing words one by one can undercount a joined piece; halve any that overflow.
    fitted: list[str] = []
    for piece in pieces:
        words = piece.split()
        if count(piece) > limit and len(words) > 1:
            half = len(words) // 2
            fitted += split_to_fit(" ".join(words[:half]), count, limit)
            fitted += split_to_fit(" ".join(words[half:]), count, limit)
        else:
            fitted.append(piece)
    return fitted


def _split_word(word: str, count: Callable[[str], int], limit: int) -> list[str]:
    pieces: list[str] = []
    start = 0
    while start < len(word):
        end = start + 1
        while end < len(word) and count(word[start : end + 1]) <= limit:
            end += 1
        pieces.append(word[start:end])
        start = end
    return pieces


def piece_spans(text: str, pieces: Sequence[str]) -> list[Span]:
    """Character spans in ``text`` of sentencepiece ``pieces`` (leading space excluded).

    Sentencepiece normalises text (NFKC, whitespace) before splitting, so a
    piece is matched exactly first and then through NFKC; a piece that cannot
    be located gets an empty span at the current position.
    """
    spans: list[Span] = []
    pos = 0
    for piece in pieces:
        surface = piece.lstrip(SPIECE_SPACE)
        while pos < len(text) and text[pos].isspace() and surface[:1] != text[pos]:
            pos += 1
        if text.startswith(surface, pos):
            spans.append((pos, pos + len(surface)))
            pos += len(surface)
            continue
        for end in range(pos + 1, min(len(text), pos + len(surface) + 4) + 1):
            if unicodedata.normalize("NFKC", text[pos:end]) == surface:
                spans.append((pos, end))
                pos = end
                break
        else:
            spans.append((pos, pos))
    return spans


class Chunks:
    """Sentences cut into model-sized pieces, rejoined after translation.

    Both neural engines translate pieces in length-sorted batches; this keeps the
    bookkeeping of which pieces finish which sentence (for progress) in one place.
    """

    def __init__(
        self,
        sentences: Sequence[str],
        split: Callable[[str], list[str]],
        progress: Progress | None = None,
    ) -> None:
        self.count = len(sentences)
        self.owners: list[int] = []
        self.pieces: list[str] = []
        for i, text in enumerate(sentences):
            if text.strip():
                for piece in split(text):
                    self.owners.append(i)
                    self.pieces.append(piece)
        self.outputs: list[tuple[str, ...]] = [()] * len(self.pieces)
        self._pending = Counter(self.owners)
        self._progress = progress
        empty = self.count - len(self._pending)
        if progress and empty:
            progress(empty)

    def finish(self, indices: Sequence[int], texts: Sequence[Sequence[str]]) -> None:
        """Record translated pieces (each piece's hypotheses, best first) and report the
        sentences they complete."""
        done = 0
        for j, hypotheses in zip(indices, texts, strict=True):
            self.outputs[j] = tuple(text.strip() for text in hypotheses)
            self._pending[self.owners[j]] -= 1
            done += self._pending[self.owners[j]] == 0
        if self._progress and done:
            self._progress(done)

    def joined(self, k: int = 1) -> list[list[str]]:
        """The ``k`` best translations of each input sentence: the r-th joins every
        piece's r-th hypothesis by a space (an empty sentence gets ``k`` empty ones)."""
        results = [[""] * k for _ in range(self.count)]
        for i, hypotheses in zip(self.owners, self.outputs, strict=True):
            for r in range(k):
                text = hypotheses[min(r, len(hypotheses) - 1)]
                results[i][r] = f"{results[i][r]} {text}" if results[i][r] else text
        return results
