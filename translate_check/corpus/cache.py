"""The results cache: an unchanged document pair reuses its previous report.

Entries are JSON files named by the sha256 of both inputs, their paths and the
run's key, so a changed sentence, model, MT file or detector set misses the cache
and nothing stale is ever served; a report never names another checkout's files.
JSON (not pickle) keeps a shared CI cache from running code.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from translate_check.corpus.result import DocumentResult
from translate_check.io import atomic_write_text
from translate_check.model import (
    Bridge,
    Document,
    Flag,
    MTInfo,
    Pair,
    Report,
    Scores,
    Sentence,
    Summary,
)
from translate_check.report.json_report import to_dict

FORMAT = 2


def entry_key(*parts: str) -> str:
    """One sha256 over the parts, separated so that no two part lists collide."""
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


class ResultsCache:
    """A folder of ``<key>.json`` reports; unreadable entries count as misses."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, key: str, name: str) -> DocumentResult | None:
        """The stored result under ``name`` (names are not part of the key)."""
        path = self.folder / f"{key}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                return None
            report = report_from_dict(data)
            pairs = tuple(
                replace(pair, held_back=tuple(_flag(f) for f in held))
                for pair, held in zip(report.pairs, data["held_back"], strict=True)
            )
            return DocumentResult(
                name, data["kind"], replace(report, pairs=pairs), tuple(data["lines"]), cached=True
            )
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None

    def put(self, key: str, result: DocumentResult) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        data = {
            "format": FORMAT,
            "kind": result.kind,
            "lines": list(result.lines),
            "source_text": result.report.source.text,
            "target_text": result.report.target.text,
            "report": to_dict(result.report),
            "held_back": [[asdict(f) for f in p.held_back] for p in result.report.pairs],
        }
        atomic_write_text(self.folder / f"{key}.json", json.dumps(data, ensure_ascii=False))


def _document(data: dict[str, Any], text: str) -> Document:
    return Document(
        text=text,
        lang=data["lang"],
        sentences=tuple(
            Sentence(s["id"], s["text"], s["start"], s["end"], s["paragraph"])
            for s in data["sentences"]
        ),
        path=data["path"],
        sha256=data["sha256"],
        encoding=data["encoding"],
    )


def _flag(data: dict[str, Any]) -> Flag:
    return Flag(
        type=data["type"],
        severity=data["severity"],
        message=data["message"],
        tgt_spans=tuple((a, b) for a, b in data["tgt_spans"]),
        mt_spans=tuple((a, b) for a, b in data["mt_spans"]),
        bridges=tuple(data["bridges"]),
        confidence=data["confidence"],
    )


def _pair(data: dict[str, Any]) -> Pair:
    return Pair(
        id=data["id"],
        src=tuple(data["src"]),
        tgt=tuple(data["tgt"]),
        src_text=data["src_text"],
        tgt_text=data["tgt_text"],
        mt_text=data["mt_text"],
        scores=Scores(**data["scores"]),
        divergence=data["divergence"],
        severity=data["severity"],
        flags=tuple(_flag(f) for f in data["flags"]),
        paragraph=data["paragraph"],
        bridges=tuple(Bridge(b["name"], b["text"]) for b in data["bridges"]),
    )


def report_from_dict(data: dict[str, Any]) -> Report:
    """Rebuild the :class:`Report` that :meth:`ResultsCache.put` stored."""
    report, mt, summary = data["report"], data["report"]["mt"], data["report"]["summary"]
    return Report(
        source=_document(report["source"], data["source_text"]),
        target=_document(report["target"], data["target_text"]),
        mt=MTInfo(mt["engine"], mt["model"], mt["revision"], tuple(mt["options"].items())),
        pairs=tuple(_pair(p) for p in report["pairs"]),
        summary=Summary(
            **{k: v for k, v in summary.items() if k != "by_type"},
            by_type=tuple(summary["by_type"].items()),
        ),
        signature=report["tool"]["signature"],
        version=report["tool"]["version"],
        created=report["created"],
        extra_bridges=tuple(
            MTInfo(b["engine"], b["model"], b["revision"]) for b in mt["extra_bridges"]
        ),
    )
