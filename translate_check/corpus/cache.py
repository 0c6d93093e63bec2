"""The results cache: an unchanged document pair reuses its previous report.

Entries are JSON files named by the sha256 of both inputs, their paths and the
run's key (the checking code's fingerprint and every setting among it, and whether
hspell is installed: the Hebrew of every flag depends on it), so a changed sentence,
model, MT file, setting, rule or Hebrew analyser misses the cache and nothing stale is
ever served; a report never names another checkout's files.
JSON (not pickle) keeps a shared CI cache from running code. An entry holds the
data model itself (:mod:`translate_check.codec`), every field included (the
pairs' ``held_back`` flags too), never a rendering of it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from translate_check.codec import decode, encode
from translate_check.io import atomic_write_text
from translate_check.model import Report
from translate_check.results import DocumentResult

FORMAT = 5


def entry_key(*parts: str) -> str:
    """One sha256 over the parts, separated so that no two part lists collide."""
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


class ResultsCache:
    """A folder of ``<key>.json`` results; unreadable entries count as misses."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, key: str, name: str) -> DocumentResult | None:
        """The stored result under ``name`` (names are not part of the key)."""
        path = self.folder / f"{key}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                return None
            report = decode(Report, data["report"])
            return DocumentResult(
                name,
                data["kind"],
                report,
                tuple(data["lines"]),
                cached=True,
                columns=tuple(data["columns"]),
            )
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None

    def put(self, key: str, result: DocumentResult) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        data = {
            "format": FORMAT,
            "kind": result.kind,
            "lines": list(result.lines),
            "columns": list(result.columns),
            "report": encode(result.report),
        }
        atomic_write_text(self.folder / f"{key}.json", json.dumps(data, ensure_ascii=False))
