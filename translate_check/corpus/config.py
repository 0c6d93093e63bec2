"""Corpus settings from ``[tool.translate_check]``, the environment and the command line.

Each source is parsed into a partial mapping of validated values; :func:`resolve`
layers them (command line > environment > config file > defaults). The caller
passes the environment in, so nothing here reads it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, get_args

from translate_check.detect import DETECTORS, MIN_CONFIDENCE
from translate_check.embed import BUNDLED
from translate_check.errors import InputError
from translate_check.io import Markup
from translate_check.model import FailOn
from translate_check.mt.base import Engine

CONFIG_FILES = ("translate-check.toml", "pyproject.toml")
MARKUP: tuple[str, ...] = get_args(Markup)
ENV_PREFIX = "TRANSLATE_CHECK_"
ENV_KEYS = (
    "model",
    "engine",
    "fail-on",
    "min-confidence",
    "detectors",
    "jobs",
    "baseline",
    "mt-file",
)


@dataclass(frozen=True)
class Thresholds:
    """Limits of the corpus-level checks (detectors keep their own)."""

    length_ratio: float = 1.6
    """English/MT length ratio beyond which a segment may hold a neighbour's text."""
    similarity_gain: float = 8.0
    """chrF points by which a neighbour must match better before a merge or split is flagged."""


@dataclass(frozen=True)
class Settings:
    """Everything a corpus run can be configured with."""

    model: str | None = None
    engine: str = "auto"
    fail_on: str = "major"
    min_confidence: float = MIN_CONFIDENCE
    detectors: tuple[str, ...] = tuple(DETECTORS)
    source_pattern: str = "*.he.txt"
    target_pattern: str = "*.en.txt"
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    glossary: tuple[tuple[str, tuple[str, ...]], ...] = ()
    baseline: Path | None = None
    mt_file: tuple[Path, ...] = ()
    jobs: int = 1
    segmented: bool = False
    paired: bool = False
    markup: Markup = "auto"
    encoder: str = BUNDLED
    """The sentence encoder that aligns running text beside the MT; "" for none."""
    thresholds: Thresholds = field(default_factory=Thresholds)


def find_config(start: Path) -> Path | None:
    """The nearest ``translate-check.toml``, or ``pyproject.toml`` with our table, upwards."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        for name in CONFIG_FILES:
            path = candidate / name
            if path.is_file() and (name != "pyproject.toml" or _table(path) is not None):
                return path
    return None


def _table(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not valid TOML ({exc})") from exc
    table = data.get("tool", {}).get("translate_check")
    if path.name != "pyproject.toml" and table is None:
        table = {k: v for k, v in data.items() if k != "tool"}
    return table


def load_config(path: Path) -> dict[str, Any]:
    """Validated values of a config file; relative paths are taken from its folder."""
    table = _table(path)
    if table is None:
        raise InputError(f"{path}: no [tool.translate_check] table")
    return parse(table, path.parent, str(path))


def parse_env(environ: Mapping[str, str]) -> dict[str, Any]:
    """Validated values of the ``TRANSLATE_CHECK_*`` variables in ``environ``."""
    raw: dict[str, Any] = {}
    for key in ENV_KEYS:
        value = environ.get(ENV_PREFIX + key.upper().replace("-", "_"))
        if value:
            listed = key in ("detectors", "mt-file")
            raw[key] = [v.strip() for v in value.split(",") if v.strip()] if listed else value
    if "min-confidence" in raw:
        try:
            raw["min-confidence"] = float(raw["min-confidence"])
        except ValueError as exc:
            raise InputError(
                f"{ENV_PREFIX}MIN_CONFIDENCE: expected a number, got {raw['min-confidence']!r}"
            ) from exc
    if "jobs" in raw:
        try:
            raw["jobs"] = int(raw["jobs"])
        except ValueError as exc:
            raise InputError(f"{ENV_PREFIX}JOBS: expected a number, got {raw['jobs']!r}") from exc
    return parse(raw, Path("."), "environment")


def parse(table: Mapping[str, Any], base: Path, origin: str) -> dict[str, Any]:
    """Check types and values of one source's keys (kebab-case, as in TOML)."""
    known = {f.name.replace("_", "-") for f in fields(Settings)}
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in known:
            listed = ", ".join(sorted(known))
            raise InputError(f"{origin}: unknown setting {key!r} (known: {listed})")
        name = key.replace("-", "_")
        where = f"{origin}: {key}"
        if name in ("model", "source_pattern", "target_pattern"):
            values[name] = _string(value, where)
        elif name == "engine":
            values[name] = _choice(value, tuple(Engine), where)
        elif name == "markup":
            values[name] = _choice(value, MARKUP, where)
        elif name == "encoder":
            # A name, a folder or a hub id; false for none.
            values[name] = "" if value is False else _string(value, where)
        elif name in ("segmented", "paired"):
            if not isinstance(value, bool):
                raise InputError(f"{where}: expected true or false")
            values[name] = value
        elif name == "fail_on":
            values[name] = _choice(value, tuple(FailOn), where)
        elif name == "detectors":
            values[name] = tuple(_choice(v, tuple(DETECTORS), where) for v in _list(value, where))
        elif name in ("include", "exclude"):
            values[name] = tuple(_list(value, where))
        elif name == "mt_file":
            values[name] = tuple(base / p for p in _list(value, where))
        elif name == "baseline":
            values[name] = base / _string(value, where)
        elif name == "min_confidence":
            if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 1:
                raise InputError(f"{where}: expected a number from 0 to 1")
            values[name] = float(value)
        elif name == "jobs":
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise InputError(f"{where}: expected a whole number of at least 1")
            values[name] = value
        elif name == "glossary":
            values[name] = _glossary(value, where)
        else:
            values[name] = _thresholds(value, where)
    for name in ("source_pattern", "target_pattern"):
        if name in values and values[name].count("*") != 1:
            raise InputError(f"{origin}: {name.replace('_', '-')} must contain exactly one '*'")
    return values


def resolve(*layers: Mapping[str, Any]) -> Settings:
    """Defaults overlaid by each layer in turn: pass them lowest precedence first."""
    merged: dict[str, Any] = {}
    for layer in layers:
        merged.update({k: v for k, v in layer.items() if v is not None})
    return Settings(**merged)


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise InputError(f"{where}: expected a non-empty string")
    return value


def _choice(value: Any, choices: tuple[str, ...], where: str) -> str:
    if value not in choices:
        raise InputError(f"{where}: expected one of {', '.join(choices)}, got {value!r}")
    return str(value)


def _list(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise InputError(f"{where}: expected a list of strings")
    return value


def _glossary(value: Any, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise InputError(f"{where}: expected a table of Hebrew term = [English renderings]")
    return tuple(
        (_string(term, where), tuple(_list(renderings, f"{where}.{term}")))
        for term, renderings in value.items()
    )


def _thresholds(value: Any, where: str) -> Thresholds:
    if not isinstance(value, dict):
        raise InputError(f"{where}: expected a table")
    known = {f.name.replace("_", "-"): f.name for f in fields(Thresholds)}
    chosen: dict[str, float] = {}
    for key, number in value.items():
        if key not in known:
            raise InputError(f"{where}: unknown threshold {key!r} (known: {', '.join(known)})")
        if not isinstance(number, (int, float)) or isinstance(number, bool) or number <= 0:
            raise InputError(f"{where}.{key}: expected a positive number")
        chosen[known[key]] = float(number)
    return Thresholds(**chosen)
