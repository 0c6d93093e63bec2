"""The ``translate-check/v1`` JSON report (documented in docs/report-schema.md)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from translate_check.model import Document, EncoderInfo, Flag, MTInfo, Pair, Report

SCHEMA_ID = "translate-check/v1"


def _document(doc: Document) -> dict[str, Any]:
    return {
        "path": doc.path,
        "lang": doc.lang,
        "sha256": doc.sha256,
        "encoding": doc.encoding,
        "sentences": [
            {"id": s.id, "text": s.text, "paragraph": s.paragraph, "start": s.start, "end": s.end}
            for s in doc.sentences
        ],
    }


def _flag(flag: Flag) -> dict[str, Any]:
    return {
        "type": flag.type,
        "severity": flag.severity,
        "message": flag.message,
        "tgt_spans": [list(s) for s in flag.tgt_spans],
        "mt_spans": [list(s) for s in flag.mt_spans],
        "src_spans": [list(s) for s in flag.src_spans],
        "bridges": list(flag.bridges),
        "confidence": round(flag.confidence, 4),
    }


def _pair(pair: Pair) -> dict[str, Any]:
    return {
        "id": pair.id,
        "anchor": f"pair-{pair.id}",
        "src": list(pair.src),
        "tgt": list(pair.tgt),
        "paragraph": pair.paragraph,
        "src_text": pair.src_text,
        "tgt_text": pair.tgt_text,
        "mt_text": pair.mt_text,
        "bridges": [{"name": b.name, "text": b.text} for b in pair.bridges],
        "scores": None
        if pair.scores is None
        else {"chrf": pair.scores.chrf, "bleu": pair.scores.bleu, "ter": pair.scores.ter},
        "similarity": pair.similarity,
        "divergence": pair.divergence,
        "severity": pair.severity,
        "flags": [_flag(f) for f in pair.flags],
    }


def _model(info: MTInfo | EncoderInfo) -> dict[str, Any]:
    """Which model made a view of the source: engine, model and revision."""
    return {"engine": info.engine, "model": info.model, "revision": info.revision}


def to_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data, keys in a stable order."""
    s = report.summary
    return {
        "schema": SCHEMA_ID,
        "tool": {
            "name": "translate-check",
            "version": report.version,
            "signature": report.signature.format(),
            "settings": [
                {"kind": c.kind, "values": dict(c.values)} for c in report.signature.components
            ],
        },
        "created": report.created,
        "source": _document(report.source),
        "target": _document(report.target),
        "mt": None
        if report.mt is None
        else {
            "engine": report.mt.engine,
            "model": report.mt.model,
            "revision": report.mt.revision,
            "options": dict(report.mt.options),
            "extra_bridges": [_model(b) for b in report.extra_bridges],
        },
        "encoder": None if report.encoder is None else _model(report.encoder),
        "notes": list(report.notes),
        "pairs": [_pair(p) for p in report.pairs],
        "summary": {
            "pairs": s.pairs,
            "major": s.major,
            "minor": s.minor,
            "unaligned_source": s.unaligned_source,
            "unaligned_target": s.unaligned_target,
            "chrf": s.chrf,
            "bleu": s.bleu,
            "ter": s.ter,
            "by_type": dict(s.by_type),
            "major_flags": s.major_flags,
            "minor_flags": s.minor_flags,
        },
    }


def render_json(report: Report) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema that every report validates against (shipped as package data)."""
    text = resources.files("translate_check.report").joinpath("schemas/report-v1.schema.json")
    return json.loads(text.read_text(encoding="utf-8"))
