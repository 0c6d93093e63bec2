"""Settings precedence, glossary terminology, baseline ids and segment checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_html import report_of
from translate_check.corpus.baseline import finding_id, read_baseline, write_baseline
from translate_check.corpus.config import (
    Settings,
    Thresholds,
    find_config,
    load_config,
    parse,
    parse_env,
    resolve,
)
from translate_check.corpus.glossary import TerminologyParameters, terminology_flags
from translate_check.corpus.runner import finish
from translate_check.corpus.segments import segment_flags
from translate_check.detect import DetectSettings
from translate_check.embed import BUNDLED
from translate_check.errors import InputError
from translate_check.model import Flag, Pair, Scores
from translate_check.results import DocumentResult, Finding


def pair(pid: int, src: str, tgt: str, mt: str) -> Pair:
    return Pair(
        id=pid,
        src=(pid,) if src else (),
        tgt=(pid,) if tgt else (),
        src_text=src,
        tgt_text=tgt,
        mt_text=mt,
        scores=Scores(0, 0, 0),
        divergence=0.0,
        severity="none",
        flags=(),
    )


def test_pyproject_table_and_relative_paths(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.translate_check]\nfail-on = "minor"\nbaseline = "ci/baseline.json"\n'
        'exclude = ["drafts/*"]\n[tool.translate_check.glossary]\n"שלום" = "peace"\n'
        "[tool.translate_check.thresholds]\nlength-ratio = 2\n"
    )
    (tmp_path / "docs").mkdir()
    found = find_config(tmp_path / "docs")
    assert found == tmp_path / "pyproject.toml"
    settings = resolve(load_config(found))
    assert settings.fail_on == "minor"
    assert settings.baseline == tmp_path / "ci/baseline.json"
    assert settings.exclude == ("drafts/*",)
    assert settings.glossary == (("שלום", ("peace",)),)
    assert settings.thresholds == Thresholds(length_ratio=2.0)


def test_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "translate-check.toml").write_text('engine = "hf"\n')
    assert find_config(tmp_path / "sub") == tmp_path / "sub" / "translate-check.toml"
    assert find_config(tmp_path) is None


def test_precedence_cli_over_env_over_file() -> None:
    file = parse({"fail-on": "minor", "model": "file-model", "jobs": 2}, Path("."), "file")
    env = parse_env({"TRANSLATE_CHECK_MODEL": "env-model", "TRANSLATE_CHECK_JOBS": "3"})
    cli = parse({"jobs": 4}, Path("."), "command line")
    settings = resolve(file, env, cli)
    assert (settings.fail_on, settings.model, settings.jobs) == ("minor", "env-model", 4)
    assert resolve() == Settings()


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"fail-on": "sometimes"}, "expected one of major, minor, never"),
        ({"colour": "red"}, "unknown setting 'colour'"),
        ({"jobs": 0}, "at least 1"),
        ({"detectors": ["nonsense"]}, "expected one of"),
        ({"source-pattern": "he.txt"}, "exactly one"),
        ({"thresholds": {"length-ratio": -1}}, "positive number"),
        ({"glossary": ["x"]}, "table of Hebrew term"),
        ({"min-confidence": 1.5}, "from 0 to 1"),
        ({"min-confidence": "high"}, "from 0 to 1"),
    ],
)
def test_bad_settings(table: dict, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse(table, Path("."), "test.toml")


def test_min_confidence_from_file_env_and_command_line() -> None:
    file = parse({"min-confidence": 0.3}, Path("."), "file")
    env = parse_env({"TRANSLATE_CHECK_MIN_CONFIDENCE": "0.7"})
    assert resolve(file).min_confidence == 0.3
    assert resolve(file, env).min_confidence == 0.7
    assert resolve(file, env, parse({"min-confidence": 1}, Path("."), "cli")).min_confidence == 1.0
    with pytest.raises(InputError, match="MIN_CONFIDENCE"):
        parse_env({"TRANSLATE_CHECK_MIN_CONFIDENCE": "high"})


def test_bad_env_number() -> None:
    with pytest.raises(InputError, match="TRANSLATE_CHECK_JOBS"):
        parse_env({"TRANSLATE_CHECK_JOBS": "many"})


def test_invalid_toml(tmp_path: Path) -> None:
    bad = tmp_path / "translate-check.toml"
    bad.write_text("fail-on = \n")
    with pytest.raises(InputError, match="not valid TOML"):
        load_config(bad)


GLOSSARY = (("חוקרים", ("researchers", "investigators")),)


def test_terminology_flags_a_missing_rendering() -> None:
    flagged = pair(
        0, "החוקרים הסיקו כך.", "The scientists inferred so.", "The researchers concluded so."
    )
    (flag,) = terminology_flags(flagged, GLOSSARY)
    assert flag.type == "terminology"
    assert [flagged.tgt_text[a:b] for a, b in flag.tgt_spans] == ["scientists"], (
        "the English where the term should be, not the whole sentence"
    )
    assert [flagged.mt_text[a:b] for a, b in flag.mt_spans] == ["researchers"]
    assert flag.message == (
        "glossary: the Hebrew has “חוקרים”, which the English should render as "
        "“researchers” or “investigators”"
    )


def test_terminology_marks_no_english_when_the_mt_has_no_rendering() -> None:
    flagged = pair(0, "החוקרים הסיקו כך.", "The scientists inferred so.", "They concluded so.")
    (flag,) = terminology_flags(flagged, GLOSSARY)
    assert flag.tgt_spans == () and flag.mt_spans == ()


@pytest.mark.parametrize(
    ("src", "tgt"),
    [
        ("החוקרים הסיקו כך.", "The Researchers’ view."),  # case and possessive
        ("החוקרים הסיקו כך.", "Investigators inferred so."),  # another rendering
        ("המחקרים הסיקו כך.", "The studies inferred so."),  # the term is absent
        ("לחוקרים אין זמן.", ""),  # no English: other checks report that
    ],
)
def test_terminology_passes(src: str, tgt: str) -> None:
    assert terminology_flags(pair(0, src, tgt, "x"), GLOSSARY) == []


def test_merged_segment_is_flagged() -> None:
    mt = ["The city is poor but has an airport.", "In 1990 it was added to the danger list."]
    pairs = [
        pair(0, "א", f"{mt[0]} In 1990, it was added to the list of sites in danger.", mt[0]),
        pair(1, "ב", "", mt[1]),
    ]
    flags = segment_flags(pairs, Thresholds())
    assert [f.type for f in flags[0]] == ["segment-merge"]
    assert [f.type for f in flags[1]] == ["segment-merge"]


def test_split_segment_is_flagged() -> None:
    long_mt = "The city stands in stark contrast to the other cities, as it has an Arabic flavour."
    pairs = [
        pair(0, "א", "The city stands in stark contrast", long_mt),
        pair(1, "ב", "to the other cities, as it has an Arabic flavour.", "It rained today."),
    ]
    flags = segment_flags(pairs, Thresholds())
    assert [f.type for f in flags[0]] == ["segment-split"]


def test_ordinary_segments_pass() -> None:
    pairs = [
        pair(0, "א", "The city is poor.", "The city is poor."),
        pair(1, "ב", "It has an airport.", "It has an airport."),
    ]
    assert segment_flags(pairs, Thresholds()) == {}


def test_document_checks_go_through_the_threshold() -> None:
    """Terminology and segment flags have a declared confidence, and the run's threshold
    holds them back like any other check's."""
    flagged = pair(
        0, "החוקרים הסיקו כך.", "The scientists inferred so.", "The researchers concluded so."
    )
    report = report_of([flagged])
    result = DocumentResult("doc", "pair", report)
    declared = TerminologyParameters().confidence
    (shown,) = finish([result], GLOSSARY, Thresholds(), frozenset()).documents
    assert [(f.type, f.confidence) for f in shown.report.pairs[0].flags] == [
        ("terminology", declared)
    ]
    strict = DetectSettings(min_confidence=min(1.0, declared + 0.05))
    (held,) = finish([result], GLOSSARY, Thresholds(), frozenset(), strict).documents
    assert held.report.pairs[0].flags == () and held.findings == ()
    assert [f.type for f in held.report.pairs[0].held_back] == ["terminology"]
    assert held.report.pairs[0].severity == "none"


def test_finding_ids_are_stable_and_text_based(tmp_path: Path) -> None:
    flag = Flag("mistranslation", "major", "m", tgt_spans=((4, 9),))
    a = pair(0, "א", "The Quick fox.", "x")
    moved = pair(7, "א", "The quick fox.", "y")
    assert finding_id("doc", a, flag) == finding_id(
        "doc", moved, Flag("mistranslation", "major", "other", tgt_spans=((4, 9),))
    )
    assert finding_id("doc", a, flag) != finding_id("other", a, flag)
    assert finding_id("doc", a, flag) != finding_id(
        "doc", a, Flag("terminology", "minor", "m", ((4, 9),))
    )
    path = tmp_path / "baseline.json"
    with pytest.raises(InputError, match=r"does not exist.*--write-baseline"):
        read_baseline(path)
    write_baseline(path, [Finding(finding_id("doc", a, flag), "doc", a, flag)])
    assert read_baseline(path) == {finding_id("doc", a, flag)}
    path.write_text("[]")
    with pytest.raises(InputError, match="not a translate-check baseline"):
        read_baseline(path)


def test_the_encoder_key_takes_a_name_or_false() -> None:
    assert parse({"encoder": "sentence-transformers/LaBSE"}, Path("."), "t")["encoder"] == (
        "sentence-transformers/LaBSE"
    )
    assert resolve(parse({"encoder": False}, Path("."), "t")).encoder == ""
    assert resolve().encoder == BUNDLED
    with pytest.raises(InputError, match="encoder: expected a non-empty string"):
        parse({"encoder": 3}, Path("."), "t")
