"""SARIF 2.1.0 output: schema-valid, stable rule ids, exact locations, baseline suppressions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from translate_check.cli import main
from translate_check.detect.registry import rules
from translate_check.report.sarif import schema

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


def run(corpus: Path, out: Path, *extra: str) -> dict:
    with pytest.raises(SystemExit):
        main(["corpus", str(corpus), "-q", "--no-cache", "-f", "sarif", "-o", str(out), *extra])
    return json.loads((out / "translate-check.sarif").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(shutil.copytree(CORPUS, tmp_path_factory.mktemp("sarif") / "corpus"))


@pytest.fixture(scope="module")
def sarif(copy: Path) -> dict:
    return run(copy, copy.parent / "out")


def test_validates_against_the_sarif_schema(sarif: dict) -> None:
    assert schema()["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    jsonschema.validate(sarif, schema())
    assert sarif["version"] == "2.1.0"


def test_rules_are_flag_types(sarif: dict) -> None:
    run_ = sarif["runs"][0]
    rules = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    assert rules == sorted(rules)
    assert {"mistranslation", "terminology", "segment-merge"} <= set(rules)
    for result in run_["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]
        assert result["properties"]["anchor"] == f"#pair-{result['properties']['pair']}"


def test_rules_are_described_by_the_check_registry(sarif: dict) -> None:
    described = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    for rule_id, rule in rules().items():
        assert described[rule_id]["shortDescription"]["text"] == rule.description
        level = {"major": "error", "minor": "warning"}[rule.severity]
        assert described[rule_id]["defaultConfiguration"]["level"] == level


def test_locations_point_at_the_english_sentence(sarif: dict, copy: Path) -> None:
    results = sarif["runs"][0]["results"]
    term = next(r for r in results if r["properties"]["document"] == "news/dinosaur-feathers")
    loc = term["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"].endswith("news/dinosaur-feathers.en.txt")
    lines = (copy / "news" / "dinosaur-feathers.en.txt").read_text(encoding="utf-8").split("\n")
    region = loc["region"]
    line = lines[region["startLine"] - 1]
    assert line[region["startColumn"] - 1 :].startswith(region["snippet"]["text"][:20])
    xlf = next(r for r in results if r["properties"]["document"] == "news/north-korea.xlf")
    region = xlf["locations"][0]["physicalLocation"]["region"]
    xml_lines = (copy / "news" / "north-korea.xlf").read_text(encoding="utf-8").split("\n")
    assert "<trans-unit" in xml_lines[region["startLine"] - 1]


def test_baselined_findings_are_suppressed(copy: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    with pytest.raises(SystemExit):
        main(
            [
                "corpus",
                str(copy),
                "-q",
                "--no-cache",
                "--baseline",
                str(baseline),
                "--write-baseline",
            ]
        )
    data = run(copy, tmp_path / "out", "--baseline", str(baseline))
    jsonschema.validate(data, schema())
    results = data["runs"][0]["results"]
    assert results and all(r["suppressions"][0]["kind"] == "external" for r in results)
