"""The results cache and the runner: exact round trips, lazy model loading, one MT pass."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from translate_check.corpus import runner
from translate_check.corpus.cache import ResultsCache
from translate_check.corpus.discover import Patterns, discover
from translate_check.corpus.result import DocumentResult
from translate_check.corpus.runner import mt_identity, run_corpus
from translate_check.model import MTInfo
from translate_check.mt.base import Progress
from translate_check.mt.file import FileTranslator
from translate_check.pipeline import VerifyOptions

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


class Counting:
    """Counts how often it is opened and how many sentences it is asked for."""

    def __init__(self, path: Path) -> None:
        self.inner = FileTranslator(path)
        self.opened = 0
        self.calls: list[int] = []

    @property
    def info(self) -> MTInfo:
        return MTInfo(engine="counting", model="test")

    def translate(self, sentences: Sequence[str], progress: Progress | None = None) -> list[str]:
        self.calls.append(len(sentences))
        return self.inner.translate(sentences, progress)

    def open(self) -> list[Counting]:
        self.opened += 1
        return [self]


class Quiet:
    def start(self, documents: int, sentences: int) -> None:
        self.total = (documents, sentences)

    def sentences(self, count: int) -> None: ...

    def document(self) -> None: ...


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return Path(shutil.copytree(CORPUS, tmp_path / "corpus"))


def run(corpus: Path, translator: Counting, cache: ResultsCache | None) -> list[DocumentResult]:
    items = discover(corpus, Patterns(exclude=("mt.tsv", "README.md")))
    return run_corpus(items, translator.open, ["counting"], VerifyOptions(), Quiet(), cache)


def test_cached_reports_round_trip_exactly(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    translator = Counting(corpus / "mt.tsv")
    cache = ResultsCache(tmp_path / "results")
    first = run(corpus, translator, cache)
    monkeypatch.setattr(runner, "timestamp", lambda: "2099-01-01T00:00:00+00:00")
    second = run(corpus, translator, cache)
    assert translator.opened == 1, "an unchanged corpus must not open the model"
    assert all(doc.cached for doc in second)
    for a, b in zip(first, second, strict=True):
        assert (a.name, a.kind, a.lines) == (b.name, b.kind, b.lines)
        assert replace(a.report, created="") == replace(b.report, created="")
        assert b.report.created == "2099-01-01T00:00:00+00:00", (
            "a cached report has this run's time"
        )


def test_neural_bridges_get_one_call_and_edits_recompute_one_document(
    corpus: Path, tmp_path: Path
) -> None:
    translator = Counting(corpus / "mt.tsv")
    cache = ResultsCache(tmp_path / "results")
    run(corpus, translator, cache)
    assert len(translator.calls) == 1
    edited = corpus / "news" / "amazon-ring.en.txt"
    edited.write_text(edited.read_text(encoding="utf-8").replace("WiFi", "Wi-Fi"))
    results = run(corpus, translator, cache)
    assert [doc.name for doc in results if not doc.cached] == ["news/amazon-ring"]
    assert translator.opened == 2


def test_unreadable_entries_are_misses(corpus: Path, tmp_path: Path) -> None:
    translator = Counting(corpus / "mt.tsv")
    cache = ResultsCache(tmp_path / "results")
    run(corpus, translator, cache)
    for entry in (tmp_path / "results").iterdir():
        entry.write_text("{not json")
    assert not any(doc.cached for doc in run(corpus, translator, cache))


def test_mt_identity_follows_file_contents(tmp_path: Path) -> None:
    mt = tmp_path / "mt.tsv"
    mt.write_text("א\tA\n")
    before = mt_identity(None, "auto", 4, [mt])
    mt.write_text("א\tB\n")
    assert mt_identity(None, "auto", 4, [mt]) != before
    model = tmp_path / "model"
    model.mkdir()
    (model / "weights.bin").write_bytes(b"1")
    assert any("weights.bin" in part for part in mt_identity(str(model), "hf", 4, []))


def test_a_moved_corpus_misses_the_cache(corpus: Path, tmp_path: Path) -> None:
    translator = Counting(corpus / "mt.tsv")
    cache = ResultsCache(tmp_path / "results")
    run(corpus, translator, cache)
    moved = corpus.rename(tmp_path / "elsewhere")
    results = run(moved, translator, cache)
    assert not any(doc.cached for doc in results), "reports name their files, so paths are keyed"
    assert all(str(moved) in doc.report.source.path for doc in results)
