"""SARIF 2.1.0: findings for code-scanning dashboards and review tools.

Rule ids are the flag types, so they stay stable across runs and versions; each
result points at the English sentence (file, 1-based line and column in Unicode
code points) and carries the HTML report's ``#pair-N`` anchor as a property.
Findings accepted in the baseline are kept, marked as externally suppressed.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from translate_check import __version__
from translate_check.detect.registry import rules
from translate_check.results import CorpusResult, reaches

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://example.invalid/translate-check"
LEVEL = {"major": "error", "minor": "warning"}


def _uri(path: str, base: Path | None) -> str:
    """A path relative to ``base`` where possible, in URI form."""
    target = Path(path)
    if base is not None:
        try:
            return target.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            pass
    return target.as_posix() if not target.is_absolute() else target.as_uri()


def _rule(rule_id: str) -> dict[str, Any]:
    """A rule as the check registry describes it (a flag type it does not know, plainly)."""
    rule = rules().get(rule_id)
    entry: dict[str, Any] = {
        "id": rule_id,
        "name": "".join(part.capitalize() for part in rule_id.split("-")),
        "shortDescription": {"text": rule.description if rule else f"A {rule_id} divergence."},
        "helpUri": f"{INFORMATION_URI}#{rule_id}",
    }
    if rule:
        entry["defaultConfiguration"] = {"level": LEVEL[rule.severity]}
    return entry


def to_sarif(
    result: CorpusResult, fail_on: str, base: Path | None = None, html: str | None = None
) -> dict[str, Any]:
    """The SARIF log as plain data; ``html`` is the folder of the HTML reports, if any.

    ``fail_on`` decides the level: findings below it are ``note``, so a dashboard
    shows what would fail the build as errors and warnings only.
    """
    rule_ids = sorted({f.flag.type for _, f in result.findings()} | set(rules()))
    index = {rule_id: k for k, rule_id in enumerate(rule_ids)}
    results = []
    for doc in result.documents:
        locations = doc.locations()
        for finding in doc.findings:
            flag, where = finding.flag, locations[finding.pair.id]
            properties: dict[str, Any] = {
                "document": doc.name,
                "pair": finding.pair.id,
                "anchor": f"#pair-{finding.pair.id}",
                "severity": flag.severity,
                "hebrew": finding.pair.src_text,
                "mt": finding.pair.mt_text,
            }
            if html is not None:
                properties["htmlReport"] = f"{html}/{doc.name}.html#pair-{finding.pair.id}"
            entry: dict[str, Any] = {
                "ruleId": flag.type,
                "ruleIndex": index[flag.type],
                "level": LEVEL[flag.severity] if reaches(flag.severity, fail_on) else "note",
                "message": {"text": flag.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": _uri(where.path, base)},
                            "region": {
                                "startLine": where.line,
                                "startColumn": where.column,
                                "snippet": {"text": finding.pair.tgt_text or finding.pair.src_text},
                            },
                        }
                    }
                ],
                "partialFingerprints": {"translateCheckFinding/v1": finding.id},
                "properties": properties,
            }
            if finding.accepted:
                entry["suppressions"] = [
                    {"kind": "external", "justification": "accepted in the baseline"}
                ]
            results.append(entry)
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "translate-check",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(r) for r in rule_ids],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render_sarif(
    result: CorpusResult, fail_on: str, base: Path | None = None, html: str | None = None
) -> str:
    return json.dumps(to_sarif(result, fail_on, base, html), ensure_ascii=False, indent=2) + "\n"


@cache
def schema() -> dict[str, Any]:
    """The official SARIF 2.1.0 JSON schema, shipped as package data."""
    text = resources.files("translate_check.report").joinpath("schemas/sarif-schema-2.1.0.json")
    return json.loads(text.read_text(encoding="utf-8"))
