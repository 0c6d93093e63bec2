"""Plain data passed between the pipeline stages.

Every stage takes and returns these frozen dataclasses so that stages can be
tested, cached and serialised independently of each other.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, is_dataclass
from enum import StrEnum
from typing import Literal

Severity = Literal["none", "minor", "major"]
SEVERITY_RANK: dict[str, int] = {"none": 0, "minor": 1, "major": 2}


class FailOn(StrEnum):
    """The severity at which a run fails (``never``: it does not)."""

    major = "major"
    minor = "minor"
    never = "never"


Span = tuple[int, int]


_LANGUAGE_NAMES = {"he": "Hebrew", "en": "English"}


def language_name(code: str) -> str:
    """How outputs name a text in ``code``: Hebrew and English by name, others by code."""
    return _LANGUAGE_NAMES.get(code, code)


@dataclass(frozen=True)
class Sentence:
    """One sentence of a document; offsets index the document's normalised text."""

    id: int
    text: str
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True)
class Document:
    """A decoded, normalised input file and its sentences."""

    text: str
    lang: str
    sentences: tuple[Sentence, ...]
    path: str | None = None
    sha256: str = ""
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Bead:
    """An alignment unit: consecutive source and target sentence ids (either may be empty)."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 0.0

    @property
    def kind(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"


@dataclass(frozen=True)
class Scores:
    """Sentence-level metrics of the English against the MT bridge (sacrebleu scales)."""

    chrf: float
    bleu: float
    ter: float


OPEN_QUOTE, CLOSE_QUOTE = "\u201c", "\u201d"
_QUOTED = re.compile(f"{OPEN_QUOTE}([^{OPEN_QUOTE}{CLOSE_QUOTE}]*){CLOSE_QUOTE}")


def quote(words: str) -> str:
    """Words taken from one of the texts, quoted for a flag message (see :class:`Flag`).

    Curly double quotes inside the words become straight ones, so every quote
    still ends where it should.
    """
    inner = words.replace(OPEN_QUOTE, '"').replace(CLOSE_QUOTE, '"')
    return f"{OPEN_QUOTE}{inner}{CLOSE_QUOTE}"


def message_parts(message: str) -> list[tuple[str, bool]]:
    """A flag message as runs of plain text and quoted words (``True``), quote marks kept.

    Renderers emphasise the quoted runs their own way.
    """
    parts: list[tuple[str, bool]] = []
    at = 0
    for match in _QUOTED.finditer(message):
        if match.start() > at:
            parts.append((message[at : match.start()], False))
        parts.append((match.group(), True))
        at = match.end()
    if at < len(message):
        parts.append((message[at:], False))
    return parts


@dataclass(frozen=True)
class Flag:
    """One divergence found by a detector.

    Spans are [start, end) character offsets into the pair's ``tgt_text`` and
    ``mt_text``, and ``src_spans`` into its ``src_text``: the Hebrew the flag is about,
    empty for an addition (see :mod:`translate_check.links`); ``bridges`` names the MT
    bridges that agree with the finding.

    ``message`` is plain text, the same in every output (console, HTML, JSON,
    JUnit, SARIF, GitHub annotations). It follows two rules so that a reviewer
    never has to guess what it refers to:

    - Every text it speaks of is named for what it is: *the Hebrew* (the
      source), *the English* (the translation under review), *the MT* (the
      bridge translation; a bridge may also be named, ``file:mt.tsv``). Never
      "source" or "translation", which a reader takes for the Hebrew and the
      English whatever was meant.
    - Words quoted from a text are wrapped in curly double quotes, made with
      :func:`quote`: ``the English has “counties”; the MT has “countries”``.
      No other markup (no ``*stars*``). Renderers find the quoted words with
      :func:`message_parts` and emphasise them their own way (bold in the
      console, ``<mark>`` in HTML); plain-text outputs keep the quotes.
    """

    type: str
    severity: Literal["minor", "major"]
    message: str
    tgt_spans: tuple[Span, ...] = ()
    mt_spans: tuple[Span, ...] = ()
    bridges: tuple[str, ...] = ()
    confidence: float = 1.0
    src_spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Bridge:
    """One English rendering of a pair's Hebrew (machine or reference translation)."""

    name: str
    text: str


def with_text(bridges: Iterable[Bridge]) -> tuple[Bridge, ...]:
    """A pair's bridges: those with text, in order. A bridge empty for a pair (a blank MT
    line, a bead with no Hebrew) says nothing about it, so a pair never holds one and its
    first bridge, the primary, is the first that has text; every bridge index (flags,
    evidence, the report) then counts the same bridges."""
    return tuple(b for b in bridges if b.text.strip())


@dataclass(frozen=True)
class Pair:
    """An aligned bead with its texts, scores and flags."""

    id: int
    src: tuple[int, ...]
    tgt: tuple[int, ...]
    src_text: str
    tgt_text: str
    mt_text: str
    scores: Scores | None
    """None when there is no bridge to score against (``--no-mt``)."""
    divergence: float
    severity: Severity
    flags: tuple[Flag, ...]
    paragraph: int = 0
    bridges: tuple[Bridge, ...] = ()
    held_back: tuple[Flag, ...] = ()
    """Flags under the run's ``--min-confidence``: left out of every verdict and output but
    the HTML report, whose threshold control can show them."""
    similarity: float | None = None
    """The encoder's cosine of the pair's two sides, where the pair was judged by it."""

    @property
    def number(self) -> int:
        """The pair's number as people count, from 1 (console, HTML, annotations); ``id``,
        from 0, stays what machines read (JSON, anchors, SARIF)."""
        return self.id + 1


@dataclass(frozen=True)
class MTInfo:
    """Which engine and model produced the bridge translations."""

    engine: str
    model: str | None = None
    revision: str | None = None
    options: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class EncoderInfo:
    """Which sentence encoder gave the source view: its outputs are cached under it."""

    engine: str
    model: str
    revision: str


@dataclass(frozen=True)
class Summary:
    """Counts of a report: ``major``/``minor`` count pairs by their severity (the highest of
    their flags), ``major_flags``/``minor_flags`` count the flags themselves. People read
    flag counts; the pair counts say how many places need a look."""

    pairs: int
    major: int
    minor: int
    unaligned_source: int
    unaligned_target: int
    chrf: float | None
    bleu: float | None
    ter: float | None
    by_type: tuple[tuple[str, int], ...] = ()
    major_flags: int = 0
    minor_flags: int = 0


Scalar = str | int | float | bool
"""A JSON value that a signature records as it is."""


def _flat(prefix: str, value: object) -> list[tuple[str, Scalar]]:
    if is_dataclass(value) and not isinstance(value, type):
        return [
            item
            for f in fields(value)
            for item in _flat(f"{prefix}.{f.name}" if prefix else f.name, getattr(value, f.name))
        ]
    if isinstance(value, str | int | float | bool):
        return [(prefix, value)]
    if value is None:
        return [(prefix, "-")]
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return [(prefix, "+".join(value))]
    return [(prefix, json.dumps(value))]  # nested tuples: bead shapes, n-gram orders


@dataclass(frozen=True)
class Component:
    """One part of a signature: ``text``, its short form in the one-line signature, and
    ``values``, every setting of that part as data (a report's reader and every cache key
    take them from here; nothing parses the text back)."""

    kind: str
    text: str
    values: tuple[tuple[str, Scalar], ...] = ()

    @classmethod
    def of(cls, kind: str, text: str, settings: object) -> Component:
        """A component whose values are a settings dataclass's fields, nested ones dotted."""
        return cls(kind, text, tuple(_flat("", settings)))


@dataclass(frozen=True)
class Signature:
    """Everything that reproduces a report's numbers, sacrebleu's way: structured parts
    (the tool, each bridge, the alignment, the detection, the metrics, …) and one
    :meth:`format` line. A new part (another model, say) is one more component."""

    components: tuple[Component, ...] = ()

    def format(self) -> str:
        return "|".join(c.text for c in self.components if c.text)

    def value(self, kind: str, key: str) -> Scalar | None:
        """The first ``kind`` component's ``key`` value, or None."""
        for component in self.components:
            if component.kind == kind:
                return dict(component.values).get(key)
        return None

    def digest(self) -> str:
        """sha256 over every component's values and text, for cache keys."""
        data = [[c.kind, c.text, [list(v) for v in c.values]] for c in self.components]
        return hashlib.sha256(json.dumps(data).encode("utf-8")).hexdigest()

    def __add__(self, other: Signature) -> Signature:
        return Signature((*self.components, *other.components))


@dataclass(frozen=True)
class Report:
    """Everything a renderer needs; produced by :func:`translate_check.pipeline.verify`."""

    source: Document
    target: Document
    mt: MTInfo | None
    pairs: tuple[Pair, ...]
    summary: Summary
    signature: Signature
    version: str
    created: str = ""
    extra_bridges: tuple[MTInfo, ...] = field(default=())
    encoder: EncoderInfo | None = None
    notes: tuple[str, ...] = ()
    """What the run could not check, said once (no bridge, a language pair the word-level
    checks do not know)."""
