"""``corpus --executor ray`` on a real local Ray cluster of two worker CPUs.

The cluster is started by the tests (``ray.init`` with a local cluster; the CLI
joins it) and stopped at the end. Findings must equal a local run's, byte for
byte in JSON but for the creation times, and a worker killed mid-run must cost nothing.
A second cluster, started as users start one (``ray start --head``), is joined
by the command line in a process of its own through ``--ray-address`` and
``RAY_ADDRESS``.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path
from types import SimpleNamespace

import pytest

pytest.importorskip("ray")
pytest.importorskip("transformers")

from bench.corpus_ray import ray_cluster, ray_env, without_times
from translate_check.cli import main
from translate_check.corpus.cache import ResultsCache
from translate_check.corpus.discover import Patterns, discover
from translate_check.corpus.ray_executor import PIECE_CHARS, RayExecutor, batch_size, pieces
from translate_check.corpus.runner import LocalExecutor, run_corpus
from translate_check.errors import InputError
from translate_check.model import MTInfo
from translate_check.mt import load_translator
from translate_check.mt.base import Progress, Translator
from translate_check.pipeline import VerifyOptions
from translate_check.results import DocumentResult

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
OUTPUTS = ("translate-check.json", "translate-check.junit.xml", "translate-check.sarif")


@pytest.fixture(scope="module")
def cluster() -> Iterator[None]:
    """A local Ray cluster of two worker CPUs, started here and shut down at the end."""
    import ray

    ray.init(
        num_cpus=2, include_dashboard=False, log_to_driver=False, object_store_memory=3 * 10**8
    )
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def head_node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A cluster of two CPUs from ``ray start --head``; its address. Only the processes of
    this cluster are stopped at the end (not ``ray stop``, which would end every Ray
    instance on the machine, the ``cluster`` fixture's too)."""
    with ray_cluster(2, tmp_path_factory.mktemp("ray-head") / "ray.log") as address:
        yield address


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The example corpus, checked by the tiny model alone (no MT file)."""
    folder = Path(shutil.copytree(CORPUS, tmp_path / "corpus"))
    (folder / "translate-check.toml").write_text(
        'exclude = ["mt.tsv", "README.md"]\n', encoding="utf-8"
    )
    return folder


def run_cli(corpus: Path, model: Path, cache: Path, out: Path, *extra: str) -> int:
    args = ["corpus", str(corpus), "--model", str(model), "--engine", "hf", "--device", "cpu"]
    args += ["--cache-dir", str(cache), "--exit-zero", "-q", "-o", str(out)]
    args += ["-f", "json", "-f", "junit", "-f", "sarif", "--html-dir", str(out / "html")]
    with pytest.raises(SystemExit) as exited:
        main([*args, *extra])
    return int(exited.value.code or 0)


def test_a_ray_run_writes_what_a_local_run_writes(
    cluster: None, corpus: Path, tiny_marian: Path, tmp_path: Path
) -> None:
    local, ray_out = tmp_path / "local", tmp_path / "ray"
    assert run_cli(corpus, tiny_marian, tmp_path / "cache-local", local) == 0
    cache = tmp_path / "cache-ray"
    assert run_cli(corpus, tiny_marian, cache, ray_out, "--executor", "ray") == 0
    assert without_times(ray_out / OUTPUTS[0]) == without_times(local / OUTPUTS[0])
    for name in OUTPUTS[1:]:
        got = (ray_out / name).read_text(encoding="utf-8").replace(str(ray_out), "OUT")
        assert got == (local / name).read_text(encoding="utf-8").replace(str(local), "OUT"), name
    pages = sorted(p.relative_to(local / "html") for p in (local / "html").rglob("*.html"))
    assert pages == sorted(
        p.relative_to(ray_out / "html") for p in (ray_out / "html").rglob("*.html")
    )

    # A rerun of the unchanged corpus comes from the results cache: nothing is translated.
    rerun = tmp_path / "rerun"
    assert run_cli(corpus, tiny_marian, cache, rerun, "--executor", "ray") == 0
    data = json.loads((rerun / OUTPUTS[0]).read_text(encoding="utf-8"))
    assert data["summary"]["cached"] == data["summary"]["documents"] == 6
    assert without_times(rerun / OUTPUTS[0]) == without_times(local / OUTPUTS[0])


class DiesOnce:
    """The tiny model, but the first process to translate with it dies mid-batch."""

    def __init__(self, model: Path, marker: Path) -> None:
        self.inner = load_translator("hf", model=str(model), device="cpu", beam_size=1)
        self.marker = marker

    @property
    def info(self) -> MTInfo:
        return self.inner.info

    def translate(self, sentences: Sequence[str], progress: Progress | None = None) -> list[str]:
        if not self.marker.exists():
            self.marker.write_text(str(os.getpid()), encoding="utf-8")
            os._exit(1)  # the worker process is gone, as when a node is lost
        return self.inner.translate(sentences, progress)


def dies_once(model: Path, marker: Path) -> Translator:
    return DiesOnce(model, marker)


class CountingCache(ResultsCache):
    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.written: list[str] = []

    def put(self, key: str, result: DocumentResult) -> None:
        self.written.append(key)
        super().put(key, result)


class Quiet:
    def start(self, documents: int, sentences: int) -> None:
        self.counted = [documents, sentences, 0, 0]

    def sentences(self, count: int) -> None:
        self.counted[2] += count

    def document(self) -> None:
        self.counted[3] += 1


def test_a_killed_worker_is_retried_and_nothing_is_lost_or_written_twice(
    cluster: None, corpus: Path, tiny_marian: Path, tmp_path: Path
) -> None:
    import ray.cloudpickle

    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])  # tests are no package
    items = discover(corpus, Patterns(exclude=("mt.tsv", "README.md")))
    model = partial(load_translator, "hf", model=str(tiny_marian), device="cpu", beam_size=1)
    expected = run_corpus(items, LocalExecutor(lambda: [model()]), ["m"], VerifyOptions(), Quiet())

    marker = tmp_path / "died"
    cache = CountingCache(tmp_path / "results")
    progress = Quiet()
    executor = RayExecutor(partial(dies_once, tiny_marian, marker), ())
    got = run_corpus(items, executor, ["m"], VerifyOptions(), progress, cache)
    assert marker.exists(), "a worker died"
    assert sorted(cache.written) == sorted(set(cache.written)) and len(cache.written) == len(items)
    assert progress.counted[0] == progress.counted[3] == len(items)
    assert progress.counted[1] == progress.counted[2]
    for a, b in zip(expected, got, strict=True):
        assert a.name == b.name
        assert a.report.pairs == b.report.pairs
        assert a.report.summary == b.report.summary


def test_the_command_line_joins_a_cluster_started_with_ray_start(
    head_node: str, corpus: Path, tiny_marian: Path, tmp_path: Path
) -> None:
    local, ray_out = tmp_path / "local", tmp_path / "ray"
    assert run_cli(corpus, tiny_marian, tmp_path / "cache-local", local) == 0
    # A process of its own, as users run it: a driver already in Ray (the ``cluster``
    # fixture's) would keep that connection instead of joining the given address.
    command = [sys.executable, "-m", "translate_check", "corpus", str(corpus), "--model"]
    command += [str(tiny_marian), "--engine", "hf", "--device", "cpu", "--exit-zero", "-q"]
    command += ["--cache-dir", str(tmp_path / "cache-ray"), "-f", "json", "-o", str(ray_out)]
    command += ["--executor", "ray", "--ray-address", head_node]
    env = {k: v for k, v in ray_env().items() if k != "RAY_ADDRESS"}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", "-q: not even a Ray log line"
    assert without_times(ray_out / OUTPUTS[0]) == without_times(local / OUTPUTS[0])


@pytest.mark.parametrize(
    ("option", "environment", "expected"),
    [
        (None, "env-head:6379", "env-head:6379"),
        ("ray://option-head:10001", "env-head:6379", "ray://option-head:10001"),
        (None, None, None),
    ],
)
def test_the_cluster_address_is_the_option_else_ray_address(
    option: str | None,
    environment: str | None,
    expected: str | None,
    corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    corpus_cli = importlib.import_module("translate_check.cli.corpus")
    asked: list[str | None] = []

    def executor(
        model: object, mt_files: object, address: str | None, device: object, encoder: object
    ) -> None:
        asked.append(address)
        raise InputError("no cluster in this test")

    monkeypatch.setattr(corpus_cli, "_ray_executor", executor)
    if environment is None:
        monkeypatch.delenv("RAY_ADDRESS", raising=False)
    else:
        monkeypatch.setenv("RAY_ADDRESS", environment)
    args = ["corpus", str(corpus), "--mt-file", str(CORPUS / "mt.tsv"), "--executor", "ray"]
    args += ["--cache-dir", str(tmp_path / "cache"), "-q"]
    args += [] if option is None else ["--ray-address", option]
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == 2
    assert asked == [expected]


@pytest.mark.parametrize(
    ("docs", "actors", "expected"),
    [(12, 1, 12), (12, 2, 6), (48, 1, 16), (48, 2, 12), (3, 4, 1), (40, 2, 10)],
)
def test_batches_fit_the_token_budget_and_split_evenly_among_actors(
    docs: int, actors: int, expected: int
) -> None:
    """Pieces of 450 characters: the budget holds 18 a batch; 48 of them on two actors
    make four batches of 12, not 18, 18 and a lone 12 that one actor runs while the other
    waits."""
    assert batch_size([450] * docs, actors) == expected


def test_a_large_document_is_cut_into_pieces_and_a_small_one_stays_whole() -> None:
    big = [f"משפט מספר {k} " + "א" * 90 for k in range(200)]
    docs = [
        SimpleNamespace(index=0, source_texts=big + big[:5]),
        SimpleNamespace(index=1, source_texts=["שלום"]),
    ]
    parts = pieces(docs)  # type: ignore[arg-type]
    first = [texts for index, texts in parts if index == 0]
    assert len(first) > 1 and [t for texts in first for t in texts] == big
    assert all(sum(map(len, texts)) <= PIECE_CHARS for texts in first)
    assert [texts for index, texts in parts if index == 1] == [["שלום"]]


def test_pieces_of_one_document_on_several_actors_give_a_local_runs_findings(
    cluster: None, corpus: Path, tiny_marian: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pieces of about one sentence: every document is spread over both actors."""
    import translate_check.corpus.ray_executor as ray_executor

    items = discover(corpus, Patterns(exclude=("mt.tsv", "README.md")))
    model = partial(load_translator, "hf", model=str(tiny_marian), device="cpu", beam_size=1)
    expected = run_corpus(items, LocalExecutor(lambda: [model()]), ["m"], VerifyOptions(), Quiet())
    monkeypatch.setattr(ray_executor, "PIECE_CHARS", 60)
    got = run_corpus(items, RayExecutor(model, ()), ["m"], VerifyOptions(), Quiet())
    for a, b in zip(expected, got, strict=True):
        assert a.name == b.name and a.report.pairs == b.report.pairs
