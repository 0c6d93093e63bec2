"""GitHub Actions workflow commands: findings become annotations on the pull request."""

from __future__ import annotations

from collections.abc import Iterator

from translate_check.results import CorpusResult

LEVEL = {"major": "error", "minor": "warning"}


def escape_data(text: str) -> str:
    """Escape a command's message, as the Actions runner's ``escapeData`` does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command property value: the message escapes plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation_lines(result: CorpusResult) -> Iterator[str]:
    """One ``::error``/``::warning`` line per finding that the baseline does not accept."""
    for doc in result.documents:
        locations = doc.locations()
        for finding in doc.new_findings:
            where = locations[finding.pair.id]
            props = {
                "file": where.path,
                "line": str(where.line),
                "col": str(where.column),
                "title": f"translate-check {finding.flag.type} (pair {finding.pair.number})",
            }
            joined = ",".join(f"{k}={escape_property(v)}" for k, v in props.items())
            yield f"::{LEVEL[finding.flag.severity]} {joined}::{escape_data(finding.flag.message)}"


def render_github(result: CorpusResult) -> str:
    return "".join(f"{line}\n" for line in annotation_lines(result))
