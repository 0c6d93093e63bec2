"""The verify pipeline: documents in, a :class:`Report` out.

Each stage lives in its own module; this one only wires them together and
keeps the run's signature so a report says how to reproduce it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from translate_check import __version__
from translate_check.align import AlignOptions, align, by_line
from translate_check.detect import DetectSettings, PairInput, assess
from translate_check.detect.base import TokenLogprobs
from translate_check.detect.unbridged import assess_unbridged, similarity_floor
from translate_check.embed.base import Encoder
from translate_check.errors import InputError, ModelError
from translate_check.forked import Ahead, forked_map, processes
from translate_check.hebrew import Reading, start_analysis
from translate_check.io import Markup, normalize, read_input
from translate_check.links import locate
from translate_check.model import (
    SEVERITY_RANK,
    Bead,
    Bridge,
    Component,
    Document,
    EncoderInfo,
    MTInfo,
    Pair,
    Report,
    Signature,
    Summary,
    with_text,
)
from translate_check.mt import forced_decoder, nbest_translator
from translate_check.mt.base import ForcedDecoder, Progress, Translator
from translate_check.score import Scorer, Stats
from translate_check.segment import split_lines, split_sentences


@dataclass(frozen=True)
class VerifyOptions:
    """Settings that change results; all of them go into the report's signature."""

    detect: DetectSettings = field(default_factory=DetectSettings)
    align: AlignOptions = field(default_factory=AlignOptions)
    logprobs: bool = False
    """Score each pair's English with the first model bridge (forced decoding), for the
    ``improbable`` detector: one more forward pass per pair, and a model engine needed."""
    nbest: int = 1
    """Bridges from the first model's best translations: with K > 1, its 2nd … Kth best
    hypotheses join as bridges (one beam search gives all K)."""


WORD_CHECK_LANGS = ("he", "en")
"""The language pair the word-level detectors know; other pairs are aligned and scored, and
checked for unaligned and outlying pairs only."""
NO_BRIDGE_NOTE = (
    "no MT bridge: word-level checks need one, so only unaligned sentences and pairs the "
    "encoder finds unlike the rest are checked"
)


def checks_words(source_lang: str, target_lang: str, bridged: bool) -> bool:
    """Whether the word-level detectors run: they compare an English translation with an
    MT bridge, and know Hebrew and English words."""
    return bridged and (source_lang, target_lang) == WORD_CHECK_LANGS


OTHER_LANGS_NOTE = (
    "word-level checks know Hebrew and English only: skipped for {langs}; unaligned sentences "
    "and pairs the encoder finds unlike the rest are checked"
)


def document_from_text(
    text: str, lang: str, *, segmented: bool = False, path: str | None = None, sha256: str = ""
) -> Document:
    """Segment already-decoded text into a :class:`Document`."""
    sentences = split_lines(text) if segmented else split_sentences(text, lang)
    return Document(text, lang, tuple(sentences), path=path, sha256=sha256)


def read_document(
    path: Path, lang: str, *, segmented: bool = False, what: str = "", markup: Markup = "auto"
) -> Document:
    """Read, decode and segment one input file; decoding warnings travel on the document."""
    what = what or ("source" if lang == "he" else "translation")
    decoded = read_input(path, what, markup=markup)
    doc = document_from_text(
        decoded.text, lang, segmented=segmented, path=str(path), sha256=decoded.sha256
    )
    return replace(doc, encoding=decoded.encoding, warnings=decoded.warnings)


def line_count(doc: Document) -> int:
    """Lines of a one-sentence-per-line document, up to its last non-blank one."""
    return doc.sentences[-1].id + 1 if doc.sentences else 0


def paired_beads(source: Document, target: Document) -> list[Bead]:
    """Line i of the source with line i of the target (``--paired``): files of different
    line counts are an error, since the promise that line i translates line i is broken."""
    lines = line_count(source), line_count(target)
    if lines[0] != lines[1]:
        raise InputError(
            f"--paired needs files of the same number of lines: the source has {lines[0]}, "
            f"the translation {lines[1]}"
        )
    return by_line([s.id for s in source.sentences], [s.id for s in target.sentences])


def bridge_name(info: MTInfo) -> str:
    """Short, readable name of a bridge for flags and reports (``#2``: a model's second
    best translation)."""
    if info.engine == "file" and info.model:
        return f"file:{Path(info.model).name}"
    name = f"{info.engine}:{info.model}" if info.model else info.engine
    rank = dict(info.options).get("rank")
    return f"{name}#{rank}" if rank else name


def settings_signature(options: VerifyOptions, scorer: Scorer) -> Signature:
    """The signature's parts that the settings decide (all but the tool and the bridges):
    the alignment, the detection, the metrics and the options of the run itself."""
    return Signature(
        (
            Component.of("align", options.align.signature(), options.align),
            options.detect.component(),
            *scorer.components(),
            Component("run", "", (("logprobs", options.logprobs), ("nbest", options.nbest))),
        )
    )


def signature(
    mt: Sequence[MTInfo],
    options: VerifyOptions,
    scorer: Scorer,
    scored_by: MTInfo | None = None,
    encoder: EncoderInfo | None = None,
    given: bool = False,
) -> Signature:
    """Everything needed to reproduce a report's numbers, sacrebleu style.

    ``scored_by`` is the bridge whose model gave the log-probabilities, if any;
    ``encoder`` the sentence encoder that gave the source view; ``given`` says the
    alignment was fixed by the input (line by line).
    """
    head = [Component("tool", f"translate-check:{__version__}", (("version", __version__),))]
    for info in mt:
        opts = ",".join(f"{k}={v}" for k, v in info.options)
        text = f"mt:{info.engine}/{info.model}@{info.revision or '-'}/{opts or '-'}"
        head.append(Component.of("mt", text, info))
    if not mt:
        head.append(Component("mt", "mt:none"))
    if encoder is not None:
        text = f"enc:{encoder.engine}/{encoder.model}@{encoder.revision}"
        head.append(Component.of("encoder", text, encoder))
    tail = []
    if options.logprobs:
        tail.append(
            Component.of("logprobs", f"logprobs:{scored_by.engine}/{scored_by.model}", scored_by)
            if scored_by
            else Component("logprobs", "logprobs")
        )
    if given:
        tail.append(Component("beads", "align:given", (("given", True),)))
    settings = settings_signature(options, scorer)
    return Signature(tuple(head)) + settings + Signature(tuple(tail))


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


def translate_all(
    translators: Sequence[Translator],
    sentences: Sequence[str],
    nbest: int = 1,
    progress: Progress | None = None,
) -> tuple[list[MTInfo], list[list[str]]]:
    """Every bridge's translations, each translator run once (the first drives ``progress``).

    With ``nbest`` > 1 the first translator whose model gives several hypotheses
    returns its ``nbest`` best from one beam search; its 2nd … Kth become bridges
    of their own right after it, named by rank.
    """
    ranked = next((t for t in translators if nbest_translator(t) is not None), None)
    if nbest > 1 and ranked is None:
        raise ModelError(
            "--nbest needs an MT model (--engine hf or ct2); precomputed translations "
            "(--mt-file) hold one translation per sentence"
        )
    infos: list[MTInfo] = []
    outputs: list[list[str]] = []
    for k, translator in enumerate(translators):
        report = progress if k == 0 else None
        nbest_model = nbest_translator(translator) if translator is ranked else None
        if nbest > 1 and nbest_model is not None:
            hypotheses = nbest_model.translate_nbest(sentences, nbest, report)
            for rank in range(nbest):
                rank_info = translator.info
                if rank:
                    options = (*rank_info.options, ("rank", str(rank + 1)))
                    rank_info = replace(rank_info, options=options)
                infos.append(rank_info)
                outputs.append([h[rank] for h in hypotheses])
        else:
            infos.append(translator.info)
            outputs.append(translator.translate(sentences, report))
    return infos, outputs


def _join(texts: Sequence[str], ids: Sequence[int]) -> str:
    return " ".join(texts[i] for i in ids if texts[i])


def pair_similarities(
    encoder: Encoder, beads: Sequence[Bead], src_texts: Sequence[str], tgt_texts: Sequence[str]
) -> list[float | None]:
    """The encoder's cosine of each bead's joined source and target (None for an empty side).

    The aligner embedded most of these texts already; the cache serves them.
    """
    full = [k for k, b in enumerate(beads) if b.src and b.tgt]
    found: list[float | None] = [None] * len(beads)
    if full:
        sources = encoder.encode([_join(src_texts, beads[k].src) for k in full])
        targets = encoder.encode([_join(tgt_texts, beads[k].tgt) for k in full])
        for k, cosine in zip(full, (sources * targets).sum(axis=1), strict=True):
            found[k] = round(float(cosine), 4)
    return found


Checked = tuple[Pair, dict[str, Stats] | None]
"""A checked pair and its metric statistics (None without a bridge), which the document's
scores are summed from without a second pass over the pair."""


def pair_check(
    source: Document,
    target: Document,
    src_texts: Sequence[str],
    tgt_texts: Sequence[str],
    bridges: Sequence[tuple[str, Sequence[str]]],
    scorer: Scorer,
    options: VerifyOptions,
    hebrew: dict[str, tuple[Reading, ...]] | None = None,
    logprobs: Sequence[TokenLogprobs] = (),
    similarities: Sequence[float | None] = (),
) -> Callable[[int, Bead], Checked]:
    """What checks one bead (positions into the sentence lists) as pair number ``n``.

    Every bead is checked on its own, from the document's state alone, so beads can be
    checked in any order and in any process. Word-level checks run for a Hebrew-English
    pair with a bridge, and see the pair's log-probabilities (``logprobs``, by pair
    number) where a model scored the English; otherwise each pair is judged by its
    alignment and its encoder similarity (``similarities``, by pair number) alone.
    Every flag gets its Hebrew (``src_spans``) through the pair's word links, made with
    hspell's readings of the Hebrew words (``hebrew``) where it ran.
    """
    langs = (source.lang, target.lang)
    word_checks = checks_words(*langs, bridged=bool(bridges))
    floor = similarity_floor([s for s in similarities if s is not None], options.detect.unbridged)

    def check(number: int, bead: Bead) -> Checked:
        src_text, tgt_text = _join(src_texts, bead.src), _join(tgt_texts, bead.tgt)
        pair_bridges = with_text(Bridge(name, _join(out, bead.src)) for name, out in bridges)
        mt_text = pair_bridges[0].text if pair_bridges else ""
        scores = scorer.sentence(tgt_text, mt_text) if bridges else None
        stats = scorer.known(tgt_text, mt_text) if bridges else None
        similarity = similarities[number] if similarities else None
        links = None
        if word_checks and scores is not None:
            given = PairInput.of(
                src_text,
                tgt_text,
                pair_bridges,
                scores,
                logprobs[number] if logprobs else (),
                options.detect.links,
                options.detect.hebrew,
                hebrew,
            )
            verdict = assess(given, options.detect)
            links = given.evidence.links
        else:
            verdict = assess_unbridged(src_text, tgt_text, similarity, floor, langs, options.detect)
        anchor = source.sentences[bead.src[0]] if bead.src else target.sentences[bead.tgt[0]]
        pair = Pair(
            id=number,
            src=tuple(source.sentences[i].id for i in bead.src),
            tgt=tuple(target.sentences[i].id for i in bead.tgt),
            src_text=src_text,
            tgt_text=tgt_text,
            mt_text=mt_text,
            scores=scores,
            divergence=round(verdict.divergence, 4),
            severity=verdict.severity,
            flags=locate(verdict.flags, links, src_text, tgt_text, mt_text),
            paragraph=anchor.paragraph,
            bridges=pair_bridges,
            held_back=locate(verdict.held_back, links, src_text, tgt_text, mt_text),
            similarity=similarity,
        )
        return pair, stats

    return check


class Guess:
    """Pairs checked on a guess of the beads, in forked processes, while this one aligns.

    Two texts with as many sentences are nearly always aligned one to one, line by
    line (the aligner keeps line-parallel files 1-1), so their pairs can be checked on
    that guess meanwhile, on the cores the alignment leaves idle. Once the beads are
    known, the guessed pairs the aligner kept are taken as they are (renumbered), and
    only the beads it made otherwise are checked then. Use it as a context manager.
    """

    def __init__(self, count: int, check: Callable[[int, Bead], Checked], workers: int) -> None:
        self.check = check
        self.ahead = Ahead(lambda k: check(k, Bead((k,), (k,))), count, workers - 1)

    @staticmethod
    def worth(source_count: int, target_count: int, workers: int) -> bool:
        """Whether a document's pairs are worth checking ahead: as many sentences on both
        sides, and enough of them for a second process."""
        return source_count == target_count and processes(workers, source_count) > 1

    def finish(self, beads: Sequence[Bead], workers: int) -> list[Checked]:
        """Every bead checked, in order: the guessed ones this process and the children
        still have to do, then the others, shared between up to ``workers`` processes."""
        found = [b.src[0] if len(b.src) == 1 and b.src == b.tgt else None for b in beads]
        done = self.ahead.take(k for k in found if k is not None)
        others = [n for n, k in enumerate(found) if k is None]
        rest = iter(
            forked_map(lambda k: self.check(others[k], beads[others[k]]), len(others), workers)
        )
        checked: list[Checked] = []
        for number, k in enumerate(found):
            if k is None:
                checked.append(next(rest))
                continue
            pair, stats = done[k]
            checked.append((pair if pair.id == number else replace(pair, id=number), stats))
        return checked

    def __enter__(self) -> Guess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.ahead.__exit__(None, None, None)


def build_pairs(
    beads: Sequence[Bead],
    check: Callable[[int, Bead], Checked],
    scorer: Scorer,
    workers: int = 1,
    guess: Guess | None = None,
) -> list[Pair]:
    """Turn beads (positions into the sentence lists) into scored, assessed pairs, checked
    in up to ``workers`` processes (:func:`forked_map`), or taken from a ``guess`` made
    while they were aligned. The scorer learns each pair's statistics, so the document's
    scores are a sum."""
    if guess is not None:
        checked = guess.finish(beads, workers)
    else:
        checked = forked_map(lambda k: check(k, beads[k]), len(beads), workers)
    pairs = []
    for pair, stats in checked:
        if stats is not None:
            scorer.learn(pair.tgt_text, pair.mt_text, stats)
        pairs.append(pair)
    return pairs


def summarize(pairs: Sequence[Pair], scorer: Scorer) -> Summary:
    """Counts and document-level scores over the pairs that have both sides."""
    both = [p for p in pairs if p.src and p.tgt]
    bridged = bool(pairs) and pairs[0].scores is not None
    doc = scorer.corpus([p.tgt_text for p in both], [p.mt_text for p in both]) if bridged else None
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
        chrf=doc.chrf if doc else None,
        bleu=doc.bleu if doc else None,
        ter=doc.ter if doc else None,
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
    encoder: Encoder | None = None,
    workers: int = 1,
) -> Report:
    """Translate, align, score and assess a source document against its translation.

    ``beads`` fixes the alignment (segments of a parallel file are already paired);
    without it the sentences are aligned through the MT bridge and, with
    ``encoder``, through the encoder's view of the source too.  With no
    translators the encoder alone aligns, and only what needs no bridge is
    checked.  With ``options.logprobs`` the first model bridge also scores
    every pair. The pairs are checked in up to ``workers`` processes (:func:`forked_map`),
    with the same results as in one.
    """
    if not translators and encoder is None:
        raise ValueError("verify needs a translator (the MT bridge) or an encoder")
    options = options or VerifyOptions()
    scored_by: MTInfo | None = None
    decoder: ForcedDecoder | None = None
    if options.logprobs:
        scored_by, decoder = scoring_model(translators)
    scorer = Scorer()
    src_texts = [normalize(s.text) for s in source.sentences]
    tgt_texts = [normalize(s.text) for s in target.sentences]
    infos, outputs = translate_all(translators, src_texts, options.nbest, progress)
    bridges = [(bridge_name(info), out) for info, out in zip(infos, outputs, strict=True)]
    given = beads is not None
    word_checks = checks_words(source.lang, target.lang, bridged=bool(translators))
    # hspell reads the Hebrew words while the sentences are aligned
    readings = start_analysis(src_texts) if word_checks else lambda: ({}, None)
    state = (source, target, src_texts, tgt_texts, bridges, scorer, options)
    with ExitStack() as stack:
        guess, analysis = None, None
        if (
            beads is None
            and word_checks
            and not decoder
            and Guess.worth(len(src_texts), len(tgt_texts), workers)
        ):
            analysis = readings()  # the pairs checked meanwhile need them
            check = pair_check(*state, analysis[0])
            guess = stack.enter_context(Guess(len(src_texts), check, workers))
        if beads is None:
            try:
                beads = align(
                    outputs[0] if outputs else None,
                    tgt_texts,
                    options=options.align,
                    source=src_texts,
                    encoder=encoder,
                )
            except BaseException:
                if analysis is None:
                    readings()  # hspell is not left running
                raise
        similarities: Sequence[float | None] = ()
        if encoder is not None and not word_checks:
            similarities = pair_similarities(encoder, beads, src_texts, tgt_texts)
        hebrew, hebrew_note = analysis or readings()
        if guess is None:
            logprobs: Sequence[TokenLogprobs] = ()
            if decoder:
                texts = [(_join(src_texts, b.src), _join(tgt_texts, b.tgt)) for b in beads]
                logprobs = token_logprobs(decoder, texts)
            check = pair_check(*state, hebrew, logprobs, similarities)
        pairs = build_pairs(beads, check, scorer, workers, guess)
    notes: tuple[str, ...] = ()
    if not translators:
        notes = (NO_BRIDGE_NOTE,)
    elif not word_checks:
        notes = (OTHER_LANGS_NOTE.format(langs=f"{source.lang}-{target.lang}"),)
    if hebrew_note:
        notes += (hebrew_note,)
    sign = signature(infos, options, scorer, scored_by, encoder.info if encoder else None, given)
    return Report(
        source=source,
        target=target,
        mt=infos[0] if infos else None,
        pairs=tuple(pairs),
        summary=summarize(pairs, scorer),
        signature=sign,
        version=__version__,
        created=timestamp(),
        extra_bridges=tuple(infos[1:]),
        encoder=encoder.info if encoder else None,
        notes=notes,
    )


def timestamp() -> str:
    """Now, as a report's ``created`` time (UTC, to the second)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def fails(report: Report, fail_on: str) -> bool:
    """Whether any pair reaches the ``--fail-on`` severity ("never" never fails)."""
    if fail_on == "never":
        return False
    return any(SEVERITY_RANK[p.severity] >= SEVERITY_RANK[fail_on] for p in report.pairs)
