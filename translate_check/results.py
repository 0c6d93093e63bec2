"""What a corpus run produces: per-document reports, their findings and locations.

Below both the corpus runner and the renderers, so that each imports it and
neither imports the other.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from translate_check.model import SEVERITY_RANK, Document, Flag, Pair, Report


@dataclass(frozen=True)
class Finding:
    """One flag on one pair of a named document, with its stable id."""

    id: str
    document: str
    pair: Pair
    flag: Flag
    accepted: bool = False


@dataclass(frozen=True)
class Location:
    """Where a pair's English starts: 1-based line and column (Unicode code points)."""

    path: str
    line: int
    column: int


@dataclass(frozen=True)
class DocumentResult:
    """One document's report; ``lines`` maps a parallel file's segments to file lines,
    ``columns`` to where their English starts on those lines (empty: column 1)."""

    name: str
    kind: str
    report: Report
    lines: tuple[int, ...] = ()
    cached: bool = False
    findings: tuple[Finding, ...] = ()
    columns: tuple[int, ...] = ()

    @property
    def new_findings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.accepted)

    def locations(self) -> dict[int, Location]:
        """Location of every pair by id: its first English sentence, else its first Hebrew."""
        tgt = {s.id: s for s in self.report.target.sentences}
        src = {s.id: s for s in self.report.source.sentences}
        out = {}
        for pair in self.report.pairs:
            doc, table, ids = (
                (self.report.target, tgt, pair.tgt)
                if pair.tgt
                else (self.report.source, src, pair.src)
            )
            out[pair.id] = self._locate(doc, table[ids[0]].start, ids[0], bool(pair.tgt))
        return out

    def _locate(self, doc: Document, start: int, sentence_id: int, english: bool) -> Location:
        path = doc.path or ""
        if self.lines:
            column = self.columns[sentence_id] if english and self.columns else 1
            return Location(path, self.lines[sentence_id], column)
        line_start = doc.text.rfind("\n", 0, start) + 1
        return Location(path, doc.text.count("\n", 0, start) + 1, start - line_start + 1)


@dataclass(frozen=True)
class CorpusResult:
    """All documents of a run, in discovery order."""

    documents: tuple[DocumentResult, ...]

    def findings(self) -> Iterator[tuple[DocumentResult, Finding]]:
        for doc in self.documents:
            for finding in doc.findings:
                yield doc, finding

    def fails(self, fail_on: str) -> bool:
        """Whether a finding outside the baseline reaches ``fail_on``."""
        return any(not f.accepted and reaches(f.flag.severity, fail_on) for _, f in self.findings())


def reaches(severity: str, fail_on: str) -> bool:
    """Whether a flag of ``severity`` fails a build run with ``--fail-on`` ("never": none)."""
    return fail_on != "never" and SEVERITY_RANK[severity] >= SEVERITY_RANK[fail_on]
