"""How big and how fast the HTML report is for a 2,000-pair document.

Builds the NTREX-128 report (``--segmented``, its ``mt.tsv`` as the bridge)
through the real pipeline, renders it, and loads it in headless Chromium to
read the browser's own navigation timing, then times the two interactions a
reviewer uses most (the "flagged" filter and the next-flag key).

    python -m bench.html_scale [--data ../shared/data/ntrex128] [--runs 5]

Prints a markdown table and writes it to bench/results/html.md.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from translate_check import __version__
from translate_check.model import Flag, Report
from translate_check.mt.file import FileTranslator
from translate_check.pipeline import read_document, verify
from translate_check.report.html import render_html, word_diff

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MAX_BYTES = 3_000_000
MAX_INTERACTIVE_MS = 2000.0
RESULTS = Path(__file__).parent / "results" / "html.md"

# Milliseconds from navigation start, read from the browser after the load event.
TIMING_JS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  return {
    interactive: nav.domInteractive,
    dcl: nav.domContentLoadedEventEnd,
    load: nav.loadEventEnd,
    fcp: fcp ? fcp.startTime : NaN,
  };
}"""

# One interaction, timed until the browser has laid the page out again.
FILTER_JS = """async () => {
  const t0 = performance.now();
  const sel = document.getElementById('f-sev');
  sel.value = 'flagged';
  sel.dispatchEvent(new Event('change'));
  document.body.offsetHeight;
  const t1 = performance.now();
  sel.value = 'all';
  sel.dispatchEvent(new Event('change'));
  return t1 - t0;
}"""
NEXT_JS = """() => {
  const t0 = performance.now();
  document.dispatchEvent(new KeyboardEvent('keydown', {key: 'j', bubbles: true}));
  document.body.offsetHeight;
  return [performance.now() - t0, document.activeElement.id];
}"""


@dataclass(frozen=True)
class Load:
    interactive: float
    dcl: float
    load: float
    fcp: float
    filter: float
    next_flag: float


def build_report(data: Path) -> Report:
    source = read_document(data / "he.txt", "he", segmented=True)
    target = read_document(data / "en.txt", "en", segmented=True)
    return verify(source, target, [FileTranslator(data / "mt.tsv")])


def flag_everything(report: Report) -> Report:
    """The worst case for the page: every pair flagged, a mark on every word that differs."""
    pairs = []
    for n, pair in enumerate(report.pairs):
        only_tgt, only_mt = word_diff(pair.tgt_text, pair.mt_text)
        severity = "major" if n % 2 else "minor"
        flag = Flag("stress", severity, "every differing word", tuple(only_tgt), tuple(only_mt))
        pairs.append(replace(pair, flags=(flag,), severity=severity))
    summary = replace(report.summary, by_type=(("stress", len(pairs)),))
    return replace(report, pairs=tuple(pairs), summary=summary)


def measure(browser: Any, url: str, has_flags: bool) -> Load:
    """One cold load in a fresh context: timing from the browser, then two interactions."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(url, wait_until="load")
    timing = page.evaluate(TIMING_JS)
    filter_ms = page.evaluate(FILTER_JS)
    next_ms, focused = page.evaluate(NEXT_JS)
    context.close()
    if errors:
        raise RuntimeError(f"page reported errors: {errors}")
    if has_flags and not focused.startswith("pair-"):
        raise RuntimeError("the next-flag key did not move focus")
    return Load(**timing, filter=filter_ms, next_flag=next_ms)


@dataclass(frozen=True)
class Result:
    pairs: int
    flagged: int
    size: int
    render_ms: float
    loads: list[Load]

    def median(self, name: str) -> float:
        return statistics.median(getattr(load, name) for load in self.loads)

    @property
    def within_limits(self) -> bool:
        return self.size < MAX_BYTES and self.median("dcl") < MAX_INTERACTIVE_MS


def run(report: Report, browser: Any, runs: int, folder: Path) -> Result:
    """Render once (timed), then take ``runs`` cold loads of the written page."""
    start = time.perf_counter()
    page = render_html(report)
    render_ms = (time.perf_counter() - start) * 1000
    path = folder / f"report-{id(report)}.html"
    path.write_text(page, encoding="utf-8")
    has_flags = any(p.flags for p in report.pairs)
    return Result(
        pairs=len(report.pairs),
        flagged=sum(1 for p in report.pairs if p.flags),
        size=len(page.encode("utf-8")),
        render_ms=render_ms,
        loads=[measure(browser, path.as_uri(), has_flags) for _ in range(runs)],
    )


def table(results: dict[str, Result]) -> str:
    measures = [
        ("pairs (flagged)", lambda r: f"{r.pairs:,} ({r.flagged:,})"),
        ("HTML size (limit 3 MB)", lambda r: f"{r.size / 1e6:.2f} MB"),
        ("render_html", lambda r: f"{r.render_ms:.0f} ms"),
        ("first contentful paint", lambda r: f"{r.median('fcp'):.0f} ms"),
        ("DOM interactive", lambda r: f"{r.median('interactive'):.0f} ms"),
        ("interactive: DOMContentLoaded end (limit 2 s)", lambda r: f"{r.median('dcl'):.0f} ms"),
        ("load event end", lambda r: f"{r.median('load'):.0f} ms"),
        ("'flagged' filter + relayout", lambda r: f"{r.median('filter'):.1f} ms"),
        ("next-flag key + relayout", lambda r: f"{r.median('next_flag'):.1f} ms"),
        ("within limits", lambda r: "yes" if r.within_limits else "**no**"),
    ]
    lines = [
        "| measure | " + " | ".join(results) + " |",
        "|---|" + "---|" * len(results),
        *(
            f"| {name} | " + " | ".join(f(r) for r in results.values()) + " |"
            for name, f in measures
        ),
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/ntrex128"))
    parser.add_argument("--runs", type=int, default=5, help="cold loads to take the median of")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()

    report = build_report(args.data)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        version = browser.version
        results = {
            "as built": run(report, browser, args.runs, Path(tmp)),
            "every pair flagged": run(flag_everything(report), browser, args.runs, Path(tmp)),
        }
        browser.close()

    body = table(results)
    setup = (
        f"translate-check {__version__}; `{args.data.name}` through the pipeline "
        '(`--segmented`, `mt.tsv` as the bridge); "every pair flagged" adds a flag marking '
        f"each differing word to every pair (worst case). Chromium {version} headless, "
        f"{platform.machine()}, Python {platform.python_version()}. Browser times are medians "
        f"of {args.runs} cold loads, in milliseconds from navigation start."
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(f"# HTML report at scale\n\n{setup}\n\n{body}\n", encoding="utf-8")
    print(body)


if __name__ == "__main__":
    main()
