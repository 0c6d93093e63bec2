"""The persistent translation cache, in front of a counting fake translator."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

import pytest

from translate_check.model import MTInfo
from translate_check.mt.base import Progress, Translator
from translate_check.mt.cache import DB_NAME, CachedTranslator


class Counting:
    """Upper-cases its input and remembers every sentence it was asked to translate."""

    def __init__(self, revision: str = "r1", fail_after: int | None = None) -> None:
        self.seen: list[str] = []
        self.calls = 0
        self.revision = revision
        self.fail_after = fail_after

    @property
    def info(self) -> MTInfo:
        return MTInfo(engine="fake", model="upper", revision=self.revision)

    def translate(self, sentences: Sequence[str], progress: Progress | None = None) -> list[str]:
        if self.fail_after is not None and self.calls >= self.fail_after:
            raise KeyboardInterrupt
        self.calls += 1
        self.seen += sentences
        if progress:
            progress(len(sentences))
        return [s.upper() for s in sentences]


SENTENCES = [f"sentence {i}" for i in range(10)]


def test_second_run_translates_nothing(tmp_path: Path) -> None:
    inner = Counting()
    cached = CachedTranslator(inner, tmp_path)
    assert isinstance(cached, Translator)
    assert cached.info == inner.info
    assert cached.translate(SENTENCES) == [s.upper() for s in SENTENCES]
    cached.close()

    again = Counting()
    reopened = CachedTranslator(again, tmp_path)
    assert reopened.translate(list(reversed(SENTENCES))) == [s.upper() for s in SENTENCES[::-1]]
    assert again.seen == []
    assert reopened.warnings == []


def test_duplicates_are_translated_once_and_progress_counts_all(tmp_path: Path) -> None:
    inner = Counting()
    cached = CachedTranslator(inner, tmp_path)
    cached.translate(["a", "b"])
    done: list[int] = []
    inputs = ["a", "c", "c", "b", "d", "c"]
    assert cached.translate(inputs, progress=done.append) == [s.upper() for s in inputs]
    assert sorted(inner.seen) == ["a", "b", "c", "d"]
    assert sum(done) == len(inputs)


def test_other_translator_identity_misses(tmp_path: Path) -> None:
    CachedTranslator(Counting("r1"), tmp_path).translate(SENTENCES)
    other = Counting("r2")
    CachedTranslator(other, tmp_path).translate(SENTENCES)
    assert sorted(other.seen) == sorted(SENTENCES)


def test_interrupted_run_resumes_from_cache(tmp_path: Path) -> None:
    failing = Counting(fail_after=2)
    with pytest.raises(KeyboardInterrupt):
        CachedTranslator(failing, tmp_path, commit_every=3).translate(SENTENCES)
    assert len(failing.seen) == 6

    rest = Counting()
    out = CachedTranslator(rest, tmp_path, commit_every=3).translate(SENTENCES)
    assert out == [s.upper() for s in SENTENCES]
    assert sorted(rest.seen) == sorted(set(SENTENCES) - set(failing.seen))


def test_corrupt_database_is_moved_aside_and_rebuilt(tmp_path: Path) -> None:
    (tmp_path / DB_NAME).write_bytes(b"this is not a database" * 100)
    inner = Counting()
    cached = CachedTranslator(inner, tmp_path)
    assert len(cached.warnings) == 1 and "corrupt" in cached.warnings[0]
    aside = list(tmp_path.glob(f"{DB_NAME}.corrupt-*"))
    assert len(aside) == 1
    assert aside[0].read_bytes().startswith(b"this is not a database")
    assert cached.translate(SENTENCES) == [s.upper() for s in SENTENCES]
    with sqlite3.connect(tmp_path / DB_NAME) as conn:
        assert conn.execute("SELECT COUNT(*) FROM translations").fetchone() == (len(SENTENCES),)


@pytest.mark.slow
def test_wraps_a_real_model(tiny_marian: Path, mt_train_lines: dict, tmp_path: Path) -> None:
    from translate_check.mt.hf import HFTranslator

    he = mt_train_lines["he"][:4]
    hf = HFTranslator(str(tiny_marian), device="cpu", beam_size=1)
    first = CachedTranslator(hf, tmp_path).translate(he)
    assert CachedTranslator(Counting(), tmp_path).translate(he) != first  # other identity
    assert CachedTranslator(hf, tmp_path).translate(he) == first
