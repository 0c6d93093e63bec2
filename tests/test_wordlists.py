"""The checks' word lists are package data that ships in the wheel."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

from translate_check.detect import wordlists
from translate_check.detect.lexicons import NEGATION_IDIOMS, NEGATIONS
from translate_check.detect.number import HEBREW_NUMBERS, IN_BASE_UNITS

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "translate_check" / "detect" / "data"


def test_every_list_file_is_declared_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["translate_check"]
    files = sorted(DATA.glob("*.json"))
    assert files
    for path in files:
        relative = path.relative_to(ROOT / "translate_check").as_posix()
        assert any(fnmatch(relative, pattern) for pattern in patterns), relative


def test_lists_load_once_with_their_types() -> None:
    assert wordlists.word_lists("negation") is wordlists.word_lists("negation")
    assert "never" in NEGATIONS and ("not", "only") in NEGATION_IDIOMS
    assert HEBREW_NUMBERS["תריסר"] == 12.0
    assert IN_BASE_UNITS["mi"] == ("length", 1609.34)
