"""Speed of ``translate-check corpus --executor ray`` on one and two Ray workers.

``python -m bench.corpus_ray [--docs 48] [--size big] [--out DIR]`` builds a
random-weight Marian model (no download; built once and kept in
``DIR/model-SIZE-64``) and a corpus of ``--docs`` documents of four NTREX-128
sentences each (``NAME.he.txt`` and ``NAME.en.txt``, checked ``--segmented``,
so every line is one sentence). It then runs the corpus command as a user
does, each run a fresh process with a fresh ``--cache-dir`` so that every
sentence is translated:

1. ``--executor local`` with the default ``--jobs``: one process, torch on
   every core;
2. ``--executor ray --ray-address ADDR`` to a cluster started here with
   ``ray start --head --num-cpus=1``: one MT actor;
3. the same on a cluster of ``--num-cpus=2``: two MT actors, one core each.

The ``big`` shape is that of opus-mt-tc-big (6+6 layers, d_model 1024) with an
8,000-piece vocabulary. Random weights rarely end a sentence, so each one is
decoded to the limit the bench gives the model, 64 tokens (about a real NTREX
sentence); decoding is greedy (``--beam-size 1``). MT is then nearly all of a
run's cost, and enough documents make full MT batches for each worker. Each
cluster is stopped after its run, also on failure, by ending the ``ray start
--block`` process that started it (which stops that cluster's processes and no
other Ray on the machine).

The JSON reports of the three runs must hold the same findings (creation
times and cache flags aside): the table is printed either way, and the exit
status is 1 when they differ.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from translate_check.mt.random_model import Size

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "ntrex128"
SENTENCES_PER_DOC = 4
VOCAB_SIZE = {"tiny": None, "big": 8000}
MAX_LENGTH = 64
"""Tokens decoded per sentence: random weights never end one early, and a real model's
NTREX sentence is about this long."""
REPORT = "translate-check.json"
STARTUP_TIMEOUT = 90.0


def _lines(data: Path, lang: str) -> list[str]:
    return (data / f"{lang}.txt").read_text(encoding="utf-8").splitlines()


def build_model(out: Path, size: str, data: Path) -> Path:
    """The random Marian of ``size``, built on the first call and reused afterwards."""
    folder = out / f"model-{size}-{MAX_LENGTH}"
    if (folder / "config.json").is_file():
        return folder
    from translate_check.mt.random_model import build_random_marian

    shutil.rmtree(folder, ignore_errors=True)
    lines = _lines(data, "he") + _lines(data, "en")
    return build_random_marian(
        folder, lines, size=cast(Size, size), vocab_size=VOCAB_SIZE[size], max_length=MAX_LENGTH
    )


def build_corpus(folder: Path, docs: int, data: Path) -> int:
    """``docs`` documents of consecutive NTREX sentences; returns the number of sentences."""
    he, en = _lines(data, "he"), _lines(data, "en")
    if docs * SENTENCES_PER_DOC > len(he):
        raise SystemExit(f"--docs {docs}: NTREX-128 has {len(he)} sentences")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for k in range(docs):
        part = slice(k * SENTENCES_PER_DOC, (k + 1) * SENTENCES_PER_DOC)
        for lang, lines in (("he", he), ("en", en)):
            text = "".join(f"{line}\n" for line in lines[part])
            (folder / f"doc-{k:03}.{lang}.txt").write_text(text, encoding="utf-8")
    return docs * SENTENCES_PER_DOC


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ray_env() -> dict[str, str]:
    """The environment of the cluster and of its clients: this checkout's code first on
    the path (workers import it too), token auth off unless chosen."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    auth = os.environ.get("RAY_AUTH_MODE", "disabled")
    return {**os.environ, "PYTHONPATH": path, "RAY_AUTH_MODE": auth}


@contextmanager
def ray_cluster(num_cpus: int, log: Path) -> Iterator[str]:
    """A one-node Ray cluster of ``num_cpus`` CPUs on loopback; yields its address.

    It runs as ``ray start --head --block`` with ports of its own, so it
    neither meets another Ray instance on the machine nor is stopped with one;
    ending that process (SIGTERM) stops the cluster's processes.
    """
    temp = Path(tempfile.mkdtemp(prefix="tc-ray-"))  # short: Ray's socket paths have a limit
    port = _free_port()
    command = [sys.executable, "-m", "ray.scripts.scripts", "start", "--head", "--block"]
    command += [f"--num-cpus={num_cpus}", "--num-gpus=0", f"--port={port}"]
    command += ["--node-ip-address=127.0.0.1", f"--temp-dir={temp}"]
    command += ["--include-dashboard=false", "--disable-usage-stats"]
    command += [f"--object-store-memory={300 * 2**20}"]
    for option in (
        "dashboard-agent-listen-port",
        "dashboard-agent-grpc-port",
        "runtime-env-agent-port",
        "metrics-export-port",
    ):
        command.append(f"--{option}={_free_port()}")
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as sink:
        # Ray would give a stopped node 30 s to drain first; nothing here needs that.
        env = {**ray_env(), "RAY_GRACEFUL_SHUTDOWN_DRAIN_TIMEOUT_S": "0"}
        head = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        # Written once every process of the node is up, just before it blocks.
        while not (temp / "ray_current_cluster").is_file():
            if head.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"ray start failed; see {log}")
            time.sleep(0.5)
        yield f"127.0.0.1:{port}"
    finally:
        head.send_signal(signal.SIGTERM)
        try:
            head.wait(timeout=60)
        except subprocess.TimeoutExpired:
            head.kill()
            head.wait()
        shutil.rmtree(temp, ignore_errors=True)


def corpus_command(corpus: Path, model: Path, cache: Path, out: Path, *extra: str) -> list[str]:
    command = [sys.executable, "-m", "translate_check", "corpus", str(corpus), "--isolated"]
    command += ["--segmented", "--model", str(model), "--engine", "hf", "--device", "cpu"]
    command += ["--beam-size", "1", "--cache-dir", str(cache), "--exit-zero", "-q"]
    return [*command, "-f", "json", "-o", str(out), *extra]


def run(corpus: Path, model: Path, folder: Path, *extra: str) -> float:
    """Wall seconds of one corpus run in a fresh process, with an empty cache folder."""
    shutil.rmtree(folder, ignore_errors=True)
    command = corpus_command(corpus, model, folder / "cache", folder / "out", *extra)
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, env=ray_env(), stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def without_times(path: Path) -> str:
    """A JSON report without what differs between equal runs: creation times, cache flags."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    for doc in data["documents"]:
        doc["report"]["created"] = ""
        doc["cached"] = False
    data["summary"]["cached"] = 0
    return json.dumps(data, ensure_ascii=False, indent=2)


def measure(out: Path, docs: int, size: str, data: Path) -> tuple[int, dict[str, float], bool]:
    """Sentences, wall seconds per run, and whether all runs found the same."""
    model = build_model(out, size, data)
    corpus = out / "corpus"
    sentences = build_corpus(corpus, docs, data)
    runs = out / "runs"
    seconds = {"local": run(corpus, model, runs / "local")}
    for workers in (1, 2):
        name = f"ray, {workers} worker{'s' if workers > 1 else ''}"
        folder = runs / f"ray-{workers}"
        with ray_cluster(workers, runs / f"ray-{workers}.log") as address:
            seconds[name] = run(
                corpus, model, folder, "--executor", "ray", "--ray-address", address
            )
    found = {without_times(runs / f / "out" / REPORT) for f in ("local", "ray-1", "ray-2")}
    return sentences, seconds, len(found) == 1


def table(docs: int, size: str, sentences: int, seconds: dict[str, float], same: bool) -> str:
    rows = [f"| {name} | {wall:.1f} | {sentences / wall:.2f} |" for name, wall in seconds.items()]
    ratio = seconds["ray, 1 worker"] / seconds["ray, 2 workers"]
    return "\n".join(
        [
            f"`python -m bench.corpus_ray --docs {docs} --size {size}`: `translate-check corpus "
            f"--segmented --engine hf --beam-size 1` on {docs} documents ({sentences} NTREX-128 "
            f"sentences), a random-weight Marian of the `{size}` shape; each run a fresh process "
            "(imports, model loading and connecting to Ray included) with an empty cache.",
            "",
            f"Machine: {platform.platform()}, Python {platform.python_version()}, "
            f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.2f} after the runs.",
            "",
            "| run | wall s | segments/s |",
            "|---|---|---|",
            *rows,
            "",
            f"2 workers / 1 worker: {ratio:.2f}× the segments per second.",
            "",
            "Findings of all runs equal (creation times and cache flags aside): "
            f"{'yes' if same else 'NO'}.",
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=48, help="documents of 4 sentences")
    parser.add_argument("--size", choices=("tiny", "big"), default="big", help="model shape")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(tempfile.gettempdir()) / "translate-check-corpus-ray",
        help="working folder; the model is built here once and reused",
    )
    parser.add_argument("--data", type=Path, default=DATA, help="NTREX-128 folder")
    args = parser.parse_args()
    out = args.out.resolve()
    sentences, seconds, same = measure(out, args.docs, args.size, args.data)
    print(table(args.docs, args.size, sentences, seconds, same), end="")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
