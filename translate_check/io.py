"""Reading inputs and writing outputs safely.

Users give whatever file they have: UTF-16 from Notepad, Windows-1255 from an
old editor, Hebrew garbled by a wrong conversion, HTML copied from a page, or a
PDF. Decoding either yields the text as the user wrote it, with warnings saying
what was done, or an :class:`InputError` that says what to do instead.

Decoded text is kept as it was (minus a BOM) so sentence offsets point into
what the user wrote; :func:`normalize` gives the cleaned form used for
matching and MT.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import os
import re
import stat
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from translate_check.errors import InputError, OutputError
from translate_check.facts import HEBREW_LETTERS

MAX_INPUT_BYTES = 256 * 2**20
"""Inputs are read whole; a larger file is almost surely not one document to check."""

MIN_HEBREW_SHARE = 0.2
"""Least share of Hebrew letters for a text to be taken as a Hebrew source."""

SAMPLE_CHARS = 65536
"""Heuristics (encoding, script, markup, binary) look at this much of a text, so they stay cheap."""

_CONTROL_CHARS = "\x00-\x08\x0e-\x1f\x7f-\x9f"
IGNORABLE_CHARS = (
    _CONTROL_CHARS + "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
)
"""Characters that carry no text: controls, zero-width and bidi marks (for a regex class)."""
IGNORABLE = re.compile(f"[{IGNORABLE_CHARS}]")
# Points (niqqud) and cantillation: combining marks only, so maqaf, paseq and sof pasuq stay.
_HEBREW_MARKS = re.compile("[\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7]")
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(f"[{_CONTROL_CHARS}]")

_HEBREW_LETTER = re.compile(f"[{HEBREW_LETTERS}\ufb1d-\ufb4f]")  # presentation forms too
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")
_LETTERS = re.compile(r"[^\W\d_]+")

_BOMS = (  # UTF-32 first: its little-endian BOM starts like UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DOCUMENT_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a Word/OpenDocument file or ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word (.doc) file"),
    (b"{\\rtf", "an RTF document"),
)
# Earlier wins a tie: English with only curly quotes reads the same in all three.
_LEGACY = ("windows-1252", "windows-1255", "iso-8859-8")
_LEGACY_NAMES = {
    "windows-1252": "Windows-1252 (Western European)",
    "windows-1255": "Windows-1255 (Hebrew)",
    "iso-8859-8": "ISO-8859-8 (Hebrew)",
}

# Mojibake: UTF-8 bytes shown one per character by a Windows-1252 (or Latin-1) decoder.
_BYTE_OF = {chr(b): b for b in range(0x80, 0x100)} | {
    c: b for b in range(0x80, 0xA0) if (c := bytes([b]).decode("cp1252", errors="ignore"))
}
_CONT = "[" + "".join(re.escape(c) for c, b in _BYTE_OF.items() if b < 0xC0) + "]"
_MOJIBAKE_SEQUENCE = re.compile(
    f"[\u00c2-\u00df]{_CONT}|[\u00e0-\u00ef]{_CONT}{{2}}|[\u00f0-\u00f4]{_CONT}{{3}}"
)
# A lead byte left over next to repaired letters: its partner byte was lost on the way.
_MOJIBAKE_LEFTOVER = re.compile(
    f"[\u00d6\u00d7](?=[{HEBREW_LETTERS}\ufffd])|(?<=[{HEBREW_LETTERS}])[\u00d6\u00d7]"
)

_HTML_TAG = re.compile(
    r"<(/?)([a-z][a-z0-9]*)\b[^<>]*>|<!--.*?-->|<!doctype[^<>]*>", re.IGNORECASE | re.DOTALL
)
_HTML_KNOWN = re.compile(
    r"</?(?:html|head|body|p|div|br|span|a|b|i|em|strong|h[1-6]|li|ul|ol|table|tr|td|meta|"
    r"script|style|title)\b[^<>]*>|<!doctype\s+html",
    re.IGNORECASE,
)
_HTML_PAGE = re.compile(r"[\s\ufeff]*(?:<!doctype\s+html|<html\b)", re.IGNORECASE)
_HTML_HIDDEN = re.compile(r"<(head|script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_HTML_ENTITY = re.compile(r"&(?:#[0-9]+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.IGNORECASE)
_HTML_INLINE = re.compile(
    "a|abbr|b|big|cite|code|del|em|font|i|ins|mark|q|s|small|span|strike|strong|sub|sup|u"
)


Markup = Literal["auto", "html", "text"]
"""How an input's tags are read: ``html`` strips them, ``text`` keeps them as words,
``auto`` strips them from what looks like HTML (:func:`looks_like_html`)."""


@dataclass(frozen=True)
class Decoded:
    """Text of an input file and how it was obtained."""

    text: str
    encoding: str
    sha256: str
    warnings: tuple[str, ...] = ()


def read_input(path: Path, what: str = "input", *, markup: Markup = "auto") -> Decoded:
    """Read and decode a text file, refusing what cannot be a text to check."""
    label = f"{what} file {path}"
    if not path.exists():
        raise InputError(f"{label} does not exist; check the path")
    if path.is_dir():
        raise InputError(f"{what} {path} is a folder; give the path of a text file")
    if not path.is_file():
        raise InputError(f"{label} is not a regular file; give the path of a text file")
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise InputError(
            f"{label} is {size / 2**20:.0f} MiB, more than the {MAX_INPUT_BYTES // 2**20} MiB "
            "that can be checked at once; split it into smaller files"
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {label}: {exc.strerror}") from exc
    if not raw:
        raise InputError(f"{label} is empty")
    decoded = decode(raw, label)
    if markup == "html" or (markup == "auto" and looks_like_html(decoded.text)):
        why = "" if markup == "html" else " (it looks like HTML; --markup text keeps the tags)"
        decoded = replace(
            decoded,
            text=strip_html(decoded.text),
            warnings=(*decoded.warnings, f"{label}: removed HTML markup{why}"),
        )
    if not normalize(decoded.text[:SAMPLE_CHARS]) and not normalize(decoded.text):
        raise InputError(f"{label} holds no text, only whitespace or invisible characters")
    return decoded


def decode(raw: bytes, name: str) -> Decoded:
    """Decode bytes: a BOM's encoding, else UTF-8, else the likeliest legacy encoding."""
    digest = hashlib.sha256(raw).hexdigest()
    for magic, kind in _DOCUMENT_MAGIC:
        if raw.startswith(magic):
            raise InputError(f"{name} is {kind}, not plain text; save it as plain text (UTF-8)")
    encoding = next((enc for bom, enc in _BOMS if raw.startswith(bom)), None)
    warnings: list[str] = []
    if encoding is not None:
        try:
            text = raw.decode(encoding)[1:]
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{name} starts with a {encoding} byte-order mark but is not valid {encoding} "
                f"(byte {exc.start}); save it again as UTF-8"
            ) from exc
    elif b"\x00" in raw[:SAMPLE_CHARS]:
        text, encoding = _decode_utf16_without_bom(raw, name)
        warnings.append(f"{name} has no byte-order mark; read it as {encoding}")
    else:
        try:
            text, encoding = raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding, also = _decode_legacy(raw, name)
            same = f", which reads the same as {' and '.join(also)} here" if also else ""
            warnings.append(
                f"{name} is not UTF-8; read it as {_LEGACY_NAMES[encoding]}{same}; "
                "save it as UTF-8 to be sure it is read right"
            )
    if encoding not in _LEGACY:
        text, repaired = repair_mojibake(text, name)
        if repaired:
            warnings.append(repaired)
    sample = text[:SAMPLE_CHARS]
    if len(_CONTROL.findall(sample)) > 2 + len(sample) // 100:
        raise InputError(_binary(name))
    return Decoded(text=text, encoding=encoding, sha256=digest, warnings=tuple(warnings))


def _binary(name: str) -> str:
    return f"{name} looks like a binary file, not text; give a plain-text file"


def _decode_utf16_without_bom(raw: bytes, name: str) -> tuple[str, str]:
    """UTF-16 that lost its BOM (NUL bytes are the high halves of ASCII), else binary.

    Any bytes read as UTF-16 give *some* characters, so the result must also be
    free of controls and mostly Hebrew or Latin letters.
    """
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:SAMPLE_CHARS]
        if not _CONTROL.search(sample) and script_of(sample).name in ("Hebrew", "Latin"):
            return text, encoding
    raise InputError(_binary(name))


def _decode_legacy(raw: bytes, name: str) -> tuple[str, str, list[str]]:
    """The legacy encoding whose reading looks most like real Hebrew or Western text.

    Also returns the other encodings that read the file identically (a Hebrew
    text of plain letters is the same in Windows-1255 and ISO-8859-8).
    """
    readings: dict[str, str] = {}
    for encoding in _LEGACY:
        try:
            readings[encoding] = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    scores = {enc: plausibility(text[:SAMPLE_CHARS]) for enc, text in readings.items()}
    best = max(scores, key=scores.__getitem__, default=None)  # the first of equals wins
    if best is None or scores[best] < 0:
        raise InputError(
            f"{name} is not UTF-8 and its encoding could not be recognised; save it as UTF-8"
        )
    text = readings[best]
    also = [
        _LEGACY_NAMES[enc].split()[0] for enc in readings if enc != best and readings[enc] == text
    ]
    return text, best, also


def plausibility(text: str) -> int:
    """How much a decoding looks like real text: words of one script count for, garble against.

    Short Hebrew texts defeat statistical detectors; this only asks whether each
    non-ASCII word is all Hebrew letters (שלום) or Latin with accents (café), and
    counts words like ùìåí (Hebrew read as Windows-1252), cafי (the reverse) and
    control characters against.
    """
    score = -10 * len(_CONTROL.findall(text))
    for word in _LETTERS.findall(text):
        if word.isascii():
            continue
        hebrew = len(_HEBREW_LETTER.findall(word))
        if hebrew == len(word) or (not hebrew and any(c.isascii() for c in word)):
            score += 1
        elif hebrew or len(word) > 1:
            score -= 1
    return score


def repair_mojibake(text: str, name: str) -> tuple[str, str]:
    """Undo UTF-8 that was read as Windows-1252 and saved again (×©×œ×•× → שלום, â€™ → ’).

    Returns the text and a warning (empty when nothing was garbled). A single
    match may be genuine (Â°), so it takes two to repair. Fails when Hebrew
    letters were lost in the round trip, because a half-repaired text would be
    checked as if it were right.
    """
    found: list[int] = []

    def fix(match: re.Match[str]) -> str:
        try:
            fixed = bytes(_BYTE_OF[c] for c in match.group()).decode("utf-8")
        except UnicodeDecodeError:
            return match.group()
        found.append(match.start())
        return fixed

    repaired = _MOJIBAKE_SEQUENCE.sub(fix, text)
    if len(found) < 2:
        return text, ""
    example = text[found[0] : found[0] + 24].split()[0]
    what = f"garbled text (UTF-8 read as Windows-1252, e.g. {example!r})"
    if _MOJIBAKE_LEFTOVER.search(repaired):
        raise InputError(
            f"{name} holds {what} and some letters were lost, so it cannot be repaired; "
            "save the original as UTF-8"
        )
    return repaired, (
        f"{name} held {what}; repaired {len(found)} characters — "
        "check the result and save the file as UTF-8"
    )


def normalize(text: str) -> str:
    """The form of a text used for matching and MT.

    NFC, no niqqud or cantillation (MT models and translation files are
    unpointed), no invisible marks, single spaces.
    """
    text = unicodedata.normalize("NFC", text)
    text = IGNORABLE.sub("", _HEBREW_MARKS.sub("", text))
    return _SPACE.sub(" ", text).strip()


def looks_like_html(text: str) -> bool:
    """A page (it opens with a doctype or ``<html>``), or tags on more than half of its lines.

    Density, not a count: a plain text whose sentences quote ``<b>`` or
    ``<script>…</script>`` holds tags on a few lines only, and stays text.
    """
    sample = text[:SAMPLE_CHARS]
    if _HTML_PAGE.match(sample):
        return True
    lines = [line for line in sample.splitlines() if line.strip()]
    tagged = sum(1 for line in lines if _HTML_KNOWN.search(line))
    return len(_HTML_KNOWN.findall(sample)) >= 3 and 2 * tagged > len(lines)


def strip_html(text: str) -> str:
    """Blank out tags, comments, the head, scripts and entities *in place*, keeping offsets.

    Block tags become a blank line (a paragraph break), ``<br>`` a line break,
    inline tags and the rest of an entity zero-width spaces, which
    :func:`normalize` drops; so sentence offsets still point into the HTML.
    """

    def blank(match: re.Match[str]) -> str:
        return "".join(c if c in "\r\n" else " " for c in match.group())

    def tag(match: re.Match[str]) -> str:
        length = len(match.group())
        name = (match.group(2) or "").lower()
        if _HTML_INLINE.fullmatch(name):
            return "\u200b" * length
        head = "\n" if name == "br" else "\n\n"
        return head + " " * (length - len(head))

    def entity(match: re.Match[str]) -> str:
        char = html.unescape(match.group())[:1]
        if not char.isprintable() and not char.isspace():
            char = " "
        return char + "\u200b" * (len(match.group()) - 1)

    text = _HTML_HIDDEN.sub(blank, text)
    text = _HTML_TAG.sub(tag, text)
    return _HTML_ENTITY.sub(entity, text)


@dataclass(frozen=True)
class Script:
    """Which letters a text is written in, judged on its first :data:`SAMPLE_CHARS`."""

    name: str
    """'Hebrew', 'Latin', another script's name (most letters), or '' without letters."""
    hebrew_share: float
    """Share of its letters that are Hebrew."""


def script_of(text: str) -> Script:
    sample = text[:SAMPLE_CHARS]
    hebrew = len(_HEBREW_LETTER.findall(sample))
    latin = len(_LATIN_LETTER.findall(sample))
    letters = "".join(_LETTERS.findall(sample))
    share = hebrew / len(letters) if letters else 0.0
    if len(letters) - hebrew - latin > max(hebrew, latin):
        foreign = _LATIN_LETTER.sub("", _HEBREW_LETTER.sub("", letters))[0]
        return Script(unicodedata.name(foreign, "UNKNOWN").split()[0].title(), share)
    if not hebrew and not latin:
        return Script("", share)
    return Script("Hebrew" if hebrew > latin else "Latin", share)


def check_languages(source_text: str, target_text: str, source: Path, target: Path) -> None:
    """Refuse a pair that cannot be a Hebrew source and its English translation.

    Caught here, a swapped pair costs a second; caught after MT, minutes. A
    Hebrew source may quote much English (names, terms, addresses), so it only
    needs :data:`MIN_HEBREW_SHARE` of its letters to be Hebrew.
    """
    src, tgt = script_of(source_text), script_of(target_text)
    if src.name == "Latin" and tgt.name == "Hebrew":
        raise InputError(
            f"{source} looks like English and {target} like Hebrew — did you swap them? "
            "Give the Hebrew source first, then the English translation"
        )
    if src.hebrew_share < MIN_HEBREW_SHARE:
        raise InputError(
            f"source file {source} does not look like Hebrew ({_found(src)}); "
            "give the Hebrew source first"
        )
    if tgt.name != "Latin":
        raise InputError(
            f"translation file {target} does not look like English ({_found(tgt)}); "
            "give the English translation second"
        )


def _found(script: Script) -> str:
    return f"mostly {script.name} letters" if script.name else "no letters at all"


STDOUT = "-"
"""The output path that means standard output, for a report that is one stream."""


def is_stdout(path: Path) -> bool:
    return str(path) == STDOUT


def _kind(mode: int) -> str:
    """What an odd file is, in words a user knows."""
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "not a regular file"


def _stream(path: Path) -> bool:
    """A FIFO or a character device: written to as it is, never replaced."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)


def check_folder(folder: Path, what: str) -> None:
    """Fail before any work when ``folder`` cannot hold outputs; a missing one is made later.

    One rule for every output: missing folders are created, as CI runners on a fresh
    checkout expect, but an existing file in the way or a read-only folder is an error.
    """
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError(f"cannot write {what}: {existing} is not a folder")
    if not os.access(existing, os.W_OK):
        raise OutputError(f"cannot write {what}: permission denied; choose another output path")


def check_writable(path: Path, inputs: Iterable[Path] = ()) -> None:
    """Fail before any slow work when an output cannot be written or would clobber an input.

    ``-`` is standard output; a symbolic link stands for its target; a FIFO or a
    character device is written as it is; any other kind of file is refused.
    """
    if is_stdout(path):
        return
    target = Path(os.path.realpath(path))
    if target.is_symlink():
        raise OutputError(f"output {path} is a symbolic link that loops; give a file name")
    if target.is_dir():
        raise OutputError(f"output {path} is a folder; give a file name")
    if target.exists():
        mode = target.stat().st_mode
        if not (stat.S_ISREG(mode) or _stream(target)):
            raise OutputError(f"output {path} is {_kind(mode)}; give a file name")
        if not os.access(target, os.W_OK):
            raise OutputError(f"cannot write {path}: permission denied; choose another output path")
    check_folder(target.parent, str(path))
    for source in inputs:
        if target.exists() and source.exists() and target.samefile(source):
            raise OutputError(f"output {path} is also an input; choose another output path")


def check_outputs(outputs: Mapping[str, Path | None], inputs: Iterable[Path] = ()) -> None:
    """Check every output given (by its option) and that no two of them share a path.

    Otherwise the second report written would silently replace the first.
    """
    inputs = list(inputs)
    seen: dict[Path, str] = {}
    for option, path in outputs.items():
        if path is None:
            continue
        check_writable(path, inputs)
        where = path.resolve()
        if where in seen:
            raise OutputError(
                f"{seen[where]} and {option} both write {path}; give each output its own path"
            )
        seen[where] = option


def atomic_write_text(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so an interrupted run never leaves half a file.

    A symbolic link is written through: its target is replaced, the link stays. A FIFO
    or a character device is written directly, since renaming over it would replace it.
    Missing folders are created.
    """
    target = Path(os.path.realpath(path))
    if _stream(target):
        try:
            with target.open("w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
        return
    tmp = ""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
            # mkstemp creates 0600; reports are shared, so use the usual umask-based mode.
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(handle.fileno(), 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException as exc:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(
                f"cannot write {path}: {exc.strerror or exc}; any earlier version is unchanged"
            ) from exc
        raise
