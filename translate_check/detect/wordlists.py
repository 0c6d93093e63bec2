"""The checks' word lists: package data in ``detect/data/*.json``, read once a process.

Lists are data, not code, so editing one is a data change a reviewer sees as such;
being package files they ship in the wheel and count in the code fingerprint
(:mod:`translate_check.fingerprint`), so an edited list never reuses old results.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def data_text(name: str) -> str:
    """The text of ``data/<name>.json``."""
    path = resources.files("translate_check.detect").joinpath(f"data/{name}.json")
    return path.read_text(encoding="utf-8")


@cache
def word_lists(name: str) -> dict[str, Any]:
    """The lists in ``data/<name>.json``, by their key."""
    data: dict[str, Any] = json.loads(data_text(name))
    return data


def words(name: str, key: str) -> frozenset[str]:
    """One list of words (or phrases) as a set."""
    return frozenset(word_lists(name)[key])


def ordered(name: str, key: str) -> tuple[str, ...]:
    """One list of words in its order."""
    return tuple(word_lists(name)[key])


def numbers(name: str, key: str) -> dict[str, float]:
    """Words with a number each."""
    return {word: float(value) for word, value in word_lists(name)[key].items()}


def groups(name: str, key: str) -> dict[str, frozenset[str]]:
    """Keys each with a set of words."""
    return {k: frozenset(v) for k, v in word_lists(name)[key].items()}
