"""``corpus --executor ray``: the documents that missed the cache, checked on a Ray cluster.

The missing documents become a Ray Dataset. MT runs in a pool of actors
(``map_batches``), each opening the model once and translating a batch of
documents in one call, so the engine batches their sentences by its token
budget; alignment, scoring and detection run as stateless tasks that replay
those translations. Finished reports stream back to the driver, which stores
each in the results cache as it arrives and writes every output as a local
run does. Ray restarts a lost actor and reruns a lost task from its inputs,
and the driver takes each document's report once, so a killed worker costs
time, never a result.

MT files are read on the driver: their lookups are cheap and they decide how
running text is segmented. Ray is imported only here.
"""

from __future__ import annotations

import logging
import math
import pickle
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from translate_check.corpus.runner import Loaded, Replay, RunProgress, check, own, translate
from translate_check.errors import InputError
from translate_check.model import Report
from translate_check.mt.base import Device, Translator
from translate_check.mt.file import FileTranslator
from translate_check.mt.text import MAX_BATCH_TOKENS
from translate_check.pipeline import VerifyOptions

CHARS_PER_TOKEN = 4
"""A Hebrew subword is about this many characters: turns the token budget into documents."""
MT_CPUS = 0.9
"""CPUs an MT actor holds: one core each, less the share kept for the check tasks."""
CHECK_CPUS = 0.1
"""What a check task asks for beside CPU actors; it is short next to MT."""


class RayExecutor:
    """Translates in an actor pool on the cluster at ``address`` (None: a local Ray).

    ``model`` opens the neural bridge and must pickle, since every actor calls it
    (None: MT files only, and no actors). Each actor holds a GPU with ``device``
    cuda, or auto on a cluster that has GPUs; else a CPU core.
    """

    def __init__(
        self,
        model: Callable[[], Translator] | None,
        mt_files: Sequence[Path],
        address: str | None = None,
        device: Device = "auto",
    ) -> None:
        self.model = model
        self.mt_files = tuple(mt_files)
        self.address = address
        self.device = device
        self.files: list[FileTranslator] = []

    def open_files(self) -> list[FileTranslator]:
        self.files = [FileTranslator(path) for path in self.mt_files]
        return self.files

    def check(
        self, docs: Sequence[Loaded], options: VerifyOptions, progress: RunProgress
    ) -> Iterator[tuple[Loaded, Report]]:
        import ray

        started = not ray.is_initialized()
        if started:
            try:
                ray.init(
                    address=self.address,
                    include_dashboard=False,
                    log_to_driver=False,
                    logging_level=logging.ERROR,
                )
            except (ConnectionError, ValueError, RuntimeError) as exc:
                where = self.address or "a local Ray instance"
                raise InputError(f"cannot connect to the Ray cluster at {where}: {exc}") from exc
        try:
            yield from self._run(docs, options, progress)
        finally:
            if started:
                ray.shutdown()

    def _run(
        self, docs: Sequence[Loaded], options: VerifyOptions, progress: RunProgress
    ) -> Iterator[tuple[Loaded, Report]]:
        import ray
        import ray.data

        # The run draws its own progress; Ray Data's bars and notes would garble it.
        logging.getLogger("ray.data").setLevel(logging.ERROR)
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        context.print_on_execution_start = False
        files = translate(self.files, docs, progress=_Silent())
        rows = [{"doc": pickle.dumps(doc), "files": pickle.dumps(own(doc, files))} for doc in docs]
        dataset: ray.data.Dataset = ray.data.from_items(rows, override_num_blocks=len(rows))
        resources = ray.cluster_resources()
        gpu = self.device == "cuda" or (self.device == "auto" and resources.get("GPU", 0) > 0)
        check_cpus = 1.0 if gpu else CHECK_CPUS
        if self.model is not None:
            actors = int(resources.get("GPU" if gpu else "CPU", 0))
            if actors < 1:
                raise InputError(f"the Ray cluster has no {'GPU' if gpu else 'CPU'} for MT")
            dataset = dataset.map_batches(
                _translator_class(self.model),
                batch_size=batch_size(docs, actors),
                # One batch at a time per actor: an actor that loads its model first must
                # not queue every batch while the others are still loading theirs.
                compute=ray.data.ActorPoolStrategy(size=actors, max_tasks_in_flight_per_actor=1),
                num_cpus=None if gpu else MT_CPUS,
                num_gpus=1 if gpu else None,
            )
        dataset = dataset.map(_checker(options), num_cpus=check_cpus)
        by_index = {doc.index: doc for doc in docs}
        for row in dataset.iter_rows():
            doc = by_index.pop(int(row["index"]))  # a rerun task's duplicate would fail here
            progress.sentences(len(doc.source.sentences))
            yield doc, pickle.loads(row["report"])


def batch_size(docs: Sequence[Loaded], actors: int) -> int:
    """Documents per MT batch: at most about the engine's token budget of Hebrew, and
    sized so the batches split evenly among the actors (none is left with a last,
    lone batch while the others wait)."""
    chars = sum(len(doc.source.text) for doc in docs) / max(len(docs), 1)
    by_budget = max(1, int(MAX_BATCH_TOKENS * CHARS_PER_TOKEN // max(chars, 1)))
    batches = actors * math.ceil(len(docs) / (actors * by_budget))
    return max(1, math.ceil(len(docs) / batches))


class _Silent:
    def start(self, documents: int, sentences: int) -> None: ...

    def sentences(self, count: int) -> None: ...

    def document(self) -> None: ...


def _translator_class(model: Callable[[], Translator]) -> type:
    """An actor class that holds one model; the factory travels inside it, not as an argument."""

    class Translate:
        def __init__(self) -> None:
            self.translator = model()

        def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
            docs: list[Loaded] = [pickle.loads(d) for d in batch["doc"]]
            texts = list(dict.fromkeys(t for doc in docs for t in doc.source_texts))
            known = dict(zip(texts, self.translator.translate(texts), strict=True))
            info = self.translator.info
            batch["model"] = [
                pickle.dumps(Replay(info, {s: known[s] for s in doc.source_texts})) for doc in docs
            ]
            return batch

    return Translate


def _checker(options: VerifyOptions) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def check_row(row: dict[str, Any]) -> dict[str, Any]:
        doc: Loaded = pickle.loads(row["doc"])
        bridges: list[Replay] = [pickle.loads(row["model"])] if "model" in row else []
        bridges += pickle.loads(row["files"])
        report = check(doc, bridges, options)
        return {"index": doc.index, "report": pickle.dumps(report)}

    return check_row
