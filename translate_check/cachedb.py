"""The sqlite files behind the translation and embedding caches.

Both caches must survive a crash mid-write and a file sqlite can no longer
read: the database runs in WAL mode, and an unreadable one is moved aside and
rebuilt rather than stopping the run.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path


def open_cache_db(path: Path, schema: str, what: str) -> tuple[sqlite3.Connection, list[str]]:
    """A connection to the cache at ``path`` (created with ``schema``), and any warnings.

    ``what`` names the cache in the warning given when an unreadable file is
    moved aside.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _connect(path, schema), []
    except sqlite3.DatabaseError as exc:
        stamp = time.strftime("%Y%m%dT%H%M%S")
        aside = path.with_name(f"{path.name}.corrupt-{stamp}")
        path.replace(aside)
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        warning = (
            f"{what} cache {path} was unreadable ({exc}); "
            f"moved it to {aside} and started an empty cache"
        )
        return _connect(path, schema), [warning]


def _connect(path: Path, schema: str) -> sqlite3.Connection:
    # Used by one caller at a time, but not always on the thread that opened it (a
    # Ray actor is built on one thread and called on another).
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute(schema)
        (status,) = conn.execute("PRAGMA quick_check").fetchone()
        if status != "ok":
            raise sqlite3.DatabaseError(f"integrity check failed: {status}")
    except sqlite3.DatabaseError:
        conn.close()
        raise
    return conn
