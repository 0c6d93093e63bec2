"""A rich console summary: counts, document scores and the pairs a reviewer should read."""

from __future__ import annotations

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from translate_check.model import Pair, Report, language_name, message_parts

SEVERITY_STYLE = {"major": "bold red", "minor": "yellow", "none": "green"}


def count(n: int, what: str) -> str:
    """``1 major flag``, ``4 major flags``: every count says what it counts."""
    return f"{n} {what}{'' if n == 1 else 's'}"


def highlighted(text: str, spans: list[tuple[int, int]], style: str) -> Text:
    """The English with the flagged spans styled, so the reviewer sees which words differ."""
    out = Text(text)
    for start, end in spans:
        out.stylize(style, start, end)
    return out


def message_text(message: str) -> Text:
    """A flag message with its quoted words in bold (the quotes stay for plain terminals)."""
    out = Text()
    for text, quoted in message_parts(message):
        out.append(text, style="bold" if quoted else "")
    return out


def _reasons(pair: Pair) -> Text:
    out = Text()
    for flag in pair.flags:
        if out:
            out.append("\n")
        out.append(f"{flag.type}: ", style=SEVERITY_STYLE[flag.severity])
        out.append_text(message_text(flag.message))
    return out


def summary_panel(report: Report) -> Panel:
    s = report.summary
    lines = Text()
    lines.append(f"{s.pairs} pairs   ")
    lines.append(
        count(s.major_flags, "major flag"), style=SEVERITY_STYLE["major"] if s.major_flags else ""
    )
    lines.append("   ")
    lines.append(
        count(s.minor_flags, "minor flag"), style=SEVERITY_STYLE["minor"] if s.minor_flags else ""
    )
    source, target = language_name(report.source.lang), language_name(report.target.lang)
    lines.append(f"   unaligned: {s.unaligned_source} {source}, {s.unaligned_target} {target}\n")
    if s.chrf is not None and s.bleu is not None and s.ter is not None:
        lines.append(f"document chrF {s.chrf:.1f}   BLEU {s.bleu:.1f}   TER {s.ter:.1f}\n")
    if s.by_type:
        lines.append("flags: " + ", ".join(f"{t} {n}" for t, n in s.by_type) + "\n")
    views = [f"MT: {report.mt.engine} {report.mt.model or '-'}"] if report.mt else ["MT: none"]
    if report.encoder:
        views.append(f"encoder: {report.encoder.model}")
    lines.append("   ".join(views), style="dim")
    title = f"{escape(report.source.path or 'source')} ↔ {escape(report.target.path or 'target')}"
    return Panel(lines, title=title, expand=False)


def flagged_table(report: Report, limit: int | None = None) -> Table:
    table = Table(show_lines=True, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("severity", no_wrap=True)
    table.add_column(language_name(report.source.lang), ratio=3, justify="right")
    table.add_column(language_name(report.target.lang), ratio=3)
    table.add_column("Why", ratio=3)
    flagged = [p for p in report.pairs if p.flags]
    for pair in flagged[:limit]:
        spans = [span for flag in pair.flags for span in flag.tgt_spans]
        style = SEVERITY_STYLE[pair.severity]
        table.add_row(
            Text(str(pair.number), style=style),
            Text(pair.severity, style=style),
            Text(pair.src_text or "—"),
            highlighted(pair.tgt_text, spans, f"{style} underline") if pair.tgt_text else Text("—"),
            _reasons(pair),
        )
    return table


def render_console(report: Report, console: Console, limit: int | None = None) -> None:
    """Print the summary and, when there are any, the flagged pairs."""
    parts: list[Panel | Table] = [summary_panel(report)]
    if any(p.flags for p in report.pairs):
        parts.append(flagged_table(report, limit))
    console.print(Group(*parts))
