"""Reading inputs and writing outputs safely.

Decoded text is kept exactly as it was (minus a BOM) so sentence offsets point
into what the user wrote; :func:`normalize` gives the cleaned form used for
matching and MT.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from translate_check.errors import InputError

_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Decoded:
    """Text of an input file and how it was obtained."""

    text: str
    encoding: str
    sha256: str
    warnings: tuple[str, ...] = ()


def read_input(path: Path, what: str = "input") -> Decoded:
    """Read and decode a text file, refusing what cannot be a text to check."""
    if not path.exists():
        raise InputError(f"{what} file {path} does not exist")
    if path.is_dir():
        raise InputError(f"{what} {path} is a directory; give a text file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {what} file {path}: {exc.strerror}") from exc
    decoded = decode(raw, str(path))
    if not decoded.text.strip():
        raise InputError(f"{what} file {path} is empty")
    return decoded


def decode(raw: bytes, name: str) -> Decoded:
    """Decode bytes as UTF-8 (BOM tolerated) or fail with a hint."""
    digest = hashlib.sha256(raw).hexdigest()
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name} looks like a binary file, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name} is not valid UTF-8 (byte {exc.start}); save it as UTF-8 and try again"
        ) from exc
    return Decoded(text=text, encoding="utf-8", sha256=digest)


def normalize(text: str) -> str:
    """The form of a text used for matching and MT: NFC, no invisible marks, single spaces."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    return _SPACE.sub(" ", text).strip()


def check_writable(path: Path) -> None:
    """Fail before any slow work when an output cannot be written."""
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise InputError(f"output {path} is a directory; give a file name")
    if not parent.is_dir():
        raise InputError(f"cannot write {path}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise InputError(f"cannot write {path}: permission denied")


def atomic_write_text(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so an interrupted run never leaves half a file."""
    parent = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
