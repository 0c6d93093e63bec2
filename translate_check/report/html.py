"""A self-contained HTML report a reviewer opens offline, plus an index page over several reports.

The page carries its CSS and JS inline and forbids every network load through a
Content-Security-Policy that admits only those two blocks (by hash), so injected
markup could neither run nor phone home even if escaping were ever missed.
Input text reaches the templates only as plain strings; jinja2's autoescaping
is the one place it becomes HTML.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import quote

from markupsafe import Markup

from translate_check.detect import MIN_CONFIDENCE
from translate_check.model import (
    SEVERITY_RANK,
    Bridge,
    Flag,
    Pair,
    Report,
    Signature,
    Span,
    language_name,
    message_parts,
)
from translate_check.pipeline import bridge_name
from translate_check.words import FUNCTION_WORDS

if TYPE_CHECKING:
    from jinja2 import Environment

_WORD = re.compile(r"\w+(?:['’]\w+)*")


class Segment(NamedTuple):
    """A run of text that shares one look: diff level, flag severity and flag notes.

    ``diff`` is 0 where both sides agree, 1 for reworded function words only (shown
    with the full diff), 2 for content words (always shown).
    """

    text: str
    diff: int = 0
    severity: int = 0
    notes: str = ""
    held: str = ""
    """Numbers of the held-back flags (under the run's threshold) that end here: shown only
    once the page's threshold is lowered, so no number points at a hidden flag."""
    level: int = 0
    """The highest confidence level (tenths) among the flags covering the text."""
    flags: str = ""
    """Numbers of every flag covering the text: pointing at one flag lights up its spans in
    the Hebrew, the English and the MT together."""


def level(confidence: float) -> int:
    """A confidence in tenths (0.37 → 3): the steps of the page's threshold control."""
    return min(10, int(confidence * 10 + 1e-9))


@dataclass(frozen=True)
class FlagView:
    """A flag with its number in the row's list: the highlights' superscripts point to it.

    ``held`` flags were under the run's ``--min-confidence``: the page hides them until
    the reviewer lowers its threshold."""

    number: int
    flag: Flag
    held: bool = False
    accepted: bool = False
    """Accepted in a corpus baseline: still shown, marked, and counted apart."""

    @property
    def level(self) -> int:
        return level(self.flag.confidence)

    @property
    def message(self) -> list[tuple[str, bool]]:
        """The message in runs; the template marks the quoted ones."""
        return message_parts(self.flag.message)


@dataclass(frozen=True)
class Row:
    """One aligned pair as the template lays it out."""

    pair: Pair
    classes: str
    src: tuple[Segment, ...]
    tgt: tuple[Segment, ...]
    mt: tuple[Segment, ...]
    flags: tuple[FlagView, ...]
    extra_bridges: tuple[Bridge, ...]
    paragraph_start: bool


@dataclass(frozen=True)
class IndexEntry:
    """One report on an index page: what it compared, how it came out, where it lives.

    ``major`` and ``minor`` count flags not accepted in a baseline, ``accepted`` the others.
    """

    name: str
    href: str
    pairs: int
    major: int
    minor: int
    accepted: int = 0
    unaligned_source: int = 0
    unaligned_target: int = 0
    chrf: float | None = None

    @property
    def safe_href(self) -> str:
        """The link percent-encoded so that it can only be a local path (no ``javascript:``)."""
        path = quote(self.href, safe="/#")
        return f".{path}" if path.startswith("//") else path


def settings(signature: Signature) -> list[tuple[str, str]]:
    """What a reviewer reads in a signature: the alignment threshold, the detectors, the
    confidence threshold and model, and the metrics, taken from its data. The header shows
    these; the full signature stays one click away."""
    out = []
    if (threshold := signature.value("align", "threshold")) is not None:
        out.append(("alignment threshold", f"{threshold:g}"))
    if (enabled := signature.value("detect", "enabled")) is not None:
        out.append(("detectors", str(enabled).replace("+", ", ")))
    if (least := signature.value("detect", "min_confidence")) is not None:
        out.append(("min confidence", f"{least:g}"))
        out.append(("confidence model", str(signature.value("detect", "model"))))
    for part in signature.components:
        if part.kind == "logprobs":
            out.append(("log-probabilities", part.text.partition(":")[2] or "on"))
    metrics = [c for c in signature.components if c.kind == "metric"]
    if metrics:
        names = ", ".join(str(dict(c.values)["name"]) for c in metrics)
        versions = sorted({str(dict(c.values)["version"]) for c in metrics})
        out.append(("metrics", f"{names} (sacrebleu {', '.join(versions)})"))
    return out


def min_confidence(signature: Signature) -> float:
    """The run's ``--min-confidence`` (the default if the signature has no detection)."""
    least = signature.value("detect", "min_confidence")
    return MIN_CONFIDENCE if least is None else float(least)


def word_diff(tgt: str, mt: str) -> tuple[list[Span], list[Span]]:
    """Spans of words found only in the English and only in the MT (case-insensitive).

    Punctuation is ignored: a missing comma is noise next to a missing word.
    Consecutive differing words form one span so the page stays light.
    """
    a, b = list(_WORD.finditer(tgt)), list(_WORD.finditer(mt))
    matcher = difflib.SequenceMatcher(
        None, [m.group().casefold() for m in a], [m.group().casefold() for m in b], autojunk=False
    )
    only_tgt: list[Span] = []
    only_mt: list[Span] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if i2 > i1:
            only_tgt.append((a[i1].start(), a[i2 - 1].end()))
        if j2 > j1:
            only_mt.append((b[j1].start(), b[j2 - 1].end()))
    return only_tgt, only_mt


def content_spans(text: str, spans: Sequence[Span]) -> list[Span]:
    """Each diff span narrowed to its first through last content word (none if it has none).

    A reworded *the*, *their* or *its* is not what a reviewer looks for, and
    underlining every one drowns the flagged spans.
    """
    out = []
    for start, end in spans:
        words = [
            m
            for m in _WORD.finditer(text, start, end)
            if m.group().casefold().replace("’", "'") not in FUNCTION_WORDS
        ]
        if words:
            out.append((words[0].start(), words[-1].end()))
    return out


def segments(
    text: str,
    diff_spans: Sequence[Span],
    flagged: Sequence[tuple[Span, FlagView]],
    content: Sequence[Span] = (),
) -> tuple[Segment, ...]:
    """Cut ``text`` wherever a diff span, a content diff span or a flag span starts or ends.

    Spans are clipped to the text, so a detector's off-by-one cannot break the page.
    An empty flag span becomes an empty segment at its place, drawn as a caret.
    """
    size = len(text)

    def clip(span: Span) -> Span:
        return max(0, min(span[0], size)), max(0, min(span[1], size))

    diffs = [clip(s) for s in diff_spans]
    contents = [clip(s) for s in content]
    marks = [(clip(s), fv) for s, fv in flagged]
    cuts = sorted(
        {0, size, *(x for s in (*diffs, *contents) for x in s), *(x for s, _ in marks for x in s)}
    )
    carets: dict[int, list[FlagView]] = {}
    for (s, e), fv in marks:
        if s == e:
            carets.setdefault(s, []).append(fv)
    out: list[Segment] = []

    def caret(at: int) -> None:
        """An empty segment where a flag points between characters (dropped content)."""
        for fv in carets.get(at, ()):
            severity = SEVERITY_RANK[fv.flag.severity]
            number = str(fv.number)
            notes, held = ("", number) if fv.held else (number, "")
            out.append(Segment("", 0, severity, notes, held, fv.level, number))

    for start, end in pairwise(cuts):
        caret(start)
        covering = [(e, fv) for (s, e), fv in marks if s <= start and end <= e]
        segment = Segment(
            text=text[start:end],
            diff=2
            if any(s <= start and end <= e for s, e in contents)
            else int(any(s <= start and end <= e for s, e in diffs)),
            severity=max((SEVERITY_RANK[fv.flag.severity] for _, fv in covering), default=0),
            notes=",".join(
                dict.fromkeys(str(f.number) for e, f in covering if e == end and not f.held)
            ),
            held=",".join(dict.fromkeys(str(f.number) for e, f in covering if e == end and f.held)),
            level=max((fv.level for _, fv in covering), default=0),
            flags=",".join(dict.fromkeys(str(fv.number) for _, fv in covering)),
        )
        last = out[-1] if out else None
        if last and last.text and not (last.notes or last.held) and last[1:] == segment[1:]:
            out[-1] = Segment(last.text + segment.text, *segment[1:])
        else:
            out.append(segment)
    caret(size)
    return tuple(out)


Accepted = Collection[tuple[int, Flag]]
"""Flags accepted in a corpus baseline, by the id of their pair."""


def _row(pair: Pair, previous: Pair | None, type_index: dict[str, int], accepted: Accepted) -> Row:
    flags = tuple(
        FlagView(n, flag, held=n > len(pair.flags), accepted=(pair.id, flag) in accepted)
        for n, flag in enumerate((*pair.flags, *pair.held_back), 1)
    )
    aligned = bool(pair.src and pair.tgt)
    only_tgt, only_mt = word_diff(pair.tgt_text, pair.mt_text) if aligned else ([], [])
    paragraph_start = previous is None or previous.paragraph != pair.paragraph
    classes = ["r"]
    if pair.flags:
        classes.append("f")
    if pair.severity != "none":
        classes.append(f"s{SEVERITY_RANK[pair.severity]}")
    if not aligned:
        classes.append("u")
    if paragraph_start:
        classes.append("p")
    # One class per flag type and level, so the type filter follows the threshold control.
    classes += dict.fromkeys(f"t{type_index[fv.flag.type]}k{fv.level}" for fv in flags)
    return Row(
        pair=pair,
        classes=" ".join(classes),
        src=segments(pair.src_text, [], [(s, fv) for fv in flags for s in fv.flag.src_spans]),
        tgt=segments(
            pair.tgt_text,
            only_tgt,
            [(s, fv) for fv in flags for s in fv.flag.tgt_spans],
            content_spans(pair.tgt_text, only_tgt),
        ),
        mt=segments(
            pair.mt_text,
            only_mt,
            [(s, fv) for fv in flags for s in fv.flag.mt_spans],
            content_spans(pair.mt_text, only_mt),
        ),
        flags=flags,
        extra_bridges=pair.bridges[1:],
        paragraph_start=paragraph_start,
    )


def _rows(report: Report, type_index: dict[str, int], accepted: Accepted) -> Iterator[Row]:
    previous = None
    for pair in report.pairs:
        yield _row(pair, previous, type_index, accepted)
        previous = pair


@dataclass(frozen=True)
class _Assets:
    css: Markup
    js: Markup
    csp: str


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@cache
def _assets() -> _Assets:
    """The packaged stylesheet and script, and a policy that allows exactly them."""
    folder = resources.files("translate_check.report").joinpath("templates")
    css = folder.joinpath("report.css").read_text(encoding="utf-8")
    js = folder.joinpath("report.js").read_text(encoding="utf-8")
    csp = (
        f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    # Package assets, not input: the only markup that is ever marked safe.
    return _Assets(Markup(css), Markup(js), csp)


@cache
def _environment() -> Environment:
    """The template engine, imported when a report is rendered: runs that write no HTML
    do not pay for it at start-up."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("translate_check.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


RTL_LANGS = frozenset({"he", "yi", "ar", "fa", "ur"})
"""Languages written right to left, whose column the report sets ``dir="rtl"``."""


LEVELS = range(1, 10)
"""The steps of the page's threshold control (0.1 … 0.9)."""


@dataclass(frozen=True)
class Counts:
    """A header count at each step of the threshold control (``LEVELS``): the page shows
    the one for the chosen step, and its script switches them as the reviewer moves it."""

    by_level: tuple[int, ...]

    def at(self, step: int) -> int:
        return self.by_level[LEVELS.index(step)]

    @property
    def data(self) -> str:
        return " ".join(map(str, self.by_level))


def _counts(flags: Sequence[Flag]) -> Counts:
    return Counts(tuple(sum(level(f.confidence) >= step for f in flags) for step in LEVELS))


@dataclass(frozen=True)
class Header:
    """The header's flag counts and flag types, kept and held-back flags alike, each at
    every step of the threshold control (a flag counts where the page shows it)."""

    major: Counts
    minor: Counts
    accepted: Counts
    clean: Counts
    types: tuple[tuple[int, str, Counts], ...]
    """Each flag type with its index in the rows' classes."""


def header(report: Report, accepted: Accepted = ()) -> Header:
    """The header's counts, at every step of the threshold control."""
    every = [(p, f) for p in report.pairs for f in (*p.flags, *p.held_back)]
    new = [f for p, f in every if (p.id, f) not in accepted]
    names = sorted({f.type for _, f in every})
    clean = Counts(
        tuple(
            sum(
                all(level(f.confidence) < step for f in (*p.flags, *p.held_back))
                for p in report.pairs
            )
            for step in LEVELS
        )
    )
    return Header(
        major=_counts([f for f in new if f.severity == "major"]),
        minor=_counts([f for f in new if f.severity == "minor"]),
        accepted=_counts([f for p, f in every if (p.id, f) in accepted]),
        clean=clean,
        types=tuple(
            (i, name, _counts([f for _, f in every if f.type == name]))
            for i, name in enumerate(names)
        ),
    )


def render_html(report: Report, accepted: Accepted | None = None) -> str:
    """The whole report as one HTML page with its styles and script inline.

    ``accepted``, from a corpus baseline, takes those flags out of the header's major
    and minor counts into an accepted count, as the index page counts them. The header's
    counts and flag types follow the page's threshold control.
    """
    counts = header(report, accepted or ())
    type_index = {name: i for i, name, _ in counts.types}
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            report=report,
            s=report.summary,
            rows=_rows(report, type_index, accepted or ()),
            counts=counts,
            baseline=accepted is not None,
            mt_name=bridge_name(report.mt) if report.mt else "none",
            settings=settings(report.signature),
            threshold=min(max(level(min_confidence(report.signature)), LEVELS[0]), LEVELS[-1]),
            levels=LEVELS,
            assets=_assets(),
            src_name=language_name(report.source.lang),
            tgt_name=language_name(report.target.lang),
            src_dir="rtl" if report.source.lang in RTL_LANGS else "ltr",
        )
    )


def render_index(entries: Sequence[IndexEntry], title: str = "translate-check reports") -> str:
    """A page linking several reports with their counts (for checking a whole corpus)."""
    return (
        _environment()
        .get_template("index.html.j2")
        .render(entries=entries, title=title, assets=_assets())
    )
