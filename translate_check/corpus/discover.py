"""Finding the documents of a corpus: naming-convention pairs, parallel files, manifests."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

from translate_check.corpus.parallel import PARALLEL_SUFFIXES
from translate_check.errors import InputError


@dataclass(frozen=True)
class DocumentPair:
    """A Hebrew file and its English translation, checked sentence by sentence."""

    name: str
    source: Path
    target: Path


@dataclass(frozen=True)
class ParallelInput:
    """A file of already paired segments (TSV, JSONL, TMX, XLIFF)."""

    name: str
    path: Path


Item = DocumentPair | ParallelInput


@dataclass(frozen=True)
class Patterns:
    """How documents are recognised; ``*`` in both patterns stands for the document name."""

    source: str = "*.he.txt"
    target: str = "*.en.txt"
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def wanted(self, relative: str) -> bool:
        """Include/exclude globs, matched against the path relative to the corpus root."""
        if self.include and not any(fnmatch(relative, g) for g in self.include):
            return False
        return not any(fnmatch(relative, g) for g in self.exclude)


def discover(root: Path, patterns: Patterns, skip: Iterable[Path] = ()) -> list[Item]:
    """The documents under ``root`` (a folder or one parallel file), sorted by name.

    ``skip`` lists files that live in the corpus but are not documents (the MT
    file, the baseline); hidden folders are not entered. A Hebrew file without
    its English counterpart is an error, so a missing translation cannot pass
    unnoticed.
    """
    if root.is_file():
        if root.suffix.lower() not in PARALLEL_SUFFIXES:
            raise InputError(f"{root}: give a folder, a parallel file or --manifest")
        return [ParallelInput(root.name, root)]
    if not root.is_dir():
        raise InputError(f"corpus {root} does not exist")
    skipped = {p.resolve() for p in skip}
    prefix, suffix = patterns.source.split("*")
    t_prefix, t_suffix = patterns.target.split("*")
    items: list[Item] = []
    for path in _files(root):
        relative = path.relative_to(root).as_posix()
        if path.resolve() in skipped or not patterns.wanted(relative):
            continue
        if fnmatch(path.name, patterns.source) and len(path.name) > len(prefix + suffix):
            stem = path.name[len(prefix) : len(path.name) - len(suffix)]
            target = path.with_name(f"{t_prefix}{stem}{t_suffix}")
            if not target.is_file():
                raise InputError(f"{path} has no translation {target.name} beside it")
            items.append(DocumentPair(str(Path(relative).parent / stem), path, target))
        elif path.suffix.lower() in PARALLEL_SUFFIXES:
            items.append(ParallelInput(relative, path))
    return items


def _files(root: Path) -> list[Path]:
    """Files under ``root`` in a stable order, skipping hidden folders (.git, .venv)."""
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        found += [Path(folder) / name for name in files]
    return sorted(found)


def read_manifest(path: Path) -> list[Item]:
    """Documents listed one per line: ``source<TAB>target`` or a parallel file.

    Paths are relative to the manifest; blank lines and ``#`` comments are ignored.
    """
    if not path.is_file():
        raise InputError(f"manifest {path} does not exist")
    items: list[Item] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        fields = [f.strip() for f in line.split("\t") if f.strip()]
        if not fields or fields[0].startswith("#"):
            continue
        paths = [path.parent / f for f in fields]
        for listed in paths:
            if not listed.is_file():
                raise InputError(f"{path}:{number}: {listed} does not exist")
        if len(paths) == 2:
            items.append(DocumentPair(fields[0], paths[0], paths[1]))
        elif len(paths) == 1 and paths[0].suffix.lower() in PARALLEL_SUFFIXES:
            items.append(ParallelInput(fields[0], paths[0]))
        else:
            raise InputError(f"{path}:{number}: expected 'source<TAB>target' or a parallel file")
    return items


def unique_names(items: Sequence[Item]) -> list[Item]:
    """Refuse two documents with one name: reports and baselines are keyed by it."""
    seen: set[str] = set()
    for item in items:
        if item.name in seen:
            raise InputError(f"two documents are named {item.name!r}; rename one")
        seen.add(item.name)
    return list(items)
