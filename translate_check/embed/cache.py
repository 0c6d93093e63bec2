"""A persistent embedding cache in front of any encoder.

Embedding a long document takes minutes on a CPU, so a rerun (other detector
settings, a fixed typo) must not embed again: every vector is stored in
sqlite, keyed by the encoder's identity and the exact text.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

import numpy as np

from translate_check.cachedb import open_cache_db
from translate_check.embed.base import Encoder, cache_key
from translate_check.model import EncoderInfo
from translate_check.mt.base import Progress

DB_NAME = "embeddings.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS embeddings (
    key TEXT NOT NULL,
    text TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (key, text)
) WITHOUT ROWID
"""


class CachedEncoder:
    """Wraps ``inner``; only texts missing from the cache reach it, each once."""

    def __init__(self, inner: Encoder, cache_dir: Path) -> None:
        self.inner = inner
        self.path = Path(cache_dir) / DB_NAME
        self._key = cache_key(inner.info)
        self._conn, self.warnings = open_cache_db(self.path, _SCHEMA, "embedding")

    @property
    def info(self) -> EncoderInfo:
        return self.inner.info

    def close(self) -> None:
        self._conn.close()

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(texts))
        for start in range(0, len(unique), 500):  # under sqlite's bound-parameter limit
            part = unique[start : start + 500]
            marks = ",".join("?" * len(part))
            rows = self._conn.execute(
                f"SELECT text, vector FROM embeddings WHERE key = ? AND text IN ({marks})",
                [self._key, *part],
            )
            found.update((text, np.frombuffer(blob, dtype=np.float32)) for text, blob in rows)
        if progress and found:
            progress(sum(1 for t in texts if t in found))
        # Similar lengths together keep the encoder's batches dense.
        misses = sorted((t for t in unique if t not in found), key=len)
        if misses:
            vectors = np.asarray(self.inner.encode(misses, progress), dtype=np.float32)
            with closing(self._conn.cursor()) as cur:
                cur.execute("BEGIN")
                cur.executemany(
                    "INSERT OR REPLACE INTO embeddings (key, text, vector) VALUES (?, ?, ?)",
                    [(self._key, t, v.tobytes()) for t, v in zip(misses, vectors, strict=True)],
                )
                cur.execute("COMMIT")
            found.update(zip(misses, vectors, strict=True))
        if not texts:
            return np.zeros((0, 0), np.float32)
        return np.stack([found[t] for t in texts])
