"""Parallel files: segments that a CAT tool or a person has already paired.

TSV, JSONL, TMX 1.4 and XLIFF 1.2/2.0 are read into :class:`Segment` lists.
XML is parsed with entity resolution, DTD loading and network access all off,
so a hostile file cannot read local files (XXE) or reach out.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from translate_check.errors import InputError
from translate_check.io import decode

if TYPE_CHECKING:
    from lxml.etree import _Element

PARALLEL_SUFFIXES = (".tsv", ".jsonl", ".tmx", ".xlf", ".xliff")
XML_NS = "http://www.w3.org/XML/1998/namespace"
XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF20_NS = "urn:oasis:names:tc:xliff:document:2.0"
HEBREW = ("he", "iw", "heb")
ENGLISH = ("en", "eng")


@dataclass(frozen=True)
class Segment:
    """One source/target pair, the 1-based line where it starts in the file, and the
    1-based column (code points) where its English starts on that line, where the format
    tells (TSV; else 1)."""

    source: str
    target: str
    line: int
    column: int = 1


@dataclass(frozen=True)
class ParallelFile:
    """The segments of a parallel file, with the file's digest for caching."""

    path: Path
    format: str
    segments: tuple[Segment, ...]
    sha256: str


def read_parallel(path: Path) -> ParallelFile:
    """Read a parallel file, choosing the parser by suffix (XML dialects by sniffing)."""
    suffix = path.suffix.lower()
    if suffix not in PARALLEL_SUFFIXES:
        raise InputError(f"{path}: not a parallel file (expected one of {PARALLEL_SUFFIXES})")
    if not path.is_file():
        raise InputError(f"parallel file {path} does not exist")
    raw = path.read_bytes()
    if suffix in (".tsv", ".jsonl"):
        text = decode(raw, str(path)).text
        fmt, segments = (
            ("jsonl", _jsonl(text, path)) if suffix == ".jsonl" else ("tsv", _tsv(text, path))
        )
    else:
        fmt, segments = _xml(raw, path)
    if not segments:
        raise InputError(f"parallel file {path} holds no segments")
    return ParallelFile(path, fmt, tuple(segments), hashlib.sha256(raw).hexdigest())


def _tsv(text: str, path: Path) -> list[Segment]:
    segments = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        source, tab, target = line.partition("\t")
        if not tab:
            raise InputError(f"{path}:{number}: expected 'Hebrew<TAB>English'")
        column = len(source) + len(tab) + len(target) - len(target.lstrip()) + 1
        segments.append(Segment(source.strip(), target.strip(), number, column))
    return segments


def _jsonl(text: str, path: Path) -> list[Segment]:
    segments = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            source, target = record["source"], record["target"]
            if not isinstance(source, str) or not isinstance(target, str):
                raise TypeError
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError(
                f"{path}:{number}: expected a JSON object with string 'source' and 'target'"
            ) from exc
        segments.append(Segment(source.strip(), target.strip(), number))
    return segments


def _xml(raw: bytes, path: Path) -> tuple[str, list[Segment]]:
    try:
        from lxml import etree
    except ImportError as exc:
        raise InputError(
            f"{path}: reading TMX/XLIFF needs lxml (pip install 'translate-check[corpus]')"
        ) from exc
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{path}: not well-formed XML ({exc})") from exc
    if root.tag == "tmx":
        return "tmx", _tmx(root, path)
    for fmt, ns in (("xliff-1.2", XLIFF12_NS), ("xliff-2.0", XLIFF20_NS)):
        if root.tag == f"{{{ns}}}xliff":
            return fmt, _xliff(root, path, ns, "trans-unit" if ns == XLIFF12_NS else "segment")
    raise InputError(f"{path}: root element {root.tag!r} is neither TMX nor XLIFF 1.2/2.0")


def _text(element: _Element | None) -> str:
    """All text of an element with inline markup (tags, placeholders) dropped."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def _lang(element: _Element, attribute: str = f"{{{XML_NS}}}lang") -> str:
    """The primary language subtag, lower case (``he-IL`` -> ``he``)."""
    value = element.get(attribute) or element.get("lang") or ""
    return value.lower().split("-")[0].split("_")[0]


def _tmx(root: _Element, path: Path) -> list[Segment]:
    segments = []
    for tu in root.iter("tu"):
        texts: dict[str, str] = {}
        for tuv in tu.iterfind("tuv"):
            texts.setdefault(_lang(tuv), _text(tuv.find("seg")))
        source = next((texts[k] for k in HEBREW if k in texts), None)
        target = next((texts[k] for k in ENGLISH if k in texts), None)
        if source is None or target is None:
            raise InputError(f"{path}:{tu.sourceline}: translation unit lacks a he or en variant")
        segments.append(Segment(source, target, tu.sourceline or 0))
    return segments


def _xliff(root: _Element, path: Path, ns: str, unit: str) -> list[Segment]:
    """XLIFF 1.2 ``trans-unit`` or 2.0 ``segment`` elements: both hold source and target."""
    names = {"x": ns}
    segments = []
    for element in root.iterfind(f".//x:{unit}", names):
        source = element.find("x:source", names)
        if source is None:
            raise InputError(f"{path}:{element.sourceline}: <{unit}> without <source>")
        target = _text(element.find("x:target", names))
        segments.append(Segment(_text(source), target, element.sourceline or 0))
    return segments
