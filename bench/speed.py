"""Speed and memory of the MT engines: transformers fp32 against CTranslate2 int8.

``python -m bench.speed`` builds a random-weight model with the architecture of
``opus-mt-tc-big-he-en`` (no download), converts it to CTranslate2 int8, and
times both engines on the same FLORES Hebrew sentences. Random weights give
nonsense, so every output is forced to the same length (``min_length`` =
``max_length``): the work per sentence is then identical for both engines and
across runs. Each engine runs in its own subprocess so that its peak resident
memory (``ru_maxrss``) is its own.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "flores200-devtest"
TRAIN = ROOT / "fixtures" / "mt-train"
RESULTS = ROOT / "bench" / "results" / "speed.md"
MODEL_DIR = ROOT / "models" / "bench-random-tc-big"
ENGINES = ("hf", "ct2")


def _lines(name: str, count: int) -> list[str]:
    """FLORES devtest sentences, or the repository's copy of the first 200 when absent."""
    path = DATA / name if (DATA / name).is_file() else TRAIN / name
    return path.read_text(encoding="utf-8").splitlines()[:count]


def _load(engine: str, model_dir: Path, beam: int, length: int, threads: int) -> Any:
    if engine == "hf":
        import torch

        from translate_check.mt.hf import HFTranslator

        torch.set_num_threads(threads)
        return HFTranslator(
            str(model_dir), device="cpu", beam_size=beam, max_length=length, min_length=length
        )
    from translate_check.mt.convert import converted_name
    from translate_check.mt.ct2 import CT2Translator

    ct2_dir = model_dir.parent / converted_name(str(model_dir))
    return CT2Translator(
        ct2_dir,
        device="cpu",
        beam_size=beam,
        max_length=length,
        min_length=length,
        threads=threads,
    )


def worker(args: argparse.Namespace) -> None:
    """Load one engine at one beam size, then time the tasks named on stdin, one per line.

    Replies are JSON lines on stdout; ``quit`` answers with the peak RSS.
    """
    he, en = _lines("he.txt", args.sentences), _lines("en.txt", args.sentences)
    start = time.perf_counter()
    translator = _load(args.worker, args.model_dir, args.beam, args.length, args.threads)
    load_s = time.perf_counter() - start
    # Warm-up: first-call allocations and kernel selection stay out of the timings.
    translator.translate(he[:4])
    translator.score(he[:4], en[:4])
    tasks: dict[str, Callable[[], object]] = {
        "translate": lambda: translator.translate(he),
        "score": lambda: translator.score(he, en),
    }
    print(json.dumps({"load_s": load_s}), flush=True)
    for line in sys.stdin:
        task = line.strip()
        if task == "quit":
            break
        start = time.perf_counter()
        tasks[task]()
        print(json.dumps({"s": time.perf_counter() - start}), flush=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"peak_rss_mib": rss, "torch_loaded": "torch" in sys.modules}), flush=True)


class Worker:
    """A worker subprocess: each engine's memory is measured in a process of its own."""

    def __init__(self, engine: str, beam: int, args: argparse.Namespace) -> None:
        command = [sys.executable, "-m", "bench.speed", "--worker", engine, "--beam", str(beam)]
        command += ["--model-dir", str(args.model_dir), "--sentences", str(args.sentences)]
        command += ["--length", str(args.length), "--threads", str(args.threads)]
        self.proc = subprocess.Popen(
            command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        self.hello = self._reply()

    def _reply(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"worker {self.proc.args} exited with {self.proc.wait()}")
        return json.loads(line)

    def ask(self, task: str) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(task + "\n")
        self.proc.stdin.flush()
        return self._reply()

    def close(self) -> dict[str, Any]:
        reply = self.ask("quit")
        self.proc.wait()
        return reply


def prepare(model_dir: Path, rebuild: bool) -> None:
    """Build and convert the benchmark model unless a previous run left it in place."""
    from translate_check.mt.convert import convert_marian, converted_name
    from translate_check.mt.random_model import build_random_marian

    ct2_dir = model_dir.parent / converted_name(str(model_dir))
    if rebuild or not (model_dir / "model.safetensors").is_file():
        start = time.perf_counter()
        build_random_marian(model_dir, _lines("he.txt", 1000) + _lines("en.txt", 1000), size="big")
        print(f"built {model_dir} in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    if rebuild or not (ct2_dir / "model.bin").is_file():
        start = time.perf_counter()
        convert_marian(str(model_dir), model_dir.parent, force=True)
        print(f"converted to {ct2_dir} in {time.perf_counter() - start:.0f} s", file=sys.stderr)


TASKS = (("greedy", 1, "translate"), ("beam4", 4, "translate"), ("score", 1, "score"))


def measure(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    """Alternate the engines run by run, so that load from other processes hits both alike."""
    workers = {(e, beam): Worker(e, beam, args) for e in ENGINES for beam in (1, 4)}
    results: dict[str, dict[str, Any]] = {e: {label: [] for label, _, _ in TASKS} for e in ENGINES}
    for run in range(args.runs):
        order = ENGINES if run % 2 == 0 else ENGINES[::-1]
        for label, beam, task in TASKS:
            for engine in order:
                print(f"run {run + 1}/{args.runs}: {engine} {label}", file=sys.stderr)
                results[engine][label].append(workers[(engine, beam)].ask(task)["s"])
    for (engine, _), w in workers.items():
        final = w.close()
        r = results[engine]
        r["load_s"] = max(r.get("load_s", 0.0), w.hello["load_s"])
        r["peak_rss_mib"] = max(r.get("peak_rss_mib", 0.0), final["peak_rss_mib"])
        r["torch_loaded"] = r.get("torch_loaded", False) or final["torch_loaded"]
    return results


def table(results: dict[str, dict[str, Any]], args: argparse.Namespace, load: str) -> str:
    n = args.sentences
    hf, ct2 = results["hf"], results["ct2"]
    lines = [
        "# MT speed: transformers fp32 vs CTranslate2 int8",
        "",
        "Model: random weights with the opus-mt-tc-big architecture (d_model 1024, 6+6 "
        "layers, 16 heads, FFN 4096, vocabulary 57k), built and converted locally by "
        f"`python -m bench.speed`. Inputs: the first {n} FLORES-200 devtest Hebrew "
        "sentences (scoring: paired with their English references). Every output is "
        f"forced to {args.length} tokens (min_length = max_length), so both engines do "
        f"the same work. Medians of {args.runs} runs after a warm-up; the engines are "
        "measured in the same invocation, alternating run by run, each in its own "
        "process (peak RSS: the larger of its greedy and beam-4 processes, each holding "
        "one model).",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPU cores, Python "
        f"{platform.python_version()}; {args.threads} thread(s) per engine (torch "
        "`set_num_threads`, CTranslate2 `intra_threads`); load average (1 min) "
        f"before/after: {load}.",
        "",
        "| measure | transformers fp32 | CTranslate2 int8 | CT2 / transformers |",
        "|---|---:|---:|---:|",
    ]
    rates = {}
    for label, name in (
        ("greedy", "sentences/s, greedy"),
        ("beam4", "sentences/s, beam 4"),
        ("score", "pairs/s, scoring (forced decoding)"),
    ):
        a, b = n / statistics.median(hf[label]), n / statistics.median(ct2[label])
        rates[label] = b / a
        lines.append(f"| {name} | {a:.2f} | {b:.2f} | {b / a:.2f}× |")
    rss_hf, rss_ct2 = hf["peak_rss_mib"], ct2["peak_rss_mib"]
    lines.append(f"| peak RSS (MiB) | {rss_hf:.0f} | {rss_ct2:.0f} | {rss_ct2 / rss_hf:.2f}× |")
    lines.append(
        f"| model load (s) | {hf['load_s']:.1f} | {ct2['load_s']:.1f} | "
        f"{ct2['load_s'] / hf['load_s']:.2f}× |"
    )
    met = rates["beam4"] >= 1.8 and rss_ct2 < rss_hf
    lines += [
        "",
        "Target, CT2 int8 at least 1.8× transformers fp32 at beam 4 with lower peak "
        f"memory: **{'met' if met else 'not met'}** ({rates['beam4']:.2f}×, "
        f"{rss_ct2:.0f} vs {rss_hf:.0f} MiB). The CTranslate2 process "
        f"{'imported' if ct2['torch_loaded'] else 'never imported'} torch.",
        "",
        "Seconds per run:",
        "",
    ]
    for engine, r in results.items():
        raw = "; ".join(
            f"{label} {' '.join(f'{t:.2f}' for t in r[label])}" for label, _, _ in TASKS
        )
        lines.append(f"- {engine}: {raw}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=24)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--length", type=int, default=24, help="output tokens per sentence")
    # One thread: on a busy machine multi-threaded torch stalls at every parallel
    # region waiting for a core, which measures the neighbours instead of the engine.
    parser.add_argument("--threads", type=int, default=1, help="threads per engine")
    parser.add_argument("--model-dir", type=Path, default=MODEL_DIR)
    parser.add_argument("--rebuild", action="store_true", help="rebuild and reconvert the model")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--worker", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--beam", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        worker(args)
        return
    prepare(args.model_dir, args.rebuild)
    before = os.getloadavg()[0]
    results = measure(args)
    load = f"{before:.1f}/{os.getloadavg()[0]:.1f}"
    text = table(results, args, load)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
