"""Corpus-wide renderings: the JSON corpus report and the console summary."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from translate_check.report.console import SEVERITY_STYLE, count, message_text
from translate_check.report.html import IndexEntry, render_html, render_index
from translate_check.report.json_report import to_dict
from translate_check.results import CorpusResult, DocumentResult

SCHEMA_ID = "translate-check-corpus/v1"


def summary(result: CorpusResult) -> dict[str, Any]:
    """Counts over all documents; ``new`` leaves out findings accepted in the baseline."""
    findings = [f for _, f in result.findings()]
    return {
        "documents": len(result.documents),
        "cached": sum(d.cached for d in result.documents),
        "pairs": sum(d.report.summary.pairs for d in result.documents),
        "findings": len(findings),
        "new": sum(not f.accepted for f in findings),
        "accepted": sum(f.accepted for f in findings),
        "major": sum(f.flag.severity == "major" and not f.accepted for f in findings),
        "minor": sum(f.flag.severity == "minor" and not f.accepted for f in findings),
    }


def _document(doc: DocumentResult) -> dict[str, Any]:
    locations = doc.locations()
    return {
        "name": doc.name,
        "kind": doc.kind,
        "cached": doc.cached,
        "findings": [
            {
                "id": f.id,
                "pair": f.pair.id,
                "anchor": f"pair-{f.pair.id}",
                "type": f.flag.type,
                "severity": f.flag.severity,
                "message": f.flag.message,
                "accepted": f.accepted,
                "path": locations[f.pair.id].path,
                "line": locations[f.pair.id].line,
                "column": locations[f.pair.id].column,
            }
            for f in doc.findings
        ],
        "report": to_dict(doc.report),
    }


def to_corpus_dict(result: CorpusResult, fail_on: str) -> dict[str, Any]:
    """The v1 report of every document plus a corpus summary and located findings."""
    return {
        "schema": SCHEMA_ID,
        "fail_on": fail_on,
        "failed": result.fails(fail_on),
        "summary": summary(result),
        "documents": [_document(d) for d in result.documents],
    }


def render_corpus_json(result: CorpusResult, fail_on: str) -> str:
    return json.dumps(to_corpus_dict(result, fail_on), ensure_ascii=False, indent=2) + "\n"


def flag_counts(doc: DocumentResult) -> tuple[int, int, int]:
    """Major and minor flags outside the baseline, and flags accepted in it.

    The text table and the index page both show these, so they always agree.
    """
    new = doc.new_findings
    major = sum(f.flag.severity == "major" for f in new)
    return major, len(new) - major, len(doc.findings) - len(new)


def render_text(result: CorpusResult, console: Console) -> None:
    """A table of documents, then one line per new finding in ``path:line:col`` form."""
    table = Table(title="translate-check corpus", expand=False)
    table.add_column("document", overflow="fold")
    for column in ("kind", "pairs", "major flags", "minor flags", "accepted flags", "chrF"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    for doc in result.documents:
        table.add_row(
            escape(doc.name) + (" [dim](cached)[/]" if doc.cached else ""),
            doc.kind,
            str(doc.report.summary.pairs),
            *(str(n) for n in flag_counts(doc)),
            "–" if doc.report.summary.chrf is None else f"{doc.report.summary.chrf:.1f}",
        )
    console.print(table)
    for doc in result.documents:
        locations = doc.locations()
        for finding in doc.new_findings:
            where = locations[finding.pair.id]
            flag = finding.flag
            line = Text.assemble(
                f"{where.path}:{where.line}:{where.column}: ",
                (flag.severity, SEVERITY_STYLE[flag.severity]),
                f" {flag.type}: ",
                message_text(flag.message),
            )
            console.print(line, highlight=False, soft_wrap=True)
    console.print(summary_line(result), highlight=False)


def summary_line(result: CorpusResult) -> str:
    """The run in one line: the text format's last line, and the CI log's on stderr."""
    counts = summary(result)
    return (
        f"{count(counts['documents'], 'document')} ({counts['cached']} cached), "
        f"{count(counts['pairs'], 'pair')}, {count(counts['new'], 'new flag')} "
        f"({counts['major']} major, {counts['minor']} minor), {counts['accepted']} accepted"
    )


def html_name(document: str) -> str:
    """The page of a document, relative to the HTML folder; never outside it."""
    parts = [p for p in document.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    return "/".join(parts or ["document"]) + ".html"


def html_pages(result: CorpusResult) -> dict[str, str]:
    """One HTML report per document and an ``index.html`` linking them, by relative path."""
    pages = {
        html_name(doc.name): render_html(
            doc.report, accepted={(f.pair.id, f.flag) for f in doc.findings if f.accepted}
        )
        for doc in result.documents
    }
    entries = []
    for doc in result.documents:
        s = doc.report.summary
        major, minor, accepted = flag_counts(doc)
        entries.append(
            IndexEntry(
                doc.name,
                html_name(doc.name),
                s.pairs,
                major,
                minor,
                accepted,
                s.unaligned_source,
                s.unaligned_target,
                s.chrf,
            )
        )
    pages["index.html"] = render_index(entries, title="translate-check corpus")
    return pages
