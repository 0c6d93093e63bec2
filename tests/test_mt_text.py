"""Properties of the batching and chunking helpers shared by the engines."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from translate_check.mt.text import piece_spans, plan_batches, split_to_fit

words = st.text(alphabet="abcאבג", min_size=1, max_size=30)


@given(st.lists(words, min_size=1, max_size=40), st.integers(min_value=1, max_value=25))
def test_split_keeps_every_character_within_the_limit(parts: list[str], limit: int) -> None:
    text = " ".join(parts)
    pieces = split_to_fit(text, len, limit)
    assert all(len(p) <= limit for p in pieces)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")


@given(st.lists(st.integers(min_value=1, max_value=60), max_size=50), st.integers(1, 200))
def test_batches_cover_every_index_once_within_budget(lengths: list[int], budget: int) -> None:
    batches = plan_batches(lengths, budget)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    for batch in batches:
        assert len(batch) == 1 or max(lengths[i] for i in batch) * len(batch) <= budget


def test_piece_spans_skip_spaces_and_map_nfkc() -> None:
    text = "Hi  ﬁne"
    assert piece_spans(text, ["▁Hi", "▁fi", "ne"]) == [(0, 2), (4, 5), (5, 7)]
