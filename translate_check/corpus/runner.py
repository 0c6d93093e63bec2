"""Running a corpus: reuse cached results, translate once, check documents in parallel.

The MT model is opened only when some document misses the results cache, so a
rerun on an unchanged corpus loads nothing. All missing documents are translated
in one pass through the shared translator (the neural engines batch across
documents); the CPU-bound alignment and scoring then run in worker processes
that replay those translations and never load a model.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from multiprocessing import get_context
from pathlib import Path
from typing import Protocol

from translate_check import __version__
from translate_check.corpus.baseline import finding_id
from translate_check.corpus.cache import ResultsCache, entry_key
from translate_check.corpus.config import Thresholds
from translate_check.corpus.discover import DocumentPair, Item
from translate_check.corpus.parallel import ParallelFile, read_parallel
from translate_check.detect import DetectSettings
from translate_check.detect.document import DocumentContext, Glossary
from translate_check.detect.verdict import DEFAULTS, assess_document
from translate_check.embed import EncoderSpec
from translate_check.fingerprint import code_fingerprint
from translate_check.hebrew import find_hspell
from translate_check.io import Markup, normalize
from translate_check.model import SEVERITY_RANK, Bead, Document, Flag, MTInfo, Report
from translate_check.mt.base import Progress, Translator
from translate_check.mt.file import FileTranslator
from translate_check.pipeline import (
    VerifyOptions,
    document_from_text,
    paired_beads,
    read_document,
    settings_signature,
    summarize,
    timestamp,
    verify,
)
from translate_check.results import CorpusResult, DocumentResult, Finding
from translate_check.score import Scorer
from translate_check.segment import keep_known_lines


@dataclass(frozen=True)
class ReadOptions:
    """How the text pairs are read (parallel files are one segment per line already)."""

    segmented: bool = False
    """One sentence per line in both files, paired line by line when the counts agree."""
    paired: bool = False
    """Line i of the Hebrew is translated by line i of the English; never re-aligned."""
    markup: Markup = "auto"

    def signature(self) -> str:
        return f"read:segmented={self.segmented}|paired={self.paired}|markup={self.markup}"


class RunProgress(Protocol):
    """What the run reports as it goes (the CLI draws it as progress bars)."""

    def start(self, documents: int, sentences: int) -> None: ...

    def sentences(self, count: int) -> None: ...

    def document(self) -> None: ...


@dataclass(frozen=True)
class Replay:
    """A translator that serves translations made earlier in the run."""

    info: MTInfo
    known: Mapping[str, str]

    def translate(self, sentences: Sequence[str], progress: Progress | None = None) -> list[str]:
        return [self.known[s] for s in sentences]


@dataclass(frozen=True)
class Loaded:
    """A document that missed the cache, read and segmented, ready to check."""

    index: int
    key: str
    name: str
    kind: str
    source: Document
    target: Document
    beads: tuple[Bead, ...] | None = None
    lines: tuple[int, ...] = ()
    columns: tuple[int, ...] = ()

    @property
    def source_texts(self) -> list[str]:
        return [normalize(s.text) for s in self.source.sentences]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def mt_identity(
    model: str | None, engine: str, beam_size: int, mt_files: Sequence[Path]
) -> list[str]:
    """What decides the bridges without opening a model: a changed MT file or model misses.

    A local model folder is identified by its files' names, sizes and times, so
    replacing its weights counts as a new model. Paths are part of it as written
    and resolved, because reports name them: a result cached by another checkout
    (or from another folder) is never served under its paths.
    """
    parts = []
    if model is not None or not mt_files:
        parts.append(f"model={model}|engine={engine}|beam={beam_size}")
        folder = Path(model) if model else None
        if folder is not None and folder.is_dir():
            parts.append(f"folder={folder.resolve()}")
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                stat = path.stat()
                parts.append(f"{path.relative_to(folder)}:{stat.st_size}:{stat.st_mtime_ns}")
    parts += [f"file={_where(path)}|{_sha(path)}" for path in mt_files]
    return parts


def run_key(mt: Sequence[str], options: VerifyOptions, reading: ReadOptions) -> str:
    """The part of every cache key that the documents do not decide: the checking code
    and its data (their fingerprint), every setting, the bridges and how files are read."""
    return entry_key(
        f"translate-check:{__version__}",
        f"code:{code_fingerprint()}",
        *mt,
        reading.signature(),
        settings_signature(options, Scorer()).digest(),
        f"hebrew:{'hspell' if find_hspell() else 'bare'}",
    )


def _where(path: Path) -> str:
    return f"{path}|{path.resolve()}"


def _fingerprint(item: Item) -> list[str]:
    """The document's contents and paths (reports name the files they checked)."""
    if isinstance(item, DocumentPair):
        return [
            "pair",
            _where(item.source),
            _sha(item.source),
            _where(item.target),
            _sha(item.target),
        ]
    return ["parallel", _where(item.path), _sha(item.path)]


def parallel_documents(
    parallel: ParallelFile,
) -> tuple[Document, Document, tuple[Bead, ...], tuple[int, ...], tuple[int, ...]]:
    """Both sides of a parallel file as one-segment-per-line documents and 1-1 beads.

    Sentence ids are segment numbers, so a segment with an empty side gives a bead
    with that side empty; the last two map each segment to its line in the file and
    to the column where its English starts.
    """
    kept = [s for s in parallel.segments if s.source or s.target]
    docs = [
        document_from_text(
            "\n".join(" ".join(text.split()) for text in side),
            lang,
            segmented=True,
            path=str(parallel.path),
            sha256=parallel.sha256,
        )
        for side, lang in (([s.source for s in kept], "he"), ([s.target for s in kept], "en"))
    ]
    positions: list[dict[int, list[int]]] = []
    for doc in docs:
        by_id: dict[int, list[int]] = {}
        for position, sentence in enumerate(doc.sentences):
            by_id.setdefault(sentence.id, []).append(position)
        positions.append(by_id)
    beads = tuple(
        Bead(tuple(positions[0].get(k, ())), tuple(positions[1].get(k, ())))
        for k in range(len(kept))
    )
    return docs[0], docs[1], beads, tuple(s.line for s in kept), tuple(s.column for s in kept)


def _load(
    index: int, key: str, item: Item, reading: ReadOptions, files: Sequence[FileTranslator]
) -> Loaded:
    """Read one document; running Hebrew keeps the lines that the MT files know whole."""
    if isinstance(item, DocumentPair):
        by_line = reading.segmented or reading.paired
        source = read_document(item.source, "he", segmented=by_line, markup=reading.markup)
        target = read_document(item.target, "en", segmented=by_line, markup=reading.markup)
        if files and not by_line:

            def known(text: str) -> bool:
                return all(f.has_entry(text) for f in files)

            kept = keep_known_lines(source.text, "he", source.sentences, known)
            source = replace(source, sentences=tuple(kept))
        fixed = paired_beads(source, target) if reading.paired else None
        return Loaded(
            index, key, item.name, "pair", source, target, None if fixed is None else tuple(fixed)
        )
    parallel = read_parallel(item.path)
    source, target, beads, lines, columns = parallel_documents(parallel)
    return Loaded(index, key, item.name, parallel.format, source, target, beads, lines, columns)


def translate(
    translators: Sequence[Translator], loaded: Sequence[Loaded], progress: RunProgress
) -> list[Replay]:
    """Each bridge's translation of every missing document's Hebrew.

    A neural translator gets all sentences in one call, so it batches across
    documents; an MT file is asked per document because its lookups join
    neighbouring sentences.
    """
    replays = []
    for k, translator in enumerate(translators):
        count = progress.sentences if k == 0 else None
        if translator.info.engine == "file":
            groups = [doc.source_texts for doc in loaded]
        else:
            groups = [list(dict.fromkeys(t for doc in loaded for t in doc.source_texts))]
        known: dict[str, str] = {}
        for group in groups:
            known.update(zip(group, translator.translate(group, count), strict=True))
        replays.append(Replay(translator.info, known))
    return replays


def check(
    doc: Loaded,
    bridges: Sequence[Replay],
    options: VerifyOptions,
    encoder: EncoderSpec | None = None,
) -> Report:
    """One document's report from the translations made for it (no MT model needed); a
    document that must be aligned is aligned with ``encoder`` too."""
    # The command opened it once already: where it could not, no spec came this far.
    view = encoder.open() if encoder is not None and doc.beads is None else None
    return verify(doc.source, doc.target, bridges, options, beads=doc.beads, encoder=view)


def own(doc: Loaded, bridges: Sequence[Replay]) -> list[Replay]:
    """The translations one document needs, so a worker receives only those."""
    needed = doc.source_texts
    return [Replay(b.info, {s: b.known[s] for s in needed}) for b in bridges]


class Executor(Protocol):
    """Where the documents that missed the cache are translated and checked."""

    def open_files(self) -> Sequence[FileTranslator]:
        """The MT files, opened here: reading running text consults them."""
        ...

    def check(
        self, docs: Sequence[Loaded], options: VerifyOptions, progress: RunProgress
    ) -> Iterator[tuple[Loaded, Report]]:
        """Each document with its report, in any order, as soon as it is done."""
        ...


class LocalExecutor:
    """This machine: one MT pass through the shared translators, checks in ``jobs`` processes."""

    def __init__(
        self,
        open_translators: Callable[[], Sequence[Translator]],
        jobs: int = 1,
        encoder: EncoderSpec | None = None,
    ):
        self._open = open_translators
        self.jobs = jobs
        self.encoder = encoder
        self.translators: list[Translator] = []

    def open_files(self) -> list[FileTranslator]:
        self.translators = list(self._open())
        return [t for t in self.translators if isinstance(t, FileTranslator)]

    def check(
        self, docs: Sequence[Loaded], options: VerifyOptions, progress: RunProgress
    ) -> Iterator[tuple[Loaded, Report]]:
        bridges = translate(self.translators, docs, progress)
        reports = _check_all(docs, bridges, options, self.jobs, self.encoder)
        yield from zip(docs, reports, strict=True)


def run_corpus(
    items: Sequence[Item],
    executor: Executor,
    mt: Sequence[str],
    options: VerifyOptions,
    progress: RunProgress,
    cache: ResultsCache | None = None,
    reading: ReadOptions = ReadOptions(),
) -> list[DocumentResult]:
    """Reports for all documents, in order; cached ones are reused, the rest computed.

    Each result is stored in the cache as it arrives, so an interrupted run keeps
    what it finished.
    """
    key = run_key(mt, options, reading)
    done: dict[int, DocumentResult] = {}
    pending: list[tuple[int, str, Item]] = []
    for index, item in enumerate(items):
        item_key = entry_key(key, *_fingerprint(item))
        hit = cache.get(item_key, item.name) if cache else None
        if hit is None:
            pending.append((index, item_key, item))
        else:  # the findings are reused; the report is this run's
            done[index] = replace(hit, report=replace(hit.report, created=timestamp()))
    files = executor.open_files() if pending else []
    missing = [_load(index, k, item, reading, files) for index, k, item in pending]
    progress.start(len(items), sum(len(doc.source.sentences) for doc in missing))
    for _ in done:
        progress.document()
    if missing:
        for doc, report in executor.check(missing, options, progress):
            result = DocumentResult(doc.name, doc.kind, report, doc.lines, columns=doc.columns)
            if cache:
                cache.put(doc.key, result)
            done[doc.index] = result
            progress.document()
    return [done[i] for i in range(len(items))]


def _check_all(
    docs: Sequence[Loaded],
    bridges: Sequence[Replay],
    options: VerifyOptions,
    jobs: int,
    encoder: EncoderSpec | None,
) -> list[Report]:
    if jobs <= 1 or len(docs) == 1:
        return [check(doc, bridges, options, encoder) for doc in docs]
    owned = [own(doc, bridges) for doc in docs]
    # spawn, not fork: the parent may hold a torch runtime that must not be forked.
    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
        shared = [options] * len(docs), [encoder] * len(docs)
        return list(pool.map(check, docs, owned, *shared))


def add_flags(
    report: Report,
    extra: Mapping[int, Sequence[Flag]],
    held: Mapping[int, Sequence[Flag]] | None = None,
) -> Report:
    """The report with more flags on some pairs (and more held back under the threshold),
    severities and summary updated."""
    held = held or {}
    if not any(extra.values()) and not any(held.values()):
        return report
    pairs = []
    for pair in report.pairs:
        flags = (*pair.flags, *extra.get(pair.id, ()))
        severity = max((pair.severity, *(f.severity for f in flags)), key=SEVERITY_RANK.__getitem__)
        under = (*pair.held_back, *held.get(pair.id, ()))
        pairs.append(replace(pair, flags=flags, severity=severity, held_back=under))
    return replace(report, pairs=tuple(pairs), summary=summarize(pairs, Scorer()))


def finish(
    results: Sequence[DocumentResult],
    glossary: Glossary,
    limits: Thresholds,
    accepted: frozenset[str],
    settings: DetectSettings = DEFAULTS,
) -> CorpusResult:
    """Apply the document-level checks (through the one verdict step) and the baseline,
    which never enter the cache."""
    finished = []
    for result in results:
        context = DocumentContext(limits, glossary, parallel=result.kind != "pair")
        extra, held = assess_document(result.report.pairs, context, settings)
        report = add_flags(result.report, extra, held)
        findings = []
        for pair in report.pairs:
            for flag in pair.flags:
                fid = finding_id(result.name, pair, flag)
                findings.append(Finding(fid, result.name, pair, flag, fid in accepted))
        finished.append(replace(result, report=report, findings=tuple(findings)))
    return CorpusResult(tuple(finished))
