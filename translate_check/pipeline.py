"""The verify pipeline: documents in, a :class:`Report` out.

Each stage lives in its own module; this one only wires them together and
keeps the run's signature so a report says how to reproduce it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from translate_check import __version__
from translate_check.align import AlignOptions, align
from translate_check.detect import DetectSettings, PairInput, assess
from translate_check.detect.base import TokenLogprobs
from translate_check.errors import ModelError
from translate_check.io import normalize, read_input
from translate_check.model import (
    SEVERITY_RANK,
    Bead,
    Bridge,
    Document,
    MTInfo,
    Pair,
    Report,
    Summary,
)
from translate_check.mt import forced_decoder
from translate_check.mt.base import ForcedDecoder, Progress, Translator
from translate_check.score import Scorer
from translate_check.segment import split_lines, split_sentences


@dataclass(frozen=True)
class VerifyOptions:
    """Settings that change results; all of them go into the report's signature."""

    detect: DetectSettings = field(default_factory=DetectSettings)
    align: AlignOptions = field(default_factory=AlignOptions)
    logprobs: bool = False
    """Score each pair's English with the first model bridge (forced decoding), for the
    ``improbable`` detector: one more forward pass per pair, and a model engine needed."""


def document_from_text(
    text: str, lang: str, *, segmented: bool = False, path: str | None = None, sha256: str = ""
) -> Document:
    """Segment already-decoded text into a :class:`Document`."""
    sentences = split_lines(text) if segmented else split_sentences(text, lang)
    return Document(text, lang, tuple(sentences), path=path, sha256=sha256)


def read_document(
    path: Path, lang: str, *, segmented: bool = False, what: str = "", strip_markup: bool = False
) -> Document:
    """Read, decode and segment one input file; decoding warnings travel on the document."""
    what = what or ("source" if lang == "he" else "translation")
    decoded = read_input(path, what, strip_markup=strip_markup)
    doc = document_from_text(
        decoded.text, lang, segmented=segmented, path=str(path), sha256=decoded.sha256
    )
    return replace(doc, encoding=decoded.encoding, warnings=decoded.warnings)


def bridge_name(info: MTInfo) -> str:
    """Short, readable name of a bridge for flags and reports."""
    if info.engine == "file" and info.model:
        return f"file:{Path(info.model).name}"
    return f"{info.engine}:{info.model}" if info.model else info.engine


def signature(
    mt: Sequence[MTInfo], options: VerifyOptions, scorer: Scorer, scored_by: MTInfo | None = None
) -> str:
    """Everything needed to reproduce a report's numbers, sacrebleu style.

    ``scored_by`` is the bridge whose model gave the log-probabilities, if any.
    """
    parts = [f"translate-check:{__version__}"]
    for info in mt:
        opts = ",".join(f"{k}={v}" for k, v in info.options)
        parts.append(f"mt:{info.engine}/{info.model}@{info.revision or '-'}/{opts or '-'}")
    parts += [options.align.signature(), options.detect.signature(), scorer.signature()]
    if options.logprobs:
        parts.append(f"logprobs:{scored_by.engine}/{scored_by.model}" if scored_by else "logprobs")
    return "|".join(parts)


def scoring_model(translators: Sequence[Translator]) -> tuple[MTInfo, ForcedDecoder]:
    """The first bridge backed by a model that can score translations, and that model.

    Precomputed translations (``--mt-file``) carry no model, so a run made only
    of them cannot have log-probabilities: that is an error, not a silent no-op.
    """
    for translator in translators:
        decoder = forced_decoder(translator)
        if decoder is not None:
            return translator.info, decoder
    raise ModelError(
        "--logprobs needs an MT model to score the English (--engine hf or ct2); "
        "precomputed translations (--mt-file) cannot be scored, so add --model or drop --logprobs"
    )


def token_logprobs(decoder: ForcedDecoder, texts: Sequence[tuple[str, str]]) -> list[TokenLogprobs]:
    """Each (Hebrew, English) pair's English tokens with their log-probabilities.

    All pairs go to the model in one call, so it batches across the document.
    Pairs with an empty side get none; tokens past the model's limit (NaN) are
    left out, since nothing was measured for them.
    """
    scored = [k for k, (src, tgt) in enumerate(texts) if src.strip() and tgt.strip()]
    sources = [texts[k][0] for k in scored]
    targets = [texts[k][1] for k in scored]
    values = decoder.score(sources, targets) if scored else []
    spans = decoder.token_spans(targets) if scored else []
    result: list[TokenLogprobs] = [() for _ in texts]
    for k, row_spans, row_values in zip(scored, spans, values, strict=True):
        result[k] = tuple(
            (span, value)
            for span, value in zip(row_spans, row_values, strict=True)
            if not math.isnan(value)
        )
    return result


def _join(texts: Sequence[str], ids: Sequence[int]) -> str:
    return " ".join(texts[i] for i in ids if texts[i])


def build_pairs(
    beads: Sequence[Bead],
    source: Document,
    target: Document,
    src_texts: Sequence[str],
    tgt_texts: Sequence[str],
    bridges: Sequence[tuple[str, Sequence[str]]],
    scorer: Scorer,
    options: VerifyOptions,
    decoder: ForcedDecoder | None = None,
) -> list[Pair]:
    """Turn beads (positions into the sentence lists) into scored, assessed pairs.

    With ``decoder`` every pair's English is scored against its Hebrew first, in
    one batch, and the detectors see the log-probabilities.
    """
    texts = [(_join(src_texts, b.src), _join(tgt_texts, b.tgt)) for b in beads]
    logprobs = token_logprobs(decoder, texts) if decoder else [() for _ in beads]
    pairs = []
    for number, (bead, (src_text, tgt_text)) in enumerate(zip(beads, texts, strict=True)):
        pair_bridges = tuple(Bridge(name, _join(out, bead.src)) for name, out in bridges)
        mt_text = pair_bridges[0].text
        scores = scorer.sentence(tgt_text, mt_text)
        given = PairInput(src_text, tgt_text, pair_bridges, scores, logprobs[number])
        verdict = assess(given, options.detect)
        anchor = source.sentences[bead.src[0]] if bead.src else target.sentences[bead.tgt[0]]
        pairs.append(
            Pair(
                id=number,
                src=tuple(source.sentences[i].id for i in bead.src),
                tgt=tuple(target.sentences[i].id for i in bead.tgt),
                src_text=src_text,
                tgt_text=tgt_text,
                mt_text=mt_text,
                scores=scores,
                divergence=round(verdict.divergence, 4),
                severity=verdict.severity,
                flags=verdict.flags,
                paragraph=anchor.paragraph,
                bridges=pair_bridges,
            )
        )
    return pairs


def summarize(pairs: Sequence[Pair], scorer: Scorer) -> Summary:
    """Counts and document-level scores over the pairs that have both sides."""
    both = [p for p in pairs if p.src and p.tgt]
    doc = scorer.corpus([p.tgt_text for p in both], [p.mt_text for p in both])
    by_type: dict[str, int] = {}
    for pair in pairs:
        for flag in pair.flags:
            by_type[flag.type] = by_type.get(flag.type, 0) + 1
    return Summary(
        pairs=len(pairs),
        major=sum(p.severity == "major" for p in pairs),
        minor=sum(p.severity == "minor" for p in pairs),
        unaligned_source=sum(1 for p in pairs if not p.tgt),
        unaligned_target=sum(1 for p in pairs if not p.src),
        chrf=doc.chrf,
        bleu=doc.bleu,
        ter=doc.ter,
        by_type=tuple(sorted(by_type.items())),
        major_flags=sum(f.severity == "major" for p in pairs for f in p.flags),
        minor_flags=sum(f.severity == "minor" for p in pairs for f in p.flags),
    )


def verify(
    source: Document,
    target: Document,
    translators: Sequence[Translator],
    options: VerifyOptions | None = None,
    progress: Progress | None = None,
    beads: Sequence[Bead] | None = None,
) -> Report:
    """Translate, align, score and assess a Hebrew source against its English translation.

    ``beads`` fixes the alignment (segments of a parallel file are already paired);
    without it the sentences are aligned through the MT bridge. With
    ``options.logprobs`` the first model bridge also scores every pair.
    """
    if not translators:
        raise ValueError("verify needs at least one translator (the MT bridge)")
    options = options or VerifyOptions()
    scored_by: MTInfo | None = None
    decoder: ForcedDecoder | None = None
    if options.logprobs:
        scored_by, decoder = scoring_model(translators)
    scorer = Scorer()
    src_texts = [normalize(s.text) for s in source.sentences]
    tgt_texts = [normalize(s.text) for s in target.sentences]
    infos = [t.info for t in translators]
    outputs = [
        t.translate(src_texts, progress if k == 0 else None) for k, t in enumerate(translators)
    ]
    bridges = [(bridge_name(info), out) for info, out in zip(infos, outputs, strict=True)]
    given = beads is not None
    if beads is None:
        beads = align(
            outputs[0], tgt_texts, src_lengths=[len(s) for s in src_texts], options=options.align
        )
    pairs = build_pairs(
        beads, source, target, src_texts, tgt_texts, bridges, scorer, options, decoder
    )
    return Report(
        source=source,
        target=target,
        mt=infos[0],
        pairs=tuple(pairs),
        summary=summarize(pairs, scorer),
        signature=signature(infos, options, scorer, scored_by) + ("|align:given" if given else ""),
        version=__version__,
        created=timestamp(),
        extra_bridges=tuple(infos[1:]),
    )


def timestamp() -> str:
    """Now, as a report's ``created`` time (UTC, to the second)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def fails(report: Report, fail_on: str) -> bool:
    """Whether any pair reaches the ``--fail-on`` severity ("never" never fails)."""
    if fail_on == "never":
        return False
    return any(SEVERITY_RANK[p.severity] >= SEVERITY_RANK[fail_on] for p in report.pairs)
