"""The divergence benchmark's generator and measures."""

from __future__ import annotations

import random

import pytest

from bench.divergence import (
    GENERATORS,
    Injection,
    Item,
    average_precision,
    inject,
    oracle_threshold,
    prf,
    span_f1,
)

SENTENCES = [
    "In 1884, Tesla moved to the United States to accept a job with the Edison Company.",
    "The hospital has followed protocol for infection control, including separating the "
    "patient from others to prevent possible infection of others.",
    "Many of the animals in the park are not used to seeing humans, and some may attack.",
    "He said the two countries will apparently sign the agreement in Moscow next week.",
]


@pytest.mark.parametrize("kind", sorted(GENERATORS))
def test_injections_change_the_text_and_point_into_it(kind: str) -> None:
    made = 0
    for seed in range(20):
        for text in SENTENCES:
            injection = GENERATORS[kind](text, random.Random(seed), SENTENCES)
            if injection is None:
                continue
            made += 1
            assert injection.type == kind and injection.text != text
            for start, end in injection.spans:
                if kind == "omission":
                    assert 0 <= start == end <= len(injection.text), "where the clause was"
                    continue
                assert 0 <= start < end <= len(injection.text)
                assert injection.text[start:end].strip()
    assert made


def test_inject_balances_types_and_keeps_the_rest() -> None:
    rows = [("", "", text) for text in SENTENCES * 25]
    items = inject(rows, rate=0.25, seed=1)
    injected = [i for i in items if i.injection]
    assert 0.1 < len(injected) / len(items) < 0.4
    assert all(i.tgt == row[2] for i, row in zip(items, rows, strict=True) if not i.injection)


def test_measures() -> None:
    assert average_precision([0.9, 0.8, 0.1], [True, False, True]) == pytest.approx((1 + 2 / 3) / 2)
    assert prf([True, True, False], [True, False, True]) == (0.5, 0.5, 0.5)
    item = Item("", "", "abcdef", Injection("number", "abcdef", ((0, 3),), ""))
    assert span_f1([[(0, 3)]], [item]) == 1.0
    assert span_f1([[(3, 6)]], [item]) == 0.0


def test_oracle_threshold_separates_when_it_can() -> None:
    assert oracle_threshold([10.0, 20.0, 80.0, 90.0], [True, True, False, False]) == 80.0
