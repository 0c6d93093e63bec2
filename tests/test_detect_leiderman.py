"""The seed case end to end: the blogger's drifts are flagged on the right words, the
faithful sentences stay clean."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from translate_check.cli import main

LEIDERMAN = Path(__file__).resolve().parents[1] / "fixtures" / "leiderman"

FAITHFUL_HEBREW = {2, 4, 7, 8, 9}
"""Hebrew sentences 3, 5, 8, 9 and 10 (ids count from 0)."""
FAITHFUL_ENGLISH = (
    "Leiderman, according to this estimation, refused the Russian offer and the Russians "
    "decided to deport him.",
    "During his investigation he claimed that the Russians misinterpreted his behaviour and "
    "that there is no basis to their claims.",
    "The true background to the deportation is unclear.",
    "But one must take into account several things: firstly, that Leiderman worked to advance "
    "arms deals between Israel and Russia.",
    "Both countries are about to sign a secrecy agreement regarding military cooperation, which "
    "will serve as a platform for arms deals.",
)


@pytest.fixture(scope="module")
def pairs(leiderman_run: tuple[str, dict]) -> list[dict]:
    return leiderman_run[1]["pairs"]


def flagged(pairs: list[dict], kind: str) -> list[tuple[dict, str]]:
    """(pair, flagged English text) for every English span of every flag of one type."""
    return [
        (pair, pair["tgt_text"][start:end])
        for pair in pairs
        for flag in pair["flags"]
        if flag["type"] == kind
        for start, end in flag["tgt_spans"]
    ]


def test_great_pressure_is_a_major_intensity_shift(pairs: list[dict]) -> None:
    hits = [(p, text) for p, text in flagged(pairs, "intensity") if text == "great"]
    assert hits
    pair = hits[0][0]
    assert 1 in pair["src"] and pair["severity"] == "major"
    message = next(f["message"] for f in pair["flags"] if f["type"] == "intensity")
    assert "“some kind of” pressure lever" in message and "“great” pressure" in message


def test_all_aspects_is_an_intensity_shift(pairs: list[dict]) -> None:
    hits = [(p, t) for p, t in flagged(pairs, "intensity") if t == "all"]
    assert any("on all aspects" in p["tgt_text"] and 3 in p["src"] for p, _ in hits)


def test_added_clause_is_flagged_on_its_words(pairs: list[dict]) -> None:
    texts = [t for _, t in flagged(pairs, "addition")]
    assert any("refused he was deported" in t for t in texts)
    assert not any("recruit" in t or "Leiderman" in t for t in texts)


def test_israeli_is_an_unsupported_name(pairs: list[dict]) -> None:
    assert "Israeli" in [t for _, t in flagged(pairs, "entity")]


def test_counties_is_a_typo_and_2_for_two_is_not_a_number_error(pairs: list[dict]) -> None:
    assert [t for _, t in flagged(pairs, "typo")] == ["counties"]
    assert not [t for _, t in flagged(pairs, "number") if t == "2"]


def test_faithful_sentences_stay_clean(pairs: list[dict]) -> None:
    for pair in pairs:
        if pair["src"] and set(pair["src"]) <= FAITHFUL_HEBREW:
            assert pair["severity"] == "none", pair["tgt_text"]
        for sentence in FAITHFUL_ENGLISH:
            at = pair["tgt_text"].find(sentence)
            if at < 0:
                continue
            for flag in pair["flags"]:
                for start, end in flag["tgt_spans"]:
                    assert end <= at or start >= at + len(sentence), (flag, sentence)


def report_at(tmp_path: Path, threshold: str) -> list[dict]:
    out = tmp_path / f"{threshold}.json"
    args = [str(LEIDERMAN / name) for name in ("he.txt", "en.txt")]
    with pytest.raises(SystemExit):
        main(
            [
                "verify",
                *args,
                "--mt-file",
                str(LEIDERMAN / "reference.tsv"),
                "-q",
                "--exit-zero",
                "--min-confidence",
                threshold,
                "--json",
                str(out),
            ]
        )
    return json.loads(out.read_text(encoding="utf-8"))["pairs"]


def test_fixture_readme_says_which_drift_is_flagged_at_which_operating_point(
    tmp_path: Path,
) -> None:
    readme = (LEIDERMAN / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r'^\| \*.*?\| "(.*?)".*? \| (\w+) \| ([\d.]+)', readme, re.M)
    assert len(rows) == 7, "the seven drifts"
    at = {t: report_at(tmp_path, t) for t in sorted({r[2] for r in rows} | {"0.5"})}
    for english, kind, threshold in rows:
        (word,) = re.findall(r"\*\*(.+?)\*\*", english)
        assert any(word in text for _, text in flagged(at[threshold], kind)), (word, threshold)
        seen_at_default = any(word in text for _, text in flagged(at["0.5"], kind))
        assert seen_at_default == (threshold == "0.5"), (word, threshold)


def hebrew_of(pairs: list[dict], kind: str, english: str) -> list[list[str]]:
    """The Hebrew (``src_spans``) of every flag of one type on the given English words."""
    return [
        [pair["src_text"][start:end] for start, end in flag["src_spans"]]
        for pair in pairs
        for flag in pair["flags"]
        if flag["type"] == kind
        and any(english in pair["tgt_text"][s:e] for s, e in flag["tgt_spans"])
    ]


def test_each_major_drift_points_at_its_hebrew(pairs: list[dict]) -> None:
    assert hebrew_of(pairs, "intensity", "great") == [["כלשהו"]]
    assert hebrew_of(pairs, "intensity", "all") == [["בשורה של"]]
    assert hebrew_of(pairs, "addition", "refused he was deported") == [[]]
    assert "מנוף לחץ כלשהו" in next(p["src_text"] for p in pairs if 1 in p["src"])


def test_every_flag_carries_its_hebrew(pairs: list[dict]) -> None:
    for pair in pairs:
        for flag in pair["flags"]:
            for start, end in flag["src_spans"]:
                assert 0 <= start < end <= len(pair["src_text"])
                assert pair["src_text"][start:end].strip() == pair["src_text"][start:end]
            if flag["type"] != "addition" and pair["src"]:
                assert flag["src_spans"], flag
