"""Plain data passed between the pipeline stages.

Every stage takes and returns these frozen dataclasses so that stages can be
tested, cached and serialised independently of each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["none", "minor", "major"]
SEVERITY_RANK: dict[str, int] = {"none": 0, "minor": 1, "major": 2}
Span = tuple[int, int]


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


@dataclass(frozen=True)
class Flag:
    """One divergence found by a detector.

    Spans are [start, end) character offsets into the pair's ``tgt_text`` and
    ``mt_text``; ``bridges`` names the MT bridges that agree with the finding.
    """

    type: str
    severity: Literal["minor", "major"]
    message: str
    tgt_spans: tuple[Span, ...] = ()
    mt_spans: tuple[Span, ...] = ()
    bridges: tuple[str, ...] = ()
    confidence: float = 1.0


@dataclass(frozen=True)
class Bridge:
    """One English rendering of a pair's Hebrew (machine or reference translation)."""

    name: str
    text: str


@dataclass(frozen=True)
class Pair:
    """An aligned bead with its texts, scores and flags."""

    id: int
    src: tuple[int, ...]
    tgt: tuple[int, ...]
    src_text: str
    tgt_text: str
    mt_text: str
    scores: Scores
    divergence: float
    severity: Severity
    flags: tuple[Flag, ...]
    paragraph: int = 0
    bridges: tuple[Bridge, ...] = ()


@dataclass(frozen=True)
class MTInfo:
    """Which engine and model produced the bridge translations."""

    engine: str
    model: str | None = None
    revision: str | None = None
    options: tuple[tuple[str, str], ...] = ()


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
    chrf: float
    bleu: float
    ter: float
    by_type: tuple[tuple[str, int], ...] = ()
    major_flags: int = 0
    minor_flags: int = 0


@dataclass(frozen=True)
class Report:
    """Everything a renderer needs; produced by :func:`translate_check.pipeline.verify`."""

    source: Document
    target: Document
    mt: MTInfo
    pairs: tuple[Pair, ...]
    summary: Summary
    signature: str
    version: str
    created: str = ""
    extra_bridges: tuple[MTInfo, ...] = field(default=())
