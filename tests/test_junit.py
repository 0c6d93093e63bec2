"""JUnit XML of the example corpus: structure and counts that CI consumers rely on."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from translate_check.cli import main

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "fixtures" / "corpus"
XSD = ROOT / "translate_check" / "report" / "schemas" / "junit.xsd"


@pytest.fixture(scope="module")
def junit(tmp_path_factory: pytest.TempPathFactory) -> etree._Element:
    tmp = tmp_path_factory.mktemp("junit")
    corpus = shutil.copytree(CORPUS, tmp / "corpus")
    with pytest.raises(SystemExit) as exited:
        main(["corpus", str(corpus), "-q", "--no-cache", "-f", "junit", "-o", str(tmp / "out")])
    assert exited.value.code == 1
    return etree.parse(str(tmp / "out" / "translate-check.junit.xml")).getroot()


def test_validates_against_the_junit_schema(junit: etree._Element) -> None:
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    schema.assertValid(junit)


def test_one_suite_per_document_one_case_per_pair(junit: etree._Element) -> None:
    assert junit.tag == "testsuites"
    suites = junit.findall("testsuite")
    assert len(suites) == 6
    for suite in suites:
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases) > 0
        failed = sum(1 for c in cases if c.find("failure") is not None)
        assert int(suite.get("failures")) == failed
        assert suite.get("errors") == "0"
        assert [c.get("name") for c in cases] == [f"pair-{k}" for k in range(len(cases))]
        assert all(int(c.get("line")) >= 1 and c.get("file") for c in cases)
    assert int(junit.get("tests")) == sum(int(s.get("tests")) for s in suites)
    assert int(junit.get("failures")) == sum(int(s.get("failures")) for s in suites)


def test_failures_are_major_flags_and_minor_ones_are_notes(junit: etree._Element) -> None:
    assert "terminology" not in {f.get("type") for f in junit.iter("failure")}
    notes = " ".join(e.text for e in junit.iter("system-out"))
    assert "terminology (minor)" in notes
    merge = junit.find("testsuite[@name='guides/timbuktu.tsv']")
    assert int(merge.get("failures")) == 2
    assert "segment-merge" in {f.get("type") for f in merge.iter("failure")}
    replaced = junit.find("testsuite[@name='news/north-korea.xlf']")
    (case,) = [c for c in replaced.iter("testcase") if c.find("failure") is not None]
    assert case.get("name") == "pair-1"
