"""``corpus --executor ray``: the documents that missed the cache, checked on a Ray cluster.

Each document's Hebrew is cut into pieces of about one engine batch (a small
document is one piece, a large parallel file many), and the pieces become a Ray
Dataset. MT runs in a pool of actors (``map_batches``), each opening the model
once and translating a batch of pieces in one call, so the engine batches their
sentences by its token budget. As soon as a document's pieces are all
translated, the driver submits its check (alignment, scoring and detection) as
a stateless task that replays those translations; finished reports stream back
to the driver, which stores each in the results cache as it arrives and writes
every output as a local run does. Ray restarts a lost actor and reruns a lost
task from its inputs, and the driver takes each piece and each report once, so
a killed worker costs time, never a result.

MT files are read on the driver: their lookups are cheap and they decide how
running text is segmented. Ray is imported only here.
"""

from __future__ import annotations

import logging
import math
import os
import pickle
import re
import sys
import tempfile
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from translate_check.corpus.runner import Loaded, Replay, RunProgress, check, own, translate
from translate_check.embed import EncoderSpec
from translate_check.errors import InputError
from translate_check.model import Report
from translate_check.mt.base import Device, Translator
from translate_check.mt.file import FileTranslator
from translate_check.mt.text import MAX_BATCH_TOKENS
from translate_check.pipeline import VerifyOptions

CHARS_PER_TOKEN = 4
"""A Hebrew subword is about this many characters: turns the token budget into characters."""
PIECE_CHARS = MAX_BATCH_TOKENS * CHARS_PER_TOKEN
"""Most Hebrew characters of one MT piece: about one engine batch."""
MT_CPUS = 0.9
"""CPUs an MT actor holds: one core each, less the share kept for the check tasks."""
CHECK_CPUS = 0.1
"""What a check task asks for beside CPU actors; it is short next to MT."""


BACKEND_LOG_LEVEL = re.compile(r"\] logging\.cc:\d+: Set ray log level from environment variable")
"""The line Ray's core prints whenever ``RAY_BACKEND_LOG_LEVEL`` is set, whatever its value."""


@contextmanager
def _backend_log_quieted() -> Iterator[None]:
    """Ray's core without its notices on stderr (one per actor pool), and without the line
    it prints on reading the setting that silences them; anything else it writes passes.

    The core writes to file descriptor 2 from C++, out of reach of Python's logging, and
    reads the setting once, when ``ray.init`` starts it, so only that call is filtered.
    """
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as captured:
        os.dup2(captured.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            captured.seek(0)
            lines = captured.read().decode("utf-8", "replace").splitlines(keepends=True)
            sys.stderr.write("".join(x for x in lines if not BACKEND_LOG_LEVEL.search(x)))


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
        encoder: EncoderSpec | None = None,
    ) -> None:
        self.model = model
        self.encoder = encoder
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
                with _backend_log_quieted():
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

        resources = ray.cluster_resources()
        gpu = self.device == "cuda" or (self.device == "auto" and resources.get("GPU", 0) > 0)
        files = translate(self.files, docs, progress=_Silent())
        check_task = ray.remote(num_cpus=1.0 if gpu else CHECK_CPUS)(_check)
        # As many checks at once as the cluster has CPUs: more would start a worker
        # process each, importing the pipeline on cores the MT actors are using.
        in_flight = max(1, int(resources.get("CPU", 1)))
        by_index = {doc.index: doc for doc in docs}
        ready: deque[tuple[Loaded, list[Replay]]] = deque()
        pending: dict[Any, Loaded] = {}

        def submit(doc: Loaded, model: Replay | None) -> None:
            ready.append((doc, ([model] if model else []) + own(doc, files)))

        def finished(wait: bool) -> Iterator[tuple[Loaded, Report]]:
            while ready or pending:
                while ready and len(pending) < in_flight:
                    doc, bridges = ready.popleft()
                    task = check_task.remote(
                        pickle.dumps(doc), pickle.dumps(bridges), options, self.encoder
                    )
                    pending[task] = doc
                done, _ = ray.wait(list(pending), num_returns=1, timeout=None if wait else 0)
                if not done:
                    return
                doc = pending.pop(done[0])
                progress.sentences(len(doc.source.sentences))
                yield doc, pickle.loads(ray.get(done[0]))

        if self.model is None:
            for doc in docs:
                submit(doc, None)
        else:
            actors = int(resources.get("GPU" if gpu else "CPU", 0))
            if actors < 1:
                raise InputError(f"the Ray cluster has no {'GPU' if gpu else 'CPU'} for MT")
            parts = pieces(docs)
            left = Counter(index for index, _ in parts)
            known: dict[int, dict[str, str]] = {doc.index: {} for doc in docs}
            seen: set[tuple[int, int]] = set()
            for row in _translated(self.model, parts, actors, gpu):
                index, part = int(row["doc"]), int(row["part"])
                if (index, part) in seen:  # a retried batch's duplicate
                    continue
                seen.add((index, part))
                info, translations = pickle.loads(row["known"])
                known[index].update(translations)
                left[index] -= 1
                if not left[index]:
                    submit(by_index[index], Replay(info, known.pop(index)))
                yield from finished(wait=False)
        yield from finished(wait=True)


def _translated(
    model: Callable[[], Translator],
    parts: Sequence[tuple[int, list[str]]],
    actors: int,
    gpu: bool,
) -> Iterator[dict[str, Any]]:
    """Each piece's translations as the actor pool makes them."""
    import ray.data

    # The run draws its own progress; Ray Data's bars and notes would garble it.
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    rows = [
        {"doc": index, "part": k, "texts": pickle.dumps(texts)}
        for k, (index, texts) in enumerate(parts)
    ]
    dataset = ray.data.from_items(rows, override_num_blocks=len(rows)).map_batches(
        _translator_class(model),
        batch_size=batch_size([sum(map(len, texts)) for _, texts in parts], actors),
        # One batch at a time per actor: an actor that loads its model first must
        # not queue every batch while the others are still loading theirs.
        compute=ray.data.ActorPoolStrategy(size=actors, max_tasks_in_flight_per_actor=1),
        num_cpus=None if gpu else MT_CPUS,
        num_gpus=1 if gpu else None,
    )
    yield from dataset.iter_rows()


def pieces(docs: Sequence[Loaded]) -> list[tuple[int, list[str]]]:
    """Each document's distinct Hebrew sentences in pieces of at most :data:`PIECE_CHARS`
    (every document at least one): small documents stay whole, and a large parallel file
    spreads over the actors."""
    out: list[tuple[int, list[str]]] = []
    for doc in docs:
        piece: list[str] = []
        size = 0
        for text in dict.fromkeys(doc.source_texts):
            if piece and size + len(text) > PIECE_CHARS:
                out.append((doc.index, piece))
                piece, size = [], 0
            piece.append(text)
            size += len(text)
        out.append((doc.index, piece))
    return out


def batch_size(sizes: Sequence[int], actors: int) -> int:
    """Pieces (of ``sizes`` characters) per MT batch: at most about the engine's token
    budget of Hebrew, and sized so the batches split evenly among the actors (none is
    left with a last, lone batch while the others wait)."""
    chars = sum(sizes) / max(len(sizes), 1)
    by_budget = max(1, int(PIECE_CHARS // max(chars, 1)))
    batches = actors * math.ceil(len(sizes) / (actors * by_budget))
    return max(1, math.ceil(len(sizes) / batches))


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
            groups: list[list[str]] = [pickle.loads(t) for t in batch["texts"]]
            texts = list(dict.fromkeys(t for group in groups for t in group))
            known = dict(zip(texts, self.translator.translate(texts), strict=True))
            info = self.translator.info
            batch["known"] = [pickle.dumps((info, {t: known[t] for t in g})) for g in groups]
            del batch["texts"]
            return batch

    return Translate


def _check(
    doc: bytes, bridges: bytes, options: VerifyOptions, encoder: EncoderSpec | None
) -> bytes:
    """One document checked on the cluster: alignment, scoring and detection, no MT model."""
    return pickle.dumps(check(pickle.loads(doc), pickle.loads(bridges), options, encoder))
