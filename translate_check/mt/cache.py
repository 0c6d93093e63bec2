"""A persistent translation cache in front of any translator.

Translating a book takes long enough that reruns (after a crash, or with other
detector settings) must not translate again: every result is stored in sqlite,
keyed by the translator's identity and the exact source text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from pathlib import Path

from translate_check.cachedb import open_cache_db
from translate_check.errors import ModelError
from translate_check.model import MTInfo
from translate_check.mt.base import NBestTranslator, Progress, Translator, cache_key_prefix

DB_NAME = "translations.sqlite3"
COMMIT_EVERY = 128
_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    key TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    PRIMARY KEY (key, source)
) WITHOUT ROWID
"""


class CachedTranslator:
    """Wraps ``inner``; only sentences missing from the cache reach it, each once.

    Results are committed every :data:`COMMIT_EVERY` new translations, so an
    interrupted run resumes where it stopped. A database sqlite cannot read is
    moved aside and rebuilt, and the fact is recorded in :attr:`warnings`.
    """

    def __init__(
        self, inner: Translator, cache_dir: Path, commit_every: int = COMMIT_EVERY
    ) -> None:
        self.inner = inner
        self.path = Path(cache_dir) / DB_NAME
        self._commit_every = commit_every
        self._key = cache_key_prefix(inner.info)
        self._conn, self.warnings = open_cache_db(self.path, _SCHEMA, "translation")

    @property
    def info(self) -> MTInfo:
        return self.inner.info

    def close(self) -> None:
        self._conn.close()

    def _lookup(self, key: str, sources: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        unique = list(dict.fromkeys(sources))
        # Stay well under sqlite's limit on bound parameters.
        for start in range(0, len(unique), 500):
            part = unique[start : start + 500]
            marks = ",".join("?" * len(part))
            rows = self._conn.execute(
                f"SELECT source, target FROM translations WHERE key = ? AND source IN ({marks})",
                [key, *part],
            )
            found.update(rows)
        return found

    def _store(self, key: str, pairs: Sequence[tuple[str, str]]) -> None:
        with closing(self._conn.cursor()) as cur:
            cur.execute("BEGIN")
            cur.executemany(
                "INSERT OR REPLACE INTO translations (key, source, target) VALUES (?, ?, ?)",
                [(key, s, t) for s, t in pairs],
            )
            cur.execute("COMMIT")

    def translate(self, sentences: Sequence[str], progress: Progress | None = None) -> list[str]:
        return self._cached(self._key, sentences, self.inner.translate, progress)

    def translate_nbest(
        self, sentences: Sequence[str], k: int, progress: Progress | None = None
    ) -> list[list[str]]:
        """The inner model's ``k`` best translations, stored as one JSON list per sentence."""
        if not isinstance(self.inner, NBestTranslator):
            raise ModelError(f"the {self.info.engine} engine gives one translation per sentence")
        inner = self.inner

        def translate(chunk: Sequence[str], report: Progress | None) -> list[str]:
            return [
                json.dumps(h, ensure_ascii=False) for h in inner.translate_nbest(chunk, k, report)
            ]

        stored = self._cached(f"{self._key}|nbest={k}", sentences, translate, progress)
        return [json.loads(text) for text in stored]

    def _cached(
        self,
        key: str,
        sentences: Sequence[str],
        translate: Callable[[Sequence[str], Progress | None], list[str]],
        progress: Progress | None,
    ) -> list[str]:
        """Outputs of ``translate`` under ``key``; only the missing sentences reach it."""
        found = self._lookup(key, sentences)
        if progress and found:
            progress(sum(1 for s in sentences if s in found))
        # Similar lengths in a chunk keep the inner translator's batches dense.
        misses = sorted({s for s in sentences if s not in found}, key=len)
        copies = {s: 0 for s in misses}
        for s in sentences:
            if s in copies:
                copies[s] += 1
        for chunk in _chunks(misses, self._commit_every):
            translated = translate(chunk, progress)
            if len(translated) != len(chunk):
                raise ModelError(
                    f"the {self.info.engine} translator returned {len(translated)} "
                    f"translations for {len(chunk)} sentences"
                )
            self._store(key, list(zip(chunk, translated, strict=True)))
            found.update(zip(chunk, translated, strict=True))
            if progress:
                # The inner translator counted each distinct sentence once.
                extra = sum(copies[s] - 1 for s in chunk)
                if extra:
                    progress(extra)
        return [found[s] for s in sentences]


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
