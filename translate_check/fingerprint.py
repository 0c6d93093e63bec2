"""A fingerprint of the checking code and its data, for keys of stored results.

The package version stays the same across many changes to the rules, so a
results cache keyed by it would serve findings made by other code. The
fingerprint is a sha256 over every file the checks read or run (sources, word
lists, the fitted confidence model, the compiled TER), so editing any of them
misses the cache; the renderers and the command line, which never reach a
stored result, are left out so that restyling a report keeps the cache. The
Python version (its Unicode tables) and the versions of the libraries that
segment, tokenise, stem, score, align, read parallel files or translate are
part of it too.
"""

from __future__ import annotations

import hashlib
import platform
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
OUTSIDE_RESULTS = ("report", "cli")
"""Top-level folders of the package whose files never change a stored result."""
LIBRARIES = (
    "sacrebleu", "sentencex", "rapidfuzz", "snowballstemmer", "pystemmer", "countryinfo", "numpy",
    "lxml", "torch", "transformers", "sentencepiece", "ctranslate2",
)  # fmt: skip
"""Libraries whose version can change a result (absent ones count as absent)."""


def files(package: Path) -> list[Path]:
    """The package's files that shape results, in a stable order."""
    return sorted(
        path
        for path in package.rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and path.relative_to(package).parts[0] not in OUTSIDE_RESULTS
    )


def fingerprint(package: Path) -> str:
    """sha256 over each file's path (relative to ``package``) and bytes."""
    digest = hashlib.sha256()
    for path in files(package):
        digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _version(library: str) -> str:
    try:
        return version(library)
    except PackageNotFoundError:
        return "-"


@cache
def code_fingerprint() -> str:
    """This installation's fingerprint (computed once a process)."""
    libraries = ",".join(f"{name}={_version(name)}" for name in LIBRARIES)
    return f"{fingerprint(PACKAGE)}|python={platform.python_version()}|{libraries}"
