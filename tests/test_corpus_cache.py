"""The results cache and the runner: exact round trips, lazy model loading, one MT pass."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from translate_check import fingerprint
from translate_check.corpus import runner
from translate_check.corpus.cache import ResultsCache
from translate_check.corpus.discover import Patterns, discover
from translate_check.corpus.runner import LocalExecutor, mt_identity, run_corpus
from translate_check.detect import DetectSettings
from translate_check.detect.calibration import CalibrationParameters
from translate_check.detect.gaps import GapRule
from translate_check.detect.negation import NegationParameters
from translate_check.model import MTInfo
from translate_check.mt.base import Progress
from translate_check.mt.file import FileTranslator
from translate_check.pipeline import VerifyOptions
from translate_check.results import DocumentResult

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
    executor = LocalExecutor(translator.open)
    return run_corpus(items, executor, ["counting"], VerifyOptions(), Quiet(), cache)


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


def test_the_checking_code_and_settings_are_in_the_key(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Results made by other checking code, data or settings are never served."""
    translator = Counting(corpus / "mt.tsv")
    cache = ResultsCache(tmp_path / "results")
    run(corpus, translator, cache)
    assert all(doc.cached for doc in run(corpus, translator, cache)), "an unchanged rerun hits"
    monkeypatch.setattr(runner, "code_fingerprint", lambda: "edited")
    assert not any(doc.cached for doc in run(corpus, translator, cache))
    monkeypatch.undo()
    items = discover(corpus, Patterns(exclude=("mt.tsv", "README.md")))
    executor = LocalExecutor(translator.open)
    for changed in (
        DetectSettings(min_confidence=0.9),
        DetectSettings(addition=GapRule(net_min=5)),
        DetectSettings(negation=replace(NegationParameters(), context=2)),
        DetectSettings(negation=replace(NegationParameters(), raw_confidence=0.8)),
        DetectSettings(calibration=CalibrationParameters(floor=0.2)),
    ):
        results = run_corpus(items, executor, ["counting"], VerifyOptions(changed), Quiet(), cache)
        assert not any(doc.cached for doc in results), changed


def test_editing_a_file_of_the_checks_changes_the_fingerprint(tmp_path: Path) -> None:
    package = Path(shutil.copytree(fingerprint.PACKAGE, tmp_path / "pkg"))
    before = fingerprint.fingerprint(package)
    assert fingerprint.fingerprint(package) == before
    rule = package / "detect" / "gaps.py"
    rule.write_text(
        rule.read_text(encoding="utf-8").replace("net_min: int = 4", "net_min: int = 5")
    )
    assert fingerprint.fingerprint(package) != before
    words = package / "detect" / "confidence.json"
    edited = fingerprint.fingerprint(package)
    words.write_text(words.read_text(encoding="utf-8") + " ")
    assert fingerprint.fingerprint(package) != edited, "data files count too"
    negations = package / "detect" / "data" / "negation.json"
    listed = fingerprint.fingerprint(package)
    negations.write_text(negations.read_text(encoding="utf-8").replace('"never"', '"nver"'))
    assert fingerprint.fingerprint(package) != listed, "so do the word lists"
    page = package / "report" / "templates" / "report.html.j2"
    restyled = fingerprint.fingerprint(package)
    page.write_text(page.read_text(encoding="utf-8") + " ")
    assert fingerprint.fingerprint(package) == restyled, "renderers never reach a result"


def test_a_moved_corpus_misses_the_cache(corpus: Path, tmp_path: Path) -> None:
    translator = Counting(corpus / "mt.tsv")
    cache = ResultsCache(tmp_path / "results")
    run(corpus, translator, cache)
    moved = corpus.rename(tmp_path / "elsewhere")
    results = run(moved, translator, cache)
    assert not any(doc.cached for doc in results), "reports name their files, so paths are keyed"
    assert all(str(moved) in doc.report.source.path for doc in results)


def test_codec_round_trips_the_model_exactly() -> None:
    """The cache stores the model, not a rendering: unrounded numbers and held-back flags."""
    from translate_check.codec import decode, encode
    from translate_check.model import Flag, Pair, Scores

    held = Flag(
        "omission", "minor", "the English leaves out “x”", ((0, 3),), (), ("mt",), 0.123456789
    )
    pair = Pair(
        1, (0,), (), "א", "", "x", Scores(1.5, 2, 3.25), 0.5, "major", (), held_back=(held,)
    )
    back = decode(Pair, json.loads(json.dumps(encode(pair))))
    assert back == pair
    assert back.held_back[0].confidence == 0.123456789
    assert isinstance(back.scores.bleu, int), "numbers keep their JSON type"


def test_import_arrows_run_one_way() -> None:
    """Renderers never import the corpus runner or the CLI; below them, nothing imports them."""
    import ast

    package = Path(__file__).resolve().parents[1] / "translate_check"
    for path in package.rglob("*.py"):
        part = path.relative_to(package).parts[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        if part == "report":
            banned = ("translate_check.corpus", "translate_check.cli")
        elif part in ("cli", "__main__.py"):
            continue
        else:
            banned = ("translate_check.report", "translate_check.cli")
        wrong = sorted(m for m in imported if m.startswith(banned))
        assert not wrong, f"{path.relative_to(package)} imports {wrong}"
