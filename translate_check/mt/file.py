"""Precomputed translations (``--mt-file``): TSV or JSONL looked up by source text.

Files made with another sentence splitter still work: a segment that equals
several consecutive entries gets their joined translations, and an entry that
covers several consecutive segments has its translation shared out among them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sentencex import segment as sentencex_segment

from translate_check.errors import InputError, MissingTranslationError
from translate_check.io import normalize, read_input
from translate_check.model import MTInfo
from translate_check.mt.base import Progress

MAX_GROUP = 3
"""Largest number of segments (or entries) matched against one entry (or segment)."""


@dataclass(frozen=True)
class Entry:
    source: str
    translation: str


def parse_entries(path: Path) -> list[Entry]:
    """Read TSV (``source<TAB>translation``) or JSONL (``{"source", "translation"}``)."""
    text = read_input(path, "MT").text
    first = text.lstrip()[:1]
    entries = _parse_jsonl(text, path) if first == "{" else _parse_tsv(text, path)
    if not entries:
        raise InputError(f"MT file {path} holds no translations")
    return entries


def _parse_tsv(text: str, path: Path) -> list[Entry]:
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        source, tab, translation = line.partition("\t")
        if not tab:
            raise InputError(f"{path}:{number}: expected 'source<TAB>translation'")
        entries.append(Entry(normalize(source), normalize(translation)))
    return entries


def _parse_jsonl(text: str, path: Path) -> list[Entry]:
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            entries.append(Entry(normalize(record["source"]), normalize(record["translation"])))
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(
                f"{path}:{number}: expected a JSON object with 'source' and 'translation'"
            ) from exc
    return entries


def share_out(translation: str, sources: Sequence[str]) -> list[str]:
    """Split one translation among consecutive sources, by sentences when it has enough.

    Otherwise the cut falls at the word boundary nearest each source's share of length,
    so every segment keeps a bridge that the aligner can still match.
    """
    if len(sources) == 1:
        return [translation]
    pieces = [p.strip() for p in sentencex_segment("en", translation) if p.strip()]
    total = sum(len(s) for s in sources) or 1
    out: list[str] = []
    if len(pieces) >= len(sources):
        for i, source in enumerate(sources[:-1]):
            want = len(source) / total * len(pieces)
            take = max(1, min(round(want), len(pieces) - (len(sources) - i - 1)))
            out.append(" ".join(pieces[:take]))
            pieces = pieces[take:]
        return [*out, " ".join(pieces)]
    words = translation.split()
    for i, source in enumerate(sources[:-1]):
        take = max(1, min(round(len(source) / total * len(words)), len(words)))
        if i == len(sources) - 2:
            take = min(take, max(len(words) - 1, 0))
        out.append(" ".join(words[:take]))
        words = words[take:]
        total -= len(source)
    return [*out, " ".join(words)]


class FileTranslator:
    """Serves translations that another system (or a person) produced beforehand."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries = parse_entries(path)
        self.index: dict[str, list[int]] = {}
        for i, entry in enumerate(self.entries):
            self.index.setdefault(entry.source, []).append(i)

    @property
    def info(self) -> MTInfo:
        return MTInfo(engine="file", model=str(self.path))

    def _lookup(self, key: str) -> str | None:
        found = self.index.get(key)
        return self.entries[found[0]].translation if found else None

    def _entries_spelling(self, key: str) -> str | None:
        """Translations of 2..MAX_GROUP consecutive entries whose sources join into ``key``."""
        for start in range(len(self.entries)):
            source = self.entries[start].source
            if not key.startswith(source) or source == key:
                continue
            joined, parts = source, [self.entries[start].translation]
            for nxt in self.entries[start + 1 : start + MAX_GROUP]:
                joined = f"{joined} {nxt.source}"
                parts.append(nxt.translation)
                if joined == key:
                    return " ".join(parts)
                if not key.startswith(joined):
                    break
        return None

    def has_entry(self, text: str) -> bool:
        """Whether ``text`` is the source of an entry, as written (up to normalisation)."""
        return normalize(text) in self.index

    def translate(self, sentences: Sequence[str], progress: Progress | None = None) -> list[str]:
        keys = [normalize(s) for s in sentences]
        out: list[str | None] = [None] * len(keys)
        i = 0
        while i < len(keys):
            hit = self._lookup(keys[i])
            if hit is not None:
                out[i] = hit
                i += 1
                continue
            for size in range(2, MAX_GROUP + 1):
                group = keys[i : i + size]
                covered = self._lookup(" ".join(group)) if len(group) == size else None
                if covered is not None:
                    out[i : i + size] = share_out(covered, group)
                    i += size
                    break
            else:
                out[i] = self._entries_spelling(keys[i])
                i += 1
        missing = [sentences[k] for k, value in enumerate(out) if value is None]
        if missing:
            shown = "; ".join(repr(m[:60]) for m in missing[:3])
            raise MissingTranslationError(
                f"{self.path} has no translation for {len(missing)} source sentence(s), "
                f"e.g. {shown}"
            )
        if progress:
            progress(len(sentences))
        return [value or "" for value in out]
