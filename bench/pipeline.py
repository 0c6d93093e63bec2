"""Seconds per stage of ``translate-check verify --mt-file``: everything but MT.

``python -m bench.pipeline [--data ../shared/data] [--runs 5]`` checks FLORES-200
devtest, NTREX-128, NTREX-128 four times over, and the WMT23 QE news
paragraphs once and twice over, each ``--segmented`` with a precomputed bridge
(``mt.tsv``; for WMT23 its ONLINE-B output) and the JSON report written.

Every run is a whole process. The wall time is that of the CLI as a user runs
it (``python -m translate_check verify …``); the stages come from separate runs
of the same CLI in a process that wraps the functions of each stage with a
timer (``--child``), so they add up to what the pipeline really calls. The CLI
checks the pairs in one process per core (``forked.forked_map``); the timed
runs keep them in one process, so that every stage's seconds are seen, and
"1 process" is their wall time. Start-up is the time from launching the process
to calling the CLI (interpreter and imports); "rest" is what no stage of the
timed run accounts for, up to the CLI's return: building the pairs (word
alignment, Hebrew word links) above all. "wall" and "cpu" are the plain run's (cpu: user
and system time of the process and the processes it forked), which a busy
machine (these are shared) disturbs less than the wall time. Each figure is the median of
``--runs`` runs after ``--warmup`` uncounted ones (default 5 after 1). Results
go to bench/results/pipeline.md.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "pipeline.md"
STAGES = ("read", "segment", "mt", "align", "score", "detect", "write")


@dataclass(frozen=True)
class Case:
    """One input: Hebrew and English files (one sentence or paragraph a line) and a bridge."""

    name: str
    he: Path
    en: Path
    mt: Path

    def lines(self) -> int:
        return len(self.he.read_text(encoding="utf-8").splitlines())


def _repeat(src: Path, times: int, dst: Path) -> Path:
    dst.write_text(src.read_text(encoding="utf-8") * times, encoding="utf-8")
    return dst


def cases(data: Path, scratch: Path) -> list[Case]:
    """The benchmark inputs; repeated sets and the WMT23 bridge file are built in ``scratch``."""
    flores, ntrex, wmt = data / "flores200-devtest", data / "ntrex128", data / "wmt23-he-en-dev"
    he = wmt.joinpath("he.txt").read_text(encoding="utf-8").splitlines()
    bridge = wmt.joinpath("bridge.ONLINE-B.txt").read_text(encoding="utf-8").splitlines()
    wmt_mt = scratch / "wmt23.mt.tsv"
    wmt_mt.write_text("".join(f"{h}\t{b}\n" for h, b in zip(he, bridge, strict=True)), "utf-8")
    return [
        Case("flores200-devtest", flores / "he.txt", flores / "en.txt", flores / "mt.tsv"),
        Case("ntrex128", ntrex / "he.txt", ntrex / "en.txt", ntrex / "mt.tsv"),
        Case(
            "ntrex128 ×4",
            _repeat(ntrex / "he.txt", 4, scratch / "ntrex4.he.txt"),
            _repeat(ntrex / "en.txt", 4, scratch / "ntrex4.en.txt"),
            ntrex / "mt.tsv",
        ),
        Case("wmt23-he-en-dev", wmt / "he.txt", wmt / "en.txt", wmt_mt),
        Case(
            "wmt23-he-en-dev ×2",
            _repeat(wmt / "he.txt", 2, scratch / "wmt2.he.txt"),
            _repeat(wmt / "en.txt", 2, scratch / "wmt2.en.txt"),
            wmt_mt,
        ),
    ]


def verify_args(case: Case, out: Path) -> list[str]:
    return [
        "verify",
        str(case.he),
        str(case.en),
        "--mt-file",
        str(case.mt),
        "--segmented",
        "--json",
        str(out),
        "--exit-zero",
        "--quiet",
    ]


def _timed(seconds: dict[str, float], stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            seconds[stage] += time.perf_counter() - start

    return wrapper


def child(report: Path, argv: list[str]) -> None:
    """Run the CLI with every stage's functions timed; write the seconds to ``report``."""
    import translate_check.cli.options as cli_options
    import translate_check.pipeline as pipeline
    from translate_check.cli import main
    from translate_check.mt.file import FileTranslator
    from translate_check.score import Scorer

    # The package exports the command function under the module's name.
    cli_verify: Any = importlib.import_module("translate_check.cli.verify")
    seconds = dict.fromkeys(STAGES, 0.0)
    for owner, name, stage in (
        (pipeline, "read_input", "read"),
        (cli_options, "open_translators", "read"),
        (pipeline, "split_lines", "segment"),
        (pipeline, "split_sentences", "segment"),
        (FileTranslator, "translate", "mt"),
        (pipeline, "align", "align"),
        (Scorer, "sentence", "score"),
        (Scorer, "corpus", "score"),
        (pipeline, "assess", "detect"),
        (cli_verify, "render_json", "write"),
        (cli_options, "write_report", "write"),
    ):
        setattr(owner, name, _timed(seconds, stage, getattr(owner, name)))
    cli_options.cores = lambda: 1  # every stage seen in this process
    ready = time.time()
    try:
        main(argv)
    except SystemExit as exit_:
        if exit_.code:
            raise
    done = time.time()
    report.write_text(
        json.dumps({"ready": ready, "done": done, "stages": seconds}), encoding="utf-8"
    )


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(command: list[str]) -> tuple[float, float, float]:
    """Wall and CPU seconds of one whole process, and the epoch time it was launched at."""
    launched, start, cpu = time.time(), time.perf_counter(), _cpu()
    subprocess.run(command, check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return time.perf_counter() - start, _cpu() - cpu, launched


def measure(case: Case, runs: int, warmup: int, scratch: Path) -> dict[str, float]:
    """Median wall time of the plain CLI and median seconds of each stage."""
    out, timings = scratch / "report.json", scratch / "stages.json"
    plain = [sys.executable, "-m", "translate_check", *verify_args(case, out)]
    timed = [sys.executable, "-m", "bench.pipeline", "--child", str(timings), "--"]
    timed += verify_args(case, out)
    walls, cpus, rows = [], [], []
    for k in range(warmup + runs):
        wall, cpu, _ = _run(plain)
        _, _, launched = _run(timed)
        if k < warmup:
            continue  # file cache, bytecode
        got = json.loads(timings.read_text(encoding="utf-8"))
        walls.append(wall)
        cpus.append(cpu)
        start_up = got["ready"] - launched
        rest = got["done"] - got["ready"] - sum(got["stages"].values())
        one = got["done"] - launched
        rows.append({"start-up": start_up, **got["stages"], "rest": rest, "1 process": one})
    result = {name: statistics.median(r[name] for r in rows) for name in rows[0]}
    result["wall"] = statistics.median(walls)
    result["cpu"] = statistics.median(cpus)
    return result


def table(results: list[tuple[Case, int, dict[str, float]]], runs: int, load: str) -> str:
    columns = ("start-up", *STAGES, "rest", "1 process", "wall", "cpu")
    head = "| input | lines | " + " | ".join(columns) + " |"
    lines = [
        f"translate-check (`verify --segmented --mt-file … --json …`), Python "
        f"{platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores; "
        f"seconds, median of {runs} whole-process runs; load average (1 min) {load}.",
        "",
        head,
        "|" + "---|" * (len(columns) + 2),
    ]
    for case, n, r in results:
        cells = " | ".join(f"{r[c]:.2f}" for c in columns)
        lines.append(f"| {case.name} | {n:,} | {cells} |")
    base = {case.name: r["wall"] for case, _, r in results}
    if "ntrex128" in base and "ntrex128 ×4" in base:
        lines += ["", f"4× NTREX costs {base['ntrex128 ×4'] / base['ntrex128']:.2f}× the time."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1, help="uncounted runs first")
    parser.add_argument("--only", nargs="*", help="input names to run (default: all)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        chosen = [c for c in cases(args.data, scratch) if not args.only or c.name in args.only]
        before = os.getloadavg()[0]
        results = [(c, c.lines(), measure(c, args.runs, args.warmup, scratch)) for c in chosen]
    load = f"{before:.2f} at the start, {os.getloadavg()[0]:.2f} at the end"
    text = table(results, args.runs, load)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("# Pipeline stages without MT\n\n" + text, encoding="utf-8")
    print(text, end="")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:  # one timed run: --child STAGES.json -- VERIFY ARGS
        child(Path(sys.argv[2]), sys.argv[4:])
    else:
        main()
