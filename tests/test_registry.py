"""One registry describes every check: SARIF and the docs read it."""

from __future__ import annotations

from pathlib import Path

from translate_check.detect import DetectSettings
from translate_check.detect.registry import CHECKS, DETECTORS, DOCUMENT_CHECKS, rules, table

DOCS = Path(__file__).resolve().parent.parent / "docs" / "detection.md"


def test_the_docs_table_is_the_registrys() -> None:
    text = DOCS.read_text(encoding="utf-8")
    begin, end = "<!-- registry table: begin -->\n", "<!-- registry table: end -->"
    assert text[text.index(begin) + len(begin) : text.index(end)] == table()


def test_every_check_is_described_and_every_declared_confidence_has_a_reason() -> None:
    assert set(DETECTORS) | set(DOCUMENT_CHECKS) == {c.name for c in CHECKS}
    assert {"terminology", "segment-merge", "segment-split"} <= set(rules())
    for check in CHECKS:
        assert check.rules, check.name
        assert all(r.description.endswith(".") for r in check.rules)
        declared = getattr(DetectSettings().parameters(check.name), "confidence", None)
        if check.declared:
            assert declared is not None and 0.0 < declared <= 1.0, check.name
        else:
            assert declared is None, f"{check.name}: a calibrated check declares no confidence"
